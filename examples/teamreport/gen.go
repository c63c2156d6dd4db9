//go:build ignore

// Gen writes demo-team.csv, the demo team embedded in teamreport: the
// realistic team of twelve that internal/synth generates from its default
// seed, exported with rostercsv.Write: officers, cases, dated reductions,
// court reports and cover contacts.
//
// Regenerate it from this folder with
//
//	go generate
//
// (or go run gen.go); TestDemoTeamUpToDate fails when the file is stale.
package main

import (
	"bytes"
	"log"
	"os"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload/rostercsv"
)

func main() {
	var b bytes.Buffer
	if err := rostercsv.Write(&b, synth.Team(synth.DefaultSeed)); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("demo-team.csv", b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
