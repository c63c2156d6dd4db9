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
