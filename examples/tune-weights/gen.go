//go:build ignore

// gen writes team.csv, the demo caseload tune-weights embeds: the
// synthetic demo team of internal/synth (synth.Team with the default seed)
// in the caseload CSV format, at synth's snapshot date. Run it from this
// directory with
//
//	go run gen.go
//
// The output is committed; the program itself never imports internal/synth.
// The export carries the team's court reports, cover contacts and dated
// reductions, so its figures are synth.Team's own.
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
	if err := os.WriteFile("team.csv", b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
