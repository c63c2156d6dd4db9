package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openprobation/caseload/workload"
)

// officerEntry is one officer's caseload as of some event, immutable once
// published. The holding measured at one date is cached beside it (most
// requests ask about today), so a check re-measures nothing; a new event
// for the officer makes a new entry, so the cache never goes stale.
type officerEntry struct {
	caseload workload.Caseload
	cached   atomic.Pointer[holdingAt]
}

type holdingAt struct {
	day     time.Time
	holding workload.MeasuredCaseload
}

// holding returns the officer's holding measured at asOf, from the cache
// when it was measured at that date.
func (e *officerEntry) holding(p *workload.Policy, asOf time.Time) (workload.MeasuredCaseload, error) {
	if c := e.cached.Load(); c != nil && c.day.Equal(asOf) {
		return c.holding, nil
	}
	h, err := p.MeasureCaseload(e.caseload, asOf)
	if err != nil {
		return workload.MeasuredCaseload{}, err
	}
	e.cached.Store(&holdingAt{day: asOf, holding: h})
	return h, nil
}

// state is the live roster: every officer's entry, which officer holds
// each case, and the teams. Readers take the read lock only to pick up
// entry pointers; the writer swaps entries under the write lock after
// each commit.
type state struct {
	mu       sync.RWMutex
	officers map[string]*officerEntry
	owner    map[string]string   // case → officer
	teams    map[string][]string // team → sorted officer IDs
	seq      int64               // the last event applied
	version  map[string]int64    // team → seq of its last change (team caches)
}

func newState() *state {
	return &state{officers: map[string]*officerEntry{}, owner: map[string]string{},
		teams: map[string][]string{}, version: map[string]int64{}}
}

// stateFromRoster builds the state of a roster, validated by the policy
// as a whole (unique IDs, every case's officer known).
func stateFromRoster(p *workload.Policy, r workload.Roster) (*state, error) {
	if _, err := p.Prepare(r); err != nil {
		return nil, err
	}
	st := newState()
	cls := map[string]*workload.Caseload{}
	for _, o := range r.Officers {
		cls[o.ID] = &workload.Caseload{Officer: o}
	}
	for _, c := range r.Cases {
		cl := cls[c.Officer]
		cl.Cases = append(cl.Cases, c)
		st.owner[c.ID] = c.Officer
	}
	for _, rep := range r.Reports {
		if cl := cls[rep.Officer]; cl != nil {
			cl.Reports = append(cl.Reports, rep)
		}
	}
	for _, cv := range r.Covers {
		for _, id := range []string{cv.Owner, cv.Doer} {
			if cl := cls[id]; cl != nil {
				cl.Covers = append(cl.Covers, cv)
			}
		}
	}
	for id, cl := range cls {
		st.officers[id] = &officerEntry{caseload: *cl}
		t := cl.Officer.Team
		i, _ := slices.BinarySearch(st.teams[t], id)
		st.teams[t] = slices.Insert(st.teams[t], i, id)
	}
	return st, nil
}

// roster writes the state back as a roster, sorted by officer then case,
// for a snapshot.
func (st *state) roster() workload.Roster {
	return newView(st).roster()
}

// entries returns every officer's entry, the view's changes laid over the
// state, sorted by officer ID.
func (v *view) entries() []*officerEntry {
	v.st.mu.RLock()
	all := make(map[string]*officerEntry, len(v.st.officers)+len(v.officers))
	for id, e := range v.st.officers {
		all[id] = e
	}
	v.st.mu.RUnlock()
	for id, e := range v.officers {
		all[id] = e
	}
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*officerEntry, len(ids))
	for i, id := range ids {
		out[i] = all[id]
	}
	return out
}

// roster is the view as a roster, by officer then case.
func (v *view) roster() workload.Roster { return rosterOf(v.entries()) }

