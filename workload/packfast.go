package workload

import (
	"time"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// packOrdinary validates and packs an ordinary case in one reading, the
// path nearly every case of a real roster takes: printable ASCII IDs, a
// tier of the policy's scheme at index ti, known types, statuses and risk
// values, and every date either zero or a UTC midnight within the years,
// in an order that can happen. For such a case it writes to ci the
// caseRest that pack returns (from which packInto derives pack's
// packedCase) and returns true, and validate would find nothing wrong
// with it. (It writes in place, field by field: a case built on the
// stack and copied out costs more than all its checks.)
//
// Anything else returns false without deciding, perhaps having written
// part of ci: the caller then runs the full validation, which names every
// problem, and the general pack. So this path changes how fast a roster
// is read, never what is accepted or how it is packed
// (TestPackOrdinaryAgrees).
//
// The case's Officer is not checked: Prepare calls it only for a case
// whose Officer is the ID of one of the roster's officers, all of them
// valid, so that checkID accepts it.
func packOrdinary(c *Case, ti int, seq uint32, ci *caseRest) bool {
	var d [10]int32
	if !ordinaryFields(c, ti, &d) || !ci.setDates(&d) {
		return false
	}
	ci.idOff, ci.idLen, ci.full, ci.seq, ci.flags, ci.ti = 0, uint8(len(c.ID)), -1, seq, c.Risk.Flags, uint8(ti)
	ci.setSmall(c) // fits: ordinaryCase checked every value
	return true
}

// ordinaryCase reports whether c is an ordinary case (see packOrdinary)
// whose tier is at index ti, and writes its day numbers to d in
// caseRest.dates' order: start, release, twoThirds, end, lastContact,
// allocated, assessedOn, escalatedOn, recalled, rereleased (noDay32 for
// a zero date). True means validate finds nothing wrong with c; false
// decides nothing.
func ordinaryCase(c *Case, ti int, d *[10]int32) bool {
	return plainID(c.Officer) && ordinaryFields(c, ti, d)
}

// ordinaryFields is ordinaryCase without the check of the case's Officer.
func ordinaryFields(c *Case, ti int, d *[10]int32) bool {
	if ti < 0 || !plainID(c.ID) {
		return false
	}
	switch c.Type {
	case tier.Community, tier.Licence, tier.Custody:
	default:
		return false
	}
	if c.Inactive > tier.OverdueTermination || c.Risk.RoSH > risk.RoSHVeryHigh || c.Risk.MAPPA > risk.MAPPALevel3 ||
		c.Risk.Flags&^allFlags != 0 || uint(c.Risk.Complexity) > 10 {
		return false
	}
	// The dates one by one, not by a loop over packedDates: the ten
	// pointers such a loop builds cost more than the checks.
	ok := true
	d[0] = plainDay(&c.Start, &ok)
	d[1] = plainDay(&c.Release, &ok)
	d[2] = plainDay(&c.TwoThirds, &ok)
	d[3] = plainDay(&c.End, &ok)
	d[4] = plainDay(&c.LastContact, &ok)
	d[5] = plainDay(&c.Allocated, &ok)
	d[6] = plainDay(&c.Risk.AssessedOn, &ok)
	d[7] = plainDay(&c.Risk.EscalatedOn, &ok)
	d[8] = plainDay(&c.Recalled, &ok)
	d[9] = plainDay(&c.Rereleased, &ok)
	if !ok {
		return false
	}
	start, release, twoThirds, end, recalled, rereleased := d[0], d[1], d[2], d[3], d[8], d[9]
	// The order checks of checkOrder, on day numbers; a zero date takes
	// part in none.
	return !(before(release, start) || before(twoThirds, start) || before(twoThirds, release) || before(end, start) ||
		before(recalled, release) || before(rereleased, recalled) ||
		(recalled != noDay32 && release == noDay32) || (rereleased != noDay32 && recalled == noDay32))
}

// ordinaryAt reports whether an ordinary case's dates d (see
// ordinaryCase) pass validateAt's checks at day asOf: no assessment and
// no last contact after it.
func ordinaryAt(d *[10]int32, asOf int64) bool {
	return int64(d[4]) <= asOf && int64(d[6]) <= asOf // noDay32 is below every day
}

// allFlags holds every defined flag.
var allFlags = func() risk.Flags {
	var s risk.Flags
	for _, f := range risk.AllFlags() {
		s = s.With(f)
	}
	return s
}()

// before reports whether both days are set and later is before earlier.
func before(later, earlier int32) bool {
	return later != noDay32 && earlier != noDay32 && later < earlier
}

// plainID reports whether id is 1 to maxIDLen bytes of printable ASCII
// that neither begins nor ends with a space: an ID that checkID accepts,
// found without a call.
func plainID(id string) bool {
	if len(id) == 0 || len(id) > maxIDLen || id[0] == ' ' || id[len(id)-1] == ' ' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if b := id[i]; b < 0x20 || b > 0x7e {
			return false
		}
	}
	return true
}

// plainDay returns the day number of a UTC midnight within the years that
// dayTime gives back exactly, or noDay32 for a zero date; for any other
// time it clears *ok. (A set date is checked first: most dates are.)
func plainDay(t *time.Time, ok *bool) int32 {
	u := t.Unix()
	if u >= minUnix && u < maxUnix && u%86400 == 0 && time.Unix(u, 0).UTC() == *t {
		return int32(u / 86400)
	}
	if *t != (time.Time{}) {
		*ok = false
	}
	return noDay32
}
