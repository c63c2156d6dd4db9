package rostercsv

import (
	"encoding/csv"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// MaxRows bounds the data rows [Read] reads.
const MaxRows = 10_000_000

// Options says how to read an export that is not written exactly as
// [Columns] describes. The zero value reads the format as described.
type Options struct {
	// Columns maps an export's own column names to the format's, for
	// exports whose names differ: {"Staff ID": "officer", "CRN": "case"}.
	// A name not in the map is read as it is. Every value must be a column
	// of the format.
	Columns map[string]string
	// DayFirst reads dates written day first, DD/MM/YYYY (or D/M/YYYY), as
	// UK exports write them; YYYY-MM-DD is read either way. Without it a
	// date with slashes is an error, never a guess between 03/04 as the
	// 3rd of April and the 4th of March.
	DayFirst bool
}

// Read reads a roster export (see [Columns] for the format) with the zero
// [Options].
func Read(r io.Reader) (workload.Roster, error) { return Options{}.Read(r) }

// Read reads a roster export: officers, the cases they hold, their dated
// reductions, court reports and cover contacts. It reads one row at a
// time, so memory grows with the roster, not with the file's text: each
// case keeps its own fields and a copy of its ID, never the line it came
// from (about 415 bytes a case once read, however long the lines).
//
// IDs (officer, team, region, case, report, cover owner) are read exactly
// as written; an ID with white space at either end, control characters or
// invalid UTF-8 is an error, never trimmed, so that "jo" and "jo " cannot
// become one officer. Other columns are trimmed. What [Write] writes, Read
// reads back unchanged.
//
// Every bad row is an error naming its line and column; nothing is
// skipped. At most [workload.MaxReportedProblems] problems are listed,
// the rest counted. The roster is not validated against a policy: pass it
// to [workload.Policy.Prepare], which checks tiers against the policy's
// scheme, duplicate IDs and the rest.
func (o Options) Read(r io.Reader) (workload.Roster, error) {
	l := fault.List{Pkg: "rostercsv", Max: workload.MaxReportedProblems}
	o.checkColumns(&l)
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return workload.Roster{}, fault.New("rostercsv", "csv", "", workload.ErrMissing, "no header row")
		}
		return workload.Roster{}, fault.New("rostercsv", "csv line 1", "", workload.ErrSyntax, err.Error())
	}
	rd := reader{l: &l, dayFirst: o.DayFirst, officerAt: map[string]int{}}
	rd.header(head, o.Columns)
	if err := l.Err(); err != nil {
		return workload.Roster{}, err
	}
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
			l.Add("csv line "+strconv.Itoa(line), "", workload.ErrSyntax, err.Error())
			if !errors.As(err, &pe) || pe.Err != csv.ErrFieldCount {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if rows >= MaxRows {
			l.Add("csv line "+strconv.Itoa(line), "", workload.ErrOutOfRange, "more than "+strconv.Itoa(MaxRows)+" rows")
			break
		}
		if len(rec) != len(head) {
			l.Add("csv line "+strconv.Itoa(line), strconv.Itoa(len(rec))+" fields", workload.ErrSyntax, "want "+strconv.Itoa(len(head))+" fields")
			continue
		}
		rd.row(csvRow{l: &l, rec: rec, col: rd.col, line: line, dayFirst: o.DayFirst})
	}
	rd.finish()
	if err := l.Err(); err != nil {
		return workload.Roster{}, err
	}
	return rd.ro, nil
}

// checkColumns records every mapping to a column the format does not have.
func (o Options) checkColumns(l *fault.List) {
	keys := make([]string, 0, len(o.Columns))
	for k := range o.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !isColumn(o.Columns[k]) {
			l.Add("options.columns["+strconv.Quote(k)+"]", o.Columns[k], workload.ErrUnknown, "not a column of the roster format")
		}
	}
}

func isColumn(name string) bool {
	for _, c := range columns {
		if c == name {
			return true
		}
	}
	return false
}

