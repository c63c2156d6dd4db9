package tier_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// ClassifySingleAxis gives the single-axis tier with every step's result,
// the step that decided, and why the result is provisional.
func ExampleClassifySingleAxis() {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	in := risk.SingleAxisInputs{
		Event: risk.EventActive,
		ARP:   risk.Predictor{Score: decimal.RequireFromString("62.40"), Kind: risk.PredictorStatic},
		CSRP:  risk.Predictor{Score: decimal.RequireFromString("3.20"), Kind: risk.PredictorDynamic},
		DCSRP: risk.SexualPredictor{Score: decimal.RequireFromString("2.50"), Band: risk.SexualBandMedium},
		RoSH:  risk.RoSHHigh,
		MAPPA: risk.MAPPA{Level: risk.MAPPALevel1},
		Flags: risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagLifer),
		// Released three years ago.
		LatestRelease: time.Date(2023, 10, 2, 0, 0, 0, 0, time.UTC),
	}
	c, err := tier.ClassifySingleAxis(in, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(c)
	// Output:
	// tier C [provisional]
	//   decided by reoffending: reoffending gave C, the highest of the steps
	//    *C reoffending arp=62.40 static, csrp=3.20 dynamic (CSRP ≥ 3.0 and ARP ≥ 50 → C)
	//     D sexual-reoffending dcsrp=2.50 medium (medium band, score ≥ 2.11 (without risk reduction) → D)
	//     C mappa-rosh mappa=level 1, rosh=high (MAPPA with high RoSH → C)
	//     D lifer-ipp lifer-ipp, released 2023-10-02 (released within five years (on or after 2021-12-07) → D)
	//     E domestic-abuse yes (domestic abuse → E)
	//     - stalking no (no stalking registration: no result)
	//     - child-protection no (no child protection registration: no result)
	//     - sexual-offence no (no sexual offence recorded: no result)
	//   provisional: static-arp (ARP is static: the table could still give A and no other step gives as much)
}

// Not supervised and missing predictors are states of their own, below G.
func ExampleClassifySingleAxis_states() {
	asOf := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, in := range []risk.SingleAxisInputs{
		{Event: risk.EventNone, RoSH: risk.RoSHVeryHigh, MAPPA: risk.MAPPA{Level: risk.MAPPANone}},
		{Event: risk.EventActive, MAPPA: risk.MAPPA{Level: risk.MAPPANone}, ARP: risk.Predictor{Score: decimal.NewFromInt(80), Kind: risk.PredictorDynamic}},
	} {
		c, err := tier.ClassifySingleAxis(in, asOf)
		fmt.Println(c.Tier, c.DecidedBy, c.Reason, err)
	}
	// Output:
	// not-supervised not-supervised no active event → not supervised <nil>
	// missing missing-predictors no CSRP → missing <nil>
}

// The single-axis scheme orders A (highest) to G, then missing and not
// supervised; its table's weights are illustrative.
func ExampleSingleAxisTable() {
	t := tier.SingleAxisTable()
	fmt.Println(t.Scheme.Name(), t.Scheme.Tiers())
	for _, tr := range []tier.Tier{tier.SingleA, tier.SingleD, tier.SingleG, tier.Missing, tier.NotSupervised} {
		w, _ := t.Weight(tier.Community, tr, false)
		fmt.Printf("%s=%s;", tr, w)
	}
	fmt.Println()
	fmt.Println(tier.SingleAxisScheme().Compare(tier.SingleG, tier.Missing))
	// Output:
	// single-axis [A B C D E F G missing not-supervised]
	// A=158;D=41;G=20;missing=41;not-supervised=0;
	// -1
}

func ExampleSingleAxisScheme() {
	s := tier.SingleAxisScheme()
	fmt.Println(s.Name(), s.Tiers())
	// Output:
	// single-axis [A B C D E F G missing not-supervised]
}
