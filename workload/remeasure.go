package workload

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// CaseloadChange is a change to the cases of one measured caseload (see
// [Policy.Remeasure]): the cases it closes, by ID, and the cases it puts,
// each either replacing the held case with its ID where that case stands
// (a re-tiering, a new assessment, a new date) or, when no held case has
// its ID, joining the caseload at the end (an allocation). Closes come
// first, so a case both closed and put joins at the end.
type CaseloadChange struct {
	Close []string `json:"close,omitempty"`
	Put   []Case   `json:"put,omitempty"`
}

// remeasureMaxItems is the most work items a caseload may have for
// Remeasure to change its figures in place: with at most 10^15
// micro-points an item, no such caseload can reach the exact-sum limit
// (maxGrossPoints), so the limit needs no recount. Larger caseloads are
// measured in full.
const remeasureMaxItems = 2000

// Remeasure applies a change to a measured caseload and returns the
// changed caseload measured at asOf: exactly what [Policy.MeasureCaseload]
// gives for it (TestRemeasureMatchesMeasure), at a cost proportional to
// the cases changed, not the cases held, when h was measured by p at
// exactly asOf. Otherwise (h measured by another policy, at another time,
// or built by hand; or a change that needs the whole caseload
// re-validated, such as closing a case a cover contact names) the changed
// caseload is measured in full.
//
// Every put case is validated as held by the officer, with every problem
// reported at once under "put[i]"; closing a case the officer does not
// hold ("close[i]") and putting one ID twice ("put[i].id") are errors.
// The result's cases are a new slice (nil when none are left); its
// reports and cover contacts are h's. h is not changed.
func (p *Policy) Remeasure(h MeasuredCaseload, ch CaseloadChange, asOf time.Time) (MeasuredCaseload, error) {
	l := fault.List{Pkg: "workload"}
	officer := h.Caseload.Officer.ID
	held := h.Caseload.Cases
	var ids map[string]struct{}
	if h.sum != nil {
		ids = h.sum.ids
	}
	isHeld := func(id string) bool {
		if ids != nil {
			_, ok := ids[id]
			return ok
		}
		return slices.ContainsFunc(held, func(c Case) bool { return c.ID == id })
	}
	closing := make(map[string]bool, len(ch.Close))
	for i, id := range ch.Close {
		field := "close[" + strconv.Itoa(i) + "]"
		switch {
		case !isHeld(id):
			l.Add(field, id, ErrUnknown, "not a case "+strconv.Quote(officer)+" holds")
		case closing[id]:
			l.Add(field, id, ErrDuplicate, "closed twice")
		}
		closing[id] = true
	}
	putAt := make(map[string]int, len(ch.Put))
	for i := range ch.Put {
		c := &ch.Put[i]
		name := func() string { return "put[" + strconv.Itoa(i) + "]" }
		if !asOf.IsZero() {
			p.checkCase(&l, c, asOf, name)
		}
		if c.Officer != "" && c.Officer != officer {
			l.Add(name()+".officer", c.Officer, ErrInconsistent, "case is held by another officer, not "+strconv.Quote(officer))
		}
		if c.ID != "" {
			if j, dup := putAt[c.ID]; dup {
				l.Add(name()+".id", c.ID, ErrDuplicate, "same ID as put["+strconv.Itoa(j)+"]")
			} else {
				putAt[c.ID] = i
			}
		}
	}
	if err := l.Err(); err != nil {
		return MeasuredCaseload{}, err
	}

	// The changed cases, in the order MeasureCaseload would see them. A
	// change that only adds cases (an allocation) copies the held cases
	// whole; one that closes or replaces cases finds them one by one.
	touches := len(ch.Close) > 0
	for i := range ch.Put {
		touches = touches || isHeld(ch.Put[i].ID)
	}
	cases := make([]Case, 0, len(held)-len(ch.Close)+len(ch.Put))
	var replaced map[string]int // put ID → position among cases
	if touches {
		replaced = make(map[string]int, len(ch.Put))
		for i := range held {
			id := held[i].ID
			if closing[id] {
				continue
			}
			if _, ok := putAt[id]; ok {
				replaced[id] = len(cases)
			}
			cases = append(cases, held[i])
		}
	} else {
		cases = append(cases, held...)
	}
	for i := range ch.Put {
		if at, ok := replaced[ch.Put[i].ID]; ok {
			cases[at] = ch.Put[i]
		} else {
			cases = append(cases, ch.Put[i])
		}
	}
	if len(cases) == 0 {
		cases = nil
	}
	changed := h.Caseload
	changed.Cases = cases

	if !p.remeasurable(&h, &changed, closing, asOf) {
		return p.measureOwned(changed, asOf)
	}

	// The figures as Measure adds them up, less the closed and replaced
	// cases' shares, plus the put cases'.
	d := days.Number(asOf)
	ld := &h.Load
	f := officerFigures{points: ld.fx.points, cases: int32(ld.Cases), reports: int32(ld.Reports), items: int32(ld.fx.items), demand: ld.fx.demand,
		letters: [8]int32{int32(ld.Letters.A), int32(ld.Letters.B), int32(ld.Letters.C), int32(ld.Letters.D), int32(ld.Letters.Other)}}
	st := h.sum.st
	newIDs := maps.Clone(h.sum.ids)
	lines := make([]Line, 0, len(cases)+len(ld.Lines)-len(held))
	caseLines, otherLines := ld.Lines[:len(held)], ld.Lines[len(held):]
	if !touches {
		lines = append(lines, caseLines...)
		held = nil // nothing to take away
	}
	for i := range held {
		cs := &held[i]
		_, put := putAt[cs.ID]
		if !closing[cs.ID] && !put {
			lines = append(lines, caseLines[i])
			continue
		}
		ti := p.tiers.index(cs.Tier)
		if ti < 0 {
			// Not the case h measured (h was changed by hand): the
			// full measure says what is wrong with it.
			return p.measureOwned(changed, asOf)
		}
		p.caseFigures(&f, ti, p.phaseAt(cs, d), p.casePoints(cs, ti), -1)
		ci := p.caseInfo(cs)
		st.add(&ci, -1)
		delete(newIDs, cs.ID)
		if put && !closing[cs.ID] {
			lines = append(lines, Line{}) // filled below, where the case stands
		}
	}
	for i := range ch.Put {
		c := &ch.Put[i]
		ti := p.tiers.index(c.Tier)
		pts := p.casePoints(c, ti)
		ph := p.phaseAt(c, d)
		p.caseFigures(&f, ti, ph, pts, 1)
		ci := p.caseInfo(c)
		st.add(&ci, 1)
		newIDs[c.ID] = struct{}{}
		line := p.caseLine(c, ti, ph, pts)
		if at, ok := replaced[c.ID]; ok {
			lines[at] = line
		} else {
			lines = append(lines, line)
		}
	}
	lines = append(lines, otherLines...)

	o := &changed.Officer
	po := o.pack(p)
	load := p.finish(o, &po, asOf, d, &f)
	load.Lines = lines
	st.points, st.avail = load.fx.points, load.fx.available
	sum := &holdSummary{policy: p, day: d, ids: newIDs, st: st, rules: h.sum.rules}
	return MeasuredCaseload{Caseload: changed, Load: load, sum: sum}, nil
}

