package workload

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/openprobation/caseload/tier"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// remeasureCaseloadGen draws a caseload of officer o1 with cases, and
// sometimes court reports and cover contacts (in and out), so that the
// lines after the cases' are exercised too.
func remeasureCaseloadGen() *rapid.Generator[Caseload] {
	return rapid.Custom(func(t *rapid.T) Caseload {
		cl := allocCaseloadGen("o1", 25).Draw(t, "caseload")
		for i := range rapid.IntRange(0, 2).Draw(t, "reports") {
			cl.Reports = append(cl.Reports, Report{ID: "r" + strconv.Itoa(i), Officer: "o1",
				Kind: rapid.SampledFrom(tier.ReportKinds()).Draw(t, "kind"), Due: asOf.AddDate(0, 0, rapid.IntRange(-5, 20).Draw(t, "due"))})
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "covers") {
			on := asOf.AddDate(0, 0, -rapid.IntRange(0, 10).Draw(t, "on"))
			pts := decimal.NewFromInt(int64(rapid.IntRange(1, 60).Draw(t, "coverPoints")))
			if len(cl.Cases) > 0 && rapid.Bool().Draw(t, "out") {
				c := cl.Cases[rapid.IntRange(0, len(cl.Cases)-1).Draw(t, "coverCase")]
				cl.Covers = append(cl.Covers, Cover{Case: c.ID, Owner: "o1", Doer: "o" + strconv.Itoa(i+2), On: on, Points: pts})
			} else {
				cl.Covers = append(cl.Covers, Cover{Case: "o2-c" + strconv.Itoa(i), Owner: "o2", Doer: "o1", On: on, Points: pts})
			}
		}
		return cl
	})
}

// remeasureChangeGen draws a change to cl: cases closed (now and then
// one the officer does not hold, or one twice), cases replaced in place
// and cases joining (now and then one invalid or held by another
// officer), so that errors are compared too.
func remeasureChangeGen(cl Caseload, step int) *rapid.Generator[CaseloadChange] {
	return rapid.Custom(func(t *rapid.T) CaseloadChange {
		var ch CaseloadChange
		for _, c := range cl.Cases {
			if rapid.IntRange(0, 5).Draw(t, "close") == 0 {
				ch.Close = append(ch.Close, c.ID)
			}
		}
		switch rapid.IntRange(0, 19).Draw(t, "oddClose") {
		case 0:
			ch.Close = append(ch.Close, "nobody's")
		case 1:
			if len(ch.Close) > 0 {
				ch.Close = append(ch.Close, ch.Close[0])
			}
		}
		for k := range rapid.IntRange(0, 3).Draw(t, "puts") {
			id := "o1-new" + strconv.Itoa(step) + "-" + strconv.Itoa(k)
			if len(cl.Cases) > 0 && rapid.Bool().Draw(t, "replace") {
				id = cl.Cases[rapid.IntRange(0, len(cl.Cases)-1).Draw(t, "which")].ID
			}
			officer := rapid.SampledFrom([]string{"o1", "", "o1", "o2"}).Draw(t, "officer")
			if officer == "o2" && rapid.Bool().Draw(t, "keepValid") {
				officer = ""
			}
			c := allocCaseGen(officer, id).Draw(t, "put")
			if rapid.IntRange(0, 19).Draw(t, "invalid") == 0 {
				c.Tier = "Z9"
			}
			ch.Put = append(ch.Put, c)
		}
		return ch
	})
}

// applyChange is the change made to the caseload by hand: closes first,
// then each put replacing the case with its ID where it stands, or
// joining at the end.
func applyChange(cl Caseload, ch CaseloadChange) Caseload {
	closed := map[string]bool{}
	for _, id := range ch.Close {
		closed[id] = true
	}
	var cases []Case
	for _, c := range cl.Cases {
		if !closed[c.ID] {
			cases = append(cases, c)
		}
	}
	for _, c := range ch.Put {
		i := 0
		for i < len(cases) && cases[i].ID != c.ID {
			i++
		}
		if i < len(cases) {
			cases[i] = c
		} else {
			cases = append(cases, c)
		}
	}
	cl.Cases = cases
	return cl
}

