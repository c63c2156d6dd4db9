// Package calibrate estimates case weights from time records: how many
// hours a case of each tier and case type takes, fitted by non-negative
// least squares to the hours officers actually recorded.
//
// A [Record] is one observation: hours of case-facing work, and the case
// weeks it covers per cell (a case type and a tier). Hours one officer spent
// on one case over a week is a record with one term of count 1; an
// officer's week with their whole caseload is a record with one term per
// cell they held, counting the cases. [Fit] finds the hours per case week
// of every cell, never negative, that make the recorded hours best fitted
// in the least-squares sense.
//
// # Exact arithmetic
//
// The fit is computed in exact rational arithmetic (math/big), by the
// active-set method of Lawson and Hanson on the normal equations, so the
// same records give the same estimates on every machine, and noise-free
// records give back exactly the weights they were made from. Figures are
// rounded only for display: [Estimate.Hours] to four decimal places and
// [Estimate.Points] to the places asked for, half away from zero.
//
// # What the data cannot say
//
// A weight no record touches, or one the records only ever see in a fixed
// combination with others (two cells always held in the same proportion,
// say), is not determined by the data: any split between them fits
// equally well. Such weights are flagged [Estimate.Determined] false with
// the reason, and carry no value; a caller keeps its current weight for
// them rather than invent one. A determined weight the data would push
// below zero is held at zero and flagged [Estimate.AtZero].
package calibrate

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
)

// Cell is one weight of a tier table: a case type and a tier.
type Cell struct {
	Type tier.CaseType
	Tier tier.Tier
}

// String renders the cell as "community.B2", the key tune-weights -set
// takes.
func (c Cell) String() string { return c.Type.String() + "." + c.Tier.String() }

// Term is the case weeks of one cell a record covers: cases held times
// weeks (a case held for a whole week counts 1).
type Term struct {
	Cell  Cell
	Count decimal.Decimal
}

// Record is one observation: case-facing hours and the case weeks they
// were spent on. ID names the record in residuals and errors.
type Record struct {
	ID    string
	Hours decimal.Decimal
	Terms []Term
}

// Estimate is the fitted weight of one cell.
type Estimate struct {
	Cell Cell
	// Records is the number of records with case weeks of this cell, and
	// CaseWeeks their total: how much data backs the weight.
	Records   int
	CaseWeeks decimal.Decimal
	// Determined reports whether the records fix this weight. When false,
	// Reason says why and Hours is zero: no value is invented.
	Determined bool
	Reason     string
	// AtZero reports a determined weight held at zero because the records
	// would have it negative.
	AtZero bool
	// Hours is the fitted hours per case week, rounded to four decimal
	// places half away from zero.
	Hours decimal.Decimal

	exact *big.Rat
}

// Exact returns the fitted hours per case week as an exact fraction, or
// nil for an undetermined weight.
func (e Estimate) Exact() *big.Rat {
	if e.exact == nil {
		return nil
	}
	return new(big.Rat).Set(e.exact)
}

// Points converts the fitted hours per case week into workload points:
// hours × target ÷ weekHours (a full-time officer's target points and
// weekly hours, 2,176 and 37 in the England & Wales reference), computed
// exactly and rounded to places decimal places half away from zero. An
// undetermined weight or a weekHours that is not positive gives false.
func (e Estimate) Points(target, weekHours decimal.Decimal, places int32) (decimal.Decimal, bool) {
	if e.exact == nil || !weekHours.IsPositive() {
		return decimal.Decimal{}, false
	}
	r := new(big.Rat).Mul(e.exact, target.Rat())
	r.Quo(r, weekHours.Rat())
	return roundRat(r, places), true
}

// Residual is one record's recorded hours against the fitted ones.
type Residual struct {
	ID       string
	Observed decimal.Decimal
	// Fitted and Residual (observed − fitted) are rounded to four decimal
	// places half away from zero.
	Fitted, Residual decimal.Decimal
}

// Result is a fit: one estimate per cell in the order asked for, one
// residual per record in the order given, and the size of the misfit.
type Result struct {
	Estimates []Estimate
	Residuals []Residual
	// SumSquares is Σ residual², rounded to four places half away from
	// zero; RMS is √(SumSquares ÷ records), the typical misfit of a record
	// in hours, truncated to four places.
	SumSquares, RMS decimal.Decimal
}

