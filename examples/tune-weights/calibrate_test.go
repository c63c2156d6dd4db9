package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// officerWeeks writes n officer-weeks holding community.B2, licence.A3,
// custody.D1 and, always in equal numbers, community.C1 and licence.C1.
// Hours are what weights of 150, 219, 13 and 50 + 52 points take at 2,176
// points per 37 hours, to the hundredth of an hour (a timesheet's
// rounding).
func officerWeeks(t *testing.T, n int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString("officer,week,hours,community.B2,licence.A3,custody.D1,community.C1,licence.C1\n")
	for r := range n {
		b2, a3, d1, c1 := rng.IntN(12), rng.IntN(4), rng.IntN(10), rng.IntN(8)
		pts := int64(150*b2 + 219*a3 + 13*d1 + (50+52)*c1)
		h := decimal.NewFromInt(pts*37).DivRound(decimal.NewFromInt(2176), 2)
		fmt.Fprintf(&b, "off-%d,2026-W%02d,%s,%d,%d,%d,%d,%d\n", r%9, 1+r/9, h, b2, a3, d1, c1, c1)
	}
	file := filepath.Join(t.TempDir(), "weeks.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestCalibrate(t *testing.T) {
	out := t.TempDir()
	report := runArgs(t, "-calibrate", officerWeeks(t, 90), "-out", out)
	for _, want := range []string{
		"time records: ", "90 records",
		"hours → points at 2176 points per 37 hours",
		"community.B2", "licence.A3", "custody.D1",
		"not determined, current kept: the records see it only in a fixed combination with licence.C1",
		"proposed policy england-wales-reference 2026.12.1 written to " + filepath.Join(out, "england-wales-reference-2026.12.1.json"),
		"summary:  ",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	f, err := os.Open(filepath.Join(out, "england-wales-reference-2026.12.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := workload.DecodePolicy(f)
	if err != nil {
		t.Fatal(err)
	}
	w := p.Config().Tiers.Weights
	for _, c := range []struct {
		ct   tier.CaseType
		tr   tier.Tier
		want int64
		why  string
	}{
		{tier.Community, tier.B2, 150, "fitted: the records were timed at 150"},
		{tier.Licence, tier.A3, 219, "fitted: the reference"},
		{tier.Custody, tier.D1, 13, "fitted: the reference"},
		{tier.Community, tier.C1, 50, "undetermined: the reference kept"},
		{tier.Licence, tier.C1, 52, "undetermined: the reference kept"},
		{tier.Community, tier.A3, 206, "no records: the reference kept"},
	} {
		if got := w[c.ct][c.tr]; !got.Equal(decimal.NewFromInt(c.want)) {
			t.Errorf("%s.%s: got %s, want %d (%s)", c.ct, c.tr, got, c.want, c.why)
		}
	}
}

func TestReadRecordsPerCase(t *testing.T) {
	recs, err := readRecords(strings.NewReader("case,tier,type,weeks,hours\nc-1,B2,community,2,4.5\nc-2,A3,licence,,3\n"), tier.EnglandWales())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != "c-1" || !recs[0].Hours.Equal(decimal.RequireFromString("4.5")) ||
		recs[0].Terms[0].Cell.String() != "community.B2" || !recs[0].Terms[0].Count.Equal(decimal.NewFromInt(2)) ||
		!recs[1].Terms[0].Count.Equal(decimal.NewFromInt(1)) {
		t.Errorf("records: %+v", recs)
	}
}

func TestReadRecordsErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"no hours", "case,tier,type\n", `no "hours" column`},
		{"bad tier", "case,tier,type,hours\nc-1,Z9,community,1\n", `line 2: tier "Z9" is not in the scheme`},
		{"bad type", "case,tier,type,hours\nc-1,B2,prison,1\n", `line 2: case type "prison"`},
		{"bad hours", "case,tier,type,hours\nc-1,B2,community,lots\n", `line 2 hours "lots": not a decimal number`},
		{"bad column", "officer,week,hours,community.Q1\n", `header column 4 "community.Q1": tier "Q1"`},
		{"bad count", "officer,week,hours,community.B2\no,w,3,x\n", `line 2 community.B2 "x"`},
		{"empty", "officer,week,hours,community.B2\n", "no time records"},
	} {
		_, err := readRecords(strings.NewReader(c.in), tier.EnglandWales())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	csvOut := runArgs(t, "-format", "csv")
	lines := strings.Split(strings.TrimSpace(csvOut), "\n")
	if len(lines) != 13 || lines[0] != "officer,team,grade,cases,available_before,available_after,points_before,points_after,capacity_before,capacity_after,change_pp,band_before,band_after,moved" {
		t.Fatalf("csv: %d lines, header %q", len(lines), lines[0])
	}
	// off-00002 holds 48 cases: 2,978 points of 2,176 (136.857%); five of
	// them community B2, so +175 points at 150 (144.899%).
	if want := "off-00002,team-0001,PO,48,2176.00,2176.00,2978.00,3153.00,136.857,144.899,8.042,red,red,"; lines[2] != want {
		t.Errorf("csv off-00002:\n got %s\nwant %s", lines[2], want)
	}
	if want := "off-00001,team-0001,SPO,0,0.00,0.00,0.00,0.00,,,,idle,idle,"; lines[1] != want {
		t.Errorf("csv off-00001:\n got %s\nwant %s", lines[1], want)
	}
	js := runArgs(t, "-format", "json")
	for _, want := range []string{`"summary": "None of the 11 officers changes band; the team goes from 112.6% to 116.7%."`,
		`"capacityBefore": "112.585"`, `"path": "tiers.weights.community.B2"`, `"officer": "off-00002"`} {
		if !strings.Contains(js, want) {
			t.Errorf("json lacks %s", want)
		}
	}
}

// TestCalibrateJSON: with -format json the fit is in the report, and
// nothing but the JSON document is written.
func TestCalibrateJSON(t *testing.T) {
	out := runArgs(t, "-calibrate", officerWeeks(t, 90), "-out", t.TempDir(), "-format", "json")
	var r struct {
		Calibration struct {
			Records int
			Weights []struct {
				Weight     string
				Determined bool
				Proposed   string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, w := range r.Calibration.Weights {
		got[w.Weight] = fmt.Sprint(w.Determined, " ", w.Proposed)
	}
	want := map[string]string{"community.B2": "true 150", "licence.A3": "true 219", "custody.D1": "true 13",
		"community.C1": "false 50", "licence.C1": "false 52"}
	if r.Calibration.Records != 90 || !reflect.DeepEqual(got, want) {
		t.Errorf("calibration: %d records, weights %v; want 90 and %v", r.Calibration.Records, got, want)
	}
}
