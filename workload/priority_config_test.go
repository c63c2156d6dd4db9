package workload

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

func TestPriorityConfigRoundTrip(t *testing.T) {
	want := DefaultConfig()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Priority, got.Priority); diff != "" {
		t.Errorf("priority config after a JSON round trip (-want +got):\n%s", diff)
	}
	if _, err := NewPolicy(got); err != nil {
		t.Errorf("decoded default is invalid: %v", err)
	}
}

func TestPriorityConfigCloneIsDeep(t *testing.T) {
	c := DefaultConfig()
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Priority.Rules[4].When.PhaseIn[0] = tier.Standard
	c.Priority.Rules[0].Grade = P4
	if got := p.Config().Priority.Rules; got[4].When.PhaseIn[0] != tier.Critical || got[0].Grade != P1 {
		t.Error("changing the config changed the policy")
	}
}

// prioDecodeRules decodes a policy document whose priority section is
// replaced by section.
func prioDecodeRules(t *testing.T, section string) (Config, error) {
	t.Helper()
	b, err := json.Marshal(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc["priority"] = json.RawMessage(section)
	b, err = json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return DecodeConfig(bytes.NewReader(b))
}

func TestPriorityConfigCustomLadder(t *testing.T) {
	cfg, err := prioDecodeRules(t, `{
		"rules": [
			{"code": "top-tiers", "grade": "P1", "reason": "A3 and A2 cases are protected here.", "when": {"tierIn": ["A3", "A2"]}},
			{"code": "custody", "grade": "P4", "reason": "Custody work waits.", "when": {"caseTypeIn": ["custody"], "roshAtMost": "high"}}
		],
		"default": {"code": "rest", "grade": "P2", "reason": "Everything else is core."},
		"maxAssessmentAgeDays": 180, "conservative": false, "reduceFactor": 3,
		"urgency": {"rosh": 1, "mappa": 0, "imminence": 0, "imminenceDays": 0, "overdue": 0, "overdueCapDays": 0, "unsettled": 0, "escalation": 0, "escalationDays": 0}
	}`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c     Case
		grade Priority
		rule  string
	}{
		{prioCase("a", tier.A2, risk.RoSHLow), P1, "top-tiers"},
		{func() Case { c := prioCase("b", tier.B2, risk.RoSHHigh); c.Type = tier.Custody; return c }(), P4, "custody"},
		// Very high RoSH is protected: the floor overrides the ladder's P2.
		{func() Case { c := prioCase("c", tier.B2, risk.RoSHVeryHigh); c.Type = tier.Custody; return c }(), P1, "rest"},
	} {
		g, err := p.PriorityOf(tt.c, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if g.Grade != tt.grade || g.Rule != tt.rule {
			t.Errorf("%s: got %s by %s, want %s by %s", tt.c.ID, g.Grade, g.Rule, tt.grade, tt.rule)
		}
	}
}

func TestPriorityConfigStrict(t *testing.T) {
	for _, tt := range []struct{ name, section string }{
		{"unknown field in a rule", `{"rules": [{"code": "x", "grade": "P1", "reason": "r", "when": {"mappaAny": true}}]}`},
		{"unknown grade", `{"rules": [{"code": "x", "grade": "P5", "reason": "r", "when": {}}]}`},
		{"unknown flag", `{"rules": [{"code": "x", "grade": "P1", "reason": "r", "when": {"flagsAny": ["arson"]}}]}`},
		{"unknown phase", `{"rules": [{"code": "x", "grade": "P1", "reason": "r", "when": {"phaseIn": ["early"]}}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := prioDecodeRules(t, tt.section); !errors.Is(err, ErrSyntax) {
				t.Errorf("err = %v, want a syntax error", err)
			}
		})
	}
}

func TestPriorityConfigValidate(t *testing.T) {
	c := DefaultConfig()
	pc := &c.Priority
	pc.Rules = []PriorityRule{
		{Code: "", Grade: PriorityUnknown, Reason: ""},
		{Code: "Bad Code", Grade: P2, Reason: "r", When: PriorityConditions{RoSHAtLeast: risk.RoSHHigh, RoSHAtMost: risk.RoSHLow}},
		{Code: "dup", Grade: P2, Reason: "r", When: PriorityConditions{
			FlagsAny: risk.NewFlags(risk.FlagSexual), ExceptFlags: risk.NewFlags(risk.FlagSexual),
			PhaseIn:    []tier.Phase{tier.Critical, tier.Critical},
			CaseTypeIn: []tier.CaseType{tier.CaseTypeUnknown},
			TierIn:     []tier.Tier{"E9"},
		}},
		{Code: "dup", Grade: P3, Reason: "r", When: PriorityConditions{WeeksSinceReleaseAtLeast: -1, MAPPAAtLeast: risk.MAPPALevel(7)}},
	}
	pc.Default = PriorityDefault{Code: "dup", Grade: P3, Reason: "r"}
	pc.MaxAssessmentAgeDays = 0
	pc.ReduceFactor = 1
	pc.Urgency.Overdue = -1
	err := c.Validate()
	if err == nil {
		t.Fatal("want errors")
	}
	want := []string{
		`workload: priority.rules[0].code "": missing`,
		`workload: priority.rules[0].reason "": missing`,
		`workload: priority.rules[0].grade "unknown": unknown value`,
		`workload: priority.rules[1].code "Bad Code": syntax error`,
		`workload: priority.rules[1].when.roshAtMost "low": inconsistent`,
		`workload: priority.rules[1] "Bad Code": inconsistent: unreachable: priority.rules[0] has no conditions`,
		`workload: priority.rules[2].when.exceptFlags "sexual": inconsistent`,
		`workload: priority.rules[2].when.phaseIn[1] "critical": duplicate`,
		`workload: priority.rules[2].when.caseTypeIn[0] "unknown": unknown value`,
		`workload: priority.rules[2].when.tierIn[0] "E9": unknown tier`,
		`workload: priority.rules[3].code "dup": duplicate`,
		`workload: priority.rules[3].when.mappaAtLeast "mappa.level(7)": unknown value`,
		`workload: priority.rules[3].when.weeksSinceReleaseAtLeast "-1": out of range`,
		`workload: priority.default.code "dup": duplicate`,
		`workload: priority.maxAssessmentAgeDays "0": out of range`,
		`workload: priority.reduceFactor "1": out of range`,
		`workload: priority.urgency.overdue "-1": out of range`,
	}
	for _, w := range want {
		if !containsLine(err.Error(), w) {
			t.Errorf("missing %q", w)
		}
	}
	if t.Failed() {
		t.Logf("got:\n%v", err)
	}
	// Every problem is reported, in field order.
	lines := strings.Split(err.Error(), "\n")
	last := -1
	for _, w := range want {
		for i, l := range lines {
			if strings.HasPrefix(l, w) {
				if i < last {
					t.Errorf("%q reported out of order", w)
				}
				last = i
				break
			}
		}
	}
}
