package workload

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// allocTeamGen draws the caseloads of a team of up to maxOfficers officers
// with up to maxCases cases each; IDs are unique.
func allocTeamGen(maxOfficers, maxCases int) *rapid.Generator[[]Caseload] {
	return rapid.Custom(func(t *rapid.T) []Caseload {
		n := rapid.IntRange(0, maxOfficers).Draw(t, "officers")
		out := make([]Caseload, n)
		for i := range out {
			out[i] = allocCaseloadGen("o"+strconv.Itoa(i), maxCases).Draw(t, "caseload")
		}
		return out
	})
}

// allocShuffle returns the caseloads in a drawn order.
func allocShuffle(t *rapid.T, cls []Caseload) []Caseload {
	out := append([]Caseload(nil), cls...)
	for i := len(out) - 1; i > 0; i-- {
		j := rapid.IntRange(0, i).Draw(t, "swap")
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func testRecommend(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cls := allocTeamGen(6, 12).Draw(t, "team")
	team, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		t.Fatal(err)
	}
	nc := allocCaseGen("", "new").Draw(t, "new")
	if len(cls) > 0 && len(cls[0].Cases) > 0 && rapid.Bool().Draw(t, "held") {
		nc.ID = cls[0].Cases[0].ID
	}
	a := Allocation{Case: nc, CoWorked: rapid.Bool().Draw(t, "coWorked")}
	rec, err := p.Recommend(team, a, asOf)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, c := range rec.Eligible {
		if c.Check.Verdict == Refused {
			t.Fatalf("ineligible officer %s recommended: %v", c.Officer, c.Check.Reasons)
		}
		warns := 0
		for _, f := range c.Check.Reasons {
			if f.Action == Warn {
				warns++
			}
		}
		if warns != c.Warnings {
			t.Fatalf("%s: %d warnings counted, %d in the findings", c.Officer, c.Warnings, warns)
		}
		if c.Rank != i+1 {
			t.Fatalf("rank %d at %d", c.Rank, i)
		}
		if i > 0 && compareCandidates(rec.Eligible[i-1], c) >= 0 {
			t.Fatalf("ranking not strictly ordered at %d: %s then %s", i, rec.Eligible[i-1].Officer, c.Officer)
		}
		seen[c.Officer] = true
	}
	for _, c := range rec.Ineligible {
		if c.Check.Verdict != Refused || c.Rank != 0 {
			t.Fatalf("%s listed ineligible with verdict %s", c.Officer, c.Check.Verdict)
		}
		if seen[c.Officer] {
			t.Fatalf("%s listed twice", c.Officer)
		}
		seen[c.Officer] = true
	}
	if len(seen) != len(cls) {
		t.Fatalf("%d officers considered of %d", len(seen), len(cls))
	}
	// Each candidate's check is the standalone check.
	for _, c := range append(append([]Candidate(nil), rec.Eligible...), rec.Ineligible...) {
		for _, h := range team.Members {
			if h.Load.Officer == c.Officer {
				chk, err := p.CheckAllocation(h, a, asOf)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(chk, c.Check); diff != "" {
					t.Fatalf("check of %s differs:\n%s", c.Officer, diff)
				}
			}
		}
	}
	// Same team in another order, same recommendation.
	team2, err := p.MeasureTeam(allocShuffle(t, cls), asOf)
	if err != nil {
		t.Fatal(err)
	}
	rec2, err := p.Recommend(team2, a, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rec, rec2, cmp.AllowUnexported(Candidate{})); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
}

func TestRecommend(t *testing.T) { rapid.Check(t, testRecommend) }
func FuzzRecommend(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testRecommend)) }

