package calibrate

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var (
	comB2 = Cell{tier.Community, tier.B2}
	comB1 = Cell{tier.Community, tier.B1}
	licA3 = Cell{tier.Licence, tier.A3}
	cusD1 = Cell{tier.Custody, tier.D1}
	comC1 = Cell{tier.Community, tier.C1}
	licC1 = Cell{tier.Licence, tier.C1}
)

func rec(id, hours string, terms ...any) Record {
	r := Record{ID: id, Hours: d(hours)}
	for i := 0; i < len(terms); i += 2 {
		r.Terms = append(r.Terms, Term{Cell: terms[i].(Cell), Count: d(terms[i+1].(string))})
	}
	return r
}

// TestFitByHand checks figures worked by hand: per-case records give the
// mean hours per case week of each cell.
func TestFitByHand(t *testing.T) {
	records := []Record{
		rec("c1", "2", comB2, "1"),
		rec("c2", "3", comB2, "1"),
		rec("c3", "9", licA3, "2"), // 9 hours over two weeks: 4.5 a week
	}
	res, err := Fit(records, []Cell{comB2, licA3, cusD1})
	if err != nil {
		t.Fatal(err)
	}
	want := []Estimate{
		{Cell: comB2, Records: 2, CaseWeeks: d("2"), Determined: true, Hours: d("2.5")},
		{Cell: licA3, Records: 1, CaseWeeks: d("2"), Determined: true, Hours: d("4.5")},
		{Cell: cusD1, CaseWeeks: d("0"), Reason: "no record holds a case of this cell"},
	}
	if diff := cmp.Diff(want, res.Estimates, cmp.AllowUnexported(Estimate{}), cmp.Comparer(func(a, b *big.Rat) bool { return true })); diff != "" {
		t.Errorf("estimates (-want +got):\n%s", diff)
	}
	if got := res.Estimates[0].Exact(); got.Cmp(big.NewRat(5, 2)) != 0 {
		t.Errorf("exact community.B2: got %s, want 5/2", got)
	}
	if res.Estimates[2].Exact() != nil {
		t.Errorf("an undetermined weight has a value")
	}
	// 2.5 hours a week × 2,176 points ÷ 37 hours = 147.027… points.
	if p, ok := res.Estimates[0].Points(d("2176"), d("37"), 2); !ok || !p.Equal(d("147.03")) {
		t.Errorf("points: got %s %v, want 147.03", p, ok)
	}
	if _, ok := res.Estimates[2].Points(d("2176"), d("37"), 2); ok {
		t.Errorf("points of an undetermined weight")
	}
	wantRes := []Residual{
		{ID: "c1", Observed: d("2"), Fitted: d("2.5"), Residual: d("-0.5")},
		{ID: "c2", Observed: d("3"), Fitted: d("2.5"), Residual: d("0.5")},
		{ID: "c3", Observed: d("9"), Fitted: d("9"), Residual: d("0")},
	}
	if diff := cmp.Diff(wantRes, res.Residuals); diff != "" {
		t.Errorf("residuals (-want +got):\n%s", diff)
	}
	// Σ residual² = 0.5; √(0.5 ÷ 3) = 0.40824… → 0.4082.
	if !res.SumSquares.Equal(d("0.5")) || !res.RMS.Equal(d("0.4082")) {
		t.Errorf("sum of squares %s, RMS %s; want 0.5 and 0.4082", res.SumSquares, res.RMS)
	}
}

