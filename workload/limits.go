package workload

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
)

// Bounds on every number that enters the arithmetic. Anything outside them
// is refused with an error naming the field (wrapping [ErrOutOfRange]), so
// that no figure can overflow the fixed-point int64 the hot loops use.
//
// Every decimal is first bounded by its form: at most 6 decimal places and
// a magnitude below 10^9, so that it converts to micro-units (10^-6) in an
// int64 exactly. Beyond that:
//
//	nominal target T        0 ≤ T ≤ MaxTarget (100,000 points)
//	default hours H         1 ≤ H ≤ 168 hours a week
//	contracted hours        0 ≤ h ≤ 168; reductions 0 ≤ r ≤ h, 0–100%
//	weight, court report    0 ≤ w ≤ MaxWeight (10,000 points)
//	cover contact points    0 ≤ c ≤ MaxCoverPoints (1,000 points)
//	officers                at most MaxOfficers (200,000) in a roster, a
//	                        team, a staffing scenario or a summary; funded
//	                        posts at most MaxOfficers
//	work items              at most MaxWorkItems (4,000,000) cases, reports
//	                        and cover contacts in a roster, team or caseload
//	contact requirements    at most 100 contacts every day of 1,440 minutes
//	                        (tier table bounds)
//
// The worst case, in micro-units (int64 holds 9.22 × 10^18):
//
//	available points of one officer  T × h ÷ H ≤ 10^11 × 168 ÷ 1
//	                                 = 1.68 × 10^13
//	Σ available over a roster        1.68 × 10^13 × 2 × 10^5 = 3.36 × 10^18
//	Σ points over a roster           10^10 × 4 × 10^6 = 4 × 10^16
//	contact demand (micro-minutes a  100 × 1,440 × 7 × 10^6 a case
//	week) over a roster              × 4 × 10^6 = 4.03 × 10^18
//	a weight × an inactive share     10^10 × 10^8 = 10^18 (128-bit product)
//	target × hours                   10^11 × 1.68 × 10^8 (128-bit product)
//
// Every product is taken in 128 bits ([mulDivRemOK] checks that the
// quotient fits). Ratios whose size no bound can limit — a capacity
// percentage of huge points over a tiny available figure, a contact share,
// a staffing percentage — are computed exactly in big integers when they
// do not fit an int64 ([ratioDecimal]), never saturated or wrapped.
//
// Loads and summaries built by the caller rather than measured here are
// checked against the same bounds before they are added up.
const (
	// MaxTarget is the largest nominal target a grade may have, in points
	// (the reference target is 2,176).
	MaxTarget = 100_000
	// MaxWeight is the largest case weight or court report weight, in
	// points (the largest reference weight is 219).
	MaxWeight = 10_000
	// MaxCoverPoints is the most points one cover contact may move (the
	// reference contact weights are 5 to 26 points).
	MaxCoverPoints = 1_000
	// MaxOfficers is the most officers a roster, team, staffing scenario or
	// summary may hold (the national workforce is about 20,652; the bound
	// leaves room for ten times the national roster, as the scaling
	// benchmark measures).
	MaxOfficers = 200_000
	// MaxWorkItems is the most cases, reports and cover contacts a roster,
	// team or caseload may hold (the national caseload is about 240,000).
	MaxWorkItems = 4_000_000
)

var (
	maxTargetDec   = decimal.NewFromInt(MaxTarget)
	maxWeightDec   = decimal.NewFromInt(MaxWeight)
	maxCoverDec    = decimal.NewFromInt(MaxCoverPoints)
	maxOfficersDec = decimal.NewFromInt(MaxOfficers)
	minDefaultHrs  = decimal.NewFromInt(1)
)

// maxLoadPoints bounds, in micro-points, the points of one load the caller
// built: MaxWorkItems items of MaxWeight.
const maxLoadPoints = MaxWorkItems * MaxWeight * dec.Scale

// maxLoadAvailable bounds, in micro-points, the available points of one
// load the caller built: MaxTarget × 168 h ÷ 1 h.
const maxLoadAvailable = MaxTarget * 168 * dec.Scale

// checkBetween records a bounded decimal outside [lo, hi] and reports
// whether d is usable.
func checkBetween(l *fault.List, field string, d, lo, hi decimal.Decimal) bool {
	if !checkDecimal(l, field, d) {
		return false
	}
	if d.LessThan(lo) || d.GreaterThan(hi) {
		l.Add(field, d.String(), ErrOutOfRange, "must be between "+lo.String()+" and "+hi.String())
		return false
	}
	return true
}

// checkCount records a count above its bound.
func checkCount(l *fault.List, field string, n, most int, what string) {
	if n > most {
		l.Add(field, strconv.Itoa(n)+" "+what, ErrOutOfRange, "at most "+strconv.Itoa(most))
	}
}

// checkLoad records a load built by the caller whose figures are outside
// the bounds, or that could not have been measured: more than 6 places,
// points beyond maxLoadPoints, negative or too many available points,
// negative counts. Loads measured by this package pass by construction.
func checkLoad(l *fault.List, prefix string, ld *Load) {
	if ld.fx.ok {
		return
	}
	if m, err := dec.ToMicro(ld.Points); err != nil {
		l.Add(prefix+".points", "(decimal)", ErrOutOfRange, err.Error())
	} else if m > maxLoadPoints || m < -maxLoadPoints {
		l.Add(prefix+".points", ld.Points.String(), ErrOutOfRange, "more points than one officer can hold")
	}
	if m, err := dec.ToMicro(ld.Available); err != nil {
		l.Add(prefix+".available", "(decimal)", ErrOutOfRange, err.Error())
	} else if m < 0 || m > maxLoadAvailable {
		l.Add(prefix+".available", ld.Available.String(), ErrOutOfRange, "must be between 0 and "+strconv.Itoa(MaxTarget*168))
	}
	if ld.Cases < 0 || ld.Cases > MaxWorkItems {
		l.Add(prefix+".cases", strconv.Itoa(ld.Cases), ErrOutOfRange, "must be between 0 and "+strconv.Itoa(MaxWorkItems))
	}
	if ld.Reports < 0 || ld.Reports > MaxWorkItems {
		l.Add(prefix+".reports", strconv.Itoa(ld.Reports), ErrOutOfRange, "must be between 0 and "+strconv.Itoa(MaxWorkItems))
	}
	m := ld.Letters
	if m.A < 0 || m.B < 0 || m.C < 0 || m.D < 0 || m.Other < 0 || m.Total() > MaxWorkItems {
		l.Add(prefix+".letters", strconv.Itoa(m.Total()), ErrOutOfRange, "counts must be between 0 and "+strconv.Itoa(MaxWorkItems))
	}
}
