package tier_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Parse reads an England & Wales tier name; the accessors take it apart.
func ExampleParse() {
	for _, name := range []string{"B2", "A3S", "untiered", "E9"} {
		t, err := tier.Parse(name)
		if err != nil {
			fmt.Println(err, errors.Is(err, tier.ErrUnknownTier))
			continue
		}
		l, ok := t.Letter()
		if !ok {
			fmt.Printf("%s: no letter or digit\n", t)
			continue
		}
		d, _ := t.Digit()
		fmt.Printf("%s: letter %c digit %d unsupervised %v supervised twin %s\n", t, l, d, t.Unsupervised(), t.Supervised())
	}
	// Output:
	// B2: letter B digit 2 unsupervised false supervised twin B2
	// A3S: letter A digit 3 unsupervised true supervised twin A3
	// untiered: no letter or digit
	// tier: tier "E9": unknown tier: not a tier of scheme "england-wales" true
}

// Classify gives the tier with the reasons for its letter and digit.
func ExampleClassify() {
	a := risk.Assessment{
		MAPPA:         risk.MAPPA{Level: risk.MAPPANone},
		RoSH:          risk.RoSHVeryHigh,
		RSR:           decimal.RequireFromString("7.00"),
		OGRS:          59,
		Flags:         risk.NewFlags(risk.FlagIOM),
		NeedsAssessed: true,
		Needs:         map[risk.Need]risk.Severity{risk.NeedAttitudes: risk.SeveritySevere},
		Mandate:       risk.MandateYes,
	}
	c, err := tier.Classify(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Tier)
	fmt.Println(c.Protect.Reason)
	fmt.Println(c.Change.Reason)
	fmt.Print(c)
	// Output:
	// A2
	// 150 protect points ≥ 150 → A
	// 11 change points in 10–19 → 2
	// tier A2
	//   protect: 150 protect points ≥ 150 → A
	//     +150 rosh very-high
	//       20 rsr 7.00 (RSR ≥ 7.00; not counted: only the larger of RoSH and RSR counts)
	//   change: 11 change points in 10–19 → 2
	//     +  4 need attitudes=severe (weight 2 × severe 2)
	//     +  5 ogrs 59 (OGRS ÷ 10, whole points)
	//     +  2 iom iom (integrated offender management)
}

// Without a mandate for change the digit is 0, whatever the needs: the
// explanation names the override and its real cause, not the points; the
// unsupervised flag adds the S marker.
func ExampleClassify_overrides() {
	a := risk.Assessment{
		MAPPA:          risk.MAPPA{Level: risk.MAPPANone},
		RoSH:           risk.RoSHHigh,
		OGRS:           80,
		Flags:          risk.NewFlags(risk.FlagUnsupervised),
		Mandate:        risk.MandateNo,
		NoMandateCause: risk.NoMandateTerminated,
	}
	c, err := tier.Classify(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Tier, c.Unsupervised)
	fmt.Println(c.Change.Rule)
	fmt.Println(c.Change.Reason)
	// Output:
	// B0S true
	// no-mandate
	// no mandate for change (sentence-terminated: every sentence is terminated) → 0; the change points are not used
}

// Weight looks a tier's weight up by case type, from the young-adult (T2A)
// table when asked.
func ExampleTable_Weight() {
	ref := tier.Reference()
	for _, ct := range tier.CaseTypes() {
		w, _ := ref.Weight(ct, tier.B3, false)
		ya, _ := ref.Weight(ct, tier.B3, true)
		fmt.Printf("%s B3: %s (young adult %s)\n", ct, w, ya)
	}
	s, _ := ref.Weight(tier.Community, tier.B3S, false)
	fmt.Println("community B3S:", s)
	_, err := ref.Weight(tier.Community, "E9", false)
	fmt.Println(err)
	// Output:
	// community B3: 146 (young adult 59)
	// licence B3: 161 (young adult 59)
	// custody B3: 59 (young adult 59)
	// community B3S: 0
	// tier: weights.community "E9": unknown tier: no weight for this tier
}

