package workload

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ImbalancePlaces is the number of decimal places of the coefficient of
// variation and the Gini coefficient in a [BalanceReport].
const ImbalancePlaces = 4

// OfficerBalance is one officer's mix and load against the team's.
type OfficerBalance struct {
	Officer string    `json:"officer"`
	Grade   Grade     `json:"grade"`
	Cases   int       `json:"cases"`
	Letters LetterMix `json:"letters"`
	// Capacity and Band are the officer's, as [Policy.Measure] gives them.
	Capacity decimal.Decimal `json:"capacity"`
	Band     Band            `json:"band"`
	// CapacityGap is Capacity less the team's capacity (ratio of sums), in
	// percentage points, computed exactly and rounded once.
	CapacityGap decimal.Decimal `json:"capacityGap"`
	// HighProtectShare is the percentage of the officer's cases in the
	// high-protect tiers (AllocationConfig.HighProtect.Tiers); 0 with no
	// cases. HighProtectGap is it less the team's share, in percentage
	// points. IntensiveShare is the percentage in the intensive tiers.
	HighProtectShare decimal.Decimal `json:"highProtectShare"`
	HighProtectGap   decimal.Decimal `json:"highProtectGap"`
	IntensiveShare   decimal.Decimal `json:"intensiveShare"`
	// Breaches lists every rule the caseload breaks as it stands, with the
	// action the policy takes on allocations that breach it.
	Breaches []Finding `json:"breaches"`
}

// BalanceReport is a team's balance: each officer's mix and load against
// the team's, the documented imbalance measures, and every rule breach.
//
// Every percentage is computed exactly (in rational arithmetic) and
// rounded once, to the policy's capacity places with its capacity mode.
// The imbalance measures are over the officers with available points
// (Measured of them); officers holding work without available points are
// listed in NoCapacity, never counted as 0%:
//
//   - Highest, Lowest: the highest and lowest capacity; Spread = Highest −
//     Lowest, in percentage points, from the exact capacities.
//   - Mean: the unweighted mean of the officers' capacities (the team's
//     own capacity is the ratio of sums, Capacity).
//   - CV: the coefficient of variation, population standard deviation ÷
//     mean = √(n·Σc² − (Σc)²) ÷ Σc for capacities c, as a fraction (0.25
//     is 25%). The square root is taken exactly: CV is the integer square
//     root of ⌊(n·Σc² − (Σc)²)·10^8 ÷ (Σc)²⌋ in units of 10^-4, then
//     rounded half up by an exact comparison, so it is correct to all
//     ImbalancePlaces places. 0 when the mean is 0 or below.
//   - Gini: Σ|cᵢ − cⱼ| ÷ (2·n²·mean) over all pairs, computed exactly as
//     Σᵢ (2i − n + 1)·c₍ᵢ₎ ÷ (n·Σc) over the capacities in increasing
//     order, rounded half up to ImbalancePlaces places; 0 is perfect
//     balance. 0 when the mean is 0 or below.
type BalanceReport struct {
	Policy   PolicyRef        `json:"policy"`
	AsOf     time.Time        `json:"asOf"`
	Officers []OfficerBalance `json:"officers"`
	// Team totals: cases, letter mix, and capacity as the ratio of sums
	// (Σ points ÷ Σ available).
	Cases            int             `json:"cases"`
	Letters          LetterMix       `json:"letters"`
	Capacity         decimal.Decimal `json:"capacity"`
	HighProtectShare decimal.Decimal `json:"highProtectShare"`
	IntensiveShare   decimal.Decimal `json:"intensiveShare"`
	// The imbalance measures.
	Measured int             `json:"measured"`
	Highest  decimal.Decimal `json:"highest"`
	Lowest   decimal.Decimal `json:"lowest"`
	Spread   decimal.Decimal `json:"spread"`
	Mean     decimal.Decimal `json:"mean"`
	CV       decimal.Decimal `json:"cv"`
	Gini     decimal.Decimal `json:"gini"`
	// NoCapacity lists the officers who hold work without available
	// points, by ID.
	NoCapacity []string `json:"noCapacity,omitempty"`
	// Breaches counts the breaches over all officers.
	Breaches int `json:"breaches"`
}