// mentioned is an officer named by a row before any row declared it.
type mentioned struct {
	id   string
	line int
}

// reader is the state of one Read: the roster so far, where each officer
// was declared, and references to be resolved at the end.
type reader struct {
	l        *fault.List
	dayFirst bool
	col      map[string]int // format column → index in the record
	name     []string       // index in the record → format column
	// allowed[kind][i] reports whether rows of the kind may fill column i.
	allowed map[string][]bool

	ro        workload.Roster
	officerAt map[string]int // officer ID → index in ro.Officers
	declared  []int          // by officer: line of its declaration
	legacy    []decimal.Decimal
	text      []officerText // by officer: its declaration's text
	tiers     map[string]tier.Tier
	// Officers named before (or without) their declaration, in order of
	// first mention, with that line; their reductions wait in pending.
	early   []mentioned
	earlyAt map[string]int // officer ID → index in early
	pending map[string][]workload.Reduction
	// Cover contacts that name no owner, and their lines.
	ownerless     []int
	ownerlessLine []int
}

func (rd *reader) header(head []string, rename map[string]string) {
	rd.col = map[string]int{}
	rd.name = make([]string, len(head))
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		name := h
		if m, ok := rename[h]; ok {
			name = m
		}
		field := "csv line 1 column " + strconv.Itoa(i+1)
		if !isColumn(name) {
			if name != h {
				// Already reported by checkColumns.
				continue
			}
			rd.l.Add(field, h, workload.ErrUnknown, "not a column of the roster format (map it with Options.Columns)")
			continue
		}
		if _, dup := rd.col[name]; dup {
			rd.l.Add(field, h, workload.ErrDuplicate, "column "+name+" named twice")
			continue
		}
		rd.col[name] = i
		rd.name[i] = name
	}
	for _, c := range required {
		if _, ok := rd.col[c]; !ok {
			rd.l.Add("csv line 1", c, workload.ErrMissing, "required column missing")
		}
	}
	rd.allowed = map[string][]bool{}
	for _, kind := range []string{recordCase, recordOfficer, recordReduction, recordReport, recordCover} {
		cols, _ := recordColumns(kind)
		ok := make([]bool, len(head))
		for i, n := range rd.name {
			ok[i] = n == "" || n == "record" || n == "officer"
		}
		for _, c := range cols {
			if i, has := rd.col[c]; has {
				ok[i] = true
			}
		}
		rd.allowed[kind] = ok
	}
}

func (rd *reader) row(row csvRow) {
	kind := row.str("record")
	if kind == "" {
		kind = recordOfficer
		if row.str("case") != "" {
			kind = recordCase
		}
	}
	allowed, ok := rd.allowed[kind]
	if !ok {
		row.fail("record", kind, workload.ErrUnknown, "want case, officer, reduction, report or cover")
		return
	}
	for i, v := range row.rec {
		if !allowed[i] && strings.TrimSpace(v) != "" {
			detail := "a " + kind + " row leaves this column empty"
			if kind == recordOfficer {
				detail = "a row with no case declares an officer only"
			}
			row.fail(rd.name[i], strings.TrimSpace(v), workload.ErrInconsistent, detail)
		}
	}
	// A row naming no officer is still read, so that all its problems are
	// reported; the error already recorded means it is never returned.
	oi, id := rd.officer(row, kind)
	switch kind {
	case recordCase:
		rd.ro.Cases = append(rd.ro.Cases, rd.caseOf(row, id))
	case recordReduction:
		red := workload.Reduction{
			Reason:  row.reason("reason"),
			Hours:   row.decimal("reduction_hours"),
			Percent: row.decimal("reduction_percent"),
			From:    row.requiredDate("from", "a reduction needs a start date"),
			To:      row.date("to"),
			Status:  row.status("status"),
			Note:    row.id("note", ""),
		}
		switch {
		case oi >= 0:
			rd.ro.Officers[oi].Reductions = append(rd.ro.Officers[oi].Reductions, red)
		case id != "":
			rd.pending[id] = append(rd.pending[id], red)
		}
	case recordReport:
		rd.ro.Reports = append(rd.ro.Reports, workload.Report{
			ID:      row.ident("report", "a report row needs a report ID"),
			Officer: id,
			Kind:    row.reportKind("kind"),
			Due:     row.requiredDate("due", "a report needs a due date"),
		})
	case recordCover:
		cv := workload.Cover{
			Case:   row.ident("case", "a cover row names its case"),
			Owner:  row.ident("owner", ""),
			Doer:   id,
			On:     row.requiredDate("on", "a cover contact needs a date"),
			Points: row.decimal("points"),
		}
		if cv.Owner == "" {
			rd.ownerless = append(rd.ownerless, len(rd.ro.Covers))
			rd.ownerlessLine = append(rd.ownerlessLine, row.line)
		}
		rd.ro.Covers = append(rd.ro.Covers, cv)
	}
}

