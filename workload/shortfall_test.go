package workload

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// prioLadderCases returns five cases, each with one contact due this week:
// p1 (P1, 60 min), p2 (P2, 45), p3a and p3b (P3, 45 each; p3b more urgent)
// and p4 (P4, 45): 240 minutes in all.
func prioLadderCases() []Case {
	p1 := prioCase("p1", tier.A2, risk.RoSHHigh)
	p1.Risk.MAPPA, p1.LastContact = risk.MAPPALevel2, prioDay(-7)
	p2 := prioCase("p2", tier.B2, risk.RoSHHigh)
	p2.LastContact = prioDay(-14)
	p3a := prioCase("p3a", tier.C2, risk.RoSHMedium)
	p3a.LastContact = prioDay(-28)
	p3b := prioCase("p3b", tier.C2, risk.RoSHMedium)
	p3b.LastContact = prioDay(-30)
	p4 := prioCase("p4", tier.C2, risk.RoSHMedium)
	p4.Type, p4.Release, p4.LastContact = tier.Licence, prioDay(-140), prioDay(-28)
	return []Case{p4, p3a, p1, p3b, p2}
}

func TestPlanShortfallLadder(t *testing.T) {
	tests := []struct {
		name    string
		hours   string
		actions []string // in priority order
		planned string
		fits    bool
		reason  string
	}{
		{"fits: everything kept", "4", []string{"p1 keep", "p2 keep", "p3b keep", "p3a keep", "p4 keep"}, "4", true, ""},
		{"2 h: pause P4, then reduce P3 from the least urgent", "2",
			[]string{"p1 keep", "p2 keep", "p3b reduce", "p3a reduce", "p4 pause"}, "1.75", true,
			"240 → 195 (pause p4) → 150 (reduce p3a) → 105 (reduce p3b) ≤ 120"},
		{"1.5 h: then reduce P2", "1.5",
			[]string{"p1 keep", "p2 reduce", "p3b reduce", "p3a reduce", "p4 pause"}, "1", true,
			"P3 reductions freed their whole contact, so the P3 pause step has nothing to pause"},
		{"0.5 h: protected work alone exceeds", "0.5",
			[]string{"p1 keep", "p2 reduce", "p3b reduce", "p3a reduce", "p4 pause"}, "1", false, "escalation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := prioFullFacing.PlanShortfall(Caseload{Officer: officer("o1", tt.hours, ""), Cases: prioLadderCases()}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range pl.Lines {
				got = append(got, l.Case+" "+l.Action.String())
				if l.Reason == "" || l.Rule == "" {
					t.Errorf("%s: audit line without rule or reason: %+v", l.Case, l)
				}
			}
			if diff := cmp.Diff(tt.actions, got); diff != "" {
				t.Errorf("actions (-want +got) [%s]:\n%s", tt.reason, diff)
			}
			if !pl.Planned.Equal(d(tt.planned)) || pl.Fits != tt.fits || (pl.Escalation != nil) == tt.fits {
				t.Errorf("planned %s h fits %v escalation %v; want %s h fits %v", pl.Planned, pl.Fits, pl.Escalation != nil, tt.planned, tt.fits)
			}
			if !pl.Demand.Equal(d("4")) || !pl.Protected.Equal(d("1")) {
				t.Errorf("demand %s protected %s, want 4 and 1", pl.Demand, pl.Protected)
			}
		})
	}
}

func TestPlanShortfallEscalation(t *testing.T) {
	pl, err := prioFullFacing.PlanShortfall(Caseload{Officer: officer("o1", "0.5", ""), Cases: prioLadderCases()}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	e := pl.Escalation
	if e == nil {
		t.Fatal("no escalation")
	}
	want := &Escalation{Code: CodeEscalate, Protected: d("1"), NeverPaused: d("0"), Available: d("0.5"), Excess: d("0.5"), Cases: []string{"p1"}, Message: e.Message}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("escalation (-want +got):\n%s", diff)
	}
	if !strings.Contains(pl.String(), "ESCALATE: protected (P1) contact needs 1.00 h against 0.50 h available") {
		t.Errorf("String() hides the escalation:\n%s", pl)
	}
}

