package workload

import (
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// allocFixedPolicy is a policy where a PO has 1,000 available points and a
// community D0 case weighs 250, so capacities are easy to read.
func allocFixedPolicy(t testing.TB) *Policy {
	c := DefaultConfig()
	c.Grades[PO] = GradeConfig{Target: d("1000"), DefaultHours: d("37"), CaseFacing: decimal.RequireFromString("0.6")}
	c.Tiers.Weights[tier.Community][tier.D0] = d("250")
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBalanceMeasures(t *testing.T) {
	p := allocFixedPolicy(t)
	tests := []struct {
		name                                 string
		cases                                []int // D0 cases per officer
		spread, mean, cv, gini, teamCapacity string
	}{
		// 50% and 100%: mean 75, σ 25, CV 1/3, Gini 50/300.
		{"two officers", []int{2, 4}, "50", "75", "0.3333", "0.1667", "75"},
		{"equal loads", []int{3, 3, 3}, "0", "75", "0", "0", "75"},
		// 25, 50, 100: mean 58.333, σ² = 972.222, σ 31.180, CV 0.5345;
		// Gini = (25 + 75 + 50) × 2 ÷ (2 × 9 × 58.333) = 0.2857.
		{"three officers", []int{1, 2, 4}, "75", "58.333", "0.5345", "0.2857", "58.333"},
		{"all idle", []int{0, 0}, "0", "0", "0", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cls []Caseload
			for i, n := range tt.cases {
				id := fmt.Sprintf("o%d", i)
				cls = append(cls, Caseload{Officer: officer(id, "37", ""), Cases: allocCases(id, id+"-", n, tier.D0)})
			}
			team, err := p.MeasureTeam(cls, asOf)
			if err != nil {
				t.Fatal(err)
			}
			r, err := p.Balance(team)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{r.Spread.String(), r.Mean.String(), r.CV.String(), r.Gini.String(), r.Capacity.String()}
			want := []string{tt.spread, tt.mean, tt.cv, tt.gini, tt.teamCapacity}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("spread, mean, CV, Gini, capacity (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSqrtHalfUp(t *testing.T) {
	p := allocFixedPolicy(t)
	_ = p
	for _, tt := range []struct {
		num, den int64
		want     int64
	}{{0, 1, 0}, {1, 1, 1}, {2, 1, 1}, {9, 4, 2}, {25, 4, 3}, {24, 4, 2}, {6, 1, 2}, {7, 1, 3}, {10000, 9, 33}} {
		got := sqrtHalfUp(newRat(tt.num, tt.den))
		if got.Int64() != tt.want {
			t.Errorf("√(%d/%d) = %s, want %d", tt.num, tt.den, got, tt.want)
		}
	}
}

func testBalance(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cls := allocTeamGen(6, 12).Draw(t, "team")
	team, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Balance(team)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Officers) != len(cls) {
		t.Fatalf("%d officers reported of %d", len(r.Officers), len(cls))
	}
	if r.Measured > 0 {
		if r.Spread.IsNegative() || r.CV.IsNegative() || r.Gini.IsNegative() || r.Gini.GreaterThan(decimal.NewFromInt(1)) {
			t.Fatalf("measures out of range: %s", r)
		}
		if r.Highest.LessThan(r.Lowest) || r.Mean.GreaterThan(r.Highest) || r.Mean.LessThan(r.Lowest) {
			t.Fatalf("mean outside the range: %s", r)
		}
	}
	n := 0
	for _, o := range r.Officers {
		n += len(o.Breaches)
		if o.Band == BandRed && !allocHasCode(o.Breaches, CodeRed) {
			t.Fatalf("%s is red without a breach", o.Officer)
		}
	}
	if n != r.Breaches {
		t.Fatalf("breaches counted %d, listed %d", r.Breaches, n)
	}
	team2, err := p.MeasureTeam(allocShuffle(t, cls), asOf)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := p.Balance(team2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, r2); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
}

func TestBalance(t *testing.T) { rapid.Check(t, testBalance) }
func FuzzBalance(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBalance)) }

func allocHasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func ExamplePolicy_Balance() {
	p := DefaultPolicy()
	on := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := func(id string, n int, tr tier.Tier, mappa risk.MAPPALevel) []Case {
		var cs []Case
		for i := 0; i < n; i++ {
			cs = append(cs, Case{ID: fmt.Sprintf("%s-%s-%02d", id, tr, i), Officer: id, Tier: tr, Type: tier.Licence, Risk: CaseRisk{MAPPA: mappa}})
		}
		return cs
	}
	team, err := p.MeasureTeam([]Caseload{
		{Officer: Officer{ID: "ann", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)},
			Cases: append(cases("ann", 9, tier.A2, risk.MAPPALevel2), cases("ann", 6, tier.B3, risk.MAPPANone)...)},
		{Officer: Officer{ID: "bob", Team: "north", Grade: PSO, Hours: decimal.NewFromInt(37)}, Cases: cases("bob", 30, tier.D2, risk.MAPPANone)},
		{Officer: Officer{ID: "cat", Team: "north", Grade: NQO, Hours: decimal.NewFromInt(30)},
			Cases: append(cases("cat", 1, tier.A1, risk.MAPPANone), cases("cat", 10, tier.C2, risk.MAPPANone)...)},
	}, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := p.Balance(team)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	// Output:
	// team: 56 cases, capacity 75.928%, high-protect 28.571%; spread 70.694, CV 0.4145, Gini 0.2122
	// ann (PO): 15 cases A9 B6 C0 D0, capacity 116.774% (+40.846), high-protect 100% (+71.429)
	//   refuse over-110: capacity is 116.774%, above the red threshold of 110%
	//   warn mix-high-protect: high-protect cases (A+B) are 15 of 15 (100%), above the limit of 60%
	//   warn flag-cap: mappa-2-3 cases are 9, above the cap of 8
	// bob (PSO): 30 cases A0 B0 C0 D30, capacity 59.283% (-16.645), high-protect 0% (-28.571)
	// cat (NQO): 11 cases A1 B0 C10 D0, capacity 46.08% (-29.848), high-protect 9.091% (-19.481)
	//   refuse grade-eligibility: cat (NQO) holds 1 case an NQO may not hold alone (A cases or very-high RoSH cases): check each is co-worked
}

func newRat(a, b int64) *big.Rat { return big.NewRat(a, b) }

func TestTeamFromAnotherPolicyIsRemeasured(t *testing.T) {
	p, q := DefaultPolicy(), allocFixedPolicy(t)
	cls := []Caseload{{Officer: officer("a", "37", ""), Cases: allocCases("a", "a", 2, tier.D0)}}
	team, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		t.Fatal(err)
	}
	r, err := q.Balance(team)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Capacity.Equal(d("50")) {
		t.Errorf("capacity %s, want 50 under the other policy", r.Capacity)
	}
	rec, err := q.Recommend(team, Allocation{Case: Case{ID: "n", Tier: tier.D0, Type: tier.Community}}, asOf.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if best, ok := rec.Best(); !ok || !best.Check.After.Capacity.Equal(d("75")) {
		t.Errorf("recommendation: %s", rec)
	}
	// A team built by hand with a bad member is an error, not a panic.
	_, err = q.Balance(MeasuredTeam{Members: []MeasuredCaseload{{}}})
	if err == nil || !containsLine(err.Error(), `workload: team.caseloads[0].officer.id "": missing`) {
		t.Errorf("bad member: %v", err)
	}
}
