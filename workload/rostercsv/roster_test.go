package rostercsv_test

import (
	"bytes"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// wholeRoster is an export with every record kind: two officers, three
// cases, a PQiP reduction with no end date, a deleted sickness reduction,
// a court report and a cover contact whose owner comes from its case row.
const wholeRoster = `record,officer,team,grade,hours,case,tier,type,reason,reduction_hours,reduction_percent,from,to,status,report,kind,due,owner,on,points
reduction,jo,,,,,,,pqip-stage-1,,,2026-09-01,,active,,,,,,
case,jo,north,PQiP,37,c1,C2,community,,,,,,,,,,,,
,jo,north,PQiP,37,c2,D1,licence,,,,,,,,,,,,
officer,sam,north,DMY,37,,,,,,,,,,,,,,,
case,sam,north,DMY,37,c3,B2,licence,,,,,,,,,,,,
reduction,sam,,,,,,,long-term-sickness,,,2026-10-01,,DELETED,,,,,,
report,sam,,,,,,,,,,,,,rep-1,standard,2026-12-01,,,
cover,sam,,,,c1,,,,,,,,,,,,,2026-11-20,13
`

// TestReadWholeRoster: every record kind is read and measured as the
// domain reference says. jo, a PQiP trainee in stage 1 (80% of 37 h off,
// no end date: 6 months from 1 September), has 2,176 × 7.4 ÷ 37 = 435.20
// available; community C2 63 + licence D1 31 − the 13-point cover sam did
// on c1 = 81. sam, with no recorded grade, is measured as a PO: 2,176
// available (the sickness reduction is deleted); licence B2 132 + a
// standard report 138 + the 13-point cover = 283.
func TestReadWholeRoster(t *testing.T) {
	r, err := rostercsv.Read(strings.NewReader(wholeRoster))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Officers) != 2 || len(r.Cases) != 3 || len(r.Reports) != 1 || len(r.Covers) != 1 {
		t.Fatalf("%d officers, %d cases, %d reports, %d covers; want 2, 3, 1, 1", len(r.Officers), len(r.Cases), len(r.Reports), len(r.Covers))
	}
	wantCover := workload.Cover{Case: "c1", Owner: "jo", Doer: "sam", On: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Points: d("13")}
	if diff := cmp.Diff(wantCover, r.Covers[0]); diff != "" {
		t.Errorf("cover (-want +got):\n%s", diff)
	}
	if got := r.Officers[1].Reductions; len(got) != 1 || got[0].Status != workload.ReductionDeleted {
		t.Errorf("sam's reductions %+v; want one, deleted", got)
	}
	m, err := workload.DefaultPolicy().MeasureRoster(r, asOf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ officer, points, available string }{
		{"jo", "81", "435.2"},
		{"sam", "283", "2176"},
	} {
		l, _ := m.Load(tt.officer)
		if !l.Points.Equal(d(tt.points)) || !l.Available.Equal(d(tt.available)) {
			t.Errorf("%s: %s of %s; want %s of %s", tt.officer, l.Points, l.Available, tt.points, tt.available)
		}
	}
	// After six months the trainee's first stage has expired.
	m, _ = workload.DefaultPolicy().MeasureRoster(r, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	if l, _ := m.Load("jo"); !l.Available.Equal(d("2176")) {
		t.Errorf("jo on 2027-03-01: %s available; want 2176 (the stage ended 2027-02-28)", l.Available)
	}

	// Write and Read give the same roster back (officers in the order
	// their first rows declare them).
	var buf bytes.Buffer
	if err := rostercsv.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := rostercsv.Read(&buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("round trip (-read +written and read again):\n%s", diff)
	}
}

// TestReadRecordErrors: each record kind's problems are errors naming
// the line and column.
func TestReadRecordErrors(t *testing.T) {
	const head = "record,officer,team,grade,hours,case,tier,type,reason,from,to,status,report,kind,due,owner,on,points\n"
	for _, tt := range []struct {
		name, row, field string
		is               error
	}{
		{"unknown record", "shift,jo,,,,,,,,,,,,,,,,", "csv line 3 column record", workload.ErrUnknown},
		{"reduction without reason", "reduction,jo,,,,,,,,2026-01-01,,,,,,,,", "csv line 3 column reason", workload.ErrMissing},
		{"reduction without start", "reduction,jo,,,,,,,maternity,,,,,,,,,", "csv line 3 column from", workload.ErrMissing},
		{"reduction with a bad status", "reduction,jo,,,,,,,maternity,2026-01-01,,gone,,,,,,", "csv line 3 column status", workload.ErrUnknown},
		{"reduction with a tier", "reduction,jo,,,,,B2,,maternity,2026-01-01,,,,,,,,", "csv line 3 column tier", workload.ErrInconsistent},
		{"report of an unknown kind", "report,jo,,,,,,,,,,,r1,oral,2026-12-01,,,", "csv line 3 column kind", workload.ErrUnknown},
		{"report without a due date", "report,jo,,,,,,,,,,,r1,fast,,,,", "csv line 3 column due", workload.ErrMissing},
		{"report without an ID", "report,jo,,,,,,,,,,,,fast,2026-12-01,,,", "csv line 3 column report", workload.ErrMissing},
		{"cover without a date", "cover,jo,,,,c1,,,,,,,,,,sam,,13", "csv line 3 column on", workload.ErrMissing},
		{"cover of a case no row holds", "cover,jo,,,,c9,,,,,,,,,,,2026-11-20,13", "csv line 3 column owner", workload.ErrMissing},
		{"cover with bad points", "cover,jo,,,,c1,,,,,,,,,,sam,2026-11-20,lots", "csv line 3 column points", workload.ErrSyntax},
		{"an officer no row declares", "report,kim,,,,,,,,,,,r1,fast,2026-12-01,,,", "csv line 3 column officer", workload.ErrUnknown},
		{"officer columns that disagree", "report,jo,south,PO,37,,,,,,,,r1,fast,2026-12-01,,,", "csv line 3 column officer", workload.ErrInconsistent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := head + "case,jo,north,PO,37,c1,B2,licence,,,,,,,,,,\n" + tt.row + "\n"
			_, err := rostercsv.Read(strings.NewReader(in))
			var fe *workload.FieldError
			if !errors.Is(err, tt.is) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("got %v; want %v naming %q", err, tt.is, tt.field)
			}
		})
	}
	// A row may name an officer declared further down.
	in := head + "report,jo,,,,,,,,,,,r1,fast,2026-12-01,,,\nreduction,jo,,,,,,,maternity,2026-01-01,,,,,,,,\ncase,jo,north,PO,37,c1,B2,licence,,,,,,,,,,\n"
	r, err := rostercsv.Read(strings.NewReader(in))
	if err != nil || len(r.Officers) != 1 || len(r.Reports) != 1 || len(r.Officers[0].Reductions) != 1 {
		t.Errorf("officer declared after its report and reduction: %+v, %v", r, err)
	}
}

