package workload_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
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
	for _, ld := range m.Loads() {
		fmt.Printf("%s: %s of %s points, %s%%, %s\n", ld.Officer, ld.Points, ld.Available.StringFixed(2), ld.Capacity, ld.Band)
	}
	team, _ := m.TeamSummary("north")
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
	for _, r := range []workload.ReductionReason{workload.PQiPStage1, workload.NewlyQualified, workload.Maternity, workload.LongTermSickness} {
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

// exampleRoster is a small team for the examples: two officers in one
// team and region.
func exampleRoster() workload.Roster {
	cs := func(officer string, n int, tr tier.Tier) []workload.Case {
		var out []workload.Case
		for i := 0; i < n; i++ {
			out = append(out, workload.Case{ID: fmt.Sprintf("%s-%d", officer, i), Officer: officer, Tier: tr, Type: tier.Community,
				Start: exampleDate.AddDate(-1, 0, 0), Risk: workload.CaseRisk{MAPPA: risk.MAPPANone}})
		}
		return out
	}
	return workload.Roster{
		Officers: []workload.Officer{
			{ID: "ana", Team: "north", Region: "r1", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
			{ID: "ben", Team: "north", Region: "r1", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
		},
		Cases: append(cs("ana", 16, tier.B3), cs("ben", 4, tier.C2)...),
	}
}

// DefaultConfig is the reference configuration as plain data: change
// what you need, then build a policy.
func ExampleDefaultConfig() {
	c := workload.DefaultConfig()
	fmt.Println(c.Name, c.Version, c.Grades[workload.PO].Target, c.Bands.Over, c.Bands.Red, c.RawCountCeiling, c.CoverDays)
	fmt.Println(c.Reductions[workload.NewlyQualified], c.Grades[workload.NQO].Dated)
	// Output:
	// england-wales-reference 2026.12.0 2176 100 110 50 7
	// 20 [{newly-qualified 0 9}]
}

// NewPolicy validates a configuration, reporting every problem at once.
func ExampleNewPolicy() {
	c := workload.DefaultConfig()
	c.Name = "north-2027"
	c.RawCountCeiling = 45
	p, err := workload.NewPolicy(c)
	fmt.Println(p.Ref(), err)
	c.RawCountCeiling = 0
	c.Bands.Red = decimal.NewFromInt(90)
	_, err = workload.NewPolicy(c)
	fmt.Println(err)
	// Output:
	// {north-2027 2026.12.0} <nil>
	// workload: bands.red "90": inconsistent: must not be below bands.over 100
	// workload: rawCountCeiling "0": out of range: must be between 1 and 100000
}

func ExampleDefaultPolicy() {
	p := workload.DefaultPolicy()
	fmt.Println(p.Ref(), p.Scheme().Len())
	// Output:
	// {england-wales-reference 2026.12.0} 33
}

// A policy document round-trips: write it with json.Marshal, read it
// with DecodePolicy (strict: unknown fields are errors).
func ExampleDecodePolicy() {
	_, err := workload.DecodePolicy(strings.NewReader(`{"name":"x","bands":{"orange":"105"}}`))
	fmt.Println(err)
	// Output:
	// workload: policy "": syntax error: json: unknown field "orange"
}

// DecodeConfig decodes without validating, so a YAML or TOML user can
// decode their own way and still call Validate.
func ExampleDecodeConfig() {
	c, err := workload.DecodeConfig(strings.NewReader(`{"name":"draft","rawCountCeiling":60}`))
	fmt.Println(c.Name, c.RawCountCeiling, err)
	fmt.Println(c.Validate() != nil)
	// Output:
	// draft 60 <nil>
	// true
}

func ExampleConfig_Validate() {
	c := workload.DefaultConfig()
	c.Sustained.Weeks = 0
	c.CoverDays = 400
	fmt.Println(c.Validate())
	// Output:
	// workload: coverDays "400": out of range: must be between 1 and 365
	// workload: sustained.weeks "0": out of range: must be between 1 and 520
}

// Clone is a deep copy: changing it leaves the original alone.
func ExampleConfig_Clone() {
	a := workload.DefaultConfig()
	b := a.Clone()
	b.Reductions[workload.NewlyQualified] = decimal.NewFromInt(30)
	fmt.Println(a.Reductions[workload.NewlyQualified], b.Reductions[workload.NewlyQualified])
	// Output:
	// 20 30
}

// SupervisionLevelsConfig is a complete configuration for the US-style
// supervision-level scheme.
func ExampleSupervisionLevelsConfig() {
	p, err := workload.NewPolicy(workload.SupervisionLevelsConfig())
	fmt.Println(p.Scheme().Tiers(), err)
	// Output:
	// [intensive maximum medium minimum administrative] <nil>
}

func ExamplePolicy_Config() {
	c := workload.DefaultPolicy().Config()
	fmt.Println(c.Sustained.Threshold, c.Sustained.Weeks)
	// Output:
	// 110 4
}

func ExamplePolicy_Ref() {
	fmt.Println(workload.DefaultPolicy().Ref())
	// Output:
	// {england-wales-reference 2026.12.0}
}

func ExamplePolicy_Scheme() {
	fmt.Println(workload.DefaultPolicy().Scheme().Name())
	// Output:
	// england-wales
}

func ExamplePolicy_Table() {
	w, _ := workload.DefaultPolicy().Table().Weight(tier.Custody, tier.B3, false)
	fmt.Println(w)
	// Output:
	// 59
}

// Phase says which contact requirement applies to a case on a date.
func ExamplePolicy_Phase() {
	p := workload.DefaultPolicy()
	c := workload.Case{ID: "c1", Officer: "ana", Tier: tier.B2, Type: tier.Licence, Release: exampleDate.AddDate(0, 0, -10)}
	fmt.Println(p.Phase(c, exampleDate), p.Phase(c, exampleDate.AddDate(0, 3, 0)))
	// Output:
	// critical standard
}

// MeasureHolding measures a caseload once for many allocation checks.
func ExamplePolicy_MeasureCaseload() {
	p := workload.DefaultPolicy()
	r := exampleRoster()
	h, err := p.MeasureCaseload(workload.Caseload{Officer: r.Officers[0], Cases: r.Cases[:16]}, exampleDate)
	fmt.Println(h.Load.Officer, h.Load.Cases, h.Load.Capacity, h.Load.Band, err)
	// Output:
	// ana 16 107.353 over <nil>
}

// MeasureTeam measures every caseload and checks the team as a whole.
func ExamplePolicy_MeasureTeam() {
	p := workload.DefaultPolicy()
	r := exampleRoster()
	t, err := p.MeasureTeam([]workload.Caseload{
		{Officer: r.Officers[1], Cases: r.Cases[16:]},
		{Officer: r.Officers[0], Cases: r.Cases[:16]},
	}, exampleDate)
	for _, m := range t.Members {
		fmt.Println(m.Load.Officer, m.Load.Capacity)
	}
	fmt.Println(err)
	// Output:
	// ana 107.353
	// ben 11.581
	// <nil>
}

// Summarise rolls loads up as a ratio of sums, never an average of
// percentages.
func ExamplePolicy_Summarise() {
	p := workload.DefaultPolicy()
	r := exampleRoster()
	a, _ := p.Measure(workload.Caseload{Officer: r.Officers[0], Cases: r.Cases[:16]}, exampleDate)
	b, _ := p.Measure(workload.Caseload{Officer: r.Officers[1], Cases: r.Cases[16:]}, exampleDate)
	s, err := p.Summarise("team", "north", []workload.Load{a, b}, exampleDate)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Officers, s.Cases, s.Points, s.Available, s.Capacity)
	// Output:
	// 2 20 2588 4352 59.467
}

// Prepare validates and indexes a roster once; Measure then measures it
// at any date.
func ExamplePolicy_Prepare() {
	pr, err := workload.DefaultPolicy().Prepare(exampleRoster())
	if err != nil {
		fmt.Println(err)
		return
	}
	m := pr.Measure(exampleDate)
	fmt.Println(m.National.Officers, m.National.Cases, m.National.Capacity)
	// Output:
	// 2 20 59.467
}

func ExamplePrepared_Measure() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	for l := range pr.Measure(exampleDate).All() {
		fmt.Println(l.Officer, l.Points, l.Capacity, l.Band)
	}
	// Output:
	// ana 2336 107.353 over
	// ben 252 11.581 within
}

func ExampleMeasurement_Load() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	m := pr.Measure(exampleDate)
	l, ok := m.Load("ben")
	fmt.Println(l.Cases, l.Capacity, ok)
	_, ok = m.Load("zoe")
	fmt.Println(ok)
	// Output:
	// 4 11.581 true
	// false
}

