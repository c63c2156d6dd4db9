package workload

import (
	"time"

	"math/big"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

// propRefWeights are the reference weights of docs/domain.md, "Case weights", typed out by
// hand (community, licence, custody) for A3, A2, …, D0; S tiers and
// untiered weigh 0, and young adults use the custody row.
var propRefWeights = map[tier.CaseType][16]int64{
	tier.Community: {206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29},
	tier.Licence:   {219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0},
	tier.Custody:   {75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0},
}

// propRefPoints is the model's weight of a case under the reference
// policy: the table above, the custody row for young adults, and the
// reference inactive shares (warrant 0%, unpaid work only 100%, overdue
// termination 0%).
func propRefPoints(c *Case) int64 {
	if c.Inactive == tier.Warrant || c.Inactive == tier.OverdueTermination {
		return 0
	}
	l, ok := c.Tier.Letter()
	if !ok || c.Tier.Unsupervised() {
		return 0
	}
	dg, _ := c.Tier.Digit()
	row := propRefWeights[c.Type]
	if c.YoungAdult {
		row = propRefWeights[tier.Custody]
	}
	return row[int(l-'A')*4+3-dg]
}

// propOrg is a small organisation whose cases move about: the model the
// library's measurement is checked against after every step.
type propOrg struct {
	p        *Policy
	officers []Officer // in roster order; reductions change
	cases    []Case    // in roster order
	next     int       // the next case ID
}

func (m *propOrg) officerIndex(t *rapid.T, label string) int {
	return rapid.IntRange(0, len(m.officers)-1).Draw(t, label)
}

func (m *propOrg) caseIndex(t *rapid.T) int {
	if len(m.cases) == 0 {
		t.Skip("no cases")
	}
	return rapid.IntRange(0, len(m.cases)-1).Draw(t, "case")
}

// Assign gives a new case to an officer.
func (m *propOrg) Assign(t *rapid.T) {
	o := m.officers[m.officerIndex(t, "officer")]
	c := Case{
		ID:         "c" + strconv.Itoa(m.next),
		Officer:    o.ID,
		Tier:       rapid.SampledFrom(tier.All()).Draw(t, "tier"),
		Type:       rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
		YoungAdult: rapid.Bool().Draw(t, "youngAdult"),
		Inactive:   rapid.SampledFrom(propInactive).Draw(t, "inactive"),
		Start:      propMaybeDay(t, "start", 400, 0),
	}
	m.next++
	m.cases = append(m.cases, c)
}

// Transfer moves a case to another officer.
func (m *propOrg) Transfer(t *rapid.T) {
	i := m.caseIndex(t)
	to := m.officers[m.officerIndex(t, "to")].ID
	if to == m.cases[i].Officer {
		t.Skip("same officer")
	}
	m.cases[i].Officer = to
}

// Close removes a case.
func (m *propOrg) Close(t *rapid.T) {
	i := m.caseIndex(t)
	m.cases = slices.Delete(m.cases, i, i+1)
}

// Retier changes a case's tier.
func (m *propOrg) Retier(t *rapid.T) {
	i := m.caseIndex(t)
	m.cases[i].Tier = rapid.SampledFrom(tier.All()).Draw(t, "tier")
}

// AddReduction gives an officer a dated reduction in hours or percent,
// in force today, ended, or starting later.
func (m *propOrg) AddReduction(t *rapid.T) {
	o := &m.officers[m.officerIndex(t, "officer")]
	r := Reduction{Reason: OtherReason, From: propDay(t, "from", 300, 20)}
	if rapid.Bool().Draw(t, "ends") {
		r.To = r.From.AddDate(0, 0, rapid.IntRange(0, 300).Draw(t, "length"))
		if last := time.Date(maxYear, 12, 31, 0, 0, 0, 0, time.UTC); r.To.After(last) {
			r.To = last
		}
	}
	if o.Hours.Shift(2).IntPart() < 1 || rapid.Bool().Draw(t, "percent") {
		r.Reason = TradeUnion
		r.Percent = decimal.NewFromInt(rapid.Int64Range(1, 50).Draw(t, "pct"))
	} else {
		r.Hours = decimal.New(rapid.Int64Range(1, o.Hours.Shift(2).IntPart()).Draw(t, "hours"), -2)
	}
	o.Reductions = append(o.Reductions, r)
}

// RemoveReduction ends an officer's reduction early by deleting it.
func (m *propOrg) RemoveReduction(t *rapid.T) {
	o := &m.officers[m.officerIndex(t, "officer")]
	if len(o.Reductions) == 0 {
		t.Skip("no reductions")
	}
	i := rapid.IntRange(0, len(o.Reductions)-1).Draw(t, "reduction")
	o.Reductions = slices.Delete(slices.Clone(o.Reductions), i, i+1)
}

// modelAvailable is 2176 × (hours − reductions in force, capped) ÷ 37,
// rounded half up to 2 places, or 0 for a manager.
func (m *propOrg) modelAvailable(o *Officer) (decimal.Decimal, *big.Rat) {
	hours := o.Hours.Rat()
	red := new(big.Rat)
	for _, r := range o.Reductions {
		if !r.Applies(asOf) {
			continue
		}
		if r.Percent.IsZero() {
			red.Add(red, r.Hours.Rat())
		} else {
			red.Add(red, new(big.Rat).Quo(new(big.Rat).Mul(hours, r.Percent.Rat()), big.NewRat(100, 1)))
		}
	}
	if red.Cmp(hours) > 0 {
		red.Set(hours)
	}
	if o.Grade == SPO {
		return decimal.Zero, new(big.Rat)
	}
	avail := new(big.Rat).Mul(big.NewRat(2176, 37), new(big.Rat).Sub(hours, red))
	return propRoundRat(avail, 2, RoundHalfUp), avail
}

// Check measures the roster and compares every officer and team with the
// model, and checks that every case is held exactly once.
func (m *propOrg) Check(t *rapid.T) {
	r := Roster{Officers: slices.Clone(m.officers), Cases: slices.Clone(m.cases)}
	pr, err := m.p.Prepare(r)
	if err != nil {
		t.Fatalf("roster refused: %v", err)
	}
	ms := pr.Measure(asOf)
	type team struct{ points, avail decimal.Decimal }
	teams := map[string]*team{}
	total := 0
	for i := range m.officers {
		o := &m.officers[i]
		var points int64
		var cases int
		var letters LetterMix
		for j := range m.cases {
			c := &m.cases[j]
			if c.Officer != o.ID {
				continue
			}
			points += propRefPoints(c)
			cases++
			if l, ok := c.Tier.Letter(); ok {
				letters.add(int8(l-'A'), 1)
			} else {
				letters.Other++
			}
		}
		avail, _ := m.modelAvailable(o)
		ld, ok := ms.Load(o.ID)
		if !ok {
			t.Fatalf("no load for officer %s", o.ID)
		}
		if !ld.Points.Equal(decimal.NewFromInt(points)) || ld.Cases != cases || ld.Letters != letters {
			t.Fatalf("officer %s: %s points, %d cases, letters %+v; model %d, %d, %+v", o.ID, ld.Points, ld.Cases, ld.Letters, points, cases, letters)
		}
		if !ld.Available.Equal(avail) {
			t.Fatalf("officer %s (%s, %s h, reductions %+v): available %s, model %s", o.ID, o.Grade, o.Hours, o.Reductions, ld.Available, avail)
		}
		var band Band
		switch {
		case !avail.IsPositive() && cases > 0:
			band = BandNoCapacity
		case !avail.IsPositive():
			band = BandWithin
		default:
			band = propBandOf(m.p, new(big.Rat).Quo(big.NewRat(points*100, 1), avail.Rat()))
		}
		if ld.Band != band {
			t.Fatalf("officer %s: band %s, model %s (%d of %s)", o.ID, ld.Band, band, points, avail)
		}
		tm := teams[o.Team]
		if tm == nil {
			tm = &team{decimal.Zero, decimal.Zero}
			teams[o.Team] = tm
		}
		tm.points = tm.points.Add(decimal.NewFromInt(points))
		tm.avail = tm.avail.Add(avail)
		total += cases
	}
	for id, tm := range teams {
		s, ok := ms.TeamSummary(id)
		if !ok {
			t.Fatalf("no summary for team %s", id)
		}
		if !s.Points.Equal(tm.points) || !s.Available.Equal(tm.avail) {
			t.Fatalf("team %s: %s of %s, model %s of %s", id, s.Points, s.Available, tm.points, tm.avail)
		}
		if tm.avail.IsPositive() {
			want := propRoundRat(new(big.Rat).Quo(new(big.Rat).Mul(tm.points.Rat(), big.NewRat(100, 1)), tm.avail.Rat()), 3, RoundHalfUp)
			if !s.Capacity.Equal(want) {
				t.Fatalf("team %s: capacity %s, model %s", id, s.Capacity, want)
			}
		}
	}
	if total != len(m.cases) || ms.National.Cases != len(m.cases) {
		t.Fatalf("cases held: %d by officers, %d nationally, %d in the model", total, ms.National.Cases, len(m.cases))
	}
	// Conservation: every case is held exactly once, by its officer.
	held := map[string]string{}
	for _, o := range pr.Officers() {
		cl, _ := pr.Caseload(o.ID)
		for _, c := range cl.Cases {
			if prev, dup := held[c.ID]; dup {
				t.Fatalf("case %s held by %s and %s", c.ID, prev, o.ID)
			}
			held[c.ID] = o.ID
		}
	}
	for _, c := range m.cases {
		if held[c.ID] != c.Officer {
			t.Fatalf("case %s held by %q, model %q", c.ID, held[c.ID], c.Officer)
		}
	}
	if len(held) != len(m.cases) {
		t.Fatalf("%d cases held, model %d", len(held), len(m.cases))
	}
}

// testCaseloadStateMachine runs assign, transfer, close, re-tier and
// reduction changes over 3–6 officers in two teams.
func testCaseloadStateMachine(t *rapid.T) {
	m := &propOrg{p: DefaultPolicy()}
	n := rapid.IntRange(3, 6).Draw(t, "officers")
	for i := 0; i < n; i++ {
		m.officers = append(m.officers, Officer{
			ID:    "o" + strconv.Itoa(i),
			Team:  []string{"T1", "T2"}[i%2],
			Grade: rapid.SampledFrom(Grades()).Draw(t, "grade"),
			Hours: decimal.New(rapid.Int64Range(0, 4000).Draw(t, "hours"), -2),
		})
	}
	t.Repeat(rapid.StateMachineActions(m))
}

func TestCaseloadStateMachine(t *testing.T) { rapid.Check(t, testCaseloadStateMachine) }
func FuzzCaseloadStateMachine(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCaseloadStateMachine)) }
