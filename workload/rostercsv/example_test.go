package rostercsv_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
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

func ExampleOptions_Read() {
	// A case system's export with its own column names and UK dates.
	const export = `Staff ID,Team,Grade,Hours,CRN,Tier,Type,Sentence Start
jo,north,PO,37,X123,B2,licence,05/03/2026
`
	o := rostercsv.Options{
		Columns: map[string]string{
			"Staff ID": "officer", "Team": "team", "Grade": "grade", "Hours": "hours",
			"CRN": "case", "Tier": "tier", "Type": "type", "Sentence Start": "start",
		},
		DayFirst: true,
	}
	r, err := o.Read(strings.NewReader(export))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := r.Cases[0]
	fmt.Println(c.ID, c.Officer, c.Tier, c.Start.Format("2 January 2006"))
	// Output:
	// X123 jo B2 5 March 2026
}

func ExampleWrite() {
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	r := workload.Roster{
		Officers: []workload.Officer{{ID: "jo", Team: "north", Grade: workload.NQO, Hours: decimal.NewFromInt(37),
			Reductions: []workload.Reduction{{Reason: workload.NewlyQualified, From: day("2026-06-01")}}}},
		Cases:   []workload.Case{{ID: "c1", Officer: "jo", Tier: tier.C2, Type: tier.Community, Start: day("2026-02-01")}},
		Reports: []workload.Report{{ID: "r1", Officer: "jo", Kind: tier.ReportFast, Due: day("2026-12-01")}},
	}
	if err := rostercsv.Write(os.Stdout, r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// record,officer,team,region,grade,hours,reduction_hours,case,tier,type,young_adult,inactive,start,release,recalled,rereleased,two_thirds,end,last_contact,allocated,rosh,mappa,flags,complexity,assessed_on,provisional,escalated_on,reason,reduction_percent,from,to,status,note,report,kind,due,owner,on,points
	// case,jo,north,,NQO,37,,c1,C2,community,,active,2026-02-01,,,,,,,,unknown,unknown,,,,,,,,,,,,,,,,,
	// reduction,jo,,,,,,,,,,,,,,,,,,,,,,,,,,newly-qualified,,2026-06-01,,active,,,,,,,
	// report,jo,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,r1,fast,2026-12-01,,,
}

func ExampleColumns() {
	fmt.Println(len(rostercsv.Columns()), rostercsv.Columns()[:4])
	// Output:
	// 39 [record officer team region]
}
