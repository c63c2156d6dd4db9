package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/openprobation/caseload/workload"
)

// weekRows measures every officer at the Monday of a week for the
// history table.
func (s *service) weekRows(v *view, week time.Time) ([]historyRow, error) {
	wk := week.Format(time.DateOnly)
	var rows []historyRow
	for _, e := range v.entries() {
		l, err := s.policy.Measure(e.caseload, week)
		if err != nil {
			return nil, fmt.Errorf("history %s: officer %s: %w", wk, e.caseload.Officer.ID, err)
		}
		l.Lines = nil
		b, err := json.Marshal(l)
		if err != nil {
			return nil, err
		}
		rows = append(rows, historyRow{Week: wk, Officer: l.Officer, Team: l.Team, Load: string(b)})
	}
	return rows, nil
}

// weekJSON is one week of an officer's history.
type weekJSON struct {
	Week string        `json:"week"`
	Load workload.Load `json:"load"`
}

// teamWeekJSON is one week of a team's history.
type teamWeekJSON struct {
	Week    string           `json:"week"`
	Summary workload.Summary `json:"summary"`
}

// historyResponse is the body of GET /v1/officers/{id}/history and
// GET /v1/teams/{id}/history: the weekly snapshots between from and to,
// and the runs of sustained overload read from them.
type historyResponse struct {
	Scope             string              `json:"scope"`
	ID                string              `json:"id"`
	From              string              `json:"from"`
	To                string              `json:"to"`
	Weeks             []weekJSON          `json:"weeks,omitempty"`
	Team              []teamWeekJSON      `json:"teamWeeks,omitempty"`
	SustainedOverload []workload.Overload `json:"sustainedOverload"`
}

// history serves both history endpoints; ?from and ?to are dates
// (default: the last 26 weeks up to today).
func (s *service) history(scope string) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		q, err := strictQuery(r, "from", "to")
		if err != nil {
			return nil, err
		}
		var from, to date
		var p problems
		from.UnmarshalText([]byte(q["from"])) //nolint:errcheck // problems are kept in the date
		to.UnmarshalText([]byte(q["to"]))     //nolint:errcheck
		if q["from"] == "" {
			from = date{}
		}
		if q["to"] == "" {
			to = date{}
		}
		from.check(&p, "from")
		to.check(&p, "to")
		if err := p.queryErr(); err != nil {
			return nil, err
		}
		end := to.t
		if end.IsZero() {
			end = s.today()
		}
		start := from.t
		if start.IsZero() {
			start = end.AddDate(0, 0, -7*26)
		}
		id := r.PathValue("id")
		out := historyResponse{Scope: scope, ID: id, From: weekOf(start).Format(time.DateOnly), To: end.Format(time.DateOnly),
			SustainedOverload: []workload.Overload{}}
		officer, team := "", ""
		if scope == "officer" {
			if _, ok := s.st.entry(id); !ok {
				return nil, notFound("officer", id)
			}
			officer = id
		} else {
			if _, _, ok := s.st.teamEntries(id); !ok {
				return nil, notFound("team", id)
			}
			team = id
		}
		rows, err := s.db.history(r.Context(), officer, team, out.From, out.To)
		if err != nil {
			return nil, err
		}
		var snaps []workload.Snapshot
		for _, h := range rows {
			var l workload.Load
			if err := json.Unmarshal([]byte(h.Load), &l); err != nil {
				return nil, fmt.Errorf("history %s %s: %w", h.Week, h.Officer, err)
			}
			if n := len(snaps); n == 0 || snaps[n-1].AsOf.Format(time.DateOnly) != h.Week {
				wk, _ := time.Parse(time.DateOnly, h.Week)
				snaps = append(snaps, workload.Snapshot{AsOf: wk})
			}
			snaps[len(snaps)-1].Loads = append(snaps[len(snaps)-1].Loads, l)
		}
		for _, sn := range snaps {
			if scope == "officer" {
				out.Weeks = append(out.Weeks, weekJSON{Week: sn.AsOf.Format(time.DateOnly), Load: sn.Loads[0]})
			} else {
				sum, err := s.policy.Summarise(workload.ScopeTeam, id, sn.Loads, sn.AsOf)
				if err != nil {
					return nil, fmt.Errorf("history %s: %w", sn.AsOf.Format(time.DateOnly), err)
				}
				out.Team = append(out.Team, teamWeekJSON{Week: sn.AsOf.Format(time.DateOnly), Summary: sum})
			}
		}
		if scope == "officer" && out.Weeks == nil {
			out.Weeks = []weekJSON{}
		}
		if scope == "team" && out.Team == nil {
			out.Team = []teamWeekJSON{}
		}
		runs, err := s.policy.SustainedOverload(snaps)
		if err != nil {
			return nil, err
		}
		if runs != nil {
			out.SustainedOverload = runs
		}
		return out, nil
	}
}