// A policy document brings its own scheme. DecodeTable reads it strictly;
// Validate then checks its contents.
func ExampleDecodeTable() {
	doc := `{
	"name": "pilot", "version": "1", "unit": "hours-per-month",
	"scheme": {"name": "pilot", "tiers": ["high", "low"]},
	"weights": {
		"community": {"high": 4, "low": 1},
		"licence": {"high": 4, "low": 1.5},
		"custody": {"high": 1, "low": 0.5}
	},
	"youngAdultWeights": {
		"community": {"high": 4, "low": 1},
		"licence": {"high": 4, "low": 1.5},
		"custody": {"high": 1, "low": 0.5}
	},
	"courtReports": {"standard": 6, "fast": 2.5},
	"inactivePercent": {"warrant": 0, "unpaid-work-only": 50, "overdue-termination": 0},
	"criticalPeriodDays": 30,
	"contacts": {
		"high": {
			"critical": {"contacts": 2, "days": 7, "minutes": 60, "faceToFace": true},
			"standard": {"contacts": 4, "days": 30, "minutes": 60, "faceToFace": true},
			"past-two-thirds": {"contacts": 2, "days": 30, "minutes": 45, "faceToFace": false},
			"suspended": {"contacts": 0, "days": 0, "minutes": 0, "faceToFace": false}
		},
		"low": {
			"critical": {"contacts": 1, "days": 7, "minutes": 45, "faceToFace": true},
			"standard": {"contacts": 1, "days": 30, "minutes": 30, "faceToFace": false},
			"past-two-thirds": {"contacts": 1, "days": 90, "minutes": 30, "faceToFace": false},
			"suspended": {"contacts": 0, "days": 0, "minutes": 0, "faceToFace": false}
		}
	}
}`
	t, err := tier.DecodeTable(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Scheme.Name(), t.Scheme.Tiers(), t.Unit, t.Validate())
	w, _ := t.Weight(tier.Licence, "low", false)
	c, _ := t.Contact("high", tier.Critical)
	fmt.Println("licence low:", w, "| high, critical:", c)

	_, err = tier.DecodeTable(strings.NewReader(strings.Replace(doc, `"low": 1.5`, `"low": 1e999`, 1)))
	fmt.Println(err)
	_, err = tier.DecodeTable(strings.NewReader(strings.Replace(doc, `"unit"`, `"units"`, 1)))
	fmt.Println(err)
	// Output:
	// pilot [high low] hours-per-month <nil>
	// licence low: 1.5 | high, critical: 2 per 7 days, 60 min, face to face
	// tier: weights.licence.low "(decimal)": out of range: magnitude of 10^9 or more
	// tier: table "": syntax error: json: unknown field "units"
}

// The embedded reference document is a starting point for a policy of your
// own: decode it, change it, validate it.
func ExampleReferenceJSON() {
	t, err := tier.DecodeTable(strings.NewReader(string(tier.ReferenceJSON())))
	if err != nil {
		fmt.Println(err)
		return
	}
	t.Name, t.Version = "our-region", "2027.1"
	t.Weights[tier.Community][tier.B2] = decimal.NewFromInt(120)
	t.InactivePercent[tier.Warrant] = decimal.NewFromInt(110)
	fmt.Println(t.Validate())
	// Output:
	// tier: inactivePercent.warrant "110": out of range: must be between 0 and 100
}

// Compare orders tiers by severity: the letter first, then the digit, each
// S tier just after its supervised twin, untiered last.
func ExampleScheme_Compare() {
	ts := []tier.Tier{tier.Untiered, tier.C1, tier.B2S, tier.A0, tier.B3, tier.B2}
	slices.SortFunc(ts, tier.EnglandWales().Compare)
	fmt.Println(ts)
	// Output:
	// [A0 B3 B2 B2S C1 untiered]
}

