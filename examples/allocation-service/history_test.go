package main

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openprobation/caseload/workload"
)

// TestHistory runs a case system for five weeks against each database: it
// allocates, checks, transfers and closes cases week by week, and reads
// the weekly history back. off-10 (team-1) is above 110% throughout, so
// the history shows a run of sustained overload read from real weekly
// snapshots; a week without any snapshot breaks the run.
func TestHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		var day atomic.Int64
		day.Store(demoDate.Unix()) // Monday 23 November 2026
		s := testService(t, config{DB: dsn, Today: func() time.Time { return time.Unix(day.Load(), 0).UTC() }})
		base := serveHandler(t, s.handler())
		week := func(n int) { day.Store(demoDate.AddDate(0, 0, 7*n+2).Unix()) } // the Wednesday of week n
		post := func(ev map[string]any) {
			t.Helper()
			if status, _, body, _ := postEvent(t, base, ev); status != 200 {
				t.Fatalf("%v: %d %s", ev["id"], status, body)
			}
		}
		for n := range 5 {
			week(n)
			id := "h-" + strconv.Itoa(n)
			post(map[string]any{"id": id + "-a", "type": "case-allocated", "officer": "off-10",
				"case": map[string]any{"id": id, "tier": "C2", "type": "community", "start": "2026-11-01"}})
			var chk workload.Check
			postJSON(t, base+"/v1/allocation-check", map[string]any{"officer": "off-9", "case": map[string]any{"id": id, "tier": "C2", "type": "community"}}).decode(t, &chk)
			post(map[string]any{"id": id + "-t", "type": "case-transferred", "officer": "off-9", "case": map[string]any{"id": id}})
			post(map[string]any{"id": id + "-c", "type": "case-closed", "case": map[string]any{"id": id}})
		}
		var oh historyResponse
		do(t, http.MethodGet, base+"/v1/officers/off-10/history?from=2026-11-23&to=2026-12-31", "", nil).decode(t, &oh)
		var weeks []string
		for _, w := range oh.Weeks {
			weeks = append(weeks, w.Week)
			if w.Load.Officer != "off-10" || w.Load.Band != workload.BandRed {
				t.Errorf("week %s: %s %v", w.Week, w.Load.Officer, w.Load.Band)
			}
		}
		wantWeeks := []string{"2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"}
		if len(weeks) != 5 || weeks[0] != wantWeeks[0] || weeks[4] != wantWeeks[4] {
			t.Fatalf("weeks %v, want %v", weeks, wantWeeks)
		}
		if len(oh.SustainedOverload) != 1 || len(oh.SustainedOverload[0].Weeks) != 5 || oh.SustainedOverload[0].Officer != "off-10" {
			t.Errorf("sustained overload %+v, want one run of 5 weeks", oh.SustainedOverload)
		}
		var th historyResponse
		do(t, http.MethodGet, base+"/v1/teams/team-1/history?from=2026-11-23T00:00:00Z&to=2026-12-31", "", nil).decode(t, &th)
		if len(th.Team) != 5 || th.Team[0].Summary.Officers != 12 {
			t.Fatalf("team weeks %d", len(th.Team))
		}
		found := false
		for _, o := range th.SustainedOverload {
			found = found || o.Officer == "off-10"
		}
		if !found {
			t.Errorf("team sustained overload %+v lacks off-10", th.SustainedOverload)
		}
		// Skip a week: the run is broken after it.
		week(6)
		post(map[string]any{"id": "h-6", "type": "case-allocated", "officer": "off-10",
			"case": map[string]any{"id": "h-6", "tier": "C2", "type": "community", "start": "2026-11-01"}})
		do(t, http.MethodGet, base+"/v1/officers/off-10/history?from=2026-11-23&to=2027-01-31", "", nil).decode(t, &oh)
		if len(oh.Weeks) != 6 || len(oh.SustainedOverload) != 1 || len(oh.SustainedOverload[0].Weeks) != 5 {
			t.Errorf("after a missing week: %d weeks, runs %+v", len(oh.Weeks), oh.SustainedOverload)
		}
		if r := do(t, http.MethodGet, base+"/v1/officers/off-404/history", "", nil); r.status != 404 {
			t.Errorf("unknown officer: %d", r.status)
		}
	})
}
