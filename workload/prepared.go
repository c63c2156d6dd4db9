package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// MaxReportedProblems bounds how many problems [Policy.Prepare] lists
// before counting the rest in one final error.
const MaxReportedProblems = 1000

// Prepared is a roster validated and indexed by a policy, ready to be
// measured at any date. It is immutable and safe for concurrent use: it
// keeps its own copy of the caller's data, reductions included, and
// everything it returns is a fresh copy the caller may change.
//
// The zero Prepared is an empty roster with no policy: it measures to an
// empty measurement and finds no officer or team.
type Prepared struct {
	p        *Policy
	officers []Officer // sorted by ID
	packed   []packedOfficer
	cases    []packedCase
	reports  []packedReport
	covers   []packedCover
	// byOfficer lists, per officer, the indexes of its cases, reports and
	// covers in the roster (CSR layout: start offsets into idx).
	caseStart, reportStart []int32
	caseIdx, reportIdx     []int32
	roster                 Roster // the caller's data, copied
	teams, regions         []string
	teamOf, regionOf       []int32 // per officer
	coversOf               [][]int32
}

type packedCase struct {
	officer    int32
	start      int32  // critical-period anchor day (release or start), or noDay32
	rereleased int32  // re-release after recall, a second critical-period anchor, or noDay32
	twoThirds  int32  // day, or noDay32
	custody    int32  // release day for custody cases before which they are standard, or noDay32
	ti         uint16 // tier index
	flags      uint8
	points     int64 // micro-points
}

const (
	pcSuspended uint8 = 1 << iota // warrant or overdue termination
	pcCustodyNoRelease
)

const noDay32 = int32(-1 << 31)

type packedReport struct {
	officer int32
	due     int32
	points  int64
}

type packedCover struct {
	owner, doer int32
	on          int32
	points      int64
}

func dayOf(t time.Time) int32 {
	if t.IsZero() {
		return noDay32
	}
	return int32(days.Number(t))
}