func TestRecommendEdgeCases(t *testing.T) {
	p := DefaultPolicy()
	nc := Allocation{Case: Case{ID: "new", Tier: tier.B2, Type: tier.Community}}
	rec, err := p.Recommend(MeasuredTeam{}, nc, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Eligible)+len(rec.Ineligible) != 0 || rec.Note == "" {
		t.Errorf("empty team: %+v", rec)
	}
	if _, ok := rec.Best(); ok {
		t.Error("empty team has a best officer")
	}
	spo := Caseload{Officer: Officer{ID: "m1", Team: "T1", Grade: SPO, Hours: d("37")}}
	team, err := p.MeasureTeam([]Caseload{spo}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	rec, err = p.Recommend(team, nc, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Eligible) != 0 || len(rec.Ineligible) != 1 || rec.Ineligible[0].Check.Reasons[0].Code != CodeNoCapacity {
		t.Errorf("manager only: %s", rec)
	}
	// Bad team and bad case are reported together.
	_, err = p.MeasureTeam([]Caseload{spo, spo}, asOf)
	if err == nil || !containsLine(err.Error(), `workload: caseloads[1].officer.id "m1": duplicate`) {
		t.Errorf("duplicate officer: %v", err)
	}
	_, err = p.Recommend(MeasuredTeam{}, Allocation{}, asOf)
	if err == nil || !containsLine(err.Error(), `workload: allocation.case.id "": missing`) {
		t.Errorf("empty case: %v", err)
	}
}

func TestMeasureTeamDuplicateCase(t *testing.T) {
	p := DefaultPolicy()
	a := Caseload{Officer: officer("a", "37", ""), Cases: allocCases("a", "c", 1, tier.B2)}
	b := Caseload{Officer: officer("b", "37", ""), Cases: allocCases("b", "c", 1, tier.B2)}
	_, err := p.MeasureTeam([]Caseload{a, b}, asOf)
	if err == nil || !containsLine(err.Error(), `workload: caseloads[1].cases[0].id "c0": duplicate: also held by "a"`) {
		t.Errorf("case held twice: %v", err)
	}
}

// allocBenchTeam builds n officers with cases cases each, loads spread
// between about 40% and 120%.
func allocBenchTeam(b testing.TB, p *Policy, n, cases int) []Caseload {
	tiers := tier.All()
	out := make([]Caseload, n)
	k := 0
	for i := range out {
		id := fmt.Sprintf("o%02d", i)
		o := Officer{ID: id, Team: "T1", Grade: Grades()[[]int{0, 1, 3, 4, 0}[i%5]], Hours: decimal.NewFromInt(int64(22 + (i*5)%16))}
		cl := Caseload{Officer: o}
		for j := 0; j < cases; j++ {
			c := Case{ID: fmt.Sprintf("c%05d", k), Officer: id, Tier: tiers[(k*7+i)%len(tiers)], Type: tier.CaseTypes()[k%3],
				Start: asOf.AddDate(0, 0, -(k%400)-1), Risk: CaseRisk{MAPPA: risk.MAPPANone, Complexity: k % 7}}
			if k%23 == 0 {
				c.Risk.MAPPA = risk.MAPPALevel2
			}
			if k%13 == 0 {
				c.Allocated = asOf.AddDate(0, 0, -(k % 40))
			}
			cl.Cases = append(cl.Cases, c)
			k++
		}
		out[i] = cl
	}
	return out
}

func BenchmarkRecommend(b *testing.B) {
	p := DefaultPolicy()
	team, err := p.MeasureTeam(allocBenchTeam(b, p, 20, 30), asOf)
	if err != nil {
		b.Fatal(err)
	}
	a := Allocation{Case: Case{ID: "new", Tier: tier.B2, Type: tier.Licence, Release: asOf.AddDate(0, 0, -3)}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Recommend(team, a, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func ExamplePolicy_Recommend() {
	p := DefaultPolicy()
	on := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := func(id string, n int, tr tier.Tier) []Case {
		var cs []Case
		for i := 0; i < n; i++ {
			cs = append(cs, Case{ID: fmt.Sprintf("%s-%02d", id, i), Officer: id, Tier: tr, Type: tier.Community})
		}
		return cs
	}
	team, err := p.MeasureTeam([]Caseload{
		{Officer: Officer{ID: "ann", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)}, Cases: cases("ann", 14, tier.B2)},
		{Officer: Officer{ID: "bob", Team: "north", Grade: PSO, Hours: decimal.NewFromInt(37)}, Cases: cases("bob", 30, tier.D2)},
		{Officer: Officer{ID: "cat", Team: "north", Grade: PQiP, Hours: decimal.NewFromInt(37)}, Cases: cases("cat", 5, tier.C2)},
	}, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := p.Recommend(team, Allocation{Case: Case{ID: "new", Tier: tier.A2, Type: tier.Community}}, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec)
	// Output:
	// case new (A2, 158 points); capacity spread 59.513 percentage points
	// 1. ann (PO): 73.989% → 81.25%, spread → 66.774, allowed-with-warnings
	//      warn mix-high-protect: high-protect cases (A+B) would be 15 of 15 (100%), above the limit of 60%
	// -  bob (PSO): refused
	//      refuse qualified-only: a PSO may not hold A cases or high/very-high RoSH cases or MAPPA 2/3 cases; case new is A2, MAPPA unknown
	// -  cat (PQiP): refused
	//      refuse grade-eligibility: a PQiP may not hold A cases or very-high RoSH cases alone; case new is A2 (allowed if co-worked)
}

// compareCandidates orders eligible candidates as Recommend documents:
// fewer warnings, then lower capacity after, then smaller spread after,
// then officer ID.
func compareCandidates(a, b Candidate) int {
	if c := compareScore(int64(a.Warnings), a.capAfter, a.spreadAfter, int64(b.Warnings), b.capAfter, b.spreadAfter); c != 0 {
		return c
	}
	return strings.Compare(a.Officer, b.Officer)
}
