package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

var demoAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// expected computes, directly with the library, what run should print for
// the one officer of a caseload CSV.
func expected(t *testing.T, csv []byte, officer string) (workload.Load, workload.Priorities, workload.ShortfallPlan) {
	t.Helper()
	r, err := rostercsv.Read(bytes.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	cl := workload.Caseload{}
	for _, o := range r.Officers {
		if o.ID == officer {
			cl.Officer = o
		}
	}
	for _, c := range r.Cases {
		if c.Officer == officer {
			cl.Cases = append(cl.Cases, c)
		}
	}
	p := workload.DefaultPolicy()
	load, err := p.Measure(cl, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	prio, err := p.Prioritise(cl, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := p.PlanShortfall(cl, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	return load, prio, plan
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b, args); err != nil {
		t.Fatalf("run(%q): %v", args, err)
	}
	return b.String()
}

// section returns the lines of out from the line starting with heading up
// to the next blank line.
func section(out, heading string) []string {
	i := strings.Index(out, "\n"+heading)
	if i < 0 {
		return nil
	}
	s := out[i+1:]
	if j := strings.Index(s, "\n\n"); j >= 0 {
		s = s[:j]
	}
	return strings.Split(s, "\n")
}

// checkOutput checks run's output against the library's own figures.
func checkOutput(t *testing.T, out string, load workload.Load, prio workload.Priorities, plan workload.ShortfallPlan) {
	t.Helper()
	for _, want := range []string{
		"load:     " + strconv.Itoa(load.Cases) + " cases, " + load.Points.StringFixed(2) + " points of " + load.Available.StringFixed(2) +
			" available: " + load.Capacity.StringFixed(3) + "% (" + load.Band.String() + ")",
		"hours:    " + load.Hours.Contracted.StringFixed(2) + " h contracted − " + load.Hours.Reductions.StringFixed(2) + " h reductions = " +
			load.Hours.Available.StringFixed(2) + " h available",
		"contact:  " + plan.Demand.StringFixed(2) + " h due this week",
		"available " + plan.Available.StringFixed(2) + " h; contact due " + plan.Demand.StringFixed(2) + " h (protected, P1: " +
			plan.Protected.StringFixed(2) + " h); planned " + plan.Planned.StringFixed(2) + " h",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// Every case in priority order, with its grade, rule, urgency and reason.
	rows := section(out, "PRIORITIES")
	if len(rows) != len(prio.Cases)+2 {
		t.Fatalf("priorities: %d lines, want %d:\n%s", len(rows), len(prio.Cases)+2, strings.Join(rows, "\n"))
	}
	for i, r := range prio.Cases {
		line := rows[i+2]
		f := strings.Fields(line)
		ahead := r.Ahead
		if ahead == "" {
			ahead = "-"
		}
		want := []string{strconv.Itoa(r.Position), r.Case}
		if len(f) < 11 || f[0] != want[0] || f[1] != want[1] {
			t.Errorf("priority line %d = %q, want position %s case %s", i, line, want[0], want[1])
			continue
		}
		// tier, type, phase, grade, label, rule, urgency, ahead follow.
		got := f[4:10]
		exp := []string{r.Phase.String(), r.Grade.String(), r.Grade.Label(), r.Rule, strconv.FormatInt(r.Urgency.Score, 10), ahead}
		for k := range exp {
			if got[k] != exp[k] {
				t.Errorf("%s: column %d = %q, want %q (line %q)", r.Case, k+4, got[k], exp[k], line)
			}
		}
		if !strings.Contains(line, r.Reason) {
			t.Errorf("%s: line lacks the reason %q", r.Case, r.Reason)
		}
		for _, d := range r.Decisions {
			if !strings.Contains(line, "["+d.Code+"] "+d.Reason) {
				t.Errorf("%s: line does not give the decision %s", r.Case, d)
			}
		}
		if r.Protected() && !strings.Contains(line, "["+r.Protection.Code+"]") {
			t.Errorf("%s: line does not name its protected category %s", r.Case, r.Protection.Code)
		}
	}

	// The week's plan: every case's action, step, minutes and audit line.
	rows = section(out, "PLAN")
	var audit []string
	for i, l := range rows {
		if strings.HasPrefix(strings.TrimSpace(l), "pos ") {
			audit = rows[i+1:]
		}
	}
	if len(audit) != len(plan.Lines) {
		t.Fatalf("plan: %d audit lines, want %d", len(audit), len(plan.Lines))
	}
	count := map[workload.ContactAction]int{}
	for i, l := range plan.Lines {
		count[l.Action]++
		f := strings.Fields(audit[i])
		step := l.Step
		if step == "" {
			step = "-"
		}
		exp := []string{strconv.Itoa(l.Position), l.Case, l.Grade.String(), l.Action.String(), step,
			strconv.FormatInt(l.PlannedMinutes, 10) + "/" + strconv.FormatInt(l.Minutes, 10)}
		if len(f) < len(exp) {
			t.Errorf("plan line %q is short", audit[i])
			continue
		}
		for k := range exp {
			if f[k] != exp[k] {
				t.Errorf("%s: plan column %d = %q, want %q", l.Case, k, f[k], exp[k])
			}
		}
		if !strings.HasSuffix(audit[i], l.Reason) {
			t.Errorf("%s: plan line lacks the audit reason %q", l.Case, l.Reason)
		}
	}
	switch {
	case !plan.Shortfall:
		if !strings.Contains(out, "no shortfall") {
			t.Errorf("output does not say there is no shortfall")
		}
	case plan.Fits:
		want := "met: " + strconv.Itoa(count[workload.ContactKeep]) + " kept, " + strconv.Itoa(count[workload.ContactReduce]) + " reduced, " +
			strconv.Itoa(count[workload.ContactPause]) + " paused"
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if plan.Escalation == nil && !strings.Contains(out, "escalation: none") {
		t.Errorf("output does not say there is no escalation")
	}
	if e := plan.Escalation; e != nil {
		for _, want := range []string{"ESCALATION for a manager: " + e.Message, strings.Join(e.Cases, ", "), "excess " + e.Excess.StringFixed(2) + " h"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q", want)
			}
		}
	}
}

func TestDemo(t *testing.T) {
	out := mustRun(t)
	load, prio, plan := expected(t, demoCSV, "off-00002")
	checkOutput(t, out, load, prio, plan)

	// The demo must show a real plan: short of hours, met by reducing and
	// pausing, and never touching protected work.
	acted := map[workload.ContactAction]int{}
	for _, l := range plan.Lines {
		acted[l.Action]++
		if l.Grade == workload.P1 && l.Action != workload.ContactKeep {
			t.Errorf("protected case %s was %s", l.Case, l.Action)
		}
	}
	if !plan.Shortfall || acted[workload.ContactReduce] == 0 || acted[workload.ContactPause] == 0 {
		t.Errorf("demo plan: shortfall %v, %d reduced, %d paused; want a shortfall met by reducing and pausing",
			plan.Shortfall, acted[workload.ContactReduce], acted[workload.ContactPause])
	}
	if load.Band != workload.BandRed {
		t.Errorf("demo officer is %s, want red", load.Band)
	}
}

// withHours returns the demo CSV with the officer on other hours.
func withHours(t *testing.T, h string) []byte {
	t.Helper()
	s := strings.ReplaceAll(string(demoCSV), ",PO,18.5,", ",PO,"+h+",")
	if s == string(demoCSV) {
		t.Fatal("demo CSV does not hold the expected officer columns")
	}
	return []byte(s)
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "caseload.csv")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestEscalation(t *testing.T) {
	data := withHours(t, "8")
	out := mustRun(t, "-caseload", writeFile(t, data))
	load, prio, plan := expected(t, data, "off-00002")
	if plan.Escalation == nil {
		t.Fatal("8 hours should not cover the protected work")
	}
	checkOutput(t, out, load, prio, plan)
	if !strings.Contains(out, "shortfall NOT met") {
		t.Errorf("output does not say the shortfall was not met")
	}
}

func TestNoShortfall(t *testing.T) {
	data := withHours(t, "37")
	out := mustRun(t, "-caseload", writeFile(t, data))
	load, prio, plan := expected(t, data, "off-00002")
	if plan.Shortfall {
		t.Fatal("37 hours should cover the week")
	}
	checkOutput(t, out, load, prio, plan)
}

func TestOfficerChoice(t *testing.T) {
	// A second officer with a copy of the caseload under other case IDs.
	var b strings.Builder
	b.Write(demoCSV)
	for _, line := range strings.Split(strings.TrimSpace(string(demoCSV)), "\n")[1:] {
		line = strings.Replace(line, "off-00002,", "off-00077,", 1)
		b.WriteString(strings.Replace(line, ",case-", ",copy-", 1) + "\n")
	}
	file := writeFile(t, []byte(b.String()))

	err := run(io.Discard, []string{"-caseload", file})
	if err == nil || !strings.Contains(err.Error(), "2 officers hold cases (off-00002, off-00077): choose one with -officer") {
		t.Errorf("without -officer: error %v, want one asking for -officer", err)
	}
	out := mustRun(t, "-caseload", file, "-officer", "off-00077")
	load, prio, plan := expected(t, []byte(b.String()), "off-00077")
	checkOutput(t, out, load, prio, plan)
	if !strings.Contains(out, "officer:  off-00077,") {
		t.Errorf("output is not about off-00077")
	}
}

func TestBadArgs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-asof", "2026-13-01"}, "-asof"},
		{[]string{"-officer", "off-99999"}, `-officer "off-99999": no such officer`},
		{[]string{"-caseload", "missing.csv"}, "missing.csv"},
		{[]string{"-policy", "missing.json"}, "missing.json"},
		{[]string{"stray"}, "unexpected argument"},
	}
	for _, tt := range tests {
		err := run(io.Discard, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}

// TestHostilePolicyKeepsProtectedWork runs the demo under a policy whose
// ladder pauses every case: every case the protected floor names (MAPPA at
// any level, very high RoSH, child protection, national security, tier
// letter A, the critical period) is still kept, with its protect-* code
// and the floor-override decision, and the rest is paused or reduced.
func TestHostilePolicyKeepsProtectedWork(t *testing.T) {
	out := mustRun(t, "-hostile")
	if !strings.Contains(out, "policy hostile-pause-everything 1") {
		t.Fatalf("output does not name the hostile policy:\n%s", out)
	}
	p, err := hostilePolicy()
	if err != nil {
		t.Fatal(err)
	}
	roster, err := rostercsv.Read(bytes.NewReader(demoCSV))
	if err != nil {
		t.Fatal(err)
	}
	var cl workload.Caseload
	for _, o := range roster.Officers {
		if o.ID == "off-00002" {
			cl.Officer = o
		}
	}
	kept, cut := 0, 0
	for _, c := range roster.Cases {
		if c.Officer == "off-00002" {
			cl.Cases = append(cl.Cases, c)
		}
	}
	plan, err := p.PlanShortfall(cl, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	plan2 := section(out, "PLAN for the week")
	for _, l := range plan.Lines {
		protected := l.Protection != ""
		if protected {
			kept++
			if l.Action != workload.ContactKeep || l.PlannedMinutes != l.Minutes {
				t.Errorf("protected case %s (%s) was %s under the hostile ladder", l.Case, l.Protection, l.Action)
			}
			if !strings.HasPrefix(l.Protection, "protect-") {
				t.Errorf("%s: protection code %q", l.Case, l.Protection)
			}
			found := false
			for _, line := range plan2 {
				if strings.Contains(line, " "+l.Case+" ") && strings.Contains(line, "keep") && strings.Contains(line, l.Protection) &&
					strings.Contains(line, "floor-override") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no plan line shows it kept with %s and floor-override", l.Case, l.Protection)
			}
		} else if l.Action != workload.ContactKeep {
			cut++
		}
	}
	if kept == 0 || cut == 0 {
		t.Errorf("hostile demo: %d protected cases kept, %d others cut; want both", kept, cut)
	}
	if err := run(io.Discard, []string{"-hostile", "-policy", "x.json"}); err == nil || !strings.Contains(err.Error(), "choose one") {
		t.Errorf("-hostile with -policy: err = %v", err)
	}
}
