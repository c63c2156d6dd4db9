package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// TestMain lets a test run the command itself: with TEAMREPORT_MAIN set,
// the test binary is teamreport.
func TestMain(m *testing.M) {
	if os.Getenv("TEAMREPORT_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var demoAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

const demoTeamID = "team-0001"

// runReport runs the command and returns its output.
func runReport(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(&out, args); err != nil {
		t.Fatalf("run(%q): %v", args, err)
	}
	return out.String()
}

// demoMeasurement measures the embedded demo team through the library, as
// the test's independent reference.
func demoMeasurement(t *testing.T, pol *workload.Policy, asOf time.Time) *workload.Measurement {
	t.Helper()
	roster, err := rostercsv.Read(bytes.NewReader(demoTeam))
	if err != nil {
		t.Fatal(err)
	}
	// Prepared once and measured at past dates too, as the report does
	// for its weekly snapshots: MeasureRoster would refuse the last
	// contacts and assessments that fall after a past asOf.
	pr, err := pol.Prepare(roster)
	if err != nil {
		t.Fatal(err)
	}
	return pr.Measure(asOf)
}

// rowPattern matches an officer's row of the table: every cell, in order.
func rowPattern(ld workload.Load) *regexp.Regexp {
	band := map[workload.Band]string{workload.BandWithin: "within", workload.BandOver: "over", workload.BandRed: "RED"}[ld.Band]
	cells := []string{ld.Officer, ld.Grade.String(), ld.Hours.Contracted.String()}
	if !ld.Hours.Reductions.IsZero() {
		cells = append(cells, ld.Hours.Reductions.String())
	}
	cells = append(cells, ld.Points.String(), ld.Available.StringFixed(2), ld.Capacity.StringFixed(3)+"%", band,
		strconv.Itoa(ld.Letters.A), strconv.Itoa(ld.Letters.B), strconv.Itoa(ld.Letters.C), strconv.Itoa(ld.Letters.D),
		strconv.Itoa(ld.Letters.Other), strconv.Itoa(ld.Cases))
	if ld.OverCeiling {
		cells = append(cells, "over 50")
	}
	for i, c := range cells {
		cells[i] = regexp.QuoteMeta(c)
	}
	return regexp.MustCompile(`(?m)^ *` + strings.Join(cells, ` +`) + `$`)
}

func TestDemoTable(t *testing.T) {
	out := runReport(t)
	m := demoMeasurement(t, workload.DefaultPolicy(), demoAsOf)
	s, ok := m.TeamSummary(demoTeamID)
	if !ok {
		t.Fatalf("no team %s in the demo data", demoTeamID)
	}
	if s.Officers != 12 || s.Cases < 400 {
		t.Fatalf("demo team has %d officers and %d cases; want 12 officers and about 476 cases", s.Officers, s.Cases)
	}

	want := "Team capacity " + s.Capacity.StringFixed(3) + "%: " + s.Points.String() + " of " + s.Available.StringFixed(2) + " points"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	bands := map[workload.Band]int{}
	for _, ld := range m.Loads() {
		if ld.Cases == 0 {
			if !regexp.MustCompile(`(?m)^ *` + ld.Officer + ` +SPO +37 +0 +0\.00 +- +idle`).MatchString(out) {
				t.Errorf("no idle row for %s:\n%s", ld.Officer, out)
			}
			continue
		}
		bands[ld.Band]++
		if re := rowPattern(ld); !re.MatchString(out) {
			t.Errorf("no row matching %s:\n%s", re, out)
		}
	}
	// The demo is meant to show every band, part-time staff, a trainee and
	// officers over the raw-count ceiling.
	for _, b := range []workload.Band{workload.BandWithin, workload.BandOver, workload.BandRed} {
		if bands[b] == 0 {
			t.Errorf("no officer of the demo team is in band %s", b)
		}
	}
	if len(s.OverCeiling) == 0 {
		t.Error("no officer of the demo team is over the raw-count ceiling")
	}
	// Two officers checked by hand against the table: the busiest PO is
	// red and the part-time PO within.
	for id, want := range map[string]workload.Band{"off-00002": workload.BandRed, "off-00005": workload.BandWithin} {
		ld, _ := m.Load(id)
		if ld.Band != want {
			t.Errorf("%s: band %s, want %s", id, ld.Band, want)
		}
	}

	d := s.Distribution
	for _, want := range []string{
		"p50 " + d.P50.StringFixed(3) + "%, p90 " + d.P90.StringFixed(3) + "%, max " + d.Max.StringFixed(3) + "%",
		strconv.Itoa(d.AtOrUnder.Officers) + " at or under 100%",
		strconv.Itoa(d.Over[0].Officers) + " over 100%",
		strconv.Itoa(d.Over[1].Officers) + " over 110%",
		strconv.Itoa(d.Over[2].Officers) + " over 120%",
		"Over the 50-case ceiling: " + strings.Join(s.OverCeiling, ", ") + ".",
	} {
		if !strings.Contains(flatten(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// flatten joins wrapped lines, so that phrases broken across lines match.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestDemoBalanceAndRebalance(t *testing.T) {
	out := flatten(runReport(t))
	pol := workload.DefaultPolicy()
	roster, err := rostercsv.Read(bytes.NewReader(demoTeam))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := pol.Prepare(roster)
	if err != nil {
		t.Fatal(err)
	}
	team, err := pol.MeasureTeam(pr.TeamCaseloads(demoTeamID), demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pol.Balance(team)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := pol.Rebalance(team, demoAsOf, workload.DefaultRebalanceOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Moves) < 2 {
		t.Fatalf("the demo team's plan has %d moves; want at least 2 to show", len(plan.Moves))
	}
	for _, want := range []string{
		"capacity spread " + b.Spread.StringFixed(3) + " percentage points",
		"coefficient of variation " + b.CV.StringFixed(4) + ", Gini " + b.Gini.StringFixed(4),
		"(A+B) cases: " + b.HighProtectShare.StringFixed(3) + "% of the team's",
		strconv.Itoa(b.Breaches) + " rule breaches",
		"Highest capacity " + plan.HighestBefore.StringFixed(3) + "% → " + plan.HighestAfter.StringFixed(3) + "%",
		"1. " + plan.Moves[0].Case + " (",
		"2. " + plan.Moves[1].Case + " (",
		"The team as a whole is above 100%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "3. "+plan.Moves[2].Case) {
		t.Error("output shows more than two moves")
	}
}

func TestDemoSustainedOverload(t *testing.T) {
	out := runReport(t)
	// Independently: officers above 110% (exactly, by band) in each of
	// the four weekly measurements.
	pol := workload.DefaultPolicy()
	count := map[string]int{}
	for w := range 4 {
		m := demoMeasurement(t, pol, demoAsOf.AddDate(0, 0, -7*w))
		for _, ld := range m.Loads() {
			if ld.Band == workload.BandRed || ld.Band == workload.BandNoCapacity {
				count[ld.Officer]++
			}
		}
	}
	var want []string
	for id, n := range count {
		if n == 4 {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	if len(want) == 0 {
		t.Fatal("nobody in the demo team is in sustained overload; the section shows nothing")
	}

	section := out[strings.Index(out, "Sustained overload"):]
	var got []string
	for _, line := range strings.Split(section, "\n") {
		if f := strings.Fields(line); len(f) > 1 && strings.HasPrefix(f[0], "off-") {
			got = append(got, f[0])
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sustained overload lists %v, want %v:\n%s", got, want, section)
	}
	for _, want := range []string{"2026-11-02, 2026-11-09, 2026-11-16, 2026-11-23", "recomputed from this one caseload"} {
		if !strings.Contains(flatten(section), want) {
			t.Errorf("section lacks %q:\n%s", want, section)
		}
	}
}

func TestSVG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "capacity.svg")
	out := runReport(t, "-svg", file)
	if !strings.Contains(out, "Chart written to "+file) {
		t.Errorf("output does not say where the chart went:\n%s", out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var root string
	var bars, dashed []string
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not valid XML: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = el.Name.Local
		}
		attr := map[string]string{}
		for _, a := range el.Attr {
			attr[a.Name.Local] = a.Value
		}
		switch {
		case el.Name.Local == "rect" && attr["class"] == "bar":
			bars = append(bars, attr["data-officer"]+" "+attr["data-band"])
		case el.Name.Local == "line" && attr["stroke-dasharray"] != "":
			dashed = append(dashed, attr["y1"])
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	m := demoMeasurement(t, workload.DefaultPolicy(), demoAsOf)
	var want []string
	for _, ld := range m.Loads() {
		want = append(want, ld.Officer+" "+ld.Band.String())
	}
	if !slices.Equal(bars, want) {
		t.Errorf("bars %q, want one per officer %q", bars, want)
	}
	if len(dashed) != 2 {
		t.Errorf("%d dashed lines, want 2 (100%% and 110%%)", len(dashed))
	}
	for _, want := range []string{">100%</text>", ">110%</text>", "Capacity by officer, team team-0001 on 2026-11-23"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestBadCaseload(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.csv")
	csv := "officer,team,grade,hours,case,tier,type\n" +
		"o1,north,PO,37,c1,B2,community\n" +
		"o1,north,PO,37,c2,B2,communty\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(io.Discard, []string{"-caseload", file})
	if err == nil {
		t.Fatal("a bad caseload was accepted")
	}
	for _, want := range []string{file, "line 3", "type", "communty"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if err := run(io.Discard, []string{"-caseload", filepath.Join(dir, "missing.csv")}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: error %v", err)
	}
}

// writeTeams writes a small caseload of two teams.
func writeTeams(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "teams.csv")
	csv := "officer,team,grade,hours,reduction_hours,case,tier,type\n" +
		"n1,north,PO,37,,c1,A3,licence\n" +
		"n1,north,PO,37,,c2,B2,community\n" +
		"n2,north,PSO,22.5,3.7,c3,D1,community\n" +
		"s1,south,PO,37,,c4,C2,custody\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestTeams(t *testing.T) {
	file := writeTeams(t)
	err := run(io.Discard, []string{"-caseload", file})
	if err == nil || !strings.Contains(err.Error(), `pick one with -team: "north", "south"`) {
		t.Errorf("two teams without -team: error %v", err)
	}
	err = run(io.Discard, []string{"-caseload", file, "-team", "east"})
	if err == nil || !strings.Contains(err.Error(), `no team "east"`) || !strings.Contains(err.Error(), `"north", "south"`) {
		t.Errorf("unknown team: error %v", err)
	}
	out := runReport(t, "-caseload", file, "-team", "north")
	if !strings.Contains(out, "Team north on 2026-11-23") || !strings.Contains(out, "data: "+file) {
		t.Errorf("wrong heading:\n%s", out)
	}
	if regexp.MustCompile(`(?m)^ *s1 `).MatchString(out) {
		t.Errorf("the north report shows the south team's officer:\n%s", out)
	}
	// n1: A3 licence 219 + B2 community 115 = 334 of 2176.
	if !regexp.MustCompile(`(?m)^ *n1 +PO +37 +334 +2176\.00 +15\.349% +within +1 +1 +0 +0 +2$`).MatchString(out) {
		t.Errorf("no row for n1 with 334 of 2176 points:\n%s", out)
	}
}

func TestPolicy(t *testing.T) {
	cfg := workload.DefaultConfig()
	cfg.Name = "raised-b2"
	cfg.Tiers.Weights[tier.Community]["B2"] = decimal.NewFromInt(300)
	pol, err := workload.NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := json.Marshal(pol)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}

	before, after := runReport(t), runReport(t, "-policy", file)
	if before == after {
		t.Fatal("a policy with a higher B2 weight changed nothing")
	}
	m := demoMeasurement(t, pol, demoAsOf)
	s, _ := m.TeamSummary(demoTeamID)
	old, _ := demoMeasurement(t, workload.DefaultPolicy(), demoAsOf).TeamSummary(demoTeamID)
	if !s.Capacity.GreaterThan(old.Capacity) {
		t.Fatalf("raising a weight did not raise the team's capacity: %s → %s", old.Capacity, s.Capacity)
	}
	for _, want := range []string{`policy "raised-b2"`, "Team capacity " + s.Capacity.StringFixed(3) + "%"} {
		if !strings.Contains(after, want) {
			t.Errorf("output lacks %q:\n%s", want, after)
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"name": "x", "colour": "red"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(io.Discard, []string{"-policy", bad}); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("bad policy: error %v", err)
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad date", []string{"-asof", "23/11/2026"}, `-asof "23/11/2026": want a date as YYYY-MM-DD`},
		{"unknown flag", []string{"-colour"}, "flag provided but not defined: -colour"},
		{"argument", []string{"export.csv"}, `unexpected argument "export.csv"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(io.Discard, tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	out := runReport(t, "-h")
	for _, want := range []string{"Usage: teamreport", "-caseload file", "-svg file"} {
		if !strings.Contains(out, want) {
			t.Errorf("usage lacks %q:\n%s", want, out)
		}
	}
	// A later date measures again: the trainee's and others' phases move,
	// but the heading follows the flag.
	if out := runReport(t, "-asof", "2026-12-07"); !strings.Contains(out, "Team team-0001 on 2026-12-07") {
		t.Errorf("-asof ignored:\n%s", out)
	}
}

// TestExitStatus runs the command as a program: errors go to standard
// error with exit status 1.
func TestExitStatus(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-caseload", filepath.Join(t.TempDir(), "none.csv"))
	cmd.Env = append(os.Environ(), "TEAMREPORT_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1", err)
	}
	if !strings.HasPrefix(stderr.String(), "teamreport: reading caseload: ") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

// TestDemoTeamUpToDate checks the embedded CSV against its generator (see
// gen.go; regenerate with go generate).
func TestDemoTeamUpToDate(t *testing.T) {
	var b bytes.Buffer
	if err := rostercsv.Write(&b, synth.Team(synth.DefaultSeed)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), demoTeam) {
		t.Error("demo-team.csv is stale: run go generate in examples/teamreport")
	}
}
