package workload

import (
	"errors"
	"fmt"
	"slices"
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

// prioPolicy is the default policy, shared by the tests (a Policy is
// immutable).
var prioPolicy = DefaultPolicy()

// prioAssessed is a recent assessment date: settled risk.
var prioAssessed = asOf.AddDate(0, -3, 0)

// prioDay returns asOf shifted by n days.
func prioDay(n int) time.Time { return asOf.AddDate(0, 0, n) }

// prioCase returns a community case held by o1 with a recent assessment,
// started a year ago.
func prioCase(id string, t tier.Tier, rosh risk.RoSH) Case {
	return Case{ID: id, Officer: "o1", Tier: t, Type: tier.Community, Start: prioDay(-365),
		Risk: CaseRisk{RoSH: rosh, MAPPA: risk.MAPPANone, AssessedOn: prioAssessed}}
}

func TestGradeDefaultLadder(t *testing.T) {
	licence := func(weeks int, rosh risk.RoSH, flags ...risk.Flag) Case {
		c := prioCase("c1", tier.C2, rosh)
		c.Type, c.Release = tier.Licence, prioDay(-7*weeks)
		c.Risk.Flags = risk.NewFlags(flags...)
		return c
	}
	with := func(c Case, f func(*Case)) Case { f(&c); return c }
	base := prioCase("c1", tier.B2, risk.RoSHMedium)
	tests := []struct {
		name   string
		c      Case
		grade  Priority
		rule   string
		reason string
	}{
		{"MAPPA level 1 is protected", with(base, func(c *Case) { c.Risk.MAPPA = risk.MAPPALevel1 }), P1, "mappa", ""},
		{"very high RoSH is protected", with(base, func(c *Case) { c.Risk.RoSH = risk.RoSHVeryHigh }), P1, "rosh-very-high", ""},
		{"child protection is protected", with(base, func(c *Case) { c.Risk.Flags = risk.NewFlags(risk.FlagChildProtection) }), P1, "child-protection", ""},
		{"national security is protected", with(base, func(c *Case) { c.Risk.Flags = risk.NewFlags(risk.FlagNationalSecurity) }), P1, "national-security", ""},
		{"critical period is protected", with(base, func(c *Case) { c.Start = prioDay(-41) }), P1, "critical-period",
			"day 41 of a 42-day critical period"},
		{"critical period over", with(base, func(c *Case) { c.Start = prioDay(-42) }), P3, "standard", "day 42 is past it"},
		{"MAPPA past two-thirds stays protected", with(base, func(c *Case) { c.Risk.MAPPA = risk.MAPPALevel2; c.TwoThirds = prioDay(-1) }), P1, "mappa",
			"exempt from the 2024 reset"},
		{"past two-thirds is paused", with(base, func(c *Case) { c.Risk.RoSH = risk.RoSHHigh; c.TwoThirds = prioDay(0) }), P4, "past-two-thirds", ""},
		{"warrant suspends contact", with(base, func(c *Case) { c.Inactive = tier.Warrant }), P4, "suspended", ""},
		{"medium licence at 16 weeks is paused", licence(16, risk.RoSHMedium), P4, "licence-16-weeks", ""},
		{"low licence at 20 weeks is paused", licence(20, risk.RoSHLow), P4, "licence-16-weeks", ""},
		{"medium licence at 15 weeks is not", licence(15, risk.RoSHMedium), P3, "standard", "15 whole weeks"},
		{"domestic abuse licence is excepted", licence(20, risk.RoSHMedium, risk.FlagDomesticAbuse), P2, "harm-registration", ""},
		{"sexual licence is excepted", licence(20, risk.RoSHLow, risk.FlagSexual), P2, "harm-registration", ""},
		{"serious violence licence is excepted", licence(20, risk.RoSHLow, risk.FlagSeriousViolence), P2, "harm-registration", ""},
		{"high licence at 20 weeks is core", licence(20, risk.RoSHHigh), P2, "rosh-high", ""},
		{"no RoSH is never 'at most medium'", with(licence(20, risk.RoSHUnknown), func(c *Case) {}), P2, "standard",
			"an unknown RoSH does not match roshAtMost; P3 raised to P2 as unsettled"},
		{"high RoSH community is core", with(base, func(c *Case) { c.Risk.RoSH = risk.RoSHHigh }), P2, "rosh-high", ""},
		{"stalking is core", with(base, func(c *Case) { c.Risk.Flags = risk.NewFlags(risk.FlagStalking) }), P2, "harm-registration", ""},
		{"medium community is reduce", base, P3, "standard", ""},
		{"stale assessment is raised one grade", with(base, func(c *Case) { c.Risk.AssessedOn = prioDay(-366) }), P2, "standard", ""},
		{"assessment 365 days old is not stale", with(base, func(c *Case) { c.Risk.AssessedOn = prioDay(-365) }), P3, "standard", ""},
		{"undated assessment is stale", with(base, func(c *Case) { c.Risk.AssessedOn = time.Time{} }), P2, "standard", ""},
		{"provisional is raised one grade", with(licence(20, risk.RoSHLow), func(c *Case) { c.Risk.Provisional = true }), P3, "licence-16-weeks", ""},
		{"never above P1", with(base, func(c *Case) { c.Risk.MAPPA = risk.MAPPALevel3; c.Risk.Provisional = true }), P1, "mappa", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := prioPolicy.PriorityOf(tt.c, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if g.Grade != tt.grade || g.Rule != tt.rule {
				t.Errorf("got %s by %s, want %s by %s (%s)", g.Grade, g.Rule, tt.grade, tt.rule, tt.reason)
			}
			if g.Reason == "" {
				t.Error("no reason")
			}
		})
	}
}

func TestGradeConservativeOff(t *testing.T) {
	c := DefaultConfig()
	c.Priority.Conservative = false
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	cs := prioCase("c1", tier.B2, risk.RoSHMedium)
	cs.Risk.Provisional = true
	g, err := p.PriorityOf(cs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P3 || g.Conservative || !g.Risk.Unsettled() {
		t.Errorf("got %s conservative=%v risk=%s; want P3, flagged but not raised", g.Grade, g.Conservative, g.Risk)
	}
	if g.Urgency.Unsettled != 150 {
		t.Errorf("unsettled term = %d, want 150 (flagged risk still weighs)", g.Urgency.Unsettled)
	}
}

func TestUrgency(t *testing.T) {
	c := prioCase("c1", tier.B2, risk.RoSHHigh)
	c.Type, c.Release = tier.Licence, prioDay(-4)
	c.Risk.MAPPA = risk.MAPPALevel1
	c.LastContact = prioDay(-20) // 1 per 7 days in the critical period: due day -13
	c.Risk.EscalatedOn = prioDay(-89)
	c.Risk.Provisional = true
	g, err := prioPolicy.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := Urgency{Score: 400 + 400 + 130 + 150 + 200, Harm: 300 + 100, Imminence: 5 * (84 - 4), Overdue: 10 * 13, Unsettled: 150, Escalation: 200,
		DaysOverdue: 13, DaysSinceStart: 4, DaysSinceEscalation: 89}
	if diff := cmp.Diff(want, g.Urgency); diff != "" {
		t.Errorf("urgency (-want +got):\n%s", diff)
	}
	if got := g.Urgency.String(); got != "1280 = harm 400 + imminence 400 + overdue 130 + unsettled 150 + escalation 200" {
		t.Errorf("String() = %q", got)
	}
	// Caps and windows.
	c.LastContact = prioDay(-200)
	c.Risk.EscalatedOn = prioDay(-90)
	c.Release = prioDay(-84)
	g, _ = prioPolicy.PriorityOf(c, asOf)
	if g.Urgency.Overdue != 900 || g.Urgency.Escalation != 0 || g.Urgency.Imminence != 0 {
		t.Errorf("overdue %d (want cap 900), escalation %d (want 0 at 90 days), imminence %d (want 0 at 84 days)",
			g.Urgency.Overdue, g.Urgency.Escalation, g.Urgency.Imminence)
	}
}

func TestPrioritiseOrder(t *testing.T) {
	cs := []Case{
		prioCase("b", tier.C2, risk.RoSHMedium), // P3, harm 200
		prioCase("a", tier.C2, risk.RoSHMedium), // P3, harm 200: tie with b, broken by ID
		prioCase("d", tier.B2, risk.RoSHHigh),   // P2, harm 300
		prioCase("c", tier.B2, risk.RoSHLow),    // P3, harm 100
		prioCase("e", tier.A2, risk.RoSHVeryHigh),
	}
	cs[4].Risk.Flags = risk.NewFlags(risk.FlagSexual)
	ps, err := prioPolicy.Prioritise(Caseload{Officer: officer("o1", "37", ""), Cases: cs}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range ps.Cases {
		got = append(got, strconv.Itoa(r.Position)+" "+r.Case+" "+r.Grade.String()+" "+r.Ahead)
	}
	want := []string{"1 e P1 grade", "2 d P2 grade", "3 a P3 id", "4 b P3 urgency", "5 c P3 "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestPrioritiseBadInput(t *testing.T) {
	cs := []Case{
		prioCase("c1", tier.B2, risk.RoSHHigh),
		prioCase("c1", "E9", risk.RoSH(9)),
		{ID: "c3", Officer: "o2", Tier: tier.B2, Type: tier.Community},
	}
	_, err := prioPolicy.Prioritise(Caseload{Officer: Officer{ID: "o1", Grade: PO, Hours: d("37")}, Cases: cs}, time.Time{})
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`workload: asOf "": missing`,
		`workload: cases[1].tier "E9": unknown tier`,
		`workload: cases[1].risk.rosh "rosh(9)": unknown value`,
		`workload: cases[1].id "c1": duplicate: same ID as cases[0]`,
		`workload: cases[2].officer "o2": inconsistent`,
	} {
		if !containsLine(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if !errors.Is(err, ErrUnknownTier) || !errors.Is(err, ErrMissing) {
		t.Errorf("sentinels not found in %v", err)
	}
	if _, err := prioPolicy.PriorityOf(Case{}, asOf); err == nil || !containsLine(err.Error(), `workload: case.id "": missing`) {
		t.Errorf("Grade(Case{}) error = %v", err)
	}
}

// prioGenRisk draws a valid CaseRisk.
func prioGenRisk(t *rapid.T) CaseRisk {
	r := CaseRisk{
		RoSH:       rapid.SampledFrom([]risk.RoSH{risk.RoSHUnknown, risk.RoSHLow, risk.RoSHLow, risk.RoSHMedium, risk.RoSHMedium, risk.RoSHMedium, risk.RoSHHigh, risk.RoSHHigh, risk.RoSHVeryHigh}).Draw(t, "rosh"),
		MAPPA:      rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPALevel1, risk.MAPPALevel2, risk.MAPPALevel3}).Draw(t, "mappa"),
		Complexity: rapid.IntRange(0, 10).Draw(t, "complexity"),
	}
	for _, f := range risk.AllFlags() {
		if rapid.IntRange(0, 11).Draw(t, "flag-"+f.String()) == 0 {
			r.Flags = r.Flags.With(f)
		}
	}
	if rapid.IntRange(0, 9).Draw(t, "dated") > 0 {
		r.AssessedOn = prioDay(-rapid.IntRange(0, 500).Draw(t, "age"))
	}
	r.Provisional = rapid.IntRange(0, 9).Draw(t, "provisional") == 0
	if rapid.Bool().Draw(t, "escalated") {
		r.EscalatedOn = prioDay(-rapid.IntRange(0, 200).Draw(t, "escalatedAgo"))
	}
	return r
}

// prioGenCase draws a valid case held by officer.
func prioGenCase(t *rapid.T, id, officer string) Case {
	c := Case{
		ID: id, Officer: officer,
		Tier:     rapid.SampledFrom(tier.All()).Draw(t, "tier"),
		Type:     rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
		Inactive: rapid.SampledFrom([]tier.Inactive{tier.Active, tier.Active, tier.Active, tier.Active, tier.Warrant, tier.UnpaidWorkOnly, tier.OverdueTermination}).Draw(t, "inactive"),
		Start:    prioDay(rapid.IntRange(-1500, 30).Draw(t, "start")),
	}
	if c.Type != tier.Community && rapid.Bool().Draw(t, "released") {
		c.Release = prioDay(rapid.IntRange(-400, 60).Draw(t, "release"))
	}
	if rapid.Bool().Draw(t, "hasTwoThirds") {
		c.TwoThirds = prioDay(rapid.IntRange(-200, 400).Draw(t, "twoThirds"))
	}
	if rapid.IntRange(0, 3).Draw(t, "hasEnd") == 0 {
		c.End = c.Start.AddDate(0, 0, rapid.IntRange(0, 2000).Draw(t, "length"))
	}
	if rapid.IntRange(0, 4).Draw(t, "contacted") > 0 {
		c.LastContact = prioDay(-rapid.IntRange(0, 120).Draw(t, "lastContactAgo"))
	}
	orderDates(&c)
	c.Risk = prioGenRisk(t)
	return c
}

// prioGenCaseload draws a valid caseload of up to max cases for an
// officer with few hours, so that shortfalls are common.
func prioGenCaseload(t *rapid.T, max int) Caseload {
	o := Officer{ID: "o1", Team: "T1", Grade: PO, Hours: decimal.New(int64(rapid.IntRange(0, 10*4).Draw(t, "quarterHours")), 0).Div(decimal.NewFromInt(4))}
	if rapid.IntRange(0, 3).Draw(t, "reduced") == 0 {
		o.Reductions = []Reduction{{Reason: OtherReason, Percent: decimal.NewFromInt(int64(rapid.IntRange(1, 100).Draw(t, "percent"))), From: prioDay(-10)}}
	}
	n := rapid.IntRange(0, max).Draw(t, "cases")
	cl := Caseload{Officer: o, Cases: make([]Case, n)}
	for i := range cl.Cases {
		cl.Cases[i] = prioGenCase(t, "c"+strconv.Itoa(i), o.ID)
	}
	return cl
}

func TestGradeMonotone(t *testing.T) { rapid.Check(t, testGradeMonotone) }
func FuzzGradeMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testGradeMonotone)) }

// testGradeMonotone: more risk never lowers a grade. Raising a known RoSH,
// raising the MAPPA level or adding any flag keeps the grade or raises it.
// (Learning a RoSH that was missing is new information, not more risk: a
// missing RoSH is treated conservatively.)
func testGradeMonotone(t *rapid.T) {
	c := prioGenCase(t, "c1", "o1")
	more := c
	switch kind := rapid.IntRange(0, 2).Draw(t, "raise"); {
	case kind == 0 && c.Risk.RoSH != risk.RoSHUnknown && c.Risk.RoSH < risk.RoSHVeryHigh:
		more.Risk.RoSH = risk.RoSH(rapid.IntRange(int(c.Risk.RoSH)+1, int(risk.RoSHVeryHigh)).Draw(t, "rosh+"))
	case kind <= 1 && c.Risk.MAPPA < risk.MAPPALevel3:
		more.Risk.MAPPA = risk.MAPPALevel(rapid.IntRange(int(c.Risk.MAPPA)+1, int(risk.MAPPALevel3)).Draw(t, "mappa+"))
	default:
		more.Risk.Flags = c.Risk.Flags.With(rapid.SampledFrom(risk.AllFlags()).Draw(t, "flag+"))
	}
	g0, err := prioPolicy.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	g1, err := prioPolicy.PriorityOf(more, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g1.Grade > g0.Grade {
		t.Fatalf("more risk lowered the grade:\nbefore %s\nafter  %s", g0, g1)
	}
}

func TestPrioritiseOrderTotal(t *testing.T) { rapid.Check(t, testPrioritiseOrderTotal) }
func FuzzPrioritiseOrderTotal(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPrioritiseOrderTotal)) }

