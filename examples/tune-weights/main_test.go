package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

var demoAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// measureDemo measures the embedded demo CSV with a configuration,
// independently of run.
func measureDemo(t *testing.T, cfg workload.Config) *workload.Measurement {
	t.Helper()
	r, err := rostercsv.Read(bytes.NewReader(demoCSV))
	if err != nil {
		t.Fatal(err)
	}
	p, err := workload.NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := p.MeasureRoster(r, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func runArgs(t *testing.T, args ...string) string {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b, args); err != nil {
		t.Fatalf("run(%q): %v", args, err)
	}
	return b.String()
}

// officerLine returns the output line of an officer.
func officerLine(t *testing.T, out, id string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == id {
			return f
		}
	}
	t.Fatalf("no line for %s in:\n%s", id, out)
	return nil
}

// checkAgainst checks every officer line and the team's figures in out
// against measurements made directly with the library.
func checkAgainst(t *testing.T, out string, mb, ma *workload.Measurement) {
	t.Helper()
	changed := 0
	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		f := officerLine(t, out, b.Officer)
		// officer grade hours net cases available points-before points-after cap-before cap-after [change] band…
		want := []string{b.Officer, b.Grade.String(), b.Hours.Contracted.String(), b.Hours.Available.String(),
			itoa(b.Cases), b.Available.StringFixed(2), b.Points.StringFixed(2), a.Points.StringFixed(2)}
		for k, w := range want {
			if f[k] != w {
				t.Errorf("%s: column %d = %q, want %q (line %q)", b.Officer, k, f[k], w, f)
			}
		}
		if b.Cases == 0 {
			continue
		}
		if f[8] != b.Capacity.StringFixed(3)+"%" || f[9] != a.Capacity.StringFixed(3)+"%" {
			t.Errorf("%s: capacity %s → %s, want %s%% → %s%%", b.Officer, f[8], f[9], b.Capacity.StringFixed(3), a.Capacity.StringFixed(3))
		}
		if !a.Points.Equal(b.Points) {
			changed++
		}
	}
	if changed == 0 {
		t.Errorf("no officer's points changed: the change shows nothing")
	}
	tb, ta := mb.Teams[0], ma.Teams[0]
	capLine := "capacity (Σ points ÷ Σ available): " + tb.Capacity.StringFixed(3) + "% → " + ta.Capacity.StringFixed(3) + "%"
	if !strings.Contains(out, capLine) {
		t.Errorf("output lacks %q:\n%s", capLine, out)
	}
	rows := map[string][2]string{
		"at or under 100%": {countText(tb.Distribution.AtOrUnder), countText(ta.Distribution.AtOrUnder)},
		"over 100%":        {countText(tb.Distribution.Over[0]), countText(ta.Distribution.Over[0])},
		"over 110%":        {countText(tb.Distribution.Over[1]), countText(ta.Distribution.Over[1])},
		"over 120%":        {countText(tb.Distribution.Over[2]), countText(ta.Distribution.Over[2])},
		"p50":              {tb.Distribution.P50.StringFixed(3) + "%", ta.Distribution.P50.StringFixed(3) + "%"},
		"p90":              {tb.Distribution.P90.StringFixed(3) + "%", ta.Distribution.P90.StringFixed(3) + "%"},
		"max":              {tb.Distribution.Max.StringFixed(3) + "%", ta.Distribution.Max.StringFixed(3) + "%"},
	}
	for label, v := range rows {
		re := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + ` +` + regexp.QuoteMeta(v[0]) + ` +` + regexp.QuoteMeta(v[1]) + `$`)
		if !re.MatchString(out) {
			t.Errorf("no row %q with %s → %s in:\n%s", label, v[0], v[1], out)
		}
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func TestDefaultRun(t *testing.T) {
	out := runArgs(t)
	if !strings.Contains(out, "change:   community.B2 115 → 150 (") {
		t.Errorf("the illustrative change is not reported:\n%s", out)
	}
	after := workload.DefaultConfig()
	after.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(150)
	mb, ma := measureDemo(t, workload.DefaultConfig()), measureDemo(t, after)
	checkAgainst(t, out, mb, ma)
	// The illustrative change must move the team's distribution.
	if mb.Teams[0].Distribution.Over[2].Officers == ma.Teams[0].Distribution.Over[2].Officers &&
		mb.Teams[0].Distribution.P50.Equal(ma.Teams[0].Distribution.P50) {
		t.Errorf("the illustrative change moves nothing in the distribution")
	}
}

func TestSeveralSets(t *testing.T) {
	out := runArgs(t, "-set", "community.B2=120", "-set", "licence.B3=170.5", "-set", "youngAdult.community.C2=30")
	after := workload.DefaultConfig()
	after.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(120)
	after.Tiers.Weights[tier.Licence][tier.B3] = decimal.RequireFromString("170.5")
	after.Tiers.YoungAdult[tier.Community][tier.C2] = decimal.NewFromInt(30)
	checkAgainst(t, out, measureDemo(t, workload.DefaultConfig()), measureDemo(t, after))
	for _, want := range []string{"change:   community.B2 115 → 120", "change:   licence.B3 161 → 170.5", "change:   youngAdult.community.C2 24 → 30"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "illustrative") {
		t.Errorf("the illustrative change was applied although -set was given")
	}
}

