package risk_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
)

// Derive turns a case system's raw registrations and sentences into the
// tier inputs, and says which record produced each one.
func ExampleDerive() {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	regs := []risk.Registration{
		{Code: "MAPP", Level: "M1", Date: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Code: "MAPP", Level: "M2", Date: time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Code: "RHRH", Date: time.Date(2022, 5, 3, 0, 0, 0, 0, time.UTC)},
		{Code: "HREG", Date: time.Date(2016, 6, 28, 0, 0, 0, 0, time.UTC)},
		{Code: "ADVP", Date: time.Date(2023, 1, 9, 0, 0, 0, 0, time.UTC), Deregistered: time.Date(2024, 1, 9, 0, 0, 0, 0, time.UTC)},
	}
	sentences := []risk.Sentence{
		{Type: "SC", Terminated: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}}},
	}
	d, err := risk.Derive(regs, sentences, nil, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("mandate:", d.Mandate, d.NoMandateCause, "-", d.NoMandateCause.Describe())
	for _, s := range d.Sources {
		fmt.Printf("%s = %s from %s (%s)\n", s.Input, s.Value, s.From, s.Code)
	}
	for _, s := range d.Ignored {
		fmt.Printf("ignored %s (%s)\n", s.From, s.Code)
	}
	var a risk.Assessment
	d.Apply(&a)
	fmt.Println(a.Mandate, a.MAPPA.Level, a.RoSH, a.Validate() == nil)
	// Output:
	// mandate: no unpaid-work-only - the only current requirements are unpaid work
	// mappa = level 2 from registrations[1] MAPP M2 2021-02-01 (latest-mappa)
	// rosh = high from registrations[2] RHRH 2022-05-03 (latest-rosh)
	// event = active from sentences[1] ORA (current-sentence)
	// mandate = no from sentences (unpaid-work-only)
	// ignored registrations[0] MAPP M1 2020-02-01 (older)
	// ignored registrations[3] HREG 2016-06-28 (historic)
	// ignored registrations[4] ADVP 2023-01-09 (deregistered)
	// ignored sentences[0] SC terminated 2025-03-01 (terminated)
	// no 2 high true
}

// A team whose case system uses its own codes supplies its own table; the
// national one is the starting point.
func ExampleDecodeCodes() {
	doc := `{"name": "our-system", "version": "1", "historic": ["OLD"],
	 "mappa": {"code": "MAPPA", "levels": {"1": "1", "2": "2", "3": "3"}, "categories": {}},
	 "rosh": {"ROSH-H": "high"}, "flags": {}, "complexity": {},
	 "custodialSentenceTypes": ["CUSTODY"], "unpaidWorkCategories": ["UPW"]}`
	codes, err := risk.DecodeCodes(strings.NewReader(doc))
	if err == nil {
		err = codes.Validate()
	}
	fmt.Println(codes.Name, err)
	national := risk.NationalCodes()
	fmt.Println(national.Name, national.MAPPA.Code, national.RoSH["RVHR"], national.Guesses)
	// Output:
	// our-system <nil>
	// england-wales-national MAPP very-high [RLRH M0]
}

// The single-axis inputs are validated like an assessment: inconsistent
// values are errors, never guesses.
func ExampleSingleAxisInputs_Validate() {
	in := risk.SingleAxisInputs{
		Event: risk.EventActive,
		MAPPA: risk.MAPPA{Level: risk.MAPPANone},
		ARP:   risk.Predictor{Score: decimal.RequireFromString("45.5"), Kind: risk.PredictorDynamic},
		CSRP:  risk.Predictor{Score: decimal.RequireFromString("2.1")}, // kind forgotten
		DCSRP: risk.SexualPredictor{Score: decimal.RequireFromString("0.4"), Band: risk.SexualBandMedium},
	}
	fmt.Println(in.Validate())
	// Output:
	// risk: csrp.score "2.1": inconsistent: a score needs its kind (static or dynamic)
	// risk: dcsrp.score "0.40": inconsistent: a medium DC-SRP band needs a score of at least 0.60
}

// ApplySingleAxis feeds the derived event, MAPPA, RoSH and flags to the
// single-axis inputs; the predictors come from the assessment.
func ExampleDerived_ApplySingleAxis() {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	d, err := risk.Derive([]risk.Registration{
		{Code: "MAPP", Level: "M2", Date: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
		{Code: "RVHR", Date: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
		{Code: "SPO", Date: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)},
	}, []risk.Sentence{{Type: "SC"}}, nil, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := risk.SingleAxisInputs{
		ARP:  risk.Predictor{Score: decimal.RequireFromString("30"), Kind: risk.PredictorDynamic},
		CSRP: risk.Predictor{Score: decimal.RequireFromString("1.2"), Kind: risk.PredictorDynamic},
	}
	d.ApplySingleAxis(&in)
	fmt.Println(in.Event, in.MAPPA.Level, in.RoSH, in.Flags, in.Validate())
	// Output:
	// active 2 very-high stalking <nil>
}

// NationalCodes is the England & Wales code table; Validate checks a
// table built or edited by hand.
func ExampleNationalCodes() {
	c := risk.NationalCodes()
	fmt.Println(c.Name, c.Validate())
	c.Name = ""
	fmt.Println(c.Validate() != nil)
	// Output:
	// england-wales-national <nil>
	// true
}

// NationalCodesJSON is the national table as a document to start a
// team's own table from.
func ExampleNationalCodesJSON() {
	c, err := risk.DecodeCodes(strings.NewReader(string(risk.NationalCodesJSON())))
	fmt.Println(c.Name, err)
	// Output:
	// england-wales-national <nil>
}

func ExampleCodes_Validate() {
	c := risk.NationalCodes()
	c.Version = ""
	fmt.Println(c.Validate())
	// Output:
	// risk: codes.version "": missing: a code table needs a version
}

// Apply copies what the registrations say into an assessment, keeping
// the assessment's own RoSH when no registration gives one.
func ExampleDerived_Apply() {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	d, _ := risk.Derive([]risk.Registration{{Code: "RCPR", Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}}, nil, nil, asOf)
	a := risk.Assessment{RoSH: risk.RoSHMedium}
	d.Apply(&a)
	fmt.Println(a.RoSH, a.Flags.Has(risk.FlagChildProtection))
	// Output:
	// medium true
}

func ExampleNoMandateCause_Describe() {
	fmt.Println(risk.NoMandateTerminated.Describe())
	// Output:
	// every sentence is terminated
}

func ExamplePredictor_Present() {
	fmt.Println(risk.Predictor{}.Present(), risk.Predictor{Score: decimal.RequireFromString("3.2"), Kind: risk.PredictorStatic}.Present())
	// Output:
	// false true
}