func ExampleMeasurement_TeamSummary() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	s, ok := pr.Measure(exampleDate).TeamSummary("north")
	fmt.Println(s.Officers, s.Capacity, ok)
	// Output:
	// 2 59.467 true
}

func ExamplePrepared_Officers() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	for _, o := range pr.Officers() {
		fmt.Println(o.ID, o.Grade)
	}
	// Output:
	// ana PO
	// ben PO
}

func ExamplePrepared_Teams() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	fmt.Println(pr.Teams())
	// Output:
	// [north]
}

func ExamplePrepared_TeamCaseloads() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	for _, cl := range pr.TeamCaseloads("north") {
		fmt.Println(cl.Officer.ID, len(cl.Cases))
	}
	// Output:
	// ana 16
	// ben 4
}

func ExamplePrepared_Caseload() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	cl, ok := pr.Caseload("ben")
	fmt.Println(len(cl.Cases), cl.Cases[0].ID, ok)
	// Output:
	// 4 ben-0 true
}

// Explain gives one officer's load with the lines that made it.
func ExamplePrepared_Explain() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	l, err := pr.Explain("ben", exampleDate)
	fmt.Println(len(l.Lines), l.Lines[0].Why, err)
	// Output:
	// 4 community C2 weighs 63 <nil>
}

