package tier_test

import (
	"sync"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

// schemes returns every shipped scheme. Schemes are immutable, so they are
// built once.
var schemes = sync.OnceValue(func() []tier.Scheme {
	return []tier.Scheme{tier.EnglandWales(), tier.Reference().Scheme, tier.SupervisionLevels().Scheme}
})

// genScheme draws one of the shipped schemes.
func genScheme() *rapid.Generator[tier.Scheme] {
	return rapid.Custom(func(t *rapid.T) tier.Scheme {
		s := schemes()
		return s[rapid.IntRange(0, len(s)-1).Draw(t, "scheme")]
	})
}

// genTable draws a fresh copy of one of the shipped tables.
func genTable() *rapid.Generator[*tier.Table] {
	return rapid.Custom(func(t *rapid.T) *tier.Table {
		if rapid.Bool().Draw(t, "reference") {
			return tier.Reference()
		}
		return tier.SupervisionLevels()
	})
}

// genWeight draws a weight a table document may hold: at most six places
// and below 10^9, often a whole number.
func genWeight() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		places := rapid.SampledFrom([]int32{0, 0, 1, 2, 6}).Draw(t, "places")
		max := int64(999_999_999)
		for i := int32(0); i < places; i++ {
			max = max*10 + 9
		}
		return decimal.New(rapid.Int64Range(0, max).Draw(t, "units"), -places)
	})
}
