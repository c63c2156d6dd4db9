// Command tune-weights shows what a change of case weights does to a
// caseload: every officer's points and capacity before and after, and how
// the distribution of the team moves (officers at or under 100% and over
// 100%, 110% and 120%, the 50th and 90th percentiles and the maximum, and
// the team's capacity as the ratio of sums).
//
// The caseload is a CSV export in the format of rostercsv.Read
// (-caseload; by default an embedded demo team, team.csv, generated once
// from the synthetic demo team by gen.go). The policy before the change is
// a policy document (-policy; by default workload.DefaultConfig). The
// policy after it is the same policy, or a second document (-compare),
// with the weight changes given by -set applied on top:
//
//	-set community.B2=150           a weight: case type and tier
//	-set licence.A3=230             (community, licence or custody)
//	-set youngAdult.custody.B3=65   a weight of the young-adult (T2A) table
//	-set courtReports.fast=70       a court report weight (standard or fast)
//
// -set may be repeated; a key given twice, an unknown case type or report
// kind, a tier outside the policy's scheme, a value that is not a decimal
// or a negative weight is an error naming the key. A caseload with no
// court reports is not moved by court report weights; the program says so.
//
// With neither -set nor -compare it applies an illustrative change,
// community.B2=150: the reference weight 115 raised by 30%, the largest
// "responsive activity" uplift of the 2022 national refresh (docs/domain.md, "Hours and contact").
//
// -svg FILE also draws each officer's capacity before and after as paired
// bars, with the 100%, 110% and 120% lines. -asof sets the date of the
// measurement (default 2026-11-23, the demo data's snapshot date).
//
//	go run ./examples/tune-weights
//	go run ./examples/tune-weights -set community.B2=120 -set licence.B2=140 -svg weights.svg
//	go run ./examples/tune-weights -caseload export.csv -policy ours.json -compare proposed.json
//
// -compare reports every field in which the two policies differ (weights,
// bands, grades, rules alike), by JSON path. Three subcommands work on
// policy documents alone:
//
//	tune-weights validate FILE          check a policy document
//	tune-weights default [-scheme us]   print a built-in policy as a document
//	tune-weights diff A B               every field in which two documents differ
//
// The shipped documents policies/england-wales.json and
// policies/us-supervision-levels.json are `tune-weights default` and
// `tune-weights default -scheme us`.
//
// -format csv writes one row per officer (capacities as bare percentages,
// empty for an idle officer or one with no capacity), -format json the
// whole change as one document; the table (the default) starts with a
// one-paragraph summary such as "1 of 2 officers moves up a band; the
// team goes from 79.3% to 103.4%".
//
// -web serves a local tuning page on a loopback address (-addr, default
// 127.0.0.1:8080): every weight, band, mix rule and ladder figure
// editable, every officer's capacity recomputed as you type, the chart,
// the policy diff, and a save button that writes a new version to -out.
//
// -calibrate FILE fits the weights to time records (hours spent per case,
// or per officer-week with the caseload of that week; see calibrate.go
// for the two CSV layouts) by exact non-negative least squares, prints
// each fitted weight with the records and case weeks behind it, flags the
// weights the records cannot determine (they keep the policy's value),
// prints the residuals, saves the proposed policy to -out as a new
// version (the report names the file, which teamreport -policy reads), and
// reports what it does to the caseload:
//
//	go run ./examples/tune-weights -calibrate weeks.csv -out tuned
//
// Regenerate the demo data with `go generate ./examples/tune-weights`.
package main

//go:generate go run gen.go

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/exampleio"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

//go:embed team.csv
var demoCSV []byte

// illustrative is the change applied when none is given.
const illustrative = "community.B2=150"

const dateLayout = exampleio.DateLayout

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tune-weights:", err)
		os.Exit(1)
	}
}

// listFlag collects the values of a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// options are the parsed command line.
type options struct {
	caseload, policy, compare, svg string
	calibrate, format              string
	sets                           []string
	web                            bool
	addr, out                      string
	asOf                           time.Time
}

