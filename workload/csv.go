package workload

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// CSV columns of a caseload export. The first row names the columns, in
// any order; unknown column names are errors. Required: officer, team,
// grade, hours, case, tier, type. A row with an empty case declares an
// officer who holds no cases.
//
//	column          meaning                                      example
//	officer         officer ID                                   off-0042
//	team            team ID                                      north-1
//	region          region ID (optional)                         north
//	grade           PO, PSO, SPO, PQiP or NQO                    PSO
//	hours           contracted weekly hours                      22.5
//	reduction_hours reduction hours in force (optional)          3.7
//	case            case ID; empty declares an officer only      case-000123
//	tier            a tier of the policy's scheme                B2, A3S, untiered
//	type            community, licence or custody                licence
//	young_adult     true or false (optional)                     false
//	inactive        active, warrant, unpaid-work-only or
//	                overdue-termination (optional)               active
//	start, release, two_thirds, end, last_contact, allocated,
//	assessed_on, escalated_on
//	                dates, YYYY-MM-DD (optional)                 2026-03-01
//	rosh            low, medium, high, very-high (optional)      high
//	mappa           none, 1, 2 or 3 (optional)                   2
//	flags           flag names separated by ';' (optional)       domestic-abuse;iom
//	complexity      number of complexity factors, 0–10 (optional) 2
//	provisional     true or false (optional)                     false
//
// Officer columns repeat on every row of that officer's cases and must
// agree. reduction_hours becomes one reduction with reason "other" in
// force throughout. Court reports and cover contacts are not part of the
// format.
var CSVColumns = []string{
	"officer", "team", "region", "grade", "hours", "reduction_hours",
	"case", "tier", "type", "young_adult", "inactive",
	"start", "release", "two_thirds", "end", "last_contact", "allocated",
	"rosh", "mappa", "flags", "complexity", "assessed_on", "provisional", "escalated_on",
}

// csvCaseColumns are the columns that describe a case: a row with no
// case must leave them empty, or their data would be dropped.
var csvCaseColumns = []string{
	"tier", "type", "young_adult", "inactive", "start", "release", "two_thirds", "end", "last_contact", "allocated",
	"rosh", "mappa", "flags", "complexity", "assessed_on", "provisional", "escalated_on",
}

var csvRequired = []string{"officer", "team", "grade", "hours", "case", "tier", "type"}

// MaxCSVRows bounds the rows ReadCSV reads.
const MaxCSVRows = 10_000_000

