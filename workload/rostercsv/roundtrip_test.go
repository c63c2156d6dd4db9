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
		Reason: rapid.SampledFrom(workload.ReductionReasons()).Draw(t, "reason"),
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
	// IDs go to the edges: inner spaces, commas, quotes, non-ASCII
	// letters and the longest allowed must all come back exact.
	edge := []string{"o1", "o2", "off 3", "o-4", "Ö5", "jo smith", `o"brien`, "a,b", "東京-1", strings.Repeat("x", 128), "0"}
	ids := rapid.SliceOfNDistinct(rapid.SampledFrom(edge), 1, 5, func(s string) string { return s }).Draw(t, "officers")
	grades := append(workload.Grades(), workload.Ungraded)
	for _, id := range ids {
		o := workload.Officer{
			ID:     id,
			Team:   rapid.SampledFrom([]string{"north", "south, east", `"q"`, "zoë"}).Draw(t, "team"),
			Region: rapid.SampledFrom([]string{"", "wales", "north east"}).Draw(t, "region"),
			Grade:  rapid.SampledFrom(grades).Draw(t, "grade"),
			Hours:  genDecimal(t, "hours", 40),
		}
		for i, k := 0, rapid.IntRange(0, 3).Draw(t, "reductions"); i < k; i++ {
			o.Reductions = append(o.Reductions, genReduction(t))
		}
		r.Officers = append(r.Officers, o)
	}
	for i, k := 0, rapid.IntRange(0, 12).Draw(t, "cases"); i < k; i++ {
		id := "c" + strconv.Itoa(i) + rapid.SampledFrom([]string{"", " x", ",y", `"z"`, "é"}).Draw(t, "caseSuffix")
		r.Cases = append(r.Cases, genCase(t, id, rapid.SampledFrom(ids).Draw(t, "holder")))
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

// TestReadRefusesPaddedIDs: the CSV reader trimmed IDs, so "jo" and "jo "
// written by Write came back as one officer holding the cases of both (issue
// 11). An ID is read exactly now, and one with white space at either end,
// a control character or invalid UTF-8 is an error naming line and column.
func TestReadRefusesPaddedIDs(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"trailing space", "officer,team,grade,hours,case,tier,type\njo,t,PO,37,c1,B2,licence\n\"jo \",t,PO,37,c2,B2,licence\n",
			`csv line 3 column officer "jo ": syntax error: IDs must not begin or end with white space`},
		{"leading space in a case", "officer,team,grade,hours,case,tier,type\njo,t,PO,37, c1,B2,licence\n",
			`csv line 2 column case " c1": syntax error`},
		{"padded team", "officer,team,grade,hours,case,tier,type\njo,t ,PO,37,c1,B2,licence\n",
			`csv line 2 column team "t ": syntax error`},
		{"control character", "officer,team,grade,hours,case,tier,type\njo,t,PO,37,c\x011,B2,licence\n",
			`csv line 2 column case "c\x011": syntax error: IDs must not contain control characters`},
		{"invalid UTF-8", "officer,team,grade,hours,case,tier,type\njo\xff,t,PO,37,c1,B2,licence\n",
			`column officer "jo\xff": syntax error: IDs must be valid UTF-8`},
		{"padded report ID", "record,officer,team,grade,hours,case,tier,type,report,kind,due\nreport,jo,,,,,,,r1 ,standard,2026-12-01\n",
			`csv line 2 column report "r1 ": syntax error`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rostercsv.Read(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
		})
	}
	// The roster that used to merge reads as two officers when written
	// exactly: "jo" and "jo smith" are distinct and kept.
	r, err := rostercsv.Read(strings.NewReader("officer,team,grade,hours,case,tier,type\njo,t,PO,37,c1,B2,licence\njo smith,t,PO,37,c2,B2,licence\n"))
	if err != nil || len(r.Officers) != 2 || r.Officers[1].ID != "jo smith" || r.Cases[1].Officer != "jo smith" {
		t.Fatalf("%+v, %v", r.Officers, err)
	}
}
