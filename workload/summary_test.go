package workload

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
)

// teamRoster builds a roster whose officers have the given available
// points (via grade targets at 37 h) and points (via one community D0 case
// weighing the points each, with a per-officer weight made unique by tier).
func fixedTeam(t *testing.T, avail []int64, points []int64) (*Policy, Roster) {
	t.Helper()
	c := DefaultConfig()
	// One target for everyone; scale hours to get each officer's available.
	c.Grades[PO] = GradeConfig{Target: decimal.NewFromInt(1000), DefaultHours: decimal.NewFromInt(10), CaseFacing: decimal.RequireFromString("0.6")}
	c.Tiers.Weights[tier.Community][tier.D0] = decimal.NewFromInt(1)
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	var r Roster
	for i := range avail {
		id := "o" + string(rune('a'+i))
		// available = 1000 × hours ÷ 10 → hours = avail ÷ 100
		r.Officers = append(r.Officers, Officer{ID: id, Team: "T", Region: "R", Grade: PO, Hours: decimal.New(avail[i], -2)})
		for k := int64(0); k < points[i]; k++ {
			r.Cases = append(r.Cases, Case{ID: id + "-" + decimal.NewFromInt(k).String(), Officer: id, Tier: tier.D0, Type: tier.Community})
		}
	}
	return p, r
}

func TestTeamCapacityIsRatioOfSums(t *testing.T) {
	p, r := fixedTeam(t, []int64{100, 70}, []int64{50, 75})
	m, err := p.MeasureRoster(r, asOf)
	if err != nil {
		t.Fatal(err)
	}
	team, ok := m.TeamSummary("T")
	if !ok {
		t.Fatal("team T missing")
	}
	if !team.Capacity.Equal(d("73.529")) {
		t.Errorf("team capacity = %s, want 73.529 (125 of 170)", team.Capacity)
	}
	// The average of the officers' percentages (50% and 107.1%) would be 78.6%.
	if !team.Points.Equal(d("125")) || !team.Available.Equal(d("170")) {
		t.Errorf("team points/available = %s/%s, want 125/170", team.Points, team.Available)
	}
	if !m.National.Capacity.Equal(team.Capacity) || len(m.Regions) != 1 || !m.Regions[0].Capacity.Equal(team.Capacity) {
		t.Errorf("region and nation should equal the single team: %s %v", m.National.Capacity, m.Regions)
	}
}

