package tier_test

import (
	"fmt"

	"github.com/openprobation/caseload/tier"
)

func ExampleSet_Contains() {
	s := tier.Set{Letters: []string{"A"}, Tiers: []tier.Tier{tier.B3}}
	fmt.Println(s.Contains(tier.A1), s.Contains(tier.B3), s.Contains(tier.B2))
	// Output:
	// true true false
}

func ExampleSet_Empty() {
	fmt.Println(tier.Set{}.Empty(), tier.Set{Letters: []string{"A"}}.Empty())
	// Output:
	// true false
}
