package workload_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// demandHeavy returns a policy whose every requirement is 100 contacts a
// day (the most a tier table allows) and a caseload of n cases, a third
// in their critical period, a third past two-thirds and a third standard.
func demandHeavy(tb testing.TB, n int) (*workload.Policy, workload.Caseload) {
	tb.Helper()
	c := workload.DefaultConfig()
	for tr, phases := range c.Tiers.Contacts {
		for ph, req := range phases {
			if req.Contacts > 0 {
				c.Tiers.Contacts[tr][ph] = tier.Contact{Contacts: 100, Days: 1, Minutes: 5}
			}
		}
	}
	p, err := workload.NewPolicy(c)
	if err != nil {
		tb.Fatal(err)
	}
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cl := workload.Caseload{Officer: workload.Officer{ID: "jo", Team: "t", Grade: workload.PO, Hours: decimal.NewFromInt(37)}}
	for i := range n {
		cs := workload.Case{ID: fmt.Sprint("c", i), Officer: "jo", Tier: tier.B2, Type: tier.Licence, Start: asOf.AddDate(0, -3, 0)}
		switch i % 3 {
		case 0:
			cs.Release = asOf.AddDate(0, 0, -10)
		case 1:
			cs.TwoThirds = asOf.AddDate(0, 0, 20)
		}
		cl.Cases = append(cl.Cases, cs)
	}
	return p, cl
}

// BenchmarkDemandHeavy: 1,000 cases at 100 contacts a day over 52 weeks
// (3.6 million contacts): the cost must follow the cases, not the contacts.
func BenchmarkDemandHeavy(b *testing.B) {
	p, cl := demandHeavy(b, 1000)
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Demand(cl, asOf, 52); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDemandHeavy: at 100 contacts a day, three cases need 2,100 contacts
// a week in every week (their phases change, the requirement does not),
// 5 minutes each: 175 hours a week.
func TestDemandHeavy(t *testing.T) {
	p, cl := demandHeavy(t, 3)
	d, err := p.Demand(cl, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 52)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range d.Weeks {
		if w.Contacts != 2100 || w.Hours.String() != "175" {
			t.Fatalf("week %d: %d contacts, %v hours", w.Week, w.Contacts, w.Hours)
		}
	}
}