// TestFitFlagsConfounded: two cells always held in equal numbers cannot
// be told apart; both are flagged and neither gets a value, while a third
// cell seen on its own is fitted.
func TestFitFlagsConfounded(t *testing.T) {
	records := []Record{
		rec("w1", "4", comC1, "2", licC1, "2"),
		rec("w2", "2", comC1, "1", licC1, "1"),
		rec("w3", "7", comC1, "1", licC1, "1", comB2, "2"),
		rec("w4", "5", comB2, "2"),
	}
	res, err := Fit(records, []Cell{comB2, comC1, licC1})
	if err != nil {
		t.Fatal(err)
	}
	b2, c1, l1 := res.Estimates[0], res.Estimates[1], res.Estimates[2]
	if !b2.Determined {
		t.Errorf("community.B2 should be determined: %s", b2.Reason)
	}
	if c1.Determined || c1.Reason != "the records see it only in a fixed combination with licence.C1" || !c1.Hours.IsZero() {
		t.Errorf("community.C1: %+v", c1)
	}
	if l1.Determined || l1.Reason != "the records see it only in a fixed combination with community.C1" {
		t.Errorf("licence.C1: %+v", l1)
	}
}

// TestFitHoldsAtZero: data that would make a weight negative hold it at
// zero, flagged, and the rest is fitted under that constraint. Unbounded,
// B2 = 2 and B1 = −1; with B1 ≥ 0, B2 minimises (2−b)² + (1−b)²: 1.5.
func TestFitHoldsAtZero(t *testing.T) {
	res, err := Fit([]Record{rec("a", "2", comB2, "1"), rec("b", "1", comB2, "1", comB1, "1")}, []Cell{comB2, comB1})
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Estimates[0]; !e.Determined || e.AtZero || !e.Hours.Equal(d("1.5")) {
		t.Errorf("community.B2: %+v, want 1.5", e)
	}
	if e := res.Estimates[1]; !e.Determined || !e.AtZero || !e.Hours.IsZero() {
		t.Errorf("community.B1: %+v, want held at 0", e)
	}
}

