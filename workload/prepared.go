package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// MaxReportedProblems bounds how many problems [Policy.Prepare] lists
// before counting the rest in one final error.
const MaxReportedProblems = 1000

// Prepared is a roster validated and indexed by a policy, ready to be
// measured at any date. It is immutable and safe for concurrent use: it
// keeps its own compact copy of what it needs (never a slice of the
// caller's), and everything it returns is a fresh copy the caller may
// change. [Prepared.Apply] derives a new roster from changes, sharing the
// data of every officer the changes do not touch.
//
// The zero Prepared is an empty roster with no policy: it measures to an
// empty measurement, finds no officer or team, and refuses changes.
type Prepared struct {
	p    *Policy
	offs officerList // sorted by ID
	// teams and regions are the distinct keys, sorted; teamOf and regionOf
	// give each officer's (by position).
	teams, regions   []string
	teamOf, regionOf []int32
	covers           []Cover // as given, decimals shared (they are immutable)
	index            caseIndex
	posOf            []int32 // officer position by stable key; -1 for an officer who left
	gross            int64   // micro-points of every work item, for the overflow bound
	seq              uint32  // roster position of the next case allocated
	tab              *caseTables
}

// officerRec is one officer's share of a prepared roster: the officer, and
// the cases, reports and cover contacts they hold, compiled for the hot
// loop and kept compactly enough to give them back exactly. Never changed
// once built, so rosters derived by Apply share it.
type officerRec struct {
	o     Officer // deep copy
	key   uint32  // stable across derived rosters; see Prepared.posOf
	po    packedOfficer
	cases []packedCase // in roster order
	info  []caseRest   // beside cases
	ids   string       // the cases' IDs, end to end (see caseRest.idOff)
	// sharedIDs says that ids is the whole prepared roster's IDs, in roster
	// order, not the officer's own: one string that Prepare writes in
	// one stream, which a change to the officer replaces by its own.
	sharedIDs bool
	fulls     []Case // cases the compact form cannot rebuild (see caseRest.full)
	reports   []Report
	preps     []packedReport
	covers    []int32 // indexes into Prepared.covers, as owner or doer, in roster order
	cin       []packedCover
	cout      []packedCover
	gross     int64 // micro-points of the cases and reports
	// casePts and letters are the cases' micro-points (exact: the roster's
	// gross bound keeps them far from overflow) and their count by letter
	// slot, which no date changes, so that measuring reads no case.
	casePts int64
	letters [5]int32
	// fixedAvail says that the officer has no reductions, so that avail,
	// their available micro-points, holds at every date.
	fixedAvail bool
	avail      int64
}

// compile packs the officer and works out what does not depend on the
// date.
func (r *officerRec) compile(p *Policy, t *caseTables) {
	r.po = r.o.pack(p)
	r.tally(t)
	r.fixedAvail, r.avail = len(r.po.reductions) == 0, 0
	if r.fixedAvail {
		r.avail = p.availableNet(r.o.Grade, r.po.hours)
	}
}

// packedCase is what the contact-demand loop reads of a case, in 20
// bytes: its tier, its kind (young adult, type, inactive status,
// suspended) from which the roster's caseTables give its points, letter
// and contact demand, and its days, arranged so that the phase needs no
// branches: a missing two-thirds point, start or re-release is farAhead
// (never reached), and custody is the day before which a custody case is
// not yet released (farAhead with no release, farBehind for other cases).
type packedCase struct {
	ti         uint8 // tier index (a scheme has at most 256 tiers)
	kind       uint8 // suspended<<7 | youngAdult<<4 | type<<2 | inactive
	_          uint16
	start      int32 // critical-period anchor day (release or start), or farAhead
	rereleased int32 // re-release after recall, a second anchor, or farAhead
	twoThirds  int32 // day, or farAhead
	custody    int32
}

const kindSuspended = 1 << 7

// caseTables hold what a policy gives every kind of packed case, in
// arrays sized for the largest scheme so that the hot loop indexes them
// without bounds checks.
type caseTables struct {
	points   [256 << 5]int64 // micro-points, at tier<<5 | kind&31
	demand   [256 << 4]int64 // micro-minutes a week, at tier<<4 | phase key
	slot     [256]uint8      // letter slot of each tier
	critical int64
}

