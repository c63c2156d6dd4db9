package synth

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// DefaultSeed is the seed benchmarks, examples and tests use.
const DefaultSeed uint64 = 20261123

// AsOf returns the default snapshot date, 2026-11-23 UTC: every date the
// generators produce is relative to it.
func AsOf() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }

// National scale (see the package documentation).
const (
	NationalCases    = 250000
	NationalOfficers = 11000
	NationalTeams    = 900
	NationalRegions  = 12
)

// Config sets the size of a generated roster. Non-positive Officers,
// Teams or Regions are derived from Cases with the national ratios (see
// [Scaled]); Teams is capped at Officers and Regions at Teams. A zero AsOf
// means [AsOf]().
type Config struct {
	Seed     uint64
	Cases    int
	Officers int
	Teams    int
	Regions  int
	AsOf     time.Time
}

// Scaled returns a configuration of the given number of cases with the
// national ratios: officers = cases × 11,000 ÷ 250,000, teams = officers ×
// 900 ÷ 11,000 and min(12, teams) regions, each at least 1.
func Scaled(seed uint64, cases int) Config {
	cases = max(cases, 0)
	officers := max(1, int(int64(cases)*NationalOfficers/NationalCases))
	teams := max(1, int(int64(officers)*NationalTeams/NationalOfficers))
	return Config{Seed: seed, Cases: cases, Officers: officers, Teams: teams, Regions: min(NationalRegions, teams), AsOf: AsOf()}
}

func (c Config) normalized() Config {
	c.Cases = max(c.Cases, 0)
	if c.Officers < 1 {
		c.Officers = max(1, int(int64(c.Cases)*NationalOfficers/NationalCases))
	}
	if c.Teams < 1 {
		c.Teams = max(1, int(int64(c.Officers)*NationalTeams/NationalOfficers))
	}
	c.Teams = min(c.Teams, c.Officers)
	if c.Regions < 1 {
		c.Regions = min(NationalRegions, c.Teams)
	}
	c.Regions = min(c.Regions, c.Teams)
	if c.AsOf.IsZero() {
		c.AsOf = AsOf()
	}
	return c
}

// National returns the national roster: 250,000 cases held by 11,000
// officers in 900 teams of 8–15 grouped into 12 regions.
func National(seed uint64) workload.Roster { return Generate(Scaled(seed, NationalCases)) }

// Shared decimals (decimals are immutable, so officers may share them).
var (
	fullTime  = decimal.NewFromInt(37)
	partTimes = []decimal.Decimal{
		decimal.RequireFromString("18.5"), decimal.NewFromInt(20), decimal.NewFromInt(21),
		decimal.RequireFromString("22.5"), decimal.NewFromInt(24), decimal.NewFromInt(25),
		decimal.NewFromInt(26), decimal.RequireFromString("27.5"), decimal.NewFromInt(28),
		decimal.RequireFromString("29.6"), decimal.NewFromInt(30),
	}
	tuOneDay = decimal.RequireFromString("3.7") // half a day a week
	tuTwoDay = decimal.RequireFromString("7.4") // a day a week
	// coverBands are the reference contact weights.
	coverBands = []decimal.Decimal{
		decimal.NewFromInt(5), decimal.NewFromInt(9), decimal.NewFromInt(13),
		decimal.NewFromInt(18), decimal.NewFromInt(26),
	}
)

// Pressure: each case-holding officer's share of the cases is multiplied by
// three log-normal factors (exp(σ·N(0,1)), clamped): their region's, their
// team's and their own.
const (
	regionSigma  = 0.05
	teamSigma    = 0.07
	officerSigma = 0.05
	// hotTeamShare of teams carry hotTeamFactor times the load.
	hotTeamShare  = 0.15
	hotTeamFactor = 2.0
)

// spoShare is the share of officers who are SPOs, drawn per team (the
// first and second member of a team of n with chances spoShare·n and
// spoShare·n − 1).
const spoShare = 0.107

// gradeDist draws PO, PSO, PQiP and NQO for practitioners (SPOs are drawn
// per team).
var (
	gradeDist   = newDist(36, 52, 7, 5)
	gradeValues = []workload.Grade{workload.PO, workload.PSO, workload.PQiP, workload.NQO}
	pqipStage   = newDist(35, 35, 30)
)

// officerInfo is what the generator knows about an officer beyond the
// Officer value.
type officerInfo struct {
	share  float64 // relative share of the cases
	senior bool    // PO or NQO: takes most A and B cases
	spo    bool
	away   bool // on long-term sickness or maternity leave
	team   int32
}

