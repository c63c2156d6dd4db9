package risk_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
)

// Validate reports every problem at once. Each is a *risk.FieldError naming
// the field and value, and errors.Is finds the sentinel to branch on.
func ExampleAssessment_Validate() {
	a := risk.Assessment{
		RoSH:  risk.RoSHHigh,
		RSR:   decimal.RequireFromString("6.995"),
		OGRS:  101,
		MAPPA: risk.MAPPA{Category: risk.MAPPACategory1},
		// Mandate forgotten: the zero value is rejected.
	}
	err := a.Validate()
	fmt.Println(err)
	fmt.Println("out of range:", errors.Is(err, risk.ErrOutOfRange))
	var fe *risk.FieldError
	if errors.As(err, &fe) {
		fmt.Println("first field:", fe.Field, fe.Value)
	}
	// Output:
	// risk: rsr "6.995": out of range: at most two decimal places
	// risk: ogrs "101": out of range: must be between 0 and 100
	// risk: mappa.level "unknown": missing: a MAPPA level must be recorded (none, 1, 2 or 3): not recorded is not none
	// risk: mappa.category "1": inconsistent: a MAPPA category needs a MAPPA level
	// risk: mandate "unknown": missing: must be yes or no
	// out of range: true
	// first field: rsr 6.995
}

// An assessment with no date is always stale; otherwise it is stale once it
// is more than maxDays old at the date you pass.
func ExampleAssessment_Stale() {
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, on := range []time.Time{
		time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		{}, // unknown
	} {
		a := risk.Assessment{MAPPA: risk.MAPPA{Level: risk.MAPPANone}, Mandate: risk.MandateYes, AssessedOn: on}
		age, known := a.AgeDays(asOf)
		fmt.Printf("age %d known %v stale %v\n", age, known, a.Stale(asOf, 365))
	}
	// Output:
	// age 175 known true stale false
	// age 510 known true stale true
	// age 0 known false stale true
}

