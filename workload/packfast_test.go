package workload

import (
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// drawPackCase draws a plain case, then spoils it in up to three ways
// that either path must notice: an ID that needs the full check, a date
// of another shape (a time of day, another zone, a zero instant in a zone,
// outside the years), dates out of order, a value out of range.
func drawPackCase(t *rapid.T, p *Policy) Case {
	day := func(d int) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
	base := rapid.IntRange(-25000, 84000).Draw(t, "base")
	step := func(label string) int { return rapid.IntRange(0, 4000).Draw(t, label) }
	maybe := func(label string, d int) time.Time {
		if rapid.Bool().Draw(t, label) {
			return time.Time{}
		}
		return day(d)
	}
	start := base
	release := start + step("release")
	recalled := release + step("recalled")
	c := Case{
		ID:          rapid.StringMatching(`[a-z0-9][a-z0-9 -]{0,10}[a-z0-9]`).Draw(t, "id"),
		Officer:     rapid.StringMatching(`[a-z0-9-]{1,8}`).Draw(t, "officer"),
		Tier:        rapid.SampledFrom(p.scheme.Tiers()).Draw(t, "tier"),
		Type:        rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
		YoungAdult:  rapid.Bool().Draw(t, "youngAdult"),
		Inactive:    tier.Inactive(rapid.IntRange(0, 3).Draw(t, "inactive")),
		Start:       day(start),
		End:         maybe("noEnd", start+step("end")),
		TwoThirds:   maybe("noTwoThirds", release+step("twoThirds")),
		LastContact: maybe("noLastContact", base+rapid.IntRange(-9000, 9000).Draw(t, "lastContact")),
		Allocated:   maybe("noAllocated", base+rapid.IntRange(-9000, 9000).Draw(t, "allocated")),
		Risk: CaseRisk{
			RoSH:         risk.RoSH(rapid.IntRange(0, 4).Draw(t, "rosh")),
			MAPPA:        risk.MAPPALevel(rapid.IntRange(0, 4).Draw(t, "mappa")),
			Flags:        allFlags & risk.Flags(rapid.Uint32().Draw(t, "flags")),
			FlagsUnknown: rapid.Bool().Draw(t, "flagsUnknown"),
			Complexity:   rapid.IntRange(0, 10).Draw(t, "complexity"),
			Provisional:  rapid.Bool().Draw(t, "provisional"),
			AssessedOn:   maybe("noAssessed", base+rapid.IntRange(-9000, 9000).Draw(t, "assessedOn")),
			EscalatedOn:  maybe("noEscalated", base+rapid.IntRange(-9000, 9000).Draw(t, "escalatedOn")),
		},
	}
	if rapid.Bool().Draw(t, "released") {
		c.Release = day(release)
		if rapid.Bool().Draw(t, "recall") {
			c.Recalled = day(recalled)
			if rapid.Bool().Draw(t, "rerelease") {
				c.Rereleased = day(recalled + step("rereleased"))
			}
		}
	}
	dates := []*time.Time{&c.Start, &c.Release, &c.TwoThirds, &c.End, &c.LastContact, &c.Allocated, &c.Recalled, &c.Rereleased, &c.Risk.AssessedOn, &c.Risk.EscalatedOn}
	for k := rapid.IntRange(0, 3).Draw(t, "spoils"); k > 0; k-- {
		switch rapid.IntRange(0, 9).Draw(t, "spoil") {
		case 0:
			c.ID = rapid.SampledFrom([]string{"", " a", "a ", "a\tb", "zoë", "x\x7f", "東京", "a\u00a0", strings.Repeat("x", 129)}).Draw(t, "badID")
		case 1:
			c.Officer = rapid.SampledFrom([]string{"", "o ", "\x00", "ö"}).Draw(t, "badOfficer")
		case 2:
			c.Tier = rapid.SampledFrom([]tier.Tier{"", "B", "B22", "b2", "Untiered", "A3S", "E1", "high"}).Draw(t, "otherTier")
		case 3:
			c.Type = tier.CaseType(rapid.IntRange(0, 7).Draw(t, "anyType"))
			c.Inactive = tier.Inactive(rapid.IntRange(0, 7).Draw(t, "anyInactive"))
		case 4:
			c.Risk.RoSH = risk.RoSH(rapid.IntRange(0, 9).Draw(t, "anyRoSH"))
			c.Risk.MAPPA = risk.MAPPALevel(rapid.IntRange(0, 9).Draw(t, "anyMAPPA"))
			c.Risk.Flags = risk.Flags(rapid.Uint32().Draw(t, "anyFlags"))
			c.Risk.Complexity = rapid.IntRange(-3, 13).Draw(t, "anyComplexity")
		case 5, 6:
			d := rapid.SampledFrom(dates).Draw(t, "date")
			at := *d
			if at.IsZero() {
				at = day(base)
			}
			switch rapid.IntRange(0, 5).Draw(t, "shape") {
			case 0:
				*d = at.Add(time.Duration(rapid.IntRange(1, 86399).Draw(t, "sec")) * time.Second)
			case 1:
				*d = at.In(time.FixedZone("X", 3600))
			case 2:
				*d = time.Time{}.In(time.FixedZone("Y", -7200))
			case 3:
				*d = at.Add(time.Nanosecond)
			case 4:
				*d = day(rapid.SampledFrom([]int{-25568, -25567, 84006, 84007, -800000, 900000}).Draw(t, "edgeDay"))
			default:
				*d = time.Time{}
			}
		default:
			d1, d2 := rapid.SampledFrom(dates).Draw(t, "swap1"), rapid.SampledFrom(dates).Draw(t, "swap2")
			*d1, *d2 = *d2, *d1
		}
	}
	return c
}

func testPackOrdinaryAgrees(t *rapid.T) {
	p := rapid.SampledFrom(packPolicies).Draw(t, "policy")
	c := drawPackCase(t, p)

	ti := p.tiers.index(c.Tier)
	if want, ok := p.scheme.Index(c.Tier); ti != want || (ti >= 0) != ok {
		t.Fatalf("tier %q: lookup %d, scheme %d %v", c.Tier, ti, want, ok)
	}
	// A valid case kept compactly gives back, through packed, the packed
	// form pack made beside it, whichever path packed it: Prepare's place
	// derives the packed cases so.
	var vl fault.List
	if c.validate(&vl, "", &p.scheme); vl.Len() == 0 {
		pc, ci := p.pack(&c, 42)
		if ci.full < 0 && ci.packed() != pc {
			t.Fatalf("packed from the compact rest\n%+v\nwant\n%+v", ci.packed(), pc)
		}
	}
	var ci caseRest
	// Start from rubbish: the fast path must write every field.
	for i := range ci.dates {
		ci.dates[i] = 12345
	}
	ci.seq, ci.idOff, ci.full, ci.ti = 888, 999, 3, 77
	// Prepare packs a case only when its Officer is a valid officer's ID.
	var ol fault.List
	if checkID(&ol, "", ".officer", c.Officer, "an officer needs an ID"); ol.Len() > 0 {
		return
	}
	if !packOrdinary(&c, ti, 42, &ci) {
		return // the general path decides
	}
	packTaken.Add(1)
	if vl.Len() > 0 {
		t.Fatalf("the fast path accepted a case that validation refuses: %v", vl.Err())
	}
	wantPC, wantCI := p.pack(&c, 42)
	if ci != wantCI || ci.packed() != wantPC {
		t.Fatalf("fast path packed\n%+v %+v\nwant\n%+v %+v", ci.packed(), ci, wantPC, wantCI)
	}
}

// TestPackOrdinaryAgrees checks Prepare's one-reading path against the
// full validation and the general pack: whatever it accepts, validation
// accepts, and it packs it the same way. (Deliberate break: dropping the
// order check on recalled and release makes this fail in a few hundred
// cases.)
func TestPackOrdinaryAgrees(t *testing.T) {
	packTaken.Store(0)
	rapid.Check(t, testPackOrdinaryAgrees)
	if packTaken.Load() == 0 {
		t.Error("no generated case took the fast path: the property checked nothing")
	}
}

// packTaken counts the generated cases that took the fast path.
var packTaken atomic.Int64

func FuzzPackOrdinaryAgrees(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPackOrdinaryAgrees)) }