// TestReadColumnMapping: an export with its own column names reads
// through Options.Columns; names not mapped are read as they are.
func TestReadColumnMapping(t *testing.T) {
	const export = "Staff ID,Team,Grade,Contracted Hours,CRN,Tier,type\njo,north,PO,37,X123,B2,licence\n"
	o := rostercsv.Options{Columns: map[string]string{
		"Staff ID": "officer", "Team": "team", "Grade": "grade", "Contracted Hours": "hours", "CRN": "case", "Tier": "tier",
	}}
	r, err := o.Read(strings.NewReader(export))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Cases) != 1 || r.Cases[0].ID != "X123" || r.Cases[0].Officer != "jo" || r.Cases[0].Tier != tier.B2 || !r.Officers[0].Hours.Equal(d("37")) {
		t.Errorf("read %+v", r)
	}
	if _, err := rostercsv.Read(strings.NewReader(export)); err == nil || !strings.Contains(err.Error(), `csv line 1 column 1 "Staff ID": unknown value`) {
		t.Errorf("unmapped export: %v", err)
	}
	bad := rostercsv.Options{Columns: map[string]string{"Staff ID": "staff"}}
	var fe *workload.FieldError
	if _, err := bad.Read(strings.NewReader(export)); !errors.As(err, &fe) || fe.Field != `options.columns["Staff ID"]` || !errors.Is(err, workload.ErrUnknown) {
		t.Errorf("mapping to no column: %v", err)
	}
	twice := rostercsv.Options{Columns: map[string]string{"Team": "officer"}}
	if _, err := twice.Read(strings.NewReader("officer,Team,grade,hours,case,tier,type\n")); !errors.Is(err, workload.ErrDuplicate) {
		t.Errorf("two columns mapped to officer: %v", err)
	}
}