func (p *Policy) caseTables() *caseTables {
	t := &caseTables{critical: p.critical}
	for k := 0; k < 32; k++ {
		c := Case{YoungAdult: k>>4 != 0, Type: tier.CaseType(k >> 2 & 3), Inactive: tier.Inactive(k & 3)}
		if c.Type == tier.CaseTypeUnknown {
			continue // refused by validation
		}
		for ti := 0; ti < p.ntier; ti++ {
			t.points[ti<<5|k] = p.casePoints(&c, ti)
		}
	}
	for ti := 0; ti < p.ntier; ti++ {
		t.slot[ti] = uint8(letterSlot(p.letters[ti]))
		for k := 0; k < 16; k++ {
			t.demand[ti<<4|k] = p.weekMicro[ti][phaseOfKey(k)]
		}
	}
	return t
}

// pointsOf returns a packed case's micro-points.
func (t *caseTables) pointsOf(c *packedCase) int64 {
	return t.points[int(c.ti)<<5|int(c.kind&31)]
}

// phaseKey packs what decides a packed case's phase at day d into four
// bits, without branches: suspended, past two-thirds, custody before
// release, in a critical period (after the anchor or the re-release).
// phaseOfKey turns it into the phase with the precedence of
// Policy.phaseOn.
func phaseKey(c *packedCase, d, critical int64) int {
	past := (int64(c.twoThirds) - d - 1) >> 63 & 1 // d ≥ twoThirds
	cust := (d - int64(c.custody)) >> 63 & 1       // d < custody
	x := d - int64(c.start)
	y := d - int64(c.rereleased)
	crit := (^x>>63&1)&((x-critical)>>63&1) | (^y>>63&1)&((y-critical)>>63&1) // 0 ≤ d − anchor < critical
	return int(c.kind>>7)<<3 | int(past<<2|cust<<1|crit)
}

const (
	farAhead  = int32(1<<31 - 1)
	farBehind = int32(-1 << 31)
)

const noDay32 = int32(-1 << 31)

// caseRest keeps the rest of a case, compactly and without pointers: its
// ID as a span of its record's ids, dates as day numbers when they are
// UTC midnights (as decoded dates are) within 89 years of each other,
// else the whole case in the officer's fulls. Unless the whole case is
// kept, it holds all its packedCase is made of (see packInto).
type caseRest struct {
	idOff uint32
	full  int32 // index into officerRec.fulls, or -1
	seq   uint32
	flags risk.Flags
	base  int32 // the day dates count from: the first date set, or 0
	// dates are days from base, or noDay16 for a zero date, in the order
	// start, release, twoThirds, end, lastContact, allocated, assessedOn,
	// escalatedOn, recalled, rereleased.
	dates      [10]int16
	idLen      uint8 // IDs are at most 128 bytes
	complexity int8
	bits       uint16 // see restBits
	ti         uint8  // tier index, as in packedCase
}

// restBits places a case's small values in caseRest.bits: type and
// inactive status in two bits each, RoSH and MAPPA level in three, and
// three flags.
const (
	restType       = 0  // 2 bits
	restInactive   = 2  // 2 bits
	restRoSH       = 4  // 3 bits
	restMAPPA      = 7  // 3 bits
	restYoungAdult = 10 // 1 bit each from here
	restProvis     = 11
	restFlagsUnkn  = 12
)

const noDay16 = int16(-1 << 15)

// setDates keeps day numbers d (noDay32 for a zero date) in ci, and
// reports whether they fit: every date set within 32,767 days of the
// first one set. The offsets are worked out in a local array and stored
// at once, so that the loop reads nothing back from ci.
func (ci *caseRest) setDates(d *[10]int32) bool {
	base := int32(0)
	for _, v := range d {
		if v != noDay32 {
			base = v
			break
		}
	}
	ok := true
	var dates [10]int16
	for k, v := range d {
		if v == noDay32 {
			dates[k] = noDay16
			continue
		}
		off := int64(v) - int64(base)
		if off < -1<<15+1 || off > 1<<15-1 {
			ok = false
			off = 0
		}
		dates[k] = int16(off)
	}
	ci.base, ci.dates = base, dates
	return ok
}

// day returns date k's day number, noDay32 for a zero date.
func (ci *caseRest) day(k int) int32 {
	if ci.dates[k] == noDay16 {
		return noDay32
	}
	return ci.base + int32(ci.dates[k])
}

