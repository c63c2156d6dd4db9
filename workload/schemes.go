package workload

import (
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
)

// SupervisionLevelsConfig returns a fresh configuration for the US-style
// supervision-level table of [tier.SupervisionLevels], whose weights are
// officer hours per case per month: a full-time (37-hour) officer's target
// is 120 hours a month (DOMAIN.md §6) for every case-holding grade. The
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
	high := TierSet{Tiers: []tier.Tier{"intensive", "maximum"}}
	a := &c.Allocation
	a.HighProtect.Tiers = high
	a.Intensive.Intensive = high
	a.Intensive.Caps = []LevelCap{
		{Name: "intensive", Tiers: high, Max: 45},
		{Name: "medium", Tiers: TierSet{Tiers: []tier.Tier{"medium"}}, Max: 60},
		{Name: "low", Tiers: TierSet{Tiers: []tier.Tier{"minimum", "administrative"}}, Max: 150},
	}
	for i := range a.Eligibility {
		a.Eligibility[i].NotAlone = TierSet{Tiers: []tier.Tier{"intensive"}}
	}
	return c
}
