package workload

import (
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

// The regression tests below each reproduce one finding of the safety
// review; every one failed on the code before the protected floor.

// safetyLicence is a licence case released three days before asOf: MAPPA
// level 3, very high RoSH, active child protection, assessed last month.
func safetyLicence() Case {
	return Case{ID: "mappa3", Officer: "o1", Tier: tier.A3, Type: tier.Licence,
		Start: prioDay(-400), Release: prioDay(-3), LastContact: prioDay(-3),
		Risk: CaseRisk{RoSH: risk.RoSHVeryHigh, MAPPA: risk.MAPPALevel3, Flags: risk.NewFlags(risk.FlagChildProtection), AssessedOn: prioDay(-30)}}
}

// hostileLadder returns the default configuration with a ladder that
// grades every licence case P4 (pause), and everything else P4 too.
func hostileLadder() Config {
	c := DefaultConfig()
	c.Name, c.Version = "hostile", "1"
	c.Priority.Rules = []PriorityRule{{Code: "licence", Grade: P4, Reason: "Licence cases are paused.",
		When: PriorityConditions{CaseTypeIn: []tier.CaseType{tier.Licence}}}}
	c.Priority.Default = PriorityDefault{Code: "rest", Grade: P4, Reason: "Everything else is paused."}
	return c
}

func hasCode(ds []Decision, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestRegressionLicenceLadderCannotPauseMAPPA3(t *testing.T) {
	p, err := NewPolicy(hostileLadder())
	if err != nil {
		t.Fatalf("a demoting ladder is accepted (the floor overrides it): %v", err)
	}
	c := safetyLicence()
	other := Case{ID: "low", Officer: "o1", Tier: tier.D1, Type: tier.Community, Start: prioDay(-400), LastContact: prioDay(-40),
		Risk: CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-30)}}
	// 0.5 h at the PO share of 0.6 is 0.3 case-facing hours: a shortfall.
	pl, err := p.PlanShortfall(Caseload{Officer: officer("o1", "0.5", ""), Cases: []Case{other, c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range pl.Lines {
		got[l.Case] = l.Action.String() + " " + l.Grade.String() + " " + l.Protection
	}
	want := map[string]string{"mappa3": "keep P1 protect-mappa", "low": "pause P4 "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s\n%s", diff, pl)
	}
	g, err := p.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P1 || g.Base != P4 || g.Rule != "licence" || !hasCode(g.Decisions, CodeFloorOverride) || g.Protection.Code != "protect-mappa" {
		t.Errorf("grading %+v: want P1 over the ladder's P4 (licence), floor-override, protect-mappa", g)
	}
	if !strings.Contains(g.String(), "floor-override of P4") {
		t.Errorf("String() hides the override: %s", g)
	}
}

func TestRegressionTwoThirdsAboveMAPPACannotPause(t *testing.T) {
	c := DefaultConfig()
	rules := c.Priority.Rules
	var moved []PriorityRule
	for _, r := range rules {
		if r.Code == "past-two-thirds" {
			moved = append([]PriorityRule{r}, moved...)
		} else {
			moved = append(moved, r)
		}
	}
	c.Priority.Rules = moved
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	cs := safetyLicence()
	cs.Release, cs.TwoThirds = prioDay(-200), prioDay(-10)
	g, err := p.PriorityOf(cs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P1 || g.Rule != "past-two-thirds" || g.Protection.Code != "protect-mappa" {
		t.Errorf("got %s by %s (%s), want P1 by the floor over past-two-thirds", g.Grade, g.Rule, g.Protection.Code)
	}
}

func TestRegressionRereleaseBeatsTwoThirds(t *testing.T) {
	// Released 200 days ago, recalled 60 days ago, re-released 3 days ago;
	// the two-thirds date passed 10 days ago; high RoSH. The critical
	// period (42 days) after the re-release beats the two-thirds phase.
	c := Case{ID: "recall", Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: prioDay(-500),
		Release: prioDay(-200), Recalled: prioDay(-60), Rereleased: prioDay(-3), TwoThirds: prioDay(-10),
		Risk: CaseRisk{RoSH: risk.RoSHHigh, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-30)}}
	g, err := prioPolicy.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P1 || g.Phase != tier.Critical || g.Protection.Code != "protect-critical-period" {
		t.Errorf("got %s in %s (%s), want P1 critical, protect-critical-period", g.Grade, g.Phase, g.Protection.Code)
	}
	if g.Urgency.DaysSinceStart != 3 {
		t.Errorf("days since start %d, want 3 (since the re-release)", g.Urgency.DaysSinceStart)
	}
	// Day 42 after the re-release: past the critical period, past
	// two-thirds again.
	if ph := prioPolicy.Phase(c, prioDay(39)); ph != tier.PastTwoThirds {
		t.Errorf("phase 42 days after re-release = %s, want past-two-thirds", ph)
	}
	if ph := prioPolicy.Phase(c, prioDay(38)); ph != tier.Critical {
		t.Errorf("phase 41 days after re-release = %s, want critical", ph)
	}
	// The bulk path agrees.
	ms, err := prioPolicy.MeasureRoster(Roster{Officers: []Officer{officer("o1", "37", "")}, Cases: []Case{c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if l := ms.Loads()[0]; len(l.Lines) > 0 && l.Lines[0].Phase != tier.Critical {
		t.Errorf("bulk phase %s, want critical", l.Lines[0].Phase)
	}
}

func TestCaseDateOrder(t *testing.T) {
	base := Case{ID: "c", Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: prioDay(-300), Release: prioDay(-100),
		Risk: CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone}}
	tests := []struct {
		name string
		edit func(*Case)
		want string
	}{
		{"two-thirds before start", func(c *Case) { c.Release = time.Time{}; c.TwoThirds = prioDay(-301) },
			`workload: case.twoThirds "2026-01-26": inconsistent: twoThirds is before start 2026-01-27: the two-thirds point follows the start`},
		{"two-thirds before release", func(c *Case) { c.TwoThirds = prioDay(-101) },
			`workload: case.twoThirds "2026-08-14": inconsistent: twoThirds is before release 2026-08-15: the two-thirds point follows the release`},
		{"release before start", func(c *Case) { c.Release = prioDay(-301) },
			`workload: case.release "2026-01-26": inconsistent: release is before start 2026-01-27: a release follows the start`},
		{"end before start", func(c *Case) { c.End = prioDay(-301) },
			`workload: case.end "2026-01-26": inconsistent: end is before start 2026-01-27: a case ends after it starts`},
		{"re-release before recall", func(c *Case) { c.Recalled, c.Rereleased = prioDay(-50), prioDay(-51) },
			`workload: case.rereleased "2026-10-03": inconsistent: rereleased is before recalled 2026-10-04: a re-release follows the recall`},
		{"recall before release", func(c *Case) { c.Recalled = prioDay(-101) },
			`workload: case.recalled "2026-08-14": inconsistent: recalled is before release 2026-08-15: a recall follows a release`},
		{"re-release without recall", func(c *Case) { c.Rereleased = prioDay(-5) },
			`workload: case.rereleased "2026-11-18": inconsistent: a re-release needs a recall: recalled is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.edit(&c)
			_, err := prioPolicy.PriorityOf(c, asOf)
			if !errors.Is(err, ErrInconsistent) {
				t.Fatalf("err = %v, want ErrInconsistent", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegressionA3WithEmptyRisk(t *testing.T) {
	base := Case{ID: "a3", Officer: "o1", Tier: tier.A3, Type: tier.Community, Start: prioDay(-300), LastContact: prioDay(-3)}
	tests := []struct {
		name     string
		risk     CaseRisk
		category string
		findings []string
	}{
		{"risk fields empty", CaseRisk{}, "protect-mappa-not-recorded", []string{CodeMAPPANotRecorded, CodeRiskNotAssessed}},
		{"MAPPA none, no RoSH", CaseRisk{MAPPA: risk.MAPPANone}, "protect-tier-letter-a", []string{CodeRiskNotAssessed}},
		{"low RoSH and no MAPPA contradict the letter", CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-10)},
			"protect-tier-letter-a", []string{CodeTierRiskMismatch}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Risk = tt.risk
			g, err := prioPolicy.PriorityOf(c, asOf)
			if err != nil {
				t.Fatal(err)
			}
			var findings []string
			for _, f := range g.Findings {
				findings = append(findings, f.Code)
			}
			if g.Grade != P1 || g.Protection.Code != tt.category {
				t.Errorf("got %s (%s), want P1 (%s)", g.Grade, g.Protection.Code, tt.category)
			}
			if diff := cmp.Diff(tt.findings, findings); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTierRiskMismatchReadsTheATier(t *testing.T) {
	// D2 with very high RoSH: the risk fields give letter A. The reference
	// table asks 1 per 14 days, 30 min of D2 in the critical period and 1
	// per 7 days, 75 min of A2... in the standard phase D2 asks 1 per 42
	// days, 30 min, A2 1 per 7 days, 75 min: the A reading applies.
	c := Case{ID: "d2", Officer: "o1", Tier: tier.D2, Type: tier.Community, Start: prioDay(-300), LastContact: prioDay(-1),
		Risk: CaseRisk{RoSH: risk.RoSHVeryHigh, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-10)}}
	s, err := prioPolicy.Schedule(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if s.ContactTier != tier.A2 || s.Requirement.Days != 7 {
		t.Errorf("contact tier %s %s, want A2 at 1 per 7 days", s.ContactTier, s.Requirement)
	}
	g, err := prioPolicy.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !hasCode(g.Findings, CodeTierRiskMismatch) || !hasCode(g.Decisions, CodeRaiseContactReading) || g.Grade != P1 {
		t.Errorf("grading %v: want P1 with tier-risk-mismatch and raise-contact-reading", g)
	}
}

func TestRegressionStaleD3NeverFewerContacts(t *testing.T) {
	// Reference table: D3 asks 1 per 42 days (standard) and 1 per 14
	// (critical); C0, the next tier up in scheme order, 1 per 56 and 1 per
	// 7. Stale risk must read the more demanding of the two in each phase:
	// D3's 1 per 42 in the standard phase, C0's 1 per 7 in the critical.
	stale := Case{ID: "d3", Officer: "o1", Tier: tier.D3, Type: tier.Community, Start: prioDay(-300), LastContact: prioDay(-1),
		Risk: CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-400)}}
	s, err := prioPolicy.Schedule(stale, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if s.Requirement.Days != 42 || s.ContactTier != tier.D3 {
		t.Errorf("stale D3 standard: %s as %s, want 1 per 42 days as D3 (C0's 1 per 56 is less contact)", s.Requirement, s.ContactTier)
	}
	stale.Start = prioDay(-3)
	s, err = prioPolicy.Schedule(stale, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if s.Requirement.Days != 7 || s.ContactTier != tier.C0 {
		t.Errorf("stale D3 critical: %s as %s, want 1 per 7 days as C0", s.Requirement, s.ContactTier)
	}
	g, err := prioPolicy.PriorityOf(stale, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !hasCode(g.Decisions, CodeRaiseContactReading) {
		t.Errorf("no raise-contact-reading decision: %v", g.Decisions)
	}
}

func TestRegressionCaseFacingHours(t *testing.T) {
	// An SPO on 37 h has 37 × 0.05 = 1.85 case-facing hours, a PO 37 × 0.6
	// = 22.2 (the policy's illustrative shares), never all 37.
	cases := []Case{{ID: "c1", Officer: "spo", Tier: tier.B2, Type: tier.Community, Start: prioDay(-300), LastContact: prioDay(-20),
		Risk: CaseRisk{RoSH: risk.RoSHMedium, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-10)}}}
	for _, tt := range []struct {
		grade Grade
		want  string
	}{{SPO, "1.85"}, {PO, "22.2"}, {PSO, "24.05"}, {PQiP, "18.5"}, {NQO, "20.35"}} {
		o := Officer{ID: "spo", Team: "T1", Grade: tt.grade, Hours: d("37")}
		pl, err := prioPolicy.PlanShortfall(Caseload{Officer: o, Cases: cases}, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !pl.Available.Equal(d(tt.want)) || !pl.Net.Equal(d("37")) {
			t.Errorf("%s: available %s of net %s, want %s of 37", tt.grade, pl.Available, pl.Net, tt.want)
		}
		dm, err := prioPolicy.Demand(Caseload{Officer: o, Cases: cases}, asOf, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !dm.Weeks[0].Available.Equal(d(tt.want)) {
			t.Errorf("%s: demand available %s, want %s", tt.grade, dm.Weeks[0].Available, tt.want)
		}
		l, err := prioPolicy.Measure(Caseload{Officer: o, Cases: cases}, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !l.Hours.CaseFacing.Equal(d(tt.want)) {
			t.Errorf("%s: load case-facing %s, want %s", tt.grade, l.Hours.CaseFacing, tt.want)
		}
	}
	c := DefaultConfig()
	gc := c.Grades[PO]
	gc.CaseFacing = decimal.Zero
	c.Grades[PO] = gc
	if _, err := NewPolicy(c); !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), "grades.PO.caseFacing") {
		t.Errorf("a zero case-facing share: err = %v, want out of range naming grades.PO.caseFacing", err)
	}
}

func TestNoRoSHIsNeverPaused(t *testing.T) {
	// A low-tier licence case 20 weeks out with no RoSH: the default ladder
	// would not pause it (roshAtMost never matches an unknown RoSH), and a
	// hostile one that pauses everything is held at P3 by the floor.
	p, err := NewPolicy(hostileLadder())
	if err != nil {
		t.Fatal(err)
	}
	c := Case{ID: "norosh", Officer: "o1", Tier: tier.D1, Type: tier.Licence, Start: prioDay(-400), Release: prioDay(-140), LastContact: prioDay(-200),
		Risk: CaseRisk{MAPPA: risk.MAPPANone, AssessedOn: prioDay(-10)}}
	pl, err := p.PlanShortfall(Caseload{Officer: officer("o1", "0", ""), Cases: []Case{c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	l := pl.Lines[0]
	if l.Action == ContactPause || !l.NoPause || l.Grade != P3 || !hasCode(l.Decisions, CodeNoPause) {
		t.Errorf("line %s (no-pause %v, decisions %v): want never paused, P3", l, l.NoPause, l.Decisions)
	}
	if pl.Escalation == nil || pl.Escalation.Code != CodeEscalate {
		t.Errorf("escalation %+v, want escalate-protected-work", pl.Escalation)
	}
}

func TestPolicyProtectRules(t *testing.T) {
	c := hostileLadder()
	c.Priority.Protect = []ProtectRule{{Code: "protect-iom", Reason: "Integrated offender management is protected here.",
		When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagIOM)}}}
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	cs := Case{ID: "iom", Officer: "o1", Tier: tier.C1, Type: tier.Community, Start: prioDay(-300),
		Risk: CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone, Flags: risk.NewFlags(risk.FlagIOM), AssessedOn: prioDay(-10)}}
	g, err := p.PriorityOf(cs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P1 || g.Protection.Code != "protect-iom" {
		t.Errorf("got %s (%s), want P1 protect-iom", g.Grade, g.Protection.Code)
	}
	c.Priority.Protect = []ProtectRule{{Code: "iom", Reason: "r"}, {Code: "protect-mappa", Reason: "r"}}
	_, err = NewPolicy(c)
	for _, want := range []string{`priority.protect[0].code "iom": syntax error`, `priority.protect[1].code "protect-mappa": duplicate`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to contain %s", err, want)
		}
	}
	// Round trip keeps the added categories.
	b, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Policy
	if err := back.UnmarshalJSON(b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p.Config().Priority.Protect, back.Config().Priority.Protect); diff != "" {
		t.Errorf("protect rules after a round trip (-want +got):\n%s", diff)
	}
}

func TestProtectedCategoriesCodes(t *testing.T) {
	var got []string
	for _, c := range ProtectedCategories() {
		if c.Reason == "" {
			t.Errorf("%s has no sentence", c.Code)
		}
		got = append(got, c.Code)
	}
	want := []string{"protect-mappa", "protect-mappa-not-recorded", "protect-rosh-very-high", "protect-child-protection",
		"protect-national-security", "protect-tier-letter-a", "protect-critical-period"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
}

// --- Properties over generated policies and dates ---------------------

// safetyPolicy draws a policy from the policy grammar: an arbitrary ladder
// of up to 8 rules with random grades and conditions, a random default
// grade, conservative on or off, and sometimes a hostile one that pauses
// everything (no rules, default P4) or demotes every protected category.
func safetyPolicy(t *rapid.T) *Policy { return safetyPolicyWith(t, nil) }

// safetyPolicyWith is safetyPolicy with a last edit of the configuration.
func safetyPolicyWith(t *rapid.T, edit func(*Config)) *Policy {
	c := DefaultConfig()
	c.Name, c.Version = "generated", "0"
	grades := PriorityGrades()
	switch rapid.IntRange(0, 3).Draw(t, "ladderKind") {
	case 0: // pause everything
		c.Priority.Rules = nil
		c.Priority.Default = PriorityDefault{Code: "pause-all", Grade: P4, Reason: "Everything is paused."}
	case 1: // demote every protected category
		c.Priority.Rules = []PriorityRule{
			{Code: "mappa-pause", Grade: P4, Reason: "r", When: PriorityConditions{MAPPAAtLeast: risk.MAPPALevel1}},
			{Code: "vh-pause", Grade: P4, Reason: "r", When: PriorityConditions{RoSHAtLeast: risk.RoSHVeryHigh}},
			{Code: "critical-pause", Grade: P4, Reason: "r", When: PriorityConditions{PhaseIn: []tier.Phase{tier.Critical}}},
			{Code: "flags-pause", Grade: P4, Reason: "r", When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagChildProtection, risk.FlagNationalSecurity)}},
		}
		c.Priority.Default = PriorityDefault{Code: "rest", Grade: P3, Reason: "r"}
	default: // arbitrary ladder
		n := rapid.IntRange(0, 8).Draw(t, "rules")
		c.Priority.Rules = nil
		for i := 0; i < n; i++ {
			var w PriorityConditions
			if rapid.Bool().Draw(t, "mappaCond") {
				w.MAPPAAtLeast = rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPALevel1, risk.MAPPALevel2, risk.MAPPALevel3}).Draw(t, "mappaAtLeast")
			}
			if rapid.Bool().Draw(t, "roshCond") {
				w.RoSHAtLeast = rapid.SampledFrom(risk.AllRoSH()).Draw(t, "roshAtLeast")
			}
			if rapid.Bool().Draw(t, "phaseCond") {
				w.PhaseIn = []tier.Phase{rapid.SampledFrom(tier.Phases()).Draw(t, "phase")}
			}
			if rapid.Bool().Draw(t, "typeCond") {
				w.CaseTypeIn = []tier.CaseType{rapid.SampledFrom(tier.CaseTypes()).Draw(t, "caseType")}
			}
			if rapid.Bool().Draw(t, "flagCond") {
				w.FlagsAny = risk.NewFlags(rapid.SampledFrom(risk.AllFlags()).Draw(t, "flag"))
			}
			if rapid.Bool().Draw(t, "weeksCond") {
				w.WeeksSinceReleaseAtLeast = rapid.IntRange(1, 30).Draw(t, "weeks")
			}
			c.Priority.Rules = append(c.Priority.Rules, PriorityRule{Code: "r" + strconv.Itoa(i),
				Grade: rapid.SampledFrom(grades).Draw(t, "grade"), Reason: "generated", When: w})
			if w.empty() {
				break // nothing after an unconditional rule is reachable
			}
		}
		c.Priority.Default = PriorityDefault{Code: "default", Grade: rapid.SampledFrom(grades).Draw(t, "defaultGrade"), Reason: "generated"}
	}
	c.Priority.Conservative = rapid.Bool().Draw(t, "conservative")
	if edit != nil {
		edit(&c)
	}
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatalf("generated policy is invalid: %v", err)
	}
	return p
}

// safetyCase draws a case with any risk (unknown MAPPA, RoSH and flags
// included) and dates in a possible order, recalls and re-releases
// included.
func safetyCase(t *rapid.T, id string) Case {
	c := Case{ID: id, Officer: "o1",
		Tier:     rapid.SampledFrom(tier.All()).Draw(t, "tier"),
		Type:     rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
		Inactive: rapid.SampledFrom([]tier.Inactive{tier.Active, tier.Active, tier.Active, tier.Warrant, tier.UnpaidWorkOnly}).Draw(t, "inactive"),
		Start:    prioDay(-rapid.IntRange(0, 900).Draw(t, "startAgo")),
	}
	start := -int(asOf.Sub(c.Start).Hours() / 24)
	if c.Type != tier.Community && rapid.Bool().Draw(t, "released") {
		rel := start + rapid.IntRange(0, 600).Draw(t, "releaseAfter")
		c.Release = prioDay(rel)
		if rapid.Bool().Draw(t, "recalled") {
			rec := rel + rapid.IntRange(0, 200).Draw(t, "recallAfter")
			c.Recalled = prioDay(rec)
			if rapid.Bool().Draw(t, "rereleased") {
				c.Rereleased = prioDay(rec + rapid.IntRange(0, 120).Draw(t, "rereleaseAfter"))
			}
		}
	}
	if rapid.Bool().Draw(t, "hasTwoThirds") {
		from := start
		if !c.Release.IsZero() {
			from = -int(asOf.Sub(c.Release).Hours() / 24)
		}
		c.TwoThirds = prioDay(from + rapid.IntRange(0, 400).Draw(t, "twoThirdsAfter"))
	}
	if c.Type != tier.Community && rapid.IntRange(0, 3).Draw(t, "recallScenario") == 0 {
		// The finding of the safety review: re-released after recall in
		// the last weeks, the two-thirds date already passed.
		c.Start, c.Release, c.Recalled = prioDay(-700), prioDay(-300), prioDay(-100)
		c.Rereleased = prioDay(-rapid.IntRange(0, 60).Draw(t, "rereleasedAgo"))
		c.TwoThirds = prioDay(-rapid.IntRange(1, 90).Draw(t, "twoThirdsAgo"))
	}
	if rapid.IntRange(0, 3).Draw(t, "contacted") > 0 {
		c.LastContact = prioDay(-rapid.IntRange(0, 120).Draw(t, "lastContactAgo"))
	}
	c.Risk = CaseRisk{
		RoSH:         rapid.SampledFrom([]risk.RoSH{risk.RoSHUnknown, risk.RoSHLow, risk.RoSHMedium, risk.RoSHHigh, risk.RoSHVeryHigh}).Draw(t, "rosh"),
		MAPPA:        rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPAUnknown, risk.MAPPANone, risk.MAPPANone, risk.MAPPANone, risk.MAPPALevel1, risk.MAPPALevel2, risk.MAPPALevel3}).Draw(t, "mappa"),
		FlagsUnknown: rapid.IntRange(0, 5).Draw(t, "flagsUnknown") == 0,
		Provisional:  rapid.IntRange(0, 4).Draw(t, "provisional") == 0,
	}
	for _, f := range risk.AllFlags() {
		if rapid.IntRange(0, 7).Draw(t, "flag-"+f.String()) == 0 {
			c.Risk.Flags = c.Risk.Flags.With(f)
		}
	}
	if rapid.IntRange(0, 5).Draw(t, "dated") > 0 {
		c.Risk.AssessedOn = prioDay(-rapid.IntRange(0, 500).Draw(t, "assessedAgo"))
	}
	return c
}

// domainProtected is the protected floor typed from the domain reference,
// independently of the implementation: any MAPPA level or MAPPA not
// recorded, very high RoSH, child protection, national security, tier
// letter A, or the first 42 days after commencement (a case never
// released), release or re-release after recall, for a case that is
// active or unpaid-work-only and not a custody case awaiting release.
func domainProtected(c Case) bool {
	rk := c.Risk
	if rk.MAPPA != risk.MAPPANone || rk.RoSH == risk.RoSHVeryHigh ||
		rk.Flags.Has(risk.FlagChildProtection) || rk.Flags.Has(risk.FlagNationalSecurity) ||
		strings.HasPrefix(string(c.Tier), "A") {
		return true
	}
	if c.Inactive == tier.Warrant || c.Inactive == tier.OverdueTermination {
		return false
	}
	if c.Type == tier.Custody && (c.Release.IsZero() || c.Release.After(asOf)) {
		return false
	}
	within := func(t time.Time) bool {
		if t.IsZero() || t.After(asOf) {
			return false
		}
		return asOf.Sub(t) < 42*24*time.Hour
	}
	if c.Release.IsZero() {
		return within(c.Start)
	}
	return within(c.Release) || within(c.Rereleased)
}

func TestProtectedUnderAnyPolicy(t *testing.T) { rapid.Check(t, testProtectedUnderAnyPolicy) }
func FuzzProtectedUnderAnyPolicy(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testProtectedUnderAnyPolicy))
}

// testProtectedUnderAnyPolicy: under any generated policy (hostile ladders
// that pause or demote everything included) and any dates (recalls
// included), a case the domain reference protects is graded P1, named by a
// protect-* category, ordered before every unprotected case, and kept in
// full in every shortfall plan; a case whose RoSH or flags are unknown is
// never paused.
//
// Deliberate breaks this caught (each made once, run with the default 100
// checks, then restored; rapid picks a fresh seed per run, noted here):
//   - Policy.grade without the floor (`g.Grade = P1` commented out):
//     failed after 1 test, a MAPPA-not-recorded case graded P4 under
//     "pause everything" (-rapid.seed=739866384526213793);
//   - phaseOn checking the two-thirds date before the critical period
//     (the old order): failed after 0 tests, a case re-released after
//     recall past its two-thirds date graded P3 with no protection
//     (-rapid.seed=17071145957750743646);
//   - PlanShortfall pausing NoPause lines (the `if ln.NoPause` guard
//     removed): failed after 2 tests, a no-RoSH P3 case paused at step
//     pause-P3 (-rapid.seed=8902321569134514655).
func testProtectedUnderAnyPolicy(t *rapid.T) {
	p := safetyPolicy(t)
	n := rapid.IntRange(1, 8).Draw(t, "cases")
	cl := Caseload{Officer: Officer{ID: "o1", Team: "T1", Grade: PO,
		Hours: decimal.New(int64(rapid.IntRange(0, 16).Draw(t, "quarterHours")), 0).Div(decimal.NewFromInt(4))}}
	for i := 0; i < n; i++ {
		c := safetyCase(t, "c"+strconv.Itoa(i))
		if rapid.IntRange(0, 3).Draw(t, "unprotectedNoRoSH") == 0 {
			// Often a case nothing protects but whose RoSH is unknown:
			// it may be reduced, never paused.
			c.Tier = rapid.SampledFrom([]tier.Tier{tier.C1, tier.D1, tier.D2}).Draw(t, "lowTier")
			c.Risk.RoSH, c.Risk.MAPPA = risk.RoSHUnknown, risk.MAPPANone
			c.Risk.Flags = c.Risk.Flags.Without(risk.FlagChildProtection).Without(risk.FlagNationalSecurity)
		}
		cl.Cases = append(cl.Cases, c)
	}
	pl, err := p.PlanShortfall(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := p.Prioritise(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	protected := map[string]bool{}
	for _, c := range cl.Cases {
		protected[c.ID] = domainProtected(c)
	}
	byID := map[string]Case{}
	for _, c := range cl.Cases {
		byID[c.ID] = c
	}
	seenBelowTop := false
	for _, r := range ps.Cases {
		if protected[r.Case] {
			if r.Grade != P1 || !strings.HasPrefix(r.Protection.Code, "protect-") || r.Protection.Reason == "" {
				t.Fatalf("protected case %s graded %s (%q): %s", r.Case, r.Grade, r.Protection.Code, r.Explain())
			}
			if seenBelowTop {
				t.Fatalf("protected case %s ordered after a case below P1:\n%s", r.Case, ps)
			}
		} else if r.Grade != P1 {
			seenBelowTop = true
		}
	}
	for _, l := range pl.Lines {
		if protected[l.Case] && (l.Action != ContactKeep || l.PlannedMinutes != l.Minutes || l.Protection == "") {
			t.Fatalf("protected case cut: %s\n%s", l, pl)
		}
		c := byID[l.Case]
		if (c.Risk.RoSH == risk.RoSHUnknown || c.Risk.FlagsUnknown) && l.Action == ContactPause {
			t.Fatalf("case with unknown risk paused: %s", l)
		}
		if !pl.Shortfall && l.Action != ContactKeep {
			t.Fatalf("cut without a shortfall: %s", l)
		}
	}
}

func TestStaleNeverFewerContacts(t *testing.T) { rapid.Check(t, testStaleNeverFewerContacts) }
func FuzzStaleNeverFewerContacts(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testStaleNeverFewerContacts))
}

// testStaleNeverFewerContacts: the same case with stale or provisional
// risk never has fewer contacts due over the next 12 weeks than with a
// settled assessment, under any generated policy.
//
// Deliberate break this caught: reading the next tier up in scheme order
// outright, the old rule (`moreDemanding(...)` in readContacts replaced by
// `true`): failed after 20 tests, a stale D3 read as C0 (1 per 56 days)
// with 1 contact in 12 weeks against 2 settled (1 per 42 days)
// (-rapid.seed=4477754063627270540).
func testStaleNeverFewerContacts(t *rapid.T) {
	// Conservative on: with it off nothing is raised and nothing can fail.
	p := safetyPolicyWith(t, func(c *Config) { c.Priority.Conservative = true })
	c := safetyCase(t, "c")
	if rapid.IntRange(0, 1).Draw(t, "d3") == 0 {
		// D3 is the tier whose next tier up in scheme order (C0) asks for
		// less contact: draw it often.
		c.Tier = rapid.SampledFrom([]tier.Tier{tier.D3, tier.D3S}).Draw(t, "d3tier")
		c.LastContact = prioDay(-rapid.IntRange(1, 30).Draw(t, "d3LastContactAgo"))
	}
	if c.Risk.RoSH == risk.RoSHUnknown {
		c.Risk.RoSH = risk.RoSHMedium
	}
	settled := c
	settled.Risk.Provisional = false
	settled.Risk.AssessedOn = prioDay(-10)
	unsettled := c
	if rapid.Bool().Draw(t, "stale") {
		unsettled.Risk.AssessedOn = prioDay(-400)
	} else {
		unsettled.Risk.Provisional = true
	}
	a, err := p.ContactsDue(settled, asOf, prioDay(84))
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.ContactsDue(unsettled, asOf, prioDay(84))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < len(a) {
		t.Fatalf("unsettled %s: %d contacts, settled %d", unsettled.Tier, len(b), len(a))
	}
}

func TestMismatchReadsProtectively(t *testing.T) { rapid.Check(t, testMismatchReadsProtectively) }
func FuzzMismatchReadsProtectively(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testMismatchReadsProtectively))
}

// testMismatchReadsProtectively: when the England & Wales tier letter and
// the risk fields disagree (letter A with RoSH below very high and MAPPA
// below level 2, both recorded; or very high RoSH or MAPPA 2/3 with
// another letter), the grading reports tier-risk-mismatch, is P1 under
// any generated policy, and the case never has fewer contacts due than
// under either reading alone (its own tier, and the A tier the risk fields
// imply).
//
// Deliberate breaks this caught:
//   - `mismatch` always reporting no disagreement: failed after 0 tests,
//     an A3 with low RoSH and no MAPPA without the finding
//     (-rapid.seed=3455819579131691659);
//   - the A-tier reading dropped (no readContacts for the tier the risk
//     fields imply): failed after 0 tests, a B3 with MAPPA 2 and no RoSH
//     with 9 contacts in 12 weeks against 12 as A3
//     (-rapid.seed=1829938124151324939);
//   - Policy.grade without the floor: failed after 0 tests, an A3 graded
//     P4 (-rapid.seed=10540588098566650866).
func testMismatchReadsProtectively(t *rapid.T) {
	p := safetyPolicy(t)
	c := safetyCase(t, "c")
	c.Tier = rapid.SampledFrom(tier.All()[:32]).Draw(t, "ewTier")
	c.Risk.AssessedOn, c.Risk.Provisional = prioDay(-10), false
	letter, digit := c.Tier[0], c.Tier[1]
	var twin Case
	if letter == 'A' {
		c.Risk.RoSH = rapid.SampledFrom([]risk.RoSH{risk.RoSHLow, risk.RoSHMedium, risk.RoSHHigh}).Draw(t, "lowRoSH")
		c.Risk.MAPPA = rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPANone, risk.MAPPALevel1}).Draw(t, "lowMAPPA")
	} else {
		if rapid.Bool().Draw(t, "byRoSH") {
			c.Risk.RoSH = risk.RoSHVeryHigh
		} else {
			c.Risk.MAPPA = rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPALevel2, risk.MAPPALevel3}).Draw(t, "highMAPPA")
		}
		twin = c
		twin.Tier = tier.Tier("A" + string(digit) + string(c.Tier[2:]))
	}
	g, err := p.PriorityOf(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != P1 || !hasCode(g.Findings, CodeTierRiskMismatch) {
		t.Fatalf("%s with RoSH %s MAPPA %s: graded %s, findings %v", c.Tier, c.Risk.RoSH, c.Risk.MAPPA, g.Grade, g.Findings)
	}
	if twin.ID == "" {
		return
	}
	mine, err := p.ContactsDue(c, asOf, prioDay(84))
	if err != nil {
		t.Fatal(err)
	}
	asA, err := p.ContactsDue(twin, asOf, prioDay(84))
	if err != nil {
		t.Fatal(err)
	}
	own := c
	own.Risk = CaseRisk{RoSH: risk.RoSHLow, MAPPA: risk.MAPPANone, AssessedOn: prioDay(-10)}
	asOwn, err := p.ContactsDue(own, asOf, prioDay(84))
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) < len(asA) || len(mine) < len(asOwn) {
		t.Fatalf("%s read as A: %d contacts, A tier %d, own tier %d", c.Tier, len(mine), len(asA), len(asOwn))
	}
}

// ProtectedCategories lists the floor no policy can lower.
func ExampleProtectedCategories() {
	for _, c := range ProtectedCategories() {
		fmt.Println(c.Code)
	}
	// Output:
	// protect-mappa
	// protect-mappa-not-recorded
	// protect-rosh-very-high
	// protect-child-protection
	// protect-national-security
	// protect-tier-letter-a
	// protect-critical-period
}

// A ladder that pauses everything is accepted, and the protected floor
// overrides it for a MAPPA case; a policy can add its own protected
// category (ProtectRule).
func ExamplePolicy_PriorityOf_protectedFloor() {
	c := DefaultConfig()
	c.Name, c.Version = "pause-everything", "1"
	c.Priority.Rules = nil
	c.Priority.Default = PriorityDefault{Code: "pause-all", Grade: P4, Reason: "Every case is paused."}
	c.Priority.Protect = []ProtectRule{{Code: "protect-iom", Reason: "IOM cases are protected in this team.",
		When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagIOM)}}}
	p, err := NewPolicy(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, cs := range []Case{
		{ID: "mappa", Officer: "jo", Tier: tier.B2, Type: tier.Community, Start: on.AddDate(-1, 0, 0),
			Risk: CaseRisk{RoSH: risk.RoSHHigh, MAPPA: risk.MAPPALevel1, AssessedOn: on.AddDate(0, -1, 0)}},
		{ID: "iom", Officer: "jo", Tier: tier.C2, Type: tier.Community, Start: on.AddDate(-1, 0, 0),
			Risk: CaseRisk{RoSH: risk.RoSHMedium, MAPPA: risk.MAPPANone, Flags: risk.NewFlags(risk.FlagIOM), AssessedOn: on.AddDate(0, -1, 0)}},
		{ID: "other", Officer: "jo", Tier: tier.C2, Type: tier.Community, Start: on.AddDate(-1, 0, 0),
			Risk: CaseRisk{RoSH: risk.RoSHMedium, MAPPA: risk.MAPPANone, AssessedOn: on.AddDate(0, -1, 0)}},
	} {
		g, err := p.PriorityOf(cs, on)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(g.Case, g.Grade, g.Protection.Code, g.Decisions)
	}
	// Output:
	// mappa P1 protect-mappa [floor-override: The policy's ladder graded the case P4 by rule pause-all; the protected floor keeps it P1 (protect-mappa).]
	// iom P1 protect-iom [floor-override: The policy's ladder graded the case P4 by rule pause-all; the protected floor keeps it P1 (protect-iom).]
	// other P4  []
}
