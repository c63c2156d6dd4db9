package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
)

// Snapshot is the loads of a weekly snapshot: the Loads of a
// [Measurement], or any loads measured at AsOf.
type Snapshot struct {
	AsOf  time.Time `json:"asOf"`
	Loads []Load    `json:"loads"`
}

// Overload is a run of consecutive weekly snapshots in which an officer
// was above the sustained-overload threshold.
type Overload struct {
	// Code is "sustained-overload", stable; Policy the policy whose
	// threshold and number of weeks decided it.
	Code    string    `json:"code"`
	Policy  PolicyRef `json:"policy"`
	Officer string    `json:"officer"`
	// Weeks are the snapshot dates that count, in order.
	Weeks []time.Time `json:"weeks"`
	// Capacities are the officer's capacities on those dates (zero where the
	// officer had no capacity at all).
	Capacities []decimal.Decimal `json:"capacities"`
	// NoCapacity marks the weeks in which the officer held work with no
	// available points, which counts as over any threshold.
	NoCapacity []bool `json:"noCapacity"`
}

// CodeSustainedOverload is the code of an [Overload].
const CodeSustainedOverload = "sustained-overload"

// String renders the run, e.g. "off-1: 4 weeks over from 2026-10-26 to
// 2026-11-16".
func (o Overload) String() string {
	if len(o.Weeks) == 0 {
		return o.Officer + ": no weeks"
	}
	return o.Officer + ": " + strconv.Itoa(len(o.Weeks)) + " weeks over from " +
		o.Weeks[0].Format(dateLayout) + " to " + o.Weeks[len(o.Weeks)-1].Format(dateLayout)
}

// SustainedOverload finds the officers above the policy's sustained
// threshold (110%) in at least the policy's number (4) of consecutive
// weekly snapshots: officially an excessive workload (docs/domain.md, "Capacity").
//
// Snapshots may come in any order; they are sorted by date, and two on the
// same date are an error. Consecutive means seven days apart: a missing
// week breaks a run, and an officer missing from a snapshot breaks theirs.
// The comparison is exact (a load of exactly 110% is not above 110%); an
// officer holding work with no available points is above any threshold.
// Every maximal run of the required length is reported, sorted by officer
// then first week. Loads built by the caller are checked as
// [Policy.Summarise] checks them, and every snapshot needs a date: out of
// range figures are errors, never read as 0.
func (p *Policy) SustainedOverload(snaps []Snapshot) ([]Overload, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	order := make([]int, len(snaps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return snaps[a].AsOf.Compare(snaps[b].AsOf) })
	for k := 1; k < len(order); k++ {
		a, b := snaps[order[k-1]], snaps[order[k]]
		if days.Number(a.AsOf) == days.Number(b.AsOf) {
			l.Add("snapshots["+strconv.Itoa(order[k])+"].asOf", b.AsOf.Format(dateLayout), ErrDuplicate, "two snapshots on the same date")
		}
	}
	for _, i := range order {
		prefix := "snapshots[" + strconv.Itoa(i) + "]"
		if snaps[i].AsOf.IsZero() {
			l.Add(prefix+".asOf", "", ErrMissing, "a snapshot needs a date")
		}
		checkDate(&l, prefix, ".asOf", snaps[i].AsOf)
		seen := make(map[string]bool, len(snaps[i].Loads))
		for j := range snaps[i].Loads {
			ld := &snaps[i].Loads[j]
			lp := prefix + ".loads[" + strconv.Itoa(j) + "]"
			if seen[ld.Officer] {
				l.Add(lp+".officer", ld.Officer, ErrDuplicate, "officer appears twice in one snapshot")
			}
			seen[ld.Officer] = true
			checkLoad(&l, lp, ld)
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}

	type run struct {
		start, last int // positions in order
		weeks       []time.Time
		caps        []decimal.Decimal
		nocap       []bool
	}
	open := map[string]*run{}
	var out []Overload
	closeRun := func(id string, r *run) {
		if len(r.weeks) >= p.cfg.Sustained.Weeks {
			out = append(out, Overload{Code: CodeSustainedOverload, Policy: p.Ref(), Officer: id, Weeks: r.weeks, Capacities: r.caps, NoCapacity: r.nocap})
		}
	}
	for k, i := range order {
		s := snaps[i]
		d := days.Number(s.AsOf)
		over := make(map[string]bool, len(s.Loads))
		for j := range s.Loads {
			ld := &s.Loads[j]
			f := ld.fixed()
			nocap := f.available <= 0 && f.items > 0
			if !nocap && (f.available <= 0 || !above(f.points, f.available, p.sustained)) {
				continue
			}
			over[ld.Officer] = true
			r := open[ld.Officer]
			if r != nil && (r.last != k-1 || days.Number(snaps[order[r.last]].AsOf)+7 != d) {
				closeRun(ld.Officer, r)
				r = nil
			}
			if r == nil {
				r = &run{start: k}
				open[ld.Officer] = r
			}
			r.last = k
			r.weeks = append(r.weeks, s.AsOf)
			r.caps = append(r.caps, ld.Capacity)
			r.nocap = append(r.nocap, nocap)
		}
		for id, r := range open {
			if !over[id] {
				closeRun(id, r)
				delete(open, id)
			}
		}
	}
	for id, r := range open {
		closeRun(id, r)
	}
	slices.SortFunc(out, func(a, b Overload) int {
		if c := strings.Compare(a.Officer, b.Officer); c != 0 {
			return c
		}
		return a.Weeks[0].Compare(b.Weeks[0])
	})
	return out, nil
}
