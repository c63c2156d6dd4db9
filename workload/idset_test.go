package workload

import (
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// testIDSetAgrees checks idSet against a map for caseloads on both sides
// of the small table's limit, with IDs drawn from a small pool so that
// many repeat: each case must be matched to the first earlier case with
// its ID, or to none.
func testIDSetAgrees(t *rapid.T) {
	n := rapid.OneOf(rapid.IntRange(0, smallIDSet/2), rapid.IntRange(smallIDSet/2-2, smallIDSet+40)).Draw(t, "cases")
	pool := rapid.IntRange(1, 2*n+1).Draw(t, "pool")
	cases := make([]Case, n)
	for i := range cases {
		cases[i].ID = "c" + strconv.Itoa(rapid.IntRange(0, pool).Draw(t, "id"))
	}
	s := newIDSet(cases)
	first := map[string]int{}
	for i := range cases {
		want := -1
		if j, ok := first[cases[i].ID]; ok {
			want = j
		} else {
			first[cases[i].ID] = i
		}
		if got := s.add(i); got != want {
			t.Fatalf("case %d (%s) of %d: matched %d, want %d", i, cases[i].ID, n, got, want)
		}
	}
}

func TestIDSetAgrees(t *testing.T) { rapid.Check(t, testIDSetAgrees) }

func FuzzIDSetAgrees(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testIDSetAgrees)) }
