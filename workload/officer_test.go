package workload

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestUngradedMeasuredAsPO: the national workload service measures an
// officer with no recorded grade ("DMY") against the PO target: 2,176
// points for 37 hours, so a licence B2 case (132) is 6.066%.
func TestUngradedMeasuredAsPO(t *testing.T) {
	g, err := ParseGrade("DMY")
	if err != nil || g != Ungraded {
		t.Fatalf(`ParseGrade("DMY") = %v, %v; want ungraded`, g, err)
	}
	var viaJSON Officer
	if err := json.Unmarshal([]byte(`{"id":"x","team":"t","grade":"DMY","hours":"37"}`), &viaJSON); err != nil || viaJSON.Grade != Ungraded {
		t.Fatalf("grade DMY in JSON: %v, %v", viaJSON.Grade, err)
	}
	o := Officer{ID: "x", Team: "t", Grade: Ungraded, Hours: d("37")}
	c := Case{ID: "c1", Officer: "x", Tier: tier.B2, Type: tier.Licence}
	l, err := DefaultPolicy().Measure(Caseload{Officer: o, Cases: []Case{c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Available.Equal(d("2176")) || !l.Capacity.Equal(d("6.066")) {
		t.Errorf("ungraded: %s of %s, %s%%; want 132 of 2176, 6.066%%", l.Points, l.Available, l.Capacity)
	}
	if len(l.Findings) != 1 || l.Findings[0].Code != "grade-unrecorded" {
		t.Errorf("findings %v; want one grade-unrecorded", l.Findings)
	}
	po := o
	po.Grade = PO
	if l, _ := DefaultPolicy().Measure(Caseload{Officer: po, Cases: []Case{c}}, asOf); len(l.Findings) != 0 {
		t.Errorf("a PO's load has findings %v", l.Findings)
	}

	// A policy that names PSO measures against the PSO target; one that
	// names none gives no available points, so the case shows as no
	// capacity rather than 0%.
	cfg := DefaultConfig()
	cfg.Grades[PSO] = GradeConfig{Target: d("1000"), DefaultHours: d("37"), CaseFacing: d("0.65")}
	cfg.UngradedAs = PSO
	if l, err := mustPolicy(t, cfg).Measure(Caseload{Officer: o, Cases: []Case{c}}, asOf); err != nil || !l.Available.Equal(d("1000")) {
		t.Errorf("ungradedAs PSO: %s available, %v; want 1000", l.Available, err)
	}
	cfg.UngradedAs = GradeUnknown
	if l, err := mustPolicy(t, cfg).Measure(Caseload{Officer: o, Cases: []Case{c}}, asOf); err != nil || l.Band != BandNoCapacity {
		t.Errorf("no ungradedAs: band %v, %v; want no capacity", l.Band, err)
	}
	cfg.UngradedAs = Ungraded
	if _, err := NewPolicy(cfg); err == nil {
		t.Error("ungradedAs: ungraded accepted")
	}
}

func mustPolicy(t *testing.T, cfg Config) *Policy {
	t.Helper()
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReductionSchedules: a reduction with no end date lasts as long as
// its reason's reference schedule (PQiP stages 6 months each at 80%, 60%,
// 40%; newly qualified 20% for 9 months; maternity 100% for 6 months;
// long-term sickness open-ended), and inactive or deleted reductions
// count for nothing. Figures: 2,176 × (37 − 29.6) ÷ 37 = 435.20;
// × (37 − 22.2) ÷ 37 = 870.40; × (37 − 14.8) ÷ 37 = 1,305.60; × (37 −
// 7.4) ÷ 37 = 1,740.80.
func TestReductionSchedules(t *testing.T) {
	p := DefaultPolicy()
	from := day("2026-01-01")
	for _, tt := range []struct {
		name   string
		r      Reduction
		on     string
		want   string
		reason string
	}{
		{name: "PQiP stage 1, last day", r: Reduction{Reason: PQiPStage1, From: from}, on: "2026-06-30", want: "435.2"},
		{name: "PQiP stage 1, expired", r: Reduction{Reason: PQiPStage1, From: from}, on: "2026-07-01", want: "2176"},
		{name: "PQiP stage 2", r: Reduction{Reason: PQiPStage2, From: from}, on: "2026-06-30", want: "870.4"},
		{name: "PQiP stage 3, expired", r: Reduction{Reason: PQiPStage3, From: from}, on: "2026-07-01", want: "2176"},
		{name: "PQiP stage 3", r: Reduction{Reason: PQiPStage3, From: from}, on: "2026-03-01", want: "1305.6"},
		{name: "newly qualified, month 9", r: Reduction{Reason: NewlyQualified, From: from}, on: "2026-09-30", want: "1740.8"},
		{name: "newly qualified, expired", r: Reduction{Reason: NewlyQualified, From: from}, on: "2026-10-01", want: "2176"},
		{name: "maternity, month 6", r: Reduction{Reason: Maternity, From: from}, on: "2026-06-30", want: "0"},
		{name: "maternity, back", r: Reduction{Reason: Maternity, From: from}, on: "2026-07-01", want: "2176"},
		{name: "sickness is open-ended", r: Reduction{Reason: LongTermSickness, From: from}, on: "2030-01-01", want: "0"},
		{name: "an end date wins over the schedule", r: Reduction{Reason: PQiPStage1, From: from, To: day("2027-01-31")}, on: "2027-01-31", want: "435.2"},
		{name: "deleted", r: Reduction{Reason: LongTermSickness, From: from, Status: ReductionDeleted}, on: "2026-03-01", want: "2176"},
		{name: "inactive", r: Reduction{Reason: SpecialLeave, From: from, Status: ReductionInactive}, on: "2026-03-01", want: "2176"},
		{name: "before it starts", r: Reduction{Reason: Maternity, From: from}, on: "2025-12-31", want: "2176"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Officer{ID: "x", Team: "t", Grade: PO, Hours: d("37"), Reductions: []Reduction{tt.r}}
			l, err := p.Measure(Caseload{Officer: o}, day(tt.on))
			if err != nil {
				t.Fatal(err)
			}
			if !l.Available.Equal(d(tt.want)) {
				t.Errorf("available %s on %s; want %s", l.Available, tt.on, tt.want)
			}
		})
	}
}

func TestReductionEnd(t *testing.T) {
	p := DefaultPolicy()
	for _, tt := range []struct {
		r    Reduction
		want time.Time
	}{
		{Reduction{Reason: PQiPStage2, From: day("2026-01-01")}, day("2026-06-30")},
		{Reduction{Reason: NewlyQualified, From: day("2026-03-15")}, day("2026-12-14")},
		{Reduction{Reason: Maternity, From: day("2026-08-31")}, day("2027-02-27")},  // 31 Aug + 6 months = 28 Feb
		{Reduction{Reason: PQiPStage1, From: day("2027-08-31")}, day("2028-02-28")}, // 29 Feb in a leap year
		{Reduction{Reason: TradeUnion, Percent: d("10"), From: day("2026-01-01")}, time.Time{}},
		{Reduction{Reason: Maternity, From: day("2026-01-01"), To: day("2026-02-01")}, day("2026-02-01")},
	} {
		if got := p.ReductionEnd(tt.r); !got.Equal(tt.want) {
			t.Errorf("%s from %s: end %s; want %s", tt.r.Reason, tt.r.From.Format(dateLayout), got.Format(dateLayout), tt.want.Format(dateLayout))
		}
	}
}

func TestReductionSchedulesValidated(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"missing percentage", func(c *Config) { delete(c.Reductions, Maternity) }, "reductions.maternity"},
		{"zero percent", func(c *Config) { c.Reductions[PQiPStage1] = d("0") }, "reductions.pqip-stage-1"},
		{"percent for trade union", func(c *Config) { c.Reductions[TradeUnion] = d("10") }, "reductions.trade-union"},
		{"over 100%", func(c *Config) { c.Reductions[SpecialLeave] = d("101") }, "reductions.special-leave"},
		{"no months", func(c *Config) { c.ReductionMonths[NewlyQualified] = 0 }, "reductionMonths.newly-qualified"},
		{"too many months", func(c *Config) { c.ReductionMonths[Maternity] = 601 }, "reductionMonths.maternity"},
		{"months for no reason", func(c *Config) { c.ReductionMonths[ReasonUnknown] = 3 }, "reductionMonths"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.edit(&cfg)
			err := cfg.Validate()
			var fe *FieldError
			if err == nil || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("got %v; want an error naming %s", err, tt.field)
			}
		})
	}
	// The reference durations and percentages survive a JSON round trip.
	b, err := json.Marshal(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := map[ReductionReason]int{PQiPStage1: 6, PQiPStage2: 6, PQiPStage3: 6, NewlyQualified: 9, Maternity: 6}
	if diff := cmp.Diff(want, back.ReductionMonths); diff != "" || back.UngradedAs != PO || !back.Reductions[PQiPStage2].Equal(d("60")) {
		t.Errorf("round trip (-want +got):\n%s ungradedAs %v, reductions %v", diff, back.UngradedAs, back.Reductions)
	}
	// A policy with no durations keeps reductions open-ended.
	cfg := DefaultConfig()
	cfg.ReductionMonths = nil
	p := mustPolicy(t, cfg)
	if end := p.ReductionEnd(Reduction{Reason: Maternity, From: day("2026-01-01")}); !end.IsZero() {
		t.Errorf("no durations: maternity ends %v", end)
	}
}

