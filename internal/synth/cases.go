package synth

import (
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// Letters as indexes; untiered is -1.
const (
	letterA = iota
	letterB
	letterC
	letterD
	untiered = -1
)

// tierOf[letter][digit][s] is the England & Wales tier.
var tierOf = func() (t [4][4][2]tier.Tier) {
	for l := 0; l < 4; l++ {
		for d := 0; d < 4; d++ {
			for s := 0; s < 2; s++ {
				t[l][d][s], _ = tier.Compose(byte('A'+l), d, s == 1)
			}
		}
	}
	return t
}()

// mix is a tier mix: categories A, B, C, D (supervised), S (unsupervised,
// letter drawn from sLetter) and untiered.
type mix struct {
	cat     dist
	sLetter dist
}

// nationalMix is the national tier mix (see the package documentation).
var nationalMix = mix{
	cat:     newDist(7, 59, 25, 4, 4, 1),
	sLetter: newDist(4, 38, 33, 20),
}

// Case-level distributions (see the package documentation).
var (
	// typeSupervised is community, licence, custody for supervised tiers,
	// chosen so that with S tiers (never custody) the overall mix is
	// 55/35/10.
	typeSupervised = newDist(0.5195, 0.3305, 0.10)
	// typeUnsupervised is community, licence for S tiers.
	typeUnsupervised = newDist(0.61, 0.39)
	// digitDist is digits 3, 2, 1, 0 before unpaid-work-only cases are moved
	// to 0 (they have no mandate for change), which lands near 15/40/35/10.
	digitDist      = newDist(15.5, 41, 36, 7.5)
	complexityDist = newDist(40, 28, 18, 9, 5)
)

// drawTier draws a letter (or untiered) and whether the tier is S.
func (g *gen) drawTier(m *mix) (letter int, s bool) {
	switch c := m.cat.draw(g); c {
	case 4:
		return m.sLetter.draw(g), true
	case 5:
		return untiered, false
	default:
		return c, false
	}
}

// fillCase draws everything about a case but its ID and officer, for the
// given letter and S marker. A B case is RoSH high, or RoSH medium when
// mediumB is set (its letter then comes from a high RSR).
func (g *gen) fillCase(c *workload.Case, letter int, s, mediumB bool) {
	if s {
		c.Type = tier.Community + tier.CaseType(typeUnsupervised.draw(g))
	} else {
		c.Type = tier.Community + tier.CaseType(typeSupervised.draw(g))
	}
	digit := 3 - digitDist.draw(g)

	// Inactive statuses: a warrant for 2% of cases (never in custody),
	// unpaid work only for 3% and overdue termination for 1% (community
	// orders only).
	u := g.r.Float64()
	switch c.Type {
	case tier.Community:
		switch {
		case u < 0.0222:
			c.Inactive = tier.Warrant
		case u < 0.0222+0.0545:
			c.Inactive = tier.UnpaidWorkOnly
			digit = 0 // no mandate for change
		case u < 0.0222+0.0545+0.0182:
			c.Inactive = tier.OverdueTermination
		}
	case tier.Licence:
		if u < 0.0222 {
			c.Inactive = tier.Warrant
		}
	}
	if letter == untiered {
		c.Tier = tier.Untiered
	} else {
		si := 0
		if s {
			si = 1
		}
		c.Tier = tierOf[letter][digit][si]
	}
	c.YoungAdult = g.chance(0.08)
	g.fillDates(c, s)
	g.fillRisk(c, letter, s, mediumB)
}

// fillDates sets Start, Release, TwoThirds, End, LastContact and
// Allocated, all consistent: Start ≤ TwoThirds ≤ End, Start within the
// last three years, S tiers past their two-thirds point.
func (g *gen) fillDates(c *workload.Case, s bool) {
	t := g.today
	var start, release, twoThirds, end int64
	hasRelease := false
	switch c.Type {
	case tier.Community:
		if c.Inactive == tier.OverdueTermination {
			length := g.between(180, 730)
			end = t - g.between(1, 120)
			start = end - length
		} else {
			length := g.between(180, 1095) // 6 months to 3 years
			var elapsed int64
			if s {
				elapsed = g.between(2*length/3+1, length-1)
			} else {
				elapsed = g.between(1, length-1)
			}
			start = t - elapsed
			end = start + length
		}
	case tier.Licence:
		// A sentence of 1–6 years (under 4.4 years for S tiers, whose
		// two-thirds point is past), released at 40–50% of it.
		hi := int64(2190)
		if s {
			hi = 1600
		}
		length := g.between(365, hi)
		relAt := length * g.between(40, 50) / 100
		lo := relAt
		if s {
			lo = 2*length/3 + 1
		}
		elapsed := g.between(lo, min(length-1, 1095))
		start = t - elapsed
		release = start + relAt
		end = start + length
		hasRelease = true
	case tier.Custody:
		length := g.between(180, 2190)
		relAt := length * g.between(40, 50) / 100
		if g.chance(0.9) {
			// Still in prison: release ahead.
			start = t - g.between(1, min(1095, relAt-1))
			release = start + relAt
		} else {
			// Released in the last fortnight, not yet moved to licence.
			release = t - g.between(0, 13)
			start = max(release-relAt, t-1095)
		}
		end = start + length
		hasRelease = true
	}
	twoThirds = start + 2*(end-start)/3
	if hasRelease && twoThirds < release {
		twoThirds = release
	}
	c.Start = date(start)
	c.End = date(end)
	c.TwoThirds = date(twoThirds)
	if hasRelease {
		c.Release = date(release)
	}
	since := t - start
	c.LastContact = date(t - g.between(0, min(59, since)))
	c.Allocated = date(start + g.between(0, since))
}

// fillRisk sets the risk summary consistently with the tier letter:
// A is RoSH very high or MAPPA level 2/3, B high (or medium with a high
// RSR, when mediumB is set), C medium, D low; an
// untiered case has no assessment yet.
func (g *gen) fillRisk(c *workload.Case, letter int, s, mediumB bool) {
	r := &c.Risk
	r.MAPPA = risk.MAPPANone // recorded as none unless set below
	r.Complexity = complexityDist.draw(g)
	var f risk.Flags
	if g.chance(0.25) {
		f = f.With(risk.FlagDomesticAbuse)
	}
	if g.chance(0.05) {
		f = f.With(risk.FlagChildProtection)
		r.Complexity = max(r.Complexity, 1) // child protection is a complexity factor
	}
	sexual := g.chance(0.08)
	if sexual {
		f = f.With(risk.FlagSexual)
	}
	if g.chance(0.06) {
		f = f.With(risk.FlagSeriousViolence)
	}
	if g.chance(0.05) {
		f = f.With(risk.FlagIOM)
	}
	if g.chance(0.03) {
		f = f.With(risk.FlagStalking)
	}
	if c.Type != tier.Community && g.chance(0.04) {
		f = f.With(risk.FlagLifer)
	}
	if s {
		f = f.With(risk.FlagUnsupervised)
	}
	switch letter {
	case letterA:
		if g.chance(0.65) {
			r.RoSH = risk.RoSHVeryHigh
			switch u := g.r.Float64(); {
			case u < 0.25:
				r.MAPPA = risk.MAPPALevel2
			case u < 0.30:
				r.MAPPA = risk.MAPPALevel3
			case u < 0.50:
				r.MAPPA = risk.MAPPALevel1
			}
		} else {
			r.RoSH = risk.RoSHHigh
			r.MAPPA = risk.MAPPALevel2
			if g.chance(0.2) {
				r.MAPPA = risk.MAPPALevel3
			}
		}
		if g.chance(0.01) {
			f = f.With(risk.FlagNationalSecurity)
		}
	case letterB:
		r.RoSH = risk.RoSHHigh
		if mediumB {
			r.RoSH = risk.RoSHMedium
		}
		if g.chance(0.12) || (sexual && g.chance(0.7)) {
			r.MAPPA = risk.MAPPALevel1
		}
	case letterC:
		r.RoSH = risk.RoSHMedium
		// MAPPA level 1 adds 5 protect points: with more than two
		// complexity factors the case would be a B.
		if r.Complexity <= 2 && (g.chance(0.05) || (sexual && g.chance(0.5))) {
			r.MAPPA = risk.MAPPALevel1
		}
	case letterD:
		r.RoSH = risk.RoSHLow
	}
	r.Flags = f
	if letter == untiered {
		// Awaiting a first assessment.
		return
	}
	assessed := g.today - g.between(0, 499)
	r.AssessedOn = date(assessed)
	r.Provisional = g.chance(0.03)
	if g.chance(0.06) {
		r.EscalatedOn = date(assessed)
	}
}
