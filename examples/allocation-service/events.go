package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/openprobation/caseload/workload"
)

// Event types, the "type" of POST /v1/events.
const (
	evCaseAllocated   = "case-allocated"   // officer takes a new case
	evCaseTransferred = "case-transferred" // a held case moves to officer
	evCaseClosed      = "case-closed"      // a held case ends
	evCaseUpdated     = "case-updated"     // a held case is re-tiered or re-assessed
	evOfficerUpdated  = "officer-updated"  // an officer joins, or their team, grade, hours or reductions change
)

var eventTypes = []string{evCaseAllocated, evCaseTransferred, evCaseClosed, evCaseUpdated, evOfficerUpdated}

// eventRequest is the body of POST /v1/events.
type eventRequest struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Officer string          `json:"officer"`
	Case    json.RawMessage `json:"case"`
	// Record is the officer's record for officer-updated.
	Record json.RawMessage `json:"record"`
	// At is when it happened (a date); default today. A transfer or
	// allocation without an allocated date is allocated at At.
	At date `json:"at"`
}

// caseRef is the case of a transfer or closure: its id alone.
type caseRef struct {
	ID string `json:"id"`
}

// officerJSON is an officer record as officer-updated sends it.
type officerJSON struct {
	ID         string                                `json:"id"`
	Team       string                                `json:"team"`
	Region     string                                `json:"region"`
	Grade      enum[workload.Grade, *workload.Grade] `json:"grade"`
	Hours      json.RawMessage                       `json:"hours"`
	Reductions []workload.Reduction                  `json:"reductions"`
}

// appliedEvent is an event as the log keeps it: resolved against the
// state it was applied to, so that replay needs no validation and gives
// the same state.
type appliedEvent struct {
	ID      string            `json:"id"`
	Type    string            `json:"type"`
	At      time.Time         `json:"at"`
	Officer string            `json:"officer"`
	From    string            `json:"from,omitempty"` // the previous holder (transfer, close, update)
	Case    *workload.Case    `json:"case,omitempty"`
	CaseID  string            `json:"caseId,omitempty"`
	Record  *workload.Officer `json:"record,omitempty"`
}

// eventAnswer is the answer to POST /v1/events, the same every time the
// event is sent.
type eventAnswer struct {
	ID       string   `json:"id"`
	Seq      int64    `json:"seq"`
	Type     string   `json:"type"`
	Status   string   `json:"status"`
	Case     string   `json:"case,omitempty"`
	Officers []string `json:"officers"`
}

func (a appliedEvent) answer(seq int64) eventAnswer {
	ans := eventAnswer{ID: a.ID, Seq: seq, Type: a.Type, Status: "committed", Officers: []string{a.Officer}}
	if a.Case != nil {
		ans.Case = a.Case.ID
	} else {
		ans.Case = a.CaseID
	}
	if a.From != "" && a.From != a.Officer {
		ans.Officers = append(ans.Officers, a.From)
		slices.Sort(ans.Officers)
	}
	return ans
}

