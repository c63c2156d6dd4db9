package workload

import (
	"testing"

	"pgregory.net/rapid"
)

// testBucketsPlaceInOrder packs generated rosters through caseBuckets:
// officers with no cases, one officer with more than a bucket holds, many
// small ones, in any roster order. Each officer must end up with exactly
// its own cases, in roster order.
func testBucketsPlaceInOrder(t *rapid.T) {
	counts := rapid.SliceOfN(rapid.OneOf(rapid.IntRange(0, 3), rapid.IntRange(0, 60), rapid.IntRange(bucketCases-2, bucketCases+70)), 0, 40).Draw(t, "counts")
	var officerOf []int32
	for o, n := range counts {
		for range n {
			officerOf = append(officerOf, int32(o))
		}
	}
	perm := rapid.Permutation(officerOf).Draw(t, "rosterOrder")
	start := make([]int32, len(counts)+1)
	for _, o := range perm {
		start[o+1]++
	}
	for o := 1; o < len(start); o++ {
		start[o] += start[o-1]
	}
	b := newBuckets(start)
	// Each case is marked with its officer in its tier index; some keep
	// their packed form aside, as a case kept whole does.
	kept := rapid.SliceOfN(rapid.Bool(), len(perm), len(perm)).Draw(t, "kept")
	for i, o := range perm {
		ci := b.slot(o)
		ci.seq, ci.ti, ci.full = uint32(i), uint8(o), -1
		if kept[i] {
			ci.full = 0
			b.keepPacked(uint32(i), packedCase{ti: uint8(o), start: 12345})
		}
		b.take(o)
	}
	b.place(perm)
	for o := range counts {
		cases, info := b.cases(int32(o))
		if len(cases) != counts[o] || len(info) != counts[o] {
			t.Fatalf("officer %d: %d cases, want %d", o, len(cases), counts[o])
		}
		for j := range cases {
			if cases[j].ti != uint8(o) || info[j].ti != uint8(o) {
				t.Fatalf("officer %d holds a case of officer %d", o, cases[j].ti)
			}
			if want := kept[info[j].seq]; (cases[j].start == 12345) != want {
				t.Fatalf("officer %d, case %d: packed form kept aside %v, want %v", o, info[j].seq, !want, want)
			}
			if j > 0 && info[j].seq <= info[j-1].seq {
				t.Fatalf("officer %d: cases out of roster order: %d after %d", o, info[j].seq, info[j-1].seq)
			}
			if perm[info[j].seq] != int32(o) {
				t.Fatalf("officer %d: case %d is not its own", o, info[j].seq)
			}
		}
	}
}

func TestBucketsPlaceInOrder(t *testing.T) { rapid.Check(t, testBucketsPlaceInOrder) }

func FuzzBucketsPlaceInOrder(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBucketsPlaceInOrder)) }
