// Command prioritise grades an over-capacity officer's caseload and plans
// their week when the contacts due do not fit the hours they have.
//
// It prints, for the officer at a date:
//
//   - their load: cases, points, capacity and band, and the contact hours
//     due this week against the hours available;
//   - every case in priority order (Policy.Prioritise): its grade P1–P4
//     (protect, core, reduce, pause), the ladder rule that gave it, with
//     its code and reason, and whether unsettled risk raised it a grade;
//     the urgency score that orders cases within a grade, with its terms;
//     and what puts the case ahead of the next one;
//   - the week's plan (Policy.PlanShortfall): the hours due, protected and
//     planned against the hours available, and for every case whether its
//     contacts are kept, reduced or paused, by which step, the minutes
//     kept of those due, and the audit sentence a manager can check later;
//   - the escalation for a manager, when protected (P1) work alone does not
//     fit the hours available.
//
// With no arguments it runs on an embedded demo (caseload.csv, written
// once by gen.go): the 48 cases of the most loaded officer of the
// synthetic demo team, held on 18.5 part-time hours, so that 21.5 hours
// of contact are due in a week of 18.5 and the plan must reduce and pause.
//
// Flags:
//
//	-caseload FILE  a caseload CSV export (the format of rostercsv.Read)
//	-officer ID     the officer to plan for; needed when the file holds
//	                more than one officer with cases
//	-asof DATE      the first day of the week, YYYY-MM-DD (default
//	                2026-11-23, the demo data's snapshot date)
//	-policy FILE    a policy document (default: the reference policy,
//	                workload.DefaultPolicy, whose ladder and urgency
//	                weights are caseload's illustrative defaults)
//	-hostile        plan under a hostile policy whose ladder pauses every
//	                case (no rules, default P4): protected work is still
//	                kept, because protection is code, not policy; each
//	                protected case shows its protect-* category and the
//	                floor-override decision
//
// Run it with
//
//	go run ./examples/prioritise
//	go run ./examples/prioritise -caseload export.csv -officer off-0042 -asof 2026-12-07
//	go run ./examples/prioritise -hostile
//
// Regenerate the demo data with `go generate ./examples/prioritise`.
package main

//go:generate go run gen.go

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/exampleio"
	"github.com/openprobation/caseload/workload"
)

//go:embed caseload.csv
var demoCSV []byte

const dateLayout = exampleio.DateLayout

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "prioritise:", err)
		os.Exit(1)
	}
}

type options struct {
	caseload, officer, policy string
	hostile                   bool
	asOf                      time.Time
}

func parseArgs(w io.Writer, args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("prioritise", flag.ContinueOnError)
	fs.StringVar(&o.caseload, "caseload", "", "caseload CSV `file` (default: the embedded demo caseload)")
	fs.StringVar(&o.officer, "officer", "", "officer `ID` to plan for (default: the only officer holding cases)")
	fs.StringVar(&o.policy, "policy", "", "policy document `file` (default: the reference policy)")
	fs.BoolVar(&o.hostile, "hostile", false, "plan under a hostile policy that pauses every case (protected work is still kept)")
	asOf := fs.String("asof", "2026-11-23", "first `day` of the week to plan (YYYY-MM-DD)")
	if err := exampleio.Parse(fs, w, "usage: prioritise [flags]", args); err != nil {
		return o, err
	}
	if o.hostile && o.policy != "" {
		return o, errors.New("-hostile and -policy: choose one")
	}
	t, err := exampleio.Date("asof", *asOf)
	o.asOf = t
	return o, err
}

