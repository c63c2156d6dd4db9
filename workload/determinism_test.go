package workload_test

// Determinism: the same roster gives the same bytes, run after run and in
// any input order (loads and summaries are sorted by ID).

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
)

// measureJSON prepares and measures a roster with a fresh default
// policy and returns the measurement as JSON.
func measureJSON(t *testing.T, r workload.Roster) []byte {
	t.Helper()
	pr, err := workload.DefaultPolicy().Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pr.Measure(synth.AsOf()))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// shuffled returns a copy of r with officers, cases, reports and covers
// in a shuffled order.
func shuffled(r workload.Roster, seed uint64) workload.Roster {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	out := workload.Roster{
		Officers: slices.Clone(r.Officers),
		Cases:    slices.Clone(r.Cases),
		Reports:  slices.Clone(r.Reports),
		Covers:   slices.Clone(r.Covers),
	}
	rng.Shuffle(len(out.Officers), func(i, j int) { out.Officers[i], out.Officers[j] = out.Officers[j], out.Officers[i] })
	rng.Shuffle(len(out.Cases), func(i, j int) { out.Cases[i], out.Cases[j] = out.Cases[j], out.Cases[i] })
	rng.Shuffle(len(out.Reports), func(i, j int) { out.Reports[i], out.Reports[j] = out.Reports[j], out.Reports[i] })
	rng.Shuffle(len(out.Covers), func(i, j int) { out.Covers[i], out.Covers[j] = out.Covers[j], out.Covers[i] })
	return out
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func sameBytes(t *testing.T, what string, a, b []byte) {
	t.Helper()
	if !bytes.Equal(a, b) {
		i := firstDiff(a, b)
		lo := max(0, i-80)
		t.Fatalf("%s: JSON differs at byte %d of %d/%d:\n%s\n%s", what, i, len(a), len(b),
			a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
	}
}

// TestNationalDeterministic: the national roster measured by two separate
// Prepare and Measure runs, and in shuffled order, gives byte-identical
// JSON.
func TestNationalDeterministic(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("the national roster takes a few seconds (more under -race); see TestTeamDeterministic")
	}
	r := synth.National(synth.DefaultSeed)
	first := measureJSON(t, r)
	sameBytes(t, "second run", first, measureJSON(t, synth.National(synth.DefaultSeed)))
	sameBytes(t, "shuffled roster", first, measureJSON(t, shuffled(r, 1)))
}

// TestTeamDeterministic is the quick twin of TestNationalDeterministic on
// a scaled roster, run always (and under -race).
func TestTeamDeterministic(t *testing.T) {
	r := synth.Generate(synth.Scaled(synth.DefaultSeed, 3000))
	first := measureJSON(t, r)
	sameBytes(t, "second run", first, measureJSON(t, synth.Generate(synth.Scaled(synth.DefaultSeed, 3000))))
	for seed := uint64(1); seed <= 3; seed++ {
		sameBytes(t, "shuffled roster", first, measureJSON(t, shuffled(r, seed)))
	}
	team := synth.Team(synth.DefaultSeed)
	sameBytes(t, "shuffled team", measureJSON(t, team), measureJSON(t, shuffled(team, 7)))
}