// Decode reads one assessment strictly and does not validate it.
func ExampleDecode() {
	a, err := risk.Decode(strings.NewReader(`{
		"rosh": "medium", "rsr": "7.00", "ogrs": 48,
		"mappa": {"level": "none"}, "flags": ["domestic-abuse", "iom"],
		"needsAssessed": true, "needs": {"alcohol-misuse": "severe"},
		"mandate": "yes", "assessedOn": "2026-09-14T00:00:00Z"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.RoSH, a.RSR.StringFixed(2), a.Flags, a.NeedsScore(), a.Validate())

	_, err = risk.Decode(strings.NewReader(`{"mandate": "yes", "tier": "B2"}`))
	fmt.Println(err)
	// Output:
	// medium 7.00 domestic-abuse+iom 2 <nil>
	// risk: assessment "": syntax error: json: unknown field "tier"
}

// The All functions list each enum's values in order, for menus and
// generators.
func ExampleAllRoSH() {
	fmt.Println(risk.AllRoSH())
	// Output:
	// [low medium high very-high]
}

func ExampleAllMAPPALevels() {
	fmt.Println(risk.AllMAPPALevels())
	// Output:
	// [none 1 2 3]
}

func ExampleAllMAPPACategories() {
	fmt.Println(risk.AllMAPPACategories())
	// Output:
	// [none 1 2 3 4]
}

func ExampleAllFlags() {
	fmt.Println(risk.AllFlags())
	// Output:
	// [domestic-abuse stalking child-protection lifer-ipp iom unsupervised national-security sexual serious-violence]
}

func ExampleAllFactors() {
	fmt.Println(len(risk.AllFactors()), risk.AllFactors()[0])
	// Output:
	// 10 mental-health
}

func ExampleAllWomenFactors() {
	fmt.Println(risk.AllWomenFactors())
	// Output:
	// [parenting impulsivity breach-or-recall]
}

// Needs carry their weight in change points; severities multiply it.
func ExampleAllNeeds() {
	for _, n := range risk.AllNeeds() {
		fmt.Println(n, n.Weight())
	}
	// Output:
	// accommodation 1
	// ete 1
	// relationships 1
	// lifestyle 1
	// drug-misuse 1
	// alcohol-misuse 1
	// thinking-behaviour 2
	// attitudes 2
	// finance 0
	// emotional-wellbeing 0
}

func ExampleAllSeverities() {
	for _, s := range risk.AllSeverities() {
		fmt.Println(s, s.Multiplier())
	}
	// Output:
	// none 0
	// standard 1
	// severe 2
}

func ExampleNeed_Weight() {
	fmt.Println(risk.NeedAttitudes.Weight(), risk.NeedAccommodation.Weight())
	// Output:
	// 2 1
}

func ExampleSeverity_Multiplier() {
	fmt.Println(risk.SeverityStandard.Multiplier(), risk.SeveritySevere.Multiplier())
	// Output:
	// 1 2
}

// NeedsScore is the change points the needs give: weight × severity.
func ExampleAssessment_NeedsScore() {
	a := risk.Assessment{NeedsAssessed: true, Needs: map[risk.Need]risk.Severity{
		risk.NeedAttitudes: risk.SeveritySevere, risk.NeedAccommodation: risk.SeverityStandard}}
	fmt.Println(a.NeedsScore()) // 2 × 2 + 1 × 1
	// Output:
	// 5
}

// AgeDays counts whole days from the assessment to asOf; false when the
// assessment is undated.
func ExampleAssessment_AgeDays() {
	a := risk.Assessment{AssessedOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	fmt.Println(a.AgeDays(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)))
	fmt.Println(risk.Assessment{}.AgeDays(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 326 true
	// 0 false
}

// Flags is a set of registrations; With and Without return new sets.
func ExampleNewFlags() {
	fs := risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagIOM)
	fmt.Println(fs)
	// Output:
	// domestic-abuse+iom
}

func ExampleFlags_Has() {
	fs := risk.NewFlags(risk.FlagChildProtection)
	fmt.Println(fs.Has(risk.FlagChildProtection), fs.Has(risk.FlagStalking))
	// Output:
	// true false
}

func ExampleFlags_With() {
	fmt.Println(risk.NewFlags().With(risk.FlagStalking).With(risk.FlagStalking))
	// Output:
	// stalking
}

func ExampleFlags_Without() {
	fmt.Println(risk.NewFlags(risk.FlagStalking, risk.FlagIOM).Without(risk.FlagIOM))
	// Output:
	// stalking
}

func ExampleFlags_List() {
	fmt.Println(risk.NewFlags(risk.FlagIOM, risk.FlagDomesticAbuse).List())
	// Output:
	// [domestic-abuse iom]
}

// Valid reports whether a set holds only defined flags (a set built from
// raw bits may not).
func ExampleFlags_Valid() {
	fmt.Println(risk.NewFlags(risk.FlagIOM).Valid(), risk.Flags(1<<31).Valid())
	// Output:
	// true false
}

// Factors counts complexity factors, each once.
func ExampleNewFactors() {
	fs := risk.NewFactors(risk.FactorMentalHealth, risk.FactorSelfHarm, risk.FactorMentalHealth)
	fmt.Println(fs, fs.Len())
	// Output:
	// mental-health+self-harm 2
}

func ExampleFactors_Has() {
	fmt.Println(risk.NewFactors(risk.FactorTerrorism).Has(risk.FactorTerrorism))
	// Output:
	// true
}

func ExampleFactors_With() {
	fmt.Println(risk.NewFactors().With(risk.FactorVulnerability))
	// Output:
	// vulnerability
}

func ExampleFactors_Len() {
	fmt.Println(risk.NewFactors(risk.FactorStreetGangs, risk.FactorPublicInterest).Len())
	// Output:
	// 2
}

func ExampleFactors_List() {
	fmt.Println(risk.NewFactors(risk.FactorRiskToChildren, risk.FactorAdultAtRisk).List())
	// Output:
	// [risk-to-children adult-at-risk]
}

func ExampleFactors_Valid() {
	fmt.Println(risk.NewFactors(risk.FactorChildConcerns).Valid(), risk.Factors(1<<31).Valid())
	// Output:
	// true false
}

// WomenFactors are the up to three additional factors counted for women.
func ExampleNewWomenFactors() {
	fmt.Println(risk.NewWomenFactors(risk.AllWomenFactors()...).Len())
	// Output:
	// 3
}

func ExampleWomenFactors_Has() {
	w := risk.AllWomenFactors()
	fmt.Println(risk.NewWomenFactors(w[0]).Has(w[0]), risk.NewWomenFactors(w[0]).Has(w[1]))
	// Output:
	// true false
}

func ExampleWomenFactors_With() {
	w := risk.AllWomenFactors()
	fmt.Println(risk.NewWomenFactors().With(w[1]))
	// Output:
	// impulsivity
}

func ExampleWomenFactors_Len() {
	fmt.Println(risk.NewWomenFactors().Len())
	// Output:
	// 0
}

func ExampleWomenFactors_List() {
	fmt.Println(risk.NewWomenFactors(risk.AllWomenFactors()...).List())
	// Output:
	// [parenting impulsivity breach-or-recall]
}

func ExampleWomenFactors_Valid() {
	fmt.Println(risk.NewWomenFactors(risk.AllWomenFactors()...).Valid())
	// Output:
	// true
}

// A MAPPA level that was not recorded is not "none".
func ExampleMAPPALevel_Recorded() {
	for _, l := range []risk.MAPPALevel{risk.MAPPAUnknown, risk.MAPPANone, risk.MAPPALevel2} {
		fmt.Println(l, l.Recorded(), l.Managed(), l.Number())
	}
	// Output:
	// unknown false false 0
	// none true false 0
	// 2 true true 2
}

// Managed reports a MAPPA level 1 to 3: the case is managed under MAPPA.
func ExampleMAPPALevel_Managed() {
	fmt.Println(risk.MAPPAUnknown.Managed(), risk.MAPPANone.Managed(), risk.MAPPALevel1.Managed())
	// Output:
	// false false true
}

// Number is the level's number, 0 for none or not recorded.
func ExampleMAPPALevel_Number() {
	fmt.Println(risk.MAPPALevel3.Number(), risk.MAPPANone.Number(), risk.MAPPAUnknown.Number())
	// Output:
	// 3 0 0
}
