package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
)

// officerChange is one officer before and after a change, as the CSV and
// JSON reports give it. Capacities are percentages to three places
// (the policy's rounding) and empty when the officer is idle or has no
// capacity (the band says which).
type officerChange struct {
	Officer        string          `json:"officer"`
	Team           string          `json:"team"`
	Grade          string          `json:"grade"`
	Cases          int             `json:"cases"`
	AvailBefore    decimal.Decimal `json:"availableBefore"`
	AvailAfter     decimal.Decimal `json:"availableAfter"`
	PointsBefore   decimal.Decimal `json:"pointsBefore"`
	PointsAfter    decimal.Decimal `json:"pointsAfter"`
	CapacityBefore string          `json:"capacityBefore"`
	CapacityAfter  string          `json:"capacityAfter"`
	Change         string          `json:"changePoints"`
	BandBefore     string          `json:"bandBefore"`
	BandAfter      string          `json:"bandAfter"`
	Moved          string          `json:"moved"` // "down", "up" or ""
}

// percent is a load's capacity as a bare number, or "" when it has none.
func percent(l workload.Load) string {
	if idle(l) || l.Band == workload.BandNoCapacity {
		return ""
	}
	return l.Capacity.StringFixed(3)
}

func officerChanges(mb, ma *workload.Measurement) []officerChange {
	out := make([]officerChange, 0, mb.Len())
	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		o := officerChange{Officer: b.Officer, Team: b.Team, Grade: b.Grade.String(), Cases: b.Cases,
			AvailBefore: b.Available, AvailAfter: a.Available, PointsBefore: b.Points, PointsAfter: a.Points,
			CapacityBefore: percent(b), CapacityAfter: percent(a), BandBefore: b.Band.String(), BandAfter: a.Band.String()}
		if idle(b) && idle(a) {
			o.BandBefore, o.BandAfter = "idle", "idle"
		}
		if o.CapacityBefore != "" && o.CapacityAfter != "" {
			o.Change = a.Capacity.Sub(b.Capacity).StringFixed(3)
		}
		switch rb, ra := bandRank(b.Band), bandRank(a.Band); {
		case ra < rb:
			o.Moved = "down"
		case ra > rb:
			o.Moved = "up"
		}
		out = append(out, o)
	}
	return out
}

// writeCSV writes one row per officer, in the caseload's order.
func writeCSV(w io.Writer, mb, ma *workload.Measurement) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"officer", "team", "grade", "cases", "available_before", "available_after", "points_before", "points_after",
		"capacity_before", "capacity_after", "change_pp", "band_before", "band_after", "moved"})
	for _, o := range officerChanges(mb, ma) {
		_ = cw.Write([]string{o.Officer, o.Team, o.Grade, strconv.Itoa(o.Cases), o.AvailBefore.StringFixed(2), o.AvailAfter.StringFixed(2),
			o.PointsBefore.StringFixed(2), o.PointsAfter.StringFixed(2), o.CapacityBefore, o.CapacityAfter, o.Change,
			o.BandBefore, o.BandAfter, o.Moved})
	}
	cw.Flush()
	return cw.Error()
}

// teamChange is a team's (or all teams') capacity before and after.
type teamChange struct {
	Team           string `json:"team"`
	CapacityBefore string `json:"capacityBefore"`
	CapacityAfter  string `json:"capacityAfter"`
	Over110Before  int    `json:"over110Before"`
	Over110After   int    `json:"over110After"`
}

// report is the JSON report.
type report struct {
	Caseload string                  `json:"caseload"`
	AsOf     string                  `json:"asOf"`
	Before   workload.PolicyRef      `json:"before"`
	After    workload.PolicyRef      `json:"after"`
	Summary  string                  `json:"summary"`
	All      teamChange              `json:"all"`
	Teams    []teamChange            `json:"teams"`
	Officers []officerChange         `json:"officers"`
	Diff     []workload.ConfigChange `json:"diff"`
	// Calibration is the fit, with -calibrate.
	Calibration *calibrationReport `json:"calibration,omitempty"`
}

// bare is a summary's capacity as a bare number, or "" with no capacity.
func bare(s workload.Summary) string {
	if s.Band == workload.BandNoCapacity {
		return ""
	}
	return s.Capacity.StringFixed(3)
}

func teamOf(id string, b, a workload.Summary) teamChange {
	return teamChange{Team: id, CapacityBefore: bare(b), CapacityAfter: bare(a),
		Over110Before: overAt(b, 110), Over110After: overAt(a, 110)}
}

// writeJSONReport writes the whole change as one JSON document.
func writeJSONReport(w io.Writer, source string, asOf time.Time, mb, ma *workload.Measurement, diff []workload.ConfigChange, cal *calibrationReport) error {
	r := report{Caseload: source, AsOf: asOf.Format(dateLayout), Before: mb.Policy, After: ma.Policy,
		Summary: summarize(mb, ma), All: teamOf("all", mb.National, ma.National), Officers: officerChanges(mb, ma),
		Diff: diff, Calibration: cal}
	for i, b := range mb.Teams {
		r.Teams = append(r.Teams, teamOf(b.ID, b, ma.Teams[i]))
	}
	if r.Diff == nil {
		r.Diff = []workload.ConfigChange{}
	}
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(r)
}