// testPrioritiseOrderTotal: every case appears once, consecutive cases are
// strictly ordered (grade, then urgency, then ID), and the result does not
// depend on the input order.
func testPrioritiseOrderTotal(t *rapid.T) {
	cl := prioGenCaseload(t, 20)
	ps, err := prioPolicy.Prioritise(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Cases) != len(cl.Cases) {
		t.Fatalf("%d ranked, %d cases", len(ps.Cases), len(cl.Cases))
	}
	seen := map[string]bool{}
	for i, r := range ps.Cases {
		if r.Position != i+1 || seen[r.Case] {
			t.Fatalf("position %d holds %s (seen before: %v)", r.Position, r.Case, seen[r.Case])
		}
		seen[r.Case] = true
		if i > 0 && prioCompareRanked(ps.Cases[i-1], r) >= 0 {
			t.Fatalf("not strictly ordered:\n%s\n%s", ps.Cases[i-1].Explain(), r.Explain())
		}
	}
	perm := rapid.Permutation(cl.Cases).Draw(t, "permutation")
	again, err := prioPolicy.Prioritise(Caseload{Officer: cl.Officer, Cases: perm}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ps, again); diff != "" {
		t.Fatalf("order depends on input order (-first +permuted):\n%s", diff)
	}
}

// prioBenchCaseload builds a deterministic caseload of n varied cases.
func prioBenchCaseload(n int) Caseload {
	tiers := []tier.Tier{tier.A3, tier.A2, tier.B3, tier.B2, tier.B1, tier.C3, tier.C2, tier.C1, tier.D2, tier.D1, tier.B2S}
	cl := Caseload{Officer: officer("o1", "37", "1.8"), Cases: make([]Case, n)}
	for i := range cl.Cases {
		c := Case{ID: fmt.Sprintf("c%03d", i), Officer: "o1", Tier: tiers[i%len(tiers)], Type: tier.CaseTypes()[i%3],
			Start: prioDay(-(i * 13) % 700), LastContact: prioDay(-(i % 30))}
		if c.Type != tier.Community {
			c.Release = prioDay(-(i * 7) % 300)
		}
		if i%6 == 0 {
			c.TwoThirds = prioDay(200 - i*3)
		}
		c.Risk = CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSH(1 + i%4), AssessedOn: prioDay(-(i * 11) % 500), Provisional: i%9 == 0}
		if i%17 == 0 {
			c.Risk.MAPPA = risk.MAPPALevel1
		}
		if i%5 == 0 {
			c.Risk.Flags = risk.NewFlags(risk.FlagDomesticAbuse)
		}
		if i%7 == 0 {
			c.Risk.EscalatedOn = prioDay(-i)
		}
		orderDates(&c)
		cl.Cases[i] = c
	}
	return cl
}