// ReadCSV reads a caseload export (see [CSVColumns] for the format) into a
// roster. Every bad row is an error naming its line and column; nothing is
// skipped. At most MaxReportedProblems problems are listed, the rest
// counted. The roster is not validated against a policy: pass it to
// [Policy.Prepare], which checks tiers against the policy's scheme.
//
// IDs (officer, team, region, case) are read exactly as written and an ID
// with leading or trailing white space, control characters or invalid
// UTF-8 is an error; other fields are trimmed. [WriteCSV] then ReadCSV
// gives back the officers (in order of first appearance) and cases written.
//
// Reading streams: memory follows the roster, not the file. Each case
// keeps its own fields and a copy of its ID, never the row it came from
// (about 300 bytes a case with a short ID, plus the slice's spare capacity;
// TestReadCSVMemory bounds it), so long rows or padding cost nothing once
// read.
func ReadCSV(r io.Reader) (Roster, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return Roster{}, fault.New("workload", "csv", "", ErrMissing, "no header row")
		}
		return Roster{}, fault.New("workload", "csv line 1", "", ErrSyntax, err.Error())
	}
	col := map[string]int{}
	known := map[string]bool{}
	for _, c := range CSVColumns {
		known[c] = true
	}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !known[h] {
			l.Add("csv line 1 column "+strconv.Itoa(i+1), h, ErrUnknown, "not a column of the caseload format")
			continue
		}
		if _, dup := col[h]; dup {
			l.Add("csv line 1 column "+strconv.Itoa(i+1), h, ErrDuplicate, "column named twice")
			continue
		}
		col[h] = i
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			l.Add("csv line 1", c, ErrMissing, "required column missing")
		}
	}
	if err := l.Err(); err != nil {
		return Roster{}, err
	}

	var ro Roster
	officerAt := map[string]int{}
	officerLine := map[string]int{}
	tiers := map[string]tier.Tier{}
	for rows := 0; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos panics after a failed read: take the line from the
			// parse error instead.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			l.Add("csv line "+strconv.Itoa(line), "", ErrSyntax, err.Error())
			if !errors.As(err, &pe) || pe.Err != csv.ErrFieldCount {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if rows >= MaxCSVRows {
			l.Add("csv line "+strconv.Itoa(line), "", ErrOutOfRange, "more than "+strconv.Itoa(MaxCSVRows)+" rows")
			break
		}
		if len(rec) != len(head) {
			l.Add("csv line "+strconv.Itoa(line), strconv.Itoa(len(rec))+" fields", ErrSyntax, "want "+strconv.Itoa(len(head))+" fields")
			continue
		}
		row := csvRow{l: &l, rec: rec, col: col, line: line}
		o := Officer{ID: row.id("officer"), Team: row.id("team"), Region: row.id("region")}
		o.Grade = row.grade("grade")
		o.Hours = row.decimal("hours")
		if red := row.decimal("reduction_hours"); !red.IsZero() {
			o.Reductions = []Reduction{{Reason: OtherReason, Hours: red, From: time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC), Note: "from csv reduction_hours"}}
		}
		if o.ID == "" {
			row.fail("officer", "", ErrMissing, "every row names its officer")
		} else if i, ok := officerAt[o.ID]; ok {
			if !sameOfficer(ro.Officers[i], o) {
				row.fail("officer", o.ID, ErrInconsistent, "team, region, grade, hours or reduction_hours differ from line "+strconv.Itoa(officerLine[o.ID]))
			}
		} else {
			// Keep copies: the fields share one string with the whole row,
			// which must not stay alive for the sake of an ID.
			o.ID, o.Team, o.Region = strings.Clone(o.ID), strings.Clone(o.Team), strings.Clone(o.Region)
			officerAt[o.ID] = len(ro.Officers)
			officerLine[o.ID] = line
			ro.Officers = append(ro.Officers, o)
		}
		id := row.id("case")
		if id == "" {
			for _, c := range csvCaseColumns {
				if row.str(c) != "" {
					row.fail(c, row.str(c), ErrInconsistent, "a row with no case declares an officer only")
				}
			}
			continue
		}
		officer := o.ID
		if i, ok := officerAt[o.ID]; ok {
			officer = ro.Officers[i].ID // shared by the officer's cases
		}
		c := Case{ID: strings.Clone(id), Officer: officer}
		c.Tier = tierOf(tiers, row.str("tier"))
		if c.Tier == tier.Unknown {
			row.fail("tier", "", ErrMissing, "every case needs a tier")
		}
		c.Type = row.caseType("type")
		c.YoungAdult = row.bool("young_adult")
		c.Inactive = row.inactive("inactive")
		c.Start = row.date("start")
		c.Release = row.date("release")
		c.TwoThirds = row.date("two_thirds")
		c.End = row.date("end")
		c.LastContact = row.date("last_contact")
		c.Allocated = row.date("allocated")
		c.Risk.RoSH = row.rosh("rosh")
		c.Risk.MAPPA = row.mappa("mappa")
		c.Risk.Flags = row.flags("flags")
		c.Risk.Complexity = row.int("complexity")
		c.Risk.AssessedOn = row.date("assessed_on")
		c.Risk.Provisional = row.bool("provisional")
		c.Risk.EscalatedOn = row.date("escalated_on")
		ro.Cases = append(ro.Cases, c)
	}
	if err := l.Err(); err != nil {
		return Roster{}, err
	}
	return ro, nil
}

// tierOf returns the tier named s, interned in seen so that cases share
// one string per tier name and do not keep their rows alive.
func tierOf(seen map[string]tier.Tier, s string) tier.Tier {
	if t, ok := seen[s]; ok {
		return t
	}
	t := tier.Tier(strings.Clone(s))
	if len(seen) < 1024 {
		seen[string(t)] = t
	}
	return t
}

func sameOfficer(a, b Officer) bool {
	if a.Team != b.Team || a.Region != b.Region || a.Grade != b.Grade || !a.Hours.Equal(b.Hours) || len(a.Reductions) != len(b.Reductions) {
		return false
	}
	return len(a.Reductions) == 0 || a.Reductions[0].Hours.Equal(b.Reductions[0].Hours)
}

// csvRow reads typed fields of one record, recording problems.
type csvRow struct {
	l    *fault.List
	rec  []string
	col  map[string]int
	line int
}

