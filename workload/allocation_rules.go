package workload

import (
	"math/bits"
	"strconv"

	"github.com/openprobation/caseload/internal/dec"
)

// The allocation rules live in one table, allocRuleTable: each row gives
// a rule's code, how many instances the policy has, the action of each,
// when it fires and the sentence that explains it. Allocation checks,
// recommendations, balance reports and rebalancing plans all read the
// table, so a new rule is added in one place or not at all.

// ruleID indexes allocRuleTable; the order of the rows is the order of
// the findings.
type ruleID uint8

const (
	ruleAlreadyHeld ruleID = iota
	ruleNoCapacity
	ruleRed
	ruleOver
	ruleRawCount
	ruleHighProtect
	ruleIntensiveThird
	ruleLevelCap
	ruleFlagCap
	ruleGrade
	ruleCoWorked
	numRules
)

// firing records which instances of each rule fired: bit k of f[r] is
// instance k of rule r (rules with one instance use bit 0).
type firing [numRules]uint16

// none reports whether no rule fired.
func (f *firing) none() bool {
	for _, b := range f {
		if b != 0 {
			return false
		}
	}
	return true
}

// judge is what a rule reads to decide whether it fires. st is the
// officer's state the rule is judged on: after the allocation when ci is
// set, as it stands when ci is nil (a balance report).
type judge struct {
	p        *Policy
	a        *AllocationConfig
	st       *allocState
	ci       *caseInfo // the case allocated; nil when judging a caseload as it stands
	band     Band      // the band of st
	coWorked bool
	ru       *allocRules
}

// The rows' fires and explain functions are called through the table.
// Their arguments would then escape to the heap, costing allocations on
// the hot path of every check; so run and findings call them through
// fire and say, which switch on the row to make the same calls
// directly. TestAllocationRuleTableWired checks both switches know every
// row.

// allocRule is one row of the table.
type allocRule struct {
	code string
	// count is how many instances of the rule the policy has.
	count func(a *AllocationConfig) int
	// action is what instance k does when it fires.
	action func(a *AllocationConfig, k int) Action
	// fires reports whether instance k fires; nil for a rule the caller
	// decides (already held).
	fires func(j *judge, k int) bool
	// explain is the sentence of instance k's finding, or "" when the
	// context cannot say it (no case to name).
	explain func(e *explainer, k int) string
}

func one(*AllocationConfig) int { return 1 }

// caseHas reports whether the case allocated has bit k of mask, or, with
// no case, whether the state has any such case.
func (j *judge) caseHas(mask uint16, k int, held int32) bool {
	if j.ci == nil {
		return held > 0
	}
	return mask&(1<<k) != 0
}

var allocRuleTable = [numRules]allocRule{
	ruleAlreadyHeld: {
		code:    CodeAlreadyHeld,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.AlreadyHeld },
		explain: sayAlreadyHeld,
	},
	ruleNoCapacity: {
		code:    CodeNoCapacity,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.NoCapacity },
		fires:   firesNoCapacity,
		explain: sayNoCapacity,
	},
	ruleRed: {
		code:    CodeRed,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.Red },
		fires:   firesRed,
		explain: sayRed,
	},
	ruleOver: {
		code:    CodeOver,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.Over },
		fires:   firesOver,
		explain: sayOver,
	},
	ruleRawCount: {
		code:    CodeRawCount,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.RawCount },
		fires:   firesRawCount,
		explain: sayRawCount,
	},
	ruleHighProtect: {
		code:    CodeHighProtect,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.HighProtect.Action },
		fires:   firesHighProtect,
		explain: sayHighProtect,
	},
	ruleIntensiveThird: {
		code:    CodeIntensiveThird,
		count:   one,
		action:  func(a *AllocationConfig, _ int) Action { return a.Intensive.Action },
		fires:   firesIntensiveThird,
		explain: sayIntensiveThird,
	},
	ruleLevelCap: {
		code:    CodeLevelCap,
		count:   func(a *AllocationConfig) int { return len(a.Intensive.Caps) },
		action:  func(a *AllocationConfig, _ int) Action { return a.Intensive.Action },
		fires:   firesLevelCap,
		explain: sayLevelCap,
	},
	ruleFlagCap: {
		code:    CodeFlagCap,
		count:   func(a *AllocationConfig) int { return len(a.FlagCaps) },
		action:  func(a *AllocationConfig, k int) Action { return a.FlagCaps[k].Action },
		fires:   firesFlagCap,
		explain: sayFlagCap,
	},
	ruleGrade: {
		code:    CodeGradeEligibility,
		count:   func(a *AllocationConfig) int { return len(a.Eligibility) },
		action:  func(a *AllocationConfig, k int) Action { return a.Eligibility[k].Action },
		fires:   firesGrade,
		explain: sayGrade,
	},
	ruleCoWorked: {
		code:    CodeCoWorked,
		count:   func(a *AllocationConfig) int { return len(a.Eligibility) },
		action:  func(*AllocationConfig, int) Action { return Allow },
		fires:   firesCoWorked,
		explain: sayCoWorked,
	},
}