func ExamplePrepared_MeasureCaseload() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	h, err := pr.MeasureCaseload("ana", exampleDate)
	fmt.Println(h.Load.Cases, h.Load.Band, err)
	// Output:
	// 16 over <nil>
}

func ExamplePrepared_MeasureTeam() {
	pr, _ := workload.DefaultPolicy().Prepare(exampleRoster())
	t, err := pr.MeasureTeam("north", exampleDate)
	fmt.Println(len(t.Members), err)
	// Output:
	// 2 <nil>
}

// Best is the first eligible candidate, if any officer may take the case.
func ExampleRecommendation_Best() {
	p := workload.DefaultPolicy()
	pr, _ := p.Prepare(exampleRoster())
	t, _ := pr.MeasureTeam("north", exampleDate)
	rec, _ := p.Recommend(t, workload.Allocation{Case: workload.Case{ID: "new", Tier: tier.C2, Type: tier.Community}}, exampleDate)
	best, ok := rec.Best()
	fmt.Println(best.Officer, ok)
	// Output:
	// ben true
}

// Apply turns a rebalancing plan into the caseloads after its moves.
func ExampleRebalancing_Apply() {
	p := workload.DefaultPolicy()
	pr, _ := p.Prepare(exampleRoster())
	t, _ := pr.MeasureTeam("north", exampleDate)
	plan, _ := p.Rebalance(t, exampleDate, workload.DefaultRebalanceOptions())
	after, err := plan.Apply(t)
	for _, cl := range after {
		fmt.Println(cl.Officer.ID, len(cl.Cases))
	}
	fmt.Println(len(plan.Moves), err)
	// Output:
	// ana 14
	// ben 6
	// 2 <nil>
}

func ExampleDefaultRebalanceOptions() {
	fmt.Printf("%+v\n", workload.DefaultRebalanceOptions())
	// Output:
	// {MaxMoves:10 RecentDays:28 Balance:false}
}

// Unfit lists the weeks whose contact demand does not fit the hours.
func ExampleDemand_Unfit() {
	p := workload.DefaultPolicy()
	r := exampleRoster()
	d, err := p.Demand(workload.Caseload{Officer: r.Officers[0], Cases: r.Cases[:16]}, exampleDate, 2)
	fmt.Println(len(d.Weeks), len(d.Unfit()), err)
	// Output:
	// 2 0 <nil>
}

func ExampleRanked_Explain() {
	p := workload.DefaultPolicy()
	r := exampleRoster()
	ps, _ := p.Prioritise(workload.Caseload{Officer: r.Officers[1], Cases: r.Cases[16:17]}, exampleDate)
	fmt.Println(ps.Cases[0].Explain())
	// Output:
	// 1. ben-0 P2 core (standard: No protect, core or pause rule applies: reduced before core work.); raised from P3: risk stale (undated), no RoSH; never paused; urgency 1050 = overdue 900 + unsettled 150
}