func (r csvRow) str(name string) string {
	i, ok := r.col[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// id returns an ID column exactly as written: an ID with leading or
// trailing white space, control characters or invalid UTF-8 is an error
// (trimming it would merge "jo" and "jo "), as [Policy.Prepare] would
// report it.
func (r csvRow) id(name string) string {
	i, ok := r.col[name]
	if !ok {
		return ""
	}
	v := r.rec[i]
	if v != "" {
		if msg := idProblem(v); msg != "" {
			r.fail(name, v, ErrSyntax, msg)
		}
	}
	return v
}

func (r csvRow) fail(name, value string, err error, detail string) {
	r.l.Add("csv line "+strconv.Itoa(r.line)+" column "+name, value, err, detail)
}

func (r csvRow) decimal(name string) decimal.Decimal {
	s := r.str(name)
	if s == "" {
		return decimal.Zero
	}
	if len(s) > 32 {
		r.fail(name, s, ErrOutOfRange, "more than 32 characters")
		return decimal.Zero
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		r.fail(name, s, ErrSyntax, "not a decimal number")
		return decimal.Zero
	}
	if err := dec.Check(v); err != nil {
		r.fail(name, s, ErrOutOfRange, err.Error())
		return decimal.Zero
	}
	return v
}

func (r csvRow) int(name string) int {
	s := r.str(name)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		r.fail(name, s, ErrSyntax, "not a whole number")
	}
	return v
}

func (r csvRow) bool(name string) bool {
	switch strings.ToLower(r.str(name)) {
	case "", "false", "no", "0":
		return false
	case "true", "yes", "1":
		return true
	}
	r.fail(name, r.str(name), ErrSyntax, "want true or false")
	return false
}

func (r csvRow) date(name string) time.Time {
	s := r.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		r.fail(name, s, ErrSyntax, "want a date as YYYY-MM-DD")
		return time.Time{}
	}
	if t.Year() < minYear || t.Year() > maxYear {
		r.fail(name, s, ErrOutOfRange, "dates must fall between 1900 and 2200")
		return time.Time{}
	}
	return t
}

// text decodes an enum column through its UnmarshalText.
func (r csvRow) text(name string, v interface{ UnmarshalText([]byte) error }) {
	s := r.str(name)
	if s == "" {
		return
	}
	if err := v.UnmarshalText([]byte(s)); err != nil {
		r.fail(name, s, ErrUnknown, "")
	}
}

func (r csvRow) grade(name string) Grade {
	var g Grade
	if r.str(name) == "" {
		r.fail(name, "", ErrMissing, "want PO, PSO, SPO, PQiP or NQO")
	}
	r.text(name, &g)
	return g
}

func (r csvRow) caseType(name string) tier.CaseType {
	var c tier.CaseType
	if r.str(name) == "" {
		r.fail(name, "", ErrMissing, "want community, licence or custody")
	}
	r.text(name, &c)
	return c
}

func (r csvRow) inactive(name string) tier.Inactive {
	var v tier.Inactive
	r.text(name, &v)
	return v
}

func (r csvRow) rosh(name string) risk.RoSH {
	var v risk.RoSH
	r.text(name, &v)
	return v
}

func (r csvRow) mappa(name string) risk.MAPPALevel {
	var v risk.MAPPALevel
	r.text(name, &v)
	return v
}

func (r csvRow) flags(name string) risk.Flags {
	s := r.str(name)
	var fs risk.Flags
	if s == "" {
		return fs
	}
	for _, part := range strings.Split(s, ";") {
		var f risk.Flag
		if err := f.UnmarshalText([]byte(strings.TrimSpace(part))); err != nil {
			r.fail(name, part, ErrUnknown, "not a flag name")
			continue
		}
		if fs.Has(f) {
			r.fail(name, part, ErrDuplicate, "flag given twice")
		}
		fs = fs.With(f)
	}
	return fs
}

// WriteCSV writes a roster's officers and cases in the caseload format,
// officers without cases as rows with an empty case. An officer's
// reductions are written as the hours in force at asOf. Court reports and
// cover contacts are not written.
func WriteCSV(w io.Writer, r Roster, asOf time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	held := map[string]bool{}
	byID := map[string]*Officer{}
	for i := range r.Officers {
		byID[r.Officers[i].ID] = &r.Officers[i]
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(dateLayout)
	}
	officerCols := func(o *Officer) []string {
		red := ""
		if dec.Check(o.Hours) == nil {
			po := o.pack()
			if m := po.reduction(days.Number(asOf)); m > 0 {
				red = micro(m).String()
			}
		}
		return []string{o.ID, o.Team, o.Region, o.Grade.String(), o.Hours.String(), red}
	}
	for i := range r.Cases {
		c := &r.Cases[i]
		o, ok := byID[c.Officer]
		if !ok {
			return fault.New("workload", "cases["+strconv.Itoa(i)+"].officer", c.Officer, ErrUnknown, "no such officer in the roster")
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
		rec := append(officerCols(o), make([]string, len(CSVColumns)-6)...)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
