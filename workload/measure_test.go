package workload

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
)

var asOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func officer(id string, hours string, red string) Officer {
	o := Officer{ID: id, Team: "T1", Grade: PO, Hours: d(hours)}
	if red != "" {
		o.Reductions = []Reduction{{Reason: OtherReason, Hours: d(red), From: asOf.AddDate(0, -1, 0)}}
	}
	return o
}

func refPolicy(t testing.TB) *Policy {
	t.Helper()
	c := DefaultConfig()
	c.ReferenceCompatible = true
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReferenceAvailablePoints(t *testing.T) {
	tests := []struct {
		name, hours, red string
		ref, exact       string
	}{
		{"full time with 1.8 h of reductions", "37", "1.8", "2070", "2070.14"},
		{"30 h with 1.8 h of reductions", "30", "1.8", "1658", "1658.46"},
		{"full time", "37", "", "2176", "2176.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ld, err := refPolicy(t).Measure(Caseload{Officer: officer("o1", tt.hours, tt.red)}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if got := ld.Available.String(); got != tt.ref {
				t.Errorf("reference available = %s, want %s", got, tt.ref)
			}
			ld, err = DefaultPolicy().Measure(Caseload{Officer: officer("o1", tt.hours, tt.red)}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if got := ld.Available.StringFixed(2); got != tt.exact {
				t.Errorf("default available = %s, want %s", got, tt.exact)
			}
		})
	}
}

// capacityFor measures points against available points by building an
// officer whose available points are exactly avail (target scaled).
func capacityFor(t *testing.T, points, avail int64) Load {
	t.Helper()
	c := DefaultConfig()
	c.Grades[PO] = GradeConfig{Target: decimal.NewFromInt(avail), DefaultHours: d("37"), CaseFacing: decimal.RequireFromString("0.6")}
	c.Tiers.Weights[tier.Community][tier.D0] = decimal.NewFromInt(points)
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: []Case{{ID: "c1", Officer: "o1", Tier: tier.D0, Type: tier.Community}}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return ld
}

func TestReferenceCapacity(t *testing.T) {
	tests := []struct {
		name          string
		points, avail int64
		capacity      string
		band          Band
	}{
		{"500 of 1000", 500, 1000, "50", BandWithin},
		{"500 of 1000 plus custody B3 (59)", 559, 1000, "55.9", BandWithin},
		{"125 of 170, three places", 125, 170, "73.529", BandWithin},
		{"209 of 190 is exactly 110, not over it", 209, 190, "110", BandOver},
		{"210 of 190 is over 110", 210, 190, "110.526", BandRed},
		{"exactly 100 is within", 190, 190, "100", BandWithin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ld := capacityFor(t, tt.points, tt.avail)
			if !ld.Capacity.Equal(d(tt.capacity)) {
				t.Errorf("capacity = %s, want %s", ld.Capacity, tt.capacity)
			}
			if ld.Band != tt.band {
				t.Errorf("band = %s, want %s", ld.Band, tt.band)
			}
		})
	}
}

func TestCustodyB3AddsFiftyNine(t *testing.T) {
	p := DefaultPolicy()
	c := Case{ID: "c1", Officer: "o1", Tier: tier.B3, Type: tier.Custody}
	ld, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: []Case{c}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !ld.Points.Equal(d("59")) {
		t.Fatalf("custody B3 = %s points, want 59", ld.Points)
	}
	want := Line{Kind: LineCase, ID: "c1", Tier: tier.B3, Type: tier.Custody, Phase: tier.Standard,
		Weight: d("59"), Percent: d("100"), Points: d("59"), Why: "custody B3 weighs 59"}
	if diff := cmp.Diff(want, ld.Lines[0]); diff != "" {
		t.Errorf("line (-want +got):\n%s", diff)
	}
}