// TestPackOrdinaryTakesPlainCases checks that a plain case does take the
// fast path: a path never taken would agree with everything.
func TestPackOrdinaryTakesPlainCases(t *testing.T) {
	p := DefaultPolicy()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []Case{
		{ID: "c-1", Officer: "o-1", Tier: tier.B2, Type: tier.Community, Start: day("2026-01-05")},
		{ID: "c 2", Officer: "o-1", Tier: tier.A3S, Type: tier.Licence, Start: day("2025-01-05"), Release: day("2026-02-01"), Recalled: day("2026-03-01"), Rereleased: day("2026-04-01"),
			Risk: CaseRisk{RoSH: risk.RoSHHigh, MAPPA: risk.MAPPALevel2, Flags: risk.NewFlags(risk.FlagChildProtection), Complexity: 10}},
		{ID: "c-3", Officer: "o-2", Tier: tier.Untiered, Type: tier.Custody, Inactive: tier.OverdueTermination, Start: day("2024-06-30"), End: day("2026-06-30")},
	} {
		var ci caseRest
		if !packOrdinary(&c, p.tiers.index(c.Tier), 0, &ci) {
			t.Errorf("case %s took the general path", c.ID)
		}
	}
}

// TestTierLookup checks the per-case tier table against the scheme for
// every built-in scheme and some near misses.
func TestTierLookup(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), SupervisionLevelsConfig()} {
		p, err := NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i, tt := range p.scheme.Tiers() {
			if got := p.tiers.index(tt); got != i {
				t.Errorf("%s: %q at %d, want %d", p.scheme.Name(), tt, got, i)
			}
		}
		for _, tt := range []tier.Tier{"", "A", "A33", "a3", "Z9", "Untiered ", "D0SS"} {
			want, ok := p.scheme.Index(tt)
			if got := p.tiers.index(tt); got != want || (got >= 0) != ok {
				t.Errorf("%s: %q at %d, want %d", p.scheme.Name(), tt, got, want)
			}
		}
	}
	var zero Policy
	if got := zero.tiers.index(tier.B2); got != -1 {
		t.Errorf("zero policy: %d", got)
	}
}