// A scheme of your own is an ordered list of names, most severe first.
func ExampleNewScheme() {
	s, err := tier.NewScheme("us-levels", []tier.Tier{"intensive", "maximum", "medium", "minimum"})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := s.Parse("medium")
	fmt.Println(t, err, s.Compare("maximum", t))
	_, err = tier.NewScheme("", []tier.Tier{"high", "high"})
	fmt.Println(err)
	// Output:
	// medium <nil> -1
	// tier: scheme.name "": missing: a scheme needs a name
	// tier: scheme.tiers[1] "high": duplicate: tier listed twice
}

// All lists the England & Wales tiers, most demanding first.
func ExampleAll() {
	all := tier.All()
	fmt.Println(len(all), all[0], all[15], all[16])
	// Output:
	// 33 A3 B0S C3
}

// Compose builds a tier from its parts.
func ExampleCompose() {
	fmt.Println(tier.Compose('B', 2, false))
	fmt.Println(tier.Compose('C', 0, true))
	fmt.Println(tier.Compose('E', 1, false))
	// Output:
	// B2 true
	// C0S true
	//  false
}

// LetterFor and DigitFor apply the published thresholds to points.
func ExampleLetterFor() {
	for _, pts := range []int{150, 149, 20, 19, 10, 9} {
		fmt.Print(string(tier.LetterFor(pts)), " ")
	}
	fmt.Println()
	// Output:
	// A B B C C D
}

func ExampleDigitFor() {
	for _, pts := range []int{20, 19, 10, 9} {
		fmt.Print(tier.DigitFor(pts), " ")
	}
	fmt.Println()
	// Output:
	// 3 2 2 1
}

func ExampleTier_Letter() {
	fmt.Println(tier.B2.Letter())
	fmt.Println(tier.Untiered.Letter())
	// Output:
	// 66 true
	// 0 false
}

func ExampleTier_Digit() {
	fmt.Println(tier.B2.Digit())
	// Output:
	// 2 true
}

func ExampleTier_Unsupervised() {
	t, _ := tier.Parse("B2S")
	fmt.Println(t.Unsupervised(), tier.B2.Unsupervised())
	// Output:
	// true false
}

func ExampleTier_Supervised() {
	t, _ := tier.Parse("B2S")
	fmt.Println(t.Supervised())
	// Output:
	// B2
}

// EnglandWales is the built-in scheme; a scheme answers questions about
// its tiers.
func ExampleEnglandWales() {
	s := tier.EnglandWales()
	fmt.Println(s.Name(), s.Len())
	// Output:
	// england-wales 33
}

func ExampleScheme_Name() {
	fmt.Println(tier.SupervisionLevels().Scheme.Name())
	// Output:
	// us-supervision-levels
}

func ExampleScheme_Len() {
	fmt.Println(tier.SupervisionLevels().Scheme.Len())
	// Output:
	// 5
}

func ExampleScheme_Tiers() {
	fmt.Println(tier.SupervisionLevels().Scheme.Tiers())
	// Output:
	// [intensive maximum medium minimum administrative]
}

func ExampleScheme_Index() {
	s := tier.EnglandWales()
	fmt.Println(s.Index(tier.B2))
	fmt.Println(s.Index("E9"))
	// Output:
	// 10 true
	// -1 false
}

func ExampleScheme_At() {
	s := tier.EnglandWales()
	fmt.Println(s.At(0))
	fmt.Println(s.At(99))
	// Output:
	// A3 true
	//  false
}

func ExampleScheme_Contains() {
	s := tier.SupervisionLevels().Scheme
	fmt.Println(s.Contains("intensive"), s.Contains(tier.B2))
	// Output:
	// true false
}

func ExampleScheme_Parse() {
	s := tier.SupervisionLevels().Scheme
	fmt.Println(s.Parse("medium"))
	_, err := s.Parse("B2")
	fmt.Println(err)
	// Output:
	// medium <nil>
	// tier: tier "B2": unknown tier: not a tier of scheme "us-supervision-levels"
}