// officer reads the row's officer: a declaration when the row is an
// officer or case row or gives any officer column, else a reference. It
// returns the officer's index (-1 when not yet declared) and ID, or ""
// when the row names none.
func (rd *reader) officer(row csvRow, kind string) (int, string) {
	id := row.exact("officer")
	declares := kind == recordOfficer || kind == recordCase
	for _, c := range officerColumns {
		declares = declares || row.str(c) != ""
	}
	if id == "" {
		row.fail("officer", "", workload.ErrMissing, "every row names its officer")
		if declares {
			row.grade("grade")
			row.decimal("hours")
		}
		return -1, ""
	}
	i, known := rd.officerAt[id]
	if !declares {
		if known {
			return i, rd.ro.Officers[i].ID
		}
		return -1, rd.mention(id, row.line)
	}
	legacyCol := kind == recordOfficer || kind == recordCase
	if known && rd.sameText(i, row, legacyCol) {
		// The common case: a case row repeating its officer's columns
		// exactly as they were first written. Nothing to parse.
		return i, rd.ro.Officers[i].ID
	}
	o := workload.Officer{ID: id, Team: row.exact("team"), Region: row.exact("region")}
	o.Grade = row.grade("grade")
	o.Hours = row.decimal("hours")
	legacy := decimal.Zero
	if legacyCol {
		legacy = row.decimal("reduction_hours")
	}
	if known {
		p := &rd.ro.Officers[i]
		if p.Team != o.Team || p.Region != o.Region || p.Grade != o.Grade || !p.Hours.Equal(o.Hours) ||
			(legacyCol && !rd.legacy[i].Equal(legacy)) {
			row.fail("officer", id, workload.ErrInconsistent, "team, region, grade, hours or reduction_hours differ from line "+strconv.Itoa(rd.declared[i]))
		}
		return i, p.ID
	}
	// A new officer: its strings are copied out of the line.
	if k, ok := rd.earlyAt[id]; ok {
		id = rd.early[k].id
	} else {
		id = strings.Clone(id)
	}
	o.ID, o.Team, o.Region = id, strings.Clone(o.Team), strings.Clone(o.Region)
	if !legacy.IsZero() {
		o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: legacy,
			From: time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC), Note: "from csv reduction_hours"}}
	}
	if reds, ok := rd.pending[id]; ok {
		o.Reductions = append(o.Reductions, reds...)
		delete(rd.pending, id)
	}
	i = len(rd.ro.Officers)
	rd.officerAt[id] = i
	rd.declared = append(rd.declared, row.line)
	rd.legacy = append(rd.legacy, legacy)
	t := officerText{grade: strings.Clone(row.str("grade")), hours: strings.Clone(row.str("hours"))}
	if legacyCol {
		t.legacy = strings.Clone(row.str("reduction_hours"))
	}
	rd.text = append(rd.text, t)
	rd.ro.Officers = append(rd.ro.Officers, o)
	return i, id
}

// officerText is an officer's declaration as written, to recognise a row
// that repeats it without parsing it again.
type officerText struct{ grade, hours, legacy string }

