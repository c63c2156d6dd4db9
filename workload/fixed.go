package workload

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
)

// The hot paths work in exact integer fixed-point: micro-units (10^-6) in
// an int64, with 128-bit intermediates. Decimals are built only at the
// edge, for results. The bounds that make this safe by design, and the
// worst case they allow, are written down once, in limits.go.

// mulDiv returns a×b÷c truncated toward zero, for a, b ≥ 0 and c > 0. The
// quotient must fit an int64, which the bounds of limits.go guarantee
// where it is used; beyond them it saturates (see mulDivRem).
func mulDiv(a, b, c int64) int64 {
	q, _ := mulDivRem(a, b, c)
	return q
}

// mulDivRem returns the quotient and remainder of a×b÷c for a, b ≥ 0 and
// c > 0. A quotient that does not fit an int64 (anywhere in [2^63, 2^128))
// saturates to the largest int64 with a zero remainder; callers whose
// bounds do not rule that out use mulDivRemOK or ratioDecimal instead.
func mulDivRem(a, b, c int64) (int64, int64) {
	q, r, ok := mulDivRemOK(a, b, c)
	if !ok {
		return math.MaxInt64, 0
	}
	return q, r
}

// mulDivRemOK is mulDivRem reporting whether the quotient fits an int64.
func mulDivRemOK(a, b, c int64) (q, r int64, ok bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return 0, 0, false // the quotient needs more than 64 bits
	}
	uq, ur := bits.Div64(hi, lo, uint64(c))
	if uq > math.MaxInt64 {
		return 0, 0, false // the quotient is in [2^63, 2^64)
	}
	return int64(uq), int64(ur), true
}

// ratioUnits returns num × mul ÷ den rounded to an integer with mode m
// (num of either sign, rounded by its magnitude; mul ≥ 0; den > 0), and
// whether it fits an int64.
func ratioUnits(num, mul, den int64, m Rounding) (int64, bool) {
	neg := num < 0
	if neg {
		num = -num
	}
	q, r, ok := mulDivRemOK(num, mul, den)
	if !ok || q >= math.MaxInt64-1 { // ±MaxInt64 stay free to mark saturation
		return 0, false
	}
	v := roundQR(q, r, den, m)
	if neg {
		v = -v
	}
	return v, true
}

// ratioDecimal returns num × mul ÷ den as a decimal with places places,
// rounded with mode m, exactly, whatever its size: in int64 when the
// result fits, in big integers otherwise (num of either sign, mul ≥ 0,
// den > 0; mul carries the 10^places scale).
func ratioDecimal(num, mul, den int64, places int, m Rounding) decimal.Decimal {
	if v, ok := ratioUnits(num, mul, den, m); ok {
		return fixedDecimal(v, places)
	}
	n := new(big.Int).Mul(big.NewInt(num), big.NewInt(mul))
	neg := n.Sign() < 0
	n.Abs(n)
	d := big.NewInt(den)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Sign() != 0 && m != RoundDown {
		switch c := new(big.Int).Lsh(r, 1).Cmp(d); {
		case c > 0, c == 0 && (m == RoundHalfUp || q.Bit(0) == 1):
			q.Add(q, big.NewInt(1))
		}
	}
	if neg {
		q.Neg(q)
	}
	return decimal.NewFromBigInt(q, int32(-places))
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
