package workload

import (
	"strconv"

	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Priority is a prioritisation grade: what may happen to a case's contact
// when there is not enough time. P1 is the highest. The zero value,
// PriorityUnknown, is rejected wherever a grade is needed.
type Priority uint8

// Prioritisation grades (docs/domain.md, "Prioritisation").
const (
	PriorityUnknown Priority = iota
	// P1 is protect: never reduced or paused (MAPPA, very high RoSH, active
	// child protection, national security, the critical period).
	P1
	// P2 is core: reduced, then paused, only after every P3 and P4 case.
	P2
	// P3 is reduce: its contact frequency is lowered before any P2 work.
	P3
	// P4 is pause: its contact is paused first.
	P4
)

var priorityNames = enum.Names[Priority]{Pkg: "workload", Type: "priority", Names: []string{"unknown", "P1", "P2", "P3", "P4"}}

// PriorityGrades returns the grades from the highest, P1, to the lowest, P4.
func PriorityGrades() []Priority { return []Priority{P1, P2, P3, P4} }

// ParsePriority returns the grade named s ("P1" … "P4").
func ParsePriority(s string) (Priority, error) { return priorityNames.Parse(s, false) }

// String returns "P1", "P2", "P3" or "P4".
func (g Priority) String() string { return priorityNames.String(g) }

// Label returns the grade's meaning: "protect", "core", "reduce" or
// "pause".
func (g Priority) Label() string {
	switch g {
	case P1:
		return "protect"
	case P2:
		return "core"
	case P3:
		return "reduce"
	case P4:
		return "pause"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (g Priority) MarshalText() ([]byte, error) {
	if g == PriorityUnknown {
		return nil, priorityNames.Unknown(g)
	}
	return priorityNames.Marshal(g)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (g *Priority) UnmarshalText(b []byte) error {
	v, err := priorityNames.Parse(string(b), false)
	if err == nil {
		*g = v
	}
	return err
}

// PriorityConditions are the conditions of a ladder rule, as data. A rule
// matches a case when every condition given holds; a condition left at its
// zero value is not checked, so an empty set of conditions matches every
// case.
type PriorityConditions struct {
	// MAPPAAtLeast matches a MAPPA level at or above it ("1" is any MAPPA);
	// a case whose MAPPA level is not recorded never matches (and is
	// protected by the floor whatever the ladder says).
	MAPPAAtLeast risk.MAPPALevel `json:"mappaAtLeast,omitempty"`
	// RoSHAtLeast matches an assessed RoSH at or above it.
	RoSHAtLeast risk.RoSH `json:"roshAtLeast,omitempty"`
	// RoSHAtMost matches an assessed RoSH at or below it. A case with no
	// RoSH never matches: an unknown risk is not known to be low.
	RoSHAtMost risk.RoSH `json:"roshAtMost,omitempty"`
	// FlagsAny matches a case holding at least one of the flags.
	FlagsAny risk.Flags `json:"flagsAny,omitempty"`
	// ExceptFlags matches only a case holding none of the flags.
	ExceptFlags risk.Flags `json:"exceptFlags,omitempty"`
	// PhaseIn matches a case in one of the phases at asOf.
	PhaseIn []tier.Phase `json:"phaseIn,omitempty"`
	// CaseTypeIn matches a case of one of the types.
	CaseTypeIn []tier.CaseType `json:"caseTypeIn,omitempty"`
	// TierIn matches a case in one of the tiers (any scheme).
	TierIn []tier.Tier `json:"tierIn,omitempty"`
	// WeeksSinceReleaseAtLeast matches a case released at least this many
	// whole weeks (7 days) before asOf; a case with no release date, or
	// released after asOf, never matches.
	WeeksSinceReleaseAtLeast int `json:"weeksSinceReleaseAtLeast,omitempty"`
}

// empty reports whether no condition is set.
func (c *PriorityConditions) empty() bool {
	return c.MAPPAAtLeast == 0 && c.RoSHAtLeast == 0 && c.RoSHAtMost == 0 && c.FlagsAny == 0 && c.ExceptFlags == 0 &&
		len(c.PhaseIn) == 0 && len(c.CaseTypeIn) == 0 && len(c.TierIn) == 0 && c.WeeksSinceReleaseAtLeast == 0
}

// PriorityRule is one rung of the ladder: the Grade a case gets when it
// meets the conditions When, with a stable Code and a Reason sentence that
// travel with every grading the rule makes.
type PriorityRule struct {
	Code   string             `json:"code"`
	Grade  Priority           `json:"grade"`
	Reason string             `json:"reason"`
	When   PriorityConditions `json:"when"`
}

// PriorityDefault is the grade, code and reason of a case no rule matches.
type PriorityDefault struct {
	Code   string   `json:"code"`
	Grade  Priority `json:"grade"`
	Reason string   `json:"reason"`
}

// UrgencyWeights set the urgency score that orders cases within a grade.
// The score is an exact integer, the sum of:
//
//   - harm: RoSH × the RoSH rank (low 1, medium 2, high 3, very high 4,
//     none 0) plus MAPPA × the MAPPA level (0–3);
//   - imminence: Imminence × the days left of the ImminenceDays window
//     after release (or commencement, for cases never released), for
//     0 ≤ days since < ImminenceDays: the day of release scores most;
//   - overdue: Overdue × the days the next contact is overdue, capped at
//     OverdueCapDays;
//   - unsettled: Unsettled when the risk assessment is stale, provisional
//     or has no RoSH;
//   - escalation: Escalation when risk went up (Case.Risk.EscalatedOn)
//     within the last EscalationDays (0 ≤ days since < EscalationDays).
type UrgencyWeights struct {
	RoSH           int `json:"rosh"`
	MAPPA          int `json:"mappa"`
	Imminence      int `json:"imminence"`
	ImminenceDays  int `json:"imminenceDays"`
	Overdue        int `json:"overdue"`
	OverdueCapDays int `json:"overdueCapDays"`
	Unsettled      int `json:"unsettled"`
	Escalation     int `json:"escalation"`
	EscalationDays int `json:"escalationDays"`
}

// PriorityConfig is the prioritisation framework as policy data: the
// ladder of grades, the urgency score that orders cases within a grade,
// how stale or provisional risk is treated and how much a reduced contact
// is thinned.
//
// The ladder is a preference; protection is not. Whatever the ladder says,
// a case in a protected category ([ProtectedCategories], plus the
// policy's own Protect rules) is graded P1 and never reduced or paused: a
// ladder that grades such a case lower is accepted, and the protected
// floor overrides it case by case, the grading carrying the
// "floor-override" decision and the category's "protect-*" code. A policy
// can add protected categories (Protect) and cannot remove any.
type PriorityConfig struct {
	// Rules is the ladder, read from the top: the first rule whose
	// conditions a case meets gives its grade.
	Rules []PriorityRule `json:"rules"`
	// Protect adds protected categories to the built-in ones, each with a
	// code starting "protect-" and a reason.
	Protect []ProtectRule `json:"protect,omitempty"`
	// Default grades a case no rule matches.
	Default PriorityDefault `json:"default"`
	// MaxAssessmentAgeDays is the oldest a risk assessment may be before it
	// is stale (docs/domain.md, "Hours and contact": reassess at least yearly). An assessment with
	// no date is stale.
	MaxAssessmentAgeDays int `json:"maxAssessmentAgeDays"`
	// Conservative treats unsettled risk (stale, provisional or no RoSH)
	// the more demanding way: one grade higher (never above P1) and, for
	// contacts, in each phase the more demanding by frequency of the tier's
	// own requirement and that of the next more severe tier (see
	// [Policy.Schedule]): never fewer contacts.
	Conservative bool `json:"conservative"`
	// ReduceFactor is how much a reduced contact is thinned: a requirement
	// of n contacts every d days becomes n every d × ReduceFactor days.
	ReduceFactor int `json:"reduceFactor"`
	// Urgency weighs the urgency score.
	Urgency UrgencyWeights `json:"urgency"`
}

// Bounds of the priority configuration.
const (
	maxPriorityRules = 256
	maxRuleText      = 512
	maxUrgencyWeight = 1_000_000
	maxUrgencyDays   = 3650
)

// defaultPriorityConfig returns the reference ladder: protect (P1) as
// docs/domain.md, "Prioritisation" lists the cases exempt from the 2024 reset plus the
// critical period; pause (P4) for suspended contact, past the two-thirds
// point (2024 reset) and medium or low risk licence cases 16 weeks after
// release except sexual, domestic-abuse and serious-violence cases (2025
// measure); core (P2) for high RoSH and harm registrations; reduce (P3)
// otherwise. The urgency weights, reduce factor and the P2/P3 split are
// caseload's own illustrative choices.
func defaultPriorityConfig() PriorityConfig {
	return PriorityConfig{
		Rules: []PriorityRule{
			{Code: "mappa", Grade: P1, Reason: "MAPPA-managed cases are protected and never reduced.",
				When: PriorityConditions{MAPPAAtLeast: risk.MAPPALevel1}},
			{Code: "rosh-very-high", Grade: P1, Reason: "Very high risk of serious harm is protected and never reduced.",
				When: PriorityConditions{RoSHAtLeast: risk.RoSHVeryHigh}},
			{Code: "child-protection", Grade: P1, Reason: "Active child protection is protected and never reduced.",
				When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagChildProtection)}},
			{Code: "national-security", Grade: P1, Reason: "National security cases are protected and never reduced.",
				When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagNationalSecurity)}},
			{Code: "critical-period", Grade: P1, Reason: "The first weeks after release or commencement are the critical period.",
				When: PriorityConditions{PhaseIn: []tier.Phase{tier.Critical}}},
			{Code: "suspended", Grade: P4, Reason: "Contact is suspended: a warrant is outstanding or the order is overdue for termination.",
				When: PriorityConditions{PhaseIn: []tier.Phase{tier.Suspended}}},
			{Code: "past-two-thirds", Grade: P4, Reason: "Past the two-thirds point active supervision stops (2024 reset).",
				When: PriorityConditions{PhaseIn: []tier.Phase{tier.PastTwoThirds}}},
			{Code: "licence-16-weeks", Grade: P4,
				Reason: "A medium or low risk licence case 16 weeks after release has contact paused (2025 measure; sexual, domestic-abuse and serious-violence cases excepted).",
				When: PriorityConditions{CaseTypeIn: []tier.CaseType{tier.Licence}, RoSHAtMost: risk.RoSHMedium, WeeksSinceReleaseAtLeast: 16,
					ExceptFlags: risk.NewFlags(risk.FlagSexual, risk.FlagDomesticAbuse, risk.FlagSeriousViolence)}},
			{Code: "rosh-high", Grade: P2, Reason: "High risk of serious harm is core work.",
				When: PriorityConditions{RoSHAtLeast: risk.RoSHHigh}},
			{Code: "harm-registration", Grade: P2, Reason: "A domestic abuse, stalking, sexual or serious violence registration is core work.",
				When: PriorityConditions{FlagsAny: risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagSexual, risk.FlagSeriousViolence)}},
		},
		Default:              PriorityDefault{Code: "standard", Grade: P3, Reason: "No protect, core or pause rule applies: reduced before core work."},
		MaxAssessmentAgeDays: 365,
		Conservative:         true,
		ReduceFactor:         2,
		Urgency: UrgencyWeights{
			RoSH: 100, MAPPA: 100,
			Imminence: 5, ImminenceDays: 84,
			Overdue: 10, OverdueCapDays: 90,
			Unsettled:  150,
			Escalation: 200, EscalationDays: 90,
		},
	}
}