// parseEvent decodes and checks the shape of an event, reporting every
// problem at once. It does not look at the state.
func (s *service) parseEvent(req *eventRequest) (appliedEvent, error) {
	var p problems
	p.id("id", req.ID, true)
	if req.Type == "" {
		p.missing("type")
	} else if !slices.Contains(eventTypes, req.Type) {
		p.add("type", req.Type, "want one of "+strings.Join(eventTypes, ", "))
	}
	p.id("officer", req.Officer, req.Type == evCaseAllocated || req.Type == evCaseTransferred || req.Type == evOfficerUpdated)
	req.At.check(&p, "at")
	ev := appliedEvent{ID: req.ID, Type: req.Type, Officer: req.Officer, At: req.At.t}
	if ev.At.IsZero() {
		ev.At = s.today()
	}
	switch req.Type {
	case evCaseAllocated, evCaseUpdated:
		if len(req.Case) == 0 {
			p.missing("case")
			break
		}
		var cj caseJSON
		if err := strictJSON(req.Case, &cj); err != nil {
			p.add("case", "", err.Error())
			break
		}
		cj.check(&p, "case")
		c := cj.toCase()
		ev.Case = &c
	case evCaseTransferred, evCaseClosed:
		if len(req.Case) == 0 {
			p.missing("case")
			break
		}
		var ref caseRef
		if err := strictJSON(req.Case, &ref); err != nil {
			p.add("case", "", err.Error()+" (a "+req.Type+" event names the case by id alone)")
			break
		}
		p.id("case.id", ref.ID, true)
		ev.CaseID = ref.ID
	}
	if req.Type != evOfficerUpdated && len(req.Record) > 0 {
		p.add("record", "", "only an officer-updated event carries a record")
	}
	if req.Type == evOfficerUpdated {
		if len(req.Case) > 0 {
			p.add("case", "", "an officer-updated event carries no case")
		}
		if len(req.Record) == 0 {
			p.missing("record")
		} else {
			var oj officerJSON
			if err := strictJSON(req.Record, &oj); err != nil {
				p.add("record", "", err.Error())
			} else {
				o := workload.Officer{ID: oj.ID, Team: oj.Team, Region: oj.Region, Grade: oj.Grade.v, Reductions: oj.Reductions}
				if o.ID == "" {
					o.ID = req.Officer
				} else if o.ID != req.Officer {
					p.add("record.id", o.ID, "differs from officer "+quoteID(req.Officer))
				}
				p.id("record.team", oj.Team, true)
				p.id("record.region", oj.Region, false)
				oj.Grade.check(&p, "record.grade")
				if len(oj.Hours) == 0 {
					p.missing("record.hours")
				} else if err := o.Hours.UnmarshalJSON(oj.Hours); err != nil || len(oj.Hours) > 32 {
					p.add("record.hours", string(oj.Hours), "want a decimal number of hours")
				}
				ev.Record = &o
			}
		}
	}
	if err := p.err(); err != nil {
		return appliedEvent{}, err
	}
	return ev, nil
}

// strictJSON decodes one JSON value, refusing unknown fields, keys that
// match a field only by case folding and repeated keys; messages
// carry no Go type names.
func strictJSON(b []byte, v any) error {
	if err := checkKeys(b, v); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ae *apiError
		if errors.As(decodeError(err), &ae) {
			return errors.New(ae.Message)
		}
		return err
	}
	return nil
}

// conflict is a 409: the event does not fit the current state (a case
// already held, a case no one holds).
func conflict(msg string) error {
	return &apiError{Status: http.StatusConflict, Code: codeConflict, Message: msg}
}

