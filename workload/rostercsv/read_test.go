package rostercsv_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"errors"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

var asOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

const csvSample = `officer,team,grade,hours,reduction_hours,case,tier,type,inactive,start,release,rosh,mappa,flags,complexity
jo,north,PO,37,1.8,c1,B2,licence,,2026-01-05,2026-10-01,high,none,domestic-abuse;iom,2
jo,north,PO,37,1.8,c2,C1,community,unpaid-work-only,2025-06-01,,medium,,,
sam,north,PSO,22.5,,c3,A3,custody,,2024-02-01,,very-high,2,,1
lee,north,SPO,37,,,,,,,,,,,
`

func TestRead(t *testing.T) {
	r, err := rostercsv.Read(strings.NewReader(csvSample))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Officers) != 3 || len(r.Cases) != 3 {
		t.Fatalf("got %d officers and %d cases, want 3 and 3", len(r.Officers), len(r.Cases))
	}
	c := r.Cases[0]
	if c.Tier != tier.B2 || c.Type != tier.Licence || c.Risk.RoSH != risk.RoSHHigh || !c.Risk.Flags.Has(risk.FlagIOM) || c.Risk.Complexity != 2 {
		t.Errorf("case c1 read as %+v", c)
	}
	m, err := workload.DefaultPolicy().MeasureRoster(r, asOf)
	if err != nil {
		t.Fatal(err)
	}
	jo, _ := m.Load("jo")
	// 2176 × 35.2 ÷ 37 = 2070.14; licence B2 132 + community C1 50.
	if !jo.Available.Equal(d("2070.14")) || !jo.Points.Equal(d("182")) {
		t.Errorf("jo: %s of %s", jo.Points, jo.Available)
	}

	var buf bytes.Buffer
	if err := rostercsv.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := rostercsv.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := workload.DefaultPolicy().MeasureRoster(back, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.National, m2.National); diff != "" {
		t.Errorf("round trip changed the measurement (-before +after):\n%s", diff)
	}
}

func TestReadBadRows(t *testing.T) {
	in := `officer,team,grade,hours,case,tier,type,start,flags
jo,north,PO,37,c1,B2,licence,2026-13-01,
jo,south,PO,37,c2,B2,community,,stalking;stalking
,north,XX,abc,c3,,parole,,
jo,north,PO,37
`
	_, err := rostercsv.Read(strings.NewReader(in))
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`csv line 2 column start "2026-13-01": syntax error: want a date as YYYY-MM-DD`,
		`csv line 3 column officer "jo": inconsistent: team, region, grade, hours or reduction_hours differ from line 2`,
		`csv line 3 column flags "stalking": duplicate`,
		`csv line 4 column grade "XX": unknown value`,
		`csv line 4 column hours "abc": syntax error`,
		`csv line 4 column officer "": missing`,
		`csv line 4 column tier "": missing`,
		`csv line 4 column type "parole": unknown value`,
		`csv line 5 "": syntax error: record on line 5: wrong number of fields`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

func TestReadHeader(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"empty", "", "rostercsv: csv \"\": missing: no header row"},
		{"unknown column", "officer,team,grade,hours,case,tier,type,colour\n", `csv line 1 column 8 "colour": unknown value`},
		{"missing column", "officer,team,grade,case,tier,type\n", `csv line 1 "hours": missing: required column missing`},
		{"duplicate column", "officer,officer,team,grade,hours,case,tier,type\n", `csv line 1 column 2 "officer": duplicate`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rostercsv.Read(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestReadCaselessRow: a row with an empty case declares an officer only;
// data in its other case columns (a start date, a RoSH) was once silently
// dropped. It is an error.
func TestReadCaselessRow(t *testing.T) {
	for _, col := range []string{"start", "rosh", "flags"} {
		value := map[string]string{"start": "2026-01-01", "rosh": "high", "flags": "iom"}[col]
		csv := "officer,team,grade,hours,case,tier,type," + col + "\njo,north,PO,37,,,," + value + "\n"
		_, err := rostercsv.Read(strings.NewReader(csv))
		var fe *workload.FieldError
		if !errors.Is(err, workload.ErrInconsistent) || !errors.As(err, &fe) || fe.Field != "csv line 2 column "+col {
			t.Errorf("%s on a row without a case: %v; want ErrInconsistent naming the column", col, err)
		}
	}
	r, err := rostercsv.Read(strings.NewReader("officer,team,grade,hours,case,tier,type,start\njo,north,PO,37,,,,\n"))
	if err != nil || len(r.Officers) != 1 || len(r.Cases) != 0 {
		t.Errorf("an officer-only row: %+v, %v", r, err)
	}
}

// TestReadErrorsNameTheirField: every kind of bad export is an error that
// names the line and column and wraps the sentinel callers branch on.
func TestReadErrorsNameTheirField(t *testing.T) {
	for _, tt := range []struct {
		name, in, field string
		is              error
	}{
		{"grade XX", "officer,team,grade,hours,case,tier,type\njo,t,XX,37,c1,B2,licence\n", "csv line 2 column grade", workload.ErrUnknown},
		{"case data but no case", "officer,team,grade,hours,case,tier,type,start\njo,t,PO,37,,,,2026-01-01\n", "csv line 2 column start", workload.ErrInconsistent},
		{"unterminated quote", "officer,team,grade,hours,case,tier,type\njo,t,PO,37,c1,B2,licence\n\"jo", "csv line 3", workload.ErrSyntax},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rostercsv.Read(strings.NewReader(tt.in))
			var fe *workload.FieldError
			if !errors.Is(err, tt.is) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("got %v; want %v naming %q", err, tt.is, tt.field)
			}
		})
	}
}