func BenchmarkPrioritise(b *testing.B) {
	cl := prioBenchCaseload(100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prioPolicy.Prioritise(cl, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func ExamplePolicy_PriorityOf() {
	p := DefaultPolicy()
	c := Case{ID: "c1", Officer: "jo", Tier: tier.C2, Type: tier.Licence,
		Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), Release: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		LastContact: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Risk:        CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHMedium, AssessedOn: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)}}
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	g, _ := p.PriorityOf(c, asOf)
	fmt.Println(g.Grade, g.Grade.Label(), g.Rule)
	fmt.Println(g.Reason)

	c.Risk.Flags = risk.NewFlags(risk.FlagDomesticAbuse)
	c.Risk.Provisional = true
	g, _ = p.PriorityOf(c, asOf)
	fmt.Println(g)
	// Output:
	// P4 pause licence-16-weeks
	// A medium or low risk licence case 16 weeks after release has contact paused (2025 measure; sexual, domestic-abuse and serious-violence cases excepted).
	// c1 P1 protect (harm-registration: A domestic abuse, stalking, sexual or serious violence registration is core work.); raised from P2: risk provisional; urgency 350 = harm 200 + unsettled 150
}

func ExamplePolicy_Prioritise() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	assessed := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	cl := Caseload{Officer: Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)}, Cases: []Case{
		{ID: "c1", Officer: "jo", Tier: tier.B2, Type: tier.Community, Start: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC),
			LastContact: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: assessed}},
		{ID: "c2", Officer: "jo", Tier: tier.B2, Type: tier.Community, Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			LastContact: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: assessed}},
		{ID: "c3", Officer: "jo", Tier: tier.A1, Type: tier.Licence, Release: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
			Risk: CaseRisk{RoSH: risk.RoSHVeryHigh, MAPPA: risk.MAPPALevel2, AssessedOn: assessed}},
	}}
	ps, _ := p.Prioritise(cl, asOf)
	fmt.Print(ps)
	// Output:
	// priorities of jo at 2026-11-23 (england-wales-reference 2026.12.0)
	// 1. c3 P1 protect (mappa: MAPPA-managed cases are protected and never reduced.); protect-mappa; urgency 1055 = harm 600 + imminence 385 + overdue 70; ahead of the next case by grade
	// 2. c1 P2 core (rosh-high: High risk of serious harm is core work.); urgency 370 = harm 300 + overdue 70; ahead of the next case by urgency
	// 3. c2 P2 core (rosh-high: High risk of serious harm is core work.); urgency 300 = harm 300
}

