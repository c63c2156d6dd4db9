//go:build ignore

// gen writes demo.csv, the service's embedded demo data, at synth.AsOf
// (2026-11-23): the synthetic demo team of internal/synth as "team-1" and
// two generated teams as "team-2" and "team-3", renumbered so that IDs do
// not clash (officers off-1 … off-36, cases case-0001 …). Run it once from
// this directory and commit the result:
//
//	go run gen.go
//
// The demo team's few court reports and cover contacts are left out. The
// committed demo.csv predates the whole-roster format (rostercsv reads it
// unchanged); running gen.go again writes the current format.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

func main() {
	parts := []workload.Roster{
		synth.Team(synth.DefaultSeed),
		synth.Generate(synth.Config{Seed: synth.DefaultSeed + 1, Cases: 900, Officers: 24, Teams: 2, Regions: 1}),
	}
	var out workload.Roster
	teams := map[string]string{}
	for _, r := range parts {
		officers := map[string]string{}
		local := map[string]string{} // this part's team IDs
		for _, o := range r.Officers {
			officers[o.ID] = fmt.Sprintf("off-%d", len(out.Officers)+1)
			o.ID = officers[o.ID]
			if _, ok := local[o.Team]; !ok {
				local[o.Team] = fmt.Sprintf("team-%d", len(teams)+1)
				teams[local[o.Team]] = local[o.Team]
			}
			o.Team, o.Region = local[o.Team], "region-1"
			out.Officers = append(out.Officers, o)
		}
		for _, c := range r.Cases {
			c.ID = fmt.Sprintf("case-%04d", len(out.Cases)+1)
			c.Officer = officers[c.Officer]
			out.Cases = append(out.Cases, c)
		}
	}
	// The roster must prepare under the default policy.
	if _, err := workload.DefaultPolicy().Prepare(out); err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := rostercsv.Write(&b, out); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("demo.csv", b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