// packPolicies are the policies the agreement property draws from: each
// built-in scheme.
var packPolicies = func() []*Policy {
	out := []*Policy{DefaultPolicy()}
	for _, cfg := range []Config{SupervisionLevelsConfig(), SingleAxisConfig()} {
		p, err := NewPolicy(cfg)
		if err != nil {
			panic(err)
		}
		out = append(out, p)
	}
	return out
}()

// testOrdinaryCaseAgrees checks the one-reading check that the per-call
// entry points (Prioritise, CheckAllocation, Schedule) make before the
// full validation: whatever it passes at an as-of date, validate and
// validateAt pass too. (Deliberate break: comparing the last contact with
// asOf+1 makes this fail.)
func testOrdinaryCaseAgrees(t *rapid.T) {
	p := rapid.SampledFrom(packPolicies).Draw(t, "policy")
	c := drawPackCase(t, p)
	asOf := time.Unix(int64(rapid.IntRange(-25000, 90000).Draw(t, "asOf"))*86400, 0).UTC()
	var d [10]int32
	if !ordinaryCase(&c, p.tiers.index(c.Tier), &d) || !ordinaryAt(&d, days.Number(asOf)) {
		return
	}
	ordinaryTaken.Add(1)
	var l fault.List
	c.validate(&l, "", &p.scheme)
	c.validateAt(&l, "", asOf)
	if l.Len() > 0 {
		t.Fatalf("the one-reading check passed a case that validation refuses at %s: %v", asOf.Format(time.DateOnly), l.Err())
	}
}

// ordinaryTaken counts the generated cases that passed the check.
var ordinaryTaken atomic.Int64

func TestOrdinaryCaseAgrees(t *testing.T) {
	ordinaryTaken.Store(0)
	rapid.Check(t, testOrdinaryCaseAgrees)
	if ordinaryTaken.Load() == 0 {
		t.Error("no generated case passed the check: the property checked nothing")
	}
}

func FuzzOrdinaryCaseAgrees(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testOrdinaryCaseAgrees)) }

