package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// Candidate is one officer considered for a case: the allocation check
// against their caseload, and what it would do to the team's balance.
type Candidate struct {
	// Rank is 1 for the best eligible officer, 2 for the next, …; 0 for an
	// ineligible one.
	Rank    int    `json:"rank"`
	Officer string `json:"officer"`
	Grade   Grade  `json:"grade"`
	// Check is the full allocation check: figures before and after, the
	// verdict and its findings.
	Check Check `json:"check"`
	// Warnings counts the findings whose action is warn.
	Warnings int `json:"warnings"`
	// SpreadAfter is the team's capacity spread (highest − lowest
	// capacity, in percentage points, over officers with available
	// points) if this officer took the case; see [Recommendation].
	SpreadAfter decimal.Decimal `json:"spreadAfter"`

	capAfter    int64 // micro-percent; math.MaxInt64 without available points
	spreadAfter int64 // micro-percent
}

// Recommendation ranks a team's officers for one case.
//
// Eligible officers are those whose check is not refused. They are ranked
// by a lexicographic score, best first:
//
//  1. fewer warnings;
//  2. lower capacity after the allocation;
//  3. smaller team spread after the allocation (the highest capacity less
//     the lowest, over the officers with available points: how the
//     team's balance moves);
//  4. officer ID, so that the ranking is total and deterministic.
//
// Capacities in steps 2 and 3 are compared at 10^-6 percent, rounded half
// up (the rounding cannot reorder officers whose exact capacities differ
// by more than that). SpreadBefore and each SpreadAfter are then rounded
// to the policy's capacity places with its capacity mode. Ineligible
// officers are listed with the findings that refuse them, by officer ID.
type Recommendation struct {
	Policy PolicyRef `json:"policy"`
	AsOf   time.Time `json:"asOf"`
	Case   string    `json:"case"`
	Tier   tier.Tier `json:"tier"`
	// Adds is the points the case adds to any officer who does not hold
	// it already.
	Adds decimal.Decimal `json:"adds"`
	// SpreadBefore is the team's capacity spread before the allocation.
	SpreadBefore decimal.Decimal `json:"spreadBefore"`
	Eligible     []Candidate     `json:"eligible"`
	Ineligible   []Candidate     `json:"ineligible"`
	// Note explains an empty ranking ("the team has no officers", "no
	// officer can take the case").
	Note string `json:"note,omitempty"`
}

// Best returns the best eligible candidate and true, or false when no
// officer can take the case.
func (r Recommendation) Best() (Candidate, bool) {
	if len(r.Eligible) == 0 {
		return Candidate{}, false
	}
	return r.Eligible[0], true
}

// String renders the ranking for a reader, one officer a line, with the
// findings of each.
func (r Recommendation) String() string {
	var b strings.Builder
	b.WriteString("case " + r.Case + " (" + string(r.Tier) + ", " + r.Adds.String() + " points); capacity spread " + r.SpreadBefore.String() + " percentage points")
	if r.Note != "" {
		b.WriteString("\n" + r.Note)
	}
	for _, c := range r.Eligible {
		b.WriteString("\n" + strconv.Itoa(c.Rank) + ". " + c.Officer + " (" + c.Grade.String() + "): " + c.Check.Before.capacityText() + " → " +
			c.Check.After.capacityText() + ", spread → " + c.SpreadAfter.String() + ", " + c.Check.Verdict.String())
		for _, f := range c.Check.Reasons {
			b.WriteString("\n     " + f.String())
		}
	}
	for _, c := range r.Ineligible {
		b.WriteString("\n-  " + c.Officer + " (" + c.Grade.String() + "): " + c.Check.Verdict.String())
		for _, f := range c.Check.Reasons {
			if f.Action == Refuse {
				b.WriteString("\n     " + f.String())
			}
		}
	}
	return b.String()
}

// teamCaps holds the capacities of the officers with available points,
// for spread computations: the two highest and two lowest, so that the
// spread with one officer's capacity changed costs O(1).
type teamCaps struct {
	caps   []int64 // micro-percent per member; valid[i] false without available points
	valid  []bool
	hi, lo [2]int // member indices of the highest and lowest two, -1 if none
	nValid int
	spread int64
}

func newTeamCaps(members []MeasuredCaseload) teamCaps {
	tc := teamCaps{caps: make([]int64, len(members)), valid: make([]bool, len(members)), hi: [2]int{-1, -1}, lo: [2]int{-1, -1}}
	for i := range members {
		st := &members[i].sum.st
		if st.avail <= 0 {
			continue
		}
		tc.valid[i] = true
		tc.nValid++
		c := capMicro(st.points, st.avail)
		tc.caps[i] = c
		switch {
		case tc.hi[0] < 0 || c > tc.caps[tc.hi[0]]:
			tc.hi[1], tc.hi[0] = tc.hi[0], i
		case tc.hi[1] < 0 || c > tc.caps[tc.hi[1]]:
			tc.hi[1] = i
		}
		switch {
		case tc.lo[0] < 0 || c < tc.caps[tc.lo[0]]:
			tc.lo[1], tc.lo[0] = tc.lo[0], i
		case tc.lo[1] < 0 || c < tc.caps[tc.lo[1]]:
			tc.lo[1] = i
		}
	}
	if tc.nValid > 0 {
		tc.spread = tc.caps[tc.hi[0]] - tc.caps[tc.lo[0]]
	}
	return tc
}