// testUngradedAsPO: an officer with no recorded grade is measured exactly
// as the same officer graded PO under the reference policy (the grade the
// national service uses), with one finding more. Checked by breaking it:
// leaving Ungraded out of the grade targets gives 0 available and fails.
func testUngradedAsPO(t *rapid.T) {
	p := DefaultPolicy()
	cl := propCaseload(t, p, true)
	cl.Officer.Grade = PO
	po := propMeasure(t, p, cl)
	cl.Officer.Grade = Ungraded
	un := propMeasure(t, p, cl)
	if !un.Points.Equal(po.Points) || !un.Available.Equal(po.Available) || !un.Capacity.Equal(po.Capacity) || un.Band != po.Band {
		t.Fatalf("ungraded %s of %s (%s%%, %s); as PO %s of %s (%s%%, %s)", un.Points, un.Available, un.Capacity, un.Band,
			po.Points, po.Available, po.Capacity, po.Band)
	}
	if len(un.Findings) != 1 || un.Findings[0].Code != CodeUngraded || len(po.Findings) != 0 {
		t.Fatalf("findings: ungraded %v, PO %v", un.Findings, po.Findings)
	}
}

func TestUngradedAsPO(t *testing.T) { rapid.Check(t, testUngradedAsPO) }
func FuzzUngradedAsPO(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testUngradedAsPO)) }

