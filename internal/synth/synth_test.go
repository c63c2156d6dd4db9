package synth

import (
	"reflect"
	"testing"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// byOfficer groups a roster into one caseload per officer, in officer
// order; a cover contact goes to both its owner and its doer.
func byOfficer(t testing.TB, r workload.Roster) []workload.Caseload {
	t.Helper()
	idx := make(map[string]int, len(r.Officers))
	out := make([]workload.Caseload, len(r.Officers))
	for i, o := range r.Officers {
		if _, dup := idx[o.ID]; dup {
			t.Fatalf("duplicate officer %s", o.ID)
		}
		idx[o.ID] = i
		out[i].Officer = o
	}
	at := func(id, what string) int {
		i, ok := idx[id]
		if !ok {
			t.Fatalf("%s names unknown officer %q", what, id)
		}
		return i
	}
	for _, c := range r.Cases {
		i := at(c.Officer, "case "+c.ID)
		out[i].Cases = append(out[i].Cases, c)
	}
	for _, rp := range r.Reports {
		i := at(rp.Officer, "report "+rp.ID)
		out[i].Reports = append(out[i].Reports, rp)
	}
	for _, cv := range r.Covers {
		o, d := at(cv.Owner, "cover owner"), at(cv.Doer, "cover doer")
		out[o].Covers = append(out[o].Covers, cv)
		out[d].Covers = append(out[d].Covers, cv)
	}
	return out
}

// measureAll measures every officer under the default policy at AsOf.
func measureAll(t testing.TB, r workload.Roster) []workload.Load {
	t.Helper()
	p := workload.DefaultPolicy()
	loads := make([]workload.Load, 0, len(r.Officers))
	for _, cl := range byOfficer(t, r) {
		l, err := p.Measure(cl, AsOf())
		if err != nil {
			t.Fatalf("officer %s: %v", cl.Officer.ID, err)
		}
		loads = append(loads, l)
	}
	return loads
}

var roshFor = map[byte]risk.RoSH{'A': risk.RoSHVeryHigh, 'B': risk.RoSHHigh, 'C': risk.RoSHMedium, 'D': risk.RoSHLow}

// checkConsistent checks the invariants the package documents.
func checkConsistent(t *testing.T, r workload.Roster) {
	t.Helper()
	today := days.Number(AsOf())
	seen := make(map[string]bool, len(r.Cases))
	caseOwner := make(map[string]string, len(r.Cases))
	for _, c := range r.Cases {
		if seen[c.ID] {
			t.Fatalf("duplicate case %s", c.ID)
		}
		seen[c.ID] = true
		caseOwner[c.ID] = c.Officer
		start, two, end := days.Number(c.Start), days.Number(c.TwoThirds), days.Number(c.End)
		if start > two || two > end {
			t.Fatalf("case %s: start %v, two-thirds %v, end %v out of order", c.ID, c.Start, c.TwoThirds, c.End)
		}
		if start < today-1095 || start >= today {
			t.Fatalf("case %s: start %v not within the last 3 years", c.ID, c.Start)
		}
		if lc := days.Number(c.LastContact); lc < today-59 || lc > today || lc < start {
			t.Fatalf("case %s: last contact %v", c.ID, c.LastContact)
		}
		if al := days.Number(c.Allocated); al < start || al > today {
			t.Fatalf("case %s: allocated %v", c.ID, c.Allocated)
		}
		if (c.Type == tier.Community) != c.Release.IsZero() {
			t.Fatalf("case %s: %s with release %v", c.ID, c.Type, c.Release)
		}
		if c.Tier.Unsupervised() != c.Risk.Flags.Has(risk.FlagUnsupervised) {
			t.Fatalf("case %s: tier %s with flags %s", c.ID, c.Tier, c.Risk.Flags)
		}
		if c.Tier.Unsupervised() && two > today {
			t.Fatalf("case %s: S tier before its two-thirds point %v", c.ID, c.TwoThirds)
		}
		if c.Risk.Complexity < 0 || c.Risk.Complexity > 4 {
			t.Fatalf("case %s: complexity %d", c.ID, c.Risk.Complexity)
		}
		if l, ok := c.Tier.Letter(); ok && c.Risk.RoSH != roshFor[l] && (l != 'A' || c.Risk.MAPPA < 2) && (l != 'B' || c.Risk.RoSH != risk.RoSHMedium) {
			t.Fatalf("case %s: tier %s with RoSH %s, MAPPA %s", c.ID, c.Tier, c.Risk.RoSH, c.Risk.MAPPA)
		}
	}
	for _, o := range r.Officers {
		for _, rd := range o.Reductions {
			if rd.To.IsZero() || rd.To.Before(rd.From) {
				t.Fatalf("officer %s: reduction %s from %v to %v", o.ID, rd.Reason, rd.From, rd.To)
			}
		}
	}
	for _, rp := range r.Reports {
		if d := days.Number(rp.Due); d < today || d > today+21 {
			t.Fatalf("report %s due %v", rp.ID, rp.Due)
		}
	}
	team := make(map[string]string, len(r.Officers))
	for _, o := range r.Officers {
		team[o.ID] = o.Team
	}
	for _, cv := range r.Covers {
		if caseOwner[cv.Case] != cv.Owner || cv.Doer == cv.Owner || team[cv.Doer] != team[cv.Owner] {
			t.Fatalf("cover %+v: not the owner's case or not a colleague", cv)
		}
		if on := days.Number(cv.On); on < today-9 || on > today {
			t.Fatalf("cover on %v", cv.On)
		}
	}
}

func TestTeam(t *testing.T) {
	r := Team(DefaultSeed)
	checkConsistent(t, r)
	if len(r.Officers) != 12 {
		t.Fatalf("%d officers, want 12", len(r.Officers))
	}
	if n := len(r.Cases); n < 420 || n > 540 {
		t.Errorf("%d cases, want about 480", n)
	}
	if len(r.Covers) != 2 || len(r.Reports) == 0 {
		t.Errorf("%d covers and %d reports, want 2 and a few", len(r.Covers), len(r.Reports))
	}
	grades := map[workload.Grade]int{}
	partTime := 0
	for _, o := range r.Officers {
		grades[o.Grade]++
		if !o.Hours.Equal(fullTime) {
			partTime++
		}
	}
	if partTime != 2 || grades[workload.SPO] != 1 || grades[workload.PQiP] != 1 || grades[workload.NQO] != 1 {
		t.Errorf("grades %v with %d part-time", grades, partTime)
	}
	bands := map[workload.Band]int{}
	for _, l := range measureAll(t, r) {
		bands[l.Band]++
		if l.Grade == workload.SPO && l.Cases != 0 {
			t.Errorf("SPO %s holds %d cases", l.Officer, l.Cases)
		}
		if l.Grade == workload.PQiP && l.Hours.Reductions.IsZero() {
			t.Errorf("trainee %s has no reduction in force", l.Officer)
		}
	}
	if bands[workload.BandRed] < 3 || bands[workload.BandWithin] < 3 {
		t.Errorf("bands %v: want several officers over 110%% and several within", bands)
	}
}

func TestScaledMeasures(t *testing.T) {
	cfg := Scaled(DefaultSeed, 10000)
	if cfg.Officers != 440 || cfg.Teams != 36 || cfg.Regions != 12 {
		t.Fatalf("Scaled(10000) = %+v", cfg)
	}
	r := Generate(cfg)
	if len(r.Cases) != 10000 || len(r.Officers) != 440 || len(r.Reports) != 400 || len(r.Covers) != 20 {
		t.Fatalf("%d cases, %d officers, %d reports, %d covers", len(r.Cases), len(r.Officers), len(r.Reports), len(r.Covers))
	}
	checkConsistent(t, r)
	measureAll(t, r)
}

func TestSmallConfigs(t *testing.T) {
	for _, cases := range []int{0, 1, 30, 1000} {
		r := Generate(Scaled(7, cases))
		if len(r.Cases) != cases || len(r.Officers) < 1 {
			t.Fatalf("%d cases: got %d cases, %d officers", cases, len(r.Cases), len(r.Officers))
		}
		checkConsistent(t, r)
		measureAll(t, r)
	}
}

func TestNational(t *testing.T) {
	if testing.Short() {
		t.Skip("national roster in -short mode")
	}
	r := National(DefaultSeed)
	if len(r.Cases) != 250000 || len(r.Officers) != 11000 {
		t.Fatalf("%d cases, %d officers", len(r.Cases), len(r.Officers))
	}
	teams, regions := map[string]int{}, map[string]bool{}
	for _, o := range r.Officers {
		teams[o.Team]++
		regions[o.Region] = true
	}
	if len(teams) != 900 || len(regions) != 12 {
		t.Fatalf("%d teams, %d regions", len(teams), len(regions))
	}
	for _, o := range r.Officers {
		if n := teams[o.Team]; n < 8 || n > 15 {
			t.Fatalf("team %s has %d officers", o.Team, n)
		}
	}
	if r.Officers[0].ID != "off-00001" || r.Officers[0].Team != "team-0001" || r.Officers[0].Region != "region-01" || r.Cases[0].ID != "case-000001" {
		t.Errorf("IDs: %s %s %s %s", r.Officers[0].ID, r.Officers[0].Team, r.Officers[0].Region, r.Cases[0].ID)
	}
	checkConsistent(t, r)
	if !reflect.DeepEqual(r, National(DefaultSeed)) {
		t.Error("National is not deterministic")
	}
}

func TestDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Team(DefaultSeed), Team(DefaultSeed)) {
		t.Error("Team is not deterministic")
	}
	cfg := Scaled(DefaultSeed, 10000)
	a := Generate(cfg)
	if !reflect.DeepEqual(a, Generate(cfg)) {
		t.Error("Generate is not deterministic")
	}
	cfg.Seed++
	if reflect.DeepEqual(a, Generate(cfg)) {
		t.Error("different seeds gave the same roster")
	}
	if reflect.DeepEqual(Team(DefaultSeed), Team(DefaultSeed+1)) {
		t.Error("different seeds gave the same team")
	}
}

func BenchmarkNational(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r := National(DefaultSeed)
		if len(r.Cases) != 250000 {
			b.Fatal(len(r.Cases))
		}
	}
}
