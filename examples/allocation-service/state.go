package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/openprobation/caseload/tier"
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
// each case, and the teams, as an immutable snapshot behind an atomic
// pointer. Readers load the pointer and read without any lock; the one
// writer makes a new snapshot after each commit, copying only what the
// batch changed (the officer and team maps, and the owner shards it
// touched), and swaps it in.
type state struct {
	cur   atomic.Pointer[snapshot]
	canon map[tier.Tier]tier.Tier // the policy's own tier names, set once
}

// settle makes a case joining the caseload of officer share that
// officer's ID and the policy's tier name, instead of strings decoded
// for it alone: measuring a caseload reads every case's tier and officer,
// and one copy of each stays in cache where a copy per case does not.
// The values are equal, so nothing a caller sees changes.
func (st *state) settle(c *workload.Case, officer string) {
	c.Officer = officer
	if t, ok := st.canon[c.Tier]; ok {
		c.Tier = t
	}
}

// snapshot is the state after event seq. Nothing in it changes once it is
// published.
type snapshot struct {
	officers map[string]*officerEntry
	owner    ownerMap            // case → officer
	teams    map[string][]string // team → sorted officer IDs
	seq      int64               // the last event applied
	version  map[string]int64    // team → seq of its last change (team caches)
}

// ownerShards is the number of shards of the case → officer map, so that a
// batch copies only the few shards its cases fall in, not every case.
const ownerShards = 64

type ownerMap [ownerShards]map[string]string

func ownerShard(caseID string) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(caseID); i++ {
		h = (h ^ uint32(caseID[i])) * 16777619
	}
	return int(h % ownerShards)
}

func (m *ownerMap) get(caseID string) (string, bool) {
	o, ok := m[ownerShard(caseID)][caseID]
	return o, ok
}

func (m *ownerMap) len() int {
	n := 0
	for _, sh := range m {
		n += len(sh)
	}
	return n
}

func newState() *state {
	st := &state{canon: map[tier.Tier]tier.Tier{}}
	sn := &snapshot{officers: map[string]*officerEntry{}, teams: map[string][]string{}, version: map[string]int64{}}
	for i := range sn.owner {
		sn.owner[i] = map[string]string{}
	}
	st.cur.Store(sn)
	return st
}

// load returns the current snapshot.
func (st *state) load() *snapshot { return st.cur.Load() }

// stateFromRoster builds the state of a roster, validated by the policy
// as a whole (unique IDs, every case's officer known).
func stateFromRoster(p *workload.Policy, r workload.Roster) (*state, error) {
	if _, err := p.Prepare(r); err != nil {
		return nil, err
	}
	st := newState()
	for _, t := range p.Scheme().Tiers() {
		st.canon[t] = t
	}
	sn := st.load() // not yet shared: built in place
	cls := map[string]*workload.Caseload{}
	for _, o := range r.Officers {
		cls[o.ID] = &workload.Caseload{Officer: o}
	}
	for _, c := range r.Cases {
		cl := cls[c.Officer]
		st.settle(&c, cl.Officer.ID)
		cl.Cases = append(cl.Cases, c)
		sn.owner[ownerShard(c.ID)][c.ID] = c.Officer
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
		sn.officers[id] = &officerEntry{caseload: *cl}
		t := cl.Officer.Team
		i, _ := slices.BinarySearch(sn.teams[t], id)
		sn.teams[t] = slices.Insert(sn.teams[t], i, id)
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
	officers := v.st.load().officers
	all := make(map[string]*officerEntry, len(officers)+len(v.officers))
	for id, e := range officers {
		all[id] = e
	}
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
	e, ok := st.load().officers[officer]
	return e, ok
}

// teamEntries returns a team's entries by officer ID and the team's
// version, or ok false for no such team.
func (st *state) teamEntries(team string) ([]*officerEntry, int64, bool) {
	sn := st.load()
	ids, ok := sn.teams[team]
	if !ok {
		return nil, 0, false
	}
	out := make([]*officerEntry, len(ids))
	for i, id := range ids {
		out[i] = sn.officers[id]
	}
	return out, sn.version[team], true
}

func (st *state) counts() (officers, cases, teams int, seq int64) {
	sn := st.load()
	return len(sn.officers), sn.owner.len(), len(sn.teams), sn.seq
}

// holder returns the officer holding a case.
func (st *state) holder(caseID string) (string, bool) {
	sn := st.load()
	return sn.owner.get(caseID)
}

// change is what one event does to the state: new entries for the
// officers it touches and the cases whose holder changes ("" = closed).
type change struct {
	officers map[string]*officerEntry
	owners   map[string]string
}

// publish makes a batch of changes visible to readers at once: a new
// snapshot sharing everything the batch did not touch. Only the writer
// (or start-up, before it runs) calls it.
func (st *state) publish(changes []change, seq int64) {
	old := st.load()
	sn := &snapshot{owner: old.owner, seq: seq, officers: old.officers, teams: old.teams, version: old.version}
	var copied [ownerShards]bool
	cloned := false
	for _, ch := range changes {
		if len(ch.officers) > 0 && !cloned {
			sn.officers, sn.teams, sn.version = maps.Clone(old.officers), maps.Clone(old.teams), maps.Clone(old.version)
			cloned = true
		}
		for id, e := range ch.officers {
			if prev, ok := sn.officers[id]; ok && prev.caseload.Officer.Team != e.caseload.Officer.Team {
				t := prev.caseload.Officer.Team
				if i, found := slices.BinarySearch(sn.teams[t], id); found {
					sn.teams[t] = slices.Delete(slices.Clone(sn.teams[t]), i, i+1)
				}
				if len(sn.teams[t]) == 0 {
					delete(sn.teams, t)
				}
				sn.version[t] = seq
			}
			t := e.caseload.Officer.Team
			if i, found := slices.BinarySearch(sn.teams[t], id); !found {
				sn.teams[t] = slices.Insert(slices.Clone(sn.teams[t]), i, id)
			}
			sn.officers[id] = e
			sn.version[t] = seq
		}
		for c, o := range ch.owners {
			k := ownerShard(c)
			if !copied[k] {
				sn.owner[k] = maps.Clone(old.owner[k])
				copied[k] = true
			}
			if o == "" {
				delete(sn.owner[k], c)
			} else {
				sn.owner[k][c] = o
			}
		}
	}
	st.cur.Store(sn)
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
