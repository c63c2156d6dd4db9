package workload_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// SingleAxisConfig is a complete policy for the single-axis (A–G) scheme,
// with illustrative weights (no published ones exist).
func ExampleSingleAxisConfig() {
	p, err := workload.NewPolicy(workload.SingleAxisConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	cl := workload.Caseload{
		Officer: workload.Officer{ID: "ana", Team: "north", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
		Cases: []workload.Case{
			{ID: "c1", Officer: "ana", Tier: tier.SingleA, Type: tier.Licence},
			{ID: "c2", Officer: "ana", Tier: tier.SingleC, Type: tier.Community},
			{ID: "c3", Officer: "ana", Tier: tier.Missing, Type: tier.Community},
			{ID: "c4", Officer: "ana", Tier: tier.NotSupervised, Type: tier.Community},
		},
	}
	ld, err := p.Measure(cl, exampleDate)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Ref().Name, p.Scheme().Name())
	for _, l := range ld.Lines {
		fmt.Println(l.ID, l.Tier, l.Type, l.Points)
	}
	fmt.Printf("%s of %s points, %s%%\n", ld.Points, ld.Available.StringFixed(0), ld.Capacity)
	// Output:
	// single-axis-illustrative single-axis
	// c1 A licence 175
	// c2 C community 63
	// c3 missing community 41
	// c4 not-supervised community 0
	// 279 of 2176 points, 12.822%
}