// sameText reports whether the row gives officer i's columns exactly as
// its declaration wrote them.
func (rd *reader) sameText(i int, row csvRow, legacyCol bool) bool {
	o, t := &rd.ro.Officers[i], &rd.text[i]
	return row.raw("team") == o.Team && row.raw("region") == o.Region && row.str("grade") == t.grade &&
		row.str("hours") == t.hours && (!legacyCol || row.str("reduction_hours") == t.legacy)
}

// mention records the first mention, at line, of an officer not yet
// declared, and returns the ID as a string of its own.
func (rd *reader) mention(id string, line int) string {
	if k, ok := rd.earlyAt[id]; ok {
		return rd.early[k].id
	}
	if rd.earlyAt == nil {
		rd.earlyAt, rd.pending = map[string]int{}, map[string][]workload.Reduction{}
	}
	id = strings.Clone(id)
	rd.earlyAt[id] = len(rd.early)
	rd.early = append(rd.early, mentioned{id: id, line: line})
	return id
}

// caseOf reads a case row held by officer id.
func (rd *reader) caseOf(row csvRow, id string) workload.Case {
	c := workload.Case{ID: row.ident("case", "a case row names its case"), Officer: id}
	c.Tier = rd.tier(row.str("tier"))
	if c.Tier == tier.Unknown {
		row.fail("tier", "", workload.ErrMissing, "every case needs a tier")
	}
	c.Type = row.caseType("type")
	c.YoungAdult = row.bool("young_adult")
	c.Inactive = row.inactive("inactive")
	c.Start = row.date("start")
	c.Release = row.date("release")
	c.Recalled = row.date("recalled")
	c.Rereleased = row.date("rereleased")
	c.TwoThirds = row.date("two_thirds")
	c.End = row.date("end")
	c.LastContact = row.date("last_contact")
	c.Allocated = row.date("allocated")
	c.Risk.RoSH = row.rosh("rosh")
	c.Risk.MAPPA = row.mappa("mappa")
	c.Risk.Flags, c.Risk.FlagsUnknown = row.flags("flags")
	c.Risk.Complexity = row.int("complexity")
	c.Risk.AssessedOn = row.date("assessed_on")
	c.Risk.Provisional = row.bool("provisional")
	c.Risk.EscalatedOn = row.date("escalated_on")
	return c
}

// tier returns the tier named s, sharing one string per tier name so that
// a roster of many cases holds a few tier strings, not one per case.
func (rd *reader) tier(s string) tier.Tier {
	if t, ok := rd.tiers[s]; ok {
		return t
	}
	t := tier.Tier(strings.Clone(s))
	if len(rd.tiers) < 256 {
		if rd.tiers == nil {
			rd.tiers = map[string]tier.Tier{}
		}
		rd.tiers[string(t)] = t
	}
	return t
}

// finish resolves what the rows left open: officers named but never
// declared, and cover contacts whose owner is the officer of their case.
func (rd *reader) finish() {
	for _, m := range rd.early {
		if _, ok := rd.officerAt[m.id]; !ok {
			rd.l.Add("csv line "+strconv.Itoa(m.line)+" column officer", m.id, workload.ErrUnknown,
				"no officer or case row declares this officer")
		}
	}
	if len(rd.ownerless) == 0 {
		return
	}
	owner := make(map[string]string, len(rd.ro.Cases))
	for i := range rd.ro.Cases {
		owner[rd.ro.Cases[i].ID] = rd.ro.Cases[i].Officer
	}
	for k, ci := range rd.ownerless {
		cv := &rd.ro.Covers[ci]
		if o, ok := owner[cv.Case]; ok {
			cv.Owner = o
		} else if cv.Case != "" {
			rd.l.Add("csv line "+strconv.Itoa(rd.ownerlessLine[k])+" column owner", "", workload.ErrMissing,
				"no case row holds case "+strconv.Quote(cv.Case)+": give the owner")
		}
	}
}
