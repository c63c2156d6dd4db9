package tier_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// TestNationalVectors passes the national tiering service's own test cases
// (its integration tests: no sentence, needs, registration edge cases)
// through the public API: raw registrations and sentences in, a tier out,
// with no translation by hand.
func TestNationalVectors(t *testing.T) {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	nc := []risk.Sentence{{Type: "NC"}} // the service's default conviction
	// 18 change points of needs: six weight-1 needs severe (12), thinking
	// and behaviour severe (4), attitudes standard (2).
	needs18 := map[risk.Need]risk.Severity{
		risk.NeedAccommodation: risk.SeveritySevere, risk.NeedETE: risk.SeveritySevere, risk.NeedRelationships: risk.SeveritySevere,
		risk.NeedLifestyle: risk.SeveritySevere, risk.NeedDrugMisuse: risk.SeveritySevere, risk.NeedAlcoholMisuse: risk.SeveritySevere,
		risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeverityStandard,
	}
	tests := []struct {
		name  string
		regs  []risk.Registration
		sents []risk.Sentence
		base  risk.Assessment
		want  tier.Tier
		rule  string
	}{
		{
			name: "MAPPA M2 with no sentence", regs: []risk.Registration{{Code: "MAPP", Level: "M2", Date: d(2021, 2, 1)}},
			want: tier.A0, rule: tier.RuleNoMandate,
		},
		{
			name:  "18 change points and IOM make 3",
			regs:  []risk.Registration{{Code: "MAPP", Level: "M2", Date: d(2021, 2, 1)}, {Code: "IIOM", Date: d(2021, 2, 1)}},
			sents: []risk.Sentence{{Type: "SC"}},
			base:  risk.Assessment{NeedsAssessed: true, Needs: needs18},
			want:  tier.A3, rule: tier.RuleChange,
		},
		{
			name:  "latest of two MAPPA registrations",
			regs:  []risk.Registration{{Code: "MAPP", Level: "M1", Date: d(2020, 2, 1)}, {Code: "MAPP", Level: "M2", Date: d(2021, 2, 1)}},
			sents: nc, want: tier.A2, rule: tier.RuleNoNeedsAssessment,
		},
		{
			name:  "historic registrations excluded",
			regs:  []risk.Registration{{Code: "HREG", Level: "M2", Date: d(2021, 2, 1)}},
			sents: nc, want: tier.D2, rule: tier.RuleNoNeedsAssessment,
		},
		{
			name:  "historic MAPPA and a level M0",
			regs:  []risk.Registration{{Code: "HREG", Level: "M2", Date: d(2016, 6, 28)}, {Code: "MAPP", Level: "M0", Date: d(2008, 10, 24)}},
			sents: nc, base: risk.Assessment{RSR: decimal.NewFromInt(23), OGRS: 21}, want: tier.B2, rule: tier.RuleNoNeedsAssessment,
		},
		{
			name:  "two-thirds registration adds S",
			regs:  []risk.Registration{{Code: "HREG", Level: "M2", Date: d(2016, 6, 28)}, {Code: "PRC", Date: d(2024, 3, 22)}},
			sents: nc, base: risk.Assessment{RSR: decimal.NewFromInt(23), OGRS: 21}, want: tier.B2S, rule: tier.RuleNoNeedsAssessment,
		},
		{
			name:  "only unpaid work",
			sents: []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}}}},
			base:  risk.Assessment{OGRS: 50, NeedsAssessed: true}, want: tier.D0, rule: tier.RuleNoMandate,
		},
		{
			name:  "non-restrictive requirement: OGRS 50 gives 5 points, digit 1",
			sents: []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "RARREQ"}}}},
			base:  risk.Assessment{OGRS: 50, NeedsAssessed: true}, want: tier.D1, rule: tier.RuleChange,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dv, err := risk.Derive(tc.regs, tc.sents, nil, asOf)
			if err != nil {
				t.Fatal(err)
			}
			a := tc.base
			dv.Apply(&a)
			c, err := tier.Classify(a)
			if err != nil {
				t.Fatal(err)
			}
			if c.Tier != tc.want || c.Change.Rule != tc.rule {
				t.Errorf("tier %s by %s, want %s by %s\n%s", c.Tier, c.Change.Rule, tc.want, tc.rule, c)
			}
		})
	}
}

// The no-mandate reason names the cause the records show, never a fixed
// one.
func TestNoMandateReasonNamesTheCause(t *testing.T) {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		sents []risk.Sentence
		want  string
	}{
		{nil, "no mandate for change (no-sentence: there is no sentence) → 0; the change points are not used"},
		{[]risk.Sentence{{Type: "SC", Terminated: asOf.AddDate(0, -1, 0)}}, "no mandate for change (sentence-terminated: every sentence is terminated) → 0; the change points are not used"},
		{[]risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}}}}, "no mandate for change (unpaid-work-only: the only current requirements are unpaid work) → 0; the change points are not used"},
		{[]risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "CURF", Restrictive: true}}}}, "no mandate for change (restrictive-only: the only current requirements are restrictive (such as curfew or exclusion)) → 0; the change points are not used"},
	} {
		dv, err := risk.Derive(nil, tc.sents, nil, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var a risk.Assessment
		dv.Apply(&a)
		c, err := tier.Classify(a)
		if err != nil {
			t.Fatal(err)
		}
		if c.Change.Reason != tc.want || c.Change.Rule != "no-mandate" {
			t.Errorf("reason %q (%s), want %q", c.Change.Reason, c.Change.Rule, tc.want)
		}
	}
}

// Derived inputs feed the single-axis model too.
func TestDeriveSingleAxis(t *testing.T) {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	dv, err := risk.Derive([]risk.Registration{{Code: "MAPP", Level: "M2", Category: "M1", Date: asOf.AddDate(-1, 0, 0)}, {Code: "RVHR", Date: asOf.AddDate(-1, 0, 0)}},
		[]risk.Sentence{{Type: "SC"}}, nil, asOf)
	if err != nil {
		t.Fatal(err)
	}
	in := risk.SingleAxisInputs{ARP: dyn("10"), CSRP: dyn("0.2")}
	dv.ApplySingleAxis(&in)
	got, err := tier.ClassifySingleAxis(in, asOf)
	if err != nil || got.Tier != "A" || got.DecidedBy != "mappa-rosh" {
		t.Fatalf("%v %v", got, err)
	}
}
