package workload

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// allocHighest returns the highest capacity over officers with available
// points, measured afresh.
func allocHighest(t *rapid.T, p *Policy, cls []Caseload) decimal.Decimal {
	h := decimal.Zero
	for _, c := range cls {
		ld, err := p.Measure(c, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if ld.Band != BandNoCapacity && ld.Available.IsPositive() && ld.Capacity.GreaterThan(h) {
			h = ld.Capacity
		}
	}
	return h
}

func allocCaseIDs(cls []Caseload) []string {
	var ids []string
	for _, c := range cls {
		for _, cs := range c.Cases {
			ids = append(ids, cs.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func testRebalance(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cls := allocTeamGen(5, 14).Draw(t, "team")
	opts := RebalanceOptions{MaxMoves: rapid.IntRange(0, 6).Draw(t, "maxMoves"), RecentDays: rapid.IntRange(0, 30).Draw(t, "recent"),
		Balance: rapid.Bool().Draw(t, "balance")}
	team, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := p.Rebalance(team, asOf, opts)
	if err != nil {
		t.Fatal(err)
	}
	limit := opts.MaxMoves
	if limit == 0 {
		limit = DefaultMaxMoves
	}
	if len(pl.Moves) > limit {
		t.Fatalf("%d moves over the limit of %d", len(pl.Moves), limit)
	}
	if pl.Explanation == "" {
		t.Fatal("no explanation")
	}
	// Replay the moves one by one: each receiver's check is not refused,
	// each case moves once, and the figures match a fresh measure.
	cur := make(map[string]Caseload)
	for _, c := range cls {
		cur[c.Officer.ID] = c
	}
	moved := map[string]bool{}
	for i, m := range pl.Moves {
		if moved[m.Case] {
			t.Fatalf("case %s moved twice", m.Case)
		}
		moved[m.Case] = true
		to, err := p.MeasureCaseload(cur[m.To], asOf)
		if err != nil {
			t.Fatal(err)
		}
		from := cur[m.From]
		var c Case
		for _, x := range from.Cases {
			if x.ID == m.Case {
				c = x
			}
		}
		if c.ID == "" {
			t.Fatalf("move %d: %s does not hold %s", i, m.From, m.Case)
		}
		if p.Phase(c, asOf) == tier.Critical {
			t.Fatalf("move %d: %s is in its critical period", i, m.Case)
		}
		if opts.RecentDays > 0 && !c.Allocated.IsZero() && asOf.Sub(c.Allocated) < time.Duration(opts.RecentDays)*24*time.Hour {
			t.Fatalf("move %d: %s was allocated recently", i, m.Case)
		}
		chk, err := p.CheckAllocation(to, Allocation{Case: c}, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if chk.Verdict == Refused {
			t.Fatalf("move %d of %s to %s is refused: %v", i, m.Case, m.To, chk.Reasons)
		}
		if !chk.After.Capacity.Equal(m.ToAfter) || !chk.Before.Capacity.Equal(m.ToBefore) {
			t.Fatalf("move %d: receiver %s → %s, check says %s → %s", i, m.ToBefore, m.ToAfter, chk.Before.Capacity, chk.After.Capacity)
		}
		var rest []Case
		for _, x := range from.Cases {
			if x.ID != m.Case {
				rest = append(rest, x)
			}
		}
		from.Cases = rest
		c.Officer = m.To
		tc := cur[m.To]
		tc.Cases = append(append([]Case(nil), tc.Cases...), c)
		cur[m.From], cur[m.To] = from, tc
		ld, err := p.Measure(from, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !ld.Capacity.Equal(m.FromAfter) {
			t.Fatalf("move %d: giver after %s, measure says %s", i, m.FromAfter, ld.Capacity)
		}
	}
	// Apply gives the same caseloads; every case is conserved.
	applied, err := pl.Apply(team)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(allocCaseIDs(cls), allocCaseIDs(applied)); diff != "" {
		t.Fatalf("cases not conserved (-before +after):\n%s", diff)
	}
	for _, c := range applied {
		if len(c.Cases) != len(cur[c.Officer.ID].Cases) {
			t.Fatalf("Apply and replay disagree for %s", c.Officer.ID)
		}
		for _, cs := range c.Cases {
			if cs.Officer != c.Officer.ID {
				t.Fatalf("case %s names %s but is held by %s", cs.ID, cs.Officer, c.Officer.ID)
			}
		}
	}
	// The highest capacity never rises, and falls when anything moved in
	// "stop when within" mode with someone above the threshold.
	hb, ha := allocHighest(t, p, cls), allocHighest(t, p, applied)
	if ha.GreaterThan(hb) {
		t.Fatalf("highest capacity rose from %s to %s", hb, ha)
	}
	if !pl.HighestAfter.Equal(ha) && len(pl.Moves) > 0 {
		// HighestAfter is rounded from micro-percent; it may differ from
		// the measured figure only by that double rounding.
		if pl.HighestAfter.Sub(ha).Abs().GreaterThan(d("0.001")) {
			t.Fatalf("plan says highest %s, measure says %s", pl.HighestAfter, ha)
		}
	}
	// Same input, same plan, whatever the order of the caseloads.
	team2, err := p.MeasureTeam(allocShuffle(t, cls), asOf)
	if err != nil {
		t.Fatal(err)
	}
	pl2, err := p.Rebalance(team2, asOf, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pl, pl2); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
}

func TestRebalance(t *testing.T) { rapid.Check(t, testRebalance) }
func FuzzRebalance(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testRebalance)) }

func TestRebalanceEdgeCases(t *testing.T) {
	p := allocFixedPolicy(t)
	pl, err := p.Rebalance(MeasuredTeam{}, asOf, RebalanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Moves) != 0 || pl.Explanation != "no plan: the team has no officer with available points" {
		t.Errorf("empty team: %s", pl)
	}
	_, err = p.Rebalance(MeasuredTeam{}, asOf, RebalanceOptions{MaxMoves: -1, RecentDays: -2})
	for _, want := range []string{`workload: options.maxMoves "-1": out of range`, `workload: options.recentDays "-2": out of range`} {
		if err == nil || !containsLine(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	// One officer at 125% whose cases are all recent: nothing can move.
	cs := allocCases("a", "a", 5, tier.D0)
	for i := range cs {
		cs[i].Allocated = asOf.AddDate(0, 0, -3)
	}
	team, err := p.MeasureTeam([]Caseload{
		{Officer: officer("a", "37", ""), Cases: cs},
		{Officer: officer("b", "37", "")},
	}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	pl, err = p.Rebalance(team, asOf, DefaultRebalanceOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Moves) != 0 || pl.Kept != 5 {
		t.Errorf("recent cases moved: %s", pl)
	}
	// Without the recency rule, two D0 cases (250 points each) move: 125%
	// → 75% and 0% → 50%.
	pl, err = p.Rebalance(team, asOf, RebalanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Moves) != 1 || !pl.HighestAfter.Equal(d("100")) {
		t.Errorf("plan: %s", pl)
	}
	pl, err = p.Rebalance(team, asOf, RebalanceOptions{Balance: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Moves) != 2 || !pl.HighestAfter.Equal(d("75")) || !pl.SpreadAfter.Equal(d("25")) {
		t.Errorf("balancing plan: %s", pl)
	}
}

func BenchmarkRebalance(b *testing.B) {
	p := DefaultPolicy()
	team, err := p.MeasureTeam(allocBenchTeam(b, p, 20, 50), asOf)
	if err != nil {
		b.Fatal(err)
	}
	opts := RebalanceOptions{MaxMoves: 50, Balance: true, RecentDays: 28}
	pl, err := p.Rebalance(team, asOf, opts)
	if err != nil {
		b.Fatal(err)
	}
	if len(pl.Moves) == 0 {
		b.Fatalf("the benchmark team needs moves: %s", pl.Explanation)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Rebalance(team, asOf, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebalanceWithMeasure includes measuring the team's 1,000
// cases.
func BenchmarkRebalanceWithMeasure(b *testing.B) {
	p := DefaultPolicy()
	cls := allocBenchTeam(b, p, 20, 50)
	opts := RebalanceOptions{MaxMoves: 50, Balance: true, RecentDays: 28}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		team, err := p.MeasureTeam(cls, asOf)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Rebalance(team, asOf, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func ExamplePolicy_Rebalance() {
	p := DefaultPolicy()
	on := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := func(id string, n int, tr tier.Tier, complexity int) []Case {
		var cs []Case
		for i := 0; i < n; i++ {
			cs = append(cs, Case{ID: fmt.Sprintf("%s-%s-%02d", id, tr, i), Officer: id, Tier: tr, Type: tier.Community,
				Start: on.AddDate(-1, 0, 0), Risk: CaseRisk{MAPPA: risk.MAPPANone, Complexity: complexity}})
		}
		return cs
	}
	ann := append(cases("ann", 14, tier.B3, 3), cases("ann", 6, tier.C2, 0)...)
	// ann-C2-05 was allocated last week: it stays with ann.
	ann[len(ann)-1].Allocated = on.AddDate(0, 0, -7)
	team, err := p.MeasureTeam([]Caseload{
		{Officer: Officer{ID: "ann", Team: "north", Grade: PO, Hours: decimal.NewFromInt(37)}, Cases: ann},
		{Officer: Officer{ID: "bob", Team: "north", Grade: PSO, Hours: decimal.NewFromInt(37)}, Cases: cases("bob", 20, tier.D2, 1)},
		{Officer: Officer{ID: "cat", Team: "north", Grade: PQiP, Hours: decimal.NewFromInt(37)}, Cases: cases("cat", 10, tier.C1, 0)},
	}, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	pl, err := p.Rebalance(team, on, DefaultRebalanceOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pl)
	for _, m := range pl.Moves {
		fmt.Println(m.Reason)
	}
	// Output:
	// 2 moves lower the highest capacity from 111.305% to 97.886% and the spread from 88.327 to 61.489 percentage points; officers above 100%: 1 → 0 (1 case stays for continuity)
	// 1. ann-B3-00 (B3, 146 points): ann 111.305% → 104.596%, cat 22.978% → 29.688%
	// 2. ann-B3-01 (B3, 146 points): ann 104.596% → 97.886%, cat 29.688% → 36.397%
	// ann is the most loaded at 111.305%; ann-B3-00 (B3, complexity 3) moves to cat, leaving the higher of the two at 104.596%
	// ann is the most loaded at 104.596%; ann-B3-01 (B3, complexity 3) moves to cat, leaving the higher of the two at 97.886%
}