func firesNoCapacity(j *judge, _ int) bool { return j.band == BandNoCapacity }
func firesRed(j *judge, _ int) bool        { return j.band == BandRed }
func firesOver(j *judge, _ int) bool       { return j.band == BandOver }
func firesRawCount(j *judge, _ int) bool   { return int(j.st.cases) > j.p.cfg.RawCountCeiling }
func firesIntensiveThird(j *judge, _ int) bool {
	return j.p.intensiveThird(j.st.intensive, j.st.cases, j.ru)
}

func sayAlreadyHeld(e *explainer, _ int) string {
	if e.c == nil {
		return ""
	}
	return e.officer + " already holds case " + e.c.ID + ": nothing changes and it is not counted twice"
}

func sayNoCapacity(e *explainer, _ int) string {
	return e.officer + " has no available points: any work is overload that a percentage cannot show"
}

func sayRed(e *explainer, _ int) string { return sayAbove(e, "red", e.p.red) }

func sayOver(e *explainer, _ int) string { return sayAbove(e, "over-capacity", e.p.over) }

// sayAbove says that capacity is above the named threshold (micro-percent),
// built in one buffer.
func sayAbove(e *explainer, name string, threshold int64) string {
	var buf [160]byte
	b := append(append(buf[:0], "capacity"...), e.is()...)
	b = append(append(append(e.p.appendCapacity(b, e.st.points, e.st.avail), ", above the "...), name...), " threshold of "...)
	return string(append(appendUnits(b, threshold, dec.MaxPlaces), '%'))
}

func sayRawCount(e *explainer, _ int) string {
	return e.officer + e.verbHold() + strconv.Itoa(int(e.st.cases)) + " cases, above the ceiling of " + strconv.Itoa(e.p.cfg.RawCountCeiling) + " whatever the points say"
}

func firesHighProtect(j *judge, _ int) bool {
	s := j.st
	return (j.ci == nil || j.ci.high) && int(s.cases) >= j.a.HighProtect.MinCases && shareAbove(s.high, s.cases, j.ru.hpLimit)
}

func sayHighProtect(e *explainer, _ int) string {
	h, st := &e.p.cfg.Allocation.HighProtect, e.st
	return "high-protect cases (" + h.Tiers.String() + ")" + e.verb() + strconv.Itoa(int(st.high)) + " of " +
		strconv.Itoa(int(st.cases)) + " (" + e.share(st.high, st.cases) + "), above the limit of " + fmtUnits(e.ru.hpLimit, dec.MaxPlaces) + "%"
}

func sayIntensiveThird(e *explainer, _ int) string {
	in, st := &e.p.cfg.Allocation.Intensive, e.st
	return "intensive cases (" + in.Intensive.String() + ")" + e.verb() + strconv.Itoa(int(st.intensive)) + " of " +
		strconv.Itoa(int(st.cases)) + ", at least " + strconv.Itoa(in.Share.Num) + "/" + strconv.Itoa(in.Share.Den) +
		" of the caseload: the strictest cap of " + strconv.Itoa(e.ru.strictest) + " cases applies to all of it"
}

func firesLevelCap(j *judge, k int) bool {
	n := j.st.levels[k]
	return j.caseHas(uint16(j.ciLevels()), k, n) && int(n) > j.a.Intensive.Caps[k].Max
}

func sayLevelCap(e *explainer, k int) string {
	lc := &e.p.cfg.Allocation.Intensive.Caps[k]
	return lc.Name + " cases (" + lc.Tiers.String() + ")" + e.verb() + strconv.Itoa(int(e.st.levels[k])) + ", above the cap of " + strconv.Itoa(lc.Max)
}

func firesFlagCap(j *judge, k int) bool {
	n := j.st.flags[k]
	return j.caseHas(j.ciFlags(), k, n) && int(n) > j.a.FlagCaps[k].Max
}

func sayFlagCap(e *explainer, k int) string {
	fc := &e.p.cfg.Allocation.FlagCaps[k]
	return fc.Name + " cases" + e.verb() + strconv.Itoa(int(e.st.flags[k])) + ", above the cap of " + strconv.Itoa(fc.Max)
}

func firesGrade(j *judge, k int) bool {
	g := &j.a.Eligibility[k]
	if g.Grade != j.st.grade || !j.caseHas(j.ciRestricted(), k, j.st.restricted[k]) {
		return false
	}
	return j.ci == nil || !(j.coWorked && g.CoWorking)
}

func sayGrade(e *explainer, k int) string { return e.p.cfg.Allocation.Eligibility[k].sentence(e, k) }

func firesCoWorked(j *judge, k int) bool {
	g := &j.a.Eligibility[k]
	return j.ci != nil && j.coWorked && g.CoWorking && g.Grade == j.st.grade && j.ci.restricted&(1<<k) != 0
}

func sayCoWorked(e *explainer, k int) string {
	if e.c == nil {
		return ""
	}
	g := &e.p.cfg.Allocation.Eligibility[k]
	return "case " + e.c.ID + " is co-worked, so " + article(g.Grade) + " may hold it although it is one of " + g.describe()
}

