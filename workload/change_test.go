package workload

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// propLive is a prepared roster taking changes, checked against the plain
// roster they describe, prepared from scratch after every step.
type propLive struct {
	p      *Policy
	model  Roster    // the roster as the changes leave it
	live   *Prepared // the same, by Apply
	next   int       // next case and officer number
	before *Prepared // the roster before the last step, which must not change
	was    propMeasurementView
}

// apply makes one change to both sides: the model by hand, the live
// roster by Apply. Either both accept it or both refuse it.
func (m *propLive) apply(t *rapid.T, ch Change, edit func(r *Roster) bool, touched ...string) {
	next := Roster{Officers: slices.Clone(m.model.Officers), Cases: slices.Clone(m.model.Cases), Reports: m.model.Reports, Covers: m.model.Covers}
	ok := edit(&next)
	var rebuilt *Prepared
	var err error
	if ok {
		rebuilt, err = m.p.Prepare(next)
		ok = err == nil
	}
	m.before, m.was = m.live, propView(m.live.Measure(asOf))
	live, aerr := m.live.Apply(ch)
	switch {
	case ok && aerr != nil:
		t.Fatalf("Apply(%+v) refused what Prepare accepts: %v", ch, aerr)
	case !ok && aerr == nil:
		t.Fatalf("Apply(%+v) accepted what Prepare refuses (%v)", ch, err)
	case !ok:
		return
	}
	// Officers the change does not name keep identical loads.
	after := live.Measure(asOf)
	for _, ld := range m.was.Loads {
		if slices.Contains(touched, ld.Officer) {
			continue
		}
		got, found := after.Load(ld.Officer)
		if !found {
			t.Fatalf("untouched officer %s is gone", ld.Officer)
		}
		if diff := propDiff(ld, got); diff != "" {
			t.Fatalf("untouched officer %s changed (-before +after):\n%s", ld.Officer, diff)
		}
	}
	_ = rebuilt
	m.model, m.live = next, live
}

func (m *propLive) officerID(t *rapid.T, label string) string {
	if len(m.model.Officers) == 0 {
		t.Skip("no officers")
	}
	return rapid.SampledFrom(m.model.Officers).Draw(t, label).ID
}

func (m *propLive) caseAt(t *rapid.T) int {
	if len(m.model.Cases) == 0 {
		t.Skip("no cases")
	}
	return rapid.IntRange(0, len(m.model.Cases)-1).Draw(t, "case")
}

func indexOfCase(r *Roster, id string) int {
	return slices.IndexFunc(r.Cases, func(c Case) bool { return c.ID == id })
}

func indexOfOfficer(r *Roster, id string) int {
	return slices.IndexFunc(r.Officers, func(o Officer) bool { return o.ID == id })
}

// Allocate gives a new case (sometimes a duplicate ID, sometimes an
// unknown officer) to an officer.
func (m *propLive) Allocate(t *rapid.T) {
	officer := m.officerID(t, "officer")
	if rapid.IntRange(0, 9).Draw(t, "strangerOdds") == 0 {
		officer = "stranger"
	}
	id := "n" + strconv.Itoa(m.next)
	if len(m.model.Cases) > 0 && rapid.IntRange(0, 9).Draw(t, "duplicateOdds") == 0 {
		id = m.model.Cases[m.caseAt(t)].ID
	}
	m.next++
	c := propCase(t, m.p, id, officer)
	m.apply(t, Change{Kind: CaseAllocated, Case: c}, func(r *Roster) bool {
		r.Cases = append(r.Cases, c)
		return true
	}, officer)
}

// Transfer moves a case to another (or the same, or an unknown) officer.
func (m *propLive) Transfer(t *rapid.T) {
	c := m.model.Cases[m.caseAt(t)]
	to := m.officerID(t, "to")
	if rapid.IntRange(0, 9).Draw(t, "strangerOdds") == 0 {
		to = "stranger"
	}
	m.apply(t, Change{Kind: CaseTransferred, ID: c.ID, To: to}, func(r *Roster) bool {
		if indexOfOfficer(r, to) < 0 {
			return false
		}
		r.Cases[indexOfCase(r, c.ID)].Officer = to
		return true
	}, c.Officer, to)
}

// Close removes a case, or a case that does not exist.
func (m *propLive) Close(t *rapid.T) {
	id := "gone"
	if len(m.model.Cases) > 0 && rapid.Bool().Draw(t, "real") {
		id = m.model.Cases[m.caseAt(t)].ID
	}
	var holder string
	if i := indexOfCase(&m.model, id); i >= 0 {
		holder = m.model.Cases[i].Officer
	}
	m.apply(t, Change{Kind: CaseClosed, ID: id}, func(r *Roster) bool {
		i := indexOfCase(r, id)
		if i < 0 {
			return false
		}
		r.Cases = slices.Delete(r.Cases, i, i+1)
		return true
	}, holder)
}

// Update re-tiers or re-assesses a case, sometimes moving it too.
func (m *propLive) Update(t *rapid.T) {
	old := m.model.Cases[m.caseAt(t)]
	officer := old.Officer
	if rapid.Bool().Draw(t, "move") {
		officer = m.officerID(t, "officer")
	}
	c := propCase(t, m.p, old.ID, officer)
	m.apply(t, Change{Kind: CaseUpdated, Case: c}, func(r *Roster) bool {
		r.Cases[indexOfCase(r, c.ID)] = c
		return true
	}, old.Officer, officer)
}

