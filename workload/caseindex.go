package workload

import (
	"hash/maphash"
	"slices"
)

// caseIndex maps case IDs to the officers holding them. It is a two-level
// hash table that is never changed once built: with and without return a
// new index sharing every bucket they do not touch, so that a roster
// derived by Apply costs a few small copies, not a copy of the map. The
// hash is seeded at random, so crafted IDs cannot pile into one bucket.
type caseIndex struct {
	seed     maphash.Seed
	bits     uint8 // leaf bits in all
	low      uint8 // leaf bits taken by the second level
	n        int
	branches []*caseBranch
}

type caseBranch struct{ leaves [][]caseEntry }

type caseEntry struct{ id, officer string }

// leafOf returns the branch and leaf positions of id.
func (x *caseIndex) leafOf(id string) (int, int) {
	if x.bits == 0 {
		return 0, 0
	}
	l := int(maphash.String(x.seed, id) >> (64 - uint(x.bits)))
	return l >> x.low, l & (1<<x.low - 1)
}

// buildCaseIndex indexes the cases with IDs, about four to a bucket, and
// returns for each case the position of an earlier case with the same ID,
// or -1. Only the first of a repeated ID is indexed.
func buildCaseIndex(cases []Case) (caseIndex, []int32) {
	bits := 0
	for bits < 16 && 4<<bits < len(cases) {
		bits++
	}
	x := caseIndex{seed: maphash.MakeSeed(), bits: uint8(bits), low: uint8(bits - bits/2)}
	nLeaves := 1 << bits
	leaf := make([]int32, len(cases))
	start := make([]int32, nLeaves+1)
	for i := range cases {
		if cases[i].ID == "" {
			leaf[i] = -1
			continue
		}
		b, l := x.leafOf(cases[i].ID)
		leaf[i] = int32(b<<x.low | l)
		start[leaf[i]+1]++
	}
	for i := 1; i <= nLeaves; i++ {
		start[i] += start[i-1]
	}
	backing := make([]caseEntry, start[nLeaves])
	pos := make([]int32, len(backing))
	fill := slices.Clone(start[:nLeaves])
	firstOf := make([]int32, len(cases))
	for i := range cases {
		firstOf[i] = -1
		lf := leaf[i]
		if lf < 0 {
			continue
		}
		id := cases[i].ID
		s, e := start[lf], fill[lf]
		for k := s; k < e; k++ {
			if backing[k].id == id {
				firstOf[i] = pos[k]
				break
			}
		}
		if firstOf[i] >= 0 {
			continue
		}
		backing[e] = caseEntry{id: id, officer: cases[i].Officer}
		pos[e] = int32(i)
		fill[lf]++
		x.n++
	}
	x.branches = make([]*caseBranch, 1<<(bits/2))
	leaves := make([][]caseEntry, nLeaves)
	for lf := range leaves {
		if s, e := start[lf], fill[lf]; e > s {
			leaves[lf] = backing[s:e:e]
		}
	}
	for b := range x.branches {
		w := 1 << x.low
		x.branches[b] = &caseBranch{leaves: leaves[b*w : (b+1)*w : (b+1)*w]}
	}
	return x, firstOf
}

// lookup returns the officer holding the case with the given ID.
func (x *caseIndex) lookup(id string) (string, bool) {
	if len(x.branches) == 0 {
		return "", false
	}
	b, l := x.leafOf(id)
	for _, e := range x.branches[b].leaves[l] {
		if e.id == id {
			return e.officer, true
		}
	}
	return "", false
}

// with returns the index with id held by officer, added or replaced.
func (x *caseIndex) with(id, officer string) caseIndex {
	return x.update(id, func(leaf []caseEntry) []caseEntry {
		for i := range leaf {
			if leaf[i].id == id {
				out := slices.Clone(leaf)
				out[i].officer = officer
				return out
			}
		}
		out := make([]caseEntry, len(leaf)+1)
		copy(out, leaf)
		out[len(leaf)] = caseEntry{id: id, officer: officer}
		return out
	})
}

// without returns the index with id removed.
func (x *caseIndex) without(id string) caseIndex {
	return x.update(id, func(leaf []caseEntry) []caseEntry {
		i := slices.IndexFunc(leaf, func(e caseEntry) bool { return e.id == id })
		if i < 0 {
			return leaf
		}
		out := make([]caseEntry, 0, len(leaf)-1)
		out = append(out, leaf[:i]...)
		return append(out, leaf[i+1:]...)
	})
}

// update returns the index with id's leaf replaced by change(leaf),
// copying only the path to it.
func (x *caseIndex) update(id string, change func([]caseEntry) []caseEntry) caseIndex {
	out := *x
	if len(out.branches) == 0 {
		out.seed = maphash.MakeSeed()
		out.branches = []*caseBranch{{leaves: make([][]caseEntry, 1)}}
	}
	b, l := out.leafOf(id)
	old := out.branches[b].leaves[l]
	leaf := change(old)
	out.n += len(leaf) - len(old)
	out.branches = slices.Clone(out.branches)
	br := &caseBranch{leaves: slices.Clone(out.branches[b].leaves)}
	br.leaves[l] = leaf
	out.branches[b] = br
	return out
}
