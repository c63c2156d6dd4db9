package workload

import (
	"strconv"
	"strings"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Decision is one audit line of a grading or a plan: a stable code a
// program can branch on and a sentence a manager can read.
type Decision struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// String renders "code: reason".
func (d Decision) String() string { return d.Code + ": " + d.Reason }

// Codes of the decisions and findings that the protected floor and the
// protective reading of missing or contradictory information make. They
// are stable: programs may branch on them.
const (
	// CodeFloorOverride marks a protected case that the policy's ladder
	// graded below P1: the floor keeps it at P1.
	CodeFloorOverride = "floor-override"
	// CodeRaiseGrade marks a grade raised one step because the risk is
	// unsettled (PriorityConfig.Conservative).
	CodeRaiseGrade = "raise-grade"
	// CodeRaiseContactReading marks a contact requirement read as the more
	// demanding of two readings (stale or provisional risk, or a tier that
	// disagrees with the risk fields).
	CodeRaiseContactReading = "raise-contact-reading"
	// CodeNoPause marks a case that is never paused because what the data
	// does not say (no RoSH, flags not recorded) must not lower protection.
	CodeNoPause = "no-pause-unknown-risk"
	// CodeTierRiskMismatch is a data-quality finding: the tier letter and
	// the risk fields disagree.
	CodeTierRiskMismatch = "tier-risk-mismatch"
	// CodeRiskNotAssessed is a data-quality finding: no RoSH is recorded.
	CodeRiskNotAssessed = "risk-not-assessed"
	// CodeMAPPANotRecorded is a data-quality finding: no MAPPA level is
	// recorded.
	CodeMAPPANotRecorded = "mappa-not-recorded"
	// CodeFlagsNotRecorded is a data-quality finding: the registrations
	// were not recorded.
	CodeFlagsNotRecorded = "flags-not-recorded"
)

// protectKind names a built-in protected category.
type protectKind uint8

const (
	protectMAPPA protectKind = iota
	protectMAPPANotRecorded
	protectRoSHVeryHigh
	protectChildProtection
	protectNationalSecurity
	protectTierLetterA
	protectCriticalPeriod
	nProtectKinds
)

// protectedCategories is the one table of the built-in protected
// categories, in the order a case's category is named when several apply.
func protectedCategory(k protectKind) Decision {
	switch k {
	case protectMAPPA:
		return Decision{"protect-mappa", "MAPPA-managed cases (any level) are protected: never reduced or paused."}
	case protectMAPPANotRecorded:
		return Decision{"protect-mappa-not-recorded", "The MAPPA level is not recorded: read as MAPPA-managed and protected until it is recorded."}
	case protectRoSHVeryHigh:
		return Decision{"protect-rosh-very-high", "Very high risk of serious harm is protected: never reduced or paused."}
	case protectChildProtection:
		return Decision{"protect-child-protection", "Active child protection is protected: never reduced or paused."}
	case protectNationalSecurity:
		return Decision{"protect-national-security", "National security cases are protected: never reduced or paused."}
	case protectTierLetterA:
		return Decision{"protect-tier-letter-a", "Tier letter A arises only from very high RoSH or MAPPA level 2 or 3: protected whatever the risk fields say."}
	case protectCriticalPeriod:
		return Decision{"protect-critical-period", "The first weeks after commencement, release or re-release after recall are the critical period: never reduced or paused, whatever else the case says."}
	}
	return Decision{}
}

// ProtectedCategories returns the built-in protected categories with
// their stable codes and sentences, in the order a case's category is
// named when several apply: any MAPPA level, a MAPPA level not recorded,
// very high RoSH, active child protection, national security, tier letter
// A in the England & Wales scheme, and the critical period. A policy adds
// its own after these (PriorityConfig.Protect); none can be removed.
func ProtectedCategories() []Decision {
	out := make([]Decision, nProtectKinds)
	for k := range nProtectKinds {
		out[k] = protectedCategory(k)
	}
	return out
}

// ProtectRule is a protected category a policy adds to the built-in ones:
// a case meeting When is protected (graded P1, never reduced or paused),
// with the rule's Code (which must start with "protect-") and Reason.
type ProtectRule struct {
	Code   string             `json:"code"`
	Reason string             `json:"reason"`
	When   PriorityConditions `json:"when"`
}

// validateProtect checks the policy's added protected categories.
func validateProtect(l *fault.List, rules []ProtectRule, t *tier.Table) {
	if len(rules) > maxPriorityRules {
		l.Add("priority.protect", strconv.Itoa(len(rules)), ErrOutOfRange, "at most 256 rules")
		return
	}
	builtin := ProtectedCategories()
	seen := make(map[string]int, len(rules))
	for i := range rules {
		r := &rules[i]
		rp := "priority.protect[" + strconv.Itoa(i) + "]"
		checkRuleText(l, rp, r.Code, r.Reason)
		if r.Code != "" && !strings.HasPrefix(r.Code, "protect-") {
			l.Add(rp+".code", r.Code, ErrSyntax, "a protected category's code starts with \"protect-\"")
		}
		for _, b := range builtin {
			if r.Code == b.Code {
				l.Add(rp+".code", r.Code, ErrDuplicate, "a built-in protected category already has this code")
			}
		}
		if j, dup := seen[r.Code]; dup && r.Code != "" {
			l.Add(rp+".code", r.Code, ErrDuplicate, "same code as priority.protect["+strconv.Itoa(j)+"]")
		} else {
			seen[r.Code] = i
		}
		r.When.validate(l, rp+".when", t)
	}
}

// protection returns the category that protects a valid case at day d,
// built-in categories first, then the policy's own; ok is false when none
// does.
func (p *Policy) protection(c *Case, f *caseFacts, d int64) (Decision, bool) {
	rk := &c.Risk
	for k := range nProtectKinds {
		var holds bool
		switch k {
		case protectMAPPA:
			holds = rk.MAPPA.Managed()
		case protectMAPPANotRecorded:
			holds = !rk.MAPPA.Recorded()
		case protectRoSHVeryHigh:
			holds = rk.RoSH == risk.RoSHVeryHigh
		case protectChildProtection:
			holds = rk.Flags.Has(risk.FlagChildProtection)
		case protectNationalSecurity:
			holds = rk.Flags.Has(risk.FlagNationalSecurity)
		case protectTierLetterA:
			holds = p.letters[f.ti] == 0
		case protectCriticalPeriod:
			holds = f.phase == tier.Critical
		}
		if holds {
			return protectedCategory(k), true
		}
	}
	for i := range p.cfg.Priority.Protect {
		r := &p.cfg.Priority.Protect[i]
		if p.matches(&r.When, c, f, d) {
			return Decision{r.Code, r.Reason}, true
		}
	}
	return Decision{}, false
}

// impliesLetterA reports whether the risk fields can only give tier letter
// A in the England & Wales model: very high RoSH or MAPPA level 2 or 3.
func impliesLetterA(rk *CaseRisk) bool {
	return rk.RoSH == risk.RoSHVeryHigh || rk.MAPPA == risk.MAPPALevel2 || rk.MAPPA == risk.MAPPALevel3
}

// excludesLetterA reports whether the risk fields rule letter A out: RoSH
// and MAPPA both recorded, RoSH below very high and MAPPA below level 2.
func excludesLetterA(rk *CaseRisk) bool {
	return rk.RoSH != risk.RoSHUnknown && rk.RoSH < risk.RoSHVeryHigh && rk.MAPPA.Recorded() && rk.MAPPA < risk.MAPPALevel2
}

// mismatch returns the data-quality finding for a case whose England &
// Wales tier letter disagrees with its risk fields, and the index of the
// tier the risk fields imply (the A tier of the same digit and kind) when
// they imply a higher letter, or -1. The finding's sentence comes from
// the policy's table (see mismatchTexts).
func (p *Policy) mismatch(c *Case, ti int) (Decision, int, bool) {
	letter := p.letters[ti]
	if letter < 0 {
		return Decision{}, -1, false
	}
	rk := &c.Risk
	switch {
	case letter == 0 && excludesLetterA(rk):
		return Decision{CodeTierRiskMismatch, p.mismatchText(ti, rk)}, -1, true
	case letter > 0 && impliesLetterA(rk):
		up := -1
		if digit, ok := c.Tier.Digit(); ok {
			if t, ok := tier.Compose('A', digit, c.Tier.Unsupervised()); ok {
				if j, ok := p.scheme.Index(t); ok {
					up = j
				}
			}
		}
		return Decision{CodeTierRiskMismatch, p.mismatchText(ti, rk)}, up, true
	}
	return Decision{}, -1, false
}

// mismatchText returns the mismatch finding's sentence for a case of
// tier index ti with the risk fields rk, from the policy's table, or
// builds it for values the table does not hold.
func (p *Policy) mismatchText(ti int, rk *CaseRisk) string {
	if ti < len(p.mismatches) && rk.RoSH <= risk.RoSHVeryHigh && rk.MAPPA <= risk.MAPPALevel3 {
		if s := p.mismatches[ti][rk.RoSH][rk.MAPPA]; s != "" {
			return s
		}
	}
	t, _ := p.scheme.At(ti)
	return mismatchSentence(t, p.letters[ti] == 0, rk.RoSH, rk.MAPPA)
}

// mismatchSentence says how a tier disagrees with the risk fields: letter
// A without the risk that gives it, or another letter with it.
func mismatchSentence(t tier.Tier, letterA bool, rosh risk.RoSH, mappa risk.MAPPALevel) string {
	if letterA {
		return "Tier " + string(t) + " has letter A, which needs very high RoSH or MAPPA level 2 or 3, but the risk fields say RoSH " +
			rosh.String() + " and MAPPA " + mappa.String() + ": read protectively as letter A until the record is corrected."
	}
	return "Tier " + string(t) + " disagrees with the risk fields (RoSH " + rosh.String() + ", MAPPA " + mappa.String() +
		"), which give letter A: read protectively, protected and contacted as the A tier, until the record is corrected."
}

// mismatchTexts builds, for each lettered tier, the mismatch sentence of
// every RoSH and MAPPA level that disagrees with its letter ("" where
// they agree): a few hundred sentences built once per policy instead of
// one for each mismatched case graded.
func (p *Policy) mismatchTexts() [][5][5]string {
	out := make([][5][5]string, p.ntier)
	for ti := range out {
		letter := p.letters[ti]
		if letter < 0 {
			continue
		}
		t, _ := p.scheme.At(ti)
		for rosh := risk.RoSH(0); rosh <= risk.RoSHVeryHigh; rosh++ {
			for mappa := risk.MAPPALevel(0); mappa <= risk.MAPPALevel3; mappa++ {
				rk := CaseRisk{RoSH: rosh, MAPPA: mappa}
				if (letter == 0 && excludesLetterA(&rk)) || (letter > 0 && impliesLetterA(&rk)) {
					out[ti][rosh][mappa] = mismatchSentence(t, letter == 0, rosh, mappa)
				}
			}
		}
	}
	return out
}

// moreDemanding reports whether requirement a asks for more contact than b
// by frequency: contacts ÷ days compared exactly; on a tie, more minutes,
// then face to face. Any contact is more than none.
func moreDemanding(a, b tier.Contact) bool {
	switch {
	case a.None():
		return false
	case b.None():
		return true
	}
	x, y := int64(a.Contacts)*int64(b.Days), int64(b.Contacts)*int64(a.Days)
	switch {
	case x != y:
		return x > y
	case a.Minutes != b.Minutes:
		return a.Minutes > b.Minutes
	}
	return a.FaceToFace && !b.FaceToFace
}

// readContacts sets the case's contact reading: its tier's requirement in
// each phase, raised to the more demanding (by frequency) of that and the
// requirement of the tier alt, phase by phase. It reports whether any
// phase was raised.
func (p *Policy) readContacts(f *caseFacts, alt int) bool {
	if alt < 0 || alt == f.ti {
		return false
	}
	raised := false
	for ph := range f.req {
		if moreDemanding(p.contact[alt][ph], f.req[ph]) {
			f.req[ph] = p.contact[alt][ph]
			f.from[ph] = int32(alt)
			raised = true
		}
	}
	return raised
}
