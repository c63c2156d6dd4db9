package workload

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

// testAllocationRuleTableWired checks that fire and say, the direct-call
// switches of the hot path, call each row's own fires and explain
// functions: on any state, for every rule and instance, they agree with
// the table. A row added to the table but not to a switch fails here.
// (Deliberate break, run once: making fire call firesOver for ruleRed
// fails at once: "rule over-110[0]: fire = true, the table's fires =
// false".)
func testAllocationRuleTableWired(t *rapid.T) {
	p := DefaultPolicy()
	a := &p.cfg.Allocation
	ru := p.allocRules()
	st := allocState{
		grade:     rapid.SampledFrom(Grades()).Draw(t, "grade"),
		points:    rapid.Int64Range(0, 5000*1_000_000).Draw(t, "points"),
		avail:     rapid.Int64Range(-1, 3000*1_000_000).Draw(t, "avail"),
		cases:     rapid.Int32Range(0, 200).Draw(t, "cases"),
		high:      rapid.Int32Range(0, 200).Draw(t, "high"),
		intensive: rapid.Int32Range(0, 200).Draw(t, "intensive"),
	}
	for k := range st.levels {
		st.levels[k] = rapid.Int32Range(0, 200).Draw(t, "level")
	}
	for k := range st.flags {
		st.flags[k] = rapid.Int32Range(0, 30).Draw(t, "flag")
	}
	for k := range st.restricted {
		st.restricted[k] = rapid.Int32Range(0, 3).Draw(t, "restricted")
	}
	ci := caseInfo{
		pts: rapid.Int64Range(0, 300*1_000_000).Draw(t, "pts"), high: rapid.Bool().Draw(t, "isHigh"),
		intensive: rapid.Bool().Draw(t, "isIntensive"), levels: uint8(rapid.IntRange(0, 7).Draw(t, "levels")),
		flags: uint16(rapid.IntRange(0, 3).Draw(t, "flags")), restricted: uint16(rapid.IntRange(0, 31).Draw(t, "restrictedMask")),
	}
	band := rapid.SampledFrom([]Band{BandWithin, BandOver, BandRed, BandNoCapacity}).Draw(t, "band")
	var cip *caseInfo
	if rapid.Bool().Draw(t, "adding") {
		cip = &ci
	}
	j := judge{p: p, a: a, st: &st, ci: cip, band: band, coWorked: rapid.Bool().Draw(t, "coWorked"), ru: &ru}
	c := &Case{ID: "new", Tier: tier.A2, Type: tier.Community}
	e := explainer{p: p, officer: "o1", st: &st, ru: &ru, c: c, adding: cip != nil}
	for r := range allocRuleTable {
		row := &allocRuleTable[r]
		for k, n := 0, row.count(a); k < n; k++ {
			if row.fires != nil {
				if got, want := j.fire(ruleID(r), k), row.fires(&j, k); got != want {
					t.Fatalf("rule %s[%d]: fire = %v, the table's fires = %v", row.code, k, got, want)
				}
			}
			if got, want := e.say(ruleID(r), k), row.explain(&e, k); got != want {
				t.Fatalf("rule %s[%d]: say = %q, the table's explain = %q", row.code, k, got, want)
			}
		}
	}
}

func TestAllocationRuleTableWired(t *testing.T) { rapid.Check(t, testAllocationRuleTableWired) }
func FuzzAllocationRuleTableWired(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testAllocationRuleTableWired)) }
