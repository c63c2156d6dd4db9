package workload

import (
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
)

// The hot paths work in exact integer fixed-point: micro-units (10^-6) in
// an int64, with 128-bit intermediates. Every input decimal is bounded by
// validation (at most six places, magnitude below 10^9), so conversions are
// exact; decimals are built only at the edge, for results.

// mulDiv returns a×b÷c truncated toward zero, for a, b ≥ 0 and c > 0. The
// quotient must fit an int64, which bounded inputs guarantee.
func mulDiv(a, b, c int64) int64 {
	q, _ := mulDivRem(a, b, c)
	return q
}

// mulDivRem returns the quotient and remainder of a×b÷c for a, b ≥ 0 and
// c > 0.
func mulDivRem(a, b, c int64) (int64, int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		// The quotient would overflow; saturate. Bounded inputs never get here.
		return 1<<63 - 1, 0
	}
	q, r := bits.Div64(hi, lo, uint64(c))
	return int64(q), int64(r)
}

// Rounding names how a figure is rounded to its places.
type Rounding uint8

// Rounding modes.
const (
	RoundUnknown  Rounding = iota
	RoundHalfUp            // half away from zero (decimal.Round)
	RoundHalfEven          // half to even (decimal.RoundBank)
	RoundDown              // toward zero (decimal.Truncate)
)

// roundQuotient rounds the exact quotient n÷d (n ≥ 0, d > 0) to an integer
// with mode m.
func roundQuotient(n, d int64, m Rounding) int64 {
	q, r := n/d, n%d
	return roundQR(q, r, d, m)
}

// roundQR rounds q + r/d (0 ≤ r < d) to an integer with mode m.
func roundQR(q, r, d int64, m Rounding) int64 {
	if r == 0 || m == RoundDown {
		return q
	}
	twice := 2 * uint64(r)
	switch {
	case twice > uint64(d):
		return q + 1
	case twice < uint64(d):
		return q
	}
	if m == RoundHalfEven && q%2 == 0 {
		return q
	}
	return q + 1
}

// pow10 holds 10^0 … 10^18.
var pow10 = dec.Pow10

// micro builds a decimal from micro-units.
func micro(m int64) decimal.Decimal { return dec.FromMicro(m) }

// fixedDecimal builds a decimal with exactly places places from v units of
// 10^-places, so that it prints with its places ("2070.00" stays two-place
// when asked with StringFixed).
func fixedDecimal(v int64, places int) decimal.Decimal {
	return decimal.New(v, int32(-places))
}

// toMicro converts a bounded decimal; callers have validated it.
func toMicro(d decimal.Decimal) int64 {
	m, _ := dec.ToMicro(d)
	return m
}
