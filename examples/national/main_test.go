package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
)

// measured is the small roster's measurement, made directly with the
// library, independently of run.
func measured(t *testing.T, seed uint64, cases int) (workload.Roster, *workload.Measurement) {
	t.Helper()
	r := synth.Generate(synth.Scaled(seed, cases))
	m, err := workload.DefaultPolicy().MeasureRoster(r, synth.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	return r, m
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b, args); err != nil {
		t.Fatalf("run(%q): %v", args, err)
	}
	return b.String()
}

// lineWith returns the output line starting with prefix, spaces collapsed.
func lineWith(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	t.Fatalf("no line starting %q in:\n%s", prefix, out)
	return ""
}

// extremes returns the lowest and highest capacity groups with available
// points; ties go to the first by ID.
func extremes(groups []workload.Summary) (lo, hi workload.Summary, red int) {
	first := true
	for _, g := range groups {
		if g.Band == workload.BandRed {
			red++
		}
		if g.Band == workload.BandNoCapacity || !g.Available.IsPositive() {
			continue
		}
		if first || g.Capacity.LessThan(lo.Capacity) {
			lo = g
		}
		if first || g.Capacity.GreaterThan(hi.Capacity) {
			hi = g
		}
		first = false
	}
	return lo, hi, red
}

func TestSmallRun(t *testing.T) {
	const cases = 5000
	file := filepath.Join(t.TempDir(), "m.json")
	out := mustRun(t, "-cases", strconv.Itoa(cases), "-json", file)
	r, m := measured(t, synth.DefaultSeed, cases)
	n, d := m.National, m.National.Distribution

	want := map[string]string{
		"synthetic roster": "synthetic roster at the national ratios, seed " + strconv.FormatUint(synth.DefaultSeed, 10) + ": " +
			thousands(len(r.Cases)) + " cases, " + thousands(len(r.Officers)) + " officers, " +
			strconv.Itoa(len(m.Teams)) + " teams, " + strconv.Itoa(len(m.Regions)) + " regions",
		"officers counted":   "officers counted " + thousands(d.Counted) + " (holding work or with available points; " + thousands(d.Idle) + " idle)",
		"at or under 100%":   "at or under 100% " + thousands(d.AtOrUnder.Officers) + " " + d.AtOrUnder.Share.StringFixed(3) + "%",
		"over 100%":          "over 100% " + thousands(d.Over[0].Officers) + " " + d.Over[0].Share.StringFixed(3) + "%",
		"over 110%":          "over 110% " + thousands(d.Over[1].Officers) + " " + d.Over[1].Share.StringFixed(3) + "%",
		"over 120%":          "over 120% " + thousands(d.Over[2].Officers) + " " + d.Over[2].Share.StringFixed(3) + "%",
		"no capacity":        "no capacity " + thousands(d.NoCapacity) + " ",
		"national capacity":  "national capacity " + n.Capacity.StringFixed(3) + "% (Σ " + thousandsDec(n.Points) + " points ÷ Σ " + thousandsDec(n.Available) + " available)",
		"officer capacity":   "officer capacity p50 " + d.P50.StringFixed(3) + "%, p90 " + d.P90.StringFixed(3) + "%, max " + d.Max.StringFixed(3) + "%",
		"over the raw-count": "over the raw-count ceiling: " + thousands(len(n.OverCeiling)) + " officer",
	}
	lo, hi, red := extremes(m.Teams)
	want["teams"] = "teams " + strconv.Itoa(len(m.Teams)) + ", capacity from " + lo.Capacity.StringFixed(3) + "% (" + lo.ID + ") to " +
		hi.Capacity.StringFixed(3) + "% (" + hi.ID + "); " + strconv.Itoa(red) + " red"
	lo, hi, red = extremes(m.Regions)
	want["regions"] = "regions " + strconv.Itoa(len(m.Regions)) + ", capacity from " + lo.Capacity.StringFixed(3) + "% (" + lo.ID + ") to " +
		hi.Capacity.StringFixed(3) + "% (" + hi.ID + "); " + strconv.Itoa(red) + " red"
	for prefix, w := range want {
		if got := lineWith(t, out, prefix); !strings.HasPrefix(got, w) {
			t.Errorf("line %q\n want prefix %q", got, w)
		}
	}
	// A sanity check that the figures are the shape docs/domain.md describes,
	// so a broken generator cannot pass unnoticed.
	if d.Over[1].Officers == 0 || d.AtOrUnder.Officers == 0 || len(m.Teams) < 10 {
		t.Errorf("implausible distribution: %+v, %d teams", d, len(m.Teams))
	}
	for _, s := range []string{"generate", "prepare", "measure", "write JSON"} {
		if !strings.Contains(out, "\n  "+s+" ") {
			t.Errorf("no timing line for %s", s)
		}
	}

	// The JSON is the full measurement.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got workload.Measurement
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Loads) != len(m.Loads) || len(got.Teams) != len(m.Teams) || len(got.Regions) != len(m.Regions) {
		t.Errorf("JSON holds %d loads, %d teams, %d regions; want %d, %d, %d",
			len(got.Loads), len(got.Teams), len(got.Regions), len(m.Loads), len(m.Teams), len(m.Regions))
	}
	if !got.National.Capacity.Equal(n.Capacity) || !got.National.Points.Equal(n.Points) || got.National.Distribution.Over[2].Officers != d.Over[2].Officers {
		t.Errorf("JSON national summary %+v, want %+v", got.National, n)
	}
	if !strings.Contains(out, "measurement written to "+file+" ("+thousands(len(data))+" bytes)") {
		t.Errorf("the JSON file's size is not reported")
	}
}

func TestSeed(t *testing.T) {
	out := mustRun(t, "-cases", "2000", "-seed", "7")
	_, m := measured(t, 7, 2000)
	want := "national capacity " + m.National.Capacity.StringFixed(3) + "% "
	if got := lineWith(t, out, "national capacity"); !strings.HasPrefix(got, want) {
		t.Errorf("line %q, want prefix %q", got, want)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-cases", "-1"}, {"-cases", "99999999"}, {"-seed", "x"}, {"extra"}, {"-nope"}} {
		if err := run(io.Discard, args); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 250000: "250,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
