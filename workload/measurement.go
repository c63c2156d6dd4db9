package workload

import (
	"encoding/json"
	"iter"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/days"
)

// Measurement is a whole roster measured at one date: every officer's
// load (sorted by officer ID, without lines), every team and region
// summary (sorted by ID) and the nation.
//
// The officers' loads are kept in exact fixed-point and built as decimals
// only when asked for ([Measurement.Load], [Measurement.LoadAt],
// [Measurement.All], [Measurement.Loads]), so that measuring a national
// roster costs milliseconds; every figure is the same as measuring the
// officer alone with [Policy.Measure]. A Measurement encodes to and
// decodes from JSON with every load.
type Measurement struct {
	Policy   PolicyRef `json:"policy"`
	AsOf     time.Time `json:"asOf"`
	Teams    []Summary `json:"teams"`
	Regions  []Summary `json:"regions"`
	National Summary   `json:"national"`

	pr    *Prepared // the roster measured, for lazy loads
	loads []Load    // when decoded
}

// Len returns the number of officers' loads.
func (m *Measurement) Len() int {
	if m.pr != nil {
		return m.pr.offs.len()
	}
	return len(m.loads)
}

// LoadAt returns the i-th load in officer ID order, 0 ≤ i < Len(); any
// other i gives the zero Load.
func (m *Measurement) LoadAt(i int) Load {
	if i < 0 || i >= m.Len() {
		return Load{}
	}
	if m.pr == nil {
		return m.loads[i]
	}
	r := m.pr.offs.at(i)
	var f officerFigures
	m.pr.p.figures(r, m.pr.tab, days.Number(m.AsOf), &f, true)
	var ld Load
	m.pr.p.loadInto(&ld, &r.o, m.AsOf, &f)
	return ld
}

// All yields every load in officer ID order, building each when it is
// reached.
func (m *Measurement) All() iter.Seq[Load] {
	return func(yield func(Load) bool) {
		for i := 0; i < m.Len(); i++ {
			if !yield(m.LoadAt(i)) {
				return
			}
		}
	}
}

// Loads returns every load in officer ID order, as a new slice.
func (m *Measurement) Loads() []Load {
	out := make([]Load, m.Len())
	for i := range out {
		out[i] = m.LoadAt(i)
	}
	return out
}

// Load returns the load of the officer with the given ID.
func (m *Measurement) Load(officer string) (Load, bool) {
	if m.pr != nil {
		i, ok := m.pr.find(officer)
		if !ok {
			return Load{}, false
		}
		return m.LoadAt(i), true
	}
	for i := range m.loads {
		if m.loads[i].Officer == officer {
			return m.loads[i], true
		}
	}
	return Load{}, false
}

// TeamSummary returns the summary of the team with the given ID.
func (m *Measurement) TeamSummary(id string) (Summary, bool) {
	lo, hi := 0, len(m.Teams)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if strings.Compare(m.Teams[h].ID, id) < 0 {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(m.Teams) && m.Teams[lo].ID == id {
		return m.Teams[lo], true
	}
	return Summary{}, false
}

// measurementJSON is a Measurement's encoded form.
type measurementJSON struct {
	Policy   PolicyRef `json:"policy"`
	AsOf     time.Time `json:"asOf"`
	Loads    []Load    `json:"loads"`
	Teams    []Summary `json:"teams"`
	Regions  []Summary `json:"regions"`
	National Summary   `json:"national"`
}

// MarshalJSON encodes the measurement with every load.
func (m Measurement) MarshalJSON() ([]byte, error) {
	loads := m.Loads()
	if m.pr == nil && m.loads == nil {
		loads = nil
	}
	return json.Marshal(measurementJSON{Policy: m.Policy, AsOf: m.AsOf, Loads: loads, Teams: m.Teams, Regions: m.Regions, National: m.National})
}

// UnmarshalJSON decodes a measurement encoded by MarshalJSON.
func (m *Measurement) UnmarshalJSON(b []byte) error {
	var v measurementJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = Measurement{Policy: v.Policy, AsOf: v.AsOf, Teams: v.Teams, Regions: v.Regions, National: v.National, loads: v.Loads}
	return nil
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
		return &Measurement{AsOf: asOf, Teams: []Summary{}, Regions: []Summary{},
			National: Summary{Scope: ScopeNation, ID: "national", AsOf: asOf, OverCeiling: []string{}}}
	}
	p := pr.p
	d := days.Number(asOf)
	n := pr.offs.len()
	m := &Measurement{Policy: p.Ref(), AsOf: asOf, pr: pr}
	teams := pr.accs(p, len(pr.teams), pr.teamOf)
	regions := pr.accs(p, len(pr.regions), pr.regionOf)
	nation := p.newAcc()
	nation.caps = make([]int64, 0, n)
	counted := make([]capAt, 0, n)
	for i := 0; i < n; i++ {
		r := pr.offs.at(i)
		var f officerFigures
		p.figures(r, pr.tab, d, &f, false)
		st := p.standingOf(f.points, f.avail, f.items > 0)
		teams[pr.teamOf[i]].add(p, r.o.ID, &f, st)
		regions[pr.regionOf[i]].add(p, r.o.ID, &f, st)
		nation.add(p, r.o.ID, &f, st)
		if st.kind == standCounted {
			counted = append(counted, capAt{key: uint64(st.caps) ^ 1<<63, pos: int32(i)})
		}
	}
	// Every group's capacities in ascending order, from one sort of
	// everyone's: percentiles then need no selection.
	for _, c := range sortCaps(counted) {
		v := int64(c.key ^ 1<<63)
		t, g := &teams[pr.teamOf[c.pos]], &regions[pr.regionOf[c.pos]]
		t.caps = append(t.caps, v)
		g.caps = append(g.caps, v)
		nation.caps = append(nation.caps, v)
	}
	for i := range teams {
		teams[i].sorted = true
	}
	for i := range regions {
		regions[i].sorted = true
	}
	nation.sorted = true
	cache := newDecimalCache(len(teams) + len(regions) + 1)
	m.Teams = make([]Summary, len(teams))
	for i := range teams {
		m.Teams[i] = p.finishSummary(&teams[i], ScopeTeam, pr.teams[i], asOf, cache)
	}
	m.Regions = make([]Summary, len(regions))
	for i := range regions {
		m.Regions[i] = p.finishSummary(&regions[i], ScopeRegion, pr.regions[i], asOf, cache)
	}
	m.National = p.finishSummary(&nation, ScopeNation, "national", asOf, cache)
	return m
}

