package workload_test

import (
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

func immutableRoster() workload.Roster {
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	return workload.Roster{
		Officers: []workload.Officer{
			{ID: "jo", Team: "T", Grade: workload.PO, Hours: decimal.NewFromInt(37),
				Reductions: []workload.Reduction{{Reason: workload.OtherReason, Hours: decimal.NewFromInt(10), From: from}}},
			{ID: "sam", Team: "T", Grade: workload.PO, Hours: decimal.NewFromInt(37)},
		},
		Cases: []workload.Case{
			{ID: "c1", Officer: "jo", Tier: tier.A2, Type: tier.Licence, Start: from},
			{ID: "c2", Officer: "sam", Tier: tier.B3, Type: tier.Community, Start: from},
		},
	}
}

// TestPreparedIsImmutable: a prepared roster keeps its own copy of the
// roster and hands out copies: editing what the caller gave, or what
// Officers, Caseload and Team return, changes neither the bulk loads nor
// Explain. Available points typed from the domain reference: 2176 × 27 ÷
// 37 = 1587.89 for jo (10 hours reduced), 2176 for sam.
func TestPreparedIsImmutable(t *testing.T) {
	p := workload.DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	r := immutableRoster()
	pr, err := p.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		bulk, _ := pr.Measure(asOf).Load("jo")
		one, err := pr.Explain("jo", asOf)
		if err != nil {
			t.Fatal(err)
		}
		if bulk.Available.StringFixed(2) != "1587.89" || one.Available.StringFixed(2) != "1587.89" || !bulk.Points.Equal(decimal.NewFromInt(175)) {
			t.Fatalf("%s: bulk %s of %s, explained %s of %s; want 175 of 1587.89", when, bulk.Points, bulk.Available, one.Points, one.Available)
		}
	}
	check("prepared")
	r.Officers[0].Reductions[0].Hours = decimal.NewFromInt(37)
	r.Officers[0].Hours = decimal.NewFromInt(1)
	r.Cases[0].Tier = tier.D0
	check("after editing the roster given")
	for _, o := range pr.Officers() {
		if len(o.Reductions) > 0 {
			o.Reductions[0].Hours = decimal.NewFromInt(37)
		}
	}
	cl, _ := pr.Caseload("jo")
	cl.Officer.Reductions[0].Hours = decimal.NewFromInt(37)
	cl.Cases[0].Tier = tier.D0
	for _, c := range pr.TeamCaseloads("T") {
		if len(c.Officer.Reductions) > 0 {
			c.Officer.Reductions[0].Hours = decimal.NewFromInt(37)
		}
		for i := range c.Cases {
			c.Cases[i].Type = tier.Custody
		}
	}
	check("after editing what the roster returned")
	if teams := pr.Teams(); len(teams) == 1 {
		teams[0] = "X"
	}
	if got := pr.Teams(); !slices.Equal(got, []string{"T"}) {
		t.Fatalf("Teams() = %v after editing a returned copy", got)
	}
}

// TestZeroPrepared: the zero Prepared is an empty roster with no policy;
// nothing panics.
func TestZeroPrepared(t *testing.T) {
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, pr := range []*workload.Prepared{{}, nil} {
		m := pr.Measure(asOf)
		if m.Len() != 0 || len(m.Teams) != 0 || m.National.Officers != 0 || m.National.Scope != workload.ScopeNation {
			t.Fatalf("zero roster measured to %+v", m)
		}
		if _, ok := pr.Caseload("jo"); ok {
			t.Fatal("found an officer in the zero roster")
		}
		if len(pr.Officers()) != 0 || len(pr.Teams()) != 0 || len(pr.TeamCaseloads("T")) != 0 {
			t.Fatal("the zero roster has officers or teams")
		}
		for _, err := range []error{
			func() error { _, err := pr.Explain("jo", asOf); return err }(),
			func() error { _, err := pr.MeasureCaseload("jo", asOf); return err }(),
			func() error { _, err := pr.MeasureTeam("T", asOf); return err }(),
			func() error { _, err := pr.MeasureOfficer("jo", asOf); return err }(),
		} {
			if !errors.Is(err, workload.ErrUnknown) {
				t.Fatalf("zero roster: %v, want ErrUnknown", err)
			}
		}
		if _, err := pr.Apply(); !errors.Is(err, workload.ErrMissing) {
			t.Fatalf("Apply on the zero roster: %v, want ErrMissing", err)
		}
	}
}

// TestZeroMeasurement: a zero Measurement has no loads and encodes.
func TestZeroMeasurement(t *testing.T) {
	var m workload.Measurement
	if m.Len() != 0 || len(m.Loads()) != 0 || m.LoadAt(0).Officer != "" {
		t.Fatal("zero measurement has loads")
	}
	if _, ok := m.Load("jo"); ok {
		t.Fatal("zero measurement found a load")
	}
	if _, err := json.Marshal(m); err != nil {
		t.Fatal(err)
	}
}

// TestMeasurementJSONRoundTrip: a measurement decodes to the same loads
// and summaries, and encodes to the same bytes again.
func TestMeasurementJSONRoundTrip(t *testing.T) {
	pr, err := workload.DefaultPolicy().Prepare(immutableRoster())
	if err != nil {
		t.Fatal(err)
	}
	m := pr.Measure(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back workload.Measurement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) || back.Len() != 2 || back.LoadAt(1).Officer != "sam" {
		t.Fatalf("round trip:\n%s\n%s", b, again)
	}
	if ld, ok := back.Load("jo"); !ok || !ld.Points.Equal(decimal.NewFromInt(175)) {
		t.Fatalf("decoded load of jo: %+v", ld)
	}
}

// preparedHeap returns the live heap a prepared roster keeps of its own,
// beyond the roster given.
func preparedHeap(p *workload.Policy, r workload.Roster) (uint64, *workload.Prepared, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	pr, err := p.Prepare(r)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(r)
	return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc), pr, err
}

// TestPreparedHeapBound: a prepared roster does not keep a second copy of
// the caller's roster: its own live heap is at most 160 bytes a case (40
// MB for the national 250,000), where the roster itself takes about 280.
func TestPreparedHeapBound(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50,000 cases")
	}
	const cases = 50_000
	r := synth.Generate(synth.Scaled(synth.DefaultSeed, cases))
	own, pr, err := preparedHeap(workload.DefaultPolicy(), r)
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(pr)
	if perCase := own / cases; perCase > 160 {
		t.Fatalf("a prepared roster keeps %d bytes a case (%d MB for %d cases), want at most 160", perCase, own>>20, cases)
	}
}
