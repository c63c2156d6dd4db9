package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/openprobation/caseload/internal/days"
)

// gen carries the random source and the day number of the snapshot date.
// Every draw goes through it, in a fixed order, so that a seed always
// produces the same data.
type gen struct {
	r     *rand.Rand
	today int64 // day number of AsOf
}

func newGen(seed uint64, asOf time.Time) *gen {
	return &gen{
		r:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		today: days.Number(asOf),
	}
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform integer in [lo, hi]; lo when hi < lo.
func (g *gen) between(lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + g.r.Int64N(hi-lo+1)
}

// lognormal returns exp(sigma·N(0,1)) clamped to [lo, hi].
func (g *gen) lognormal(sigma, lo, hi float64) float64 {
	v := math.Exp(sigma * g.r.NormFloat64())
	return min(max(v, lo), hi)
}

// date returns midnight UTC of day number n.
func date(n int64) time.Time { return days.Date(n) }

// dist draws an index with fixed relative weights.
type dist struct{ cum []float64 }

func newDist(weights ...float64) dist {
	cum := make([]float64, len(weights))
	var s float64
	for i, w := range weights {
		s += w
		cum[i] = s
	}
	for i := range cum {
		cum[i] /= s
	}
	return dist{cum: cum}
}

func (d dist) draw(g *gen) int {
	u := g.r.Float64()
	for i, c := range d.cum {
		if u < c {
			return i
		}
	}
	return len(d.cum) - 1
}

// pool draws an officer index with probability proportional to a share,
// by binary search over the cumulative shares.
type pool struct {
	idx     []int32
	cum     []float64
	u       float64 // position of the low-discrepancy sequence
	started bool
}

func (p *pool) add(i int, share float64) {
	if share <= 0 {
		return
	}
	last := 0.0
	if n := len(p.cum); n > 0 {
		last = p.cum[n-1]
	}
	p.idx = append(p.idx, int32(i))
	p.cum = append(p.cum, last+share)
}

func (p *pool) empty() bool { return len(p.idx) == 0 }

func (p *pool) draw(g *gen) int { return p.at(g.r.Float64()) }

// next draws like draw but from a low-discrepancy (Weyl) sequence started
// at a random point: over n draws each member is drawn within a few of
// share × n times, where independent draws would scatter the counts by
// about √(share × n).
func (p *pool) next(g *gen) int {
	if !p.started {
		p.u, p.started = g.r.Float64(), true
	}
	p.u += 0.6180339887498949 // the golden ratio's fractional part
	if p.u >= 1 {
		p.u--
	}
	return p.at(p.u)
}

// at returns the member at fraction u of the cumulative shares.
func (p *pool) at(frac float64) int {
	u := frac * p.cum[len(p.cum)-1]
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if p.cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return int(p.idx[lo])
}

// ids builds n IDs prefix + zero-padded number (1-based, at least width
// digits) in one allocation: the strings share one backing string.
func ids(prefix string, n, width int) []string {
	if n <= 0 {
		return nil
	}
	w := max(width, len(strconv.Itoa(n)))
	per := len(prefix) + w
	buf := make([]byte, 0, per*n)
	var num [20]byte
	for i := 1; i <= n; i++ {
		buf = append(buf, prefix...)
		d := strconv.AppendInt(num[:0], int64(i), 10)
		for k := len(d); k < w; k++ {
			buf = append(buf, '0')
		}
		buf = append(buf, d...)
	}
	all := string(buf)
	out := make([]string, n)
	for i := range out {
		out[i] = all[i*per : (i+1)*per]
	}
	return out
}

// id returns one ID, prefix + number zero-padded to width digits.
func id(prefix string, n, width int) string {
	d := strconv.Itoa(n)
	for len(d) < width {
		d = "0" + d
	}
	return prefix + d
}