// resolve checks an event against the state it would be applied to and
// returns the change it makes and the event as the log keeps it. Only
// officers the event touches are re-measured.
func (s *service) resolve(v *view, ev appliedEvent) (change, appliedEvent, error) {
	ch := change{officers: map[string]*officerEntry{}, owners: map[string]string{}}
	today := s.today()
	// touch measures an officer's whole new caseload (an officer record
	// changed).
	touch := func(id string, cl workload.Caseload) error {
		e := &officerEntry{caseload: cl}
		// Measure now, at the default date: this validates the new
		// caseload and leaves checks at today a cached holding.
		if _, err := e.holding(s.policy, today); err != nil {
			return invalidInput(err)
		}
		ch.officers[id] = e
		return nil
	}
	// remeasure derives an officer's entry after cases close or are put
	// from the entry before: Remeasure adds up only the cases changed
	// when the entry's holding was measured today, and the new entry
	// keeps the caseload it returns (a new slice of cases) and its
	// holding, cached for checks at today.
	remeasure := func(id string, from *officerEntry, cc workload.CaseloadChange) error {
		h := workload.MeasuredCaseload{Caseload: from.caseload}
		if c := from.cached.Load(); c != nil && c.day.Equal(today) {
			h = c.holding
		}
		nh, err := s.policy.Remeasure(h, cc, today)
		if err != nil {
			return invalidInput(err)
		}
		e := &officerEntry{caseload: nh.Caseload}
		e.cached.Store(&holdingAt{day: today, holding: nh})
		ch.officers[id] = e
		return nil
	}
	switch ev.Type {
	case evCaseAllocated:
		e, ok := v.entry(ev.Officer)
		if !ok {
			return change{}, ev, notFound("officer", ev.Officer)
		}
		c := *ev.Case
		if holder, held := v.holder(c.ID); held {
			return change{}, ev, conflict(fmt.Sprintf("case %s is already held by %s: send case-transferred to move it", quoteID(c.ID), quoteID(holder)))
		}
		if c.Officer != "" && c.Officer != ev.Officer {
			return change{}, ev, invalidField("case.officer", c.Officer, "differs from officer "+quoteID(ev.Officer))
		}
		v.st.settle(&c, e.caseload.Officer.ID)
		if c.Allocated.IsZero() {
			c.Allocated = ev.At
		}
		ev.Case = &c
		if err := remeasure(ev.Officer, e, workload.CaseloadChange{Put: []workload.Case{c}}); err != nil {
			return change{}, ev, err
		}
		ch.owners[c.ID] = ev.Officer
	case evCaseTransferred:
		to, ok := v.entry(ev.Officer)
		if !ok {
			return change{}, ev, notFound("officer", ev.Officer)
		}
		from, held := v.holder(ev.CaseID)
		if !held {
			return change{}, ev, conflict("case " + quoteID(ev.CaseID) + " is not held by anyone: send case-allocated")
		}
		if from == ev.Officer {
			return change{}, ev, conflict("case " + quoteID(ev.CaseID) + " is already held by " + quoteID(from))
		}
		fe, _ := v.entry(from)
		i := slices.IndexFunc(fe.caseload.Cases, func(c workload.Case) bool { return c.ID == ev.CaseID })
		c := fe.caseload.Cases[i]
		c.Allocated = ev.At
		v.st.settle(&c, to.caseload.Officer.ID)
		ev.From = from
		if err := remeasure(from, fe, workload.CaseloadChange{Close: []string{ev.CaseID}}); err != nil {
			return change{}, ev, err
		}
		if err := remeasure(ev.Officer, to, workload.CaseloadChange{Put: []workload.Case{c}}); err != nil {
			return change{}, ev, err
		}
		ch.owners[c.ID] = ev.Officer
	case evCaseClosed:
		from, held := v.holder(ev.CaseID)
		if !held {
			return change{}, ev, conflict("case " + quoteID(ev.CaseID) + " is not held by anyone")
		}
		if ev.Officer != "" && ev.Officer != from {
			return change{}, ev, conflict("case " + quoteID(ev.CaseID) + " is held by " + quoteID(from) + ", not " + quoteID(ev.Officer))
		}
		fe, _ := v.entry(from)
		ev.Officer, ev.From = from, from
		if err := remeasure(from, fe, workload.CaseloadChange{Close: []string{ev.CaseID}}); err != nil {
			return change{}, ev, err
		}
		ch.owners[ev.CaseID] = ""
	case evCaseUpdated:
		c := *ev.Case
		from, held := v.holder(c.ID)
		if !held {
			return change{}, ev, conflict("case " + quoteID(c.ID) + " is not held by anyone: send case-allocated")
		}
		if ev.Officer != "" && ev.Officer != from {
			return change{}, ev, conflict("case " + quoteID(c.ID) + " is held by " + quoteID(from) + ", not " + quoteID(ev.Officer))
		}
		if c.Officer != "" && c.Officer != from {
			return change{}, ev, invalidField("case.officer", c.Officer, "differs from the holder "+quoteID(from)+": send case-transferred to move it")
		}
		fe, _ := v.entry(from)
		i := slices.IndexFunc(fe.caseload.Cases, func(x workload.Case) bool { return x.ID == c.ID })
		v.st.settle(&c, fe.caseload.Officer.ID)
		if c.Allocated.IsZero() {
			c.Allocated = fe.caseload.Cases[i].Allocated
		}
		ev.Officer, ev.From, ev.Case = from, from, &c
		if err := remeasure(from, fe, workload.CaseloadChange{Put: []workload.Case{c}}); err != nil {
			return change{}, ev, err
		}
	case evOfficerUpdated:
		cl := workload.Caseload{Officer: *ev.Record}
		if e, ok := v.entry(ev.Officer); ok {
			cl.Cases, cl.Reports, cl.Covers = e.caseload.Cases, e.caseload.Reports, e.caseload.Covers
		}
		if err := touch(ev.Officer, cl); err != nil {
			return change{}, ev, err
		}
	}
	return ch, ev, nil
}

