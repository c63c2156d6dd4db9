// Command teamreport prints a probation team's risk-weighted workload as a
// table a manager can act on: every officer's points against their
// available points, capacity and band, the tier letters they hold and
// their raw case count; the team's capacity (the ratio of sums, never an
// average of percentages) and how it is distributed; how balanced the team
// is; the first moves of a rebalancing plan; and anyone over 110% for four
// weekly snapshots in a row. With -svg it also draws capacity per officer
// as an SVG bar chart.
//
// With no arguments it reports on an embedded demo team: twelve synthetic
// officers (a manager, probation officers and probation services officers,
// two part-time, a trainee and a newly qualified officer) holding 476
// cases, measured under the England & Wales reference policy on
// 2026-11-23.
//
//	go run ./examples/teamreport
//	go run ./examples/teamreport -svg capacity.svg
//	go run ./examples/teamreport -caseload export.csv -team north-1 -policy policy.json
//
// Flags:
//
//	-asof DATE       measure at this date, YYYY-MM-DD (default 2026-11-23)
//	-caseload FILE   a caseload CSV export (see rostercsv.Columns) instead
//	                 of the demo team
//	-team ID         the team to report on when the CSV holds several
//	                 (default: the only team)
//	-policy FILE     a policy JSON document (see workload.DecodePolicy)
//	                 instead of the reference policy
//	-svg FILE        also write an SVG bar chart of capacity per officer
//
// The CSV export carries the roster whole (cases, dated reductions, court
// reports and cover contacts; see rostercsv.Columns), so the demo team's
// figures are those of the roster it was generated from (see gen.go).
// Errors go to standard error, with exit status 1.
package main

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/exampleio"
	"github.com/openprobation/caseload/workload"
)

//go:generate go run gen.go

//go:embed demo-team.csv
var demoTeam []byte

// defaultAsOf is the date the demo team was exported on.
const defaultAsOf = "2026-11-23"

const dateLayout = exampleio.DateLayout

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "teamreport:", err)
		os.Exit(1)
	}
}

// options are the parsed flags.
type options struct {
	asOf     time.Time
	caseload string
	policy   string
	team     string
	svg      string
}

