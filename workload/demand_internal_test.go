package workload

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/tier"
)

// TestDemandRunsMatchContacts: counting a caseload's demand by runs
// (projectRuns, arithmetic) gives exactly what counting the contacts one
// by one (project) gives, week by week, for any requirements (up to 100
// contacts a day), dates and horizon. Broken on purpose by rounding
// the end of each week one day early, it fails within a few cases.
func TestDemandRunsMatchContacts(t *testing.T) { rapid.Check(t, testDemandRunsMatchContacts) }

func FuzzDemandRunsMatchContacts(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDemandRunsMatchContacts)) }

func testDemandRunsMatchContacts(t *rapid.T) {
	c := DefaultConfig()
	reqs := []tier.Contact{{}, {Contacts: 100, Days: 1, Minutes: 5}, {Contacts: 3, Days: 7, Minutes: 30}, {Contacts: 1, Days: 28, Minutes: 45},
		{Contacts: 7, Days: 10, Minutes: 1440}, {Contacts: 1, Days: 365, Minutes: 60}, {Contacts: 99, Days: 365, Minutes: 1}}
	for _, tr := range c.Tiers.Scheme.Tiers() {
		for _, ph := range tier.Phases() {
			if rapid.Bool().Draw(t, "changeReq") {
				c.Tiers.Contacts[tr][ph] = rapid.SampledFrom(reqs).Draw(t, "req")
			}
		}
	}
	c.Tiers.CriticalPeriodDays = rapid.SampledFrom([]int{1, 42, 365}).Draw(t, "critical")
	c.Priority.Conservative = rapid.Bool().Draw(t, "conservative")
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cl := propCaseload(t, p, false)
	for i := range cl.Cases {
		cs := &cl.Cases[i]
		cs.LastContact = propMaybeDay(t, "lastContact", 400, 0)
		cs.End = propMaybeDay(t, "end", 0, 400)
		if !cs.End.IsZero() && !cs.Start.IsZero() && cs.End.Before(cs.Start) {
			cs.End = cs.Start
		}
	}
	weeks := rapid.SampledFrom([]int{1, 4, 52, MaxDemandWeeks}).Draw(t, "weeks")
	d := days.Number(asOf)
	got := newDemandAcc(weeks)
	p.accumulate(&cl, d, got)
	want := newDemandAcc(weeks)
	for i := range cl.Cases {
		cs := &cl.Cases[i]
		f := p.factsOf(cs, d)
		p.project(cs, &f, d, d+7*int64(weeks), 1, func(day int64, _ tier.Phase, req tier.Contact) {
			w := (day - d) / 7
			want.contacts[w]++
			want.minutes[w] += int64(req.Minutes)
		})
	}
	for w := range weeks {
		if got.contacts[w] != want.contacts[w] || got.minutes[w] != want.minutes[w] {
			t.Fatalf("week %d: %d contacts, %d minutes by runs; %d, %d one by one", w, got.contacts[w], got.minutes[w], want.contacts[w], want.minutes[w])
		}
	}
}