// officer draws an officer of the given grade: hours and reductions.
func (g *gen) officer(o *workload.Officer, info *officerInfo) {
	o.Hours = fullTime
	info.share = 1
	switch o.Grade {
	case workload.SPO:
		info.spo = true
		info.share = 0
		return
	case workload.PQiP:
		stage := 1 + pqipStage.draw(g)
		o.Reductions = g.pqipReductions(stage, g.today-g.between(30, 170))
		info.share = []float64{0.25, 0.45, 0.65}[stage-1]
		return
	case workload.NQO:
		info.senior = true
		info.share = 0.85
		g.partTime(o, 0.2)
		q := g.today - g.between(14, 250)
		o.Reductions = append(g.pqipReductions(3, q-183)[2:],
			workload.Reduction{Reason: workload.NewlyQualified, From: date(q), To: date(q).AddDate(0, 9, -1)})
		info.share *= hoursShare(o.Hours)
		return
	case workload.PO:
		info.senior = true
	}
	g.partTime(o, 0.235)
	info.share *= hoursShare(o.Hours)
	switch u := g.r.Float64(); {
	case u < 0.031:
		h := tuOneDay
		if o.Hours.Equal(fullTime) && g.chance(0.4) {
			h = tuTwoDay
		}
		o.Reductions = []workload.Reduction{{Reason: workload.TradeUnion, Hours: h,
			From: date(g.today - g.between(60, 900)), To: date(g.today + g.between(30, 365)),
			Note: "facility time"}}
		info.share *= 1 - h.InexactFloat64()/o.Hours.InexactFloat64()
	case u < 0.031+0.023:
		o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness,
			From: date(g.today - g.between(14, 180)), To: date(g.today + g.between(7, 120))}}
		info.away = true
		info.share *= 0.6 // some cases reallocated, most still on the caseload
	case u < 0.031+0.023+0.012:
		from := g.today - g.between(0, 170)
		o.Reductions = []workload.Reduction{{Reason: workload.Maternity,
			From: date(from), To: date(from).AddDate(0, 6, -1)}}
		info.away = true
		info.share = 0 // cases reallocated before leave
	}
}

// pqipReductions returns the trainee reductions up to and including the
// given stage, the current one starting on day from, each six months.
func (g *gen) pqipReductions(stage int, from int64) []workload.Reduction {
	out := make([]workload.Reduction, 0, 3)
	cur := date(from)
	for s := 1; s <= stage; s++ {
		f := cur.AddDate(0, -6*(stage-s), 0)
		out = append(out, workload.Reduction{Reason: workload.PQiPStage1 + workload.ReductionReason(s-1), From: f, To: f.AddDate(0, 6, -1)})
	}
	return out
}

func (g *gen) partTime(o *workload.Officer, p float64) {
	if g.chance(p) {
		o.Hours = partTimes[g.r.IntN(len(partTimes))]
	}
}

func hoursShare(h decimal.Decimal) float64 { return h.InexactFloat64() / 37 }

// teamSizes splits n officers into t teams of 8–15 (or as near as n/t
// allows), varied at random around the mean.
func (g *gen) teamSizes(n, t int) []int {
	sizes := make([]int, t)
	base, rem := n/t, n%t
	for i := range sizes {
		sizes[i] = base
		if i < rem {
			sizes[i]++
		}
	}
	lo, hi := min(8, base), max(15, base+1)
	for k := 0; t > 1 && k < 3*t; k++ {
		i, j := g.r.IntN(t), g.r.IntN(t)
		m := 1 + g.r.IntN(3)
		if i != j && sizes[i]-m >= lo && sizes[j]+m <= hi {
			sizes[i] -= m
			sizes[j] += m
		}
	}
	return sizes
}

// seniorChance is the chance that a case goes to a PO or NQO rather than a
// PSO or trainee, by slot: A, B with RoSH high, C, D, untiered, B with
// RoSH medium (a high RSR).
var seniorChance = [6]float64{0.95, 0.9, 0.1, 0.03, 0.3, 0.08}

// mediumBShare is the share of B cases whose letter comes from a high RSR
// with RoSH medium, which PSOs may hold.
const mediumBShare = 0.6