// clone returns a deep copy.
func (c PriorityConfig) clone() PriorityConfig {
	out := c
	if c.Rules != nil {
		out.Rules = make([]PriorityRule, len(c.Rules))
		for i, r := range c.Rules {
			r.When.PhaseIn = cloneSlice(r.When.PhaseIn)
			r.When.CaseTypeIn = cloneSlice(r.When.CaseTypeIn)
			r.When.TierIn = cloneSlice(r.When.TierIn)
			out.Rules[i] = r
		}
	}
	if c.Protect != nil {
		out.Protect = make([]ProtectRule, len(c.Protect))
		for i, r := range c.Protect {
			r.When.PhaseIn = cloneSlice(r.When.PhaseIn)
			r.When.CaseTypeIn = cloneSlice(r.When.CaseTypeIn)
			r.When.TierIn = cloneSlice(r.When.TierIn)
			out.Protect[i] = r
		}
	}
	return out
}

// cloneSlice copies s; an empty slice becomes nil, as JSON's omitempty
// would make it, so that a policy equals its own round trip.
func cloneSlice[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// validate appends every problem with the configuration to l, in field
// order. t is the policy's tier table (nil when missing), used to check
// TierIn.
func (c PriorityConfig) validate(l *fault.List, t *tier.Table) {
	const pre = "priority."
	if len(c.Rules) > maxPriorityRules {
		l.Add(pre+"rules", strconv.Itoa(len(c.Rules)), ErrOutOfRange, "at most 256 rules")
	}
	codes := make(map[string]int, len(c.Rules)+1)
	unconditional := -1
	for i := range c.Rules {
		r := &c.Rules[i]
		rp := pre + "rules[" + strconv.Itoa(i) + "]"
		checkRuleText(l, rp, r.Code, r.Reason)
		if r.Code != "" {
			if j, dup := codes[r.Code]; dup {
				l.Add(rp+".code", r.Code, ErrDuplicate, "same code as priority.rules["+strconv.Itoa(j)+"]")
			} else {
				codes[r.Code] = i
			}
		}
		if !priorityNames.Valid(r.Grade) {
			l.Add(rp+".grade", r.Grade.String(), ErrUnknown, "want P1, P2, P3 or P4")
		}
		r.When.validate(l, rp+".when", t)
		if unconditional >= 0 {
			l.Add(rp, r.Code, ErrInconsistent, "unreachable: priority.rules["+strconv.Itoa(unconditional)+"] has no conditions and matches every case")
		} else if r.When.empty() {
			unconditional = i
		}
	}
	validateProtect(l, c.Protect, t)
	checkRuleText(l, pre+"default", c.Default.Code, c.Default.Reason)
	if j, dup := codes[c.Default.Code]; dup && c.Default.Code != "" {
		l.Add(pre+"default.code", c.Default.Code, ErrDuplicate, "same code as priority.rules["+strconv.Itoa(j)+"]")
	}
	if !priorityNames.Valid(c.Default.Grade) {
		l.Add(pre+"default.grade", c.Default.Grade.String(), ErrUnknown, "want P1, P2, P3 or P4")
	}
	checkIntRange(l, pre+"maxAssessmentAgeDays", c.MaxAssessmentAgeDays, 1, maxUrgencyDays)
	checkIntRange(l, pre+"reduceFactor", c.ReduceFactor, 2, 12)
	u := c.Urgency
	for _, w := range []struct {
		name     string
		v, lo, h int
	}{
		{"rosh", u.RoSH, 0, maxUrgencyWeight},
		{"mappa", u.MAPPA, 0, maxUrgencyWeight},
		{"imminence", u.Imminence, 0, maxUrgencyWeight},
		{"imminenceDays", u.ImminenceDays, 0, maxUrgencyDays},
		{"overdue", u.Overdue, 0, maxUrgencyWeight},
		{"overdueCapDays", u.OverdueCapDays, 0, maxUrgencyDays},
		{"unsettled", u.Unsettled, 0, maxUrgencyWeight},
		{"escalation", u.Escalation, 0, maxUrgencyWeight},
		{"escalationDays", u.EscalationDays, 0, maxUrgencyDays},
	} {
		checkIntRange(l, pre+"urgency."+w.name, w.v, w.lo, w.h)
	}
}

func checkIntRange(l *fault.List, field string, v, lo, hi int) {
	if v < lo || v > hi {
		l.Add(field, strconv.Itoa(v), ErrOutOfRange, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
	}
}

// checkRuleText checks a rule's code (1–64 bytes of a–z, 0–9 and '-') and
// reason (1–512 bytes).
func checkRuleText(l *fault.List, prefix, code, reason string) {
	switch {
	case code == "":
		l.Add(prefix+".code", "", ErrMissing, "a rule needs a code")
	case len(code) > 64:
		l.Add(prefix+".code", code, ErrOutOfRange, "codes are at most 64 bytes")
	default:
		for i := 0; i < len(code); i++ {
			if b := code[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-') {
				l.Add(prefix+".code", code, ErrSyntax, "codes hold only a-z, 0-9 and '-'")
				break
			}
		}
	}
	switch {
	case reason == "":
		l.Add(prefix+".reason", "", ErrMissing, "a rule needs a reason a manager can read")
	case len(reason) > maxRuleText:
		l.Add(prefix+".reason", reason, ErrOutOfRange, "reasons are at most 512 bytes")
	}
}

func (c *PriorityConditions) validate(l *fault.List, prefix string, t *tier.Table) {
	if c.MAPPAAtLeast != risk.MAPPAUnknown && !c.MAPPAAtLeast.Managed() {
		l.Add(prefix+".mappaAtLeast", c.MAPPAAtLeast.String(), ErrUnknown, "want 1, 2 or 3")
	}
	if c.RoSHAtLeast > risk.RoSHVeryHigh {
		l.Add(prefix+".roshAtLeast", c.RoSHAtLeast.String(), ErrUnknown, "")
	}
	if c.RoSHAtMost > risk.RoSHVeryHigh {
		l.Add(prefix+".roshAtMost", c.RoSHAtMost.String(), ErrUnknown, "")
	}
	if c.RoSHAtLeast != 0 && c.RoSHAtMost != 0 && c.RoSHAtMost < c.RoSHAtLeast {
		l.Add(prefix+".roshAtMost", c.RoSHAtMost.String(), ErrInconsistent, "below roshAtLeast "+c.RoSHAtLeast.String()+": the rule can never match")
	}
	if !c.FlagsAny.Valid() {
		l.Add(prefix+".flagsAny", c.FlagsAny.String(), ErrUnknown, "undefined flag bits")
	}
	if !c.ExceptFlags.Valid() {
		l.Add(prefix+".exceptFlags", c.ExceptFlags.String(), ErrUnknown, "undefined flag bits")
	}
	if both := c.FlagsAny & c.ExceptFlags; both != 0 {
		l.Add(prefix+".exceptFlags", both.String(), ErrInconsistent, "also in flagsAny")
	}
	var seenPh uint32
	for i, ph := range c.PhaseIn {
		f := prefix + ".phaseIn[" + strconv.Itoa(i) + "]"
		switch {
		case ph == tier.PhaseUnknown || ph > tier.Suspended:
			l.Add(f, ph.String(), ErrUnknown, "want critical, standard, past-two-thirds or suspended")
		case seenPh&(1<<ph) != 0:
			l.Add(f, ph.String(), ErrDuplicate, "phase listed twice")
		default:
			seenPh |= 1 << ph
		}
	}
	var seenCT uint32
	for i, ct := range c.CaseTypeIn {
		f := prefix + ".caseTypeIn[" + strconv.Itoa(i) + "]"
		switch {
		case ct == tier.CaseTypeUnknown || ct > tier.Custody:
			l.Add(f, ct.String(), ErrUnknown, "want community, licence or custody")
		case seenCT&(1<<ct) != 0:
			l.Add(f, ct.String(), ErrDuplicate, "case type listed twice")
		default:
			seenCT |= 1 << ct
		}
	}
	if len(c.TierIn) > 256 {
		l.Add(prefix+".tierIn", strconv.Itoa(len(c.TierIn)), ErrOutOfRange, "at most 256 tiers")
	}
	for i, tr := range c.TierIn {
		f := prefix + ".tierIn[" + strconv.Itoa(i) + "]"
		if t != nil && t.Scheme.Len() > 0 && !t.Scheme.Contains(tr) {
			l.Add(f, string(tr), ErrUnknownTier, "not a tier of scheme "+strconv.Quote(t.Scheme.Name()))
		}
		for j := 0; j < i && j < 256; j++ {
			if c.TierIn[j] == tr {
				l.Add(f, string(tr), ErrDuplicate, "tier listed twice")
				break
			}
		}
	}
	checkIntRange(l, prefix+".weeksSinceReleaseAtLeast", c.WeeksSinceReleaseAtLeast, 0, 520)
}