// rosterOf is the roster of entries sorted by officer ID, by officer then
// case. Entries are immutable, so it may run beside the writer.
func rosterOf(entries []*officerEntry) workload.Roster {
	var r workload.Roster
	seenCover := map[string]bool{}
	for _, e := range entries {
		cl := e.caseload
		r.Officers = append(r.Officers, cl.Officer)
		r.Cases = append(r.Cases, cl.Cases...)
		r.Reports = append(r.Reports, cl.Reports...)
		for _, cv := range cl.Covers {
			k := fmt.Sprint(cv)
			if !seenCover[k] {
				seenCover[k] = true
				r.Covers = append(r.Covers, cv)
			}
		}
	}
	slices.SortStableFunc(r.Cases, func(a, b workload.Case) int {
		if c := strings.Compare(a.Officer, b.Officer); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return r
}

func (st *state) entry(officer string) (*officerEntry, bool) {
	st.mu.RLock()
	e, ok := st.officers[officer]
	st.mu.RUnlock()
	return e, ok
}

// teamEntries returns a team's entries by officer ID and the team's
// version, or ok false for no such team.
func (st *state) teamEntries(team string) ([]*officerEntry, int64, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	ids, ok := st.teams[team]
	if !ok {
		return nil, 0, false
	}
	out := make([]*officerEntry, len(ids))
	for i, id := range ids {
		out[i] = st.officers[id]
	}
	return out, st.version[team], true
}

func (st *state) counts() (officers, cases, teams int, seq int64) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return len(st.officers), len(st.owner), len(st.teams), st.seq
}

// holder returns the officer holding a case.
func (st *state) holder(caseID string) (string, bool) {
	st.mu.RLock()
	o, ok := st.owner[caseID]
	st.mu.RUnlock()
	return o, ok
}

// change is what one event does to the state: new entries for the
// officers it touches and the cases whose holder changes ("" = closed).
type change struct {
	officers map[string]*officerEntry
	owners   map[string]string
}

// publish makes a batch of changes visible to readers at once.
func (st *state) publish(changes []change, seq int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, ch := range changes {
		for id, e := range ch.officers {
			if old, ok := st.officers[id]; ok && old.caseload.Officer.Team != e.caseload.Officer.Team {
				t := old.caseload.Officer.Team
				if i, found := slices.BinarySearch(st.teams[t], id); found {
					st.teams[t] = slices.Delete(st.teams[t], i, i+1)
				}
				if len(st.teams[t]) == 0 {
					delete(st.teams, t)
				}
				st.version[t] = seq
			}
			t := e.caseload.Officer.Team
			if i, found := slices.BinarySearch(st.teams[t], id); !found {
				st.teams[t] = slices.Insert(st.teams[t], i, id)
			}
			st.officers[id] = e
			st.version[t] = seq
		}
		for c, o := range ch.owners {
			if o == "" {
				delete(st.owner, c)
			} else {
				st.owner[c] = o
			}
		}
	}
	st.seq = seq
}

// view is what the writer validates events against: the published state
// with the batch's changes so far laid over it.
type view struct {
	st       *state
	officers map[string]*officerEntry
	owners   map[string]string
}

func newView(st *state) *view {
	return &view{st: st, officers: map[string]*officerEntry{}, owners: map[string]string{}}
}

func (v *view) entry(id string) (*officerEntry, bool) {
	if e, ok := v.officers[id]; ok {
		return e, true
	}
	return v.st.entry(id)
}

func (v *view) holder(caseID string) (string, bool) {
	if o, ok := v.owners[caseID]; ok {
		return o, o != ""
	}
	return v.st.holder(caseID)
}

func (v *view) apply(ch change) {
	for id, e := range ch.officers {
		v.officers[id] = e
	}
	for c, o := range ch.owners {
		v.owners[c] = o
	}
}

// snapshotJSON encodes a roster for the snapshots table.
func snapshotJSON(r workload.Roster) (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}
