package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// DefaultMaxMoves is the move limit a zero RebalanceOptions.MaxMoves
// means.
const DefaultMaxMoves = 10

// RebalanceOptions tune [Policy.Rebalance].
type RebalanceOptions struct {
	// MaxMoves is the most transfers a plan may hold; 0 means
	// DefaultMaxMoves. Continuity matters to the people supervised: a plan
	// that moves few cases is better than one that moves many.
	MaxMoves int `json:"maxMoves"`
	// RecentDays keeps in place the cases allocated to their officer
	// (Case.Allocated) fewer than RecentDays days before asOf; 0 keeps
	// none for that reason. Cases in their critical period always stay.
	RecentDays int `json:"recentDays"`
	// Balance keeps moving cases after every officer is within
	// Bands.Over, while a move still lowers the highest capacity. Without
	// it the plan stops as soon as nobody is above Bands.Over.
	Balance bool `json:"balance"`
}

// DefaultRebalanceOptions returns the options caseload suggests: at most
// 10 moves, cases allocated in the last 28 days stay, stop once everyone
// is within the over-capacity threshold. These are caseload's own
// illustrative choices.
func DefaultRebalanceOptions() RebalanceOptions {
	return RebalanceOptions{MaxMoves: DefaultMaxMoves, RecentDays: 28}
}

// Move is one transfer in a rebalancing plan, explained.
type Move struct {
	Case string    `json:"case"`
	Tier tier.Tier `json:"tier"`
	// Complexity is the case's count of complexity factors.
	Complexity int    `json:"complexity"`
	From       string `json:"from"`
	To         string `json:"to"`
	// Points is what the case weighs (see Check.Adds).
	Points decimal.Decimal `json:"points"`
	// The capacities of both officers before and after this move, rounded
	// as the policy rounds capacity.
	FromBefore decimal.Decimal `json:"fromBefore"`
	FromAfter  decimal.Decimal `json:"fromAfter"`
	ToBefore   decimal.Decimal `json:"toBefore"`
	ToAfter    decimal.Decimal `json:"toAfter"`
	// Reason says why this move, in a sentence.
	Reason string `json:"reason"`
	// Findings are the receiver's allocation findings (never a refusal).
	Findings []Finding `json:"findings,omitempty"`
}

// String renders the move on one line, with its findings under it.
func (m Move) String() string {
	s := m.Case + " (" + string(m.Tier) + ", " + m.Points.String() + " points): " + m.From + " " + m.FromBefore.String() + "% → " +
		m.FromAfter.String() + "%, " + m.To + " " + m.ToBefore.String() + "% → " + m.ToAfter.String() + "%"
	for _, f := range m.Findings {
		s += "\n    " + f.String()
	}
	return s
}

// Rebalancing is a rebalancing plan: the transfers to make, in order, and what
// they do to the team. A plan with no moves says why in Explanation.
type Rebalancing struct {
	Policy PolicyRef `json:"policy"`
	AsOf   time.Time `json:"asOf"`
	Moves  []Move    `json:"moves"`
	// HighestBefore and HighestAfter are the highest capacity over the
	// officers with available points; SpreadBefore and SpreadAfter the
	// highest less the lowest, in percentage points. Rounded as the
	// policy rounds capacity (spreads from capacities at 10^-6 percent).
	HighestBefore decimal.Decimal `json:"highestBefore"`
	HighestAfter  decimal.Decimal `json:"highestAfter"`
	SpreadBefore  decimal.Decimal `json:"spreadBefore"`
	SpreadAfter   decimal.Decimal `json:"spreadAfter"`
	// OverBefore and OverAfter count the officers above Bands.Over.
	OverBefore int `json:"overBefore"`
	OverAfter  int `json:"overAfter"`
	// Kept counts the cases that could not move: in their critical period
	// or allocated recently.
	Kept int `json:"kept"`
	// Explanation sums the plan up, or says why there is none.
	Explanation string `json:"explanation"`
}

// String renders the plan for a reader.
func (pl Rebalancing) String() string {
	var b strings.Builder
	b.WriteString(pl.Explanation)
	for i, m := range pl.Moves {
		b.WriteString("\n" + strconv.Itoa(i+1) + ". " + m.String())
	}
	return b.String()
}