func TestFitErrors(t *testing.T) {
	_, err := Fit([]Record{
		rec("a", "-1", comB2, "1"),
		rec("b", "1", licA3, "1"),
		rec("c", "1", comB2, "-2"),
		rec("d", "1", comB2, "1", comB2, "1"),
		rec("e", "1.0000001", comB2, "1"),
	}, []Cell{comB2, comB2})
	if !errors.Is(err, ErrInput) {
		t.Fatalf("want ErrInput, got %v", err)
	}
	for _, want := range []string{
		`cells[1] "community.B2": listed twice`,
		`record "a" hours "-1": must not be negative`,
		`record "b" cell "licence.A3": not among the weights to fit`,
		`record "c" community.B2 "-2": must not be negative`,
		`record "d" cell "community.B2": given twice`,
		`record "e" hours "1.0000001": more than 6 decimal places`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// testFitExact: records made without noise from known non-negative weights
// give back exactly those weights for every weight the records determine,
// zero residuals, and, when every cell is held alone in some record, every
// weight determined. (Broken on purpose by letting a column with a zero
// gradient enter the passive set: the property failed with a singular
// system.)
func testFitExact(t *rapid.T) {
	all := []Cell{comB2, comB1, licA3, cusD1, comC1, licC1}
	k := rapid.IntRange(1, len(all)).Draw(t, "cells")
	cells := all[:k]
	truth := make([]*big.Rat, k)
	for j := range truth {
		truth[j] = big.NewRat(int64(rapid.IntRange(0, 800).Draw(t, "w")), 100)
	}
	n := rapid.IntRange(1, 12).Draw(t, "records")
	alone := rapid.Bool().Draw(t, "alone")
	var records []Record
	for r := range n + boolInt(alone)*k {
		rec := Record{ID: fmt.Sprint("r", r)}
		h := new(big.Rat)
		for j, c := range cells {
			cnt := rapid.IntRange(0, 6).Draw(t, "count")
			if r >= n { // one record per cell, holding only it
				cnt = boolInt(r-n == j) * 3
			}
			rec.Terms = append(rec.Terms, Term{Cell: c, Count: decimal.NewFromInt(int64(cnt))})
			h.Add(h, new(big.Rat).Mul(truth[j], big.NewRat(int64(cnt), 1)))
		}
		rec.Hours = decimal.NewFromBigRat(h, 4) // exact: weights have 2 places
		records = append(records, rec)
	}
	res, err := Fit(records, cells)
	if err != nil {
		t.Fatal(err)
	}
	for j, e := range res.Estimates {
		if alone && !e.Determined {
			t.Fatalf("%s undetermined although held alone: %s", e.Cell, e.Reason)
		}
		if e.Determined && e.Exact().Cmp(truth[j]) != 0 {
			t.Fatalf("%s: got %s, want %s", e.Cell, e.Exact().FloatString(4), truth[j].FloatString(4))
		}
	}
	for _, r := range res.Residuals {
		if !r.Residual.IsZero() {
			t.Fatalf("record %s: residual %s", r.ID, r.Residual)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestFitExact(t *testing.T) { rapid.Check(t, testFitExact) }
func FuzzFitExact(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFitExact)) }

// testFitOptimal checks the fit against the optimality (KKT) conditions of
// non-negative least squares, computed here from the records directly:
// every weight is ≥ 0, and the gradient Aᵀ(b − Ax) is ≤ 0 at every
// weight, and exactly 0 where the weight is positive. Only designs where
// every cell is held alone somewhere (all weights determined) are drawn.
// (Broken on purpose by dropping the step back along z − x when the
// subsystem's solution has a non-positive weight: the property failed
// with a negative weight.)
func testFitOptimal(t *rapid.T) {
	all := []Cell{comB2, comB1, licA3, cusD1, comC1}
	k := rapid.IntRange(1, len(all)).Draw(t, "cells")
	cells := all[:k]
	var records []Record
	n := rapid.IntRange(0, 10).Draw(t, "records")
	for r := range n + k {
		rec := Record{ID: fmt.Sprint("r", r), Hours: decimal.New(int64(rapid.IntRange(0, 5000).Draw(t, "hours")), -2)}
		for j, c := range cells {
			cnt := rapid.IntRange(0, 5).Draw(t, "count")
			if r >= n {
				cnt = boolInt(r-n == j)
			}
			rec.Terms = append(rec.Terms, Term{Cell: c, Count: decimal.NewFromInt(int64(cnt))})
		}
		records = append(records, rec)
	}
	res, err := Fit(records, cells)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]*big.Rat, k)
	for j, e := range res.Estimates {
		if !e.Determined {
			t.Fatalf("%s undetermined: %s", e.Cell, e.Reason)
		}
		x[j] = e.Exact()
		if x[j].Sign() < 0 {
			t.Fatalf("%s negative: %s", e.Cell, x[j])
		}
	}
	grad := make([]*big.Rat, k)
	for j := range grad {
		grad[j] = new(big.Rat)
	}
	for _, r := range records {
		resid := r.Hours.Rat()
		for j, term := range r.Terms {
			resid.Sub(resid, new(big.Rat).Mul(term.Count.Rat(), x[j]))
		}
		for j, term := range r.Terms {
			grad[j].Add(grad[j], new(big.Rat).Mul(term.Count.Rat(), resid))
		}
	}
	for j := range grad {
		if grad[j].Sign() > 0 || (x[j].Sign() > 0 && grad[j].Sign() != 0) {
			t.Fatalf("%s = %s is not optimal: gradient %s", cells[j], x[j].FloatString(6), grad[j].FloatString(6))
		}
	}
}

func TestFitOptimal(t *testing.T) { rapid.Check(t, testFitOptimal) }
func FuzzFitOptimal(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFitOptimal)) }

