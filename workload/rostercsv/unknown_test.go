package rostercsv_test

import (
	"strings"
	"testing"
	"time"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

func hasFinding(ds []workload.Decision, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestRegressionCSVAbsentColumnsAreUnknown(t *testing.T) {
	// No mappa or flags columns: a medium-RoSH licence case 20 weeks after
	// release was paused (read as "no MAPPA, no flags"); unknown MAPPA is
	// now read protected.
	doc := "officer,team,grade,hours,case,tier,type,release,rosh,assessed_on\n" +
		"o1,T1,PO,37,c1,C2,licence,2026-07-06,medium,2026-11-01\n" +
		"o1,T1,PO,37,c2,C2,licence,2026-07-06,,2026-11-01\n"
	ro, err := rostercsv.Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := ro.Cases[0]
	if c.Risk.MAPPA != risk.MAPPAUnknown || !c.Risk.FlagsUnknown || c.Risk.RoSH != risk.RoSHMedium {
		t.Fatalf("read %+v, want MAPPA unknown, flags unknown, RoSH medium", c.Risk)
	}
	if ro.Cases[1].Risk.RoSH != risk.RoSHUnknown {
		t.Errorf("empty rosh read as %s, want unknown", ro.Cases[1].Risk.RoSH)
	}
	g, err := workload.DefaultPolicy().PriorityOf(c, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade != workload.P1 || g.Protection.Code != "protect-mappa-not-recorded" || !hasFinding(g.Findings, workload.CodeFlagsNotRecorded) {
		t.Errorf("got %s (%s) findings %v; want P1 protect-mappa-not-recorded with flags-not-recorded", g.Grade, g.Protection.Code, g.Findings)
	}
	// Unknown round-trips through WriteCSV.
	var b strings.Builder
	if err := rostercsv.Write(&b, ro); err != nil {
		t.Fatal(err)
	}
	back, err := rostercsv.Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Cases[0].Risk.MAPPA != risk.MAPPAUnknown || !back.Cases[0].Risk.FlagsUnknown {
		t.Errorf("after a round trip: %+v", back.Cases[0].Risk)
	}
}
