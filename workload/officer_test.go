package workload

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// TestDatedReductionsFollowTheGrade checks that a trainee's and a newly
// qualified officer's reductions follow from the grade and the date they
// entered it (the domain reference, "Capacity": PQiP 80% in months 0–6,
// 60% in 6–12, 40% in 12–18; NQO 20% for 9 months). Expected available
// points are typed from 2,176 × net hours ÷ 37, rounded half up to two
// places.
func TestDatedReductionsFollowTheGrade(t *testing.T) {
	p := DefaultPolicy()
	nqo := Officer{ID: "n", Team: "T", Grade: NQO, Hours: d("37"), GradeSince: day(2026, 6, 1)}
	pqip := Officer{ID: "q", Team: "T", Grade: PQiP, Hours: d("37"), GradeSince: day(2026, 1, 10)}
	own := nqo
	own.Reductions = []Reduction{{Reason: NewlyQualified, Percent: d("10"), From: day(2026, 6, 1)}}
	unknown := nqo
	unknown.GradeSince = time.Time{}
	tests := []struct {
		name      string
		officer   Officer
		on        time.Time
		available string
		reason    string
	}{
		{"NQO in month 6", nqo, day(2026, 11, 23), "1740.8", "20% of 37 h = 7.4 h; 2176 × 29.6 ÷ 37"},
		{"NQO on the last day of month 9", nqo, day(2027, 2, 28), "1740.8", "9 months from 1 June end on 28 February"},
		{"NQO the day after", nqo, day(2027, 3, 1), "2176", "the reduction has ended"},
		{"NQO the day before qualifying", nqo, day(2026, 5, 31), "2176", "not yet in the grade"},
		{"PQiP in month 10", pqip, day(2026, 11, 23), "870.4", "stage 2: 60% of 37 h = 22.2 h; 2176 × 14.8 ÷ 37"},
		{"PQiP in month 2", pqip, day(2026, 3, 10), "435.2", "stage 1: 80%; 2176 × 7.4 ÷ 37"},
		{"PQiP in month 13", pqip, day(2027, 2, 10), "1305.6", "stage 3: 40%; 2176 × 22.2 ÷ 37"},
		{"PQiP after 18 months", pqip, day(2027, 7, 10), "2176", "training reductions have ended"},
		{"the officer's own reduction wins", own, day(2026, 11, 23), "1958.4", "10% listed, not 20% from the grade: 2176 × 33.3 ÷ 37"},
		{"no grade date, no dated reduction", unknown, day(2026, 11, 23), "2176", "the policy cannot date it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			load, err := p.Measure(Caseload{Officer: tt.officer}, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			if !load.Available.Equal(d(tt.available)) {
				t.Errorf("available = %s, want %s (%s)", load.Available, tt.available, tt.reason)
			}
		})
	}
}

// TestReductionPercentagesAreThePolicys checks that the percentage of a
// reduction given without an amount is the policy's, not a constant.
func TestReductionPercentagesAreThePolicys(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Reductions[NewlyQualified] = d("30")
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o := Officer{ID: "n", Team: "T", Grade: NQO, Hours: d("37"), Reductions: []Reduction{{Reason: NewlyQualified, From: day(2026, 6, 1)}}}
	load, err := p.Measure(Caseload{Officer: o}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if want := d("1523.2"); !load.Available.Equal(want) { // 2176 × 25.9 ÷ 37
		t.Errorf("available = %s, want %s", load.Available, want)
	}
	if !DefaultConfig().Reductions[NewlyQualified].Equal(d("20")) {
		t.Error("changing one config changed the defaults")
	}
}

// TestCoverDaysAreThePolicys checks that a cover contact counts for the
// policy's CoverDays, On included.
func TestCoverDaysAreThePolicys(t *testing.T) {
	cfg := DefaultConfig()
	cfg.CoverDays = 3
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ago    int
		points string
	}{{0, "9"}, {2, "9"}, {3, "0"}} {
		cl := Caseload{Officer: officer("o1", "37", ""), Covers: []Cover{{Case: "x", Owner: "o2", Doer: "o1", On: asOf.AddDate(0, 0, -tt.ago), Points: d("9")}}}
		load, err := p.Measure(cl, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !load.Points.Equal(d(tt.points)) {
			t.Errorf("cover %d days ago: points = %s, want %s", tt.ago, load.Points, tt.points)
		}
	}
}

func TestReductionConfigValidation(t *testing.T) {
	cfg := DefaultConfig()
	delete(cfg.Reductions, PQiPStage1)
	cfg.Reductions[TradeUnion] = d("10")
	cfg.Reductions[SpecialLeave] = d("101")
	cfg.CoverDays = 0
	g := cfg.Grades[NQO]
	g.Dated = []DatedReduction{{Reason: OtherReason, FromMonth: -1, Months: 0}}
	cfg.Grades[NQO] = g
	err := cfg.Validate()
	for _, want := range []string{
		`workload: grades.NQO.dated[0].reason "other": unknown value`,
		`workload: grades.NQO.dated[0].fromMonth "-1": out of range`,
		`workload: grades.NQO.dated[0].months "0": out of range`,
		`workload: reductions.pqip-stage-1 "": missing`,
		`workload: reductions.trade-union "10": inconsistent`,
		`workload: reductions.special-leave "101": out of range: must be above 0 and at most 100`,
		`workload: coverDays "0": out of range`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if !errors.Is(err, ErrMissing) {
		t.Errorf("does not wrap ErrMissing: %v", err)
	}
}