// Apply returns the team's caseloads with the plan's moves made: each
// moved case names its new officer and is marked allocated on the plan's
// date. The team must be the one the plan was made for.
func (pl Rebalancing) Apply(t MeasuredTeam) ([]Caseload, error) {
	out := make([]Caseload, len(t.Members))
	at := map[string]int{}
	for i := range t.Members {
		out[i] = t.Members[i].Caseload
		out[i].Cases = slices.Clone(out[i].Cases)
		at[out[i].Officer.ID] = i
	}
	l := fault.List{Pkg: "workload"}
	for k, m := range pl.Moves {
		f, okF := at[m.From]
		to, okT := at[m.To]
		prefix := "moves[" + strconv.Itoa(k) + "]"
		if !okF || !okT {
			l.Add(prefix, m.From+" → "+m.To, ErrUnknown, "officer not in the team")
			continue
		}
		j := slices.IndexFunc(out[f].Cases, func(c Case) bool { return c.ID == m.Case })
		if j < 0 {
			l.Add(prefix+".case", m.Case, ErrUnknown, "not held by "+strconv.Quote(m.From))
			continue
		}
		c := out[f].Cases[j]
		c.Officer, c.Allocated = m.To, pl.AsOf
		out[f].Cases = slices.Delete(out[f].Cases, j, j+1)
		out[to].Cases = append(out[to].Cases, c)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// rbCase is a case the rebalancer may move.
type rbCase struct {
	c    *Case
	ci   caseInfo
	ti   int
	gone bool // moved already (a case moves at most once)
}

// Rebalance plans case transfers at asOf that bring officers within the
// over-capacity threshold (Bands.Over) and reduce imbalance with as few
// moves as possible.
//
// The plan is greedy, with one objective: lower the highest capacity.
// At each step the most loaded officer (highest capacity, ties by officer
// ID) gives one case to one officer, choosing the move that leaves the
// higher of the two capacities lowest; among equal moves it prefers the
// case with fewer complexity factors, then the less severe tier, then the
// receiver left with the lower capacity, then case ID and officer ID. A
// move is made only if both officers end strictly below the giver's
// capacity before it, and only to an officer whose allocation check (the
// case not co-worked) is not refused. Cases in their critical period,
// allocated recently (RebalanceOptions.RecentDays) or already moved stay.
// The plan stops when nobody is above Bands.Over (unless
// RebalanceOptions.Balance), when no move qualifies, or at the move
// limit.
//
// Every move lowers the team's capacities sorted from the highest in
// lexicographic order (the highest falls, or as many officers share it
// less often), so a plan with moves strictly improves the team and never
// raises the highest capacity; the same input gives the same plan.
// Officers without available points neither give nor receive: the
// explanation names those holding work, to reallocate with
// [Policy.Recommend]. Capacities are compared at 10^-6 percent, rounded
// half up.
func (p *Policy) Rebalance(t MeasuredTeam, asOf time.Time, opts RebalanceOptions) (Rebalancing, error) {
	l := fault.List{Pkg: "workload"}
	tp, err := p.readyTeam(&t, asOf)
	if err != nil {
		addPrefixed(&l, err, "team.")
	}
	if opts.MaxMoves < 0 || opts.MaxMoves > 100000 {
		l.Add("options.maxMoves", strconv.Itoa(opts.MaxMoves), ErrOutOfRange, "must be between 0 and 100000")
	}
	if opts.RecentDays < 0 || opts.RecentDays > 3650 {
		l.Add("options.recentDays", strconv.Itoa(opts.RecentDays), ErrOutOfRange, "must be between 0 and 3650")
	}
	if err := l.Err(); err != nil {
		return Rebalancing{}, err
	}
	if opts.MaxMoves == 0 {
		opts.MaxMoves = DefaultMaxMoves
	}
	ms := tp.Members
	n := len(ms)
	pl := Rebalancing{Policy: p.Ref(), AsOf: asOf, Moves: []Move{}}
	day := days.Number(asOf)
	ru := p.allocRules()

	st := make([]allocState, n)
	caps := make([]int64, n)
	active := make([]bool, n)
	cases := make([][]rbCase, n)
	var noCap []string
	for i := range ms {
		st[i] = ms[i].sum.st
		active[i] = st[i].avail > 0
		if !active[i] {
			if ms[i].Load.Band == BandNoCapacity {
				noCap = append(noCap, ms[i].Load.Officer+" ("+strconv.Itoa(ms[i].Load.Cases)+" cases)")
			}
			continue
		}
		caps[i] = capMicro(st[i].points, st[i].avail)
		cs := ms[i].Caseload.Cases
		cases[i] = make([]rbCase, 0, len(cs))
		for k := range cs {
			c := &cs[k]
			if p.phaseAt(c, day) == tier.Critical || (opts.RecentDays > 0 && !c.Allocated.IsZero() && day-days.Number(c.Allocated) < int64(opts.RecentDays)) {
				pl.Kept++
				continue
			}
			ti := p.tiers.index(c.Tier)
			cases[i] = append(cases[i], rbCase{c: c, ci: p.caseInfo(c), ti: ti})
		}
	}
	before := sortedCaps(caps, active)
	hb, sb := capsHighSpread(before)
	pl.HighestBefore, pl.SpreadBefore = p.microPercent(hb), p.spreadDecimal(sb)
	pl.OverBefore = p.countOver(st, active)

	stop := ""
	for {
		if len(pl.Moves) >= opts.MaxMoves {
			stop = "limit"
			break
		}
		d := -1
		for i := range ms {
			if active[i] && (d < 0 || caps[i] > caps[d]) {
				d = i
			}
		}
		if d < 0 {
			stop = "empty"
			break
		}
		if !opts.Balance && !above(st[d].points, st[d].avail, p.over) {
			stop = "within"
			break
		}
		best := rbBest{k: -1}
		for k := range cases[d] {
			rc := &cases[d][k]
			if rc.gone || rc.ci.pts <= 0 {
				continue
			}
			newD := capMicro(st[d].points-rc.ci.pts, st[d].avail)
			for r := range ms {
				if r == d || !active[r] {
					continue
				}
				newR := capMicro(st[r].points+rc.ci.pts, st[r].avail)
				pair := max(newD, newR)
				if pair >= caps[d] {
					continue
				}
				cand := rbBest{k: k, r: r, pair: pair, newD: newD, newR: newR}
				if best.k >= 0 && !cand.better(&best, cases[d], ms) {
					continue
				}
				if p.worst(p.judgeAdd(&st[r], &rc.ci, false, &ru)) == Refuse {
					continue
				}
				best = cand
			}
		}
		if best.k < 0 {
			stop = "stuck"
			break
		}
		rc := &cases[d][best.k]
		r := best.r
		f := p.judgeAdd(&st[r], &rc.ci, false, &ru)
		mv := Move{Case: rc.c.ID, Tier: rc.c.Tier, Complexity: rc.c.Risk.Complexity, From: ms[d].Load.Officer, To: ms[r].Load.Officer,
			Points: micro(rc.ci.pts), FromBefore: p.capDecimal(st[d].points, st[d].avail), ToBefore: p.capDecimal(st[r].points, st[r].avail)}
		st[d].add(&rc.ci, -1)
		st[r].add(&rc.ci, 1)
		caps[d], caps[r] = best.newD, best.newR
		rc.gone = true
		mv.FromAfter, mv.ToAfter = p.capDecimal(st[d].points, st[d].avail), p.capDecimal(st[r].points, st[r].avail)
		e := explainer{p: p, officer: mv.To, st: &st[r], ru: &ru, c: rc.c, adding: false}
		mv.Findings = p.findings(&e, f)
		mv.Reason = mv.From + " is the most loaded at " + mv.FromBefore.String() + "%; " + rc.c.ID + " (" + string(rc.c.Tier) +
			", complexity " + strconv.Itoa(rc.c.Risk.Complexity) + ") moves to " + mv.To + ", leaving the higher of the two at " +
			p.microPercent(best.pair).String() + "%"
		pl.Moves = append(pl.Moves, mv)
	}

	after := sortedCaps(caps, active)
	ha, sa := capsHighSpread(after)
	pl.HighestAfter, pl.SpreadAfter = p.microPercent(ha), p.spreadDecimal(sa)
	pl.OverAfter = p.countOver(st, active)
	if len(pl.Moves) > 0 && slices.Compare(after, before) >= 0 {
		// Cannot happen: every move lowers the sorted capacities. Kept so
		// that a plan never makes things worse.
		pl.Moves = []Move{}
		pl.HighestAfter, pl.SpreadAfter, pl.OverAfter = pl.HighestBefore, pl.SpreadBefore, pl.OverBefore
		stop = "stuck"
	}
	pl.Explanation = p.explainPlan(&pl, stop, opts, noCap)
	return pl, nil
}

// rbBest is a candidate move.
type rbBest struct {
	k, r             int
	pair, newD, newR int64
}

// better reports whether m is preferred to o (same giver): the lower pair
// maximum, then fewer complexity factors, less severe tier, the lower
// receiver capacity, case ID, officer ID.
func (m *rbBest) better(o *rbBest, cs []rbCase, ms []MeasuredCaseload) bool {
	if m.pair != o.pair {
		return m.pair < o.pair
	}
	a, b := &cs[m.k], &cs[o.k]
	if a.c.Risk.Complexity != b.c.Risk.Complexity {
		return a.c.Risk.Complexity < b.c.Risk.Complexity
	}
	if a.ti != b.ti {
		return a.ti > b.ti // a higher index is a less severe tier
	}
	if m.newR != o.newR {
		return m.newR < o.newR
	}
	if a.c.ID != b.c.ID {
		return a.c.ID < b.c.ID
	}
	return ms[m.r].Load.Officer < ms[o.r].Load.Officer
}

// sortedCaps returns the active officers' capacities, highest first.
func sortedCaps(caps []int64, active []bool) []int64 {
	out := make([]int64, 0, len(caps))
	for i, c := range caps {
		if active[i] {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b int64) int { return cmpI64(b, a) })
	return out
}

func capsHighSpread(sorted []int64) (int64, int64) {
	if len(sorted) == 0 {
		return 0, 0
	}
	return sorted[0], sorted[0] - sorted[len(sorted)-1]
}

func (p *Policy) countOver(st []allocState, active []bool) int {
	n := 0
	for i := range st {
		if active[i] && above(st[i].points, st[i].avail, p.over) {
			n++
		}
	}
	return n
}

// capDecimal is an officer's capacity rounded as the policy says, exactly
// however large (zero with no available points, as in a Load).
func (p *Policy) capDecimal(points, avail int64) decimal.Decimal {
	if avail <= 0 {
		return decimal.Zero
	}
	cp := p.cfg.Rounding.CapacityPlaces
	return ratioDecimal(points, 100*pow10[cp], avail, cp, p.cfg.Rounding.CapacityMode)
}

// microPercent rounds a capacity in micro-percent as the policy rounds
// capacity.
func (p *Policy) microPercent(v int64) decimal.Decimal { return p.spreadDecimal(v) }

func (p *Policy) explainPlan(pl *Rebalancing, stop string, opts RebalanceOptions, noCap []string) string {
	over := fmtUnits(p.over, dec.MaxPlaces) + "%"
	var s string
	n := len(pl.Moves)
	switch {
	case stop == "empty" && n == 0:
		s = "no plan: the team has no officer with available points"
	case n == 0 && stop == "within":
		s = "no plan: no officer is above " + over + " (highest " + pl.HighestBefore.String() + "%)"
	case n == 0:
		s = "no plan: no eligible move lowers the highest capacity (" + pl.HighestBefore.String() +
			"%); cases in their critical period or allocated recently stay, and no officer can take a case from the most loaded without ending as high or being refused"
	default:
		s = strconv.Itoa(n) + plural(n, " move lowers", " moves lower") + " the highest capacity from " + pl.HighestBefore.String() + "% to " +
			pl.HighestAfter.String() + "% and the spread from " + pl.SpreadBefore.String() + " to " + pl.SpreadAfter.String() +
			" percentage points; officers above " + over + ": " + strconv.Itoa(pl.OverBefore) + " → " + strconv.Itoa(pl.OverAfter)
		switch stop {
		case "limit":
			s += "; stopped at the limit of " + strconv.Itoa(opts.MaxMoves) + " moves"
		case "stuck":
			s += "; no further eligible move lowers the highest capacity"
		}
	}
	if pl.Kept > 0 {
		s += " (" + strconv.Itoa(pl.Kept) + plural(pl.Kept, " case stays", " cases stay") + " for continuity)"
	}
	if len(noCap) > 0 {
		s += "; no available points but holding work: " + strings.Join(noCap, ", ") + " (reallocate with Recommend)"
	}
	return s
}
