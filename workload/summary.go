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
	letters                  [5]int // by letter slot
	points, available        int64
	items                    int
	counted, idle, noCap     int
	atOrUnder                int
	// over[k] counts the officers with available points whose capacity is
	// above exactly k of the distribution's thresholds (ascending), so
	// that the count above threshold i is noCap + Σ over[k] for k > i.
	over []int
	caps []int64 // capacity units of officers with available points
	// huge holds the points and available of the capacities too large for
	// caps (saturated there at ±math.MaxInt64).
	huge [][2]int64
	// sorted says that caps is in ascending order (a bulk measurement
	// sorts every officer's once and hands each group its share in order).
	sorted      bool
	overCeiling []string
}

func (p *Policy) newAcc() summaryAcc {
	return summaryAcc{over: make([]int, len(p.dist)+1)}
}

// standing is where one officer stands in a distribution, worked out once
// and added to every group the officer belongs to.
type standing struct {
	kind  uint8 // standIdle, standNoCap or standCounted
	above uint8 // thresholds exceeded, for standCounted
	caps  int64 // capacity units, for standCounted (saturated when huge)
	huge  bool  // the capacity does not fit in caps
}

const (
	standCounted uint8 = iota
	standIdle
	standNoCap
)

// standingOf classifies an officer's points and available points (both
// micro); holdsWork says whether the officer holds any work item.
func (p *Policy) standingOf(points, avail int64, holdsWork bool) standing {
	switch {
	case avail <= 0 && !holdsWork && points <= 0:
		return standing{kind: standIdle}
	case avail <= 0:
		return standing{kind: standNoCap}
	}
	k := 0
	for k < len(p.dist) && above(points, avail, p.dist[k]) {
		k++
	}
	u, ok := p.capacityUnitsOK(points, avail)
	if !ok {
		u = math.MaxInt64
		if points < 0 {
			u = -math.MaxInt64
		}
	}
	return standing{kind: standCounted, above: uint8(k), caps: u, huge: !ok}
}

// addTo folds one officer in. points and avail are micro-points; holdsWork
// says whether the officer holds any work item.
func (p *Policy) addTo(a *summaryAcc, id string, cases, reports int, letters LetterMix, points, avail int64, holdsWork bool) {
	f := officerFigures{points: points, avail: avail, cases: int32(cases), reports: int32(reports),
		letters: [8]int32{int32(letters.A), int32(letters.B), int32(letters.C), int32(letters.D), int32(letters.Other)}}
	if holdsWork {
		f.items = 1
	}
	st := p.standingOf(points, avail, holdsWork)
	a.add(p, id, &f, st)
	if st.kind == standCounted {
		a.caps = append(a.caps, st.caps)
	}
}

// add folds one officer's figures in, with its standing already worked
// out, all but the capacity units, which the caller appends to caps for
// an officer standCounted.
func (a *summaryAcc) add(p *Policy, id string, f *officerFigures, st standing) {
	a.officers++
	a.cases += int(f.cases)
	a.reports += int(f.reports)
	for i := range a.letters {
		a.letters[i] += int(f.letters[i])
	}
	a.points += f.points
	a.available += f.avail
	if f.items > 0 {
		a.items++
	}
	if int(f.cases) > p.cfg.RawCountCeiling {
		a.overCeiling = append(a.overCeiling, id)
	}
	switch st.kind {
	case standIdle:
		a.idle++
		return
	case standNoCap:
		a.counted++
		a.noCap++
		return
	}
	a.counted++
	if st.huge {
		a.huge = append(a.huge, [2]int64{f.points, f.avail})
	}
	if st.above == 0 {
		a.atOrUnder++
	}
	a.over[st.above]++
}

