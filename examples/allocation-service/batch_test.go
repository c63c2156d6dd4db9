package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestGroupCommit holds the writer in its first commit (one event, A)
// while 186 more events queue behind it, then lets it go: the writer
// takes all of them as one batch and writes them in one transaction. In
// the batch are 150 new allocations, 20 of them sent twice at once (two
// copies inside one batch), one id reused with other content, ten
// allocations of a case already held (409), two events the state refuses
// (422, 404), a case the library refuses only when it measures the
// caseload (422; the batch is then resolved again one event at a time)
// and its closure (409: it was never allocated), and a copy of A sent
// while A was in flight. Every event is
// answered only once it is in the database; the refused ones fail alone;
// copies get the first answer, marked a replay; the log's order is the
// order of application (the live state equals a serial replay of the
// log); and the batch shares one commit.
func TestGroupCommit(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		s := testService(t, config{DB: dsn})
		hold, held := make(chan struct{}), make(chan struct{})
		var once sync.Once
		s.beforeCommit = func() { once.Do(func() { close(held); <-hold }) }
		base := serveHandler(t, s.handler())

		alloc := func(id, cid, officer string) map[string]any {
			return map[string]any{"id": id, "type": "case-allocated", "officer": officer,
				"case": map[string]any{"id": cid, "tier": "C2", "type": "community", "start": "2026-11-01"}}
		}
		type sent struct {
			name   string
			ev     map[string]any
			status int
			body   []byte
			replay bool
		}
		var (
			mu  sync.Mutex
			out []*sent
			wg  sync.WaitGroup
		)
		post := func(name string, ev map[string]any) {
			wg.Go(func() {
				r := postJSON(t, base+"/v1/events", ev)
				x := &sent{name: name, ev: ev, status: r.status, body: r.body, replay: r.header.Get("Idempotent-Replayed") == "true"}
				if r.status == http.StatusOK {
					// Answered: the event must be in the database already.
					var a eventAnswer
					var id string
					if err := json.Unmarshal(r.body, &a); err != nil {
						t.Errorf("%s: %s: %v", name, r.body, err)
					} else if err := s.db.r.QueryRow(s.db.q(`SELECT id FROM events WHERE seq = ?`), a.Seq).Scan(&id); err != nil || id != a.ID {
						t.Errorf("%s answered with seq %d before it was committed: %q %v", name, a.Seq, id, err)
					}
				}
				mu.Lock()
				out = append(out, x)
				mu.Unlock()
			})
		}
		evA := alloc("gc-a", "gcc-a", "off-2")
		post("A", evA)
		<-held // the writer is in A's commit
		queued := 0
		for i := range 150 {
			ev := alloc(fmt.Sprintf("gc-%d", i), fmt.Sprintf("gcc-%d", i), fmt.Sprintf("off-%d", 2+i%35))
			post("new", ev)
			queued++
			if i < 20 {
				post("copy", ev)
				queued++
			}
		}
		post("reused", alloc("gc-149", "gcc-other", "off-3"))
		for i := range 10 {
			post("conflict", alloc(fmt.Sprintf("gc-held-%d", i), "case-0001", "off-3")) // off-2 holds case-0001
		}
		bad := alloc("gc-bad-officer", "gcc-bad", "off-3")
		bad["case"].(map[string]any)["officer"] = "off-4"
		post("invalid", bad)
		post("invalid", map[string]any{"id": "gc-unknown", "type": "case-allocated", "officer": "off-none",
			"case": map[string]any{"id": "gcc-unknown", "tier": "C2", "type": "community"}})
		// A case the library refuses only when it measures the caseload
		// (it ends before it starts): the batch is resolved again one
		// event at a time; this one fails alone, and its closure finds no
		// case.
		ends := alloc("gc-ends-early", "gcc-ends-early", "off-7")
		ends["case"].(map[string]any)["end"] = "2020-01-01"
		post("measure", ends)
		post("conflict", map[string]any{"id": "gc-close-ends-early", "type": "case-closed", "case": map[string]any{"id": "gcc-ends-early"}})
		post("A in flight", evA)
		queued += 1 + 10 + 2 + 2 + 1
		for len(s.queue) < queued {
			time.Sleep(time.Millisecond) // waiting for the requests to queue, not timing anything
		}
		close(hold)
		wg.Wait()

		byID := map[string][]*sent{}
		for _, x := range out {
			id := x.ev["id"].(string)
			byID[id] = append(byID[id], x)
		}
		answer := map[string]eventAnswer{}
		// gc-149 is sent with two contents at once: whichever the writer
		// takes first is committed, the other is refused as id-reused.
		if xs := byID["gc-149"]; len(xs) != 2 || xs[0].status+xs[1].status != http.StatusOK+http.StatusConflict ||
			!strings.Contains(string(xs[0].body)+string(xs[1].body), codeIDReused) {
			t.Errorf("gc-149 sent with two contents: %d %s, %d %s", xs[0].status, xs[0].body, xs[1].status, xs[1].body)
		}
		for _, x := range out {
			id := x.ev["id"].(string)
			var e errorBody
			_ = json.Unmarshal(x.body, &e)
			if id == "gc-149" {
				if x.status == http.StatusOK {
					var a eventAnswer
					json.Unmarshal(x.body, &a)
					answer[id] = a
				}
				continue
			}
			switch x.name {
			case "A", "A in flight", "new", "copy":
				if x.status != http.StatusOK {
					t.Errorf("%s %s: %d %s", x.name, id, x.status, x.body)
					continue
				}
				var a eventAnswer
				json.Unmarshal(x.body, &a)
				answer[id] = a
			case "conflict":
				if x.status != http.StatusConflict || e.Error.Code != codeConflict {
					t.Errorf("conflict %s: %d %s", id, x.status, x.body)
				}
			case "measure":
				if x.status != http.StatusUnprocessableEntity || e.Error.Code != codeInvalidInput || len(e.Error.Details) != 1 {
					t.Errorf("measure %s: %d %s", id, x.status, x.body)
				}
			case "invalid":
				if x.status/100 != 4 || x.status == http.StatusConflict {
					t.Errorf("invalid %s: %d %s", id, x.status, x.body)
				}
			}
		}
		// Copies: the same answer twice, exactly one of them a replay.
		for id, xs := range byID {
			if id == "gc-149" {
				continue // one allocation and one reused id
			}
			if len(xs) == 2 {
				if xs[0].status != 200 || xs[1].status != 200 || string(xs[0].body) != string(xs[1].body) || xs[0].replay == xs[1].replay {
					t.Errorf("copies of %s answered %d %s (replay %v) and %d %s (replay %v)", id,
						xs[0].status, xs[0].body, xs[0].replay, xs[1].status, xs[1].body, xs[1].replay)
				}
			}
		}
		if a := answer["gc-a"]; a.Seq != 1 {
			t.Errorf("A: seq %d, want 1", a.Seq)
		}

		// The log: A, then the 150 in one transaction (one recorded time),
		// seq 2 … 151, each with the seq its answer gave.
		rows, err := s.db.r.Query(`SELECT seq, id, recorded FROM events ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		recorded := map[string]int{}
		n := 0
		for rows.Next() {
			var seq int64
			var id, rec string
			if err := rows.Scan(&seq, &id, &rec); err != nil {
				t.Fatal(err)
			}
			n++
			if a, ok := answer[id]; !ok || a.Seq != seq {
				t.Errorf("log seq %d is %s, answered %+v", seq, id, a)
			}
			if seq > 1 {
				recorded[rec]++
			}
		}
		rows.Close()
		if n != 151 || len(recorded) != 1 {
			t.Errorf("%d events in the log, the batch in %d transactions (%v); want 151 in 1", n, len(recorded), recorded)
		}
		want, ids := serialReplay(t, dsn)
		if diff := cmp.Diff(want, s.st.roster()); diff != "" {
			t.Errorf("live state differs from a serial replay of the log (-replay +live):\n%s", diff)
		}
		if len(ids) != 151 {
			t.Errorf("%d distinct ids in the log, want 151", len(ids))
		}
	})
}