// setSmall keeps a case's small values in ci, and reports whether they
// fit (they do for every valid case).
func (ci *caseRest) setSmall(c *Case) bool {
	ci.complexity = int8(c.Risk.Complexity)
	b := uint16(c.Type&3)<<restType | uint16(c.Inactive&3)<<restInactive | uint16(c.Risk.RoSH&7)<<restRoSH | uint16(c.Risk.MAPPA&7)<<restMAPPA
	if c.YoungAdult {
		b |= 1 << restYoungAdult
	}
	if c.Risk.Provisional {
		b |= 1 << restProvis
	}
	if c.Risk.FlagsUnknown {
		b |= 1 << restFlagsUnkn
	}
	ci.bits = b
	return c.Type <= 3 && c.Inactive <= 3 && c.Risk.RoSH <= 7 && c.Risk.MAPPA <= 7 && int(ci.complexity) == c.Risk.Complexity
}

func (ci *caseRest) bit(at uint) bool { return ci.bits>>at&1 != 0 }

// caseID returns the ID of the officer's j-th case.
func (r *officerRec) caseID(j int) string {
	ci := &r.info[j]
	return r.ids[ci.idOff : ci.idOff+uint32(ci.idLen)]
}

type packedReport struct {
	due    int32
	points int64
}

type packedCover struct {
	on     int32
	points int64
}

// dayOf returns t's day number, noDay32 for the zero time.
func dayOf(t time.Time) int32 {
	if t.IsZero() {
		return noDay32
	}
	return int32(days.Number(t))
}

// compactDay returns t's day number and whether dayTime gives t back
// exactly.
func compactDay(t time.Time) (int32, bool) {
	if t == (time.Time{}) {
		return noDay32, true
	}
	u := t.Unix()
	if u%86400 != 0 {
		return dayOf(t), false
	}
	return int32(u / 86400), time.Unix(u, 0).UTC() == t
}

