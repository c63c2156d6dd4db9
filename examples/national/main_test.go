package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

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

// numbers returns the numbers of a line, commas dropped, in order.
func numbers(t *testing.T, line string) []*big.Rat {
	t.Helper()
	var out []*big.Rat
	for _, s := range regexp.MustCompile(`-?[0-9][0-9,]*(\.[0-9]+)?`).FindAllString(line, -1) {
		r, ok := new(big.Rat).SetString(strings.ReplaceAll(s, ",", ""))
		if !ok {
			t.Fatalf("number %q in %q", s, line)
		}
		out = append(out, r)
	}
	return out
}

func num(t *testing.T, line string, i int) float64 {
	t.Helper()
	ns := numbers(t, line)
	if i >= len(ns) {
		t.Fatalf("no number %d in %q", i, line)
	}
	f, _ := ns[i].Float64()
	return f
}

// The published picture of England & Wales, typed from the domain
// reference, with the tolerance the synthetic generator documents: about
// 120% national capacity in 2023 and 117% in 2024 (ratio of sums); 60% of
// officers over 100% and nearly three in ten over 120% (2020); PSOs
// describing 78+ cases against 50+ for POs.
const (
	capacityLo, capacityHi = 117.0, 120.0
	over100Lo, over100Hi   = 55.0, 65.0
	over120Lo, over120Hi   = 26.0, 34.0
)

// TestPublishedPicture: the national roster the example runs on
// reproduces the published picture, read from the program's own output.
func TestPublishedPicture(t *testing.T) {
	if testing.Short() {
		t.Skip("the national roster in -short mode")
	}
	out := mustRun(t)
	if got, want := lineWith(t, out, "national synthetic roster"), "250,000 cases, 11,000 officers, 900 teams, 12 regions"; !strings.HasSuffix(got, want) {
		t.Errorf("roster line %q, want it to end %q", got, want)
	}
	if c := num(t, lineWith(t, out, "national capacity (ratio of sums)"), 0); c < capacityLo || c > capacityHi {
		t.Errorf("national capacity %.1f%%; published %.0f–%.0f%%", c, capacityLo, capacityHi)
	}
	// "case-holding officers over 100% 61.0% 60% (…)": the second number.
	if s := num(t, lineWith(t, out, "case-holding officers over 100%"), 1); s < over100Lo || s > over100Hi {
		t.Errorf("%.1f%% of case-holding officers over 100%%; published 60%% (%.0f–%.0f accepted)", s, over100Lo, over100Hi)
	}
	if s := num(t, lineWith(t, out, "case-holding officers over 120%"), 1); s < over120Lo || s > over120Hi {
		t.Errorf("%.1f%% of case-holding officers over 120%%; published nearly three in ten (%.0f–%.0f accepted)", s, over120Lo, over120Hi)
	}
	cases := lineWith(t, out, "mean cases per PO / PSO")
	if po, pso := num(t, cases, 0), num(t, cases, 1); pso <= po {
		t.Errorf("POs hold %.1f cases, PSOs %.1f; published PSOs hold more (78+ against 50+)", po, pso)
	}
	if got := lineWith(t, out, "national capacity (ratio of sums)"); !strings.Contains(got, "about 120% (2023), 117% (2024)") {
		t.Errorf("the published capacity is not printed beside the roster's: %q", got)
	}
}

