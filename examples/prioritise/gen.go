//go:build ignore

// gen writes caseload.csv, the demo caseload prioritise embeds: the cases
// of the most over-capacity officer of the synthetic demo team
// (synth.Team with the default seed, measured by workload.DefaultPolicy at
// synth's snapshot date), held by that officer on part-time hours.
//
// In the synthetic team the officer works 37 hours and their cases' contact
// requirements take about 21.5 hours this week: red on points, but not
// short of hours, so a shortfall plan would keep everything. The demo puts
// the same caseload on 18.5 contracted hours (the bottom of synth's
// part-time range), so the week's contacts do not fit and the plan has to
// reduce and pause. gen checks that it does. Run it from this directory:
//
//	go run gen.go
//
// The output is committed. Court reports and cover contacts do not count
// in a contact plan, so the officer's are left out.
package main

import (
	"bytes"
	"log"
	"os"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

const partTime = "18.5"

func main() {
	asOf := synth.AsOf()
	p := workload.DefaultPolicy()
	pr, err := p.Prepare(synth.Team(synth.DefaultSeed))
	if err != nil {
		log.Fatal(err)
	}
	m := pr.Measure(asOf)
	var top workload.Load
	for _, l := range m.Loads() {
		if l.Band == workload.BandRed && (top.Officer == "" || l.Capacity.GreaterThan(top.Capacity)) {
			top = l
		}
	}
	if top.Officer == "" {
		log.Fatal("no red officer in the demo team")
	}
	cl, _ := pr.Caseload(top.Officer)
	cl.Officer.Hours = decimal.RequireFromString(partTime)
	cl.Officer.Reductions = nil
	cl.Reports, cl.Covers = nil, nil

	plan, err := p.PlanShortfall(cl, asOf)
	if err != nil {
		log.Fatal(err)
	}
	acted := map[workload.ContactAction]int{}
	for _, ln := range plan.Lines {
		acted[ln.Action]++
	}
	if !plan.Shortfall || acted[workload.ContactReduce] == 0 || acted[workload.ContactPause] == 0 {
		log.Fatalf("%s on %s h: shortfall %v, %d reduced, %d paused: the demo would show no plan",
			top.Officer, partTime, plan.Shortfall, acted[workload.ContactReduce], acted[workload.ContactPause])
	}

	var b bytes.Buffer
	r := workload.Roster{Officers: []workload.Officer{cl.Officer}, Cases: cl.Cases}
	if err := rostercsv.Write(&b, r); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("caseload.csv", b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d cases on %s h, %s h due; %d reduced, %d paused", top.Officer, len(cl.Cases), partTime,
		plan.Demand, acted[workload.ContactReduce], acted[workload.ContactPause])
}
