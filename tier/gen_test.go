package tier_test

import (
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
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

// Generators build valid values by construction: every value is drawn from
// the packages' own lists (risk.AllFlags(), tier.All() …), so the
// properties filter nothing. The assessment generators repeat those of
// risk/gen_test.go, as test files cannot be shared between packages.

func genRoSH() *rapid.Generator[risk.RoSH] {
	return rapid.SampledFrom(append([]risk.RoSH{risk.RoSHUnknown}, risk.AllRoSH()...))
}

func genMAPPA() *rapid.Generator[risk.MAPPA] {
	return rapid.Custom(func(t *rapid.T) risk.MAPPA {
		level := rapid.SampledFrom(risk.AllMAPPALevels()).Draw(t, "mappaLevel")
		if level == risk.MAPPANone {
			return risk.MAPPA{Level: risk.MAPPANone}
		}
		cat := rapid.SampledFrom(risk.AllMAPPACategories()[1:]).Draw(t, "mappaCategory")
		return risk.MAPPA{Level: level, Category: cat}
	})
}

// genRSR draws an RSR percentage with two places, from 0.00 to 100.00,
// often near the 3.00 and 7.00 boundaries.
func genRSR() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		hundredths := rapid.OneOf(
			rapid.IntRange(0, 10000),
			rapid.SampledFrom([]int{0, 299, 300, 699, 700, 9999, 10000}),
		).Draw(t, "rsrHundredths")
		return decimal.New(int64(hundredths), -2)
	})
}

func genFlags() *rapid.Generator[risk.Flags] {
	return rapid.Custom(func(t *rapid.T) risk.Flags {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllFlags()), rapid.ID[risk.Flag]).Draw(t, "flags")
		return risk.NewFlags(fs...)
	})
}

func genFactors() *rapid.Generator[risk.Factors] {
	return rapid.Custom(func(t *rapid.T) risk.Factors {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllFactors()), rapid.ID[risk.Factor]).Draw(t, "factors")
		return risk.NewFactors(fs...)
	})
}

func genWomenFactors() *rapid.Generator[risk.WomenFactors] {
	return rapid.Custom(func(t *rapid.T) risk.WomenFactors {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllWomenFactors()), rapid.ID[risk.WomenFactor]).Draw(t, "womenFactors")
		return risk.NewWomenFactors(fs...)
	})
}

// genNeeds draws a needs map, nil when empty (the JSON form omits an empty
// map, so nil is the value that round-trips).
func genNeeds() *rapid.Generator[map[risk.Need]risk.Severity] {
	return rapid.Custom(func(t *rapid.T) map[risk.Need]risk.Severity {
		m := rapid.MapOf(rapid.SampledFrom(risk.AllNeeds()), rapid.SampledFrom(risk.AllSeverities())).Draw(t, "needs")
		if len(m) == 0 {
			return nil
		}
		return m
	})
}

// genDate draws the zero time (unknown) or a UTC midnight between 2015 and
// 2030.
func genDate() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.IntRange(0, 9).Draw(t, "dateKnown") == 0 {
			return time.Time{}
		}
		day := rapid.IntRange(0, 15*366).Draw(t, "day")
		return time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	})
}

// genAssessment draws a valid assessment.
func genAssessment() *rapid.Generator[risk.Assessment] {
	return rapid.Custom(func(t *rapid.T) risk.Assessment {
		a := risk.Assessment{
			RoSH:        genRoSH().Draw(t, "rosh"),
			RSR:         genRSR().Draw(t, "rsr"),
			OGRS:        rapid.IntRange(0, 100).Draw(t, "ogrs"),
			MAPPA:       genMAPPA().Draw(t, "mappa"),
			Flags:       genFlags().Draw(t, "flags"),
			Complexity:  genFactors().Draw(t, "complexity"),
			Sex:         rapid.SampledFrom([]risk.Sex{risk.SexUnknown, risk.SexMale, risk.SexFemale}).Draw(t, "sex"),
			Mandate:     rapid.SampledFrom([]risk.Mandate{risk.MandateYes, risk.MandateNo}).Draw(t, "mandate"),
			AssessedOn:  genDate().Draw(t, "assessedOn"),
			Provisional: rapid.Bool().Draw(t, "provisional"),
		}
		if a.Sex == risk.SexFemale {
			a.WomenFactors = genWomenFactors().Draw(t, "womenFactors")
		}
		a.NeedsAssessed = rapid.Bool().Draw(t, "needsAssessed")
		if a.NeedsAssessed {
			a.Needs = genNeeds().Draw(t, "needs")
		}
		return a
	})
}