func ExampleScheme_Equal() {
	fmt.Println(tier.EnglandWales().Equal(tier.Reference().Scheme), tier.EnglandWales().Equal(tier.SupervisionLevels().Scheme))
	// Output:
	// true false
}

// Reference is a fresh copy of the England & Wales reference table.
func ExampleReference() {
	t := tier.Reference()
	w, _ := t.Weight(tier.Licence, tier.A3, false)
	fmt.Println(t.Scheme.Name(), w)
	// Output:
	// england-wales 219
}

// SupervisionLevels is the US-style example table shipped beside it.
func ExampleSupervisionLevels() {
	t := tier.SupervisionLevels()
	fmt.Println(t.Scheme.Tiers()[0], t.Validate())
	// Output:
	// intensive <nil>
}

func ExampleTable_Validate() {
	t := tier.Reference()
	t.Weights[tier.Community][tier.B2] = decimal.NewFromInt(-1)
	fmt.Println(t.Validate())
	// Output:
	// tier: weights.community.B2 "-1": out of range: must not be negative
}

// Clone is a deep copy: changing it leaves the original alone.
func ExampleTable_Clone() {
	a := tier.Reference()
	b := a.Clone()
	b.Weights[tier.Community][tier.B2] = decimal.NewFromInt(1)
	wa, _ := a.Weight(tier.Community, tier.B2, false)
	wb, _ := b.Weight(tier.Community, tier.B2, false)
	fmt.Println(wa, wb)
	// Output:
	// 115 1
}

func ExampleTable_CourtReport() {
	t := tier.Reference()
	fmt.Println(t.CourtReport(tier.ReportStandard))
	fmt.Println(t.CourtReport(tier.ReportFast))
	// Output:
	// 138 <nil>
	// 65 <nil>
}

// Share is the percentage of its points an inactive case keeps.
func ExampleTable_Share() {
	t := tier.Reference()
	for _, s := range tier.InactiveStatuses() {
		v, _ := t.Share(s)
		fmt.Println(s, v)
	}
	// Output:
	// warrant 0
	// unpaid-work-only 100
	// overdue-termination 0
}

func ExampleTable_Contact() {
	c, err := tier.Reference().Contact(tier.A3, tier.Critical)
	fmt.Println(c.Contacts, c.Days, c.None(), err)
	// Output:
	// 1 7 false <nil>
}

func ExampleContact_None() {
	fmt.Println(tier.Contact{}.None(), tier.Contact{Contacts: 1, Days: 7}.None())
	// Output:
	// true false
}

func ExampleCaseTypes() {
	fmt.Println(tier.CaseTypes())
	// Output:
	// [community licence custody]
}

func ExampleParseCaseType() {
	fmt.Println(tier.ParseCaseType("licence"))
	// Output:
	// licence <nil>
}

func ExampleReportKinds() {
	fmt.Println(tier.ReportKinds())
	// Output:
	// [standard fast]
}

func ExampleParseReportKind() {
	fmt.Println(tier.ParseReportKind("fast"))
	// Output:
	// fast <nil>
}

func ExampleInactiveStatuses() {
	fmt.Println(tier.InactiveStatuses())
	// Output:
	// [warrant unpaid-work-only overdue-termination]
}

func ExampleParseInactive() {
	fmt.Println(tier.ParseInactive("warrant"))
	// Output:
	// warrant <nil>
}

func ExamplePhases() {
	fmt.Println(tier.Phases())
	// Output:
	// [critical standard past-two-thirds suspended]
}

func ExampleParsePhase() {
	fmt.Println(tier.ParsePhase("critical"))
	_, err := tier.ParsePhase("soon")
	fmt.Println(err)
	// Output:
	// critical <nil>
	// tier: phase "soon": unknown value: want one of critical, standard, past-two-thirds, suspended
}
