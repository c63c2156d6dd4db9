package caseload_test

import (
	"fmt"
	"log"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// Example is the README's quick start: classify an assessment, measure a
// caseload, and check an allocation.
func Example() {
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	p := workload.DefaultPolicy()

	c, err := tier.Classify(risk.Assessment{
		MAPPA: risk.MAPPA{Level: risk.MAPPANone},
		RoSH:  risk.RoSHHigh, RSR: decimal.RequireFromString("6.99"), OGRS: 59,
		NeedsAssessed: true, Needs: map[risk.Need]risk.Severity{risk.NeedAttitudes: risk.SeveritySevere},
		Mandate: risk.MandateYes,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Tier, c.Protect.Reason)

	jo := workload.Officer{ID: "jo", Team: "north", Grade: workload.PO, Hours: decimal.NewFromInt(37)}
	cl := workload.Caseload{Officer: jo, Cases: []workload.Case{
		{ID: "c1", Officer: "jo", Tier: c.Tier, Type: tier.Licence},
	}}
	h, err := p.MeasureCaseload(cl, asOf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.Load.Points, h.Load.Capacity, h.Load.Band)

	chk, err := p.CheckAllocation(h, workload.Allocation{Case: workload.Case{ID: "c2", Tier: tier.A2, Type: tier.Licence}}, asOf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(chk.Verdict, chk.After.Capacity)
	// Output:
	// B1 20 protect points in 20–149 → B
	// 119 5.469 within
	// allowed 13.511
}