func TestPlanShortfallReductionThatFreesNothing(t *testing.T) {
	// Never contacted, started 100 days ago: due (overdue) at any
	// frequency, so a reduction frees nothing and the case is paused.
	c := prioCase("c1", tier.C2, risk.RoSHMedium)
	c.Start = prioDay(-100)
	keep := prioCase("c2", tier.C2, risk.RoSHMedium)
	keep.LastContact = prioDay(-28)
	pl, err := prioFullFacing.PlanShortfall(Caseload{Officer: officer("o1", "0.75", ""), Cases: []Case{c, keep}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range pl.Lines {
		got[l.Case] = l.Action.String() + " " + l.Step
	}
	// The least urgent P3 case, c2, is reduced first, and that is enough.
	if diff := cmp.Diff(map[string]string{"c1": "keep ", "c2": "reduce reduce-P3"}, got); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	pl, err = prioFullFacing.PlanShortfall(Caseload{Officer: officer("o1", "0", ""), Cases: []Case{c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if l := pl.Lines[0]; l.Action != ContactPause || l.Step != "pause-P3" {
		t.Errorf("got %s by %s, want paused by pause-P3 (a reduction frees nothing)", l.Action, l.Step)
	}
}

func TestPlanShortfallBadInput(t *testing.T) {
	_, err := prioPolicy.PlanShortfall(Caseload{Officer: Officer{ID: "o1", Grade: GradeUnknown, Hours: d("37")},
		Cases: []Case{{ID: "c1", Officer: "o1", Tier: tier.B2, Type: tier.CaseType(9)}}}, asOf)
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{`workload: officer.grade "unknown": unknown value`, `workload: cases[0].type "case type(9)": unknown value`} {
		if !containsLine(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if !errors.Is(err, ErrUnknown) {
		t.Errorf("want ErrUnknown in %v", err)
	}
}

// prioFullFacing is the default policy with every grade's case-facing
// share set to 1, so that the ladder tests above read their officers'
// hours as contact hours (the shares themselves are tested in
// TestCaseFacingHours).
var prioFullFacing = func() *Policy {
	c := DefaultConfig()
	for g, gc := range c.Grades {
		gc.CaseFacing = decimal.NewFromInt(1)
		c.Grades[g] = gc
	}
	return prioMustPolicy(c)
}()

// prioMustPolicy builds a policy from a configuration a test knows is
// valid.
func prioMustPolicy(c Config) *Policy {
	p, err := NewPolicy(c)
	if err != nil {
		panic(err)
	}
	return p
}

func TestPlanProtected(t *testing.T) { rapid.Check(t, testPlanProtected) }
func FuzzPlanProtected(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPlanProtected)) }

// testPlanProtected: every case the domain reference protects (typed in
// domainProtected, independently of the implementation: MAPPA at any
// level or not recorded, very high RoSH, child protection, national
// security, tier letter A, the 42-day critical period) is kept in full by
// the default policy's plan, and nothing is cut when there is no
// shortfall. (The earlier form checked "P1 ⇒ kept", true by construction
// because the planner has no P1 step: it could not fail.) Deliberate
// break caught: the floor taken out of both Policy.grade (`g.Grade = P1`)
// and PlanShortfall (the `ln.Protection != ""` guard): failed after 7
// tests, a tier-A case with low RoSH paused at step pause-P2
// (-rapid.seed=9385530956230552872). Either guard alone keeps it green:
// the floor is enforced twice.
func testPlanProtected(t *rapid.T) {
	cl := prioGenCaseload(t, 20)
	pl, err := prioPolicy.PlanShortfall(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Case{}
	for _, c := range cl.Cases {
		byID[c.ID] = c
	}
	for _, l := range pl.Lines {
		if domainProtected(byID[l.Case]) && (l.Action != ContactKeep || l.PlannedMinutes != l.Minutes) {
			t.Fatalf("protected case cut: %s", l)
		}
		if !pl.Shortfall && l.Action != ContactKeep {
			t.Fatalf("cut without a shortfall: %s", l)
		}
	}
}

func TestPlanFits(t *testing.T) { rapid.Check(t, testPlanFits) }
func FuzzPlanFits(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPlanFits)) }

// testPlanFits: a plan fits the hours available unless only protected
// work remains, and then it escalates; the planned minutes add up.
func testPlanFits(t *rapid.T) {
	cl := prioGenCaseload(t, 20)
	pl, err := prioPolicy.PlanShortfall(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var planned, protected int64
	for _, l := range pl.Lines {
		if l.PlannedMinutes < 0 || l.PlannedMinutes > l.Minutes {
			t.Fatalf("planned minutes out of range: %s", l)
		}
		planned += l.PlannedMinutes
		if l.Grade == P1 || l.NoPause {
			// Work the plan may not cut: protected, or never paused.
			protected += l.PlannedMinutes
		}
	}
	if !pl.Planned.Equal(prioPolicy.hoursOfMinutes(planned)) {
		t.Fatalf("planned %s h, lines add to %d min", pl.Planned, planned)
	}
	if pl.Fits != (pl.Escalation == nil) {
		t.Fatalf("fits %v but escalation %v", pl.Fits, pl.Escalation)
	}
	if pl.Fits {
		if decimal.NewFromInt(planned).GreaterThan(pl.Available.Mul(decimal.NewFromInt(60))) {
			t.Fatalf("plan of %d min said to fit %s h", planned, pl.Available)
		}
		return
	}
	if planned != protected {
		t.Fatalf("escalated with %d min planned but only %d protected:\n%s", planned, protected, pl)
	}
	if !decimal.NewFromInt(protected).GreaterThan(pl.Available.Mul(decimal.NewFromInt(60))) {
		t.Fatalf("escalated though protected work (%d min) fits %s h", protected, pl.Available)
	}
}

func ExamplePolicy_PlanShortfall() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return asOf.AddDate(0, 0, n) }
	assessed := day(-60)
	cases := []Case{
		{ID: "c1", Officer: "jo", Tier: tier.A2, Type: tier.Community, Start: day(-300), LastContact: day(-7),
			Risk: CaseRisk{RoSH: risk.RoSHHigh, MAPPA: risk.MAPPALevel2, AssessedOn: assessed}},
		{ID: "c2", Officer: "jo", Tier: tier.B2, Type: tier.Community, Start: day(-300), LastContact: day(-14),
			Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: assessed}},
		{ID: "c3", Officer: "jo", Tier: tier.C2, Type: tier.Community, Start: day(-300), LastContact: day(-28),
			Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHMedium, AssessedOn: assessed}},
		{ID: "c4", Officer: "jo", Tier: tier.C2, Type: tier.Licence, Release: day(-140), LastContact: day(-28),
			Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHMedium, AssessedOn: assessed}},
	}
	o := Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(2)}
	pl, _ := p.PlanShortfall(Caseload{Officer: o, Cases: cases}, asOf)
	fmt.Print(pl)
	// Output:
	// plan for jo, week from 2026-11-23 (england-wales-reference 2026.12.0)
	// available 1.2 h; due 3.25 h (protected 1 h); planned 1 h
	// shortfall met
	// 1. c1 P1 keep [mappa protect-mappa] 60/60 min: kept: protected (protect-mappa: MAPPA-managed cases (any level) are protected: never reduced or paused.) work is never reduced or paused; graded P1 protect by rule mappa: MAPPA-managed cases are protected and never reduced.
	// 2. c2 P2 reduce [rosh-high] 0/45 min: reduced to 1 per 28 days, 45 min, face to face (step reduce-P2), saving 45 min this week; graded P2 core by rule rosh-high: High risk of serious harm is core work.
	// 3. c3 P3 reduce [standard] 0/45 min: reduced to 1 per 56 days, 45 min, face to face (step reduce-P3), saving 45 min this week; graded P3 reduce by rule standard: No protect, core or pause rule applies: reduced before core work.
	// 4. c4 P4 pause [licence-16-weeks] 0/45 min: paused (step pause-P4), saving 45 min this week; graded P4 pause by rule licence-16-weeks: A medium or low risk licence case 16 weeks after release has contact paused (2025 measure; sexual, domestic-abuse and serious-violence cases excepted).
}
