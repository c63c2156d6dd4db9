package workload

import (
	"slices"
	"testing"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"pgregory.net/rapid"
)

// caseInfoSlow summarises a valid case by each rule's own test: the
// reference caseInfo is checked against.
func (p *Policy) caseInfoSlow(c *Case) caseInfo {
	ti := p.tiers.index(c.Tier)
	a := &p.cfg.Allocation
	ci := tierSetsOf(a, c.Tier)
	ci.pts, ci.letter = p.casePoints(c, ti), p.letters[ti]
	for k := range a.FlagCaps {
		if flagCapMatches(&a.FlagCaps[k], &c.Risk) {
			ci.flags |= 1 << k
		}
	}
	ci.restricted = 0
	for k := range a.Eligibility {
		if a.Eligibility[k].matches(c) {
			ci.restricted |= 1 << k
		}
	}
	return ci
}

// matches reports whether the rule restricts the case.
func (g *GradeRule) matches(c *Case) bool {
	r := &c.Risk
	return g.NotAlone.Contains(c.Tier) || slices.Contains(g.RoSH, r.RoSH) || slices.Contains(g.MAPPA, r.MAPPA) ||
		r.Flags&g.Flags != 0 || (g.MinComplexity > 0 && r.Complexity >= g.MinComplexity)
}

func flagCapMatches(f *FlagCap, r *CaseRisk) bool {
	return r.Flags&f.Flags != 0 || slices.Contains(f.MAPPA, r.MAPPA) || slices.Contains(f.RoSH, r.RoSH)
}

// caseInfoPolicyGen draws the default policy, or one whose flag caps and
// grade rules match random RoSH and MAPPA levels, flags, complexity and
// tiers.
func caseInfoPolicyGen() *rapid.Generator[*Policy] {
	return rapid.Custom(func(t *rapid.T) *Policy {
		if rapid.IntRange(0, 3).Draw(t, "default") == 0 {
			return DefaultPolicy()
		}
		c := DefaultConfig()
		a := &c.Allocation
		roshes := rapid.SliceOfDistinct(rapid.SampledFrom(append([]risk.RoSH{risk.RoSHUnknown}, risk.AllRoSH()...)), func(r risk.RoSH) risk.RoSH { return r })
		mappas := rapid.SliceOfDistinct(rapid.SampledFrom(risk.AllMAPPALevels()), func(m risk.MAPPALevel) risk.MAPPALevel { return m })
		flags := func(t *rapid.T, label string) risk.Flags {
			var f risk.Flags
			for _, x := range risk.AllFlags() {
				if rapid.IntRange(0, 4).Draw(t, label+"-"+x.String()) == 0 {
					f = f.With(x)
				}
			}
			return f
		}
		for i := range a.FlagCaps {
			f := &a.FlagCaps[i]
			f.RoSH = roshes.Draw(t, "capRoSH")
			f.MAPPA = mappas.Draw(t, "capMAPPA")
			f.Flags = flags(t, "capFlags")
		}
		for i := range a.Eligibility {
			g := &a.Eligibility[i]
			g.RoSH = roshes.Draw(t, "ruleRoSH")
			g.MAPPA = mappas.Draw(t, "ruleMAPPA")
			g.Flags = flags(t, "ruleFlags")
			g.MinComplexity = rapid.IntRange(0, 6).Draw(t, "ruleComplexity")
			g.NotAlone = tier.Set{}
			for _, l := range []string{"A", "B", "C", "D"} {
				if rapid.IntRange(0, 5).Draw(t, "notAloneLetter-"+l) == 0 {
					g.NotAlone.Letters = append(g.NotAlone.Letters, l)
				}
			}
			for _, x := range tier.All() {
				if rapid.IntRange(0, 10).Draw(t, "notAlone-"+string(x)) == 0 {
					g.NotAlone.Tiers = append(g.NotAlone.Tiers, x)
				}
			}
		}
		p, err := NewPolicy(c)
		if err != nil {
			t.Skip(err)
		}
		return p
	})
}

// TestCaseInfoAgrees: a case's summary for the allocation rules, read
// from the policy's tables, is the one each flag cap's and grade rule's
// own test gives.
func TestCaseInfoAgrees(t *testing.T) { rapid.Check(t, testCaseInfoAgrees) }

func FuzzCaseInfoAgrees(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCaseInfoAgrees)) }

func testCaseInfoAgrees(t *rapid.T) {
	p := caseInfoPolicyGen().Draw(t, "policy")
	c := allocCaseGen("o1", "c1").Draw(t, "case")
	if got, want := p.caseInfo(&c), p.caseInfoSlow(&c); got != want {
		t.Fatalf("caseInfo = %+v, each rule's own test gives %+v", got, want)
	}
}
