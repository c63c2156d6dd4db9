package rostercsv_test

import (
	"fmt"
	"strings"

	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

func ExampleRead() {
	const export = `officer,team,grade,hours,case,tier,type
jo,north,PO,37,c1,B2,licence
jo,north,PO,37,c2,E9,community
`
	r, err := rostercsv.Read(strings.NewReader(export))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The CSV reader checks syntax; the policy checks tiers against its scheme.
	_, err = workload.DefaultPolicy().Prepare(r)
	fmt.Println(err)
	// Output:
	// workload: cases[1].tier "E9": unknown tier: not a tier of scheme "england-wales"
}