// finishSummary turns an accumulator into a Summary. It reorders a.caps.
// Capacity-place decimals come from cache, which may be nil.
func (p *Policy) finishSummary(a *summaryAcc, scope, id string, asOf time.Time, cache *decimalCache) Summary {
	cp := p.cfg.Rounding.CapacityPlaces
	fixedDecimal := cache.fixed
	s := Summary{
		Scope: scope, ID: id, Policy: p.Ref(), AsOf: asOf,
		Officers: a.officers, Cases: a.cases, Reports: a.reports, Letters: LetterMix{A: a.letters[0], B: a.letters[1], C: a.letters[2], D: a.letters[3], Other: a.letters[4]},
		Points:    micro(a.points),
		Available: micro(a.available),
	}
	band, units, ok := p.bandUnits(a.points, a.available, a.items > 0)
	s.Band, s.Capacity = band, decimal.Zero
	switch {
	case band == BandNoCapacity:
	case !ok:
		s.Capacity = ratioDecimal(a.points, 100*pow10[cp], a.available, cp, p.cfg.Rounding.CapacityMode)
	default:
		s.Capacity = fixedDecimal(units, cp)
	}
	zero := fixedDecimal(0, cp)
	share := func(n int) decimal.Decimal {
		if a.counted == 0 || n == 0 {
			return zero
		}
		return fixedDecimal(roundQuotient(int64(n)*100*pow10[cp], int64(a.counted), p.cfg.Rounding.CapacityMode), cp)
	}
	dist := Distribution{Counted: a.counted, Idle: a.idle, NoCapacity: a.noCap}
	first := hundred
	if len(p.cfg.Distribution) > 0 {
		first = p.cfg.Distribution[0]
	}
	dist.AtOrUnder = Count{Threshold: first, Officers: a.atOrUnder, Share: share(a.atOrUnder)}
	dist.Over = make([]Count, len(p.dist))
	n := a.noCap
	for i := len(p.dist) - 1; i >= 0; i-- {
		n += a.over[i+1]
		dist.Over[i] = Count{Threshold: p.cfg.Distribution[i], Officers: n, Share: share(n)}
	}
	dist.P50, dist.P90, dist.Max = zero, zero, zero
	if n := len(a.caps); n > 0 {
		// Nearest rank: the value at rank ⌈p/100 × n⌉, found by selection
		// rather than a full sort.
		k50, k90 := (50*n+99)/100-1, (90*n+99)/100-1
		hi := a.caps[n-1]
		if !a.sorted {
			selectNth(a.caps, k50)
			selectNth(a.caps[k50:], k90-k50)
			hi = slices.Max(a.caps[k90:])
		}
		at := func(v int64, rank int) decimal.Decimal {
			if v == math.MaxInt64 || v == -math.MaxInt64 {
				return p.hugeAt(a, v, rank)
			}
			return fixedDecimal(v, cp)
		}
		dist.P50 = at(a.caps[k50], k50)
		dist.P90 = at(a.caps[k90], k90)
		dist.Max = at(hi, n-1)
	}
	s.Distribution = dist
	slices.Sort(a.overCeiling)
	s.OverCeiling = a.overCeiling
	if s.OverCeiling == nil {
		s.OverCeiling = []string{}
	}
	return s
}

// hundred is the default first distribution threshold, 100%, built once
// (a decimal is never changed in place, so every summary may share it).
var hundred = decimal.NewFromInt(100)

// hugeAt returns, exactly, the capacity of rank i (from 0, ascending)
// whose saturated value in caps is v: the matching capacity of a.huge
// sorted by exact ratio (the negative ones rank first, as their saturated
// entries do).
func (p *Policy) hugeAt(a *summaryAcc, v int64, i int) decimal.Decimal {
	cp := p.cfg.Rounding.CapacityPlaces
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

// selectNth reorders a so that a[k] holds the value of rank k (from 0) in
// ascending order, with nothing greater before it and nothing smaller
// after it (Hoare's selection, median-of-three pivots).
func selectNth(a []int64, k int) {
	lo, hi := 0, len(a)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
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
	return p.finishSummary(&a, scope, id, asOf, nil), nil
}

// decimalCache shares the decimals of repeated values within one bulk
// measurement: shares and percentiles repeat across hundreds of teams,
// and a decimal costs two allocations to build. Decimals are immutable,
// so sharing them is safe. A nil cache builds every decimal afresh.
type decimalCache struct {
	keys []int64 // value<<5 | places, +1 (0 is empty)
	vals []decimal.Decimal
	bits uint8 // len(keys) is 1<<bits
}

// newDecimalCache returns a cache sized for the decimals of the given
// number of summaries (about a dozen each), at most 4,096 entries, so
// that a small roster does not clear a large table.
func newDecimalCache(summaries int) *decimalCache {
	bits := uint8(6)
	for bits < 12 && 1<<bits < 16*summaries {
		bits++
	}
	return &decimalCache{keys: make([]int64, 1<<bits), vals: make([]decimal.Decimal, 1<<bits), bits: bits}
}

// fixed returns fixedDecimal(v, places), shared when v is small.
func (c *decimalCache) fixed(v int64, places int) decimal.Decimal {
	if c == nil || v < 0 || v >= 1<<40 {
		return fixedDecimal(v, places)
	}
	key := v<<5 | int64(places) + 1
	h := uint64(key) * 0x9E3779B97F4A7C15 >> (64 - c.bits)
	mask := len(c.keys) - 1
	for probe := 0; probe < 8; probe++ {
		i := (int(h) + probe) & mask
		switch c.keys[i] {
		case key:
			return c.vals[i]
		case 0:
			d := fixedDecimal(v, places)
			c.keys[i], c.vals[i] = key, d
			return d
		}
	}
	return fixedDecimal(v, places)
}
