package workload

import (
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
)

// SupervisionLevelsConfig returns a fresh configuration for the US-style
// supervision-level table of [tier.SupervisionLevels], whose weights are
// officer hours per case per month: a full-time (37-hour) officer's target
// is 120 hours a month (docs/domain.md, "Hours and contact") for every case-holding grade. The
// allocation rules name tiers instead of letters: the high-protect share
// counts intensive and maximum cases; the Vermont rule treats intensive
// and maximum as its intensive level (cap 45), medium as medium (60) and
// minimum and administrative as low (150); trainees and newly qualified
// officers may not hold intensive cases alone. Everything else is as in
// [DefaultConfig].
func SupervisionLevelsConfig() Config {
	c := DefaultConfig()
	c.Name = "us-supervision-levels"
	c.Tiers = tier.SupervisionLevels()
	for _, g := range []Grade{PO, PSO, PQiP, NQO, SPO} {
		gc := c.Grades[g] // keeps DefaultConfig's illustrative case-facing share
		gc.Target, gc.DefaultHours = decimal.NewFromInt(120), decimal.NewFromInt(37)
		if g == SPO {
			gc.Target = decimal.Zero
		}
		c.Grades[g] = gc
	}
	high := tier.Set{Tiers: []tier.Tier{"intensive", "maximum"}}
	a := &c.Allocation
	a.HighProtect.Tiers = high
	a.Intensive.Intensive = high
	a.Intensive.Caps = []LevelCap{
		{Name: "intensive", Tiers: high, Max: 45},
		{Name: "medium", Tiers: tier.Set{Tiers: []tier.Tier{"medium"}}, Max: 60},
		{Name: "low", Tiers: tier.Set{Tiers: []tier.Tier{"minimum", "administrative"}}, Max: 150},
	}
	for i := range a.Eligibility {
		a.Eligibility[i].NotAlone = tier.Set{Tiers: []tier.Tier{"intensive"}}
	}
	return c
}

// SingleAxisConfig returns a fresh configuration for the single-axis (A–G)
// scheme of [tier.SingleAxisTable]. No workload weights have been
// published for that scheme: the table's weights are caseload's own
// illustrative choice (A to D as the reference's A2 to D2, then E, F and G
// falling; a case with missing predictors weighs as D, a case not
// supervised 0), labelled as such in its notes. Targets, bands, rounding
// and the prioritisation ladder are as in [DefaultConfig]. The allocation
// rules name tiers instead of protect letters: the high-protect share
// counts A and B; the Vermont rule treats A as intensive (cap 45), B and C
// as medium (60) and D to G and missing as low (150); trainees and newly
// qualified officers may not hold A cases alone.
func SingleAxisConfig() Config {
	c := DefaultConfig()
	c.Name = "single-axis-illustrative"
	c.Tiers = tier.SingleAxisTable()
	a := &c.Allocation
	top := tier.Set{Tiers: []tier.Tier{tier.SingleA}}
	a.HighProtect.Tiers = tier.Set{Tiers: []tier.Tier{tier.SingleA, tier.SingleB}}
	a.Intensive.Intensive = top
	a.Intensive.Caps = []LevelCap{
		{Name: "intensive", Tiers: top, Max: 45},
		{Name: "medium", Tiers: tier.Set{Tiers: []tier.Tier{tier.SingleB, tier.SingleC}}, Max: 60},
		{Name: "low", Tiers: tier.Set{Tiers: []tier.Tier{tier.SingleD, tier.SingleE, tier.SingleF, tier.SingleG, tier.Missing}}, Max: 150},
	}
	for i := range a.Eligibility {
		a.Eligibility[i].NotAlone = top
	}
	return c
}
