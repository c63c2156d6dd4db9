package workload_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

func ExamplePolicy_Remeasure() {
	p := workload.DefaultPolicy()
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cl := workload.Caseload{Officer: workload.Officer{ID: "jo", Team: "north", Grade: workload.PO, Hours: decimal.NewFromInt(37)}}
	for i := range 20 {
		cl.Cases = append(cl.Cases, workload.Case{ID: fmt.Sprintf("c%02d", i), Officer: "jo", Tier: tier.B2, Type: tier.Licence})
	}
	h, err := p.MeasureCaseload(cl, day)
	if err != nil {
		fmt.Println(err)
		return
	}
	// One case allocated (A1 licence, 163 points), one closed (B2, 132)
	// and one re-tiered from B2 to C2 (132 → 65): only those three are
	// added up again, 20 × 132 − 132 + 163 − 67 = 2604 of 2176.
	h, err = p.Remeasure(h, workload.CaseloadChange{
		Close: []string{"c03"},
		Put: []workload.Case{
			{ID: "c20", Officer: "jo", Tier: tier.A1, Type: tier.Licence},
			{ID: "c07", Officer: "jo", Tier: tier.C2, Type: tier.Licence},
		},
	}, day)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Load.Cases, "cases,", h.Load.Points, "points,", h.Load.Capacity.String()+"%")
	// Output:
	// 20 cases, 2604 points, 119.669%
}
