package rostercsv_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

func genDay(t *rapid.T, label string) time.Time {
	return asOf.AddDate(0, 0, rapid.IntRange(-900, 200).Draw(t, label))
}

func genMaybeDay(t *rapid.T, label string) time.Time {
	if rapid.Bool().Draw(t, label+"Known") {
		return genDay(t, label)
	}
	return time.Time{}
}

func genDecimal(t *rapid.T, label string, hi int64) decimal.Decimal {
	places := rapid.SampledFrom([]int32{0, 1, 2, 6}).Draw(t, label+"Places")
	return decimal.New(rapid.Int64Range(0, hi*10e5).Draw(t, label)/int64(pow10(6-places)), -places)
}

func pow10(n int32) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func genReduction(t *rapid.T) workload.Reduction {
	r := workload.Reduction{
		Reason: rapid.SampledFrom(workload.Reasons()).Draw(t, "reason"),
		From:   genDay(t, "from"),
		Status: rapid.SampledFrom([]workload.ReductionStatus{workload.ReductionActive, workload.ReductionInactive, workload.ReductionDeleted}).Draw(t, "status"),
		Note:   rapid.SampledFrom([]string{"", "facility time", "back 1 March, phased"}).Draw(t, "note"),
	}
	switch rapid.IntRange(0, 2).Draw(t, "amount") {
	case 0:
		r.Hours = genDecimal(t, "reductionHours", 10)
	case 1:
		r.Percent = genDecimal(t, "reductionPercent", 50)
	}
	if rapid.Bool().Draw(t, "ends") {
		r.To = r.From.AddDate(0, 0, rapid.IntRange(0, 400).Draw(t, "length"))
	}
	return r
}

func genCase(t *rapid.T, id, officer string) workload.Case {
	c := workload.Case{
		ID:          id,
		Officer:     officer,
		Tier:        rapid.SampledFrom(tier.Reference().Scheme.Tiers()).Draw(t, "tier"),
		Type:        rapid.SampledFrom(tier.CaseTypes()).Draw(t, "type"),
		YoungAdult:  rapid.Bool().Draw(t, "youngAdult"),
		Inactive:    rapid.SampledFrom(append([]tier.Inactive{tier.Active}, tier.InactiveStatuses()...)).Draw(t, "inactive"),
		Start:       genMaybeDay(t, "start"),
		Release:     genMaybeDay(t, "release"),
		Recalled:    genMaybeDay(t, "recalled"),
		Rereleased:  genMaybeDay(t, "rereleased"),
		TwoThirds:   genMaybeDay(t, "twoThirds"),
		End:         genMaybeDay(t, "end"),
		LastContact: genMaybeDay(t, "lastContact"),
		Allocated:   genMaybeDay(t, "allocated"),
	}
	c.Risk.RoSH = rapid.SampledFrom([]risk.RoSH{risk.RoSHUnknown, risk.RoSHLow, risk.RoSHMedium, risk.RoSHHigh, risk.RoSHVeryHigh}).Draw(t, "rosh")
	c.Risk.MAPPA = rapid.SampledFrom([]risk.MAPPALevel{risk.MAPPAUnknown, risk.MAPPANone, risk.MAPPALevel1, risk.MAPPALevel2, risk.MAPPALevel3}).Draw(t, "mappa")
	c.Risk.FlagsUnknown = rapid.IntRange(0, 4).Draw(t, "flagsUnknown") == 0
	for _, f := range risk.AllFlags() {
		if !c.Risk.FlagsUnknown && rapid.IntRange(0, 5).Draw(t, "flag") == 0 {
			c.Risk.Flags = c.Risk.Flags.With(f)
		}
	}
	c.Risk.Complexity = rapid.IntRange(0, 10).Draw(t, "complexity")
	c.Risk.AssessedOn = genMaybeDay(t, "assessedOn")
	c.Risk.Provisional = rapid.Bool().Draw(t, "provisional")
	c.Risk.EscalatedOn = genMaybeDay(t, "escalatedOn")
	return c
}

// genRoster draws a roster of 1–5 officers with every kind of record.
func genRoster(t *rapid.T) workload.Roster {
	var r workload.Roster
	n := rapid.IntRange(1, 5).Draw(t, "officers")
	ids := []string{"o1", "o2", "off 3", "o-4", "Ö5"}[:n]
	grades := append(workload.Grades(), workload.Ungraded)
	for _, id := range ids {
		o := workload.Officer{
			ID:     id,
			Team:   rapid.SampledFrom([]string{"north", "south, east"}).Draw(t, "team"),
			Region: rapid.SampledFrom([]string{"", "wales"}).Draw(t, "region"),
			Grade:  rapid.SampledFrom(grades).Draw(t, "grade"),
			Hours:  genDecimal(t, "hours", 40),
		}
		for i, k := 0, rapid.IntRange(0, 3).Draw(t, "reductions"); i < k; i++ {
			o.Reductions = append(o.Reductions, genReduction(t))
		}
		r.Officers = append(r.Officers, o)
	}
	for i, k := 0, rapid.IntRange(0, 12).Draw(t, "cases"); i < k; i++ {
		r.Cases = append(r.Cases, genCase(t, "c"+strconv.Itoa(i), rapid.SampledFrom(ids).Draw(t, "holder")))
	}
	for i, k := 0, rapid.IntRange(0, 3).Draw(t, "reports"); i < k; i++ {
		r.Reports = append(r.Reports, workload.Report{ID: "r" + strconv.Itoa(i), Officer: rapid.SampledFrom(ids).Draw(t, "writer"),
			Kind: rapid.SampledFrom(tier.ReportKinds()).Draw(t, "kind"), Due: genDay(t, "due")})
	}
	if len(r.Cases) > 0 {
		for i, k := 0, rapid.IntRange(0, 3).Draw(t, "covers"); i < k; i++ {
			c := rapid.SampledFrom(r.Cases).Draw(t, "covered")
			r.Covers = append(r.Covers, workload.Cover{Case: c.ID, Owner: c.Officer, Doer: rapid.SampledFrom(ids).Draw(t, "doer"),
				On: genDay(t, "on"), Points: genDecimal(t, "points", 26)})
		}
	}
	return r
}

func byID(r workload.Roster) workload.Roster {
	r.Officers = slices.Clone(r.Officers)
	slices.SortFunc(r.Officers, func(a, b workload.Officer) int { return strings.Compare(a.ID, b.ID) })
	return r
}

// testWriteRead: whatever roster Write writes, Read reads back unchanged
// (officers in the order rows declare them). Checked by breaking it:
// writing a reduction's status as "active" whatever it is fails.
func testWriteRead(t *rapid.T) {
	r := genRoster(t)
	var buf bytes.Buffer
	if err := rostercsv.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := rostercsv.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(byID(r), byID(back)); diff != "" {
		t.Fatalf("(-written +read):\n%s\n%s", diff, buf.String())
	}
}

func TestWriteRead(t *testing.T) { rapid.Check(t, testWriteRead) }
func FuzzWriteRead(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testWriteRead)) }
