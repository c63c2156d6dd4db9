package workload

import "github.com/openprobation/caseload/tier"

// tierLookup finds a tier's index in a policy's scheme for the per-case
// loops, without copying the scheme for each call: an open-addressed
// table, four times the scheme's size, hashed on a name's length and its
// first and last bytes. A name the table does not hold is not a tier of
// the scheme.
type tierLookup struct {
	names []tier.Tier
	at    []int16 // index+1 into names, or 0 for an empty slot
	mask  uint32
}

func newTierLookup(s *tier.Scheme) tierLookup {
	n := s.Len()
	size := 8
	for size < 4*n {
		size <<= 1
	}
	l := tierLookup{names: make([]tier.Tier, n), at: make([]int16, size), mask: uint32(size - 1)}
	for i := 0; i < n; i++ {
		t, _ := s.At(i)
		l.names[i] = t
		h := tierHash(t) & l.mask
		for l.at[h] != 0 {
			h = (h + 1) & l.mask
		}
		l.at[h] = int16(i + 1)
	}
	return l
}

func tierHash(t tier.Tier) uint32 {
	if len(t) == 0 {
		return 0
	}
	return (uint32(len(t))*31+uint32(t[0]))*131 + uint32(t[len(t)-1])*7
}

// index returns t's index in the scheme, or -1.
func (l *tierLookup) index(t tier.Tier) int {
	if len(l.at) == 0 {
		return -1
	}
	for h := tierHash(t) & l.mask; ; h = (h + 1) & l.mask {
		k := l.at[h]
		if k == 0 {
			return -1
		}
		if l.names[k-1] == t {
			return int(k - 1)
		}
	}
}
