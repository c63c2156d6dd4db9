package workload

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Scopes of the built-in roll-ups.
const (
	ScopeTeam   = "team"
	ScopeRegion = "region"
	ScopeNation = "nation"
)

// Count is how many officers fall in a part of a distribution, and their
// share of the officers counted, as a percentage rounded like capacity.
type Count struct {
	// Threshold is the capacity percentage the count is measured against.
	Threshold decimal.Decimal `json:"threshold"`
	Officers  int             `json:"officers"`
	Share     decimal.Decimal `json:"share"`
}

// Distribution describes how capacity is spread over a group's officers:
// distributions matter more than averages.
//
// Officers are counted when they hold work or have available points; an
// officer with neither (a manager with no cases, someone on full leave
// with nothing allocated) is left out of the counts and listed in Idle.
// An officer in no capacity (work but no available points) counts in
// every Over count, since no percentage is low enough, and in NoCapacity;
// the percentiles P50, P90 and Max are taken over the officers with
// available points, by the nearest-rank method (the value at rank
// ⌈p/100 × n⌉ of the n capacities sorted ascending).
type Distribution struct {
	Counted    int             `json:"counted"`
	Idle       int             `json:"idle"`
	AtOrUnder  Count           `json:"atOrUnder"`
	Over       []Count         `json:"over"`
	NoCapacity int             `json:"noCapacity"`
	P50        decimal.Decimal `json:"p50"`
	P90        decimal.Decimal `json:"p90"`
	Max        decimal.Decimal `json:"max"`
}

// Summary rolls a group of loads up: a team, a region, the nation, or
// any group passed to [Policy.Summarise]. Capacity is the ratio of sums,
// Σ points ÷ Σ available points, never an average of percentages.
type Summary struct {
	Scope    string    `json:"scope"`
	ID       string    `json:"id"`
	Policy   PolicyRef `json:"policy"`
	AsOf     time.Time `json:"asOf"`
	Officers int       `json:"officers"`
	Cases    int       `json:"cases"`
	Reports  int       `json:"reports"`
	// Letters counts the group's cases by protect letter.
	Letters   LetterMix       `json:"letters"`
	Points    decimal.Decimal `json:"points"`
	Available decimal.Decimal `json:"available"`
	// Capacity is Points ÷ Available as a percentage, rounded as the policy
	// says; zero when Band is BandNoCapacity.
	Capacity     decimal.Decimal `json:"capacity"`
	Band         Band            `json:"band"`
	Distribution Distribution    `json:"distribution"`
	// OverCeiling lists, sorted, the officers holding more cases than the
	// raw-count ceiling.
	OverCeiling []string `json:"overCeiling"`
}

// summaryAcc accumulates loads into a summary in fixed-point.
type summaryAcc struct {
	officers, cases, reports int
	letters                  LetterMix
	points, available        int64
	items                    int
	counted, idle, noCap     int
	atOrUnder                int
	over                     []int
	caps                     []int64 // capacity units of officers with available points
	overCeiling              []string
}

func (p *Policy) newAcc() summaryAcc {
	return summaryAcc{over: make([]int, len(p.dist))}
}

// add folds one officer in. points and avail are micro-points; holdsWork
// says whether the officer holds any work item.
func (p *Policy) addTo(a *summaryAcc, id string, cases, reports int, letters LetterMix, points, avail int64, holdsWork bool) {
	a.officers++
	a.cases += cases
	a.reports += reports
	a.letters.A += letters.A
	a.letters.B += letters.B
	a.letters.C += letters.C
	a.letters.D += letters.D
	a.letters.Other += letters.Other
	a.points += points
	a.available += avail
	if holdsWork {
		a.items++
	}
	if cases > p.cfg.RawCountCeiling {
		a.overCeiling = append(a.overCeiling, id)
	}
	switch {
	case avail <= 0 && !holdsWork && points <= 0:
		a.idle++
		return
	case avail <= 0:
		a.counted++
		a.noCap++
		for i := range a.over {
			a.over[i]++
		}
		return
	}
	a.counted++
	a.caps = append(a.caps, p.capacityUnits(points, avail))
	if len(p.dist) == 0 || !above(points, avail, p.dist[0]) {
		a.atOrUnder++
	}
	for i, t := range p.dist {
		if above(points, avail, t) {
			a.over[i]++
		}
	}
}

// finishSummary turns an accumulator into a Summary.
func (p *Policy) finishSummary(a *summaryAcc, scope, id string, asOf time.Time) Summary {
	cp := p.cfg.Rounding.CapacityPlaces
	s := Summary{
		Scope: scope, ID: id, Policy: p.Ref(), AsOf: asOf,
		Officers: a.officers, Cases: a.cases, Reports: a.reports, Letters: a.letters,
		Points:    micro(a.points),
		Available: micro(a.available),
	}
	s.Band, s.Capacity = p.band(a.points, a.available, a.items > 0)
	share := func(n int) decimal.Decimal {
		if a.counted == 0 {
			return fixedDecimal(0, cp)
		}
		return fixedDecimal(roundQuotient(int64(n)*100*pow10[cp], int64(a.counted), p.cfg.Rounding.CapacityMode), cp)
	}
	dist := Distribution{Counted: a.counted, Idle: a.idle, NoCapacity: a.noCap}
	first := decimal.NewFromInt(100)
	if len(p.cfg.Distribution) > 0 {
		first = p.cfg.Distribution[0]
	}
	dist.AtOrUnder = Count{Threshold: first, Officers: a.atOrUnder, Share: share(a.atOrUnder)}
	dist.Over = make([]Count, len(p.dist))
	for i := range p.dist {
		dist.Over[i] = Count{Threshold: p.cfg.Distribution[i], Officers: a.over[i], Share: share(a.over[i])}
	}
	zero := fixedDecimal(0, cp)
	dist.P50, dist.P90, dist.Max = zero, zero, zero
	if n := len(a.caps); n > 0 {
		slices.Sort(a.caps)
		rank := func(pct int) int64 { return a.caps[(pct*n+99)/100-1] }
		dist.P50 = fixedDecimal(rank(50), cp)
		dist.P90 = fixedDecimal(rank(90), cp)
		dist.Max = fixedDecimal(a.caps[n-1], cp)
	}
	s.Distribution = dist
	slices.Sort(a.overCeiling)
	s.OverCeiling = a.overCeiling
	if s.OverCeiling == nil {
		s.OverCeiling = []string{}
	}
	return s
}

// Summarise rolls loads measured by this policy up into one summary with
// the given scope and ID: the ratio-of-sums capacity, the distribution,
// cases by letter and the officers over the raw-count ceiling. Loads are
// taken as given; an empty group gives an empty summary, not an error.
func (p *Policy) Summarise(scope, id string, loads []Load, asOf time.Time) Summary {
	a := p.newAcc()
	for i := range loads {
		ld := &loads[i]
		f := ld.fixed()
		p.addTo(&a, ld.Officer, ld.Cases, ld.Reports, ld.Letters, f.points, f.available, f.items > 0)
	}
	return p.finishSummary(&a, scope, id, asOf)
}