// synthetic makes n officer-weeks over the cells: each officer holds 0–8
// cases of each cell, and records the hours the true weights give plus
// noise uniform in ±1 hour, to two decimal places.
func synthetic(seed uint64, n int, cells []Cell, truth []decimal.Decimal) []Record {
	rng := rand.New(rand.NewPCG(seed, 15))
	out := make([]Record, n)
	for r := range out {
		h := decimal.Zero
		rec := Record{ID: fmt.Sprint("w", r)}
		for j, c := range cells {
			cnt := decimal.NewFromInt(int64(rng.IntN(9)))
			rec.Terms = append(rec.Terms, Term{Cell: c, Count: cnt})
			h = h.Add(cnt.Mul(truth[j]))
		}
		noise := decimal.New(int64(rng.IntN(201))-100, -2) // −1.00 … +1.00
		rec.Hours = decimal.Max(decimal.Zero, h.Add(noise))
		out[r] = rec
	}
	return out
}

// TestFitRecoversNoisyWeights: from officer-weeks made from known weights
// plus noise of up to ±1 hour, the fit recovers every weight within
// 2 ÷ √n hours a case week for n records (about ten standard errors at
// these counts), so 0.2 h at 100 records, 0.1 h at 400 and 0.05 h at
// 1,600: the tolerance halves each time the data quadruple. Five seeds
// each; the worst error must also shrink.
func TestFitRecoversNoisyWeights(t *testing.T) {
	cells := []Cell{comB2, comB1, licA3, cusD1, comC1, licC1}
	// Reference weights 115, 102, 219, 13, 50, 52 points as hours a week
	// (× 37 ÷ 2,176), to two places.
	truth := []decimal.Decimal{d("1.96"), d("1.73"), d("3.72"), d("0.22"), d("0.85"), d("0.88")}
	worst := map[int]decimal.Decimal{}
	for _, tc := range []struct {
		n   int
		tol string
	}{{100, "0.2"}, {400, "0.1"}, {1600, "0.05"}} {
		worst[tc.n] = decimal.Zero
		for seed := range uint64(5) {
			res, err := Fit(synthetic(seed, tc.n, cells, truth), cells)
			if err != nil {
				t.Fatal(err)
			}
			for j, e := range res.Estimates {
				if !e.Determined {
					t.Fatalf("n=%d seed %d: %s undetermined: %s", tc.n, seed, e.Cell, e.Reason)
				}
				diff := e.Hours.Sub(truth[j]).Abs()
				worst[tc.n] = decimal.Max(worst[tc.n], diff)
				if diff.GreaterThan(d(tc.tol)) {
					t.Errorf("n=%d seed %d: %s = %s, want %s ± %s", tc.n, seed, e.Cell, e.Hours, truth[j], tc.tol)
				}
			}
		}
		t.Logf("n=%d: worst error %s h (tolerance %s)", tc.n, worst[tc.n], tc.tol)
	}
	if !worst[1600].LessThan(worst[100]) {
		t.Errorf("the worst error does not shrink with data: %s at 100 records, %s at 1,600", worst[100], worst[1600])
	}
}

