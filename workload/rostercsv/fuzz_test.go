package rostercsv_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// checkFieldErrors fails unless err is made only of *workload.FieldError
// values (joined with errors.Join, possibly nested), each naming its
// package and field, with the "more problems not listed" line of a capped
// list allowed.
func checkFieldErrors(t testing.TB, what string, err error) {
	t.Helper()
	var walk func(e error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if f, ok := e.(*workload.FieldError); ok {
			if f.Field == "" || f.Pkg == "" || f.Err == nil {
				t.Fatalf("%s: field error %q lacks its package, field or cause", what, f)
			}
			return
		}
		if strings.Contains(e.Error(), "more problems not listed") {
			return
		}
		t.Fatalf("%s: problem %q (%T) is not a *FieldError", what, e, e)
	}
	if err != nil {
		walk(err)
	}
}

// csvSeeds returns valid and broken caseload exports.
func csvSeeds(t testing.TB) [][]byte {
	var buf bytes.Buffer
	if err := rostercsv.Write(&buf, synth.Team(synth.DefaultSeed)); err != nil {
		t.Fatal(err)
	}
	valid := buf.Bytes()
	lines := strings.SplitAfter(string(valid), "\n")
	head := lines[0]
	seeds := [][]byte{
		valid,
		valid[:len(valid)/2],
		[]byte(head),
		[]byte(head + lines[1] + lines[1]), // duplicate case row
		[]byte("\ufeff" + string(valid)),
		[]byte(strings.Replace(string(valid), ",2026-", ",1899-", 3)),
		[]byte(strings.Replace(string(valid), ",2026-", ",9999-", 3)),
		[]byte(strings.Replace(string(valid), ",37,", ",1e999999999,", 1)),
		[]byte(strings.Replace(string(valid), ",37,", ",0.5,", 1)),
		[]byte(strings.Replace(string(valid), "off-00002", "offícer-ü", -1)),
		[]byte(strings.Replace(head, "officer", "oficer", 1) + lines[1]),
		[]byte(head + strings.TrimSuffix(lines[1], "\n") + ",extra\n"),
		[]byte(head + `"unterminated` + "\n"),
		[]byte("officer,team,grade,hours,case,tier,type\njo,north,PO,37,,,\njo,north,PSO,37,c1,B2,licence\n"),
		[]byte("officer,team,grade,hours,case,tier,type,start\njo,north,PO,37,,,,2026-01-01\n"),
		[]byte(wholeRoster),
		[]byte(strings.Replace(wholeRoster, "2026-09-01", "01/09/2026", 1)),
		[]byte(strings.Replace(wholeRoster, "cover,sam", "cover,kim", 1)),
		{},
	}
	return seeds
}

// caseRows counts the data rows of an export that are cases (a case ID,
// and record empty or "case"), reading it as Read does.
func caseRows(data []byte) (int, bool) {
	cr := csv.NewReader(bytes.NewReader(data))
	head, err := cr.Read()
	if err != nil {
		return 0, false
	}
	col, kind := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) {
		case "case":
			col = i
		case "record":
			kind = i
		}
	}
	if col < 0 {
		return 0, false
	}
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return n, true
		}
		if err != nil {
			return 0, false
		}
		if strings.TrimSpace(rec[col]) != "" && (kind < 0 || strings.TrimSpace(rec[kind]) == "" || strings.TrimSpace(rec[kind]) == "case") {
			n++
		}
	}
}

func sortedOfficers(r workload.Roster) workload.Roster {
	r.Officers = slices.Clone(r.Officers)
	slices.SortFunc(r.Officers, func(a, b workload.Officer) int { return strings.Compare(a.ID, b.ID) })
	return r
}

// FuzzRead: Read never panics; its errors are field errors; every
// row naming a case becomes a case; and a roster the default policy
// accepts survives Write and Read unchanged.
func FuzzRead(f *testing.F) {
	for _, s := range csvSeeds(f) {
		f.Add(s)
	}
	p := workload.DefaultPolicy()
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := rostercsv.Read(bytes.NewReader(data))
		if err != nil {
			checkFieldErrors(t, "Read", err)
			return
		}
		if n, ok := caseRows(data); !ok || n != len(r.Cases) {
			t.Fatalf("Read read %d cases; the export has %d case rows (parsed %v)", len(r.Cases), n, ok)
		}
		if _, err := p.Prepare(r); err != nil {
			checkFieldErrors(t, "Prepare", err)
			return
		}
		var buf bytes.Buffer
		if err := rostercsv.Write(&buf, r); err != nil {
			t.Fatalf("Write of a prepared roster: %v", err)
		}
		back, err := rostercsv.Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("Read of Write output: %v\n%s", err, buf.Bytes())
		}
		if diff := cmp.Diff(sortedOfficers(r), sortedOfficers(back)); diff != "" {
			t.Fatalf("CSV round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

// FuzzReadOptions: reading with a column mapping and day-first dates
// never panics, and its errors are field errors naming a line or the
// option.
func FuzzReadOptions(f *testing.F) {
	f.Add([]byte("Staff,team,grade,hours,case,tier,type,start\njo,north,PO,37,c1,B2,licence,07/12/2026\n"), "Staff", "officer", true)
	f.Add([]byte(wholeRoster), "due", "start", false)
	f.Add([]byte("a,b\n1,2\n"), "a", "nope", true)
	f.Fuzz(func(t *testing.T, data []byte, from, to string, dayFirst bool) {
		o := rostercsv.Options{Columns: map[string]string{from: to}, DayFirst: dayFirst}
		r, err := o.Read(bytes.NewReader(data))
		if err != nil {
			checkFieldErrors(t, "Options.Read", err)
			return
		}
		for _, c := range r.Cases {
			if c.ID == "" || c.Officer == "" {
				t.Fatalf("case %+v read without an ID or officer", c)
			}
		}
	})
}