// run parses args (without the program name), writes the report to w and
// the chart to the -svg file.
func run(w io.Writer, args []string) error {
	opts, err := parseFlags(w, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	pol, err := exampleio.Policy(opts.policy)
	if err != nil {
		return err
	}
	roster, source, err := exampleio.Caseload(opts.caseload, demoTeam, "embedded demo team (synthetic)")
	if err != nil {
		return err
	}
	rep, err := build(pol, roster, source, opts.team, opts.asOf)
	if err != nil {
		return err
	}
	if opts.svg != "" {
		var b bytes.Buffer
		if err := writeSVG(&b, rep); err != nil {
			return err
		}
		if err := os.WriteFile(opts.svg, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing chart: %w", err)
		}
	}
	if err := writeText(w, rep); err != nil {
		return err
	}
	if opts.svg != "" {
		_, err = fmt.Fprintf(w, "\nChart written to %s.\n", opts.svg)
	}
	return err
}

func parseFlags(w io.Writer, args []string) (options, error) {
	fs := flag.NewFlagSet("teamreport", flag.ContinueOnError)
	asOf := fs.String("asof", defaultAsOf, "measure at this `date` (YYYY-MM-DD)")
	var o options
	fs.StringVar(&o.caseload, "caseload", "", "caseload CSV `file` to report on (default: the embedded demo team)")
	fs.StringVar(&o.team, "team", "", "team `ID` to report on when the caseload holds several")
	fs.StringVar(&o.policy, "policy", "", "policy JSON `file` (default: the England & Wales reference policy)")
	fs.StringVar(&o.svg, "svg", "", "also write an SVG bar chart of capacity per officer to `file`")
	usage := "Usage: teamreport [flags]\n\nA probation team's risk-weighted workload: capacity, bands, tier mix,\nbalance, a rebalancing suggestion and sustained overload.\n\nFlags:"
	if err := exampleio.Parse(fs, w, usage, args); err != nil {
		return o, err
	}
	t, err := exampleio.Date("asof", *asOf)
	o.asOf = t
	return o, err
}

// report is everything the text and the chart show.
type report struct {
	policy *workload.Policy
	cfg    workload.Config
	source string
	team   string
	asOf   time.Time
	// loads are the team's officers at asOf, by officer ID.
	loads   []workload.Load
	summary workload.Summary
	balance workload.BalanceReport
	plan    workload.Rebalancing
	// weeks are the snapshot dates of the sustained-overload check, oldest
	// first; overloads the runs found.
	weeks     []time.Time
	overloads []workload.Overload
}

// build measures the chosen team of a roster at asOf.
func build(pol *workload.Policy, roster workload.Roster, source, team string, asOf time.Time) (*report, error) {
	pr, err := pol.Prepare(roster)
	if err != nil {
		return nil, fmt.Errorf("checking %s against policy %s: %w", source, refString(pol.Ref()), err)
	}
	team, err = pickTeam(pr.Officers(), team)
	if err != nil {
		return nil, err
	}
	rep := &report{policy: pol, cfg: pol.Config(), source: source, team: team, asOf: asOf}

	m := pr.Measure(asOf)
	rep.loads = teamLoads(m, team)
	rep.summary, _ = m.TeamSummary(team)

	t, err := pol.MeasureTeam(pr.TeamCaseloads(team), asOf)
	if err != nil {
		return nil, fmt.Errorf("measuring team %s: %w", team, err)
	}
	if rep.balance, err = pol.Balance(t); err != nil {
		return nil, fmt.Errorf("balance of team %s: %w", team, err)
	}
	if rep.plan, err = pol.Rebalance(t, asOf, workload.DefaultRebalanceOptions()); err != nil {
		return nil, fmt.Errorf("rebalancing team %s: %w", team, err)
	}

	// Sustained overload: one snapshot a week, the last at asOf.
	n := max(rep.cfg.Sustained.Weeks, 1)
	snaps := make([]workload.Snapshot, n)
	for i := range snaps {
		d := asOf.AddDate(0, 0, -7*(n-1-i))
		rep.weeks = append(rep.weeks, d)
		snaps[i] = workload.Snapshot{AsOf: d, Loads: teamLoads(pr.Measure(d), team)}
	}
	if rep.overloads, err = pol.SustainedOverload(snaps); err != nil {
		return nil, fmt.Errorf("sustained overload in team %s: %w", team, err)
	}
	return rep, nil
}

// pickTeam returns the team asked for, or the only team of the roster.
func pickTeam(officers []workload.Officer, want string) (string, error) {
	var teams []string
	for _, o := range officers {
		teams = append(teams, o.Team)
	}
	slices.Sort(teams)
	teams = slices.Compact(teams)
	switch {
	case len(teams) == 0:
		return "", errors.New("the caseload has no officers")
	case want != "" && slices.Contains(teams, want):
		return want, nil
	case want != "":
		return "", fmt.Errorf("no team %q in the caseload; its teams are: %s", want, listTeams(teams))
	case len(teams) == 1:
		return teams[0], nil
	}
	return "", fmt.Errorf("the caseload holds %d teams; pick one with -team: %s", len(teams), listTeams(teams))
}

func listTeams(teams []string) string {
	q := make([]string, len(teams))
	for i, t := range teams {
		q[i] = fmt.Sprintf("%q", t)
	}
	return strings.Join(q, ", ")
}

// teamLoads returns a measurement's loads of one team, by officer ID.
func teamLoads(m *workload.Measurement, team string) []workload.Load {
	var out []workload.Load
	for _, ld := range m.Loads() {
		if ld.Team == team {
			out = append(out, ld)
		}
	}
	return out
}

func refString(r workload.PolicyRef) string {
	if r.Version == "" {
		return fmt.Sprintf("%q", r.Name)
	}
	return fmt.Sprintf("%q %s", r.Name, r.Version)
}
