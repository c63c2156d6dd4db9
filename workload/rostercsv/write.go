package rostercsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/workload"
)

// Write writes a whole roster in the format [Read] reads (see [Columns]):
// a case row for every case, in roster order, an officer row for every
// officer who holds none, then a reduction row for every reduction (with
// its dates, reason and status, as given), a report row for every court
// report and a cover row for every cover contact. Dates are written
// YYYY-MM-DD; false flags (young_adult, provisional) and zero amounts are
// left empty, which reads back the same. A case, report or cover contact naming an officer the
// roster does not hold is an error.
func Write(w io.Writer, r workload.Roster) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return err
	}
	byID := make(map[string]*workload.Officer, len(r.Officers))
	for i := range r.Officers {
		byID[r.Officers[i].ID] = &r.Officers[i]
	}
	held := make(map[string]bool, len(r.Officers))
	rec := newRecord()
	officer := func(o *workload.Officer) {
		rec.set("officer", o.ID)
		rec.set("team", o.Team)
		rec.set("region", o.Region)
		rec.set("grade", o.Grade.String())
		rec.set("hours", o.Hours.String())
	}
	known := func(field, id string) error {
		if _, ok := byID[id]; !ok {
			return fault.New("rostercsv", field, id, workload.ErrUnknown, "no such officer in the roster")
		}
		return nil
	}
	for i := range r.Cases {
		c := &r.Cases[i]
		if err := known("cases["+strconv.Itoa(i)+"].officer", c.Officer); err != nil {
			return err
		}
		held[c.Officer] = true
		rec.clear(recordCase)
		officer(byID[c.Officer])
		rec.set("case", c.ID)
		rec.set("tier", string(c.Tier))
		rec.set("type", c.Type.String())
		if c.YoungAdult {
			rec.set("young_adult", "true")
		}
		rec.set("inactive", c.Inactive.String())
		rec.date("start", c.Start)
		rec.date("release", c.Release)
		rec.date("recalled", c.Recalled)
		rec.date("rereleased", c.Rereleased)
		rec.date("two_thirds", c.TwoThirds)
		rec.date("end", c.End)
		rec.date("last_contact", c.LastContact)
		rec.date("allocated", c.Allocated)
		rec.set("rosh", c.Risk.RoSH.String())
		rec.set("mappa", c.Risk.MAPPA.String())
		var flags []string
		if c.Risk.FlagsUnknown {
			flags = append(flags, "unknown")
		}
		for _, f := range c.Risk.Flags.List() {
			flags = append(flags, f.String())
		}
		rec.set("flags", strings.Join(flags, ";"))
		if c.Risk.Complexity != 0 {
			rec.set("complexity", strconv.Itoa(c.Risk.Complexity))
		}
		rec.date("assessed_on", c.Risk.AssessedOn)
		if c.Risk.Provisional {
			rec.set("provisional", "true")
		}
		rec.date("escalated_on", c.Risk.EscalatedOn)
		if err := cw.Write(rec.fields); err != nil {
			return err
		}
	}
	for i := range r.Officers {
		o := &r.Officers[i]
		if held[o.ID] {
			continue
		}
		rec.clear(recordOfficer)
		officer(o)
		if err := cw.Write(rec.fields); err != nil {
			return err
		}
	}
	for i := range r.Officers {
		o := &r.Officers[i]
		for _, red := range o.Reductions {
			rec.clear(recordReduction)
			rec.set("officer", o.ID)
			rec.set("reason", red.Reason.String())
			rec.decimal("reduction_hours", red.Hours)
			rec.decimal("reduction_percent", red.Percent)
			rec.date("from", red.From)
			rec.date("to", red.To)
			rec.set("status", red.Status.String())
			rec.set("note", red.Note)
			if err := cw.Write(rec.fields); err != nil {
				return err
			}
		}
	}
	for i := range r.Reports {
		rp := &r.Reports[i]
		if err := known("reports["+strconv.Itoa(i)+"].officer", rp.Officer); err != nil {
			return err
		}
		rec.clear(recordReport)
		rec.set("officer", rp.Officer)
		rec.set("report", rp.ID)
		rec.set("kind", rp.Kind.String())
		rec.date("due", rp.Due)
		if err := cw.Write(rec.fields); err != nil {
			return err
		}
	}
	for i := range r.Covers {
		cv := &r.Covers[i]
		if err := known("covers["+strconv.Itoa(i)+"].doer", cv.Doer); err != nil {
			return err
		}
		rec.clear(recordCover)
		rec.set("officer", cv.Doer)
		rec.set("case", cv.Case)
		rec.set("owner", cv.Owner)
		rec.date("on", cv.On)
		rec.set("points", cv.Points.String())
		if err := cw.Write(rec.fields); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// record is one output row, filled by column name.
type record struct {
	fields []string
	at     map[string]int
}

func newRecord() *record {
	r := &record{fields: make([]string, len(columns)), at: make(map[string]int, len(columns))}
	for i, c := range columns {
		r.at[c] = i
	}
	return r
}

func (r *record) clear(kind string) {
	clear(r.fields)
	r.set("record", kind)
}

func (r *record) set(column, value string) { r.fields[r.at[column]] = value }

func (r *record) date(column string, t time.Time) {
	if !t.IsZero() {
		r.set(column, t.Format(dateLayout))
	}
}

func (r *record) decimal(column string, d decimal.Decimal) {
	if !d.IsZero() {
		r.set(column, d.String())
	}
}
