package workload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// allocCaseGen draws a valid case held by officer, with an ID from ids.
func allocCaseGen(officer string, id string) *rapid.Generator[Case] {
	return rapid.Custom(func(t *rapid.T) Case {
		c := Case{
			ID:         id,
			Officer:    officer,
			Tier:       rapid.SampledFrom(tier.All()).Draw(t, "tier"),
			Type:       rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
			YoungAdult: rapid.Bool().Draw(t, "ya"),
			Inactive:   rapid.SampledFrom([]tier.Inactive{tier.Active, tier.Active, tier.Active, tier.Warrant, tier.UnpaidWorkOnly, tier.OverdueTermination}).Draw(t, "inactive"),
			Start:      asOf.AddDate(0, 0, -rapid.IntRange(0, 900).Draw(t, "start")),
		}
		if rapid.Bool().Draw(t, "recent") {
			c.Allocated = asOf.AddDate(0, 0, -rapid.IntRange(0, 60).Draw(t, "allocated"))
		}
		if c.Type != tier.Community && rapid.Bool().Draw(t, "released") {
			c.Release = asOf.AddDate(0, 0, rapid.IntRange(-120, 30).Draw(t, "release"))
		}
		orderDates(&c)
		c.Risk = CaseRisk{
			RoSH:       rapid.SampledFrom(append([]risk.RoSH{risk.RoSHUnknown}, risk.AllRoSH()...)).Draw(t, "rosh"),
			MAPPA:      rapid.SampledFrom(risk.AllMAPPALevels()).Draw(t, "mappa"),
			Complexity: rapid.IntRange(0, 10).Draw(t, "complexity"),
		}
		for _, f := range risk.AllFlags() {
			if rapid.IntRange(0, 5).Draw(t, "flag-"+f.String()) == 0 {
				c.Risk.Flags = c.Risk.Flags.With(f)
			}
		}
		return c
	})
}

// allocOfficerGen draws a valid officer of any grade.
func allocOfficerGen(id string) *rapid.Generator[Officer] {
	return rapid.Custom(func(t *rapid.T) Officer {
		o := Officer{ID: id, Team: "T1", Grade: rapid.SampledFrom(Grades()).Draw(t, "grade"),
			Hours: decimal.NewFromInt(int64(rapid.IntRange(0, 37).Draw(t, "hours")))}
		if rapid.Bool().Draw(t, "reduced") && o.Hours.IsPositive() {
			o.Reductions = []Reduction{{Reason: OtherReason, Percent: decimal.NewFromInt(int64(rapid.IntRange(1, 100).Draw(t, "pct"))), From: asOf.AddDate(0, -1, 0)}}
		}
		return o
	})
}

// allocCaseloadGen draws an officer's caseload of up to max cases, with
// case IDs prefixed by the officer's ID.
func allocCaseloadGen(id string, max int) *rapid.Generator[Caseload] {
	return rapid.Custom(func(t *rapid.T) Caseload {
		c := Caseload{Officer: allocOfficerGen(id).Draw(t, "officer")}
		n := rapid.IntRange(0, max).Draw(t, "n")
		for i := 0; i < n; i++ {
			c.Cases = append(c.Cases, allocCaseGen(id, id+"-c"+strconv.Itoa(i)).Draw(t, "case"))
		}
		return c
	})
}