// testPreparedGivesCasesBack prepares one officer's generated valid cases
// (plain, far-apart dates, times of day, other zones) and reads them back:
// each must equal the case given, whichever of the compact form and the
// kept copy holds it. (Deliberate break: letting setDates accept offsets
// of 40,000 days makes this fail.)
func testPreparedGivesCasesBack(t *rapid.T) {
	p := rapid.SampledFrom(packPolicies).Draw(t, "policy")
	o := Officer{ID: "jo", Grade: PO, Hours: decimal.NewFromInt(37)}
	var cases []Case
	seen := map[string]bool{}
	for range rapid.IntRange(1, 12).Draw(t, "n") {
		c := drawPackCase(t, p)
		var l fault.List
		c.Officer = o.ID
		if c.validate(&l, "", &p.scheme); l.Len() > 0 || seen[c.ID] {
			continue
		}
		if rapid.Bool().Draw(t, "farApart") && c.LastContact.IsZero() {
			c.LastContact = c.Start.AddDate(rapid.IntRange(-120, 120).Draw(t, "years"), 0, 0)
			if c.LastContact.Year() < 1900 || c.LastContact.Year() > 2200 {
				c.LastContact = time.Time{}
			}
		}
		seen[c.ID] = true
		cases = append(cases, c)
	}
	pr, err := p.Prepare(Roster{Officers: []Officer{o}, Cases: cases})
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	cl, _ := pr.Caseload(o.ID)
	if len(cl.Cases) != len(cases) {
		t.Fatalf("%d cases back, want %d", len(cl.Cases), len(cases))
	}
	for i := range cases {
		if !reflect.DeepEqual(cl.Cases[i], cases[i]) {
			t.Fatalf("case %d back as\n%+v\nwant\n%+v", i, cl.Cases[i], cases[i])
		}
	}
}

func TestPreparedGivesCasesBack(t *testing.T) { rapid.Check(t, testPreparedGivesCasesBack) }

func FuzzPreparedGivesCasesBack(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPreparedGivesCasesBack)) }

// TestMismatchSentences checks the tier-risk mismatch finding's text, as
// read from the policy's table, against sentences typed out here.
func TestMismatchSentences(t *testing.T) {
	p := DefaultPolicy()
	for _, tc := range []struct {
		tier tier.Tier
		rk   CaseRisk
		want string
	}{
		{tier.A2, CaseRisk{RoSH: risk.RoSHMedium, MAPPA: risk.MAPPANone},
			"Tier A2 has letter A, which needs very high RoSH or MAPPA level 2 or 3, but the risk fields say RoSH medium and MAPPA none: read protectively as letter A until the record is corrected."},
		{tier.C1S, CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPALevel3},
			"Tier C1S disagrees with the risk fields (RoSH low, MAPPA 3), which give letter A: read protectively, protected and contacted as the A tier, until the record is corrected."},
	} {
		ti := p.tiers.index(tc.tier)
		c := Case{Tier: tc.tier, Risk: tc.rk}
		d, _, ok := p.mismatch(&c, ti)
		if !ok || d.Code != CodeTierRiskMismatch || d.Reason != tc.want {
			t.Errorf("%s %+v: %v %q\nwant %q", tc.tier, tc.rk, ok, d.Reason, tc.want)
		}
	}
	c := Case{Tier: tier.B3, Risk: CaseRisk{RoSH: risk.RoSHHigh, MAPPA: risk.MAPPALevel1}}
	if _, _, ok := p.mismatch(&c, p.tiers.index(c.Tier)); ok {
		t.Error("B3 with high RoSH and MAPPA 1 agrees with its letter")
	}
}

// TestActiveLinesMatchBuilt checks every line read from the policy's
// active-case table against the line built from scratch, for every
// built-in scheme, tier, age group and case type (and that an inactive
// case is still built).
func TestActiveLinesMatchBuilt(t *testing.T) {
	for _, p := range packPolicies {
		for ti, tt := range p.scheme.Tiers() {
			for _, ya := range []bool{false, true} {
				for _, ct := range tier.CaseTypes() {
					for _, in := range []tier.Inactive{tier.Active, tier.Warrant} {
						c := Case{ID: "c", Tier: tt, Type: ct, YoungAdult: ya, Inactive: in}
						pts := p.casePoints(&c, ti)
						got, want := p.caseLine(&c, ti, tier.Critical, pts), p.caseLineBuilt(&c, ti, tier.Critical, pts)
						if !reflect.DeepEqual(got, want) || got.Points.String() != want.Points.String() || got.Percent.String() != want.Percent.String() {
							t.Fatalf("%s %s %s ya=%v %v: line\n%+v\nwant\n%+v", p.scheme.Name(), tt, ct, ya, in, got, want)
						}
					}
				}
			}
		}
	}
}

// packed is the packedCase that packInto derives from a compact rest.
func (ci *caseRest) packed() packedCase {
	var pc packedCase
	ci.packInto(&pc)
	return pc
}
