package rostercsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/workload"
)

// Write writes a roster's officers and cases in the caseload format,
// officers without cases as rows with an empty case. An officer's
// reductions are written as the hours in force at asOf. Court reports and
// cover contacts are not written.
func Write(w io.Writer, r workload.Roster, asOf time.Time) error {
	reference := workload.DefaultPolicy()
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return err
	}
	held := map[string]bool{}
	byID := map[string]*workload.Officer{}
	for i := range r.Officers {
		byID[r.Officers[i].ID] = &r.Officers[i]
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(dateLayout)
	}
	officerCols := func(o *workload.Officer) []string {
		red := ""
		if l, err := reference.Measure(workload.Caseload{Officer: *o}, asOf); err == nil && !l.Hours.Reductions.IsZero() {
			red = l.Hours.Reductions.String()
		}
		return []string{o.ID, o.Team, o.Region, o.Grade.String(), o.Hours.String(), red}
	}
	for i := range r.Cases {
		c := &r.Cases[i]
		o, ok := byID[c.Officer]
		if !ok {
			return fault.New("rostercsv", "cases["+strconv.Itoa(i)+"].officer", c.Officer, workload.ErrUnknown, "no such officer in the roster")
		}
		held[o.ID] = true
		var flags []string
		for _, f := range c.Risk.Flags.List() {
			flags = append(flags, f.String())
		}
		complexity := ""
		if c.Risk.Complexity != 0 {
			complexity = strconv.Itoa(c.Risk.Complexity)
		}
		rec := append(officerCols(o),
			c.ID, string(c.Tier), c.Type.String(), strconv.FormatBool(c.YoungAdult), c.Inactive.String(),
			date(c.Start), date(c.Release), date(c.TwoThirds), date(c.End), date(c.LastContact), date(c.Allocated),
			c.Risk.RoSH.String(), c.Risk.MAPPA.String(), strings.Join(flags, ";"), complexity,
			date(c.Risk.AssessedOn), strconv.FormatBool(c.Risk.Provisional), date(c.Risk.EscalatedOn))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	for i := range r.Officers {
		o := &r.Officers[i]
		if held[o.ID] {
			continue
		}
		rec := append(officerCols(o), make([]string, len(columns)-6)...)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
