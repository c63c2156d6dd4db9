package workload_test

// Regression tests for library bugs found by fuzzing and hostile input:
// points that overflow, dates out of range, a CSV row without a case. The
// hostile-input table (hostile_test.go) covers the same ground in rows.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// TestPointsOverflow: points that cannot be added up exactly in the
// int64 fixed-point were wrapped to a negative total reported as within
// capacity (10,000 cases of 999,999,999 points measured as
// -8446744083709.551616 points, band "within"). Such a weight is refused
// now, and the largest allowed adds up exactly.
func TestPointsOverflow(t *testing.T) {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = decimal.RequireFromString("999999999")
	if _, err := workload.NewPolicy(c); !errors.Is(err, workload.ErrOutOfRange) || !strings.Contains(err.Error(), "tiers.weights.community.B2") {
		t.Fatalf("NewPolicy with weight 999999999: %v; want ErrOutOfRange naming the weight", err)
	}
	c.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(workload.MaxWeight)
	p, err := workload.NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	o := workload.Officer{ID: "jo", Team: "t", Grade: workload.PO, Hours: decimal.NewFromInt(37)}
	cases := make([]workload.Case, 10_000)
	for i := range cases {
		cases[i] = workload.Case{ID: fmt.Sprint("c", i), Officer: "jo", Tier: tier.B2, Type: tier.Community}
	}
	l, err := p.Measure(workload.Caseload{Officer: o, Cases: cases}, asOf)
	if err != nil || !l.Points.Equal(decimal.RequireFromString("100000000")) || l.Band != workload.BandRed {
		t.Errorf("10,000 cases of 10,000: %v points, %v, %v", l.Points, l.Band, err)
	}
}

// TestDatesBounded: risk assessment and escalation dates and reduction
// dates outside 1900–2200 were accepted through the API (the CSV reader refused
// them): an assessment dated 9999 never went stale, so unsettled risk was
// silently trusted. Every date is bounded now, in Measure and in
// CheckAllocation's fast path alike.
func TestDatesBounded(t *testing.T) {
	p := workload.DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	o := workload.Officer{ID: "jo", Team: "t", Grade: workload.PO, Hours: decimal.NewFromInt(37)}
	c := workload.Case{ID: "c1", Officer: "jo", Tier: tier.B2, Type: tier.Licence}
	for _, tt := range []struct {
		field string
		edit  func(*workload.Officer, *workload.Case)
	}{
		{"cases[0].risk.assessedOn", func(_ *workload.Officer, c *workload.Case) { c.Risk.AssessedOn = far }},
		{"cases[0].risk.escalatedOn", func(_ *workload.Officer, c *workload.Case) { c.Risk.EscalatedOn = far }},
		{"officer.reductions[0].from", func(o *workload.Officer, _ *workload.Case) {
			o.Reductions = []workload.Reduction{{Reason: workload.SpecialLeave, From: time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC)}}
		}},
		{"officer.reductions[0].to", func(o *workload.Officer, _ *workload.Case) {
			o.Reductions = []workload.Reduction{{Reason: workload.SpecialLeave, From: asOf, To: far}}
		}},
	} {
		o, c := o, c
		tt.edit(&o, &c)
		_, err := p.Measure(workload.Caseload{Officer: o, Cases: []workload.Case{c}}, asOf)
		var fe *workload.FieldError
		if !errors.Is(err, workload.ErrOutOfRange) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: Measure error %v; want ErrOutOfRange naming the field", tt.field, err)
		}
	}
	h, err := p.MeasureCaseload(workload.Caseload{Officer: o}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	c.Risk.AssessedOn = far
	if _, err := p.CheckAllocation(h, workload.Allocation{Case: c}, asOf); !errors.Is(err, workload.ErrOutOfRange) {
		t.Errorf("CheckAllocation of a case assessed in 9999: %v; want ErrOutOfRange", err)
	}
}
