// Package dec bounds untrusted decimals and converts them to and from the
// exact integer fixed-point that caseload's hot loops use.
//
// A decimal that passes [Check] has at most [MaxPlaces] decimal places and a
// magnitude below 10^[MaxIntDigits], so it converts to micro-units (10^-6)
// in an int64 exactly.
package dec

import (
	"errors"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

const (
	// MaxPlaces is the most decimal places a bounded decimal may carry.
	MaxPlaces = 6
	// MaxIntDigits is the most digits before the point.
	MaxIntDigits = 9
	// Scale is the number of micro-units in one unit.
	Scale = 1_000_000

	maxRawExp  = 40  // reject exponents beyond this before any arithmetic
	maxRawBits = 256 // reject coefficients longer than this before any arithmetic
)

var (
	errTooPrecise = errors.New("more than " + strconv.Itoa(MaxPlaces) + " decimal places")
	errTooLarge   = errors.New("magnitude of 10^" + strconv.Itoa(MaxIntDigits) + " or more")
)

var limit = big.NewInt(0).Exp(big.NewInt(10), big.NewInt(MaxIntDigits+MaxPlaces), nil)

// Check reports whether d is within bounds: at most MaxPlaces places (after
// trailing zeros) and magnitude below 10^MaxIntDigits. It runs in bounded
// time whatever d holds.
func Check(d decimal.Decimal) error {
	_, err := ToMicro(d)
	return err
}

// ToMicro converts a bounded decimal to micro-units exactly.
func ToMicro(d decimal.Decimal) (int64, error) {
	exp := d.Exponent()
	if d.IsZero() {
		return 0, nil
	}
	switch m, v := toMicroSmall(d, exp); v {
	case verdictOK:
		return m, nil
	case verdictTooPrecise:
		return 0, errTooPrecise
	case verdictTooLarge:
		return 0, errTooLarge
	}
	return toMicroBig(d, exp)
}

// toMicroBig is ToMicro in big.Int arithmetic, for any coefficient.
func toMicroBig(d decimal.Decimal, exp int32) (int64, error) {
	coef := d.Coefficient()
	if coef.BitLen() > maxRawBits || exp > maxRawExp || exp < -maxRawExp {
		if exp > 0 || coef.BitLen() > maxRawBits {
			return 0, errTooLarge
		}
		return 0, errTooPrecise
	}
	shift := int64(exp) + MaxPlaces
	if shift >= 0 {
		coef.Mul(coef, pow(shift))
	} else {
		q, r := new(big.Int).QuoRem(coef, pow(-shift), new(big.Int))
		if r.Sign() != 0 {
			return 0, errTooPrecise
		}
		coef = q
	}
	if new(big.Int).Abs(coef).Cmp(limit) >= 0 {
		return 0, errTooLarge
	}
	return coef.Int64(), nil
}

// verdict is what toMicroSmall decides.
type verdict uint8

const (
	verdictUndecided verdict = iota
	verdictOK
	verdictTooPrecise
	verdictTooLarge
)

// toMicroSmall is ToMicro without big.Int arithmetic (no allocation) for
// a coefficient of at most 18 digits, the common case; it is undecided
// otherwise. It decides exactly as toMicroBig does.
func toMicroSmall(d decimal.Decimal, exp int32) (int64, verdict) {
	if d.NumDigits() > 18 || exp > maxRawExp || exp < -maxRawExp {
		return 0, verdictUndecided
	}
	c := d.CoefficientInt64() // 0 < |c| < 10^18
	lim := Pow10[MaxIntDigits+MaxPlaces]
	switch shift := int(exp) + MaxPlaces; {
	case shift < 0:
		if -shift > 18 || c%Pow10[-shift] != 0 {
			return 0, verdictTooPrecise // no multiple of 10^19 or more has 18 digits
		}
		c /= Pow10[-shift]
	case shift > MaxIntDigits+MaxPlaces:
		return 0, verdictTooLarge
	case shift > 0:
		if l := Pow10[MaxIntDigits+MaxPlaces-shift]; c >= l || c <= -l {
			return 0, verdictTooLarge
		}
		c *= Pow10[shift]
	}
	if c >= lim || c <= -lim {
		return 0, verdictTooLarge
	}
	return c, verdictOK
}

// FromMicro returns the decimal worth m micro-units, with trailing zeros
// removed from the exponent so that printing is short ("2.5", not
// "2.500000").
func FromMicro(m int64) decimal.Decimal {
	exp := int32(-MaxPlaces)
	for exp < 0 && m%10 == 0 && m != 0 {
		m /= 10
		exp++
	}
	if m == 0 {
		return decimal.Zero
	}
	return decimal.New(m, exp)
}

// Places reports the decimal places of d after removing trailing zeros, for
// values already known to be bounded.
func Places(d decimal.Decimal) int {
	m, err := ToMicro(d)
	if err != nil {
		return MaxPlaces + 1
	}
	p := MaxPlaces
	for p > 0 && m%10 == 0 {
		m /= 10
		p--
	}
	return p
}

// pow returns 10^n for 0 ≤ n ≤ 2×maxRawExp, from a table up to 10^18.
func pow(n int64) *big.Int {
	if n < int64(len(Pow10)) {
		return big.NewInt(Pow10[n])
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// Pow10 holds 10^0 … 10^18.
var Pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()