// TestFitReferenceStable: officer-weeks timed exactly by the England &
// Wales reference weights (community, licence and custody, tiers A3–D0),
// the hours rounded to the minute as a timesheet would, give back every
// reference weight to the whole point.
func TestFitReferenceStable(t *testing.T) {
	ref := map[tier.CaseType][]int64{ // A3 … D0, typed from the published table
		tier.Community: {206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29},
		tier.Licence:   {219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0},
		tier.Custody:   {75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0},
	}
	tiers := []tier.Tier{tier.A3, tier.A2, tier.A1, tier.A0, tier.B3, tier.B2, tier.B1, tier.B0,
		tier.C3, tier.C2, tier.C1, tier.C0, tier.D3, tier.D2, tier.D1, tier.D0}
	var cells []Cell
	var points []int64
	for _, ct := range []tier.CaseType{tier.Community, tier.Licence, tier.Custody} {
		for i, tr := range tiers {
			cells = append(cells, Cell{ct, tr})
			points = append(points, ref[ct][i])
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var records []Record
	for r := range 400 {
		rec := Record{ID: fmt.Sprint("w", r)}
		minutes := new(big.Rat)
		for j, c := range cells {
			if rng.IntN(4) != 0 {
				continue
			}
			cnt := int64(1 + rng.IntN(4))
			rec.Terms = append(rec.Terms, Term{Cell: c, Count: decimal.NewFromInt(cnt)})
			// points × 37 ÷ 2,176 hours, × 60 minutes
			minutes.Add(minutes, big.NewRat(points[j]*cnt*37*60, 2176))
		}
		m := roundRat(minutes, 0)
		rec.Hours = m.DivRound(decimal.NewFromInt(60), 6)
		records = append(records, rec)
	}
	res, err := Fit(records, cells)
	if err != nil {
		t.Fatal(err)
	}
	for j, e := range res.Estimates {
		if !e.Determined {
			t.Fatalf("%s undetermined: %s", e.Cell, e.Reason)
		}
		p, _ := e.Points(d("2176"), d("37"), 0)
		if !p.Equal(decimal.NewFromInt(points[j])) {
			t.Errorf("%s: fitted %s points, reference %d", e.Cell, p, points[j])
		}
	}
}

// TestFitOrderInvariant: the same records in reverse order give exactly
// the same fit.
func TestFitOrderInvariant(t *testing.T) {
	cells := []Cell{comB2, comB1, licA3, cusD1, comC1, licC1}
	truth := []decimal.Decimal{d("1.96"), d("1.73"), d("3.72"), d("0.22"), d("0.85"), d("0.88")}
	records := synthetic(11, 200, cells, truth)
	rev := make([]Record, len(records))
	for i, r := range records {
		rev[len(records)-1-i] = r
	}
	a, errA := Fit(records, cells)
	b, errB := Fit(rev, cells)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for j := range a.Estimates {
		if a.Estimates[j].Exact().Cmp(b.Estimates[j].Exact()) != 0 {
			t.Errorf("%s differs with the records reversed", cells[j])
		}
	}
	if !a.SumSquares.Equal(b.SumSquares) {
		t.Errorf("sum of squares %s and %s", a.SumSquares, b.SumSquares)
	}
}

// BenchmarkFit: 400 officer-weeks over six cells.
func BenchmarkFit(b *testing.B) {
	cells := []Cell{comB2, comB1, licA3, cusD1, comC1, licC1}
	truth := []decimal.Decimal{d("1.96"), d("1.73"), d("3.72"), d("0.22"), d("0.85"), d("0.88")}
	records := synthetic(1, 400, cells, truth)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fit(records, cells); err != nil {
			b.Fatal(err)
		}
	}
}

// ExampleFit: three weeks' timesheets. The normal equations are
// 25·b + 3·a = 66.5 and 3·b + 5·a = 29.5, so b = 244/116 and a = 538/116.
func ExampleFit() {
	b2 := Cell{tier.Community, tier.B2}
	a3 := Cell{tier.Licence, tier.A3}
	res, _ := Fit([]Record{
		{ID: "week 1", Hours: decimal.RequireFromString("11.5"), Terms: []Term{{b2, decimal.NewFromInt(3)}, {a3, decimal.NewFromInt(1)}}},
		{ID: "week 2", Hours: decimal.RequireFromString("8"), Terms: []Term{{b2, decimal.NewFromInt(4)}}},
		{ID: "week 3", Hours: decimal.RequireFromString("9"), Terms: []Term{{a3, decimal.NewFromInt(2)}}},
	}, []Cell{b2, a3})
	for _, e := range res.Estimates {
		p, _ := e.Points(decimal.NewFromInt(2176), decimal.NewFromInt(37), 0)
		fmt.Printf("%s: %s h a case week (%s points), %d records\n", e.Cell, e.Hours, p, e.Records)
	}
	fmt.Println("RMS residual:", res.RMS, "h")
	// Output:
	// community.B2: 2.1034 h a case week (124 points), 2 records
	// licence.A3: 4.6379 h a case week (273 points), 2 records
	// RMS residual: 0.4288 h
}