// Generate builds a roster of the configured size. The same configuration
// always gives the same roster.
func Generate(cfg Config) workload.Roster {
	cfg = cfg.normalized()
	g := newGen(cfg.Seed, cfg.AsOf)

	// Teams, regions and officers.
	sizes := g.teamSizes(cfg.Officers, cfg.Teams)
	teamIDs := ids("team-", cfg.Teams, 4)
	regionIDs := ids("region-", cfg.Regions, 2)
	offIDs := ids("off-", cfg.Officers, 5)
	officers := make([]workload.Officer, cfg.Officers)
	info := make([]officerInfo, cfg.Officers)
	teamStart := make([]int32, cfg.Teams+1)
	regionFactor := make([]float64, cfg.Regions)
	for i := range regionFactor {
		regionFactor[i] = g.lognormal(regionSigma, 0.8, 1.25)
	}
	var senior, junior, writers pool
	senior.idx, senior.cum = make([]int32, 0, cfg.Officers), make([]float64, 0, cfg.Officers)
	junior.idx, junior.cum = make([]int32, 0, cfg.Officers), make([]float64, 0, cfg.Officers)
	writers.idx, writers.cum = make([]int32, 0, cfg.Officers), make([]float64, 0, cfg.Officers)
	var spoSlots []int32
	i := 0
	for t, size := range sizes {
		teamStart[t] = int32(i)
		region := t * cfg.Regions / cfg.Teams
		// Team pressure: some teams carry far more than others.
		tf := g.lognormal(teamSigma, 0.6, 1.9) * regionFactor[region]
		if g.chance(hotTeamShare) {
			tf *= hotTeamFactor
		}
		for k := 0; k < size; k, i = k+1, i+1 {
			o, inf := &officers[i], &info[i]
			o.ID, o.Team, o.Region = offIDs[i], teamIDs[t], regionIDs[region]
			inf.team = int32(t)
			if size >= 2 && k < 2 && g.chance(min(1, spoShare*float64(size)-float64(k))) {
				o.Grade = workload.SPO
			} else {
				o.Grade = gradeValues[gradeDist.draw(g)]
			}
			g.officer(o, inf)
			if inf.spo {
				for n := spoCases(g); n > 0; n-- {
					spoSlots = append(spoSlots, int32(i))
				}
				continue
			}
			inf.share *= tf * g.lognormal(officerSigma, 0.6, 1.6)
			if inf.senior {
				senior.add(i, inf.share)
			} else {
				junior.add(i, inf.share)
			}
			if !inf.away {
				writers.add(i, inf.share)
			}
		}
	}
	teamStart[cfg.Teams] = int32(i)
	if writers.empty() {
		// Everyone is away: someone still writes the reports.
		for j := range info {
			if !info[j].spo {
				writers.add(j, 1)
			}
		}
	}

	// Cases.
	cases := make([]workload.Case, cfg.Cases)
	owner := make([]int32, cfg.Cases)
	caseIDs := ids("case-", cfg.Cases, 6)
	spoLeft := min(len(spoSlots), cfg.Cases)
	spoNext := 0
	for ci := range cases {
		c := &cases[ci]
		c.ID = caseIDs[ci]
		letter, s := g.drawTier(&nationalMix)
		var oi int
		mediumB := false
		// Selection sampling spreads the SPOs' few cases over the list.
		if spoLeft > 0 && g.r.IntN(cfg.Cases-ci) < spoLeft {
			oi = int(spoSlots[spoNext])
			spoNext++
			spoLeft--
		} else {
			slot := 4
			if letter != untiered {
				slot = letter
			}
			if letter == letterB && g.chance(mediumBShare) {
				mediumB, slot = true, 5
			}
			p := &junior
			if g.chance(seniorChance[slot]) {
				p = &senior
			}
			if p.empty() {
				if p == &senior {
					p = &junior
				} else {
					p = &senior
				}
			}
			oi = p.next(g)
		}
		owner[ci] = int32(oi)
		c.Officer = officers[oi].ID
		g.fillCase(c, letter, s, mediumB)
	}

	// Court reports: about one per 25 cases, due within 21 days.
	nRep := cfg.Cases / 25
	reports := make([]workload.Report, nRep)
	repIDs := ids("rep-", nRep, 6)
	for k := range reports {
		r := &reports[k]
		r.ID = repIDs[k]
		r.Officer = officers[writers.draw(g)].ID
		r.Kind = tier.ReportFast
		if g.chance(0.45) {
			r.Kind = tier.ReportStandard
		}
		r.Due = date(g.today + g.between(0, 21))
	}

	// Cover contacts: about one per 500 cases, in the last 10 days, done
	// by a colleague in the owner's team.
	nCov := cfg.Cases / 500
	covers := make([]workload.Cover, 0, nCov)
	for tries := 0; len(covers) < nCov && tries < 20*nCov; tries++ {
		ci := g.r.IntN(cfg.Cases)
		o := int(owner[ci])
		t := info[o].team
		lo, hi := int(teamStart[t]), int(teamStart[t+1])
		doer := -1
		for k := 0; k < 8; k++ {
			d := lo + g.r.IntN(hi-lo)
			if d != o && !info[d].spo && !info[d].away {
				doer = d
				break
			}
		}
		if doer < 0 {
			continue
		}
		covers = append(covers, workload.Cover{
			Case:   cases[ci].ID,
			Owner:  officers[o].ID,
			Doer:   officers[doer].ID,
			On:     date(g.today - g.between(0, 9)),
			Points: coverBands[g.r.IntN(len(coverBands))],
		})
	}
	return workload.Roster{Officers: officers, Cases: cases, Reports: reports, Covers: covers}
}

// spoCases draws how many cases an SPO holds: most hold none, 5% one or
// two.
func spoCases(g *gen) int64 {
	if g.chance(0.05) {
		return g.between(1, 2)
	}
	return 0
}