// figures adds up one officer's work at day d, in fixed-point, and works
// out their available points. The cases' contact demand, which no roll-up
// needs, is added up only when withDemand says so: otherwise figures reads
// no case, since their points and letters hold at every date.
func (p *Policy) figures(r *officerRec, t *caseTables, d int64, f *officerFigures, withDemand bool) {
	pts := r.casePts
	var dem int64
	if withDemand {
		dem = demandOf(r.cases, t, d)
	}
	var reports, coverIn int32
	for k := range r.preps {
		if rp := &r.preps[k]; d <= int64(rp.due) {
			pts += rp.points
			reports++
		}
	}
	for k := range r.cin {
		if c := &r.cin[k]; d >= int64(c.on) && d < int64(c.on)+p.coverDays {
			pts += c.points
			coverIn++
		}
	}
	for k := range r.cout {
		if c := &r.cout[k]; d >= int64(c.on) && d < int64(c.on)+p.coverDays {
			pts -= c.points
		}
	}
	cases := int32(len(r.cases))
	*f = officerFigures{points: pts, cases: cases, reports: reports, coverIn: coverIn, items: cases + reports + coverIn, demand: dem}
	copy(f.letters[:], r.letters[:])
	if r.fixedAvail {
		f.avail, f.net = r.avail, r.po.hours
		return
	}
	f.avail, f.net, f.red = p.available(r.o.Grade, &r.po, d)
}

// demandOf adds up the weekly contact demand (micro-minutes) of cases at
// day d.
func demandOf(cs []packedCase, t *caseTables, d int64) (dem int64) {
	critical := t.critical
	for i := range cs {
		c := &cs[i]
		dem += t.demand[int(c.ti)<<4|phaseKey(c, d, critical)&15]
	}
	return dem
}

// accs returns one accumulator per group, their capacity lists carved from
// one backing array sized by the groups' officer counts.
func (pr *Prepared) accs(p *Policy, n int, of []int32) []summaryAcc {
	size := make([]int, n)
	for _, g := range of {
		size[g]++
	}
	backing := make([]int64, len(of))
	w := len(p.dist) + 1
	over := make([]int, n*w)
	out := make([]summaryAcc, n)
	at := 0
	for i := range out {
		out[i].caps = backing[at : at : at+size[i]]
		out[i].over = over[i*w : (i+1)*w : (i+1)*w]
		at += size[i]
	}
	return out
}

// capAt is an officer's capacity units, as a key that sorts as unsigned
// (the sign bit flipped), and their position in the roster.
type capAt struct {
	key uint64
	pos int32
}

// sortCaps sorts cs by key, stably, with a byte-wise radix sort that
// skips the bytes every key shares, and returns the sorted slice (cs or
// a buffer of the same length).
func sortCaps(cs []capAt) []capAt {
	if len(cs) < 2 {
		return cs
	}
	var and, or uint64 = ^uint64(0), 0
	for _, c := range cs {
		and &= c.key
		or |= c.key
	}
	varies := and ^ or
	tmp := make([]capAt, len(cs))
	src, dst := cs, tmp
	for shift := uint(0); shift < 64; shift += 8 {
		if varies>>shift&255 == 0 {
			continue
		}
		var count [257]int
		for _, c := range src {
			count[int(c.key>>shift&255)+1]++
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for _, c := range src {
			b := c.key >> shift & 255
			dst[count[b]] = c
			count[b]++
		}
		src, dst = dst, src
	}
	return src
}