// spreadWith returns the spread with member i at capacity c.
func (tc *teamCaps) spreadWith(i int, c int64) int64 {
	if !tc.valid[i] {
		return tc.spread
	}
	hi, lo := c, c
	for _, j := range tc.hi {
		if j >= 0 && j != i {
			hi = max(hi, tc.caps[j])
			break
		}
	}
	for _, j := range tc.lo {
		if j >= 0 && j != i {
			lo = min(lo, tc.caps[j])
			break
		}
	}
	return hi - lo
}

// spreadDecimal rounds a spread in micro-percent to the policy's capacity
// places with its capacity mode.
func (p *Policy) spreadDecimal(v int64) decimal.Decimal {
	cp := p.cfg.Rounding.CapacityPlaces
	unit := pow10[dec.MaxPlaces-cp]
	neg := v < 0
	if neg {
		v = -v
	}
	r := roundQuotient(v, unit, p.cfg.Rounding.CapacityMode)
	if neg {
		r = -r
	}
	return fixedDecimal(r, cp)
}

// Recommend ranks the officers of a team for a case at asOf: every
// eligible officer (a check that is not refused) with their figures after
// the allocation and its findings, best first by the score documented on
// [Recommendation]; and every ineligible officer with the findings that
// refuse them. A team measured by this policy at asOf's date (see
// [Policy.MeasureTeam]) is not re-measured, and a recommendation across
// 20 officers costs a few microseconds.
//
// An officer who already holds the case is checked like the others (the
// check says so, and changes nothing). An empty team gives an empty
// ranking with a Note.
func (p *Policy) Recommend(t MeasuredTeam, a Allocation, asOf time.Time) (Recommendation, error) {
	l := fault.List{Pkg: "workload"}
	tp, err := p.readyTeam(&t, asOf)
	if err != nil {
		addPrefixed(&l, err, "team.")
	}
	c := p.validateAllocation(&l, &a, "")
	if err := l.Err(); err != nil {
		return Recommendation{}, err
	}
	ci := p.caseInfo(&c)
	adds := micro(ci.pts)
	out := Recommendation{Policy: p.Ref(), AsOf: asOf, Case: c.ID, Tier: c.Tier, Adds: adds}
	ms := tp.Members
	tc := newTeamCaps(ms)
	out.SpreadBefore = p.spreadDecimal(tc.spread)
	if len(ms) == 0 {
		out.Note = "the team has no officers"
		return out, nil
	}
	// First the keys, cheaply; then the full checks, built once each in
	// their final place.
	keys := make([]candKey, len(ms))
	nElig := 0
	for i := range ms {
		st := &ms[i].sum.st
		_, held := ms[i].sum.ids[c.ID]
		k := candKey{i: int32(i), capAfter: 1<<63 - 1, spreadAfter: tc.spread}
		var f firing
		pts := st.points
		if held {
			f[ruleAlreadyHeld] = 1
		} else {
			f = p.judgeAdd(st, &ci, a.CoWorked, &ms[i].sum.rules)
			pts += ci.pts
		}
		k.refused = p.worst(f) == Refuse
		k.warnings = int32(p.warnings(f))
		if st.avail > 0 {
			k.capAfter = capMicro(pts, st.avail)
			k.spreadAfter = tc.spreadWith(i, k.capAfter)
		}
		if !k.refused {
			nElig++
		}
		keys[i] = k
	}
	slices.SortFunc(keys, compareKeys)
	all := make([]Candidate, len(ms))
	for pos, k := range keys {
		h := &ms[k.i]
		c.Officer = h.Load.Officer
		cd := &all[pos]
		cd.Check = p.check(h, &c, &ci, &adds, a.CoWorked, asOf)
		cd.Officer, cd.Grade, cd.Warnings = h.Load.Officer, h.Load.Grade, int(k.warnings)
		cd.capAfter, cd.spreadAfter = k.capAfter, k.spreadAfter
		if k.spreadAfter == tc.spread {
			cd.SpreadAfter = out.SpreadBefore // decimals are values: sharing is safe
		} else {
			cd.SpreadAfter = p.spreadDecimal(k.spreadAfter)
		}
		if !k.refused {
			cd.Rank = pos + 1
		}
	}
	out.Eligible = all[:nElig:nElig]
	out.Ineligible = all[nElig:]
	if len(out.Eligible) == 0 {
		out.Note = "no officer can take the case: every check is refused"
	}
	return out, nil
}

// candKey is what ranking reads about a candidate.
type candKey struct {
	i           int32
	warnings    int32
	refused     bool
	capAfter    int64
	spreadAfter int64
}

// compareKeys orders eligible candidates by the score documented on
// Recommendation, then ineligible ones by officer ID. Team members are
// sorted by officer ID, so the member index stands for the ID.
func compareKeys(a, b candKey) int {
	switch {
	case a.refused != b.refused:
		if a.refused {
			return 1
		}
		return -1
	case !a.refused:
		if c := compareScore(int64(a.warnings), a.capAfter, a.spreadAfter, int64(b.warnings), b.capAfter, b.spreadAfter); c != 0 {
			return c
		}
	}
	return cmpI64(int64(a.i), int64(b.i))
}

// compareScore compares warnings, then capacity after, then spread after.
func compareScore(wa, ca, sa, wb, cb, sb int64) int {
	switch {
	case wa != wb:
		return cmpI64(wa, wb)
	case ca != cb:
		return cmpI64(ca, cb)
	}
	return cmpI64(sa, sb)
}

func cmpI64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