// dayTime is the inverse of compactDay.
func dayTime(d int32) time.Time {
	if d == noDay32 {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

// Prepare validates a roster against the policy and indexes it. Every
// problem is reported (the first MaxReportedProblems listed, the rest
// counted): officers with bad or duplicate IDs, hours or reductions;
// cases with unknown tiers or types, duplicate IDs, a case on two
// officers, or an unknown officer; reports likewise; cover contacts whose
// officers or case are unknown or whose owner does not hold the case.
// Nothing is dropped: every case is measured or the roster is refused.
//
// The prepared roster keeps its own compact copy of the roster: later
// changes to r (its officers' reductions included) do not affect it.
func (p *Policy) Prepare(r Roster) (*Prepared, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	pr := &Prepared{p: p}
	checkCount(&l, "officers", len(r.Officers), MaxOfficers, "officers")
	checkCount(&l, "roster", len(r.Cases)+len(r.Reports)+len(r.Covers), MaxWorkItems, "work items")

	order := make([]int, len(r.Officers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(r.Officers[a].ID, r.Officers[b].ID) })
	recs := make([]officerRec, len(order))
	offIndex := make(map[string]int32, len(order))
	for k, i := range order {
		o := &r.Officers[i]
		// As for cases below, field paths are built only for an officer
		// with a problem.
		var scratch fault.List
		if o.validate(&scratch, ""); scratch.Len() > 0 {
			o.validate(&l, "officers["+strconv.Itoa(i)+"]")
		}
		recs[k].o = o.clone()
		if o.ID == "" {
			continue
		}
		if _, dup := offIndex[o.ID]; dup {
			l.Add("officers["+strconv.Itoa(i)+"].id", o.ID, ErrDuplicate, "officer listed twice")
			continue
		}
		offIndex[o.ID] = int32(k)
	}
	lookup := officerLookup{at: offIndex, last: -1}

	// Cases: one pass hashes each ID (for duplicates and the index),
	// finds each case's officer and sizes every
	// officer's share; the next validates the cases in roster order and
	// packs each one, so that a case is read twice.
	cases := r.Cases
	ix, hashes := newCaseIndex(len(cases))
	officerOf := make([]int32, len(cases))
	start := make([]int32, len(recs)+1)
	idBytes := 0
	for i := range cases {
		c := &cases[i]
		if c.ID != "" {
			hashes = append(hashes, caseEntry{h: ix.hash(c.ID), key: uint32(i)})
		}
		oi, ok := lookup.find(c.Officer)
		if !ok {
			officerOf[i] = -1
			continue
		}
		officerOf[i] = oi
		start[oi+1]++
		idBytes += len(c.ID)
	}
	for o := 1; o <= len(recs); o++ {
		start[o] += start[o-1]
	}
	sorted := sortHashes(hashes)
	firstOf := ix.duplicates(cases, sorted)
	// The IDs go end to end in one string, in roster order, shared by
	// every officer's record (see officerRec.sharedIDs).
	var arena strings.Builder
	arena.Grow(idBytes)
	// The cases are packed in two steps, so that no step writes at random
	// over the whole roster: this loop appends each case, in roster
	// order, to its bucket (a run of officers holding up to 16,384 cases
	// between them, whose places are known from the counts), and
	// bk.place then moves each bucket's cases to their officers' places
	// within it, where the writes stay in cache.
	bk := newBuckets(start)
	for i := range cases {
		c := &cases[i]
		o := officerOf[i]
		ti := p.tiers.index(c.Tier)
		// A case that can still be kept is packed straight into its
		// place; one that cannot is only validated.
		var ci *caseRest
		ordinary := false
		if o >= 0 && l.Len() == 0 {
			ci = bk.slot(o)
			ordinary = packOrdinary(c, ti, uint32(i), ci)
		}
		if !ordinary {
			// Field paths are built only for a case with a problem.
			var scratch fault.List
			if c.validate(&scratch, "", &p.scheme); scratch.Len() > 0 {
				c.validate(&l, "cases["+strconv.Itoa(i)+"]", &p.scheme)
			}
		}
		if o < 0 && c.Officer != "" {
			l.Add("cases["+strconv.Itoa(i)+"].officer", c.Officer, ErrUnknown, "no such officer in the roster")
		}
		if j := dupOf(firstOf, i); j >= 0 {
			prefix := "cases[" + strconv.Itoa(i) + "]"
			if cases[j].Officer != c.Officer {
				l.Add(prefix+".id", c.ID, ErrDuplicate, "one case on two officers: "+strconv.Quote(cases[j].Officer)+" (cases["+strconv.Itoa(int(j))+"]) and "+strconv.Quote(c.Officer))
			} else {
				l.Add(prefix+".id", c.ID, ErrDuplicate, "same ID as cases["+strconv.Itoa(int(j))+"]")
			}
		}
		if o < 0 || l.Len() > 0 {
			continue // the roster is refused: nothing more to pack
		}
		if !ordinary {
			var pc packedCase
			pc, *ci = p.pack(c, uint32(i))
			if ci.full >= 0 {
				bk.keepPacked(uint32(i), pc)
			}
		}
		ci.idOff = uint32(arena.Len())
		arena.WriteString(c.ID)
		if ci.full >= 0 {
			recs[o].fulls = append(recs[o].fulls, *c)
			ci.full = int32(len(recs[o].fulls) - 1)
		}
		bk.take(o)
	}
	if l.Len() == 0 {
		bk.place(officerOf)
	}

	reportOf := make([]int32, len(r.Reports))
	reportAt := make(map[string]int, len(r.Reports))
	for i := range r.Reports {
		rp := &r.Reports[i]
		prefix := func() string { return "reports[" + strconv.Itoa(i) + "]" }
		var scratch fault.List
		if rp.validate(&scratch, ""); scratch.Len() > 0 {
			rp.validate(&l, prefix())
		}
		oi, ok := lookup.find(rp.Officer)
		reportOf[i] = oi
		if !ok && rp.Officer != "" {
			l.Add(prefix()+".officer", rp.Officer, ErrUnknown, "no such officer in the roster")
		}
		if rp.ID != "" {
			if j, dup := reportAt[rp.ID]; dup {
				l.Add(prefix()+".id", rp.ID, ErrDuplicate, "same ID as reports["+strconv.Itoa(j)+"]")
			} else {
				reportAt[rp.ID] = i
			}
		}
	}

	seenC := make(map[coverKey]int, len(r.Covers))
	for i := range r.Covers {
		cv := &r.Covers[i]
		prefix := func() string { return "covers[" + strconv.Itoa(i) + "]" }
		var scratch fault.List
		if cv.validate(&scratch, ""); scratch.Len() > 0 {
			cv.validate(&l, prefix())
		}
		if j, dup := seenC[cv.key()]; dup {
			l.Add(prefix(), cv.Case, ErrDuplicate, "same cover contact as covers["+strconv.Itoa(j)+"]")
		} else {
			seenC[cv.key()] = i
		}
		_, okO := lookup.find(cv.Owner)
		_, okD := lookup.find(cv.Doer)
		if !okO && cv.Owner != "" {
			l.Add(prefix()+".owner", cv.Owner, ErrUnknown, "no such officer in the roster")
		}
		if !okD && cv.Doer != "" {
			l.Add(prefix()+".doer", cv.Doer, ErrUnknown, "no such officer in the roster")
		}
		if j, ok := ix.find(cases, sorted, cv.Case); !ok && cv.Case != "" {
			l.Add(prefix()+".case", cv.Case, ErrUnknown, "no such case in the roster")
		} else if ok && cases[j].Officer != cv.Owner {
			l.Add(prefix()+".owner", cv.Owner, ErrInconsistent, "the case is held by "+strconv.Quote(cases[j].Officer))
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}

	ids := arena.String()
	rstart := counts(len(recs), reportOf)
	reports := make([]Report, len(r.Reports))
	preps := make([]packedReport, len(r.Reports))
	next := slices.Clone(rstart[:len(recs)])
	for i := range r.Reports {
		o := reportOf[i]
		k := next[o]
		next[o]++
		rp := &r.Reports[i]
		reports[k] = *rp
		preps[k] = packedReport{due: dayOf(rp.Due), points: p.reports[rp.Kind]}
	}
	pr.covers = slices.Clone(r.Covers)
	pr.tab = p.caseTables()
	var gross int64
	for i := range recs {
		rec := &recs[i]
		rec.cases, rec.info = bk.cases(int32(i))
		rec.ids, rec.sharedIDs = ids, true
		rec.key = uint32(i)
		rec.reports = reports[rstart[i]:rstart[i+1]:rstart[i+1]]
		rec.preps = preps[rstart[i]:rstart[i+1]:rstart[i+1]]
		rec.compile(p, pr.tab)
		addGross(&gross, rec.gross)
	}
	for i := range pr.covers {
		cv := &pr.covers[i]
		owner, _ := lookup.find(cv.Owner)
		doer, _ := lookup.find(cv.Doer)
		pc := packedCover{on: dayOf(cv.On), points: toMicro(cv.Points)}
		addGross(&gross, pc.points)
		recs[owner].covers = append(recs[owner].covers, int32(i))
		recs[owner].cout = append(recs[owner].cout, pc)
		recs[doer].covers = append(recs[doer].covers, int32(i))
		recs[doer].cin = append(recs[doer].cin, pc)
	}
	if gross > maxGrossPoints {
		return nil, errTooManyPoints("roster", len(cases)+len(r.Reports)+len(r.Covers))
	}
	pr.gross = gross
	pr.seq = uint32(len(cases))
	ix.build(sorted, func(i uint32) uint32 { return uint32(officerOf[i]) })
	pr.index = ix
	pr.posOf = make([]int32, len(recs))
	for i := range pr.posOf {
		pr.posOf[i] = int32(i)
	}
	ptrs := make([]*officerRec, len(recs))
	for i := range recs {
		ptrs[i] = &recs[i]
	}
	pr.offs = newOfficerList(ptrs)
	pr.regroup()

	return pr, nil
}

// dupOf returns firstOf[i], or -1 when firstOf is nil (no duplicates).
func dupOf(firstOf []int32, i int) int32 {
	if firstOf == nil {
		return -1
	}
	return firstOf[i]
}

// officerLookup finds officers by ID, remembering the last one found:
// exports list each officer's cases together.
type officerLookup struct {
	at     map[string]int32
	lastID string
	last   int32
}

func (f *officerLookup) find(id string) (int32, bool) {
	if f.last >= 0 && id == f.lastID {
		return f.last, true
	}
	i, ok := f.at[id]
	if ok {
		f.lastID, f.last = id, i
	}
	return i, ok
}

// counts returns CSR start offsets of n items grouped by owner.
func counts(owners int, of []int32) []int32 {
	start := make([]int32, owners+1)
	for _, o := range of {
		start[o+1]++
	}
	for i := 1; i <= owners; i++ {
		start[i] += start[i-1]
	}
	return start
}

// tally works out what the officer's cases and reports add up to at
// every date: gross (the micro-points of the cases and reports, added up
// with addGross), casePts and letters.
func (r *officerRec) tally(t *caseTables) {
	var g, pts int64
	var letters [5]int32
	for i := range r.cases {
		c := &r.cases[i]
		v := t.pointsOf(c)
		addGross(&g, v)
		pts += v
		letters[t.slot[c.ti]]++
	}
	for i := range r.preps {
		addGross(&g, r.preps[i].points)
	}
	r.gross, r.casePts, r.letters = g, pts, letters
}

// pack compiles a valid case for the hot loop and keeps the rest of it
// compactly.
func (p *Policy) pack(c *Case, seq uint32) (packedCase, caseRest) {
	ti := p.tiers.index(c.Tier)
	ci := caseRest{idLen: uint8(len(c.ID)), full: -1, seq: seq, flags: c.Risk.Flags, ti: uint8(ti)}
	exact := ci.setSmall(c) && len(c.ID) <= 255
	if t, _ := p.scheme.At(ti); t != c.Tier {
		exact = false
	}
	var d [10]int32
	for k, t := range packedDates(c) {
		v, ok := compactDay(*t)
		d[k] = v
		exact = exact && ok
	}
	exact = ci.setDates(&d) && exact
	if !exact {
		ci.full = 0 // the caller keeps the case itself beside the compact form
	}
	var pc packedCase
	pc.set(c, ti, &d)
	return pc, ci
}

// packedDates lists a case's dates in caseRest.dates' order.
func packedDates(c *Case) [10]*time.Time {
	return [10]*time.Time{&c.Start, &c.Release, &c.TwoThirds, &c.End, &c.LastContact, &c.Allocated, &c.Risk.AssessedOn, &c.Risk.EscalatedOn, &c.Recalled, &c.Rereleased}
}

// set compiles a valid case at tier index ti, with its day numbers d in
// caseRest.dates' order, for the hot loop.
func (pc *packedCase) set(c *Case, ti int, d *[10]int32) {
	*pc = packOf(ti, c.Type, c.Inactive, c.YoungAdult, d[0], d[1], d[2], d[9])
}

// packInto writes to pc the packedCase of a case kept compactly
// (full < 0), the one pack returns beside it: Prepare derives every
// packed case so. It is packOf on the compact form, written out in
// straight-line code for place's loop (TestPackOrdinaryAgrees checks
// the two agree).
func (ci *caseRest) packInto(pc *packedCase) {
	typ, inactive := tier.CaseType(ci.bits>>restType&3), tier.Inactive(ci.bits>>restInactive&3)
	kind := packKind(typ, inactive, ci.bit(restYoungAdult))
	ahead := func(k int) int32 {
		if ci.dates[k] == noDay16 {
			return farAhead
		}
		return ci.base + int32(ci.dates[k])
	}
	start, custody := ahead(0), farBehind
	if typ == tier.Custody {
		custody = farAhead
	}
	if ci.dates[1] != noDay16 {
		release := ci.base + int32(ci.dates[1])
		start = release
		if typ == tier.Custody {
			custody = release
		}
	}
	*pc = packedCase{ti: ci.ti, kind: kind, start: start, rereleased: ahead(9), twoThirds: ahead(2), custody: custody}
}

// packKind is packedCase.kind of a case's type, inactive status and
// young-adult mark.
func packKind(typ tier.CaseType, inactive tier.Inactive, youngAdult bool) uint8 {
	kind := uint8(typ&3)<<2 | uint8(inactive&3)
	if youngAdult {
		kind |= 1 << 4
	}
	if inactive == tier.Warrant || inactive == tier.OverdueTermination {
		kind |= kindSuspended
	}
	return kind
}

// packOf compiles what the hot loop reads of a valid case: its tier
// index, type, inactive status and young-adult mark, and the day numbers
// of its start, release, two-thirds point and re-release (noDay32 for a
// zero date).
func packOf(ti int, typ tier.CaseType, inactive tier.Inactive, youngAdult bool, start, release, twoThirds, rereleased int32) packedCase {
	pc := packedCase{ti: uint8(ti), kind: packKind(typ, inactive, youngAdult), twoThirds: orAhead(twoThirds), custody: farBehind, start: orAhead(start), rereleased: orAhead(rereleased)}
	switch {
	case typ == tier.Custody && release == noDay32:
		pc.custody = farAhead
	case typ == tier.Custody:
		pc.custody = release
	}
	if release != noDay32 {
		pc.start = release
	}
	return pc
}

// unpack gives back the case that pack compiled, exactly.
func (p *Policy) unpack(r *officerRec, j int) Case {
	pc, ci := &r.cases[j], &r.info[j]
	if ci.full >= 0 {
		return r.fulls[ci.full]
	}
	t, _ := p.scheme.At(int(pc.ti))
	return Case{
		ID: r.caseID(j), Officer: r.o.ID, Tier: t, Type: tier.CaseType(ci.bits >> restType & 3), YoungAdult: ci.bit(restYoungAdult),
		Inactive: tier.Inactive(ci.bits >> restInactive & 3),
		Start:    dayTime(ci.day(0)), Release: dayTime(ci.day(1)), Recalled: dayTime(ci.day(8)), Rereleased: dayTime(ci.day(9)), TwoThirds: dayTime(ci.day(2)),
		End: dayTime(ci.day(3)), LastContact: dayTime(ci.day(4)), Allocated: dayTime(ci.day(5)),
		Risk: CaseRisk{RoSH: risk.RoSH(ci.bits >> restRoSH & 7), MAPPA: risk.MAPPALevel(ci.bits >> restMAPPA & 7), Flags: ci.flags,
			FlagsUnknown: ci.bit(restFlagsUnkn), Complexity: int(ci.complexity),
			AssessedOn: dayTime(ci.day(6)), Provisional: ci.bit(restProvis), EscalatedOn: dayTime(ci.day(7))},
	}
}

// orAhead maps a missing day to farAhead.
func orAhead(d int32) int32 {
	if d == noDay32 {
		return farAhead
	}
	return d
}

func phaseOfKey(k int) tier.Phase {
	switch {
	case k&8 != 0:
		return tier.Suspended
	case k&3 == 1: // in a critical period, not in custody before release
		return tier.Critical
	case k&4 != 0:
		return tier.PastTwoThirds
	}
	return tier.Standard
}

// regroup rebuilds the team and region keys and each officer's.
func (pr *Prepared) regroup() {
	pr.teams, pr.teamOf = pr.group(func(o *Officer) string { return o.Team })
	pr.regions, pr.regionOf = pr.group(func(o *Officer) string { return o.Region })
}

// group returns the sorted distinct keys and each officer's key index.
func (pr *Prepared) group(key func(*Officer) string) ([]string, []int32) {
	at := make(map[string]int32)
	var keys []string
	n := pr.offs.len()
	for i := 0; i < n; i++ {
		k := key(&pr.offs.at(i).o)
		if _, ok := at[k]; !ok {
			at[k] = 0
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		at[k] = int32(i)
	}
	of := make([]int32, n)
	last, lastAt := "", int32(-1)
	for i := 0; i < n; i++ {
		k := key(&pr.offs.at(i).o)
		if lastAt < 0 || k != last {
			last, lastAt = k, at[k]
		}
		of[i] = lastAt
	}
	return keys, of
}

// find returns the position of the officer with the given ID.
func (pr *Prepared) find(officer string) (int, bool) {
	if pr == nil {
		return 0, false
	}
	lo, hi := 0, pr.offs.len()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if pr.offs.at(m).o.ID < officer {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < pr.offs.len() && pr.offs.at(lo).o.ID == officer
}

// Officers returns the roster's officers sorted by ID, as copies.
func (pr *Prepared) Officers() []Officer {
	if pr == nil {
		return nil
	}
	out := make([]Officer, pr.offs.len())
	for i := range out {
		out[i] = pr.offs.at(i).o.clone()
	}
	return out
}

// Caseload returns one officer's caseload as given in the roster: the
// cases and reports they hold, in roster order, and the cover contacts in
// which they are owner or doer. Everything returned is a copy.
func (pr *Prepared) Caseload(officer string) (Caseload, bool) {
	k, ok := pr.find(officer)
	if !ok {
		return Caseload{}, false
	}
	return pr.caseloadOf(pr.offs.at(k)), true
}

func (pr *Prepared) caseloadOf(r *officerRec) Caseload {
	c := Caseload{Officer: r.o.clone()}
	if len(r.cases) > 0 {
		c.Cases = make([]Case, len(r.cases))
		for i := range r.cases {
			c.Cases[i] = pr.p.unpack(r, i)
		}
	}
	if len(r.reports) > 0 {
		c.Reports = slices.Clone(r.reports)
	}
	for _, i := range r.covers {
		c.Covers = append(c.Covers, pr.covers[i])
	}
	return c
}

// TeamCaseloads returns the caseloads of a team's officers, sorted by officer ID.
func (pr *Prepared) TeamCaseloads(team string) []Caseload {
	if pr == nil {
		return nil
	}
	var out []Caseload
	t, ok := slices.BinarySearch(pr.teams, team)
	if !ok {
		return nil
	}
	for i, ti := range pr.teamOf {
		if ti == int32(t) {
			out = append(out, pr.caseloadOf(pr.offs.at(i)))
		}
	}
	return out
}

// Explain measures one officer with every line: the same figures as the
// bulk measurement, broken down.
func (pr *Prepared) Explain(officer string, asOf time.Time) (Load, error) {
	c, ok := pr.Caseload(officer)
	if !ok {
		return Load{}, errNoOfficer(officer)
	}
	return pr.p.Measure(c, asOf)
}

// MeasureOfficer measures one officer of the roster at asOf without
// measuring the rest: the load [Prepared.Measure] gives for them, without
// lines. An unknown officer is an error wrapping ErrUnknown.
func (pr *Prepared) MeasureOfficer(officer string, asOf time.Time) (Load, error) {
	k, ok := pr.find(officer)
	if !ok {
		return Load{}, errNoOfficer(officer)
	}
	r := pr.offs.at(k)
	var f officerFigures
	pr.p.figures(r, pr.tab, days.Number(asOf), &f, true)
	var ld Load
	pr.p.loadInto(&ld, &r.o, asOf, &f)
	return ld, nil
}

func errNoOfficer(officer string) error {
	return fault.New("workload", "officer", officer, ErrUnknown, "no such officer in the roster")
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

// Teams returns the roster's team IDs, sorted.
func (pr *Prepared) Teams() []string {
	if pr == nil {
		return nil
	}
	return slices.Clone(pr.teams)
}

// MeasureCaseload measures one officer of the roster for allocation checks. An
// unknown officer is an error wrapping ErrUnknown.
func (pr *Prepared) MeasureCaseload(officer string, asOf time.Time) (MeasuredCaseload, error) {
	c, ok := pr.Caseload(officer)
	if !ok {
		return MeasuredCaseload{}, errNoOfficer(officer)
	}
	return pr.p.MeasureCaseload(c, asOf)
}

// MeasureTeam measures one team of the roster for recommendations,
// balance and rebalancing. An unknown team is an error wrapping
// ErrUnknown.
func (pr *Prepared) MeasureTeam(team string, asOf time.Time) (MeasuredTeam, error) {
	if pr == nil || pr.p == nil {
		return MeasuredTeam{}, fault.New("workload", "team", team, ErrUnknown, "no such team in the roster")
	}
	if _, ok := slices.BinarySearch(pr.teams, team); !ok {
		return MeasuredTeam{}, fault.New("workload", "team", team, ErrUnknown, "no such team in the roster")
	}
	return pr.p.MeasureTeam(pr.TeamCaseloads(team), asOf)
}

// officerList holds officer records by position in chunks, so that a
// derived roster replaces one officer by copying one chunk and the chunk
// table, not the whole list.
type officerList struct {
	n      int
	chunks [][]*officerRec
}

const chunkBits = 7

func newOfficerList(recs []*officerRec) officerList {
	l := officerList{n: len(recs)}
	for at := 0; at < len(recs); at += 1 << chunkBits {
		end := min(at+1<<chunkBits, len(recs))
		l.chunks = append(l.chunks, recs[at:end:end])
	}
	return l
}

func (l *officerList) len() int { return l.n }

func (l *officerList) at(i int) *officerRec { return l.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

// with returns a list with position i holding r, sharing every other chunk.
func (l *officerList) with(i int, r *officerRec) officerList {
	c := i >> chunkBits
	out := officerList{n: l.n, chunks: slices.Clone(l.chunks)}
	out.chunks[c] = slices.Clone(l.chunks[c])
	out.chunks[c][i&(1<<chunkBits-1)] = r
	return out
}

// all returns the records in order, as a new slice.
func (l *officerList) all() []*officerRec {
	out := make([]*officerRec, 0, l.n)
	for _, c := range l.chunks {
		out = append(out, c...)
	}
	return out
}