// TestSmallRun checks a small run's output for what must hold whatever the
// data: sizes from the documented national ratios, counts that add up,
// shares and the national capacity recomputed from the printed counts and
// sums, ordered percentiles, and a JSON file that agrees with the text.
func TestSmallRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "m.json")
	out := mustRun(t, "-cases", "5000", "-json", file)

	// 5,000 × 11,000 ÷ 250,000 = 220 officers; 220 × 900 ÷ 11,000 = 18 teams.
	if got, want := lineWith(t, out, "synthetic roster"), "synthetic roster at the national ratios, seed 20261123: 5,000 cases, 220 officers, 18 teams, 12 regions"; got != want {
		t.Errorf("roster line %q, want %q", got, want)
	}
	counted := lineWith(t, out, "officers counted")
	nCounted, nIdle := num(t, counted, 0), num(t, counted, 1)
	if nCounted+nIdle != 220 {
		t.Errorf("%v counted and %v idle officers; want 220 in all", nCounted, nIdle)
	}
	under := lineWith(t, out, "at or under 100%")
	var over [3]string
	for i, th := range []string{"100", "110", "120"} {
		over[i] = lineWith(t, out, "over "+th+"% ")
	}
	if a, b := num(t, under, 1), num(t, over[0], 1); a+b != nCounted {
		t.Errorf("%v at or under 100%% and %v over it; want %v counted", a, b, nCounted)
	}
	noCap := num(t, lineWith(t, out, "no capacity"), 0)
	prev := nCounted
	for i, line := range append([]string{under}, over[:]...) {
		n := numbers(t, line)
		count := n[1]
		// share = count ÷ counted × 100, printed to 3 places (half up).
		want := new(big.Rat).Quo(new(big.Rat).Mul(count, big.NewRat(100, 1)), new(big.Rat).SetFloat64(nCounted))
		if got := n[2].FloatString(3); got != want.FloatString(3) {
			t.Errorf("%q: share %s, want %s", line, got, want.FloatString(3))
		}
		c, _ := count.Float64()
		if i > 0 && (c > prev || c < noCap) {
			t.Errorf("%q: %v officers; want at most %v and at least the %v with no capacity", line, c, prev, noCap)
		}
		if i > 0 {
			prev = c
		}
	}
	capLine := lineWith(t, out, "national capacity ")
	n := numbers(t, capLine) // capacity, points, available
	want := new(big.Rat).Quo(new(big.Rat).Mul(n[1], big.NewRat(100, 1)), n[2])
	if got, w := n[0].FloatString(2), want.FloatString(2); got != w {
		// Σ figures are printed to 2 places: allow the last printed place.
		d := new(big.Rat).Sub(n[0], want)
		if d.Abs(d).Cmp(big.NewRat(1, 100)) > 0 {
			t.Errorf("national capacity %s%%, but %s ÷ %s = %s%%", got, n[1].FloatString(2), n[2].FloatString(2), w)
		}
	}
	pc := numbers(t, lineWith(t, out, "officer capacity"))
	if pc[1].Cmp(pc[3]) > 0 || pc[3].Cmp(pc[4]) > 0 { // p50 ≤ p90 ≤ max (pc[0] is the "50" of p50)
		t.Errorf("percentiles out of order: %q", lineWith(t, out, "officer capacity"))
	}
	for _, s := range []string{"generate", "prepare", "measure", "write JSON"} {
		if !strings.Contains(out, "\n  "+s+" ") {
			t.Errorf("no timing line for %s", s)
		}
	}
	lineWith(t, out, "case-holding officers over 120%")

	// The JSON is the full measurement and agrees with the text.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Read as plain JSON: the file's shape, not the library's decoder.
	var got struct {
		Loads    []json.RawMessage `json:"loads"`
		Teams    []json.RawMessage `json:"teams"`
		Regions  []json.RawMessage `json:"regions"`
		National struct {
			Capacity string `json:"capacity"`
		} `json:"national"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Loads) != 220 || len(got.Teams) != 18 || len(got.Regions) != 12 {
		t.Errorf("JSON holds %d loads, %d teams, %d regions; want 220, 18, 12", len(got.Loads), len(got.Teams), len(got.Regions))
	}
	if c, ok := new(big.Rat).SetString(got.National.Capacity); !ok || c.FloatString(3) != n[0].FloatString(3) {
		t.Errorf("JSON national capacity %q, text %q", got.National.Capacity, capLine)
	}
	if !strings.Contains(out, "measurement written to "+file+" ("+thousands(len(data))+" bytes)") {
		t.Errorf("the JSON file's size is not reported")
	}
}

// TestSeed: a seed always gives the same figures, and another seed others.
func TestSeed(t *testing.T) {
	figures := func(seed string) string {
		out := mustRun(t, "-cases", "2000", "-seed", seed)
		return lineWith(t, out, "national capacity ") + "\n" + lineWith(t, out, "officer capacity")
	}
	a := figures("7")
	if b := figures("7"); a != b {
		t.Errorf("seed 7 twice:\n%s\n%s", a, b)
	}
	if b := figures("8"); a == b {
		t.Errorf("seeds 7 and 8 gave the same figures:\n%s", a)
	}
	if !strings.Contains(mustRun(t, "-cases", "2000", "-seed", "7"), "seed 7:") {
		t.Error("the seed is not printed")
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