func parseArgs(w io.Writer, args []string) (options, error) {
	var o options
	var sets listFlag
	fs := flag.NewFlagSet("tune-weights", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.caseload, "caseload", "", "caseload CSV `file` (default: the embedded demo team)")
	fs.StringVar(&o.policy, "policy", "", "policy document `file` before the change (default: the reference policy)")
	fs.StringVar(&o.compare, "compare", "", "policy document `file` after the change (default: the -policy one)")
	fs.Var(&sets, "set", "weight change `key=value`, repeatable: community.B2=150, youngAdult.licence.A3=230, courtReports.fast=70")
	fs.StringVar(&o.svg, "svg", "", "also write the before and after capacities as an SVG chart to `file`")
	fs.StringVar(&o.calibrate, "calibrate", "", "fit the weights to time records in CSV `file` and propose a policy (saved to -out)")
	fs.StringVar(&o.format, "format", "table", "report `format`: table, csv (one row per officer) or json")
	fs.BoolVar(&o.web, "web", false, "serve the tuning page instead of printing a report")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "with -web: loopback `address` to serve on")
	fs.StringVar(&o.out, "out", ".", "with -web or -calibrate: `directory` tuned policies are saved to")
	asOf := fs.String("asof", "2026-11-23", "measurement `date` (YYYY-MM-DD)")
	if err := exampleio.Parse(fs, w, "usage: tune-weights [flags]", args); err != nil {
		return o, err
	}
	t, err := exampleio.Date("asof", *asOf)
	if err != nil {
		return o, err
	}
	o.asOf, o.sets = t, sets
	switch o.format {
	case "table", "csv", "json":
	default:
		return o, fmt.Errorf("-format %q: want table, csv or json", o.format)
	}
	if o.calibrate != "" && o.compare != "" {
		return o, errors.New("-calibrate and -compare both give the policy after: give one")
	}
	return o, nil
}