func writePolicy(t *testing.T, cfg workload.Config) string {
	t.Helper()
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestCompare(t *testing.T) {
	base := workload.DefaultConfig()
	base.Version = "base"
	proposed := workload.DefaultConfig()
	proposed.Version = "proposed"
	proposed.Tiers.Weights[tier.Licence][tier.C2] = decimal.NewFromInt(90)
	proposed.Tiers.Weights[tier.Community][tier.D1] = decimal.NewFromInt(35)
	out := runArgs(t, "-policy", writePolicy(t, base), "-compare", writePolicy(t, proposed))
	checkAgainst(t, out, measureDemo(t, base), measureDemo(t, proposed))
	for _, want := range []string{"differs from the policy before in 3 fields", "tiers.weights.community.D1: 29 → 35", "tiers.weights.licence.C2: 65 → 90",
		"version: base → proposed",
		"before:   england-wales-reference base", "after:    england-wales-reference proposed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCaseloadFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "team.csv")
	if err := os.WriteFile(file, demoCSV, 0o644); err != nil {
		t.Fatal(err)
	}
	out := runArgs(t, "-caseload", file, "-set", "community.C2=70")
	after := workload.DefaultConfig()
	after.Tiers.Weights[tier.Community][tier.C2] = decimal.NewFromInt(70)
	if !strings.Contains(out, "caseload: "+file) {
		t.Errorf("output does not name the caseload file")
	}
	checkAgainst(t, out, measureDemo(t, workload.DefaultConfig()), measureDemo(t, after))
}

func TestSVG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "chart.svg")
	runArgs(t, "-svg", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	bars := map[string]int{}
	var root string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not valid XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			for _, a := range se.Attr {
				if se.Name.Local == "rect" && a.Name.Local == "class" {
					bars[a.Value]++
				}
			}
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	m := measureDemo(t, workload.DefaultConfig())
	want := m.Len() // an idle officer's bars have no height
	if bars["before"] != want || bars["after"] != want {
		t.Errorf("bars before %d, after %d; want %d each", bars["before"], bars["after"], want)
	}
}

func TestBadSet(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"unknown case type", []string{"-set", "comunity.B2=120"}, []string{"-set comunity.B2=120", `unknown case type "comunity"`}},
		{"tier not in scheme", []string{"-set", "community.E9=120"}, []string{"-set community.E9=120", `tier "E9" is not in the scheme`}},
		{"young adult tier", []string{"-set", "youngAdult.licence.Z1=1"}, []string{"youngAdult.licence.Z1", `tier "Z1"`}},
		{"bad decimal", []string{"-set", "community.B2=12O"}, []string{"-set community.B2=12O", `"12O" is not a decimal`}},
		{"empty value", []string{"-set", "community.B2="}, []string{"community.B2", "not a decimal"}},
		{"negative", []string{"-set", "licence.A3=-1"}, []string{"-set licence.A3=-1", "must not be negative"}},
		{"too precise", []string{"-set", "licence.A3=1.0000001"}, []string{"licence.A3", "decimal places"}},
		{"too large", []string{"-set", "licence.A3=1e10"}, []string{"licence.A3", "out of range"}},
		{"no value", []string{"-set", "community.B2"}, []string{"-set community.B2", "want key=value"}},
		{"report kind", []string{"-set", "courtReports.oral=10"}, []string{"courtReports.oral", `unknown court report kind "oral"`}},
		{"twice", []string{"-set", "community.B2=1", "-set", "community.B2=2"}, []string{"community.B2 is given twice"}},
		{"every problem", []string{"-set", "x.B2=1", "-set", "community.B2=-1"}, []string{`unknown case type "x"`, "must not be negative"}},
		{"bad date", []string{"-asof", "23/11/2026"}, []string{"-asof", "YYYY-MM-DD"}},
		{"missing file", []string{"-caseload", "does-not-exist.csv"}, []string{"does-not-exist.csv"}},
		{"stray argument", []string{"community.B2=1"}, []string{"unexpected argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(io.Discard, tt.args)
			if err == nil {
				t.Fatalf("run(%q) = nil, want an error", tt.args)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestSeveralTeams(t *testing.T) {
	// Move three officers to a second team.
	data := string(demoCSV)
	for _, id := range []string{"off-00002", "off-00003", "off-00009"} {
		data = strings.ReplaceAll(data, id+",team-0001,", id+",team-0002,")
	}
	file := filepath.Join(t.TempDir(), "two-teams.csv")
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runArgs(t, "-caseload", file, "-set", "community.B2=150")
	r, err := rostercsv.Read(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	after := workload.DefaultConfig()
	after.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(150)
	pa, err := workload.NewPolicy(after)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := workload.DefaultPolicy().MeasureRoster(r, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	ma, err := pa.MeasureRoster(r, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(mb.Teams) != 2 {
		t.Fatalf("%d teams, want 2", len(mb.Teams))
	}
	want := []string{"all 2 teams: 11 officers counted, 1 idle",
		"capacity (Σ points ÷ Σ available): " + mb.National.Capacity.StringFixed(3) + "% → " + ma.National.Capacity.StringFixed(3) + "%"}
	for i := range mb.Teams {
		want = append(want, regexp.MustCompile(" +").ReplaceAllString(
			mb.Teams[i].ID+" "+mb.Teams[i].Capacity.StringFixed(3)+"% → "+ma.Teams[i].Capacity.StringFixed(3)+"%", " "))
	}
	flat := regexp.MustCompile(" +").ReplaceAllString(out, " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}