// String renders the report as a small table with the breaches under it.
func (r BalanceReport) String() string {
	var b strings.Builder
	b.WriteString("team: " + strconv.Itoa(r.Cases) + " cases, capacity " + r.Capacity.String() + "%, high-protect " + r.HighProtectShare.String() +
		"%; spread " + r.Spread.String() + ", CV " + r.CV.String() + ", Gini " + r.Gini.String())
	for _, o := range r.Officers {
		b.WriteString("\n" + o.Officer + " (" + o.Grade.String() + "): " + strconv.Itoa(o.Cases) + " cases A" + strconv.Itoa(o.Letters.A) +
			" B" + strconv.Itoa(o.Letters.B) + " C" + strconv.Itoa(o.Letters.C) + " D" + strconv.Itoa(o.Letters.D))
		if o.Letters.Other > 0 {
			b.WriteString(" other" + strconv.Itoa(o.Letters.Other))
		}
		if o.Band == BandNoCapacity {
			b.WriteString(", no capacity")
		} else {
			b.WriteString(", capacity " + o.Capacity.String() + "% (" + signed(o.CapacityGap) + ")")
		}
		b.WriteString(", high-protect " + o.HighProtectShare.String() + "% (" + signed(o.HighProtectGap) + ")")
		for _, f := range o.Breaches {
			b.WriteString("\n  " + f.String())
		}
	}
	return b.String()
}

func signed(d decimal.Decimal) string {
	if d.IsNegative() {
		return d.String()
	}
	return "+" + d.String()
}

// Balance reports a team's balance as measured (see [Policy.MeasureTeam]):
// each officer's letter mix, capacity and high-protect share against the
// team's, the imbalance measures documented on [BalanceReport], and every
// breach of the capacity, raw-count, mix, flag-cap and grade rules as the
// caseloads stand. A grade-eligibility breach cannot see co-working: it
// asks a manager to check. An empty team gives an empty report.
func (p *Policy) Balance(t MeasuredTeam) (BalanceReport, error) {
	tp, err := p.readyTeam(&t, t.AsOf)
	if err != nil {
		return BalanceReport{}, prefixErr(err, "team.")
	}
	ms := tp.Members
	cp, mode := p.cfg.Rounding.CapacityPlaces, p.cfg.Rounding.CapacityMode
	out := BalanceReport{Policy: p.Ref(), AsOf: tp.AsOf, Officers: make([]OfficerBalance, len(ms))}

	// Sums in big integers: a team's totals are not bounded like one
	// officer's.
	sumPts, sumAvail := new(big.Int), new(big.Int)
	var sumHigh, sumInt int32
	for i := range ms {
		st := &ms[i].sum.st
		out.Cases += ms[i].Load.Cases
		addMix(&out.Letters, ms[i].Load.Letters)
		sumPts.Add(sumPts, big.NewInt(st.points))
		sumAvail.Add(sumAvail, big.NewInt(max(st.avail, 0)))
		sumHigh += st.high
		sumInt += st.intensive
	}
	teamCap := new(big.Rat)
	if sumAvail.Sign() > 0 {
		teamCap.SetFrac(sumPts.Mul(sumPts, big.NewInt(100)), sumAvail)
	}
	out.Capacity = ratRound(teamCap, cp, mode)
	teamHigh := shareRat(sumHigh, int32(out.Cases))
	out.HighProtectShare = ratRound(teamHigh, cp, mode)
	out.IntensiveShare = ratRound(shareRat(sumInt, int32(out.Cases)), cp, mode)

	var caps []*big.Rat
	for i := range ms {
		h := &ms[i]
		st := &h.sum.st
		ob := &out.Officers[i]
		ob.Officer, ob.Grade, ob.Cases, ob.Letters = h.Load.Officer, h.Load.Grade, h.Load.Cases, h.Load.Letters
		ob.Capacity, ob.Band = h.Load.Capacity, h.Load.Band
		hs := shareRat(st.high, st.cases)
		ob.HighProtectShare = ratRound(hs, cp, mode)
		ob.HighProtectGap = ratRound(new(big.Rat).Sub(hs, teamHigh), cp, mode)
		ob.IntensiveShare = ratRound(shareRat(st.intensive, st.cases), cp, mode)
		if st.avail > 0 {
			c := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(st.points), big.NewInt(100)), big.NewInt(st.avail))
			caps = append(caps, c)
			ob.CapacityGap = ratRound(new(big.Rat).Sub(c, teamCap), cp, mode)
		} else {
			ob.CapacityGap = decimal.Zero
			if h.Load.Band == BandNoCapacity {
				out.NoCapacity = append(out.NoCapacity, ob.Officer)
			}
		}
		f := p.judgeState(st, &h.Load, &h.sum.rules)
		e := explainer{p: p, officer: ob.Officer, st: st, ru: &h.sum.rules}
		ob.Breaches = p.findings(&e, f)
		if ob.Breaches == nil {
			ob.Breaches = []Finding{}
		}
		out.Breaches += len(ob.Breaches)
	}
	p.imbalance(&out, caps)
	return out, nil
}

