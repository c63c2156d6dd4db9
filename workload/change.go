package workload

import (
	"slices"
	"strconv"

	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
)

// ChangeKind says what a [Change] does to a roster.
type ChangeKind uint8

// Change kinds. The zero value, ChangeUnknown, is refused.
const (
	ChangeUnknown ChangeKind = iota
	// CaseAllocated adds Change.Case, held by its Officer, at the end of the
	// roster.
	CaseAllocated
	// CaseTransferred moves the case Change.ID to the officer Change.To.
	CaseTransferred
	// CaseClosed removes the case Change.ID.
	CaseClosed
	// CaseUpdated replaces the case with Change.Case's ID by Change.Case
	// (re-tiered, re-assessed, new dates; a new Officer moves it), keeping
	// its place in the roster.
	CaseUpdated
	// OfficerJoined adds Change.Officer.
	OfficerJoined
	// OfficerLeft removes the officer Change.ID, who must hold no case,
	// report or cover contact.
	OfficerLeft
	// OfficerUpdated replaces the officer with Change.Officer's ID by
	// Change.Officer (hours, reductions, grade, team, region), keeping
	// their work.
	OfficerUpdated
)

var changeNames = enum.Names[ChangeKind]{Pkg: "workload", Type: "change", Names: []string{
	"unknown", "case-allocated", "case-transferred", "case-closed", "case-updated",
	"officer-joined", "officer-left", "officer-updated",
}}

// String returns the kind's name, e.g. "case-allocated".
func (k ChangeKind) String() string { return changeNames.String(k) }