// TestReadDayFirst: DD/MM/YYYY dates are read when declared, and only
// then; 07/12/2026 is the 7th of December.
func TestReadDayFirst(t *testing.T) {
	const export = "officer,team,grade,hours,case,tier,type,start,end\njo,north,PO,37,c1,B2,licence,07/12/2026,2027-01-31\njo,north,PO,37,c2,B2,licence,7/1/2026,\n"
	r, err := rostercsv.Options{DayFirst: true}.Read(strings.NewReader(export))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []time.Time{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC)} {
		if !r.Cases[i].Start.Equal(want) {
			t.Errorf("case %d starts %v; want %v", i, r.Cases[i].Start, want)
		}
	}
	if !r.Cases[0].End.Equal(time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("an ISO date with DayFirst: %v", r.Cases[0].End)
	}
	_, err = rostercsv.Read(strings.NewReader(export))
	if err == nil || !strings.Contains(err.Error(), `csv line 2 column start "07/12/2026": syntax error: want a date as YYYY-MM-DD (set Options.DayFirst to read DD/MM/YYYY)`) {
		t.Errorf("day-first date undeclared: %v", err)
	}
	_, err = rostercsv.Options{DayFirst: true}.Read(strings.NewReader("officer,team,grade,hours,case,tier,type,start\njo,north,PO,37,c1,B2,licence,31/02/2026\n"))
	if err == nil || !strings.Contains(err.Error(), `column start "31/02/2026": syntax error`) {
		t.Errorf("31 February: %v", err)
	}
}

// TestReadKeepsOnlyTheRoster: reading keeps memory in proportion to the
// roster, not to the text read: 20,000 case rows padded to 2 KB each (40
// MB of text) leave at most 512 bytes live a case (the 328-byte case, its
// ID, the slice's spare capacity; 415 measured), not the lines they
// came from. The padding sits in the type column, which is trimmed; IDs
// are read exactly, so padding them would be an error. (Checked by
// breaking it: keeping the case ID as a slice of the line instead of a
// copy keeps 40 MB and fails.)
func TestReadKeepsOnlyTheRoster(t *testing.T) {
	const rows, pad = 20000, 2000
	var b strings.Builder
	b.WriteString("officer,team,grade,hours,case,tier,type\n")
	spaces := strings.Repeat(" ", pad)
	for i := range rows {
		b.WriteString("jo,north,PO,37,c" + strconv.Itoa(i) + ",B2,licence" + spaces + "\n")
	}
	in := b.String()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := rostercsv.Read(strings.NewReader(in))
	runtime.GC()
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d bytes live a case after reading %d MB", kept/rows, len(in)>>20)
	if kept > 512*rows {
		t.Errorf("reading %d MB kept %d bytes live, %d a case; want at most 512 a case", len(in)>>20, kept, kept/rows)
	}
	if len(r.Cases) != rows || r.Cases[rows-1].ID != "c"+strconv.Itoa(rows-1) {
		t.Errorf("%d cases, last %q", len(r.Cases), r.Cases[len(r.Cases)-1].ID)
	}
	runtime.KeepAlive(in)
	runtime.KeepAlive(r)
}
