package main

import (
	"fmt"
	"strings"

	"github.com/openprobation/caseload/workload"
)

// bandRank orders the bands from lightest to heaviest: within, over, red,
// then no capacity.
func bandRank(b workload.Band) int {
	switch b {
	case workload.BandWithin:
		return 1
	case workload.BandOver:
		return 2
	case workload.BandRed:
		return 3
	case workload.BandNoCapacity:
		return 4
	}
	return 0
}

// summarize says in one plain-English paragraph what a change does to the
// caseload: how many officers move down or up a band, and how the team's
// capacity (the ratio of sums, to one decimal place, rounded half up as
// decimal.StringFixed does) and the count over the red band move, e.g.
// "12 of 14 officers move down a band; the team goes from 118.0% to
// 104.0%." Idle officers are not counted.
func summarize(mb, ma *workload.Measurement) string {
	counted, down, up := 0, 0, 0
	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		if idle(b) && idle(a) {
			continue
		}
		counted++
		switch rb, ra := bandRank(b.Band), bandRank(a.Band); {
		case ra < rb:
			down++
		case ra > rb:
			up++
		}
	}
	var parts []string
	switch {
	case counted == 0:
		return "The caseload has no officer holding work, so the change moves nothing."
	case down == 0 && up == 0:
		if counted == 1 {
			parts = append(parts, "the one officer stays in the same band")
		} else {
			parts = append(parts, fmt.Sprintf("none of the %d officers changes band", counted))
		}
	default:
		if down > 0 {
			parts = append(parts, fmt.Sprintf("%d of %s %s down a band", down, plural(counted, "officer", "officers"), verb(down)))
		}
		if up > 0 {
			if down > 0 {
				parts = append(parts, fmt.Sprintf("%d %s up", up, verb(up)))
			} else {
				parts = append(parts, fmt.Sprintf("%d of %s %s up a band", up, plural(counted, "officer", "officers"), verb(up)))
			}
		}
	}
	tb, ta := mb.National, ma.National
	team := "the team"
	if len(mb.Teams) > 1 {
		team = fmt.Sprintf("the %d teams together", len(mb.Teams))
	}
	switch c1, c2 := shortCapacity(tb), shortCapacity(ta); {
	case c1 == c2:
		parts = append(parts, fmt.Sprintf("%s stays at %s", team, c1))
	default:
		parts = append(parts, fmt.Sprintf("%s goes from %s to %s", team, c1, c2))
	}
	rb, ra := redCount(mb), redCount(ma)
	if rb != ra {
		parts = append(parts, fmt.Sprintf("officers in the red band go from %d to %d", rb, ra))
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}

func verb(n int) string {
	if n == 1 {
		return "moves"
	}
	return "move"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func shortCapacity(s workload.Summary) string {
	if s.Band == workload.BandNoCapacity {
		return "no capacity"
	}
	return s.Capacity.StringFixed(1) + "%"
}

func redCount(m *workload.Measurement) int {
	n := 0
	for _, l := range m.Loads() {
		if l.Band == workload.BandRed {
			n++
		}
	}
	return n
}