// remeasurable reports whether Remeasure may change h's figures in place
// for the changed caseload: h was measured by p at exactly asOf, the
// caseload stays small enough that its points cannot overflow, and no
// cover contact the officer owns is on a case being closed.
func (p *Policy) remeasurable(h *MeasuredCaseload, changed *Caseload, closing map[string]bool, asOf time.Time) bool {
	if !p.ready(h, asOf) || h.Load.AsOf != asOf || len(h.Load.Lines) < len(h.Caseload.Cases) {
		return false
	}
	if len(changed.Cases)+len(changed.Reports)+len(changed.Covers) > remeasureMaxItems ||
		len(h.Caseload.Cases)+len(h.Caseload.Reports)+len(h.Caseload.Covers) > remeasureMaxItems {
		return false
	}
	for i := range changed.Covers {
		cv := &changed.Covers[i]
		if cv.Owner == changed.Officer.ID && closing[cv.Case] {
			return false
		}
	}
	return true
}

// caseFigures adds (sign 1) or takes away (sign −1) a valid case's share
// of an officer's figures, as Measure adds it: the case of tier index ti,
// in phase ph, worth pts micro-points.
func (p *Policy) caseFigures(f *officerFigures, ti int, ph tier.Phase, pts int64, sign int32) {
	f.points += int64(sign) * pts
	f.cases += sign
	f.items += sign
	f.letters[letterSlot(p.letters[ti])] += sign
	f.demand += int64(sign) * p.weekMicro[ti][ph]
}

// measureOwned measures a caseload and summarises it for allocation
// checks, keeping its cases slice, which must be the caller's own:
// MeasureCaseload clones the one it is given first; Remeasure passes the
// slice it has just built.
func (p *Policy) measureOwned(c Caseload, asOf time.Time) (MeasuredCaseload, error) {
	load, err := p.Measure(c, asOf)
	if err != nil {
		return MeasuredCaseload{}, err
	}
	return p.summarise(c, load, asOf), nil
}
