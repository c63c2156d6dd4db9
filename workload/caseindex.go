package workload

import (
	"hash/maphash"
	"slices"
)

// caseIndex finds the officer holding a case from its ID. It is a
// two-level hash table of (hash, officer key) entries, without pointers
// for the collector to follow, and never changed once built: with and
// without return a new index sharing every bucket they do not touch, so
// that a roster derived by Apply costs a few small copies, not a copy of
// the table. A hash names candidates; the officer's own cases confirm the
// ID. The hash is seeded at random, so crafted IDs cannot pile into one
// bucket.
type caseIndex struct {
	seed maphash.Seed
	bits uint8 // leaf bits in all: top, then mid, then low
	mid  uint8 // leaf bits taken by the middle level
	low  uint8 // leaf bits taken by the last level
	top  []*caseMid
}

type caseMid struct{ branches []*caseBranch }

type caseBranch struct{ leaves [][]caseEntry }

// caseEntry is one case: its ID's hash and the stable key of the officer
// holding it. While Prepare reads the roster, key holds the case's
// position in it instead; build then turns the sorted entries into the
// index in place, so that the hashes are written once.
type caseEntry struct {
	h   uint32
	key uint32
}

// hash returns the top 32 bits of the ID's seeded hash: enough to name a
// leaf (at most 16 bits) and, within it, candidates that are seldom
// wrong, in an entry of 8 bytes.
func (x *caseIndex) hash(id string) uint32 { return uint32(maphash.String(x.seed, id) >> 32) }

// leafNumber returns the leaf of a hash, numbered across the index.
func (x *caseIndex) leafNumber(h uint32) int {
	if x.bits == 0 {
		return 0
	}
	return int(h >> (32 - uint(x.bits)))
}

// path returns the top, middle and last positions of a leaf.
func (x *caseIndex) path(leaf int) (int, int, int) {
	return leaf >> (x.mid + x.low), leaf >> x.low & (1<<x.mid - 1), leaf & (1<<x.low - 1)
}

// newCaseIndex returns an empty index sized for n cases, and room for
// their entries.
func newCaseIndex(n int) (caseIndex, []caseEntry) {
	bits := 0
	for bits < 16 && 4<<bits < n {
		bits++
	}
	low := bits / 3
	x := caseIndex{seed: maphash.MakeSeed(), bits: uint8(bits), mid: uint8((bits - low) / 2), low: uint8(low)}
	return x, make([]caseEntry, 0, n)
}

// sortHashes sorts the cases' entries (cases without an ID left out, each
// key the case's position) by hash prefix (two stable byte-wide radix
// passes, no pointers, no random writes), for duplicate detection and for
// building the index. Entries of one prefix stay in roster order.
func sortHashes(in []caseEntry) []caseEntry {
	tmp := make([]caseEntry, len(in))
	radixPass(in, tmp, 16)
	radixPass(tmp, in, 24)
	return in
}

// radixPass sorts src into dst by the byte of h at shift, stably.
func radixPass(src, dst []caseEntry, shift uint) {
	var count [257]int
	for _, e := range src {
		count[int(e.h>>shift&255)+1]++
	}
	for b := 1; b < 257; b++ {
		count[b] += count[b-1]
	}
	for _, e := range src {
		b := e.h >> shift & 255
		dst[count[b]] = e
		count[b]++
	}
}

// leafRuns calls f with each run of sorted entries sharing a leaf.
func (x *caseIndex) leafRuns(sorted []caseEntry, f func(leaf int, run []caseEntry)) {
	for s := 0; s < len(sorted); {
		leaf := x.leafNumber(sorted[s].h)
		e := s + 1
		for e < len(sorted) && x.leafNumber(sorted[e].h) == leaf {
			e++
		}
		f(leaf, sorted[s:e])
		s = e
	}
}