// Join adds an officer, or one already there.
func (m *propLive) Join(t *rapid.T) {
	id := "j" + strconv.Itoa(m.next)
	if len(m.model.Officers) > 0 && rapid.IntRange(0, 5).Draw(t, "duplicateOdds") == 0 {
		id = m.officerID(t, "again")
	}
	m.next++
	o := propOfficer(t, id, rapid.SampledFrom([]string{"T1", "T2", "T4"}).Draw(t, "team"))
	m.apply(t, Change{Kind: OfficerJoined, Officer: o}, func(r *Roster) bool {
		r.Officers = append(r.Officers, o)
		return true
	}, id)
}

// Leave removes an officer (refused while they hold work).
func (m *propLive) Leave(t *rapid.T) {
	id := m.officerID(t, "officer")
	m.apply(t, Change{Kind: OfficerLeft, ID: id}, func(r *Roster) bool {
		i := indexOfOfficer(r, id)
		r.Officers = slices.Delete(r.Officers, i, i+1)
		return true
	}, id)
}

// UpdateOfficer changes an officer's hours, reductions, grade or team.
func (m *propLive) UpdateOfficer(t *rapid.T) {
	id := m.officerID(t, "officer")
	o := propOfficer(t, id, rapid.SampledFrom([]string{"T1", "T2", "T4"}).Draw(t, "team"))
	m.apply(t, Change{Kind: OfficerUpdated, Officer: o}, func(r *Roster) bool {
		r.Officers[indexOfOfficer(r, id)] = o
		return true
	}, id)
}

// Check compares the live roster with the model prepared from scratch:
// every load, summary, caseload, officer and team; and the roster before
// the last step still measures as it did.
func (m *propLive) Check(t *rapid.T) {
	rebuilt, err := m.p.Prepare(m.model)
	if err != nil {
		t.Fatalf("model refused: %v", err)
	}
	whole := rebuilt.Measure(asOf)
	if diff := propDiff(propView(whole), propView(m.live.Measure(asOf))); diff != "" {
		t.Fatalf("incremental differs from rebuilt (-rebuilt +incremental):\n%s", diff)
	}
	if diff := propDiff(rebuilt.Officers(), m.live.Officers()); diff != "" {
		t.Fatalf("officers differ (-rebuilt +incremental):\n%s", diff)
	}
	if diff := propDiff(rebuilt.Teams(), m.live.Teams()); diff != "" {
		t.Fatalf("teams differ (-rebuilt +incremental):\n%s", diff)
	}
	for _, o := range m.model.Officers {
		want, _ := rebuilt.Caseload(o.ID)
		got, ok := m.live.Caseload(o.ID)
		if !ok {
			t.Fatalf("no caseload for %s", o.ID)
		}
		if diff := propDiff(want, got); diff != "" {
			t.Fatalf("caseload of %s differs (-rebuilt +incremental):\n%s", o.ID, diff)
		}
		one, err := m.live.MeasureOfficer(o.ID, asOf)
		if err != nil {
			t.Fatal(err)
		}
		bulk, _ := whole.Load(o.ID)
		if diff := propDiff(bulk, one); diff != "" {
			t.Fatalf("MeasureOfficer(%s) differs from the bulk load (-bulk +one):\n%s", o.ID, diff)
		}
	}
	if m.before != nil {
		if diff := propDiff(m.was, propView(m.before.Measure(asOf))); diff != "" {
			t.Fatalf("the roster before the change changed (-then +now):\n%s", diff)
		}
	}
}

// testLiveRoster: applying any sequence of changes incrementally gives
// exactly what preparing the changed roster from scratch gives; untouched
// officers' loads are identical; earlier rosters never change; a change
// is refused exactly when the changed roster would be. (Checked to fail:
// inserting a transferred case at the end of the new officer's list
// instead of in roster order; writing an updated case into the old
// record in place.)
func testLiveRoster(t *rapid.T) {
	p := propPolicy(t)
	r := propRoster(t, p)
	live, err := p.Prepare(r)
	if err != nil {
		t.Fatalf("generated roster is invalid: %v", err)
	}
	m := &propLive{p: p, model: r, live: live}
	t.Repeat(rapid.StateMachineActions(m))
}

func TestLiveRoster(t *testing.T) { rapid.Check(t, testLiveRoster) }
func FuzzLiveRoster(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testLiveRoster)) }

func TestApplyZeroPrepared(t *testing.T) {
	var pr Prepared
	if _, err := pr.Apply(Change{Kind: CaseClosed, ID: "c1"}); !errors.Is(err, ErrMissing) {
		t.Fatalf("Apply on a zero Prepared: %v, want ErrMissing", err)
	}
}

func TestApplyReportsEveryProblem(t *testing.T) {
	p := DefaultPolicy()
	pr, err := p.Prepare(Roster{Officers: []Officer{{ID: "a", Team: "T", Grade: PO, Hours: decimal.NewFromInt(37)}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = pr.Apply(
		Change{Kind: CaseClosed, ID: "nope"},
		Change{Kind: ChangeUnknown},
		Change{Kind: OfficerLeft, ID: "b"},
	)
	want := `workload: changes[0].id "nope": unknown value: no such case in the roster
workload: changes[1].kind "unknown": unknown value: want one of case-allocated, case-transferred, case-closed, case-updated, officer-joined, officer-left, officer-updated
workload: changes[2].id "b": unknown value: no such officer in the roster`
	if err == nil || err.Error() != want {
		t.Fatalf("got\n%v\nwant\n%s", err, want)
	}
}

// propDiff is cmp.Diff with loads' fixed-point figures, after a quick
// reflect.DeepEqual: the state machine compares whole rosters at every
// step, and cmp is slow.
func propDiff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return cmp.Diff(want, got, propLoadOpts)
}