func ExampleRiskStatus_Unsettled() {
	fmt.Println(workload.RiskStatus{}.Unsettled(), workload.RiskStatus{Stale: true}.Unsettled())
	// Output:
	// false true
}

func ExampleShortfallSteps() {
	for _, s := range workload.ShortfallSteps() {
		fmt.Print(s.Code(), " ")
	}
	fmt.Println()
	// Output:
	// pause-P4 reduce-P3 pause-P3 reduce-P2 pause-P2
}

func ExampleShortfallStep_Code() {
	fmt.Println(workload.ShortfallStep{Grade: workload.P3, Action: workload.ContactReduce}.Code())
	// Output:
	// reduce-P3
}

func ExamplePriorityGrades() {
	for _, g := range workload.PriorityGrades() {
		fmt.Println(g, g.Label())
	}
	// Output:
	// P1 protect
	// P2 core
	// P3 reduce
	// P4 pause
}

func ExamplePriority_Label() {
	fmt.Println(workload.P1.Label())
	// Output:
	// protect
}

func ExampleParsePriority() {
	fmt.Println(workload.ParsePriority("P2"))
	// Output:
	// P2 <nil>
}

func ExampleGrades() {
	fmt.Println(workload.Grades())
	// Output:
	// [PO PSO SPO PQiP NQO]
}

func ExampleParseGrade() {
	fmt.Println(workload.ParseGrade("PQiP"))
	_, err := workload.ParseGrade("ACO")
	fmt.Println(err)
	// Output:
	// PQiP <nil>
	// workload: grade "ACO": unknown value: want one of PO, PSO, SPO, PQiP, NQO, ungraded
}

func ExampleReductionReasons() {
	fmt.Println(workload.ReductionReasons())
	// Output:
	// [pqip-stage-1 pqip-stage-2 pqip-stage-3 newly-qualified trade-union long-term-sickness maternity special-leave other]
}

func ExampleParseReason() {
	fmt.Println(workload.ParseReason("newly-qualified"))
	// Output:
	// newly-qualified <nil>
}

// DefaultPercent is the reference percentage; a policy's own is in
// Config.Reductions.
func ExampleReductionReason_DefaultPercent() {
	for _, r := range []workload.ReductionReason{workload.PQiPStage1, workload.NewlyQualified, workload.TradeUnion} {
		fmt.Println(r.DefaultPercent())
	}
	// Output:
	// 80 true
	// 20 true
	// 0 false
}

func ExampleReductionReason_MaxPercent() {
	fmt.Println(workload.TradeUnion.MaxPercent(), workload.LongTermSickness.MaxPercent())
	// Output:
	// 50 100
}

// Applies reports whether a reduction is in force on a date (To is the
// last day).
func ExampleReduction_Applies() {
	r := workload.Reduction{Reason: workload.Maternity, From: exampleDate, To: exampleDate.AddDate(0, 6, -1)}
	fmt.Println(r.Applies(exampleDate.AddDate(0, 0, -1)), r.Applies(exampleDate), r.Applies(exampleDate.AddDate(0, 6, 0)))
	// Output:
	// false true false
}

func ExampleLetterMix_Total() {
	fmt.Println(workload.LetterMix{A: 1, B: 4, C: 2, Other: 1}.Total())
	// Output:
	// 8
}

// A MAPPA 3 case is protected whatever the policy's ladder says: the
// grading names the category that protects it.
func ExampleCasePriority_Protected() {
	p := workload.DefaultPolicy()
	c := workload.Case{ID: "c1", Officer: "ana", Tier: tier.B2, Type: tier.Licence, Start: exampleDate.AddDate(-1, 0, 0),
		Risk: workload.CaseRisk{MAPPA: risk.MAPPALevel3, RoSH: risk.RoSHMedium, AssessedOn: exampleDate.AddDate(0, -1, 0)}}
	g, err := p.PriorityOf(c, exampleDate)
	fmt.Println(g.Grade, g.Protected(), g.Protection.Code, err)
	// Output:
	// P1 true protect-mappa <nil>
}
