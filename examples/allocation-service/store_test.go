package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/workload"
)

// postgresEnv names the PostgreSQL the store tests use; CI sets it (see
// .ci/setup.d/10-postgres.sh).
const postgresEnv = "CASELOAD_TEST_POSTGRES"

// databases are the kinds every store test runs against.
var databases = []string{"sqlite", "postgres"}

// testDB returns a new, empty database of the kind: an SQLite file in a
// temporary directory, or a PostgreSQL schema of its own (dropped when
// the test ends). PostgreSQL is skipped, saying why, when postgresEnv is
// unset.
func testDB(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL (CI does, see .ci/setup.d/10-postgres.sh)", postgresEnv)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("PostgreSQL at %s: %v", postgresEnv, err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func forEachDB(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, kind := range databases {
		t.Run(kind, func(t *testing.T) { f(t, testDB(t, kind)) })
	}
}

// TestStore writes events, a snapshot and history in one commit and
// reads them back, in both databases, and refuses an event id twice.
func TestStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := openStore(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// Durability: a commit is acknowledged only once flushed to disk.
		if s.pg {
			for _, setting := range []string{"fsync", "synchronous_commit"} {
				var v string
				if err := s.w.QueryRow("SHOW " + setting).Scan(&v); err != nil || v != "on" {
					t.Errorf("PostgreSQL %s = %q %v, want on", setting, v, err)
				}
			}
		} else {
			var mode string
			var sync int
			if err := s.w.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("SQLite journal_mode = %q %v, want wal", mode, err)
			}
			if err := s.w.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
				t.Errorf("SQLite synchronous = %d %v, want 2 (FULL: the WAL is fsync'd at every commit)", sync, err)
			}
		}
		at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		evs := []eventRow{
			{Seq: 1, ID: "e-1", Type: evCaseClosed, Digest: "d1", Body: `{"id":"e-1"}`, Recorded: at},
			{Seq: 2, ID: "e-2", Type: evCaseClosed, Digest: "d2", Body: `{"id":"e-2"}`, Recorded: at},
		}
		snap := &snapshotRow{Seq: 2, Taken: at, Source: "demo", Roster: `{"officers":[]}`}
		hist := []historyRow{{Week: "2026-11-23", Officer: "o-1", Team: "t-1", Load: `{}`}, {Week: "2026-11-23", Officer: "o-2", Team: "t-1", Load: `{}`}}
		if err := s.commit(ctx, evs, snap, hist); err != nil {
			t.Fatal(err)
		}
		if err := s.commit(ctx, []eventRow{{Seq: 3, ID: "e-1", Type: "x", Digest: "d", Body: "{}", Recorded: at}}, nil, nil); err == nil {
			t.Error("the same event id committed twice")
		}
		var got []eventRow
		if err := s.events(ctx, 0, func(e eventRow) error { got = append(got, e); return nil }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(evs, got); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		latest, ok, err := s.latestSnapshot(ctx)
		if err != nil || !ok || latest.Seq != 2 || latest.Roster != snap.Roster || !latest.Taken.Equal(at) {
			t.Errorf("latest snapshot %+v %v %v", latest, ok, err)
		}
		rows, err := s.history(ctx, "", "t-1", "2026-01-01", "2026-12-31")
		if err != nil || len(rows) != 2 || rows[1].Officer != "o-2" {
			t.Errorf("team history %+v %v", rows, err)
		}
		if w, err := s.lastWeek(ctx); w != "2026-11-23" || err != nil {
			t.Errorf("last week %q %v", w, err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Error(err)
		}
		// The initial roster and the two newest snapshots are kept.
		for seq := int64(0); seq <= 5; seq++ {
			if seq == 2 {
				continue
			}
			if err := s.commit(ctx, nil, &snapshotRow{Seq: seq, Taken: at, Source: "demo", Roster: "{}"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		var kept []int64
		rows2, err := s.r.Query(`SELECT seq FROM snapshots ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		for rows2.Next() {
			var n int64
			rows2.Scan(&n)
			kept = append(kept, n)
		}
		rows2.Close()
		if diff := cmp.Diff([]int64{0, 4, 5}, kept); diff != "" {
			t.Errorf("snapshots kept (-want +got):\n%s", diff)
		}
	})
}

// post sends an event and returns the status, the answer and whether it
// was answered as a replay.
func postEvent(t testing.TB, base string, ev any) (int, eventAnswer, []byte, bool) {
	t.Helper()
	r := postJSON(t, base+"/v1/events", ev)
	var a eventAnswer
	if r.status == http.StatusOK {
		if err := json.Unmarshal(r.body, &a); err != nil {
			t.Fatalf("answer %s: %v", r.body, err)
		}
	}
	return r.status, a, r.body, r.header.Get("Idempotent-Replayed") == "true"
}

func getOfficer(t testing.TB, base, id string) officerResponse {
	t.Helper()
	r := do(t, http.MethodGet, base+"/v1/officers/"+id, "", nil)
	if r.status != http.StatusOK {
		t.Fatalf("officer %s: %d %s", id, r.status, r.body)
	}
	var o officerResponse
	if err := json.Unmarshal(r.body, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestEvents allocates, transfers, updates and closes a case and changes
// an officer, against both databases: every committed event is seen at
// once by every endpoint, the same id twice is applied once with the same
// answer, an id reused for another event is refused, and a restart on the
// same database restores the same state.
func TestEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		base := startServer(t, config{DB: dsn})
		before9, before5 := getOfficer(t, base, "off-9"), getOfficer(t, base, "off-5")
		alloc := map[string]any{"id": "evt-1", "type": "case-allocated", "officer": "off-9",
			"case": map[string]any{"id": "case-9002", "tier": "D2", "type": "community", "start": "2026-11-16", "risk": map[string]any{"rosh": "low"}}}
		status, a1, body1, replay := postEvent(t, base, alloc)
		if status != 200 || replay || a1.Seq != 1 || a1.Case != "case-9002" || a1.Status != "committed" {
			t.Fatalf("allocation: %d %s", status, body1)
		}
		// D2 community weighs 41 points (the reference table).
		after9 := getOfficer(t, base, "off-9")
		if after9.Cases != before9.Cases+1 || !after9.Points.Sub(before9.Points).Equal(decimalOf("41")) {
			t.Errorf("off-9 after the allocation: %d cases, %s points; before %d, %s", after9.Cases, after9.Points, before9.Cases, before9.Points)
		}
		// The same event again: the same answer, applied once.
		status, a2, body2, replay := postEvent(t, base, alloc)
		if status != 200 || !replay || string(body2) != string(body1) || cmp.Diff(a1, a2) != "" {
			t.Errorf("duplicate: %d %v %s", status, replay, body2)
		}
		if got := getOfficer(t, base, "off-9"); got.Cases != after9.Cases {
			t.Errorf("duplicate applied twice: %d cases", got.Cases)
		}
		// The id reused for another event.
		other := map[string]any{"id": "evt-1", "type": "case-closed", "case": map[string]any{"id": "case-9002"}}
		if status, _, body, _ := postEvent(t, base, other); status != 409 || !strings.Contains(string(body), codeIDReused) {
			t.Errorf("reused id: %d %s", status, body)
		}
		// Allocating a case already held is a conflict, and a check for
		// another officer says who holds it.
		again := map[string]any{"id": "evt-2", "type": "case-allocated", "officer": "off-5", "case": alloc["case"]}
		if status, _, body, _ := postEvent(t, base, again); status != 409 || !strings.Contains(string(body), "already held by \\\"off-9\\\"") {
			t.Errorf("allocating a held case: %d %s", status, body)
		}
		var chk workload.Check
		postJSON(t, base+"/v1/allocation-check", map[string]any{"officer": "off-5", "case": alloc["case"]}).decode(t, &chk)
		if !contains(codes(chk.Reasons), CodeHeldElsewhere) || chk.Verdict == workload.Allowed {
			t.Errorf("check of a case held elsewhere: %v %v", chk.Verdict, codes(chk.Reasons))
		}
		// Transfer it; both officers change at once.
		status, a3, body, _ := postEvent(t, base, map[string]any{"id": "evt-3", "type": "case-transferred", "officer": "off-5",
			"case": map[string]any{"id": "case-9002"}, "at": "2026-11-23T15:04:05+01:00"})
		if status != 200 || cmp.Diff([]string{"off-5", "off-9"}, a3.Officers) != "" {
			t.Fatalf("transfer: %d %s", status, body)
		}
		if got := getOfficer(t, base, "off-9"); got.Cases != before9.Cases || !got.Points.Equal(before9.Points) {
			t.Errorf("off-9 after the transfer: %d cases %s points", got.Cases, got.Points)
		}
		if got := getOfficer(t, base, "off-5"); got.Cases != before5.Cases+1 {
			t.Errorf("off-5 after the transfer: %d cases", got.Cases)
		}
		// Re-tier it: D2 → C2 community is 63 points.
		status, _, body, _ = postEvent(t, base, map[string]any{"id": "evt-4", "type": "case-updated",
			"case": map[string]any{"id": "case-9002", "tier": "C2", "type": "community", "start": "2026-11-16", "risk": map[string]any{"rosh": "medium"}}})
		if status != 200 {
			t.Fatalf("update: %d %s", status, body)
		}
		if got := getOfficer(t, base, "off-5"); !got.Points.Sub(before5.Points).Equal(decimalOf("63")) {
			t.Errorf("off-5 after re-tiering: %s points, before %s", got.Points, before5.Points)
		}
		// The team summary sees it.
		var sum teamSummaryResponse
		do(t, http.MethodGet, base+"/v1/teams/team-1/summary", "", nil).decode(t, &sum)
		found := false
		for _, l := range sum.Officers {
			if l.Officer == "off-5" {
				found = l.Cases == before5.Cases+1
			}
		}
		if !found {
			t.Error("team summary does not show the transfer")
		}
		// An officer's hours change: 37 → 18.5 hours halves available points.
		status, _, body, _ = postEvent(t, base, map[string]any{"id": "evt-5", "type": "officer-updated", "officer": "off-5",
			"record": map[string]any{"team": "team-1", "region": "region-1", "grade": "PO", "hours": "18.5"}})
		if status != 200 {
			t.Fatalf("officer update: %d %s", status, body)
		}
		// A new officer joins.
		status, _, body, _ = postEvent(t, base, map[string]any{"id": "evt-6", "type": "officer-updated", "officer": "off-99",
			"record": map[string]any{"team": "team-9", "grade": "PSO", "hours": "37"}})
		if status != 200 {
			t.Fatalf("new officer: %d %s", status, body)
		}
		if got := getOfficer(t, base, "off-99"); got.Team != "team-9" || got.Cases != 0 || !got.Available.Equal(decimalOf("2176")) {
			t.Errorf("new officer: %+v", got)
		}
		// Close the case.
		status, _, body, _ = postEvent(t, base, map[string]any{"id": "evt-7", "type": "case-closed", "case": map[string]any{"id": "case-9002"}})
		if status != 200 {
			t.Fatalf("close: %d %s", status, body)
		}
		final5 := getOfficer(t, base, "off-5")
		if final5.Cases != before5.Cases {
			t.Errorf("off-5 after the close: %d cases", final5.Cases)
		}
		// Every problem of an event at once.
		status, _, body, _ = postEvent(t, base, map[string]any{"id": " bad", "type": "case-moved", "at": "someday"})
		for _, want := range []string{`id \" bad\": leading or trailing space`, `type \"case-moved\"`, `at \"someday\"`} {
			if status != 422 || !strings.Contains(string(body), want) {
				t.Errorf("bad event: %d, want %q in %s", status, want, body)
			}
		}
	})
}

// TestRestart restores the state from the snapshot and the log: with a
// snapshot every 3 events, 10 events, a restart, and the same loads.
func TestRestart(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		cfg := config{DB: dsn, SnapshotEvery: 3, Today: func() time.Time { return demoDate }}
		s1 := testService(t, cfg)
		h := s1.handler()
		base := serveHandler(t, h)
		for i := range 10 {
			id := "c-r" + string(rune('a'+i))
			status, _, body, _ := postEvent(t, base, map[string]any{"id": "r-" + id, "type": "case-allocated", "officer": "off-" + string(rune('2'+i%5)),
				"case": map[string]any{"id": id, "tier": "B2", "type": "licence", "release": "2026-10-01"}})
			if status != 200 {
				t.Fatalf("event %d: %d %s", i, status, body)
			}
		}
		want := s1.st.roster()
		if err := s1.Close(); err != nil {
			t.Fatal(err)
		}
		s2 := testService(t, cfg)
		if diff := cmp.Diff(want, s2.st.roster()); diff != "" {
			t.Errorf("after restart (-want +got):\n%s", diff)
		}
		if s2.snapSeq != 9 || s2.st.load().seq != 10 {
			t.Errorf("restored from snapshot %d to seq %d, want 9 and 10", s2.snapSeq, s2.st.load().seq)
		}
		// The replayed service still knows the ids.
		status, _, _, replay := postEvent(t, serveHandler(t, s2.handler()), map[string]any{"id": "r-c-ra", "type": "case-allocated", "officer": "off-2",
			"case": map[string]any{"id": "c-ra", "tier": "B2", "type": "licence", "release": "2026-10-01"}})
		if status != 200 || !replay {
			t.Errorf("duplicate after restart: %d replay %v", status, replay)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCloseAnswersEveryEvent closes the service while events are being
// submitted: every submitter gets an answer (committed, or 503 to send it
// again), and every committed one is in the log after a restart.
func TestCloseAnswersEveryEvent(t *testing.T) {
	dsn := testDB(t, "sqlite")
	s := testService(t, config{DB: dsn})
	var wg sync.WaitGroup
	results := make([]result, 100)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := eventRequest{ID: "close-" + strconv.Itoa(i), Type: evCaseAllocated, Officer: "off-3",
				Case: json.RawMessage(`{"id":"cc-` + strconv.Itoa(i) + `","tier":"D1","type":"community"}`)}
			ev, err := s.parseEvent(&req)
			if err != nil {
				results[i] = result{err: err}
				return
			}
			results[i] = s.submit(context.Background(), &pending{req: req, ev: ev, digest: digest(&req)})
		}()
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	committed := map[string]bool{}
	for i, r := range results {
		switch {
		case r.err == nil:
			committed[r.answer.ID] = true
		case r.err != error(errShuttingDown):
			t.Errorf("event %d: %v", i, r.err)
		}
	}
	_, ids := serialReplay(t, dsn)
	for id := range committed {
		if ids[id] != 1 {
			t.Errorf("committed event %s is in the log %d times", id, ids[id])
		}
	}
	if len(ids) != len(committed) {
		t.Errorf("%d events in the log, %d answered as committed", len(ids), len(committed))
	}
}