// allocPolicyGen draws the default policy or one with tight caps, so the
// mix rules fire often.
func allocPolicyGen() *rapid.Generator[*Policy] {
	return rapid.Custom(func(t *rapid.T) *Policy {
		if rapid.Bool().Draw(t, "default") {
			return DefaultPolicy()
		}
		c := DefaultConfig()
		c.RawCountCeiling = rapid.IntRange(1, 20).Draw(t, "ceiling")
		a := &c.Allocation
		a.HighProtect.MinCases = rapid.IntRange(1, 5).Draw(t, "minCases")
		a.HighProtect.MaxPercent = decimal.NewFromInt(int64(rapid.IntRange(0, 100).Draw(t, "maxPercent")))
		for i := range a.Intensive.Caps {
			a.Intensive.Caps[i].Max = rapid.IntRange(0, 10).Draw(t, "cap")
		}
		for i := range a.FlagCaps {
			a.FlagCaps[i].Max = rapid.IntRange(0, 3).Draw(t, "flagCap")
			a.FlagCaps[i].Action = rapid.SampledFrom([]Action{Allow, Warn, Refuse}).Draw(t, "flagAction")
		}
		a.Over = rapid.SampledFrom([]Action{Allow, Warn}).Draw(t, "over")
		p, err := NewPolicy(c)
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
}

func allocFiguresOfLoad(l Load) LoadFigures { return figuresOf(&l) }

func testCheckAfterEqualsMeasure(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cl := allocCaseloadGen("o1", 30).Draw(t, "caseload")
	nc := allocCaseGen("", "new").Draw(t, "new")
	h, err := p.MeasureCaseload(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := p.CheckAllocation(h, Allocation{Case: nc, CoWorked: rapid.Bool().Draw(t, "coWorked")}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	with := cl
	nc.Officer = "o1"
	with.Cases = append(append([]Case(nil), cl.Cases...), nc)
	ld, err := p.Measure(with, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(allocFiguresOfLoad(ld), chk.After); diff != "" {
		t.Fatalf("after (-measure +check):\n%s", diff)
	}
	if diff := cmp.Diff(allocFiguresOfLoad(h.Load), chk.Before); diff != "" {
		t.Fatalf("before (-measure +check):\n%s", diff)
	}
	if !chk.Adds.Equal(ld.Points.Sub(h.Load.Points)) {
		t.Fatalf("adds %s, want %s", chk.Adds, ld.Points.Sub(h.Load.Points))
	}
	// The verdict is the strictest action of the findings.
	want := Allowed
	for _, f := range chk.Reasons {
		if v := verdictOf(f.Action); v > want {
			want = v
		}
	}
	if chk.Verdict != want {
		t.Fatalf("verdict %s, findings say %s: %v", chk.Verdict, want, chk.Reasons)
	}
	// Same input, same output.
	again, _ := p.CheckAllocation(h, Allocation{Case: nc, CoWorked: chk.CoWorked}, asOf)
	if diff := cmp.Diff(chk, again); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
}

func TestCheckAfterEqualsMeasure(t *testing.T) { rapid.Check(t, testCheckAfterEqualsMeasure) }
func FuzzCheckAfterEqualsMeasure(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCheckAfterEqualsMeasure)) }

func testCheckHeldChangesNothing(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cl := allocCaseloadGen("o1", 20).Draw(t, "caseload")
	if len(cl.Cases) == 0 {
		cl.Cases = append(cl.Cases, allocCaseGen("o1", "o1-only").Draw(t, "case"))
	}
	i := rapid.IntRange(0, len(cl.Cases)-1).Draw(t, "i")
	h, err := p.MeasureCaseload(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// The same ID, whatever the rest says, is the case already held.
	nc := allocCaseGen("someone-else", cl.Cases[i].ID).Draw(t, "again")
	chk, err := p.CheckAllocation(h, Allocation{Case: nc}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !chk.Held || !chk.Adds.IsZero() {
		t.Fatalf("held %v adds %s", chk.Held, chk.Adds)
	}
	if diff := cmp.Diff(chk.Before, chk.After); diff != "" {
		t.Fatalf("a held case changed the figures:\n%s", diff)
	}
	if diff := cmp.Diff(allocFiguresOfLoad(h.Load), chk.After); diff != "" {
		t.Fatalf("after differs from the measured load:\n%s", diff)
	}
	if len(chk.Reasons) != 1 || chk.Reasons[0].Code != CodeAlreadyHeld {
		t.Fatalf("reasons %v", chk.Reasons)
	}
}

func TestCheckHeldChangesNothing(t *testing.T) { rapid.Check(t, testCheckHeldChangesNothing) }
func FuzzCheckHeldChangesNothing(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCheckHeldChangesNothing)) }

// allocCases returns n active community cases of tier tr held by officer,
// with IDs prefix0, prefix1, ….
func allocCases(officer, prefix string, n int, tr tier.Tier) []Case {
	out := make([]Case, n)
	for i := range out {
		out[i] = Case{ID: prefix + strconv.Itoa(i), Officer: officer, Tier: tr, Type: tier.Community, Start: asOf.AddDate(-1, 0, 0)}
	}
	return out
}

func allocCodes(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Action.String()+" "+f.Code)
	}
	return out
}

func TestCheckAllocationRules(t *testing.T) {
	p := DefaultPolicy()
	po := officer("o1", "37", "")
	pqip := Officer{ID: "o1", Team: "T1", Grade: PQiP, Hours: d("37")}
	mappa := func(c Case) Case { c.Risk.MAPPA = risk.MAPPALevel2; return c }
	newCase := func(tr tier.Tier) Case {
		return Case{ID: "new", Tier: tr, Type: tier.Community, Start: asOf.AddDate(0, -2, 0)}
	}
	tests := []struct {
		name     string
		officer  Officer
		cases    []Case
		add      Case
		coWorked bool
		verdict  Verdict
		codes    []string
		reason   string
	}{
		{name: "light load", officer: po, cases: allocCases("o1", "c", 5, tier.C2), add: newCase(tier.B2),
			verdict: Allowed, codes: []string{}},
		// 14 × 146 = 2044 of 2176 (93.9%); +146 = 2190 (100.6%).
		{name: "pushes over 100%", officer: po, cases: allocCases("o1", "c", 14, tier.B3), add: newCase(tier.B3),
			verdict: AllowedWithWarnings, codes: []string{"warn over-100", "warn mix-high-protect"}},
		// 16 × 146 = 2336 (107.4%); +146 = 2482 (114.1%).
		{name: "pushes over 110%", officer: po, cases: allocCases("o1", "c", 16, tier.B3), add: newCase(tier.B3),
			verdict: Refused, codes: []string{"refuse over-110", "warn mix-high-protect"}},
		{name: "raw count above 50", officer: po, cases: allocCases("o1", "c", 50, tier.D0), add: newCase(tier.D0),
			verdict: AllowedWithWarnings, codes: []string{"warn raw-count"}},
		{name: "low-protect case does not trip the mix rule", officer: po, cases: allocCases("o1", "c", 10, tier.B1), add: newCase(tier.D1),
			verdict: Allowed, codes: []string{}, reason: "the rule fires only when the case adds to the high-protect share"},
		{name: "a third intensive applies the strictest cap", officer: po,
			cases: append(allocCases("o1", "a", 16, tier.A0S), allocCases("o1", "d", 29, tier.D0)...), add: newCase(tier.D0),
			verdict: AllowedWithWarnings, codes: []string{"warn mix-intensive-third"},
			reason: "16 of 46 is at least a third intensive, so the cap of 45 applies to all 46 cases"},
		{name: "below a third intensive the strictest cap does not apply", officer: po,
			cases: append(allocCases("o1", "a", 15, tier.A0S), allocCases("o1", "d", 30, tier.D0)...), add: newCase(tier.D0),
			verdict: Allowed, codes: []string{}, reason: "15 of 46 is below a third"},
		{name: "flag cap", officer: po, cases: func() []Case {
			cs := allocCases("o1", "c", 8, tier.D0)
			for i := range cs {
				cs[i] = mappa(cs[i])
			}
			return cs
		}(), add: mappa(newCase(tier.D0)), verdict: AllowedWithWarnings, codes: []string{"warn flag-cap"}},
		{name: "trainee may not hold an A case alone", officer: pqip, add: newCase(tier.A1),
			verdict: Refused, codes: []string{"refuse grade-eligibility"}},
		{name: "trainee may hold a co-worked A case", officer: pqip, add: newCase(tier.A1), coWorked: true,
			verdict: Allowed, codes: []string{"allow co-worked"}},
		{name: "manager has no capacity", officer: Officer{ID: "o1", Team: "T1", Grade: SPO, Hours: d("37")}, add: newCase(tier.D1),
			verdict: Refused, codes: []string{"refuse no-capacity"}},
		{name: "already held", officer: po, cases: allocCases("o1", "c", 3, tier.C2), add: Case{ID: "c1", Tier: tier.A3, Type: tier.Licence},
			verdict: AllowedWithWarnings, codes: []string{"warn already-held"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := p.MeasureCaseload(Caseload{Officer: tt.officer, Cases: tt.cases}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			chk, err := p.CheckAllocation(h, Allocation{Case: tt.add, CoWorked: tt.coWorked}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s\n%s", chk.Verdict, tt.verdict, chk)
			}
			if diff := cmp.Diff(tt.codes, allocCodes(chk.Reasons)); diff != "" {
				t.Errorf("codes (-want +got):\n%s\n%s", diff, chk)
			}
		})
	}
}

func TestCheckAllocationBadInput(t *testing.T) {
	p := DefaultPolicy()
	h, err := p.MeasureCaseload(Caseload{Officer: officer("o1", "37", "")}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.CheckAllocation(h, Allocation{Case: Case{ID: "x", Tier: "E9"}}, asOf)
	for _, want := range []string{
		`workload: allocation.case.tier "E9": unknown tier`,
		`workload: allocation.case.type "unknown": unknown value`,
	} {
		if err == nil || !containsLine(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	// A zero MeasuredCaseload is measured, and its problems are named.
	_, err = p.CheckAllocation(MeasuredCaseload{}, Allocation{Case: Case{ID: "x", Tier: tier.B2, Type: tier.Community}}, asOf)
	if err == nil || !containsLine(err.Error(), `workload: holding.officer.id "": missing`) {
		t.Errorf("zero holding: %v", err)
	}
	if !errors.Is(err, ErrMissing) {
		t.Errorf("sentinel missing: %v", err)
	}
}

func TestCheckAllocationOtherDateRemeasures(t *testing.T) {
	p := DefaultPolicy()
	o := officer("o1", "37", "")
	o.Reductions = []Reduction{{Reason: LongTermSickness, From: asOf.AddDate(0, 0, 1)}}
	h, err := p.MeasureCaseload(Caseload{Officer: o}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := p.CheckAllocation(h, Allocation{Case: Case{ID: "x", Tier: tier.B2, Type: tier.Community}}, asOf.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if chk.Verdict != Refused || chk.After.Band != BandNoCapacity {
		t.Errorf("the next day the officer is off sick: %s", chk)
	}
}

func TestAllocationConfigValidate(t *testing.T) {
	c := DefaultConfig()
	a := &c.Allocation
	a.Over = ActionUnknown
	a.Red = Allow
	a.RawCount = Refuse
	a.HighProtect.Tiers = tier.Set{Letters: []string{"E", "A", "A"}, Tiers: []tier.Tier{"Z9"}}
	a.HighProtect.MaxPercent = d("101")
	a.Intensive.Share = Fraction{Num: 4, Den: 3}
	a.Intensive.Caps[1].Name = "intensive"
	a.FlagCaps = append(a.FlagCaps, FlagCap{Name: "empty", Action: Warn, Max: -1})
	a.Eligibility[0].Grade = GradeUnknown
	_, err := NewPolicy(c)
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`workload: allocation.over "unknown": unknown value`,
		`workload: allocation.highProtect.tiers.letters[0] "E": unknown value`,
		`workload: allocation.highProtect.tiers.letters[2] "A": duplicate`,
		`workload: allocation.highProtect.tiers.tiers[0] "Z9": unknown tier`,
		`workload: allocation.highProtect.maxPercent "101": out of range`,
		`workload: allocation.intensive.share "4/3": out of range`,
		`workload: allocation.intensive.caps[1].name "intensive": duplicate`,
		`workload: allocation.flagCaps[2] "empty": missing`,
		`workload: allocation.flagCaps[2].max "-1": out of range`,
		`workload: allocation.eligibility[0].grade "unknown": unknown value`,
	} {
		if !containsLine(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	// Letters need a scheme with letters.
	c = DefaultConfig()
	c.Tiers = tier.SupervisionLevels()
	_, err = NewPolicy(c)
	if err == nil || !containsLine(err.Error(), `workload: allocation.highProtect.tiers.letters[0] "A": inconsistent`) {
		t.Errorf("letters on a supervision-level scheme: %v", err)
	}
}

func TestAllocationConfigJSONRoundTrip(t *testing.T) {
	p := DefaultPolicy()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := DecodePolicy(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p.Config().Allocation, q.Config().Allocation); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(b), `"red":"refuse"`) {
		t.Errorf("actions are written by name: %s", b)
	}
	// Unknown fields and actions are rejected.
	bad := strings.Replace(string(b), `"red":"refuse"`, `"red":"maybe"`, 1)
	if _, err := DecodePolicy(strings.NewReader(bad)); err == nil {
		t.Error("unknown action accepted")
	}
}

// allocBenchHolding is an officer holding 60 mixed cases.
func allocBenchHolding(b testing.TB, p *Policy) MeasuredCaseload {
	h, err := p.MeasureCaseload(allocBenchCaseload(60), asOf)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// allocBenchCaseload is an officer holding n mixed cases.
func allocBenchCaseload(n int) Caseload {
	tiers := tier.All()
	cl := Caseload{Officer: officer("o1", "37", "")}
	for i := 0; i < n; i++ {
		c := Case{ID: fmt.Sprintf("c%03d", i), Officer: "o1", Tier: tiers[(i*7)%len(tiers)], Type: tier.CaseTypes()[i%3], Start: asOf.AddDate(0, 0, -i*9)}
		if i%11 == 0 {
			c.Risk.MAPPA = risk.MAPPALevel2
		}
		if i%5 == 0 {
			c.Risk.Flags = risk.NewFlags(risk.FlagDomesticAbuse)
		}
		cl.Cases = append(cl.Cases, c)
	}
	return cl
}

// BenchmarkMeasureCaseload measures and summarises a caseload of 200
// cases for allocation checks, as a service does after each change to
// an officer's caseload.
func BenchmarkMeasureCaseload(b *testing.B) {
	p := DefaultPolicy()
	cl := allocBenchCaseload(200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.MeasureCaseload(cl, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckAllocation(b *testing.B) {
	p := DefaultPolicy()
	h := allocBenchHolding(b, p)
	a := Allocation{Case: Case{ID: "new", Tier: tier.B2, Type: tier.Licence, Release: asOf.AddDate(0, 0, -3),
		Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, Flags: risk.NewFlags(risk.FlagDomesticAbuse)}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.CheckAllocation(h, a, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func ExamplePolicy_CheckAllocation() {
	p := DefaultPolicy()
	o := Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)}
	cl := Caseload{Officer: o}
	for i := 0; i < 13; i++ {
		cl.Cases = append(cl.Cases, Case{ID: fmt.Sprintf("c%02d", i), Officer: "jo", Tier: tier.B2, Type: tier.Licence})
	}
	h, err := p.MeasureCaseload(cl, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	chk, err := p.CheckAllocation(h, Allocation{Case: Case{ID: "c99", Tier: tier.B3, Type: tier.Licence}}, h.Load.AsOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chk)
	// Output:
	// case c99 (B3) to jo: allowed-with-warnings; +161 points, capacity 78.86% → 86.259% (within → within), cases 13 → 14
	//   warn mix-high-protect: high-protect cases (A+B) would be 14 of 14 (100%), above the limit of 60%
}

func TestFmtUnitsMatchesDecimal(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 5, 10, 100, 101300, -101300, 78860, 1 << 62, -(1 << 62)} {
		for places := 0; places <= 6; places++ {
			want := fixedDecimal(v, places).String()
			if got := fmtUnits(v, places); got != want {
				t.Errorf("fmtUnits(%d, %d) = %q, want %q", v, places, got, want)
			}
		}
	}
}

// TestWhoMayHoldWhat checks the default grade rules (the domain
// reference, "Capacity": PSOs hold low to medium RoSH; "Blended
// caseloads": trainees and newly qualified officers build up gradually)
// with concrete cases and the exact sentences a manager reads.
func TestWhoMayHoldWhat(t *testing.T) {
	p := DefaultPolicy()
	grade := func(g Grade) Officer { return Officer{ID: "o1", Team: "T1", Grade: g, Hours: d("37")} }
	cs := func(tr tier.Tier, edit func(*CaseRisk)) Case {
		c := Case{ID: "new", Tier: tr, Type: tier.Community, Start: asOf.AddDate(0, -2, 0)}
		if edit != nil {
			edit(&c.Risk)
		}
		return c
	}
	high := func(r *CaseRisk) { r.RoSH = risk.RoSHHigh }
	mappa3 := func(r *CaseRisk) { r.RoSH = risk.RoSHMedium; r.MAPPA = risk.MAPPALevel3 }
	da := func(r *CaseRisk) { r.RoSH = risk.RoSHMedium; r.Flags = risk.NewFlags(risk.FlagDomesticAbuse) }
	cp := func(r *CaseRisk) { r.Flags = risk.NewFlags(risk.FlagChildProtection, risk.FlagStalking) }
	complex4 := func(r *CaseRisk) { r.RoSH = risk.RoSHLow; r.Complexity = 4 }
	complex3 := func(r *CaseRisk) { r.RoSH = risk.RoSHLow; r.Complexity = 3 }
	tests := []struct {
		name     string
		officer  Officer
		add      Case
		coWorked bool
		verdict  Verdict
		want     []Finding
	}{
		{name: "PSO, high RoSH B2", officer: grade(PSO), add: cs(tier.B2, high), verdict: Refused, want: []Finding{{
			Code: "qualified-only", Action: Refuse,
			Message: "a PSO may not hold A cases or high/very-high RoSH cases or MAPPA 2/3 cases; case new is B2, RoSH high, MAPPA unknown"}}},
		{name: "PSO, MAPPA 3 recorded on a C1", officer: grade(PSO), add: cs(tier.C1, mappa3), verdict: Refused, want: []Finding{{
			Code: "qualified-only", Action: Refuse,
			Message: "a PSO may not hold A cases or high/very-high RoSH cases or MAPPA 2/3 cases; case new is C1, RoSH medium, MAPPA 3"}}},
		{name: "PSO, co-working does not help", officer: grade(PSO), add: cs(tier.A3, nil), coWorked: true, verdict: Refused, want: []Finding{{
			Code: "qualified-only", Action: Refuse,
			Message: "a PSO may not hold A cases or high/very-high RoSH cases or MAPPA 2/3 cases; case new is A3, MAPPA unknown"}}},
		{name: "PSO, medium RoSH domestic abuse is theirs to hold", officer: grade(PSO), add: cs(tier.C2, da), verdict: Allowed, want: []Finding{}},
		{name: "PO, high RoSH", officer: grade(PO), add: cs(tier.B2, high), verdict: Allowed, want: []Finding{}},
		{name: "PQiP, domestic abuse", officer: grade(PQiP), add: cs(tier.C2, da), verdict: AllowedWithWarnings, want: []Finding{{
			Code: "complex-for-grade", Action: Warn,
			Message: "a PQiP should not hold domestic-abuse/child-protection cases or cases with 4 or more complexity factors alone; case new is C2, RoSH medium, domestic-abuse (allowed if co-worked)"}}},
		{name: "NQO, child protection", officer: grade(NQO), add: cs(tier.C1, cp), verdict: AllowedWithWarnings, want: []Finding{{
			Code: "complex-for-grade", Action: Warn,
			Message: "an NQO should not hold domestic-abuse/child-protection cases or cases with 4 or more complexity factors alone; case new is C1, child-protection (allowed if co-worked)"}}},
		{name: "NQO, four complexity factors", officer: grade(NQO), add: cs(tier.D2, complex4), verdict: AllowedWithWarnings, want: []Finding{{
			Code: "complex-for-grade", Action: Warn,
			Message: "an NQO should not hold domestic-abuse/child-protection cases or cases with 4 or more complexity factors alone; case new is D2, RoSH low, complexity 4 (allowed if co-worked)"}}},
		{name: "NQO, three complexity factors", officer: grade(NQO), add: cs(tier.D2, complex3), verdict: Allowed, want: []Finding{}},
		{name: "PQiP, co-worked child protection", officer: grade(PQiP), add: cs(tier.C1, cp), coWorked: true, verdict: Allowed, want: []Finding{{
			Code: "co-worked", Action: Allow,
			Message: "case new is co-worked, so a PQiP may hold it although it is one of domestic-abuse/child-protection cases or cases with 4 or more complexity factors"}}},
		{name: "PQiP, very high RoSH with domestic abuse: refused and warned", officer: grade(PQiP),
			add: cs(tier.B3, func(r *CaseRisk) { r.RoSH = risk.RoSHVeryHigh; r.Flags = risk.NewFlags(risk.FlagDomesticAbuse) }), verdict: Refused, want: []Finding{
				{Code: "grade-eligibility", Action: Refuse, Message: "a PQiP may not hold A cases or very-high RoSH cases alone; case new is B3, RoSH very-high (allowed if co-worked)"},
				{Code: "complex-for-grade", Action: Warn, Message: "a PQiP should not hold domestic-abuse/child-protection cases or cases with 4 or more complexity factors alone; case new is B3, RoSH very-high, domestic-abuse (allowed if co-worked)"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := p.MeasureCaseload(Caseload{Officer: tt.officer}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			chk, err := p.CheckAllocation(h, Allocation{Case: tt.add, CoWorked: tt.coWorked}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", chk.Verdict, tt.verdict)
			}
			if diff := cmp.Diff(tt.want, chk.Reasons); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWhoMayHoldWhatBalance checks the same rules on a caseload as it
// stands: a balance report names what a PSO already holds.
func TestWhoMayHoldWhatBalance(t *testing.T) {
	p := DefaultPolicy()
	cases := allocCases("o1", "c", 2, tier.B2)
	cases[0].Risk.RoSH = risk.RoSHHigh
	team, err := p.MeasureTeam([]Caseload{{Officer: Officer{ID: "o1", Team: "T1", Grade: PSO, Hours: d("37")}, Cases: cases}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Balance(team)
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{{Code: "qualified-only", Action: Refuse,
		Message: "o1 (PSO) holds 1 case a PSO may not hold (A cases or high/very-high RoSH cases or MAPPA 2/3 cases): review each"}}
	if diff := cmp.Diff(want, rep.Officers[0].Breaches); diff != "" {
		t.Errorf("breaches (-want +got):\n%s", diff)
	}
}