// replay applies a logged event to the state without measuring (it was
// validated when first applied).
func replay(v *view, ev appliedEvent) (change, error) {
	ch := change{officers: map[string]*officerEntry{}, owners: map[string]string{}}
	get := func(id string) (workload.Caseload, error) {
		e, ok := v.entry(id)
		if !ok {
			return workload.Caseload{}, fmt.Errorf("event %s: no officer %s", ev.ID, id)
		}
		return e.caseload, nil
	}
	drop := func(id, caseID string) error {
		cl, err := get(id)
		if err != nil {
			return err
		}
		cl.Cases = slices.DeleteFunc(slices.Clone(cl.Cases), func(c workload.Case) bool { return c.ID == caseID })
		ch.officers[id] = &officerEntry{caseload: cl}
		return nil
	}
	add := func(id string, c workload.Case) error {
		cl, err := get(id)
		if err != nil {
			return err
		}
		v.st.settle(&c, cl.Officer.ID)
		cl.Cases = append(slices.Clip(slices.Clone(cl.Cases)), c)
		ch.officers[id] = &officerEntry{caseload: cl}
		ch.owners[c.ID] = id
		return nil
	}
	switch ev.Type {
	case evCaseAllocated:
		return ch, add(ev.Officer, *ev.Case)
	case evCaseTransferred:
		cl, err := get(ev.From)
		if err != nil {
			return ch, err
		}
		i := slices.IndexFunc(cl.Cases, func(c workload.Case) bool { return c.ID == ev.CaseID })
		if i < 0 {
			return ch, fmt.Errorf("event %s: %s does not hold %s", ev.ID, ev.From, ev.CaseID)
		}
		c := cl.Cases[i]
		c.Officer, c.Allocated = ev.Officer, ev.At
		if err := drop(ev.From, ev.CaseID); err != nil {
			return ch, err
		}
		return ch, add(ev.Officer, c)
	case evCaseClosed:
		ch.owners[ev.CaseID] = ""
		return ch, drop(ev.From, ev.CaseID)
	case evCaseUpdated:
		cl, err := get(ev.From)
		if err != nil {
			return ch, err
		}
		i := slices.IndexFunc(cl.Cases, func(c workload.Case) bool { return c.ID == ev.Case.ID })
		if i < 0 {
			return ch, fmt.Errorf("event %s: %s does not hold %s", ev.ID, ev.From, ev.Case.ID)
		}
		cl.Cases = slices.Clone(cl.Cases)
		cl.Cases[i] = *ev.Case
		v.st.settle(&cl.Cases[i], cl.Officer.ID)
		ch.officers[ev.From] = &officerEntry{caseload: cl}
	case evOfficerUpdated:
		cl := workload.Caseload{Officer: *ev.Record}
		if e, ok := v.entry(ev.Officer); ok {
			cl.Cases, cl.Reports, cl.Covers = e.caseload.Cases, e.caseload.Reports, e.caseload.Covers
		}
		ch.officers[ev.Officer] = &officerEntry{caseload: cl}
	default:
		return ch, fmt.Errorf("event %s: unknown type %q", ev.ID, ev.Type)
	}
	return ch, nil
}

// digest identifies an event's content, so that an id sent again with
// other content is refused rather than answered as a duplicate.
func digest(req *eventRequest) string {
	var b bytes.Buffer
	for _, part := range [][]byte{[]byte(req.ID), []byte(req.Type), []byte(req.Officer), compact(req.Case), compact(req.Record), []byte(req.At.raw), []byte(req.At.t.Format(time.DateOnly))} {
		fmt.Fprintf(&b, "%d:", len(part))
		b.Write(part)
	}
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:])
}

func compact(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// pending is an event waiting for the writer, with the channel its answer
// comes back on.
type pending struct {
	req    eventRequest
	ev     appliedEvent
	digest string
	done   chan result
}

type result struct {
	answer    eventAnswer
	duplicate bool
	err       error
}

// seen is what duplicate detection keeps of every logged event.
type seen struct {
	seq    int64
	digest string
	ev     appliedEvent
}

// committedAnswer answers an event whose id is already committed (and
// whose first answer this process knows) without queueing it for the
// writer: the same answer, marked a replay, or 409 id-reused for other
// content. An id not yet committed (new, or in flight in a batch) goes
// to the writer, which answers copies within and across batches.
func (s *service) committedAnswer(p *pending) (result, bool) {
	s.seenMu.RLock()
	old, ok := s.seen[p.ev.ID]
	s.seenMu.RUnlock()
	switch {
	case !ok:
		return result{}, false
	case old.digest != p.digest:
		return result{err: reused(p.ev.ID)}, true
	case old.ev.ID == "":
		return result{}, false // logged before this process started: the writer reads it back
	}
	return result{answer: old.ev.answer(old.seq), duplicate: true}, true
}

// submit hands an event to the writer and waits until it is committed
// (or refused, or ctx ends).
func (s *service) submit(ctx context.Context, p *pending) result {
	p.done = make(chan result, 1)
	select {
	case s.queue <- p:
	case <-ctx.Done():
		return result{err: ctx.Err()}
	case <-s.stopped:
		return result{err: errShuttingDown}
	}
	select {
	case r := <-p.done:
		return r
	case <-s.writerDone:
		select {
		case r := <-p.done:
			return r
		default:
			return result{err: errShuttingDown}
		}
	case <-ctx.Done():
		// The writer still finishes it; the client may send it again
		// and get the same answer.
		return result{err: ctx.Err()}
	}
}

// errShuttingDown answers an event that came too late to be committed.
var errShuttingDown = &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable, Message: "the service is shutting down: send the event again"}