// testInactiveReductionsIgnored: inactive and deleted reductions change
// nothing; removing them gives the same load. Checked by breaking it:
// packing every reduction whatever its status fails.
func testInactiveReductionsIgnored(t *rapid.T) {
	p := propPolicy(t)
	cl := propCaseload(t, p, false)
	all := propMeasure(t, p, cl)
	var active []Reduction
	for _, r := range cl.Officer.Reductions {
		if r.Status == ReductionActive {
			active = append(active, r)
		}
	}
	cl.Officer.Reductions = active
	only := propMeasure(t, p, cl)
	if !all.Available.Equal(only.Available) || !all.Hours.Reductions.Equal(only.Hours.Reductions) {
		t.Fatalf("with inactive reductions %s available (%s h off); without %s (%s h off)", all.Available, all.Hours.Reductions, only.Available, only.Hours.Reductions)
	}
}

func TestInactiveReductionsIgnored(t *testing.T) { rapid.Check(t, testInactiveReductionsIgnored) }
func FuzzInactiveReductionsIgnored(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testInactiveReductionsIgnored))
}

func ymd(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// TestDatedReductionsFollowTheGrade checks that a trainee's and a newly
// qualified officer's reductions follow from the grade and the date they
// entered it (the domain reference, "Capacity": PQiP 80% in months 0–6,
// 60% in 6–12, 40% in 12–18; NQO 20% for 9 months). Expected available
// points are typed from 2,176 × net hours ÷ 37, rounded half up to two
// places.
func TestDatedReductionsFollowTheGrade(t *testing.T) {
	p := DefaultPolicy()
	nqo := Officer{ID: "n", Team: "T", Grade: NQO, Hours: d("37"), GradeSince: ymd(2026, 6, 1)}
	pqip := Officer{ID: "q", Team: "T", Grade: PQiP, Hours: d("37"), GradeSince: ymd(2026, 1, 10)}
	own := nqo
	own.Reductions = []Reduction{{Reason: NewlyQualified, Percent: d("10"), From: ymd(2026, 6, 1)}}
	unknown := nqo
	unknown.GradeSince = time.Time{}
	tests := []struct {
		name      string
		officer   Officer
		on        time.Time
		available string
		reason    string
	}{
		{"NQO in month 6", nqo, ymd(2026, 11, 23), "1740.8", "20% of 37 h = 7.4 h; 2176 × 29.6 ÷ 37"},
		{"NQO on the last day of month 9", nqo, ymd(2027, 2, 28), "1740.8", "9 months from 1 June end on 28 February"},
		{"NQO the day after", nqo, ymd(2027, 3, 1), "2176", "the reduction has ended"},
		{"NQO the day before qualifying", nqo, ymd(2026, 5, 31), "2176", "not yet in the grade"},
		{"PQiP in month 10", pqip, ymd(2026, 11, 23), "870.4", "stage 2: 60% of 37 h = 22.2 h; 2176 × 14.8 ÷ 37"},
		{"PQiP in month 2", pqip, ymd(2026, 3, 10), "435.2", "stage 1: 80%; 2176 × 7.4 ÷ 37"},
		{"PQiP in month 13", pqip, ymd(2027, 2, 10), "1305.6", "stage 3: 40%; 2176 × 22.2 ÷ 37"},
		{"PQiP after 18 months", pqip, ymd(2027, 7, 10), "2176", "training reductions have ended"},
		{"the officer's own reduction wins", own, ymd(2026, 11, 23), "1958.4", "10% listed, not 20% from the grade: 2176 × 33.3 ÷ 37"},
		{"no grade date, no dated reduction", unknown, ymd(2026, 11, 23), "2176", "the policy cannot date it"},
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
	o := Officer{ID: "n", Team: "T", Grade: NQO, Hours: d("37"), Reductions: []Reduction{{Reason: NewlyQualified, From: ymd(2026, 6, 1)}}}
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