// fire calls rule r's fires function directly (see judge).
func (j *judge) fire(r ruleID, k int) bool {
	switch r {
	case ruleNoCapacity:
		return firesNoCapacity(j, k)
	case ruleRed:
		return firesRed(j, k)
	case ruleOver:
		return firesOver(j, k)
	case ruleRawCount:
		return firesRawCount(j, k)
	case ruleHighProtect:
		return firesHighProtect(j, k)
	case ruleIntensiveThird:
		return firesIntensiveThird(j, k)
	case ruleLevelCap:
		return firesLevelCap(j, k)
	case ruleFlagCap:
		return firesFlagCap(j, k)
	case ruleGrade:
		return firesGrade(j, k)
	case ruleCoWorked:
		return firesCoWorked(j, k)
	}
	return false
}

// say calls rule r's explain function directly (see judge).
func (e *explainer) say(r ruleID, k int) string {
	switch r {
	case ruleAlreadyHeld:
		return sayAlreadyHeld(e, k)
	case ruleNoCapacity:
		return sayNoCapacity(e, k)
	case ruleRed:
		return sayRed(e, k)
	case ruleOver:
		return sayOver(e, k)
	case ruleRawCount:
		return sayRawCount(e, k)
	case ruleHighProtect:
		return sayHighProtect(e, k)
	case ruleIntensiveThird:
		return sayIntensiveThird(e, k)
	case ruleLevelCap:
		return sayLevelCap(e, k)
	case ruleFlagCap:
		return sayFlagCap(e, k)
	case ruleGrade:
		return sayGrade(e, k)
	case ruleCoWorked:
		return sayCoWorked(e, k)
	}
	return ""
}

func (j *judge) ciLevels() uint8 {
	if j.ci == nil {
		return 0
	}
	return j.ci.levels
}

func (j *judge) ciFlags() uint16 {
	if j.ci == nil {
		return 0
	}
	return j.ci.flags
}

func (j *judge) ciRestricted() uint16 {
	if j.ci == nil {
		return 0
	}
	return j.ci.restricted
}

// code returns the finding code of instance k of rule r: a grade rule
// may name its own.
func (p *Policy) ruleCode(r ruleID, k int) string {
	if r == ruleGrade {
		if c := p.cfg.Allocation.Eligibility[k].Code; c != "" {
			return c
		}
	}
	return allocRuleTable[r].code
}

// run evaluates every rule on j.
//
// a is the policy's rules, passed apart from j: reading them through j
// would make escape analysis move j's state to the heap.
func (j *judge) run(a *AllocationConfig) firing {
	var f firing
	for r := range allocRuleTable {
		row := &allocRuleTable[r]
		if row.fires == nil {
			continue
		}
		for k, n := 0, row.count(a); k < n; k++ {
			if j.fire(ruleID(r), k) {
				f[r] |= 1 << k
			}
		}
	}
	return f
}

// judgeAdd evaluates the rules for adding a case that s does not hold.
// s is the officer's state before the allocation.
func (p *Policy) judgeAdd(s *allocState, ci *caseInfo, coWorked bool, ru *allocRules) firing {
	after := *s
	after.add(ci, 1)
	band := BandNoCapacity
	if after.avail > 0 {
		band = p.bandOf(after.points, after.avail)
	}
	j := judge{p: p, a: &p.cfg.Allocation, st: &after, ci: ci, band: band, coWorked: coWorked, ru: ru}
	return j.run(&p.cfg.Allocation)
}

// judgeState evaluates the rules on a caseload as it stands.
func (p *Policy) judgeState(s *allocState, ld *Load, ru *allocRules) firing {
	j := judge{p: p, a: &p.cfg.Allocation, st: s, band: ld.Band, ru: ru}
	return j.run(&p.cfg.Allocation)
}

// worst returns the strictest action among the rules that fired.
func (p *Policy) worst(f firing) Action {
	w := Allow
	for r := range f {
		for m := f[r]; m != 0; m &= m - 1 {
			w = max(w, allocRuleTable[r].action(&p.cfg.Allocation, bits.TrailingZeros16(m)))
		}
	}
	return w
}

// warnings counts the rule instances that fired with the action Warn.
func (p *Policy) warnings(f firing) int {
	n := 0
	for r := range f {
		for m := f[r]; m != 0; m &= m - 1 {
			if allocRuleTable[r].action(&p.cfg.Allocation, bits.TrailingZeros16(m)) == Warn {
				n++
			}
		}
	}
	return n
}

// findings turns what fired into findings, in the order of the table
// (already held, capacity, raw count, mix rules, flag caps, eligibility),
// instances in their policy order.
func (p *Policy) findings(e *explainer, f firing) []Finding {
	if f.none() {
		return []Finding{} // "reasons": [] in JSON, never null
	}
	out := make([]Finding, 0, 2)
	for r := range f {
		for m := f[r]; m != 0; m &= m - 1 {
			k := bits.TrailingZeros16(m)
			if msg := e.say(ruleID(r), k); msg != "" {
				out = append(out, Finding{Code: p.ruleCode(ruleID(r), k), Action: allocRuleTable[r].action(&p.cfg.Allocation, k), Message: msg})
			}
		}
	}
	return out
}