func run(w io.Writer, args []string) error {
	o, err := parseArgs(w, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	var p *workload.Policy
	if o.hostile {
		p, err = hostilePolicy()
	} else {
		p, err = exampleio.Policy(o.policy)
	}
	if err != nil {
		return err
	}
	roster, source, err := exampleio.Caseload(o.caseload, demoCSV, "embedded demo caseload (caseload.csv)")
	if err != nil {
		return err
	}
	pr, err := p.Prepare(roster)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	id, err := chooseOfficer(o.officer, roster)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	cl, ok := pr.Caseload(id)
	if !ok {
		return fmt.Errorf("%s: -officer %q: no such officer", source, id)
	}

	load, err := p.Measure(cl, o.asOf)
	if err != nil {
		return err
	}
	prio, err := p.Prioritise(cl, o.asOf)
	if err != nil {
		return err
	}
	plan, err := p.PlanShortfall(cl, o.asOf)
	if err != nil {
		return err
	}
	tiers := map[string]string{}
	for _, c := range cl.Cases {
		tiers[c.ID] = string(c.Tier) + " " + c.Type.String()
	}

	fmt.Fprintf(w, "caseload: %s; policy %s %s\n", source, p.Ref().Name, p.Ref().Version)
	writeLoad(w, cl, load, plan)
	fmt.Fprintln(w)
	writePriorities(w, prio, tiers)
	fmt.Fprintln(w)
	writePlan(w, plan)
	return nil
}

// hostilePolicy returns the reference policy with a ladder that pauses
// every case: no rules, and a default of P4. The library accepts it, and
// its protected floor overrides it case by case.
func hostilePolicy() (*workload.Policy, error) {
	c := workload.DefaultConfig()
	c.Name, c.Version = "hostile-pause-everything", "1"
	c.Priority.Rules = nil
	c.Priority.Default = workload.PriorityDefault{Code: "pause-everything", Grade: workload.P4, Reason: "This policy pauses every case."}
	return workload.NewPolicy(c)
}

// chooseOfficer returns the officer asked for, or the only officer holding
// cases.
func chooseOfficer(asked string, r workload.Roster) (string, error) {
	if asked != "" {
		return asked, nil
	}
	var ids []string
	seen := map[string]bool{}
	for _, c := range r.Cases {
		if !seen[c.Officer] {
			seen[c.Officer] = true
			ids = append(ids, c.Officer)
		}
	}
	switch len(ids) {
	case 0:
		return "", errors.New("no officer holds any case")
	case 1:
		return ids[0], nil
	}
	list := strings.Join(ids[:min(len(ids), 8)], ", ")
	if len(ids) > 8 {
		list += ", …"
	}
	return "", fmt.Errorf("%d officers hold cases (%s): choose one with -officer", len(ids), list)
}

func writeLoad(w io.Writer, cl workload.Caseload, l workload.Load, pl workload.ShortfallPlan) {
	o := cl.Officer
	fmt.Fprintf(w, "officer:  %s, %s, team %s, at %s\n", o.ID, o.Grade, o.Team, l.AsOf.Format(dateLayout))
	capacity := l.Capacity.StringFixed(3) + "%"
	if l.Band == workload.BandNoCapacity {
		capacity = "no capacity"
	}
	fmt.Fprintf(w, "load:     %d cases, %s points of %s available: %s (%s)", l.Cases, l.Points.StringFixed(2), l.Available.StringFixed(2), capacity, l.Band)
	if l.OverCeiling {
		fmt.Fprint(w, "; above the raw-count ceiling")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "hours:    %s contracted − %s reductions = %s available this week, %s of them case-facing (the grade's share)\n",
		hours(l.Hours.Contracted), hours(l.Hours.Reductions), hours(l.Hours.Available), hours(l.Hours.CaseFacing))
	fmt.Fprintf(w, "contact:  %s due this week, overdue contacts included (the requirements average %s a week)\n",
		hours(pl.Demand), hours(l.Hours.ContactDemand))
}

// hours renders hours with two places.
func hours(d decimal.Decimal) string { return d.StringFixed(2) + " h" }

func writePriorities(w io.Writer, ps workload.Priorities, tiers map[string]string) {
	fmt.Fprintf(w, "PRIORITIES at %s: grade first (P1 protect, P2 core, P3 reduce, P4 pause), then urgency, then case ID\n", ps.AsOf.Format(dateLayout))
	idw := len("case")
	for _, r := range ps.Cases {
		idw = max(idw, len(r.Case))
	}
	fmt.Fprintf(w, "%4s %-*s %-16s %-15s %-10s %-18s %6s  %-8s  %s\n", "pos", idw, "case", "tier type", "phase", "grade", "rule", "urgency", "ahead by", "reason; urgency terms")
	for _, r := range ps.Cases {
		reason := r.Reason
		if r.Protected() {
			reason += " [" + r.Protection.Code + "]"
		}
		for _, d := range r.Decisions {
			reason += " [" + d.Code + "] " + d.Reason
		}
		terms := strings.TrimPrefix(r.Urgency.String(), strconv.FormatInt(r.Urgency.Score, 10))
		terms = strings.TrimPrefix(terms, " = ")
		if terms == "" {
			terms = "none"
		}
		ahead := r.Ahead
		if ahead == "" {
			ahead = "-"
		}
		fmt.Fprintf(w, "%4d %-*s %-16s %-15s %-10s %-18s %6d  %-8s  %s [urgency: %s]\n", r.Position, idw, r.Case, tiers[r.Case], r.Phase,
			r.Grade.String()+" "+r.Grade.Label(), r.Rule, r.Urgency.Score, ahead, reason, terms)
	}
}

func writePlan(w io.Writer, pl workload.ShortfallPlan) {
	end := pl.AsOf.AddDate(0, 0, 6)
	fmt.Fprintf(w, "PLAN for the week %s to %s\n", pl.AsOf.Format(dateLayout), end.Format(dateLayout))
	fmt.Fprintf(w, "case-facing hours available %s; contact due %s (protected, P1: %s); planned %s\n", hours(pl.Available), hours(pl.Demand),
		hours(pl.Protected), hours(pl.Planned))
	count := map[workload.ContactAction]int{}
	for _, l := range pl.Lines {
		count[l.Action]++
	}
	switch {
	case !pl.Shortfall:
		fmt.Fprintln(w, "no shortfall: the week's contacts fit the hours available and every case is kept")
	case pl.Fits:
		fmt.Fprintf(w, "shortfall of %s met: %d kept, %d reduced, %d paused\n", hours(pl.Demand.Sub(pl.Available)), count[workload.ContactKeep],
			count[workload.ContactReduce], count[workload.ContactPause])
	default:
		fmt.Fprintf(w, "shortfall NOT met: %d kept, %d reduced, %d paused; see the escalation below\n", count[workload.ContactKeep],
			count[workload.ContactReduce], count[workload.ContactPause])
	}
	idw := len("case")
	for _, l := range pl.Lines {
		idw = max(idw, len(l.Case))
	}
	fmt.Fprintf(w, "%4s %-*s %-5s %-6s %-9s %11s  %s\n", "pos", idw, "case", "grade", "action", "step", "min kept", "audit")
	for _, l := range pl.Lines {
		step := l.Step
		if step == "" {
			step = "-"
		}
		fmt.Fprintf(w, "%4d %-*s %-5s %-6s %-9s %11s  %s\n", l.Position, idw, l.Case, l.Grade, l.Action, step,
			strconv.FormatInt(l.PlannedMinutes, 10)+"/"+strconv.FormatInt(l.Minutes, 10), l.Reason)
	}
	fmt.Fprintln(w)
	if e := pl.Escalation; e != nil {
		fmt.Fprintf(w, "ESCALATION for a manager: %s\n", e.Message)
		fmt.Fprintf(w, "  protected %s, available %s, excess %s; protected cases with contact due: %s\n",
			hours(e.Protected), hours(e.Available), hours(e.Excess), strings.Join(e.Cases, ", "))
		return
	}
	fmt.Fprintf(w, "escalation: none (protected work, %s, fits the %s available)\n", hours(pl.Protected), hours(pl.Available))
}
