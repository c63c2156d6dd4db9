package workload

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestStaffingScenario(t *testing.T) {
	p := DefaultPolicy()
	s := Staffing{
		Team: "unit", Posts: d("10"), PostGrade: PO,
		Officers: []Officer{
			{ID: "a", Grade: PO, Hours: d("37")}, {ID: "b", Grade: PO, Hours: d("37")},
			{ID: "c", Grade: PO, Hours: d("37")}, {ID: "d", Grade: PO, Hours: d("37")},
			{ID: "e", Grade: PO, Hours: d("37")}, {ID: "f", Grade: PSO, Hours: d("37")},
			{ID: "g", Grade: PQiP, Hours: d("37"), Reductions: []Reduction{{Reason: PQiPStage3, From: asOf.AddDate(0, -1, 0)}}},
		},
		SicknessDays: d("11.4"),
		Points:       d("21760"),
	}
	got, err := p.Staffing(s, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// In post: 6 × 2176 + 2176 × 60% = 14361.6; sickness 14361.6 × 11.4 ÷ 228 = 718.08.
	checks := map[string][2]decimal.Decimal{
		"funded":         {got.Funded, d("21760")},
		"inPost":         {got.InPost, d("14361.6")},
		"vacant":         {got.VacantPosts, d("3")},
		"sickness":       {got.Sickness, d("718.08")},
		"effective":      {got.Effective, d("13643.52")},
		"staffed":        {got.Staffed, d("62.7")},
		"capacityFunded": {got.CapacityFunded, d("100")},
		"capacityActual": {got.CapacityActual, d("159.490")},
	}
	for name, c := range checks {
		if !c[0].Equal(c[1]) {
			t.Errorf("%s = %s, want %s", name, c[0], c[1])
		}
	}
	if got.Band != BandRed {
		t.Errorf("band = %s, want red", got.Band)
	}
	if _, err := p.Staffing(Staffing{Posts: d("-1"), SicknessDays: d("400")}, asOf); err == nil {
		t.Error("want errors for negative posts and unknown grade")
	}
}
