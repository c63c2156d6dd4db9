package rostercsv

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/ident"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// csvRow reads typed fields of one record, recording problems.
type csvRow struct {
	l        *fault.List
	rec      []string
	col      map[string]int
	line     int
	dayFirst bool
}

func (r csvRow) str(name string) string {
	i, ok := r.col[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
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
		r.fail(name, s, workload.ErrOutOfRange, "more than 32 characters")
		return decimal.Zero
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		r.fail(name, s, workload.ErrSyntax, "not a decimal number")
		return decimal.Zero
	}
	if err := dec.Check(v); err != nil {
		r.fail(name, s, workload.ErrOutOfRange, err.Error())
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
		r.fail(name, s, workload.ErrSyntax, "not a whole number")
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
	r.fail(name, r.str(name), workload.ErrSyntax, "want true or false")
	return false
}

func (r csvRow) date(name string) time.Time {
	s := r.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil && r.dayFirst {
		// "2" and "1" read one or two digits: 7/12/2026 and 07/12/2026.
		t, err = time.Parse("2/1/2006", s)
	}
	if err != nil {
		want := "want a date as YYYY-MM-DD"
		if r.dayFirst {
			want = "want a date as DD/MM/YYYY or YYYY-MM-DD"
		} else if strings.Count(s, "/") == 2 {
			want += " (set Options.DayFirst to read DD/MM/YYYY)"
		}
		r.fail(name, s, workload.ErrSyntax, want)
		return time.Time{}
	}
	if t.Year() < minYear || t.Year() > maxYear {
		r.fail(name, s, workload.ErrOutOfRange, "dates must fall between 1900 and 2200")
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
		r.fail(name, s, workload.ErrUnknown, "")
	}
}

func (r csvRow) grade(name string) workload.Grade {
	var g workload.Grade
	if r.str(name) == "" {
		r.fail(name, "", workload.ErrMissing, "want PO, PSO, SPO, PQiP or NQO")
	}
	r.text(name, &g)
	return g
}

func (r csvRow) caseType(name string) tier.CaseType {
	var c tier.CaseType
	if r.str(name) == "" {
		r.fail(name, "", workload.ErrMissing, "want community, licence or custody")
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

// flags reads the flags column: an absent column, or the name "unknown"
// among the flags, means the registrations were not recorded
// (CaseRisk.FlagsUnknown); an empty cell in a present column means none.
func (r csvRow) flags(name string) (fs risk.Flags, unknown bool) {
	if _, ok := r.col[name]; !ok {
		return 0, true
	}
	s := r.str(name)
	if s == "" {
		return fs, false
	}
	for _, part := range strings.Split(s, ";") {
		if strings.TrimSpace(part) == "unknown" {
			unknown = true
			continue
		}
		var f risk.Flag
		if err := f.UnmarshalText([]byte(strings.TrimSpace(part))); err != nil {
			r.fail(name, part, workload.ErrUnknown, "not a flag name")
			continue
		}
		if fs.Has(f) {
			r.fail(name, part, workload.ErrDuplicate, "flag given twice")
		}
		fs = fs.With(f)
	}
	return fs, unknown
}

// minYear and maxYear bound the dates the format accepts, as the
// workload package does.
const (
	minYear    = 1900
	maxYear    = 2200
	dateLayout = "2006-01-02"
)

func (r csvRow) reason(name string) workload.ReductionReason {
	var v workload.ReductionReason
	if r.str(name) == "" {
		r.fail(name, "", workload.ErrMissing, "a reduction needs a reason")
	}
	r.text(name, &v)
	return v
}

func (r csvRow) status(name string) workload.ReductionStatus {
	var v workload.ReductionStatus
	r.text(name, &v)
	return v
}

func (r csvRow) reportKind(name string) tier.ReportKind {
	var v tier.ReportKind
	if r.str(name) == "" {
		r.fail(name, "", workload.ErrMissing, "want standard or fast")
	}
	r.text(name, &v)
	return v
}

// exact returns an ID column exactly as written, untrimmed, recording an
// ID with white space at either end, control characters or invalid UTF-8:
// trimming it would merge "jo" and "jo " into one officer. The value is a
// slice of the line; copy it to keep it.
func (r csvRow) exact(name string) string {
	v := r.raw(name)
	if v == "" {
		return ""
	}
	if msg := ident.Problem(v); msg != "" {
		r.fail(name, v, workload.ErrSyntax, msg)
	}
	return v
}

// raw returns a column exactly as written, checking nothing.
func (r csvRow) raw(name string) string {
	if i, ok := r.col[name]; ok {
		return r.rec[i]
	}
	return ""
}

// ident returns an ID column exactly as written, as a string of its own
// (see exact), recording a missing one when missing is not empty.
func (r csvRow) ident(name, missing string) string {
	s := r.exact(name)
	if s == "" && missing != "" {
		r.fail(name, "", workload.ErrMissing, missing)
	}
	return strings.Clone(s)
}

// id returns a column as a string of its own (not a slice of the line the CSV
// reader read, which would keep the whole line alive), recording a
// missing one when missing is not empty.
func (r csvRow) id(name, missing string) string {
	s := r.str(name)
	if s == "" && missing != "" {
		r.fail(name, "", workload.ErrMissing, missing)
	}
	return strings.Clone(s)
}

// requiredDate reads a date that must be given.
func (r csvRow) requiredDate(name, missing string) time.Time {
	if r.str(name) == "" {
		r.fail(name, "", workload.ErrMissing, missing)
		return time.Time{}
	}
	return r.date(name)
}