// duplicates returns, for each case, the position of the first earlier
// case with the same ID, or -1; nil when no two cases share an ID.
func (x *caseIndex) duplicates(cases []Case, sorted []caseEntry) []int32 {
	var first []int32
	x.leafRuns(sorted, func(_ int, run []caseEntry) {
		for k := 1; k < len(run); k++ {
			for j := 0; j < k; j++ {
				if run[j].h == run[k].h && dupOf(first, int(run[j].key)) < 0 && cases[run[j].key].ID == cases[run[k].key].ID {
					if first == nil {
						first = make([]int32, len(cases))
						for i := range first {
							first[i] = -1
						}
					}
					first[run[k].key] = int32(run[j].key)
					break
				}
			}
		}
	})
	return first
}

// find returns the position of the first case with the given ID among the
// sorted entries (keys still positions), by binary search on the hash.
func (x *caseIndex) find(cases []Case, sorted []caseEntry, id string) (int, bool) {
	h := x.hash(id)
	k, _ := slices.BinarySearchFunc(sorted, h, func(e caseEntry, h uint32) int { return cmpHashPrefix(e.h, h) })
	best := -1
	for ; k < len(sorted) && sorted[k].h>>16 == h>>16; k++ {
		if e := sorted[k]; e.h == h && cases[e.key].ID == id && (best < 0 || int(e.key) < best) {
			best = int(e.key)
		}
	}
	return best, best >= 0
}

// cmpHashPrefix orders hashes by their top 16 bits, as the radix passes
// sort them.
func cmpHashPrefix(a, b uint32) int {
	switch a, b := a>>16, b>>16; {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// build makes the index from the sorted entries of a valid roster (no
// duplicates), in place: each entry's key, a position, becomes the key of
// that case's officer, and the leaves are runs of the entries.
func (x *caseIndex) build(sorted []caseEntry, keyOf func(i uint32) uint32) {
	nLeaves := 1 << x.bits
	leaves := make([][]caseEntry, nLeaves)
	x.leafRuns(sorted, func(leaf int, run []caseEntry) {
		for k := range run {
			run[k].key = keyOf(run[k].key)
		}
		leaves[leaf] = run[:len(run):len(run)]
	})
	w, mw := 1<<x.low, 1<<x.mid
	branches := make([]*caseBranch, nLeaves/w)
	for b := range branches {
		branches[b] = &caseBranch{leaves: leaves[b*w : (b+1)*w : (b+1)*w]}
	}
	x.top = make([]*caseMid, len(branches)/mw)
	for t := range x.top {
		x.top[t] = &caseMid{branches: branches[t*mw : (t+1)*mw : (t+1)*mw]}
	}
}

// candidates returns the entries whose hash is h.
func (x *caseIndex) candidates(h uint32, f func(key uint32) bool) {
	if len(x.top) == 0 {
		return
	}
	t, m, l := x.path(x.leafNumber(h))
	for _, e := range x.top[t].branches[m].leaves[l] {
		if e.h == h && f(e.key) {
			return
		}
	}
}

// with returns the index with an entry (h, key) added.
func (x *caseIndex) with(h uint32, key uint32) caseIndex {
	return x.update(h, func(leaf []caseEntry) []caseEntry {
		out := make([]caseEntry, len(leaf)+1)
		copy(out, leaf)
		out[len(leaf)] = caseEntry{h: h, key: key}
		return out
	})
}

// without returns the index with the entry (h, key) removed.
func (x *caseIndex) without(h uint32, key uint32) caseIndex {
	return x.update(h, func(leaf []caseEntry) []caseEntry {
		i := slices.Index(leaf, caseEntry{h: h, key: key})
		if i < 0 {
			return leaf
		}
		out := make([]caseEntry, 0, len(leaf)-1)
		out = append(out, leaf[:i]...)
		return append(out, leaf[i+1:]...)
	})
}

// update returns the index with h's leaf replaced by change(leaf), copying
// only the path to it.
func (x *caseIndex) update(h uint32, change func([]caseEntry) []caseEntry) caseIndex {
	out := *x
	t, m, l := out.path(out.leafNumber(h))
	out.top = slices.Clone(out.top)
	mid := &caseMid{branches: slices.Clone(out.top[t].branches)}
	br := &caseBranch{leaves: slices.Clone(mid.branches[m].leaves)}
	br.leaves[l] = change(br.leaves[l])
	mid.branches[m] = br
	out.top[t] = mid
	return out
}
