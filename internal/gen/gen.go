// Package gen holds the rapid generators that the risk and tier tests
// share. It is test-only: only _test.go files import it (checked by the
// root package's TestGenImportedOnlyByTests), so it, and rapid, are never
// linked into a library user's binary.
//
// Generators build valid values by construction: every value is drawn
// from the packages' own lists (risk.AllFlags(), risk.AllNeeds() …), so
// the properties filter nothing.
package gen

import (
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
)

// RoSH draws a RoSH level, unknown included.
func RoSH() *rapid.Generator[risk.RoSH] {
	return rapid.SampledFrom(append([]risk.RoSH{risk.RoSHUnknown}, risk.AllRoSH()...))
}

// MAPPA draws no MAPPA, or a level with a category.
func MAPPA() *rapid.Generator[risk.MAPPA] {
	return rapid.Custom(func(t *rapid.T) risk.MAPPA {
		level := rapid.SampledFrom(risk.AllMAPPALevels()).Draw(t, "mappaLevel")
		if level == risk.MAPPANone {
			return risk.MAPPA{Level: risk.MAPPANone}
		}
		cat := rapid.SampledFrom(risk.AllMAPPACategories()[1:]).Draw(t, "mappaCategory")
		return risk.MAPPA{Level: level, Category: cat}
	})
}

// RSR draws an RSR percentage with two places, from 0.00 to 100.00,
// often near the 3.00 and 7.00 boundaries.
func RSR() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		hundredths := rapid.OneOf(
			rapid.IntRange(0, 10000),
			rapid.SampledFrom([]int{0, 299, 300, 699, 700, 9999, 10000}),
		).Draw(t, "rsrHundredths")
		return decimal.New(int64(hundredths), -2)
	})
}

// Flags draws a set of registrations.
func Flags() *rapid.Generator[risk.Flags] {
	return rapid.Custom(func(t *rapid.T) risk.Flags {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllFlags()), rapid.ID[risk.Flag]).Draw(t, "flags")
		return risk.NewFlags(fs...)
	})
}

// Factors draws a set of complexity factors.
func Factors() *rapid.Generator[risk.Factors] {
	return rapid.Custom(func(t *rapid.T) risk.Factors {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllFactors()), rapid.ID[risk.Factor]).Draw(t, "factors")
		return risk.NewFactors(fs...)
	})
}

// WomenFactors draws a set of the additional factors for women.
func WomenFactors() *rapid.Generator[risk.WomenFactors] {
	return rapid.Custom(func(t *rapid.T) risk.WomenFactors {
		fs := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllWomenFactors()), rapid.ID[risk.WomenFactor]).Draw(t, "womenFactors")
		return risk.NewWomenFactors(fs...)
	})
}

// Needs draws a needs map, nil when empty (the JSON form omits an empty
// map, so nil is the value that round-trips).
func Needs() *rapid.Generator[map[risk.Need]risk.Severity] {
	return rapid.Custom(func(t *rapid.T) map[risk.Need]risk.Severity {
		m := rapid.MapOf(rapid.SampledFrom(risk.AllNeeds()), rapid.SampledFrom(risk.AllSeverities())).Draw(t, "needs")
		if len(m) == 0 {
			return nil
		}
		return m
	})
}

// Date draws the zero time (unknown) or a UTC midnight between 2015 and
// 2030.
func Date() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.IntRange(0, 9).Draw(t, "dateKnown") == 0 {
			return time.Time{}
		}
		day := rapid.IntRange(0, 15*366).Draw(t, "day")
		return time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	})
}

// Assessment draws a valid assessment.
func Assessment() *rapid.Generator[risk.Assessment] {
	return rapid.Custom(func(t *rapid.T) risk.Assessment {
		a := risk.Assessment{
			RoSH:        RoSH().Draw(t, "rosh"),
			RSR:         RSR().Draw(t, "rsr"),
			OGRS:        rapid.IntRange(0, 100).Draw(t, "ogrs"),
			MAPPA:       MAPPA().Draw(t, "mappa"),
			Flags:       Flags().Draw(t, "flags"),
			Complexity:  Factors().Draw(t, "complexity"),
			Sex:         rapid.SampledFrom([]risk.Sex{risk.SexUnknown, risk.SexMale, risk.SexFemale}).Draw(t, "sex"),
			Mandate:     rapid.SampledFrom([]risk.Mandate{risk.MandateYes, risk.MandateNo}).Draw(t, "mandate"),
			AssessedOn:  Date().Draw(t, "assessedOn"),
			Provisional: rapid.Bool().Draw(t, "provisional"),
		}
		if a.Sex == risk.SexFemale {
			a.WomenFactors = WomenFactors().Draw(t, "womenFactors")
		}
		a.NeedsAssessed = rapid.Bool().Draw(t, "needsAssessed")
		if a.NeedsAssessed {
			a.Needs = Needs().Draw(t, "needs")
		}
		return a
	})
}
