package synth

import (
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// Team mixes: POs and NQOs hold most of the higher-risk cases, PSOs and
// trainees none of tier A.
var (
	seniorTeamMix = mix{cat: newDist(5, 37, 32, 19, 5, 2), sLetter: newDist(4, 38, 33, 20)}
	juniorTeamMix = mix{cat: newDist(0, 8, 43, 42, 5, 2), sLetter: newDist(0, 30, 40, 30)}
)

// teamMember describes one officer of the demo team.
type teamMember struct {
	grade  workload.Grade
	hours  string
	target float64 // capacity aimed at, percent
}

// The demo team: an SPO, five POs (one part-time, one with trade-union
// facility time), five PSOs (one part-time), a PQiP trainee and an NQO.
// Targets put some officers well over 110% and some under 100%.
var teamMembers = []teamMember{
	{workload.SPO, "37", 0},
	{workload.PO, "37", 138},
	{workload.PO, "37", 124},
	{workload.PO, "37", 114}, // trade-union facility time, 7.4 h
	{workload.PO, "22.5", 92},
	{workload.PSO, "37", 131},
	{workload.PSO, "37", 106},
	{workload.PSO, "37", 96},
	{workload.PSO, "30", 85},
	{workload.PSO, "37", 119},
	{workload.PQiP, "37", 88},
	{workload.NQO, "37", 126},
}

// Team returns one realistic team of twelve: an SPO with no cases, POs,
// PSOs, two part-time staff, a PQiP trainee in stage 2, a newly qualified
// officer, an officer with trade-union facility time in hours; a few court
// reports and two cover contacts. Case counts are drawn so that, under
// [workload.DefaultPolicy] at [AsOf], capacities spread from about 85% to
// about 138%.
func Team(seed uint64) workload.Roster {
	asOf := AsOf()
	g := newGen(seed, asOf)
	policy := workload.DefaultPolicy()
	table := policy.Table()
	t := g.today

	officers := make([]workload.Officer, len(teamMembers))
	for i, m := range teamMembers {
		o := &officers[i]
		o.ID = id("off-", i+1, 5)
		o.Team, o.Region = "team-0001", "region-01"
		o.Grade = m.grade
		o.Hours = decimal.RequireFromString(m.hours)
		switch {
		case m.grade == workload.PQiP:
			// Stage 2, started 75 days ago; stage 1 has expired.
			o.Reductions = g.pqipReductions(2, t-75)
			o.Reductions[1].Note = "PQiP year 1, second half"
		case m.grade == workload.NQO:
			q := t - 120
			o.Reductions = []workload.Reduction{{Reason: workload.NewlyQualified, From: date(q), To: date(q).AddDate(0, 9, -1)}}
		case i == 3:
			o.Reductions = []workload.Reduction{{Reason: workload.TradeUnion, Hours: tuTwoDay,
				From: date(t - 400), To: date(t + 200), Note: "branch secretary, facility time"}}
		}
	}

	reports := []workload.Report{
		{ID: "rep-000001", Officer: "off-00006", Kind: tier.ReportStandard, Due: date(t + 9)},
		{ID: "rep-000002", Officer: "off-00008", Kind: tier.ReportFast, Due: date(t + 3)},
		{ID: "rep-000003", Officer: "off-00010", Kind: tier.ReportFast, Due: date(t + 14)},
		{ID: "rep-000004", Officer: "off-00003", Kind: tier.ReportStandard, Due: date(t + 20)},
	}

	cases := make([]workload.Case, 0, 512)
	for i, m := range teamMembers {
		o := &officers[i]
		if m.target == 0 {
			continue
		}
		ld, err := policy.Measure(workload.Caseload{Officer: *o}, asOf)
		if err != nil {
			// The demo officers are fixed data built above; an error here is a
			// programmer error in this package, caught by its tests.
			panic("synth: invalid demo officer: " + err.Error())
		}
		avail := ld.Available.InexactFloat64()
		budget := avail * m.target / 100
		for _, r := range reports {
			if r.Officer == o.ID {
				w, _ := table.CourtReport(r.Kind)
				budget -= w.InexactFloat64()
			}
		}
		mx := &juniorTeamMix
		if m.grade == workload.PO || m.grade == workload.NQO {
			mx = &seniorTeamMix
		}
		var sum float64
		for misses := 0; misses < 6 && len(cases) < maxTeamCases; {
			var c workload.Case
			letter, s := g.drawTier(mx)
			g.fillCase(&c, letter, s, false)
			p := casePoints(table, &c)
			if sum+p > budget {
				misses++
				continue
			}
			sum += p
			c.Officer = o.ID
			cases = append(cases, c)
		}
	}
	// An export lists cases in no particular officer order.
	g.r.Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
	for i := range cases {
		cases[i].ID = id("case-", i+1, 6)
	}

	covers := []workload.Cover{
		{Owner: "off-00002", Doer: "off-00008", On: date(t - 2), Points: coverBands[2]},
		{Owner: "off-00006", Doer: "off-00007", On: date(t - 4), Points: coverBands[3]},
	}
	for k := range covers {
		for i := range cases {
			c := &cases[i]
			if c.Officer == covers[k].Owner && c.Inactive == tier.Active && !c.Tier.Unsupervised() &&
				days.Number(c.Start) < t-10 {
				covers[k].Case = c.ID
				break
			}
		}
	}
	return workload.Roster{Officers: officers, Cases: cases, Reports: reports, Covers: covers}
}

// casePoints returns a case's points under a tier table. The generator
// builds only valid cases, so a failed look-up is a programmer error in
// this package, caught by its tests, and panics.
func casePoints(t *tier.Table, c *workload.Case) float64 {
	w, err := t.Weight(c.Type, c.Tier, c.YoungAdult)
	if err != nil {
		panic("synth: " + err.Error())
	}
	s, _ := t.Share(c.Inactive)
	return w.InexactFloat64() * s.InexactFloat64() / 100
}

// maxTeamCases bounds the demo team's cases.
const maxTeamCases = 600
