package workload_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

var exampleDate = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func ExamplePolicy_MeasureRoster() {
	p := workload.DefaultPolicy()
	r := workload.Roster{
		Officers: []workload.Officer{
			{ID: "ana", Team: "north", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
			{ID: "ben", Team: "north", Grade: workload.PSO, Hours: decimal.RequireFromString("18.5")},
		},
		Cases: []workload.Case{
			{ID: "c1", Officer: "ana", Tier: tier.A2, Type: tier.Licence},
			{ID: "c2", Officer: "ana", Tier: tier.B3, Type: tier.Community},
			{ID: "c3", Officer: "ben", Tier: tier.C2, Type: tier.Community},
			{ID: "c4", Officer: "ben", Tier: tier.D1, Type: tier.Licence},
		},
	}
	m, err := p.MeasureRoster(r, exampleDate)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ld := range m.Loads {
		fmt.Printf("%s: %s of %s points, %s%%, %s\n", ld.Officer, ld.Points, ld.Available.StringFixed(2), ld.Capacity, ld.Band)
	}
	team, _ := m.Team("north")
	fmt.Printf("team north: %s of %s points, %s%% (ratio of sums)\n", team.Points, team.Available, team.Capacity)
	// Output:
	// ana: 321 of 2176.00 points, 14.752%, within
	// ben: 94 of 1088.00 points, 8.64%, within
	// team north: 415 of 3264 points, 12.714% (ratio of sums)
}

func ExamplePolicy_Staffing() {
	p := workload.DefaultPolicy()
	full := func(id string) workload.Officer {
		return workload.Officer{ID: id, Grade: workload.PO, Hours: decimal.NewFromInt(37)}
	}
	res, err := p.Staffing(workload.Staffing{
		Team:      "unit",
		Posts:     decimal.NewFromInt(10),
		PostGrade: workload.PO,
		Officers: []workload.Officer{
			full("a"), full("b"), full("c"), full("d"), full("e"), full("f"),
			{ID: "g", Grade: workload.PSO, Hours: decimal.NewFromInt(15)},
		},
		SicknessDays: decimal.RequireFromString("11.4"),
		Points:       decimal.NewFromInt(21760),
	}, exampleDate)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res)
	// Output:
	// funded: 10 posts × 2176 points = 21760
	// in post: 7 staff, 6.405405 full-time equivalent, 13938.16 available points after reductions
	// vacant: 3.594595 posts
	// sickness: 13938.16 × 11.4 days ÷ 228 working days = 696.908 points
	// effective: 13241.252 points, 60.851% of funded
	// load: 21760 points is 100% of funded capacity but 164.335% of what the staff in post can carry
}

func ExamplePolicy_SustainedOverload() {
	p := workload.DefaultPolicy()
	var snaps []workload.Snapshot
	for week, points := range []int64{2400, 2450, 2500, 2420} {
		snaps = append(snaps, workload.Snapshot{
			AsOf: exampleDate.AddDate(0, 0, 7*week),
			Loads: []workload.Load{{
				Officer: "ana", Cases: 40,
				Points: decimal.NewFromInt(points), Available: decimal.NewFromInt(2176),
			}},
		})
	}
	over, err := p.SustainedOverload(snaps)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range over {
		fmt.Println(o)
	}
	// Output:
	// ana: 4 weeks over from 2026-11-23 to 2026-12-14
}

func ExamplePolicy_ReductionEnd() {
	p := workload.DefaultPolicy()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []workload.Reason{workload.PQiPStage1, workload.NewlyQualified, workload.Maternity, workload.LongTermSickness} {
		end := p.ReductionEnd(workload.Reduction{Reason: r, From: start})
		if end.IsZero() {
			fmt.Printf("%s: open-ended\n", r)
			continue
		}
		fmt.Printf("%s: until %s\n", r, end.Format("2006-01-02"))
	}
	// Output:
	// pqip-stage-1: until 2026-06-30
	// newly-qualified: until 2026-09-30
	// maternity: until 2026-06-30
	// long-term-sickness: open-ended
}

func ExampleUngraded() {
	// An export's officer with no recorded grade ("DMY") is measured
	// against the PO target, with a finding saying so.
	g, _ := workload.ParseGrade("DMY")
	o := workload.Officer{ID: "jo", Team: "north", Grade: g, Hours: decimal.NewFromInt(37)}
	l, _ := workload.DefaultPolicy().Measure(workload.Caseload{Officer: o}, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	fmt.Println(l.Grade, l.Available)
	fmt.Println(l.Findings[0])
	// Output:
	// ungraded 2176
	// warn grade-unrecorded: no recorded grade: measured against the PO target, as the policy's ungradedAs says
}