func run(w io.Writer, args []string) error {
	if len(args) > 0 {
		if cmd, ok := subcommands[args[0]]; ok {
			return cmd(w, args[1:])
		}
	}
	o, err := parseArgs(w, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}

	// The policies.
	beforeCfg := workload.DefaultConfig()
	if o.policy != "" {
		if beforeCfg, err = readConfig(o.policy); err != nil {
			return err
		}
	}
	before, err := workload.NewPolicy(beforeCfg)
	if err != nil {
		return fmt.Errorf("-policy %s: %w", o.policy, err)
	}
	afterCfg := before.Config()
	if o.compare != "" {
		if afterCfg, err = readConfig(o.compare); err != nil {
			return err
		}
	}
	// Messages for a person go to the table report only.
	text := w
	if o.format != "table" {
		text = io.Discard
	}
	var cal *calibrationReport
	if o.calibrate != "" {
		if afterCfg, cal, err = runCalibrate(text, o.calibrate, beforeCfg, o.out); err != nil {
			return err
		}
		fmt.Fprintln(text)
	}
	var notes []string
	sets := o.sets
	if len(sets) == 0 && o.compare == "" && o.calibrate == "" && !o.web {
		sets = []string{illustrative}
		notes = append(notes, "no -set or -compare given: applying the illustrative change "+illustrative+" (reference 115 raised by 30%)")
	}
	changes, err := parseChanges(sets, afterCfg.Tiers)
	if err != nil {
		return err
	}
	for _, c := range changes {
		c.apply(afterCfg.Tiers)
	}
	if len(changes) > 0 && !o.web {
		afterCfg.Version += "+tuned"
	}
	after, err := workload.NewPolicy(afterCfg)
	if err != nil {
		return fmt.Errorf("policy after the change: %w", err)
	}

	// The caseload, measured by both.
	roster, source, err := exampleio.Caseload(o.caseload, demoCSV, "embedded demo team (team.csv)")
	if err != nil {
		return err
	}
	if o.web {
		if err := loopback(o.addr); err != nil {
			return err
		}
		s, err := newServer(roster, source, o.asOf, before, afterCfg, o.out)
		if err != nil {
			return fmt.Errorf("measuring %s: %w", source, err)
		}
		return s.serve(w, o.addr)
	}
	mb, err := measure(before, roster, o.asOf)
	if err != nil {
		return fmt.Errorf("measuring %s with the policy before: %w", source, err)
	}
	ma, err := measure(after, roster, o.asOf)
	if err != nil {
		return fmt.Errorf("measuring %s with the policy after: %w", source, err)
	}

	// The report.
	switch o.format {
	case "csv":
		return writeCSV(w, mb, ma)
	case "json":
		return writeJSONReport(w, source, o.asOf, mb, ma, workload.DiffConfig(beforeCfg, afterCfg), cal)
	}
	fmt.Fprintf(w, "caseload: %s, %d officers, %d cases, at %s\n", source, len(roster.Officers), len(roster.Cases), o.asOf.Format(dateLayout))
	fmt.Fprintf(w, "before:   %s %s\n", before.Ref().Name, before.Ref().Version)
	fmt.Fprintf(w, "after:    %s %s\n", after.Ref().Name, after.Ref().Version)
	for _, n := range notes {
		fmt.Fprintf(w, "note:     %s\n", n)
	}
	reports := false
	for _, c := range changes {
		what := "cases"
		if c.report {
			what = "reports"
		}
		fmt.Fprintf(w, "change:   %s %s → %s (%d %s)\n", c.key, c.old.String(), c.value.String(), c.count(roster), what)
		reports = reports || c.report
	}
	if o.compare != "" {
		diffs := workload.DiffConfig(beforeCfg, afterCfg)
		fmt.Fprintf(w, "compare:  %s differs from the policy before in %d fields", o.compare, len(diffs))
		if len(diffs) > 0 {
			fmt.Fprint(w, ":")
		}
		fmt.Fprintln(w)
		for _, d := range diffs {
			fmt.Fprintf(w, "          %s\n", d)
		}
		fmt.Fprintf(w, "          %d cases have a different weight\n", changedCases(before.Table(), after.Table(), roster))
	}
	if reports && len(roster.Reports) == 0 {
		fmt.Fprintln(w, "note:     the caseload holds no court reports: court report weights change nothing here")
	}
	fmt.Fprintf(w, "summary:  %s\n", summarize(mb, ma))
	fmt.Fprintln(w)
	writeOfficers(w, mb, ma)
	fmt.Fprintln(w)
	writeDistribution(w, mb, ma)

	if o.svg != "" {
		var b bytes.Buffer
		if err := writeSVG(&b, mb, ma, true); err != nil {
			return err
		}
		if err := os.WriteFile(o.svg, b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nchart written to %s\n", o.svg)
	}
	return nil
}

func readConfig(file string) (workload.Config, error) {
	f, err := os.Open(file)
	if err != nil {
		return workload.Config{}, err
	}
	defer f.Close()
	c, err := workload.DecodeConfig(f)
	if err != nil {
		return workload.Config{}, fmt.Errorf("%s: %w", file, err)
	}
	return c, nil
}

func measure(p *workload.Policy, r workload.Roster, asOf time.Time) (*workload.Measurement, error) {
	pr, err := p.Prepare(r)
	if err != nil {
		return nil, err
	}
	return pr.Measure(asOf), nil
}

// change is one -set: a weight of the tier table and its new value.
type change struct {
	key        string
	youngAdult bool
	ct         tier.CaseType
	tr         tier.Tier
	report     bool
	kind       tier.ReportKind
	old, value decimal.Decimal
}

// Bounds of a -set value, as the tier table documents accept them.
var maxWeight = decimal.New(1, 9)

const maxPlaces = 6

// parseChanges reads every -set against the tier table the changes apply
// to, reporting every bad one.
func parseChanges(sets []string, t *tier.Table) ([]change, error) {
	var out []change
	var errs []error
	seen := map[string]bool{}
	for _, s := range sets {
		c, err := parseChange(s, t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[c.key] {
			errs = append(errs, fmt.Errorf("-set %s: %s is given twice", s, c.key))
			continue
		}
		seen[c.key] = true
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

func parseChange(s string, t *tier.Table) (change, error) {
	key, text, ok := strings.Cut(s, "=")
	key, text = strings.TrimSpace(key), strings.TrimSpace(text)
	if !ok || key == "" {
		return change{}, fmt.Errorf("-set %s: want key=value, e.g. %s", s, illustrative)
	}
	fail := func(format string, a ...any) (change, error) {
		return change{}, fmt.Errorf("-set %s: "+format, append([]any{s}, a...)...)
	}
	c := change{key: key}
	parts := strings.Split(key, ".")
	switch {
	case parts[0] == "courtReports":
		if len(parts) != 2 {
			return fail("want courtReports.standard or courtReports.fast")
		}
		k, err := tier.ParseReportKind(parts[1])
		if err != nil {
			return fail("unknown court report kind %q (want standard or fast)", parts[1])
		}
		c.report, c.kind = true, k
		c.old = t.CourtReports[k]
	case parts[0] == "youngAdult" && len(parts) == 3:
		c.youngAdult = true
		parts = parts[1:]
		fallthrough
	case len(parts) == 2:
		ct, err := tier.ParseCaseType(parts[0])
		if err != nil {
			return fail("unknown case type %q (want community, licence or custody, or youngAdult.<case type>, or courtReports)", parts[0])
		}
		tr, err := t.Scheme.Parse(parts[1])
		if err != nil {
			return fail("tier %q is not in the scheme %q", parts[1], t.Scheme.Name())
		}
		c.ct, c.tr = ct, tr
		w := t.Weights
		if c.youngAdult {
			w = t.YoungAdult
		}
		c.old = w[ct][tr]
	default:
		return fail("unknown key %q (want <case type>.<tier>, youngAdult.<case type>.<tier> or courtReports.<kind>)", key)
	}
	if len(text) > 32 {
		return fail("value %.32q… is too long", text)
	}
	v, err := decimal.NewFromString(text)
	switch {
	case text == "" || err != nil:
		return fail("value %q is not a decimal number", text)
	case v.IsNegative():
		return fail("a weight must not be negative, got %s", text)
	case v.Exponent() < -maxPlaces:
		return fail("value %s has more than %d decimal places", text, maxPlaces)
	case v.Exponent() > 9 || v.GreaterThanOrEqual(maxWeight):
		return fail("value %s is out of range (below 10^9)", text)
	}
	c.value = v
	return c, nil
}

// apply sets the change's weight in t.
func (c change) apply(t *tier.Table) {
	switch {
	case c.report:
		t.CourtReports[c.kind] = c.value
	case c.youngAdult:
		t.YoungAdult[c.ct][c.tr] = c.value
	default:
		t.Weights[c.ct][c.tr] = c.value
	}
}

// count returns how many cases of the roster the change touches.
func (c change) count(r workload.Roster) int {
	if c.report {
		return len(r.Reports)
	}
	n := 0
	for i := range r.Cases {
		cs := &r.Cases[i]
		if cs.Type == c.ct && cs.Tier == c.tr && cs.YoungAdult == c.youngAdult {
			n++
		}
	}
	return n
}

// changedCases counts the cases whose table weight differs.
func changedCases(b, a *tier.Table, r workload.Roster) int {
	n := 0
	for i := range r.Cases {
		c := &r.Cases[i]
		wb, errB := b.Weight(c.Type, c.Tier, c.YoungAdult)
		wa, errA := a.Weight(c.Type, c.Tier, c.YoungAdult)
		if errB != nil || errA != nil || !wb.Equal(wa) {
			n++
		}
	}
	return n
}

// idle reports whether a load holds nothing and has nothing available: a
// manager without cases, say. It has no capacity figure at all.
func idle(l workload.Load) bool {
	return l.Band != workload.BandNoCapacity && l.Available.IsZero() && l.Points.IsZero() && l.Cases == 0 && l.Reports == 0
}

// capacityText renders a load's capacity: a percentage, "no capacity" or
// "idle".
func capacityText(l workload.Load) string {
	switch {
	case l.Band == workload.BandNoCapacity:
		return "no capacity"
	case idle(l):
		return "idle"
	}
	return l.Capacity.StringFixed(3) + "%"
}

func signed(d decimal.Decimal, places int32) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(places)
	}
	return d.StringFixed(places)
}

func writeOfficers(w io.Writer, mb, ma *workload.Measurement) {
	idw := len("officer")
	for _, l := range mb.Loads() {
		idw = max(idw, len(l.Officer))
	}
	fmt.Fprintf(w, "%-*s %-5s %5s %5s %5s %10s %13s %12s %15s %14s %11s  %s\n", idw, "officer", "grade", "hours", "net", "cases",
		"available", "points before", "points after", "capacity before", "capacity after", "change (pp)", "band")
	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		avail := b.Available.StringFixed(2)
		if !a.Available.Equal(b.Available) {
			avail += "→" + a.Available.StringFixed(2)
		}
		delta, band := "", b.Band.String()
		if !idle(b) && b.Band != workload.BandNoCapacity && a.Band != workload.BandNoCapacity {
			delta = signed(a.Capacity.Sub(b.Capacity), 3)
		}
		if a.Band != b.Band {
			band += " → " + a.Band.String()
		}
		if idle(b) && idle(a) {
			band = "-"
		}
		fmt.Fprintf(w, "%-*s %-5s %5s %5s %5d %10s %13s %12s %15s %14s %11s  %s\n", idw, b.Officer, b.Grade,
			b.Hours.Contracted.String(), b.Hours.Available.String(), b.Cases,
			avail, b.Points.StringFixed(2), a.Points.StringFixed(2), capacityText(b), capacityText(a), delta, band)
	}
}

func countText(c workload.Count) string {
	return fmt.Sprintf("%d (%s%%)", c.Officers, c.Share.StringFixed(3))
}

func writeDistribution(w io.Writer, mb, ma *workload.Measurement) {
	write := func(title string, b, a workload.Summary) {
		db, da := b.Distribution, a.Distribution
		fmt.Fprintf(w, "%s: %d officers counted, %d idle\n", title, db.Counted, db.Idle)
		fmt.Fprintf(w, "  %-18s %16s %16s\n", "", "before", "after")
		row := func(label, x, y string) { fmt.Fprintf(w, "  %-18s %16s %16s\n", label, x, y) }
		row("at or under "+db.AtOrUnder.Threshold.String()+"%", countText(db.AtOrUnder), countText(da.AtOrUnder))
		for i := range db.Over {
			if i < len(da.Over) {
				row("over "+db.Over[i].Threshold.String()+"%", countText(db.Over[i]), countText(da.Over[i]))
			}
		}
		row("no capacity", fmt.Sprint(db.NoCapacity), fmt.Sprint(da.NoCapacity))
		row("p50", db.P50.StringFixed(3)+"%", da.P50.StringFixed(3)+"%")
		row("p90", db.P90.StringFixed(3)+"%", da.P90.StringFixed(3)+"%")
		row("max", db.Max.StringFixed(3)+"%", da.Max.StringFixed(3)+"%")
		fmt.Fprintf(w, "  capacity (Σ points ÷ Σ available): %s → %s (%s percentage points; %s → %s points of %s available)\n",
			summaryCapacity(b), summaryCapacity(a), signed(a.Capacity.Sub(b.Capacity), 3),
			b.Points.StringFixed(2), a.Points.StringFixed(2), b.Available.StringFixed(2))
	}
	if len(mb.Teams) == 1 {
		write("team "+mb.Teams[0].ID, mb.Teams[0], ma.Teams[0])
		return
	}
	write(fmt.Sprintf("all %d teams", len(mb.Teams)), mb.National, ma.National)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "team capacity (Σ points ÷ Σ available), before → after:")
	for i, b := range mb.Teams {
		a := ma.Teams[i]
		fmt.Fprintf(w, "  %-12s %12s → %-12s over 110%%: %d → %d\n", b.ID, summaryCapacity(b), summaryCapacity(a),
			overAt(b, 110), overAt(a, 110))
	}
}

func summaryCapacity(s workload.Summary) string {
	if s.Band == workload.BandNoCapacity {
		return "no capacity"
	}
	return s.Capacity.StringFixed(3) + "%"
}

// overAt returns the officers of a summary over the threshold t, or -1
// when the policy does not count that threshold.
func overAt(s workload.Summary, t int64) int {
	for _, c := range s.Distribution.Over {
		if c.Threshold.Equal(decimal.NewFromInt(t)) {
			return c.Officers
		}
	}
	return -1
}