func addMix(a *LetterMix, b LetterMix) {
	a.A += b.A
	a.B += b.B
	a.C += b.C
	a.D += b.D
	a.Other += b.Other
}

// shareRat returns n ÷ total × 100, or 0 when total is 0.
func shareRat(n, total int32) *big.Rat {
	if total <= 0 {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac64(100*int64(n), int64(total)) // n ≤ total < 2^31
}

// imbalance fills the spread, mean, CV and Gini from the exact
// capacities.
func (p *Policy) imbalance(out *BalanceReport, caps []*big.Rat) {
	cp, mode := p.cfg.Rounding.CapacityPlaces, p.cfg.Rounding.CapacityMode
	zero := func() decimal.Decimal { return fixedDecimal(0, cp) }
	out.Measured = len(caps)
	out.Highest, out.Lowest, out.Spread, out.Mean = zero(), zero(), zero(), zero()
	out.CV, out.Gini = fixedDecimal(0, ImbalancePlaces), fixedDecimal(0, ImbalancePlaces)
	n := len(caps)
	if n == 0 {
		return
	}
	slices.SortFunc(caps, func(a, b *big.Rat) int { return a.Cmp(b) })
	out.Highest = ratRound(caps[n-1], cp, mode)
	out.Lowest = ratRound(caps[0], cp, mode)
	out.Spread = ratRound(new(big.Rat).Sub(caps[n-1], caps[0]), cp, mode)
	s, q := new(big.Rat), new(big.Rat)
	for _, c := range caps {
		s.Add(s, c)
		q.Add(q, new(big.Rat).Mul(c, c))
	}
	bn := new(big.Rat).SetInt64(int64(n))
	out.Mean = ratRound(new(big.Rat).Quo(s, bn), cp, mode)
	if s.Sign() <= 0 {
		return
	}
	// CV² × 10^(2·places) = (n·Q − S²) × 10^(2·places) ÷ S².
	v := new(big.Rat).Sub(new(big.Rat).Mul(bn, q), new(big.Rat).Mul(s, s))
	if v.Sign() < 0 {
		v.SetInt64(0) // cannot happen (Cauchy–Schwarz); kept for safety
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(2*ImbalancePlaces), nil)
	x := new(big.Rat).Quo(new(big.Rat).Mul(v, new(big.Rat).SetInt(scale)), new(big.Rat).Mul(s, s))
	out.CV = decimal.NewFromBigInt(sqrtHalfUp(x), -ImbalancePlaces)
	// Gini = Σ (2i − n + 1)·c₍ᵢ₎ ÷ (n·S).
	g := new(big.Rat)
	for i, c := range caps {
		g.Add(g, new(big.Rat).Mul(new(big.Rat).SetInt64(int64(2*i-n+1)), c))
	}
	g.Quo(g, new(big.Rat).Mul(bn, s))
	out.Gini = ratRound(g, ImbalancePlaces, RoundHalfUp)
}

// sqrtHalfUp returns √x rounded half up to an integer, exactly, for a
// rational x ≥ 0.
func sqrtHalfUp(x *big.Rat) *big.Int {
	fl := new(big.Int).Quo(x.Num(), x.Denom())
	t := new(big.Int).Sqrt(fl) // ⌊√⌊x⌋⌋ = ⌊√x⌋
	// Round up when x ≥ (t + ½)², i.e. 4·num ≥ (2t+1)²·den.
	t2 := new(big.Int).Add(new(big.Int).Lsh(t, 1), big.NewInt(1))
	lhs := new(big.Int).Lsh(x.Num(), 2)
	rhs := new(big.Int).Mul(new(big.Int).Mul(t2, t2), x.Denom())
	if lhs.Cmp(rhs) >= 0 {
		t.Add(t, big.NewInt(1))
	}
	return t
}

// ratRound rounds an exact rational to places with mode m (applied to the
// magnitude, so negative values round symmetrically).
func ratRound(r *big.Rat, places int, m Rounding) decimal.Decimal {
	num := new(big.Int).Abs(r.Num())
	num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	den := r.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Sign() != 0 && m != RoundDown {
		c := new(big.Int).Lsh(rem, 1).Cmp(den)
		if c > 0 || (c == 0 && (m == RoundHalfUp || q.Bit(0) == 1)) {
			q.Add(q, big.NewInt(1))
		}
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return decimal.NewFromBigInt(q, int32(-places))
}