// prioCompareRanked orders ranked cases as [Policy.Prioritise] does.
func prioCompareRanked(a, b Ranked) int {
	switch {
	case a.Grade != b.Grade:
		return int(a.Grade) - int(b.Grade)
	case a.Urgency.Score > b.Urgency.Score:
		return -1
	case a.Urgency.Score < b.Urgency.Score:
		return 1
	}
	return strings.Compare(a.Case, b.Case)
}

// TestPrioritiseDecisionsIndependent checks that the decisions and
// findings of different cases, which share one backing array, are capped:
// appending to one case's never changes another's.
func TestPrioritiseDecisionsIndependent(t *testing.T) {
	ps, err := prioPolicy.Prioritise(prioBenchCaseload(100), asOf)
	if err != nil {
		t.Fatal(err)
	}
	before := make([][2][]Decision, len(ps.Cases))
	for i := range ps.Cases {
		before[i] = [2][]Decision{slices.Clone(ps.Cases[i].Decisions), slices.Clone(ps.Cases[i].Findings)}
	}
	with := 0
	for i := range ps.Cases {
		r := &ps.Cases[i]
		if len(r.Decisions)+len(r.Findings) > 0 {
			with++
		}
		r.Decisions = append(r.Decisions, Decision{"x", "appended"})
		r.Findings = append(r.Findings, Decision{"y", "appended"})
	}
	if with == 0 {
		t.Fatal("no case has a decision or finding: the test checks nothing")
	}
	for i := range ps.Cases {
		r := &ps.Cases[i]
		if !slices.Equal(r.Decisions[:len(r.Decisions)-1], before[i][0]) || !slices.Equal(r.Findings[:len(r.Findings)-1], before[i][1]) {
			t.Fatalf("case %s: an append to another case changed its decisions or findings", r.Case)
		}
	}
}