// Prepare validates a roster against the policy and indexes it. Every
// problem is reported (the first MaxReportedProblems listed, the rest
// counted): officers with bad or duplicate IDs, hours or reductions;
// cases with unknown tiers or types, duplicate IDs, a case on two
// officers, or an unknown officer; reports likewise; cover contacts whose
// officers or case are unknown or whose owner does not hold the case.
// Nothing is dropped: every case is measured or the roster is refused.
func (p *Policy) Prepare(r Roster) (*Prepared, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	pr := &Prepared{p: p}
	pr.roster = Roster{
		Officers: slices.Clone(r.Officers),
		Cases:    slices.Clone(r.Cases),
		Reports:  slices.Clone(r.Reports),
		Covers:   slices.Clone(r.Covers),
	}
	for i := range pr.roster.Officers {
		pr.roster.Officers[i] = pr.roster.Officers[i].clone()
	}
	r = pr.roster
	checkCount(&l, "officers", len(r.Officers), MaxOfficers, "officers")
	checkCount(&l, "roster", len(r.Cases)+len(r.Reports)+len(r.Covers), MaxWorkItems, "work items")

	order := make([]int, len(r.Officers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(r.Officers[a].ID, r.Officers[b].ID) })
	pr.officers = make([]Officer, len(order))
	offIndex := make(map[string]int32, len(order))
	for k, i := range order {
		o := &r.Officers[i]
		o.validate(&l, "officers["+strconv.Itoa(i)+"]")
		pr.officers[k] = *o
		if o.ID == "" {
			continue
		}
		if _, dup := offIndex[o.ID]; dup {
			l.Add("officers["+strconv.Itoa(i)+"].id", o.ID, ErrDuplicate, "officer listed twice")
			continue
		}
		offIndex[o.ID] = int32(k)
	}

	pr.cases = make([]packedCase, len(r.Cases))
	caseAt := make(map[string]int, len(r.Cases))
	for i := range r.Cases {
		c := &r.Cases[i]
		prefix := "cases[" + strconv.Itoa(i) + "]"
		c.validate(&l, prefix, &p.scheme)
		oi, ok := offIndex[c.Officer]
		if !ok && c.Officer != "" {
			l.Add(prefix+".officer", c.Officer, ErrUnknown, "no such officer in the roster")
		}
		if c.ID != "" {
			if j, dup := caseAt[c.ID]; dup {
				if r.Cases[j].Officer != c.Officer {
					l.Add(prefix+".id", c.ID, ErrDuplicate, "one case on two officers: "+strconv.Quote(r.Cases[j].Officer)+" (cases["+strconv.Itoa(j)+"]) and "+strconv.Quote(c.Officer))
				} else {
					l.Add(prefix+".id", c.ID, ErrDuplicate, "same ID as cases["+strconv.Itoa(j)+"]")
				}
			} else {
				caseAt[c.ID] = i
			}
		}
		if l.Len() > 0 {
			continue // packing needs valid data; keep validating the rest
		}
		pr.cases[i] = p.pack(c, oi)
	}

	pr.reports = make([]packedReport, len(r.Reports))
	reportAt := make(map[string]int, len(r.Reports))
	for i := range r.Reports {
		rp := &r.Reports[i]
		prefix := "reports[" + strconv.Itoa(i) + "]"
		rp.validate(&l, prefix)
		oi, ok := offIndex[rp.Officer]
		if !ok && rp.Officer != "" {
			l.Add(prefix+".officer", rp.Officer, ErrUnknown, "no such officer in the roster")
		}
		if rp.ID != "" {
			if j, dup := reportAt[rp.ID]; dup {
				l.Add(prefix+".id", rp.ID, ErrDuplicate, "same ID as reports["+strconv.Itoa(j)+"]")
			} else {
				reportAt[rp.ID] = i
			}
		}
		if l.Len() == 0 {
			pr.reports[i] = packedReport{officer: oi, due: dayOf(rp.Due), points: p.reports[rp.Kind]}
		}
	}

	pr.covers = make([]packedCover, len(r.Covers))
	pr.coversOf = make([][]int32, len(pr.officers))
	seenC := make(map[coverKey]int, len(r.Covers))
	for i := range r.Covers {
		cv := &r.Covers[i]
		prefix := "covers[" + strconv.Itoa(i) + "]"
		cv.validate(&l, prefix)
		if j, dup := seenC[cv.key()]; dup {
			l.Add(prefix, cv.Case, ErrDuplicate, "same cover contact as covers["+strconv.Itoa(j)+"]")
		} else {
			seenC[cv.key()] = i
		}
		owner, okO := offIndex[cv.Owner]
		doer, okD := offIndex[cv.Doer]
		if !okO && cv.Owner != "" {
			l.Add(prefix+".owner", cv.Owner, ErrUnknown, "no such officer in the roster")
		}
		if !okD && cv.Doer != "" {
			l.Add(prefix+".doer", cv.Doer, ErrUnknown, "no such officer in the roster")
		}
		if j, ok := caseAt[cv.Case]; !ok && cv.Case != "" {
			l.Add(prefix+".case", cv.Case, ErrUnknown, "no such case in the roster")
		} else if ok && r.Cases[j].Officer != cv.Owner {
			l.Add(prefix+".owner", cv.Owner, ErrInconsistent, "the case is held by "+strconv.Quote(r.Cases[j].Officer))
		}
		if l.Len() == 0 {
			pr.covers[i] = packedCover{owner: owner, doer: doer, on: dayOf(cv.On), points: toMicro(cv.Points)}
			pr.coversOf[owner] = append(pr.coversOf[owner], int32(i))
			pr.coversOf[doer] = append(pr.coversOf[doer], int32(i))
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	var gross int64
	for i := range pr.cases {
		addGross(&gross, pr.cases[i].points)
	}
	for i := range pr.reports {
		addGross(&gross, pr.reports[i].points)
	}
	for i := range pr.covers {
		addGross(&gross, pr.covers[i].points)
	}
	if gross > maxGrossPoints {
		return nil, errTooManyPoints("roster", len(pr.cases)+len(pr.reports)+len(pr.covers))
	}

	pr.packed = make([]packedOfficer, len(pr.officers))
	for i := range pr.officers {
		pr.packed[i] = pr.officers[i].pack(p)
	}
	pr.caseStart, pr.caseIdx = csr(len(pr.officers), len(pr.cases), func(i int) int32 { return pr.cases[i].officer })
	pr.reportStart, pr.reportIdx = csr(len(pr.officers), len(pr.reports), func(i int) int32 { return pr.reports[i].officer })
	pr.teams, pr.teamOf = group(pr.officers, func(o *Officer) string { return o.Team })
	pr.regions, pr.regionOf = group(pr.officers, func(o *Officer) string { return o.Region })
	return pr, nil
}

// pack compiles a valid case for the hot loop.
func (p *Policy) pack(c *Case, oi int32) packedCase {
	ti, _ := p.scheme.Index(c.Tier)
	pc := packedCase{officer: oi, ti: uint16(ti), points: p.casePoints(c, ti), twoThirds: dayOf(c.TwoThirds), rereleased: dayOf(c.Rereleased), custody: noDay32}
	switch c.Inactive {
	case tier.Warrant, tier.OverdueTermination:
		pc.flags |= pcSuspended
	}
	switch {
	case c.Type == tier.Custody && c.Release.IsZero():
		pc.flags |= pcCustodyNoRelease
	case c.Type == tier.Custody:
		pc.custody = dayOf(c.Release)
	}
	if !c.Release.IsZero() {
		pc.start = dayOf(c.Release)
	} else {
		pc.start = dayOf(c.Start)
	}
	return pc
}

// packedPhase is Policy.phaseOn for a packed case: the same rule, with the
// critical period decided by the same criticalOn.
func (p *Policy) packedPhase(c *packedCase, d int32) tier.Phase {
	if c.flags&pcSuspended != 0 {
		return tier.Suspended
	}
	notReleased := c.flags&pcCustodyNoRelease != 0 || (c.custody != noDay32 && d < c.custody)
	if p.criticalOn(notReleased, day64(c.start), day64(c.rereleased), int64(d)) {
		return tier.Critical
	}
	if c.twoThirds != noDay32 && d >= c.twoThirds {
		return tier.PastTwoThirds
	}
	return tier.Standard
}

// day64 widens a packed day, keeping noDay32 as noDay.
func day64(d int32) int64 {
	if d == noDay32 {
		return noDay
	}
	return int64(d)
}

// csr groups n items by owner into offsets and indexes.
func csr(owners, n int, owner func(int) int32) ([]int32, []int32) {
	start := make([]int32, owners+1)
	for i := 0; i < n; i++ {
		start[owner(i)+1]++
	}
	for i := 1; i <= owners; i++ {
		start[i] += start[i-1]
	}
	idx := make([]int32, n)
	next := slices.Clone(start[:owners])
	for i := 0; i < n; i++ {
		o := owner(i)
		idx[next[o]] = int32(i)
		next[o]++
	}
	return start, idx
}

// group returns the sorted distinct keys and each officer's key index.
func group(officers []Officer, key func(*Officer) string) ([]string, []int32) {
	seen := make(map[string]struct{})
	var keys []string
	for i := range officers {
		k := key(&officers[i])
		if _, ok := seen[k]; !ok {
			seen[k] = struct{}{}
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	at := make(map[string]int32, len(keys))
	for i, k := range keys {
		at[k] = int32(i)
	}
	of := make([]int32, len(officers))
	for i := range officers {
		of[i] = at[key(&officers[i])]
	}
	return keys, of
}

// Measurement is a whole roster measured at one date: every officer's
// load (sorted by officer ID, without lines), every team and region
// summary (sorted by ID) and the nation.
type Measurement struct {
	Policy   PolicyRef `json:"policy"`
	AsOf     time.Time `json:"asOf"`
	Loads    []Load    `json:"loads"`
	Teams    []Summary `json:"teams"`
	Regions  []Summary `json:"regions"`
	National Summary   `json:"national"`
}

// Load returns the load of the officer with the given ID.
func (m *Measurement) Load(officer string) (Load, bool) {
	i, ok := slices.BinarySearchFunc(m.Loads, officer, func(l Load, id string) int { return strings.Compare(l.Officer, id) })
	if !ok {
		return Load{}, false
	}
	return m.Loads[i], true
}

// Team returns the summary of the team with the given ID.
func (m *Measurement) Team(id string) (Summary, bool) {
	i, ok := slices.BinarySearchFunc(m.Teams, id, func(s Summary, id string) int { return strings.Compare(s.ID, id) })
	if !ok {
		return Summary{}, false
	}
	return m.Teams[i], true
}

// Measure measures every officer, team and region and the nation at asOf.
// Loads carry no lines; [Prepared.Explain] gives one officer's lines.
// Officers with no team are summarised under team ""; likewise regions.
//
// Every case of the roster counts, whatever its Start or Allocated date:
// measuring one roster at past dates moves phases, reductions, reports and
// cover contacts in time, but it is not history. For
// [Policy.SustainedOverload], measure each week's own export.
//
// Measure returns no error, so it cannot refuse what every other entry
// point refuses: a zero asOf (an error wrapping ErrMissing naming asOf),
// or an assessment or last contact dated after asOf (a roster is prepared
// once, with no date). The caller must pass a real date no earlier than
// the export's, or use [Policy.MeasureRoster] or [Prepared.Explain], which
// check both. A zero asOf is measured as the first day of year 1.
func (pr *Prepared) Measure(asOf time.Time) *Measurement {
	if pr == nil || pr.p == nil {
		return &Measurement{AsOf: asOf, Loads: []Load{}, Teams: []Summary{}, Regions: []Summary{},
			National: Summary{Scope: ScopeNation, ID: "national", AsOf: asOf, OverCeiling: []string{}}}
	}
	p := pr.p
	d := int32(days.Number(asOf))
	figs := make([]officerFigures, len(pr.officers))
	for i := range pr.cases {
		c := &pr.cases[i]
		f := &figs[c.officer]
		f.points += c.points
		f.cases++
		f.letters[letterSlot(p.letters[c.ti])]++
		f.demand += p.weekMicro[c.ti][p.packedPhase(c, d)]
	}
	for i := range pr.reports {
		r := &pr.reports[i]
		if d > r.due {
			continue
		}
		f := &figs[r.officer]
		f.points += r.points
		f.reports++
	}
	for i := range pr.covers {
		c := &pr.covers[i]
		if d < c.on || int64(d) >= int64(c.on)+p.coverDays {
			continue
		}
		figs[c.doer].points += c.points
		figs[c.doer].coverIn++
		figs[c.owner].points -= c.points
	}
	m := &Measurement{Policy: p.Ref(), AsOf: asOf, Loads: make([]Load, len(pr.officers))}
	teams := pr.accs(p, len(pr.teams), pr.teamOf)
	regions := pr.accs(p, len(pr.regions), pr.regionOf)
	cache := newDecimalCache(len(pr.officers))
	nation := p.newAcc()
	nation.caps = make([]int64, 0, len(pr.officers))
	for i := range pr.officers {
		f := &figs[i]
		f.items = f.cases + f.reports + f.coverIn
		ld := &m.Loads[i]
		p.finishInto(ld, cache, &pr.officers[i], &pr.packed[i], asOf, int64(d), f)
		for _, a := range []*summaryAcc{&teams[pr.teamOf[i]], &regions[pr.regionOf[i]], &nation} {
			p.addTo(a, ld.Officer, ld.Cases, ld.Reports, ld.Letters, ld.fx.points, ld.fx.available, ld.fx.items > 0)
		}
	}
	m.Teams = make([]Summary, len(teams))
	for i := range teams {
		m.Teams[i] = p.finishSummary(&teams[i], ScopeTeam, pr.teams[i], asOf)
	}
	m.Regions = make([]Summary, len(regions))
	for i := range regions {
		m.Regions[i] = p.finishSummary(&regions[i], ScopeRegion, pr.regions[i], asOf)
	}
	m.National = p.finishSummary(&nation, ScopeNation, "national", asOf)
	return m
}

// Officers returns copies of the roster's officers sorted by ID: editing
// them, their reductions included, changes nothing in the roster.
func (pr *Prepared) Officers() []Officer {
	out := make([]Officer, len(pr.officers))
	for i := range pr.officers {
		out[i] = pr.officers[i].clone()
	}
	return out
}

// Caseload returns one officer's caseload as given in the roster: the
// cases and reports they hold, in roster order, and the cover contacts in
// which they are owner or doer. The caseload is a copy: editing it changes
// nothing in the roster.
func (pr *Prepared) Caseload(officer string) (Caseload, bool) {
	k, ok := slices.BinarySearchFunc(pr.officers, officer, func(o Officer, id string) int { return strings.Compare(o.ID, id) })
	if !ok {
		return Caseload{}, false
	}
	c := Caseload{Officer: pr.officers[k].clone()}
	for _, i := range pr.caseIdx[pr.caseStart[k]:pr.caseStart[k+1]] {
		c.Cases = append(c.Cases, pr.roster.Cases[i])
	}
	for _, i := range pr.reportIdx[pr.reportStart[k]:pr.reportStart[k+1]] {
		c.Reports = append(c.Reports, pr.roster.Reports[i])
	}
	for _, i := range pr.coversOf[k] {
		c.Covers = append(c.Covers, pr.roster.Covers[i])
	}
	return c, true
}

// Team returns the caseloads of a team's officers, sorted by officer ID.
func (pr *Prepared) Team(team string) []Caseload {
	var out []Caseload
	for i := range pr.officers {
		if pr.officers[i].Team == team {
			c, _ := pr.Caseload(pr.officers[i].ID)
			out = append(out, c)
		}
	}
	return out
}

// Explain measures one officer with every line: the same figures as the
// bulk measurement, broken down.
func (pr *Prepared) Explain(officer string, asOf time.Time) (Load, error) {
	c, ok := pr.Caseload(officer)
	if !ok {
		return Load{}, fault.New("workload", "officer", officer, ErrUnknown, "no such officer in the roster")
	}
	return pr.p.Measure(c, asOf)
}

// MeasureRoster prepares and measures a roster in one call. A zero or
// out-of-range asOf is an error naming asOf, and an assessment or last
// contact dated after asOf is an error naming the case's field, as for
// [Policy.Measure].
func (p *Policy) MeasureRoster(r Roster, asOf time.Time) (*Measurement, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	checkAsOf(&l, asOf)
	if l.Len() == 0 {
		for i := range r.Cases {
			c := &r.Cases[i]
			var scratch fault.List
			if c.validateAt(&scratch, "", asOf); scratch.Len() > 0 {
				c.validateAt(&l, "cases["+strconv.Itoa(i)+"]", asOf)
			}
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	pr, err := p.Prepare(r)
	if err != nil {
		return nil, err
	}
	return pr.Measure(asOf), nil
}

// accs returns one accumulator per group, their capacity lists carved from
// one backing array sized by the groups' officer counts.
func (pr *Prepared) accs(p *Policy, n int, of []int32) []summaryAcc {
	size := make([]int, n)
	for _, g := range of {
		size[g]++
	}
	backing := make([]int64, len(of))
	over := make([]int, n*len(p.dist))
	out := make([]summaryAcc, n)
	at := 0
	for i := range out {
		out[i].caps = backing[at : at : at+size[i]]
		out[i].over = over[i*len(p.dist) : (i+1)*len(p.dist) : (i+1)*len(p.dist)]
		at += size[i]
	}
	return out
}

// Teams returns the roster's team IDs, sorted.
func (pr *Prepared) Teams() []string { return slices.Clone(pr.teams) }

// Holding measures one officer of the roster for allocation checks. An
// unknown officer is an error wrapping ErrUnknown.
func (pr *Prepared) Holding(officer string, asOf time.Time) (Holding, error) {
	c, ok := pr.Caseload(officer)
	if !ok {
		return Holding{}, fault.New("workload", "officer", officer, ErrUnknown, "no such officer in the roster")
	}
	return pr.p.MeasureHolding(c, asOf)
}

// MeasureTeam measures one team of the roster for recommendations,
// balance and rebalancing. An unknown team is an error wrapping
// ErrUnknown.
func (pr *Prepared) MeasureTeam(team string, asOf time.Time) (Team, error) {
	if _, ok := slices.BinarySearch(pr.teams, team); !ok {
		return Team{}, fault.New("workload", "team", team, ErrUnknown, "no such team in the roster")
	}
	return pr.p.MeasureTeam(pr.Team(team), asOf)
}