func TestDistribution(t *testing.T) {
	// capacities: 50, 100, 105, 110, 115, 125 and one with no capacity
	avail := []int64{100, 100, 100, 100, 100, 100, 0}
	points := []int64{50, 100, 105, 110, 115, 125, 3}
	p, r := fixedTeam(t, avail, points)
	r.Officers[6].Hours = decimal.Zero
	m, err := p.MeasureRoster(r, asOf)
	if err != nil {
		t.Fatal(err)
	}
	got := m.National.Distribution
	want := Distribution{
		Counted:    7,
		AtOrUnder:  Count{Threshold: d("100"), Officers: 2, Share: d("28.571")},
		Over:       []Count{{d("100"), 5, d("71.429")}, {d("110"), 3, d("42.857")}, {d("120"), 2, d("28.571")}},
		NoCapacity: 1,
		P50:        d("105"),
		P90:        d("125"),
		Max:        d("125"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("distribution (-want +got):\n%s", diff)
	}
	if m.National.Band != BandOver {
		t.Errorf("national band = %s, want over (608 of 600)", m.National.Band)
	}
}

func TestBulkMatchesMeasure(t *testing.T) {
	p := DefaultPolicy()
	r := Roster{
		Officers: []Officer{
			{ID: "b", Team: "T", Grade: PSO, Hours: d("22.5"), Reductions: []Reduction{{Reason: TradeUnion, Hours: d("3.7"), From: asOf.AddDate(0, -2, 0)}}},
			{ID: "a", Team: "T", Grade: PQiP, Hours: d("37"), Reductions: []Reduction{{Reason: PQiPStage2, From: asOf.AddDate(0, -7, 0), To: asOf.AddDate(0, 5, 0)}}},
			{ID: "m", Team: "U", Grade: SPO, Hours: d("37")},
		},
		Cases: []Case{
			{ID: "c1", Officer: "a", Tier: tier.B2, Type: tier.Licence, Release: asOf.AddDate(0, 0, -10)},
			{ID: "c2", Officer: "a", Tier: tier.C1, Type: tier.Community, YoungAdult: true, Start: asOf.AddDate(-1, 0, 0), TwoThirds: asOf.AddDate(0, -1, 0)},
			{ID: "c3", Officer: "b", Tier: tier.A3, Type: tier.Custody, Inactive: tier.Warrant},
			{ID: "c4", Officer: "b", Tier: tier.D2, Type: tier.Community, Inactive: tier.UnpaidWorkOnly},
			{ID: "c5", Officer: "m", Tier: tier.B1S, Type: tier.Licence},
		},
		Reports: []Report{{ID: "r1", Officer: "b", Kind: tier.ReportFast, Due: asOf.AddDate(0, 0, 3)}, {ID: "r0", Officer: "b", Kind: tier.ReportStandard, Due: asOf.AddDate(0, 0, -1)}},
		Covers:  []Cover{{Case: "c1", Owner: "a", Doer: "b", On: asOf.AddDate(0, 0, -2), Points: d("13")}},
	}
	pr, err := p.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	m := pr.Measure(asOf)
	if len(m.Loads()) != 3 || m.Loads()[0].Officer != "a" || m.Loads()[2].Officer != "m" {
		t.Fatalf("loads not sorted by officer: %v", m.Loads())
	}
	for _, bulk := range m.Loads() {
		one, err := pr.Explain(bulk.Officer, asOf)
		if err != nil {
			t.Fatal(err)
		}
		one.Lines = nil
		if diff := cmp.Diff(one, bulk, cmp.AllowUnexported(Load{}, fixedLoad{})); diff != "" {
			t.Errorf("officer %s bulk differs from Measure (-measure +bulk):\n%s", bulk.Officer, diff)
		}
	}
	a, _ := m.Load("a")
	// PQiP at 60% reduction: 2176 × 14.8 ÷ 37 = 870.4; c1 132 − 13 cover + c2 young adult C1 custody row 23.
	if !a.Available.Equal(d("870.4")) || !a.Points.Equal(d("142")) {
		t.Errorf("a: available %s points %s, want 870.4 and 142", a.Available, a.Points)
	}
	b, _ := m.Load("b")
	// warrant keeps 0%, unpaid work 100% of community D2 41, fast report 65, cover 13.
	if !b.Points.Equal(d("119")) {
		t.Errorf("b: points %s, want 119", b.Points)
	}
	mgr, _ := m.Load("m")
	if mgr.Band != BandNoCapacity {
		t.Errorf("manager holding an S case: band %s, want no-capacity", mgr.Band)
	}
	if len(m.Teams) != 2 || m.Teams[0].ID != "T" || m.Teams[1].Band != BandNoCapacity {
		t.Errorf("teams: %+v", m.Teams)
	}
}

func TestPrepareReportsEveryProblem(t *testing.T) {
	p := DefaultPolicy()
	r := Roster{
		Officers: []Officer{{ID: "a", Team: "T", Grade: PO, Hours: d("37")}, {ID: "a", Team: "T", Grade: 0, Hours: d("37")}},
		Cases: []Case{
			{ID: "c1", Officer: "a", Tier: tier.B2, Type: tier.Licence},
			{ID: "c1", Officer: "z", Tier: tier.B2, Type: tier.Licence},
			{ID: "c2", Officer: "a", Tier: "Z9", Type: tier.Licence},
		},
		Covers: []Cover{{Case: "c9", Owner: "a", Doer: "q", On: asOf, Points: d("5")}},
	}
	_, err := p.Prepare(r)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		`officers[1].grade "unknown"`,
		`officers[1].id "a": duplicate`,
		`cases[1].officer "z": unknown value: no such officer`,
		`cases[1].id "c1": duplicate: one case on two officers: "a" (cases[0]) and "z"`,
		`cases[2].tier "Z9": unknown tier`,
		`covers[0].doer "q": unknown value`,
		`covers[0].case "c9": unknown value`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Pkg != "workload" {
		t.Errorf("errors.As FieldError failed: %v", err)
	}
}

func TestPrepareBoundsErrorCount(t *testing.T) {
	p := DefaultPolicy()
	var r Roster
	for i := 0; i < 3000; i++ {
		r.Cases = append(r.Cases, Case{ID: "c", Officer: "nobody"})
	}
	_, err := p.Prepare(r)
	if err == nil || !strings.Contains(err.Error(), "more problems not listed") {
		t.Fatalf("want a bounded error list, got %.200v", err)
	}
	if n := strings.Count(err.Error(), "\n"); n != MaxReportedProblems {
		t.Errorf("%d lines, want %d listed plus the count", n+1, MaxReportedProblems+1)
	}
}

func TestPreparedTeamsHoldingMeasureTeam(t *testing.T) {
	p, r := fixedTeam(t, []int64{100, 70}, []int64{50, 75})
	pr, err := p.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"T"}, pr.Teams()); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
	h, err := pr.MeasureCaseload("ob", asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Load.Points.Equal(d("75")) || !h.Load.Available.Equal(d("70")) {
		t.Errorf("holding ob: %s of %s, want 75 of 70", h.Load.Points, h.Load.Available)
	}
	if _, err := pr.MeasureCaseload("nobody", asOf); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown officer: %v", err)
	}
	team, err := pr.MeasureTeam("T", asOf)
	if err != nil || len(team.Members) != 2 {
		t.Fatalf("team T: %v, %d members", err, len(team.Members))
	}
	if _, err := pr.MeasureTeam("U", asOf); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown team: %v", err)
	}
}