// sameMeasured fails t unless two measured caseloads are the same in
// every figure, line and byte of their JSON, and answer an allocation
// check alike.
func sameMeasured(t *rapid.T, p *Policy, got, want MeasuredCaseload) {
	t.Helper()
	if diff := cmp.Diff(want.Caseload, got.Caseload); diff != "" {
		t.Fatalf("caseload (-measured +remeasured):\n%s", diff)
	}
	if diff := cmp.Diff(want.Load, got.Load, propLoadOpts); diff != "" {
		t.Fatalf("load (-measured +remeasured):\n%s", diff)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Fatalf("JSON differs:\n got %s\nwant %s", gj, wj)
	}
	if got.sum.policy != want.sum.policy || got.sum.day != want.sum.day || got.sum.rules != want.sum.rules {
		t.Fatalf("summary header differs")
	}
	if got.sum.st != want.sum.st {
		t.Fatalf("rule state %+v, measured %+v", got.sum.st, want.sum.st)
	}
	if diff := cmp.Diff(want.sum.ids, got.sum.ids); diff != "" {
		t.Fatalf("held IDs (-measured +remeasured):\n%s", diff)
	}
	nc := allocCaseGen("", "check-case").Draw(t, "checked")
	gc, gerr := p.CheckAllocation(got, Allocation{Case: nc}, asOf)
	wc, werr := p.CheckAllocation(want, Allocation{Case: nc}, asOf)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("check errors differ: %v, measured %v", gerr, werr)
	}
	if diff := cmp.Diff(wc, gc); diff != "" {
		t.Fatalf("check (-measured +remeasured):\n%s", diff)
	}
}

// TestRemeasureMatchesMeasure: a measured caseload changed by a sequence
// of Remeasure calls (closes, in-place replacements, allocations) is in
// every figure, line, byte and allocation answer what MeasureCaseload
// gives for the changed caseload; a change is refused exactly when the
// changed caseload would not measure (or the change itself is wrong: a
// case closed that is not held or twice, an ID put twice); the caseload
// changed from is untouched.
func TestRemeasureMatchesMeasure(t *testing.T) { rapid.Check(t, testRemeasureMatchesMeasure) }

func FuzzRemeasureMatchesMeasure(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testRemeasureMatchesMeasure))
}

func testRemeasureMatchesMeasure(t *rapid.T) {
	p := allocPolicyGen().Draw(t, "policy")
	cl := remeasureCaseloadGen().Draw(t, "caseload")
	h, err := p.MeasureCaseload(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	for step := range rapid.IntRange(1, 4).Draw(t, "steps") {
		ch := remeasureChangeGen(h.Caseload, step).Draw(t, "change")
		before, _ := json.Marshal(h)
		got, err := p.Remeasure(h, ch, asOf)
		if after, _ := json.Marshal(h); string(after) != string(before) {
			t.Fatal("Remeasure changed the caseload it was given")
		}
		wrongChange := changeIsWrong(h.Caseload, ch)
		next := applyChange(h.Caseload, ch)
		want, werr := p.MeasureCaseload(next, asOf)
		switch {
		case wrongChange:
			if err == nil {
				t.Fatalf("a wrong change %+v was accepted", ch)
			}
			continue
		case (err == nil) != (werr == nil):
			t.Fatalf("Remeasure error %v, MeasureCaseload error %v", err, werr)
		case err != nil:
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FieldError", err)
			}
			continue
		}
		sameMeasured(t, p, got, want)
		h = got
	}
}

// changeIsWrong reports a change Remeasure refuses whatever the cases:
// closing a case not held, or one twice; putting one ID twice.
func changeIsWrong(cl Caseload, ch CaseloadChange) bool {
	held := map[string]bool{}
	for _, c := range cl.Cases {
		held[c.ID] = true
	}
	seen := map[string]bool{}
	for _, id := range ch.Close {
		if !held[id] || seen[id] {
			return true
		}
		seen[id] = true
	}
	put := map[string]bool{}
	for _, c := range ch.Put {
		if put[c.ID] {
			return true
		}
		put[c.ID] = true
	}
	return false
}

