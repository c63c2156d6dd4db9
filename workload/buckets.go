package workload

// caseBuckets packs cases into officer order in two steps. Prepare
// writes each case's compact rest, in roster order, to its officer's
// bucket, a run of officers holding at most 16,384 cases between them
// (or one officer holding more); place then moves each bucket's cases to
// their officers' places within it, and writes the packed cases, which
// it derives from the compact ones, in officer order. The first step
// writes one stream per bucket and the second writes within a region
// that stays in cache, where a single pass straight to each officer's
// place writes at random over the whole roster and, on a national one,
// misses the cache for nearly every case. The packed cases, which the
// measuring loop streams through, are one array in officer order; the
// larger compact rest of each case is kept per bucket, in blocks that
// fit the garbage-collected heap's free space where one roster-sized
// block would take fresh pages from the system, each a page fault on
// first use.
type caseBuckets struct {
	of     []int32      // bucket of each officer
	first  []int32      // first officer of each bucket; first[b+1] ends it
	next   []int32      // next free place of each bucket, from its start
	packed []packedCase // over the roster, in officer order
	info   [][]caseRest // per bucket
	start  []int32      // where each officer's cases begin, over the roster
	// kept holds the packed form of each case whose compact rest cannot
	// give it (caseRest.full ≥ 0), by roster position.
	kept map[uint32]packedCase
}

// bucketCases is the number of cases a bucket holds at most, unless it is
// one officer's: a bucket's packed and compact cases then take about
// 1 MB, which place permutes within the core's cache, and a national
// roster has about 16 buckets, so that the first step writes a few dozen
// streams, few enough for the hardware to prefetch. (With 2,048, the
// 122 buckets' 366 streams made PrepareNational 5–10% slower in
// same-minute A/B runs; with 131,072, place left the cache.)
const bucketCases = 16384

// newBuckets cuts the officers, whose cases begin at start[o] (start has
// one entry more than there are officers, the last the number of cases),
// into buckets.
func newBuckets(start []int32) caseBuckets {
	n := int32(len(start) - 1)
	b := caseBuckets{of: make([]int32, n), start: start}
	for o := int32(0); o < n; o++ {
		if k := len(b.first); k == 0 || o > b.first[k-1] && start[o+1]-start[b.first[k-1]] > bucketCases {
			b.first = append(b.first, o)
		}
		b.of[o] = int32(len(b.first) - 1)
	}
	b.first = append(b.first, n)
	nb := len(b.first) - 1
	b.next = make([]int32, nb)
	b.packed, b.info = make([]packedCase, start[n]), make([][]caseRest, nb)
	for bk := 0; bk < nb; bk++ {
		b.info[bk] = make([]caseRest, start[b.first[bk+1]]-start[b.first[bk]])
	}
	return b
}

// slot returns the place for the next case of officer o, in its bucket.
func (b *caseBuckets) slot(o int32) *caseRest {
	bk := b.of[o]
	return &b.info[bk][b.next[bk]]
}

// keepPacked keeps the packed form of the case at roster position seq,
// whose compact rest keeps the whole case instead (full ≥ 0).
func (b *caseBuckets) keepPacked(seq uint32, pc packedCase) {
	if b.kept == nil {
		b.kept = map[uint32]packedCase{}
	}
	b.kept[seq] = pc
}

// packInto writes the packed form of a placed case to pc.
func (b *caseBuckets) packInto(pc *packedCase, ci *caseRest) {
	if ci.full >= 0 {
		*pc = b.kept[ci.seq]
		return
	}
	ci.packInto(pc)
}

// take fills officer o's next place.
func (b *caseBuckets) take(o int32) { b.next[b.of[o]]++ }

// place moves every case to its officer's place within its bucket, each
// officer's cases in the order they were taken, and writes every case's
// packed form in officer order. Every place must have been taken, and
// each case's seq must be its position in the roster, whose officer
// officerOf gives: the case's own record of where it came from, so that
// no separate stream of officers is written beside the cases.
func (b *caseBuckets) place(officerOf []int32) {
	var si []caseRest
	var next []int32
	for bk := range b.next {
		fo, eo := b.first[bk], b.first[bk+1]
		base := b.start[fo]
		packed, info := b.packed[base:b.start[eo]], b.info[bk]
		if eo-fo == 1 {
			// One officer's cases, in the order taken.
			for k := range info {
				b.packInto(&packed[k], &info[k])
			}
			continue
		}
		si = append(si[:0], info...)
		next = next[:0]
		for _, s := range b.start[fo:eo] {
			next = append(next, s-base)
		}
		for j := range si {
			ci := &si[j]
			o := officerOf[ci.seq]
			k := next[o-fo]
			next[o-fo]++
			info[k] = *ci
			b.packInto(&packed[k], ci)
		}
	}
	b.kept = nil
}

// cases returns officer o's packed and compact cases, once placed.
func (b *caseBuckets) cases(o int32) ([]packedCase, []caseRest) {
	bk := b.of[o]
	base := b.start[b.first[bk]]
	lo, hi := b.start[o]-base, b.start[o+1]-base
	return b.packed[b.start[o]:b.start[o+1]:b.start[o+1]], b.info[bk][lo:hi:hi]
}