// MarshalText implements encoding.TextMarshaler.
func (k ChangeKind) MarshalText() ([]byte, error) {
	if k == ChangeUnknown {
		return nil, changeNames.Unknown(k)
	}
	return changeNames.Marshal(k)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is refused.
func (k *ChangeKind) UnmarshalText(b []byte) error {
	v, err := changeNames.Parse(string(b), false)
	if err == nil {
		*k = v
	}
	return err
}

// Change is one event in a roster's life: a case allocated, transferred,
// closed or updated, an officer joined, left or updated. Which fields
// count depends on Kind.
type Change struct {
	Kind ChangeKind `json:"kind"`
	// Case is the case allocated or the new version of a case updated.
	Case Case `json:"case,omitzero"`
	// Officer is the officer joining or the new version of one updated.
	Officer Officer `json:"officer,omitzero"`
	// ID names the case transferred or closed, or the officer leaving.
	ID string `json:"id,omitempty"`
	// To names the officer receiving a transferred case.
	To string `json:"to,omitempty"`
}

// Apply returns a new prepared roster with the changes made in order, as
// if the changed roster had been prepared from scratch: the same figures,
// the same caseloads, the same errors. The receiver does not change, and
// the new roster shares the data of every officer the changes do not
// touch, so applying a change costs in proportion to the officers it
// touches (a few microseconds for a case allocation on a national
// roster), not to the roster. Changes to who is in which team or region,
// and officers joining or leaving, re-index the officer list (linear in
// officers, but no case is copied).
//
// Every change is checked against the roster as the changes before it
// left it; every problem is reported at once, with field paths under
// "changes[i]", and then nothing is applied. The zero Prepared refuses
// every change.
func (pr *Prepared) Apply(changes ...Change) (*Prepared, error) {
	if pr == nil || pr.p == nil {
		return nil, fault.New("workload", "prepared", "", ErrMissing, "a zero Prepared has no policy; build one with Policy.Prepare")
	}
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	out := *pr
	regroup := false
	for i := range changes {
		ch := &changes[i]
		prefix := "changes[" + strconv.Itoa(i) + "]"
		switch ch.Kind {
		case CaseAllocated:
			out.allocate(&l, prefix, &ch.Case)
		case CaseTransferred:
			out.transfer(&l, prefix, ch.ID, ch.To)
		case CaseClosed:
			out.close(&l, prefix, ch.ID)
		case CaseUpdated:
			out.updateCase(&l, prefix, &ch.Case)
		case OfficerJoined:
			regroup = out.join(&l, prefix, &ch.Officer) || regroup
		case OfficerLeft:
			regroup = out.leave(&l, prefix, ch.ID) || regroup
		case OfficerUpdated:
			regroup = out.updateOfficer(&l, prefix, &ch.Officer) || regroup
		default:
			l.Add(prefix+".kind", ch.Kind.String(), ErrUnknown, "want one of "+changeKindList())
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	if regroup {
		out.regroup()
	}
	return &out, nil
}

func changeKindList() string {
	s := ""
	for i, n := range changeNames.Names[1:] {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// holder returns the position of the officer holding the case with the
// given ID and the case's position among theirs.
func (pr *Prepared) holder(id string) (pos, j int, ok bool) {
	if id == "" || len(pr.index.top) == 0 {
		return 0, 0, false
	}
	pr.index.candidates(pr.index.hash(id), func(key uint32) bool {
		p := pr.posOf[key]
		if p < 0 {
			return false
		}
		r := pr.offs.at(int(p))
		for k := range r.info {
			if r.caseID(k) == id {
				pos, j, ok = int(p), k, true
				return true
			}
		}
		return false
	})
	return pos, j, ok
}

// caseItem is one case of an officer being rebuilt: packed, compact, its
// ID, and the case itself when the compact form cannot rebuild it.
type caseItem struct {
	pc   packedCase
	rest caseRest
	id   string
	full *Case
}

func (r *officerRec) items() []caseItem {
	out := make([]caseItem, len(r.cases), len(r.cases)+1)
	for j := range r.cases {
		out[j] = caseItem{pc: r.cases[j], rest: r.info[j], id: r.caseID(j)}
		if f := r.info[j].full; f >= 0 {
			out[j].full = &r.fulls[f]
		}
	}
	return out
}

// withCases returns a copy of the officer's record holding the given
// cases (in roster order), sharing nothing it changes.
func (r *officerRec) withCases(items []caseItem, t *caseTables) *officerRec {
	out := *r
	out.sharedIDs = false
	out.cases = make([]packedCase, len(items))
	out.info = make([]caseRest, len(items))
	out.fulls = nil
	n := 0
	for _, it := range items {
		n += len(it.id)
	}
	ids := make([]byte, 0, n)
	for j, it := range items {
		out.cases[j] = it.pc
		out.info[j] = it.rest
		out.info[j].idOff = uint32(len(ids))
		ids = append(ids, it.id...)
		out.info[j].full = -1
		if it.full != nil {
			out.fulls = append(out.fulls, *it.full)
			out.info[j].full = int32(len(out.fulls) - 1)
		}
	}
	out.ids = string(ids)
	out.tally(t)
	return &out
}

// withCase returns a copy of the officer's record with one more case, at
// the end of the roster: the allocation fast path, copying only what
// changes and sharing the rest.
func (r *officerRec) withCase(it caseItem, t *caseTables) *officerRec {
	if r.sharedIDs {
		// The first change to an officer of a prepared roster: the officer
		// takes its own IDs, not a copy of the roster's.
		return r.withCases(append(r.items(), it), t)
	}
	out := *r
	n := len(r.cases)
	out.cases = make([]packedCase, n+1)
	copy(out.cases, r.cases)
	out.cases[n] = it.pc
	out.info = make([]caseRest, n+1)
	copy(out.info, r.info)
	out.info[n] = it.rest
	out.info[n].idOff = uint32(len(r.ids))
	out.info[n].full = -1
	out.ids = r.ids + it.id
	if it.full != nil {
		out.fulls = append(slices.Clip(r.fulls), *it.full)
		out.info[n].full = int32(len(out.fulls) - 1)
	}
	pts := t.pointsOf(&it.pc)
	out.gross = r.gross
	addGross(&out.gross, pts)
	out.casePts = r.casePts + pts
	out.letters[t.slot[it.pc.ti]]++
	return &out
}

// insertBySeq inserts it among items in roster order.
func insertBySeq(items []caseItem, it caseItem) []caseItem {
	k, _ := slices.BinarySearchFunc(items, it.rest.seq, func(c caseItem, s uint32) int {
		switch {
		case c.rest.seq < s:
			return -1
		case c.rest.seq > s:
			return 1
		}
		return 0
	})
	return slices.Insert(items, k, it)
}

// setOfficer replaces the record at position pos, keeping the roster's
// gross points in step.
func (pr *Prepared) setOfficer(pos int, r *officerRec) {
	pr.gross += r.gross - pr.offs.at(pos).gross
	pr.offs = pr.offs.with(pos, r)
}

// checkGross reports a roster whose points can no longer be counted
// exactly, and says whether it is within bounds.
func (pr *Prepared) checkGross(l *fault.List, prefix string, added int64) bool {
	if pr.gross+added > maxGrossPoints {
		l.Add(prefix, "", ErrOutOfRange, "the roster's points would add up to more than can be counted exactly (about 2.3 × 10^12 points)")
		return false
	}
	return true
}

// itemOf validates and compiles a case for officer at position pos.
func (pr *Prepared) itemOf(l *fault.List, prefix string, c *Case, seq uint32) (caseItem, bool) {
	n := l.Len()
	c.validate(l, prefix, &pr.p.scheme)
	if l.Len() > n {
		return caseItem{}, false
	}
	pc, rest := pr.p.pack(c, seq)
	it := caseItem{pc: pc, rest: rest, id: c.ID}
	if rest.full >= 0 {
		full := *c
		it.full = &full
	}
	return it, true
}

func (pr *Prepared) allocate(l *fault.List, prefix string, c *Case) {
	it, ok := pr.itemOf(l, prefix+".case", c, pr.seq)
	pos, found := pr.find(c.Officer)
	if !found && c.Officer != "" {
		l.Add(prefix+".case.officer", c.Officer, ErrUnknown, "no such officer in the roster")
		ok = false
	}
	if hp, _, held := pr.holder(c.ID); held {
		if other := pr.offs.at(hp).o.ID; other != c.Officer {
			l.Add(prefix+".case.id", c.ID, ErrDuplicate, "one case on two officers: "+strconv.Quote(other)+" and "+strconv.Quote(c.Officer))
		} else {
			l.Add(prefix+".case.id", c.ID, ErrDuplicate, "the officer already holds this case")
		}
		return
	}
	if !ok || !pr.checkGross(l, prefix, pr.tab.pointsOf(&it.pc)) {
		return
	}
	pr.seq++
	r := pr.offs.at(pos)
	pr.setOfficer(pos, r.withCase(it, pr.tab))
	pr.index = pr.index.with(pr.index.hash(c.ID), r.key)
}

// coveredBy reports whether a cover contact on the case names its holder
// as owner: such a case cannot move or close without its covers.
func (pr *Prepared) coveredBy(r *officerRec, id string) bool {
	for _, i := range r.covers {
		if cv := &pr.covers[i]; cv.Case == id && cv.Owner == r.o.ID {
			return true
		}
	}
	return false
}

// moveCase takes case j from the officer at from and gives it, as it,
// to the officer at to.
func (pr *Prepared) moveCase(from, j, to int, it caseItem) {
	src := pr.offs.at(from)
	h := pr.index.hash(it.id)
	if from == to {
		items := src.items()
		items[j] = it
		pr.setOfficer(from, src.withCases(items, pr.tab))
		return
	}
	items := src.items()
	pr.setOfficer(from, src.withCases(slices.Delete(items, j, j+1), pr.tab))
	dst := pr.offs.at(to)
	pr.setOfficer(to, dst.withCases(insertBySeq(dst.items(), it), pr.tab))
	pr.index = pr.index.without(h, src.key)
	pr.index = pr.index.with(h, dst.key)
}

func (pr *Prepared) transfer(l *fault.List, prefix, id, to string) {
	from, j, held := pr.holder(id)
	if !held {
		l.Add(prefix+".id", id, ErrUnknown, "no such case in the roster")
	}
	dst, ok := pr.find(to)
	if !ok {
		l.Add(prefix+".to", to, ErrUnknown, "no such officer in the roster")
	}
	if !held || !ok {
		return
	}
	src := pr.offs.at(from)
	if from != dst && pr.coveredBy(src, id) {
		l.Add(prefix+".id", id, ErrInconsistent, "cover contacts name "+strconv.Quote(src.o.ID)+" as the case's owner")
		return
	}
	it := src.items()[j]
	if it.full != nil {
		moved := *it.full
		moved.Officer = to
		it.full = &moved
	}
	pr.moveCase(from, j, dst, it)
}

func (pr *Prepared) close(l *fault.List, prefix, id string) {
	from, j, held := pr.holder(id)
	if !held {
		l.Add(prefix+".id", id, ErrUnknown, "no such case in the roster")
		return
	}
	src := pr.offs.at(from)
	if pr.coveredBy(src, id) {
		l.Add(prefix+".id", id, ErrInconsistent, "cover contacts name this case")
		return
	}
	pr.setOfficer(from, src.withCases(slices.Delete(src.items(), j, j+1), pr.tab))
	pr.index = pr.index.without(pr.index.hash(id), src.key)
}

func (pr *Prepared) updateCase(l *fault.List, prefix string, c *Case) {
	from, j, held := pr.holder(c.ID)
	if !held {
		l.Add(prefix+".case.id", c.ID, ErrUnknown, "no such case in the roster")
		return
	}
	src := pr.offs.at(from)
	it, ok := pr.itemOf(l, prefix+".case", c, src.info[j].seq)
	dst, found := pr.find(c.Officer)
	if !found && c.Officer != "" {
		l.Add(prefix+".case.officer", c.Officer, ErrUnknown, "no such officer in the roster")
		ok = false
	}
	if ok && dst != from && pr.coveredBy(src, c.ID) {
		l.Add(prefix+".case.officer", c.Officer, ErrInconsistent, "cover contacts name "+strconv.Quote(src.o.ID)+" as the case's owner")
		ok = false
	}
	if !ok || !pr.checkGross(l, prefix, pr.tab.pointsOf(&it.pc)-pr.tab.pointsOf(&src.cases[j])) {
		return
	}
	pr.moveCase(from, j, dst, it)
}

// reindex rebuilds the officer list from records in ID order, and the
// positions of their keys.
func (pr *Prepared) reindex(recs []*officerRec, keys int) {
	pr.offs = newOfficerList(recs)
	pr.posOf = make([]int32, keys)
	for i := range pr.posOf {
		pr.posOf[i] = -1
	}
	for i, r := range recs {
		pr.posOf[r.key] = int32(i)
	}
}

func (pr *Prepared) join(l *fault.List, prefix string, o *Officer) bool {
	n := l.Len()
	o.validate(l, prefix+".officer")
	if l.Len() > n {
		return false
	}
	pos, dup := pr.find(o.ID)
	if dup {
		l.Add(prefix+".officer.id", o.ID, ErrDuplicate, "officer already in the roster")
		return false
	}
	r := &officerRec{o: o.clone(), key: uint32(len(pr.posOf))}
	r.compile(pr.p, pr.tab)
	recs := slices.Insert(pr.offs.all(), pos, r)
	pr.reindex(recs, len(pr.posOf)+1)
	return true
}

func (pr *Prepared) leave(l *fault.List, prefix, id string) bool {
	pos, ok := pr.find(id)
	if !ok {
		l.Add(prefix+".id", id, ErrUnknown, "no such officer in the roster")
		return false
	}
	r := pr.offs.at(pos)
	if len(r.cases) > 0 || len(r.reports) > 0 || len(r.covers) > 0 {
		l.Add(prefix+".id", id, ErrInconsistent, "the officer still holds "+strconv.Itoa(len(r.cases))+" cases, "+
			strconv.Itoa(len(r.reports))+" reports and "+strconv.Itoa(len(r.covers))+" cover contacts")
		return false
	}
	pr.reindex(slices.Delete(pr.offs.all(), pos, pos+1), len(pr.posOf))
	return true
}

func (pr *Prepared) updateOfficer(l *fault.List, prefix string, o *Officer) bool {
	pos, ok := pr.find(o.ID)
	if !ok {
		l.Add(prefix+".officer.id", o.ID, ErrUnknown, "no such officer in the roster")
		return false
	}
	n := l.Len()
	o.validate(l, prefix+".officer")
	if l.Len() > n {
		return false
	}
	old := pr.offs.at(pos)
	r := *old
	r.o = o.clone()
	r.compile(pr.p, pr.tab)
	pr.setOfficer(pos, &r)
	return old.o.Team != o.Team || old.o.Region != o.Region
}
