package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/calibrate"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// Time records (-calibrate FILE) come in one of two CSV layouts, told
// apart by the header:
//
// Per case: columns tier, type and hours, and optionally case (an ID) and
// weeks (how many weeks the hours cover, default 1). Each row is the
// case-facing hours an officer spent on one case.
//
//	case,tier,type,weeks,hours
//	c-101,B2,community,1,2.25
//
// Per officer-week: columns hours and one column per case type and tier
// named TYPE.TIER (community.B2, licence.A3, …) holding how many such
// cases the officer held that week, and optionally officer and week to
// name the row. Each row is an officer's case-facing hours for a week.
//
//	officer,week,hours,community.B2,licence.A3
//	off-1,2026-W40,14.5,5,1
//
// Hours must be case-facing time only (contact, recording, reports on the
// cases), not the officer's whole week.

// maxRecordBytes bounds a time-record file.
const maxRecordBytes = 64 << 20

// readRecords reads time records in either layout against the tiers of
// scheme, reporting every bad cell by row and column.
func readRecords(r io.Reader, scheme tier.Scheme) ([]calibrate.Record, error) {
	cr := csv.NewReader(io.LimitReader(r, maxRecordBytes))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("header: column %q given twice", h)
		}
		col[h] = i
	}
	if _, ok := col["hours"]; !ok {
		return nil, errors.New(`header: no "hours" column (want case,tier,type,weeks,hours or officer,week,hours,community.B2,…)`)
	}
	_, hasTier := col["tier"]
	_, hasType := col["type"]
	perCase := hasTier || hasType
	var errs []error
	type cellCol struct {
		cell calibrate.Cell
		col  int
	}
	var cellCols []cellCol
	if perCase {
		if !hasTier || !hasType {
			return nil, errors.New(`header: a per-case file needs both "tier" and "type" columns`)
		}
	} else {
		for i, h := range header {
			h = strings.TrimSpace(h)
			if h == "hours" || h == "officer" || h == "week" {
				continue
			}
			c, err := parseCell(h, scheme)
			if err != nil {
				errs = append(errs, fmt.Errorf("header column %d %q: %w", i+1, h, err))
				continue
			}
			cellCols = append(cellCols, cellCol{c, i})
		}
		if len(cellCols) == 0 && len(errs) == 0 {
			errs = append(errs, errors.New("header: no TYPE.TIER columns (community.B2, …) and no tier and type columns"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	field := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	number := func(line int, name, text string, def string) decimal.Decimal {
		if text == "" && def != "" {
			text = def
		}
		v, err := decimal.NewFromString(text)
		if err != nil || len(text) > 32 {
			errs = append(errs, fmt.Errorf("line %d %s %q: not a decimal number", line, name, text))
			return decimal.Zero
		}
		return v
	}
	var out []calibrate.Record
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(out) >= calibrate.MaxRecords {
			return nil, fmt.Errorf("more than %d records", calibrate.MaxRecords)
		}
		rec := calibrate.Record{Hours: number(line, "hours", field(row, "hours"), "")}
		if perCase {
			rec.ID = field(row, "case")
			c, err := parseCell(field(row, "type")+"."+field(row, "tier"), scheme)
			if err != nil {
				errs = append(errs, fmt.Errorf("line %d: %w", line, err))
				continue
			}
			rec.Terms = []calibrate.Term{{Cell: c, Count: number(line, "weeks", field(row, "weeks"), "1")}}
		} else {
			rec.ID = strings.Trim(field(row, "officer")+" "+field(row, "week"), " ")
			for _, cc := range cellCols {
				text := ""
				if cc.col < len(row) {
					text = strings.TrimSpace(row[cc.col])
				}
				rec.Terms = append(rec.Terms, calibrate.Term{Cell: cc.cell, Count: number(line, cc.cell.String(), text, "0")})
			}
		}
		if rec.ID == "" {
			rec.ID = fmt.Sprintf("line %d", line)
		}
		out = append(out, rec)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no time records")
	}
	return out, nil
}

// parseCell reads "community.B2".
func parseCell(s string, scheme tier.Scheme) (calibrate.Cell, error) {
	ts, tr, ok := strings.Cut(s, ".")
	if !ok {
		return calibrate.Cell{}, fmt.Errorf("%q: want TYPE.TIER, e.g. community.B2", s)
	}
	ct, err := tier.ParseCaseType(ts)
	if err != nil {
		return calibrate.Cell{}, fmt.Errorf("case type %q: want community, licence or custody", ts)
	}
	t, err := scheme.Parse(tr)
	if err != nil {
		return calibrate.Cell{}, fmt.Errorf("tier %q is not in the scheme %q", tr, scheme.Name())
	}
	return calibrate.Cell{Type: ct, Tier: t}, nil
}

// calibration is a fit and the policy it proposes.
type calibration struct {
	fit      calibrate.Result
	current  []decimal.Decimal // the base policy's weight of each estimate
	proposed []decimal.Decimal // what the proposed policy holds
	cfg      workload.Config   // the proposed policy
	target   decimal.Decimal
	hours    decimal.Decimal
}

// calibrateConfig fits the weights of base's scheme to the records and
// proposes base with every determined weight replaced by the fitted one,
// in whole points (rounded half away from zero, as the reference weights
// are whole). Undetermined weights keep base's value. Hours convert to
// points at the PO grade's target over its default hours (2,176 ÷ 37 in
// the reference).
func calibrateConfig(records []calibrate.Record, base workload.Config) (calibration, error) {
	var cells []calibrate.Cell
	for _, ct := range tier.CaseTypes() {
		for _, tr := range base.Tiers.Scheme.Tiers() {
			if tr == tier.Untiered {
				continue
			}
			cells = append(cells, calibrate.Cell{Type: ct, Tier: tr})
		}
	}
	res, err := calibrate.Fit(records, cells)
	if err != nil {
		return calibration{}, err
	}
	g, ok := base.Grades[workload.PO]
	if !ok || !g.Target.IsPositive() {
		return calibration{}, errors.New("the policy has no PO grade with a positive target: cannot turn hours into points")
	}
	cal := calibration{fit: res, target: g.Target, hours: g.DefaultHours}
	p, err := workload.NewPolicy(base)
	if err != nil {
		return calibration{}, err
	}
	cal.cfg = p.Config() // a deep copy
	for _, e := range res.Estimates {
		cur := cal.cfg.Tiers.Weights[e.Cell.Type][e.Cell.Tier]
		cal.current = append(cal.current, cur)
		v := cur
		if pts, ok := e.Points(g.Target, g.DefaultHours, 0); ok {
			v = pts
			cal.cfg.Tiers.Weights[e.Cell.Type][e.Cell.Tier] = pts
		}
		cal.proposed = append(cal.proposed, v)
	}
	if _, err := workload.NewPolicy(cal.cfg); err != nil {
		return calibration{}, fmt.Errorf("the proposed policy: %w", err)
	}
	return cal, nil
}

// writeCalibration prints the fit: every weight the records touch, those
// they leave undetermined, and the largest residuals.
func writeCalibration(w io.Writer, source string, cal calibration) {
	res := cal.fit
	fmt.Fprintf(w, "time records: %s, %d records\n", source, len(res.Residuals))
	fmt.Fprintf(w, "hours → points at %s points per %s hours (the PO grade's target)\n\n", cal.target, cal.hours)
	fmt.Fprintf(w, "%-16s %7s %10s %11s %8s %8s %8s  %s\n", "weight", "records", "case weeks", "h/case week", "fitted", "current", "proposed", "note")
	var none []string
	for i, e := range res.Estimates {
		if e.Records == 0 {
			if !cal.current[i].IsZero() {
				none = append(none, e.Cell.String())
			}
			continue
		}
		fitted, note := "-", ""
		if p, ok := e.Points(cal.target, cal.hours, 1); ok {
			fitted = p.StringFixed(1)
		}
		switch {
		case !e.Determined:
			note = "not determined, current kept: " + e.Reason
		case e.AtZero:
			note = "held at 0: the records would make it negative"
		}
		h := "-"
		if e.Determined {
			h = e.Hours.StringFixed(4)
		}
		fmt.Fprintf(w, "%-16s %7d %10s %11s %8s %8s %8s  %s\n", e.Cell, e.Records, e.CaseWeeks.String(), h, fitted,
			cal.current[i].String(), cal.proposed[i].String(), note)
	}
	if len(none) > 0 {
		fmt.Fprintf(w, "\nno records for %d weights, current kept: %s\n", len(none), strings.Join(none, ", "))
	}
	fmt.Fprintf(w, "\nresiduals: RMS %s h a record, Σ squares %s\n", res.RMS.StringFixed(4), res.SumSquares.StringFixed(4))
	rs := append([]calibrate.Residual(nil), res.Residuals...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Residual.Abs().GreaterThan(rs[j].Residual.Abs()) })
	for _, r := range rs[:min(5, len(rs))] {
		fmt.Fprintf(w, "  %-24s recorded %8s h, fitted %9s h, residual %9s\n", r.ID, r.Observed.String(), r.Fitted.StringFixed(2), signed(r.Residual, 2))
	}
}

// calibrationReport is the fit in the JSON report.
type calibrationReport struct {
	Records    int              `json:"records"`
	RMS        decimal.Decimal  `json:"rmsHours"`
	SumSquares decimal.Decimal  `json:"sumSquares"`
	Saved      string           `json:"saved"`
	Weights    []weightEstimate `json:"weights"`
}

// weightEstimate is one fitted weight: only cells with records appear.
type weightEstimate struct {
	Weight     string          `json:"weight"`
	Records    int             `json:"records"`
	CaseWeeks  decimal.Decimal `json:"caseWeeks"`
	Determined bool            `json:"determined"`
	AtZero     bool            `json:"atZero,omitempty"`
	Reason     string          `json:"reason,omitempty"`
	Hours      string          `json:"hoursPerCaseWeek,omitempty"`
	Fitted     string          `json:"fittedPoints,omitempty"`
	Current    decimal.Decimal `json:"current"`
	Proposed   decimal.Decimal `json:"proposed"`
}

func (cal calibration) report(saved string) *calibrationReport {
	r := &calibrationReport{Records: len(cal.fit.Residuals), RMS: cal.fit.RMS, SumSquares: cal.fit.SumSquares, Saved: saved,
		Weights: []weightEstimate{}}
	for i, e := range cal.fit.Estimates {
		if e.Records == 0 {
			continue
		}
		we := weightEstimate{Weight: e.Cell.String(), Records: e.Records, CaseWeeks: e.CaseWeeks, Determined: e.Determined,
			AtZero: e.AtZero, Reason: e.Reason, Current: cal.current[i], Proposed: cal.proposed[i]}
		if e.Determined {
			we.Hours = e.Hours.StringFixed(4)
		}
		if p, ok := e.Points(cal.target, cal.hours, 1); ok {
			we.Fitted = p.StringFixed(1)
		}
		r.Weights = append(r.Weights, we)
	}
	return r
}

// runCalibrate reads the time records, fits, prints the fit, and writes
// the proposed policy to outDir.
func runCalibrate(w io.Writer, file string, base workload.Config, outDir string) (workload.Config, *calibrationReport, error) {
	f, err := os.Open(file)
	if err != nil {
		return workload.Config{}, nil, err
	}
	defer f.Close()
	records, err := readRecords(f, base.Tiers.Scheme)
	if err != nil {
		return workload.Config{}, nil, fmt.Errorf("%s: %w", file, err)
	}
	cal, err := calibrateConfig(records, base)
	if err != nil {
		return workload.Config{}, nil, fmt.Errorf("%s: %w", file, err)
	}
	writeCalibration(w, file, cal)
	saved, cfg, err := saveVersioned(outDir, cal.cfg)
	if err != nil {
		return workload.Config{}, nil, err
	}
	diffs := workload.DiffConfig(base, cfg)
	fmt.Fprintf(w, "\nproposed policy %s %s written to %s (%d fields differ from %s %s)\n", cfg.Name, cfg.Version, saved,
		len(diffs), base.Name, base.Version)
	return cfg, cal.report(saved), nil
}
