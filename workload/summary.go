package workload

import (
	"math"
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/fault"
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
	caps                     []int64    // capacity units of officers with available points
	huge                     [][2]int64 // points and available of capacities too large for caps (saturated there)
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
	u, ok := p.capacityUnitsOK(points, avail)
	if !ok {
		u = math.MaxInt64
		if points < 0 {
			u = -math.MaxInt64
		}
		a.huge = append(a.huge, [2]int64{points, avail})
	}
	a.caps = append(a.caps, u)
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
		rank := func(pct int) decimal.Decimal { return p.capAt(a, (pct*n+99)/100-1) }
		dist.P50 = rank(50)
		dist.P90 = rank(90)
		dist.Max = p.capAt(a, n-1)
	}
	s.Distribution = dist
	slices.Sort(a.overCeiling)
	s.OverCeiling = a.overCeiling
	if s.OverCeiling == nil {
		s.OverCeiling = []string{}
	}
	return s
}

// capAt returns the capacity at index i of the sorted capacities, exactly:
// a saturated entry is the matching capacity of a.huge sorted by exact
// ratio (the negative ones sort first, as their saturated entries do).
func (p *Policy) capAt(a *summaryAcc, i int) decimal.Decimal {
	cp := p.cfg.Rounding.CapacityPlaces
	v := a.caps[i]
	if v != math.MaxInt64 && v != -math.MaxInt64 {
		return fixedDecimal(v, cp)
	}
	slices.SortFunc(a.huge, func(x, y [2]int64) int {
		l := new(big.Int).Mul(big.NewInt(x[0]), big.NewInt(y[1]))
		return l.Cmp(new(big.Int).Mul(big.NewInt(y[0]), big.NewInt(x[1])))
	})
	neg := 0
	for _, h := range a.huge {
		if h[0] < 0 {
			neg++
		}
	}
	k := i
	if v > 0 {
		k = neg + i - (len(a.caps) - (len(a.huge) - neg))
	}
	h := a.huge[k]
	return ratioDecimal(h[0], 100*pow10[cp], h[1], cp, p.cfg.Rounding.CapacityMode)
}

// Summarise rolls loads measured by this policy up into one summary with
// the given scope and ID: the ratio-of-sums capacity, the distribution,
// cases by letter and the officers over the raw-count ceiling. An empty
// group gives an empty summary, not an error.
//
// Loads are taken as given, but not on trust: a load built by the caller
// must be one this package could have measured (points and available
// points with at most 6 places, available points not negative and at most
// MaxTarget × 168, points of at most MaxWorkItems × MaxWeight, counts not
// negative), there may be at most MaxOfficers loads whose points add up to
// at most MaxWorkItems × MaxWeight, and asOf must be given; anything else
// is an error naming the load, never a figure read as 0.
func (p *Policy) Summarise(scope, id string, loads []Load, asOf time.Time) (Summary, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	checkAsOf(&l, asOf)
	checkCount(&l, "loads", len(loads), MaxOfficers, "loads")
	if l.Len() == 0 {
		var sum int64
		for i := range loads {
			prefix := "loads[" + strconv.Itoa(i) + "]"
			checkLoad(&l, prefix, &loads[i])
			if l.Len() == 0 {
				sum += loads[i].fixed().points
				if sum > maxLoadPoints || sum < -maxLoadPoints {
					l.Add(prefix+".points", loads[i].Points.String(), ErrOutOfRange, "the loads' points add up to more than a roster can hold")
				}
			}
		}
	}
	if err := l.Err(); err != nil {
		return Summary{}, err
	}
	a := p.newAcc()
	for i := range loads {
		ld := &loads[i]
		f := ld.fixed()
		p.addTo(&a, ld.Officer, ld.Cases, ld.Reports, ld.Letters, f.points, f.available, f.items > 0)
	}
	return p.finishSummary(&a, scope, id, asOf), nil
}