// TestRemeasureFallsBack: a measured caseload from another date or built
// by hand, and a close that leaves a cover contact on no case, are
// measured in full, with the same answer as MeasureCaseload.
func TestRemeasureFallsBack(t *testing.T) {
	p := DefaultPolicy()
	cl := allocBenchCaseload(20)
	cl.Covers = []Cover{{Case: cl.Cases[3].ID, Owner: "o1", Doer: "o2", On: asOf, Points: decimal.NewFromInt(5)}}
	h, err := p.MeasureCaseload(cl, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Closing the case the cover contact is on: MeasureCaseload refuses.
	if _, err := p.Remeasure(h, CaseloadChange{Close: []string{cl.Cases[3].ID}}, asOf); err == nil {
		t.Error("closing a case a cover contact names was accepted")
	}
	put := Case{ID: "joining", Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: asOf.AddDate(0, -1, 0)}
	next := applyChange(cl, CaseloadChange{Put: []Case{put}})
	for name, from := range map[string]MeasuredCaseload{
		"by hand":        {Caseload: cl, Load: h.Load},
		"another date":   must(p.MeasureCaseload(cl, asOf.AddDate(0, 0, -1))),
		"another policy": must(allocTightPolicy(t).MeasureCaseload(cl, asOf)),
	} {
		got, err := p.Remeasure(from, CaseloadChange{Put: []Case{put}}, asOf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := must(p.MeasureCaseload(next, asOf))
		if diff := cmp.Diff(want.Load, got.Load, propLoadOpts); diff != "" {
			t.Errorf("%s: load (-measured +remeasured):\n%s", name, diff)
		}
		if !p.ready(&got, asOf) {
			t.Errorf("%s: the result is not ready for checks at asOf", name)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// allocTightPolicy is a policy other than the default, with the same
// weights.
func allocTightPolicy(t *testing.T) *Policy {
	c := DefaultConfig()
	c.RawCountCeiling = 5
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// BenchmarkRemeasure allocates one case to a measured 200-case caseload,
// as a service does after each allocation (compare
// BenchmarkMeasureCaseload, the full measure).
func BenchmarkRemeasure(b *testing.B) {
	p := DefaultPolicy()
	h, err := p.MeasureCaseload(allocBenchCaseload(200), asOf)
	if err != nil {
		b.Fatal(err)
	}
	ch := CaseloadChange{Put: []Case{{ID: "joining", Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: asOf.AddDate(0, -1, 0)}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Remeasure(h, ch, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRemeasureChangedByHand: a measured caseload whose cases were changed
// after measuring (against its documentation) gets an answer from
// Remeasure, never a panic; taking away a case it cannot read is measured
// in full.
func TestRemeasureChangedByHand(t *testing.T) {
	p := DefaultPolicy()
	h, err := p.MeasureCaseload(allocBenchCaseload(5), asOf)
	if err != nil {
		t.Fatal(err)
	}
	h.Caseload.Cases[2].Tier = "Z9"
	fix := CaseloadChange{Put: []Case{{ID: h.Caseload.Cases[2].ID, Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: asOf}}}
	got, err := p.Remeasure(h, fix, asOf)
	if err != nil {
		t.Fatalf("replacing the case of an unknown tier: %v", err)
	}
	want := must(p.MeasureCaseload(applyChange(h.Caseload, fix), asOf))
	if diff := cmp.Diff(want.Load, got.Load, propLoadOpts); diff != "" {
		t.Errorf("replacing the case of an unknown tier (-measured +remeasured):\n%s", diff)
	}
	_, _ = p.Remeasure(h, CaseloadChange{Close: []string{h.Caseload.Cases[1].ID}}, asOf)
	h.Caseload.Cases = append(h.Caseload.Cases, h.Caseload.Cases[0])
	_, _ = p.Remeasure(h, CaseloadChange{}, asOf)
	h.Caseload.Cases = nil
	_, _ = p.Remeasure(h, CaseloadChange{Put: []Case{{ID: "x", Officer: "o1", Tier: tier.B2, Type: tier.Licence, Start: asOf}}}, asOf)
}