// Bounds on the input, so a hostile file cannot make the exact arithmetic
// run for minutes.
const (
	MaxRecords = 1_000_000
	maxDigits  = 18
	maxPlaces  = 6
)

// ErrInput reports a record the fit cannot use; every such error wraps it.
var ErrInput = errors.New("calibrate: bad time record")

func checkNumber(field string, d decimal.Decimal) error {
	switch {
	case d.IsNegative():
		return fmt.Errorf("%w: %s %q: must not be negative", ErrInput, field, d.String())
	case d.Exponent() < -maxPlaces:
		return fmt.Errorf("%w: %s %q: more than %d decimal places", ErrInput, field, d.String(), maxPlaces)
	case len(d.Coefficient().String())+int(max(d.Exponent(), 0)) > maxDigits:
		return fmt.Errorf("%w: %s %q: more than %d digits", ErrInput, field, d.String(), maxDigits)
	}
	return nil
}

// Fit estimates the weight of every cell from the records by
// non-negative least squares. cells lists the weights to estimate, in the
// order of the result; a record naming a cell not in the list, a cell
// listed twice, a negative or oversized number, or a term given twice in
// one record is an error, every one reported (errors.Join, each wrapping
// ErrInput).
func Fit(records []Record, cells []Cell) (Result, error) {
	var errs []error
	index := make(map[Cell]int, len(cells))
	for i, c := range cells {
		if _, dup := index[c]; dup {
			errs = append(errs, fmt.Errorf("%w: cells[%d] %q: listed twice", ErrInput, i, c))
			continue
		}
		index[c] = i
	}
	if len(records) > MaxRecords {
		errs = append(errs, fmt.Errorf("%w: %d records: at most %d", ErrInput, len(records), MaxRecords))
		return Result{}, errors.Join(errs...)
	}
	k := len(cells)
	// The design: per record, the case weeks per cell (sparse) and hours.
	type entry struct {
		col   int
		v     *big.Rat
		count decimal.Decimal
	}
	rows := make([][]entry, len(records))
	hours := make([]*big.Rat, len(records))
	for r, rec := range records {
		name := fmt.Sprintf("records[%d]", r)
		if rec.ID != "" {
			name = fmt.Sprintf("record %q", rec.ID)
		}
		if err := checkNumber(name+" hours", rec.Hours); err != nil {
			errs = append(errs, err)
		}
		hours[r] = rec.Hours.Rat()
		seen := map[int]bool{}
		for _, t := range rec.Terms {
			j, ok := index[t.Cell]
			if !ok {
				errs = append(errs, fmt.Errorf("%w: %s cell %q: not among the weights to fit", ErrInput, name, t.Cell))
				continue
			}
			if err := checkNumber(name+" "+t.Cell.String(), t.Count); err != nil {
				errs = append(errs, err)
				continue
			}
			if seen[j] {
				errs = append(errs, fmt.Errorf("%w: %s cell %q: given twice", ErrInput, name, t.Cell))
				continue
			}
			seen[j] = true
			if !t.Count.IsZero() {
				rows[r] = append(rows[r], entry{j, t.Count.Rat(), t.Count})
			}
		}
		sort.Slice(rows[r], func(a, b int) bool { return rows[r][a].col < rows[r][b].col })
	}
	if err := errors.Join(errs...); err != nil {
		return Result{}, err
	}

	// Normal equations G x = c with G = AᵀA, c = Aᵀb, and the data per
	// cell.
	G := newMatrix(k)
	c := zeros(k)
	res := Result{Estimates: make([]Estimate, k)}
	for j := range cells {
		res.Estimates[j] = Estimate{Cell: cells[j], CaseWeeks: decimal.Zero}
	}
	tmp := new(big.Rat)
	for r, row := range rows {
		for _, a := range row {
			e := &res.Estimates[a.col]
			e.Records++
			e.CaseWeeks = e.CaseWeeks.Add(a.count)
			c[a.col].Add(c[a.col], tmp.Mul(a.v, hours[r]))
			for _, b := range row {
				G[a.col][b.col].Add(G[a.col][b.col], tmp.Mul(a.v, b.v))
			}
		}
	}

	// Which weights the records determine: e_j must lie in the row space
	// of A, i.e. every vector of the null space of G is zero at j.
	null := nullSpace(G)
	x, err := nnls(G, c)
	if err != nil {
		return Result{}, err
	}
	for j := range res.Estimates {
		e := &res.Estimates[j]
		if e.Records == 0 {
			e.Reason = "no record holds a case of this cell"
			continue
		}
		var with []string
		for _, v := range null {
			if v[j].Sign() == 0 {
				continue
			}
			for i := range v {
				if i != j && v[i].Sign() != 0 {
					with = append(with, cells[i].String())
				}
			}
		}
		if with != nil {
			sort.Strings(with)
			with = compact(with)
			e.Reason = "the records see it only in a fixed combination with " + strings.Join(with, ", ")
			continue
		}
		e.Determined = true
		e.exact = new(big.Rat).Set(x[j])
		e.AtZero = x[j].Sign() == 0
		e.Hours = roundRat(x[j], 4)
	}

	// Residuals, from the fitted values (unique even when some weights are
	// not: the fitted hours of an NNLS problem are).
	ss := new(big.Rat)
	for r, row := range rows {
		fit := new(big.Rat)
		for _, a := range row {
			fit.Add(fit, tmp.Mul(a.v, x[a.col]))
		}
		d := new(big.Rat).Sub(hours[r], fit)
		ss.Add(ss, tmp.Mul(d, d))
		res.Residuals = append(res.Residuals, Residual{ID: records[r].ID, Observed: records[r].Hours,
			Fitted: roundRat(fit, 4), Residual: roundRat(d, 4)})
	}
	res.SumSquares = roundRat(ss, 4)
	res.RMS = decimal.Zero
	if len(rows) > 0 {
		res.RMS = sqrtRat(new(big.Rat).Quo(ss, new(big.Rat).SetInt64(int64(len(rows)))), 4)
	}
	return res, nil
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

type matrix [][]*big.Rat

func zeros(n int) []*big.Rat {
	v := make([]*big.Rat, n)
	for i := range v {
		v[i] = new(big.Rat)
	}
	return v
}

func newMatrix(n int) matrix {
	m := make(matrix, n)
	for i := range m {
		m[i] = zeros(n)
	}
	return m
}

// nullSpace returns a basis of the null space of the square matrix g, by
// exact Gauss–Jordan elimination to reduced row echelon form.
func nullSpace(g matrix) [][]*big.Rat {
	n := len(g)
	m := newMatrix(n)
	for i := range g {
		for j := range g[i] {
			m[i][j].Set(g[i][j])
		}
	}
	pivotCol := make([]int, 0, n)
	isPivot := make([]bool, n)
	row := 0
	tmp := new(big.Rat)
	for col := 0; col < n && row < n; col++ {
		p := -1
		for i := row; i < n; i++ {
			if m[i][col].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[row], m[p] = m[p], m[row]
		inv := new(big.Rat).Inv(m[row][col])
		for j := col; j < n; j++ {
			m[row][j].Mul(m[row][j], inv)
		}
		for i := 0; i < n; i++ {
			if i == row || m[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(m[i][col])
			for j := col; j < n; j++ {
				m[i][j].Sub(m[i][j], tmp.Mul(f, m[row][j]))
			}
		}
		pivotCol = append(pivotCol, col)
		isPivot[col] = true
		row++
	}
	var basis [][]*big.Rat
	for free := 0; free < n; free++ {
		if isPivot[free] {
			continue
		}
		v := zeros(n)
		v[free].SetInt64(1)
		for r, pc := range pivotCol {
			v[pc].Neg(m[r][free])
		}
		basis = append(basis, v)
	}
	return basis
}

// solve solves g[P,P] z = c[P] exactly for the passive set P (a
// non-singular subsystem by construction of nnls); z is zero outside P.
func solve(g matrix, c []*big.Rat, passive []int) ([]*big.Rat, error) {
	n := len(passive)
	a := make(matrix, n)
	for i, pi := range passive {
		a[i] = make([]*big.Rat, n+1)
		for j, pj := range passive {
			a[i][j] = new(big.Rat).Set(g[pi][pj])
		}
		a[i][n] = new(big.Rat).Set(c[pi])
	}
	tmp := new(big.Rat)
	for col := 0; col < n; col++ {
		p := -1
		for i := col; i < n; i++ {
			if a[i][col].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			return nil, errors.New("calibrate: internal error: singular passive set")
		}
		a[col], a[p] = a[p], a[col]
		for i := col + 1; i < n; i++ {
			if a[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(a[i][col], a[col][col])
			for j := col; j <= n; j++ {
				a[i][j].Sub(a[i][j], tmp.Mul(f, a[col][j]))
			}
		}
	}
	z := zeros(len(g))
	sol := zeros(n)
	for i := n - 1; i >= 0; i-- {
		s := new(big.Rat).Set(a[i][n])
		for j := i + 1; j < n; j++ {
			s.Sub(s, tmp.Mul(a[i][j], sol[j]))
		}
		sol[i].Quo(s, a[i][i])
	}
	for i, pi := range passive {
		z[pi] = sol[i]
	}
	return z, nil
}

// nnls minimises ‖Ax − b‖² subject to x ≥ 0 given G = AᵀA and c = Aᵀb, by
// the active-set method of Lawson and Hanson (Solving Least Squares
// Problems, 1974, ch. 23) in exact arithmetic. A column enters the
// passive set only when its gradient is strictly positive, which in exact
// arithmetic means it is independent of the passive columns, so every
// subsystem solved is non-singular. Ties go to the lowest column.
func nnls(g matrix, c []*big.Rat) ([]*big.Rat, error) {
	n := len(g)
	x := zeros(n)
	inP := make([]bool, n)
	tmp := new(big.Rat)
	gradient := func() []*big.Rat {
		w := make([]*big.Rat, n)
		for i := range n {
			s := new(big.Rat).Set(c[i])
			for j := range n {
				if x[j].Sign() != 0 {
					s.Sub(s, tmp.Mul(g[i][j], x[j]))
				}
			}
			w[i] = s
		}
		return w
	}
	passive := func() []int {
		var p []int
		for i := range n {
			if inP[i] {
				p = append(p, i)
			}
		}
		return p
	}
	for iter := 0; ; iter++ {
		if iter > 10*n+10 {
			return nil, errors.New("calibrate: internal error: the fit did not converge")
		}
		w := gradient()
		best := -1
		for j := range n {
			if !inP[j] && w[j].Sign() > 0 && (best < 0 || w[j].Cmp(w[best]) > 0) {
				best = j
			}
		}
		if best < 0 {
			return x, nil
		}
		inP[best] = true
		for inner := 0; ; inner++ {
			if inner > n+1 {
				return nil, errors.New("calibrate: internal error: the fit did not converge")
			}
			z, err := solve(g, c, passive())
			if err != nil {
				return nil, err
			}
			var alpha *big.Rat
			for _, i := range passive() {
				if z[i].Sign() > 0 {
					continue
				}
				// x_i / (x_i − z_i)
				d := new(big.Rat).Sub(x[i], z[i])
				a := new(big.Rat).Quo(x[i], d)
				if alpha == nil || a.Cmp(alpha) < 0 {
					alpha = a
				}
			}
			if alpha == nil {
				x = z
				break
			}
			for i := range n {
				// x += alpha (z − x)
				d := new(big.Rat).Sub(z[i], x[i])
				x[i].Add(x[i], d.Mul(d, alpha))
				if inP[i] && x[i].Sign() <= 0 {
					x[i].SetInt64(0)
					inP[i] = false
				}
			}
		}
	}
}

// roundRat rounds r to places decimal places, half away from zero.
func roundRat(r *big.Rat, places int32) decimal.Decimal {
	num := new(big.Int).Abs(r.Num())
	num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return decimal.NewFromBigInt(q, -places)
}

// sqrtRat returns √r for r ≥ 0, truncated to places decimal places.
func sqrtRat(r *big.Rat, places int32) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(2*int64(places)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	num.Quo(num, r.Denom())
	return decimal.NewFromBigInt(num.Sqrt(num), -places)
}