// maxBatch bounds one group commit.
const maxBatch = 512

// writer is the one goroutine that changes the state: it takes the events
// queued, checks each against the state as the batch has left it, writes
// the accepted ones in one transaction (group commit: one fsync for many
// events), and only then publishes the changes and answers.
func (s *service) writer() {
	defer close(s.writerDone)
	batch := make([]*pending, 0, maxBatch)
	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	for {
		batch = batch[:0]
		select {
		case p := <-s.queue:
			batch = append(batch, p)
		case <-ticker.C:
			s.logIfErr("weekly history", s.commitBatch(nil))
			continue
		case r := <-s.snapping:
			// A snapshot is encoded: commit it now, events or not.
			s.snapDone(r)
			s.logIfErr("snapshot", s.commitBatch(nil))
			continue
		case <-s.stopped:
			// Answer what is already queued, then stop.
			for {
				select {
				case p := <-s.queue:
					batch = append(batch, p)
					if len(batch) < maxBatch {
						continue
					}
				default:
				}
				if len(batch) == 0 {
					if s.snapping != nil {
						// The snapshot being encoded is committed too.
						s.snapDone(<-s.snapping)
						s.logIfErr("snapshot", s.commitBatch(nil))
					}
					return
				}
				s.logIfErr("commit", s.commitBatch(batch))
				batch = batch[:0]
			}
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case p := <-s.queue:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		s.logIfErr("commit", s.commitBatch(batch))
	}
}

func (s *service) logIfErr(what string, err error) {
	if err != nil {
		s.log.Error(what+" failed", "err", err)
	}
}

// commitBatch applies, writes and publishes one batch, and answers every
// event in it.
func (s *service) commitBatch(batch []*pending) error {
	v := newView(s.st)
	var (
		rows    []eventRow
		changes []change
		answers = make([]result, len(batch))
		inBatch = map[string]int{}
	)
	_, _, _, seq := s.st.counts()
	now := time.Now()
	for i, p := range batch {
		if old, ok := s.seen[p.ev.ID]; ok {
			answers[i] = s.duplicate(old, p)
			continue
		}
		if j, ok := inBatch[p.ev.ID]; ok {
			// The same id twice in one batch: the second waits for the
			// first's answer.
			answers[i] = result{duplicate: true}
			if batch[j].digest != p.digest {
				answers[i] = result{err: reused(p.ev.ID)}
			}
			continue
		}
		ch, ev, err := s.resolve(v, p.ev)
		if err != nil {
			answers[i] = result{err: err}
			continue
		}
		seq++
		body, err := json.Marshal(ev)
		if err != nil {
			answers[i] = result{err: err}
			seq--
			continue
		}
		v.apply(ch)
		changes = append(changes, ch)
		rows = append(rows, eventRow{Seq: seq, ID: ev.ID, Type: ev.Type, Digest: p.digest, Body: string(body), Recorded: now})
		answers[i] = result{answer: ev.answer(seq)}
		inBatch[ev.ID] = i
		p.ev = ev
	}
	snap, hist, err := s.extras(v)
	if err == nil && (len(rows) > 0 || snap != nil || len(hist) > 0) {
		if s.beforeCommit != nil {
			s.beforeCommit()
		}
		err = s.db.commit(context.Background(), rows, snap, hist)
	}
	if err != nil {
		if snap != nil && s.readySnap == snap {
			// Dropped, so that a snapshot that cannot be written does not
			// fail every later batch; another is taken snapEvery events on.
			s.readySnap = nil
		}
		for i := range batch {
			if answers[i].err == nil && !answers[i].duplicate {
				answers[i] = result{err: fmt.Errorf("committing events: %w", err)}
			}
		}
		for i, p := range batch {
			p.done <- answers[i]
		}
		return err
	}
	if len(rows) > 0 {
		s.st.publish(changes, seq)
	}
	if snap != nil && s.readySnap == snap {
		s.readySnap = nil
	}
	if len(rows) > 0 && seq-s.snapTrig >= s.snapEvery {
		s.startSnapshot(seq)
	}
	s.seenMu.Lock()
	for _, r := range rows {
		i := inBatch[r.ID]
		s.seen[r.ID] = seen{seq: r.Seq, digest: r.Digest, ev: batch[i].ev}
	}
	s.seenMu.Unlock()
	if snap != nil {
		s.snapSeq = snap.Seq
	}
	if len(hist) > 0 {
		s.lastWeek = hist[0].Week
	}
	for i, p := range batch {
		if answers[i].duplicate && answers[i].err == nil && answers[i].answer.ID == "" {
			// A duplicate within the batch: the first one's answer.
			j := inBatch[p.ev.ID]
			answers[i] = answers[j]
			answers[i].duplicate = true
		}
		p.done <- answers[i]
	}
	return nil
}

func reused(id string) error {
	return &apiError{Status: http.StatusConflict, Code: codeIDReused,
		Message: "event id " + quoteID(id) + " was already used for a different event"}
}

// duplicate answers an event whose id is in the log: the same answer if
// it is the same event, a conflict if not.
func (s *service) duplicate(old seen, p *pending) result {
	if old.digest != p.digest {
		return result{err: reused(p.ev.ID)}
	}
	if old.ev.ID == "" {
		// Logged before this process started: read it back.
		body, err := s.db.eventBody(context.Background(), old.seq)
		if err == nil {
			err = json.Unmarshal([]byte(body), &old.ev)
		}
		if err != nil {
			return result{err: fmt.Errorf("reading event %d: %w", old.seq, err)}
		}
		s.seenMu.Lock()
		s.seen[p.ev.ID] = old
		s.seenMu.Unlock()
	}
	return result{answer: old.ev.answer(old.seq), duplicate: true}
}

// snapResult is a snapshot encoded away from the writer.
type snapResult struct {
	row *snapshotRow
	err error
}

// startSnapshot starts encoding the published state, as it stands after
// event seq, in its own goroutine, so that the writer goes on committing
// events meanwhile: the entries are immutable, and only their pointers
// are taken here. It is started only after the events up to seq are
// committed, so the snapshot never holds an event the log lacks; it is
// written with a later commit (see extras and writer). At most one is in
// flight: a previous one still encoding is waited for first.
func (s *service) startSnapshot(seq int64) {
	if s.snapping != nil {
		s.snapDone(<-s.snapping)
	}
	entries := newView(s.st).entries()
	taken, source := time.Now(), s.source
	ch := make(chan snapResult, 1)
	s.snapping, s.snapTrig = ch, seq
	go func() {
		body, err := snapshotJSON(rosterOf(entries))
		ch <- snapResult{row: &snapshotRow{Seq: seq, Taken: taken, Source: source, Roster: body}, err: err}
	}()
}

// snapDone takes an encoded snapshot: it is written with the next commit.
func (s *service) snapDone(r snapResult) {
	s.snapping = nil
	if r.err != nil {
		s.log.Error("encoding a snapshot failed", "seq", r.row.Seq, "err", r.err)
		return
	}
	s.readySnap = r.row
}

// extras returns the snapshot and weekly history to write with a batch:
// the snapshot encoded since the last commit (one is started every
// s.snapEvery events), and the week's history the first time the
// service commits in a new week.
func (s *service) extras(v *view) (*snapshotRow, []historyRow, error) {
	if s.snapping != nil {
		select {
		case r := <-s.snapping:
			s.snapDone(r)
		default:
		}
	}
	snap := s.readySnap
	week := weekOf(s.today())
	wk := week.Format(time.DateOnly)
	if wk <= s.lastWeek {
		return snap, nil, nil
	}
	hist, err := s.weekRows(v, week)
	return snap, hist, err
}

// weekOf is the Monday of t's week.
func weekOf(t time.Time) time.Time {
	t = civil(t)
	back := (int(t.Weekday()) + 6) % 7
	return t.AddDate(0, 0, -back)
}