func TestNoCapacity(t *testing.T) {
	p := DefaultPolicy()
	spo := Officer{ID: "m1", Team: "T1", Grade: SPO, Hours: d("37")}
	ld, err := p.Measure(Caseload{Officer: spo, Cases: []Case{{ID: "c1", Officer: "m1", Tier: tier.D1S, Type: tier.Community}}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if ld.Band != BandNoCapacity {
		t.Errorf("band = %s, want no-capacity", ld.Band)
	}
	idle, err := p.Measure(Caseload{Officer: spo}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if idle.Band != BandWithin {
		t.Errorf("idle manager band = %s, want within", idle.Band)
	}
}

func TestMeasureBadInput(t *testing.T) {
	p := DefaultPolicy()
	o := Officer{ID: "o1", Team: "T1", Grade: PO, Hours: d("-1"), Reductions: []Reduction{
		{Reason: OtherReason, Hours: d("40"), From: asOf},
		{Reason: LongTermSickness, From: asOf, To: asOf.AddDate(0, 0, -1)},
	}}
	cases := []Case{
		{ID: "c1", Officer: "o1", Tier: "E9", Type: tier.Community},
		{ID: "c1", Officer: "o2", Tier: tier.B2},
	}
	_, err := p.Measure(Caseload{Officer: o, Cases: cases}, asOf)
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`workload: officer.hours "-1": out of range`,
		`workload: officer.reductions[0].hours "40": out of range: more than the contracted -1 hours`,
		`workload: officer.reductions[1].to "2026-11-22": inconsistent: ends before it starts on 2026-11-23`,
		`workload: cases[0].tier "E9": unknown tier`,
		`workload: cases[1].type "unknown": unknown value`,
		`workload: cases[1].officer "o2": inconsistent`,
		`workload: cases[1].id "c1": duplicate`,
	} {
		if !containsLine(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if !errors.Is(err, ErrUnknownTier) || !errors.Is(err, ErrDuplicate) {
		t.Errorf("sentinels not found in %v", err)
	}
}

func containsLine(all, prefix string) bool {
	for _, line := range splitLines(all) {
		if len(line) >= len(prefix) && line[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func ExamplePolicy_Measure() {
	p := DefaultPolicy()
	o := Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)}
	ld, _ := p.Measure(Caseload{Officer: o, Cases: []Case{
		{ID: "c1", Officer: "jo", Tier: tier.B2, Type: tier.Licence},
		{ID: "c2", Officer: "jo", Tier: tier.C1, Type: tier.Community},
	}}, asOf)
	fmt.Println(ld.Points, ld.Available.StringFixed(2), ld.Capacity, ld.Band)
	for _, l := range ld.Lines {
		fmt.Println(l.ID, l.Points, l.Why)
	}
	// Output:
	// 182 2176.00 8.364 within
	// c1 132 licence B2 weighs 132
	// c2 50 community C1 weighs 50
}

func TestSupervisionLevelsPolicy(t *testing.T) {
	p, err := NewPolicy(SupervisionLevelsConfig())
	if err != nil {
		t.Fatal(err)
	}
	// 4 hours a month per maximum case: 30 cases fill a 120-hour month.
	var cases []Case
	for i := 0; i < 30; i++ {
		cases = append(cases, Case{ID: fmt.Sprint("c", i), Officer: "o1", Tier: "maximum", Type: tier.Community})
	}
	ld, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: cases}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !ld.Points.Equal(d("120")) || !ld.Capacity.Equal(d("100")) || ld.Band != BandWithin {
		t.Errorf("30 maximum cases: %s hours, %s%%, %s; want 120, 100, within", ld.Points, ld.Capacity, ld.Band)
	}
	if _, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: []Case{{ID: "x", Officer: "o1", Tier: tier.B2, Type: tier.Community}}}, asOf); !errors.Is(err, ErrUnknownTier) {
		t.Errorf("an England & Wales tier under the US scheme: %v", err)
	}
}

func TestIDsMustBeUTF8(t *testing.T) {
	o := officer("o\xff", "37", "")
	_, err := DefaultPolicy().Measure(Caseload{Officer: o, Cases: []Case{{ID: "c\xfe", Officer: "o\xff", Tier: tier.B2, Type: tier.Licence}}}, asOf)
	for _, want := range []string{`officer.id "o\xff": syntax error: IDs must be valid UTF-8`, `cases[0].id "c\xfe": syntax error`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	if _, err := DefaultPolicy().Measure(Caseload{Officer: officer("ü-😀", "37", "")}, asOf); err != nil {
		t.Errorf("Unicode IDs are fine: %v", err)
	}
	if _, err := DefaultPolicy().Measure(Caseload{Officer: officer("o1", "37", "")}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), `asOf "9999-01-01T00:00:00Z": out of range`) {
		t.Errorf("asOf in 9999: %v", err)
	}
}

func TestSingleAxisPolicy(t *testing.T) {
	p, err := NewPolicy(SingleAxisConfig())
	if err != nil {
		t.Fatal(err)
	}
	// Illustrative weights typed from the table's notes: community A 158,
	// licence B 132, custody G 8, not supervised 0.
	cases := []Case{
		{ID: "a", Officer: "o1", Tier: tier.SingleA, Type: tier.Community},
		{ID: "b", Officer: "o1", Tier: tier.SingleB, Type: tier.Licence},
		{ID: "g", Officer: "o1", Tier: tier.SingleG, Type: tier.Custody},
		{ID: "n", Officer: "o1", Tier: tier.NotSupervised, Type: tier.Community},
	}
	ld, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: cases}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// 158 + 132 + 8 = 298 of 2,176: 13.695%.
	if !ld.Points.Equal(d("298")) || !ld.Capacity.Equal(d("13.695")) {
		t.Errorf("points %s capacity %s; want 298 and 13.695", ld.Points, ld.Capacity)
	}
	if p.Ref().Name != "single-axis-illustrative" {
		t.Errorf("policy %v", p.Ref())
	}
	if _, err := p.Measure(Caseload{Officer: officer("o1", "37", ""), Cases: []Case{{ID: "x", Officer: "o1", Tier: tier.B2, Type: tier.Community}}}, asOf); !errors.Is(err, ErrUnknownTier) {
		t.Errorf("an England & Wales tier under the single-axis scheme: %v", err)
	}
}
