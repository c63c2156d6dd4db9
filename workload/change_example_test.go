package workload_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

func examplePrepared() *workload.Prepared {
	pr, err := workload.DefaultPolicy().Prepare(workload.Roster{
		Officers: []workload.Officer{
			{ID: "ana", Team: "north", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
			{ID: "ben", Team: "north", Grade: workload.PSO, Hours: decimal.RequireFromString("18.5")},
		},
		Cases: []workload.Case{
			{ID: "c1", Officer: "ana", Tier: tier.A2, Type: tier.Licence},
			{ID: "c2", Officer: "ben", Tier: tier.C2, Type: tier.Community},
		},
	})
	if err != nil {
		panic(err)
	}
	return pr
}

func ExamplePrepared_Apply() {
	pr := examplePrepared()
	next, err := pr.Apply(
		workload.Change{Kind: workload.CaseAllocated, Case: workload.Case{ID: "c3", Officer: "ben", Tier: tier.B3, Type: tier.Community}},
		workload.Change{Kind: workload.CaseTransferred, ID: "c1", To: "ben"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range []*workload.Prepared{pr, next} {
		ben, _ := r.MeasureOfficer("ben", exampleDate)
		fmt.Printf("ben: %d cases, %s points, %s%%\n", ben.Cases, ben.Points, ben.Capacity)
	}
	// A case is held once: allocating it again is refused, and nothing changes.
	_, err = next.Apply(workload.Change{Kind: workload.CaseAllocated, Case: workload.Case{ID: "c1", Officer: "ana", Tier: tier.A2, Type: tier.Licence}})
	fmt.Println(err)
	// Output:
	// ben: 1 cases, 63 points, 5.79%
	// ben: 3 cases, 384 points, 35.294%
	// workload: changes[0].case.id "c1": duplicate: one case on two officers: "ben" and "ana"
}

func ExamplePrepared_MeasureOfficer() {
	ld, err := examplePrepared().MeasureOfficer("ana", exampleDate)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s of %s points, %s\n", ld.Officer, ld.Points, ld.Available.StringFixed(2), ld.Band)
	// Output:
	// ana: 175 of 2176.00 points, within
}

func ExampleChangeKind() {
	var k workload.ChangeKind
	if err := k.UnmarshalText([]byte("case-transferred")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(k == workload.CaseTransferred, k)
	// Output:
	// true case-transferred
}

func ExampleMeasurement_All() {
	m := examplePrepared().Measure(exampleDate)
	fmt.Println(m.Len(), "loads")
	for ld := range m.All() {
		fmt.Printf("%s: %s%%\n", ld.Officer, ld.Capacity)
	}
	fmt.Println(m.LoadAt(1).Officer, len(m.Loads()))
	// Output:
	// 2 loads
	// ana: 8.042%
	// ben: 5.79%
	// ben 2
}

func ExampleMeasurement_Len() {
	m := examplePrepared().Measure(exampleDate)
	fmt.Println(m.Len())
	// Output:
	// 2
}

func ExampleMeasurement_LoadAt() {
	m := examplePrepared().Measure(exampleDate)
	ld := m.LoadAt(0)
	fmt.Println(ld.Officer, ld.Points, ld.Band)
	fmt.Printf("%q\n", m.LoadAt(2).Officer) // out of range: the zero Load
	// Output:
	// ana 175 within
	// ""
}

func ExampleMeasurement_Loads() {
	for _, ld := range examplePrepared().Measure(exampleDate).Loads() {
		fmt.Println(ld.Officer, ld.Cases, ld.Capacity)
	}
	// Output:
	// ana 1 8.042
	// ben 1 5.79
}
