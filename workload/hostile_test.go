package workload_test

// A table of hostile inputs. Each row states what must come back: an
// error naming a field and wrapping a sentinel, or a result checked in
// full. Every row runs under an allocation budget (never a clock); nothing may
// panic, run away or drop data silently.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/alloc"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// hostileRow is one row: run returns a result or an error. With field set
// the error must hold a *FieldError whose field contains it and wrap is;
// otherwise run must succeed and check verifies the result.
type hostileRow struct {
	name   string
	prep   func() // builds large inputs before the allocations are counted
	run    func() (any, error)
	field  string
	is     error
	check  func(t *testing.T, got any)
	memory uint64 // bytes allocated; 256 MiB when zero
}

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var testDay = civil(2026, 11, 23)

func newOfficer(id string, g workload.Grade, hours string, reds ...workload.Reduction) workload.Officer {
	return workload.Officer{ID: id, Team: "team-1", Region: "north", Grade: g, Hours: num(hours), Reductions: reds}
}

func newCases(officer, prefix string, n int, tr tier.Tier, ct tier.CaseType) []workload.Case {
	out := make([]workload.Case, n)
	for i := range out {
		out[i] = workload.Case{ID: fmt.Sprintf("%s%07d", prefix, i), Officer: officer, Tier: tr, Type: ct,
			Start: testDay.AddDate(0, -6, 0), Risk: workload.CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHLow, AssessedOn: testDay.AddDate(0, -1, 0)}}
	}
	return out
}

func newCaseload(o workload.Officer, cases ...workload.Case) workload.Caseload {
	return workload.Caseload{Officer: o, Cases: cases}
}

// measuringWith returns a row runner measuring cl with a tweak applied.
func measuring(cl workload.Caseload) func() (any, error) {
	return func() (any, error) { return workload.DefaultPolicy().Measure(cl, testDay) }
}

func oneCase(edit func(*workload.Case)) workload.Caseload {
	cs := newCases("jo", "c", 1, tier.B2, tier.Licence)
	edit(&cs[0])
	return newCaseload(newOfficer("jo", workload.PO, "37"), cs...)
}

func withOfficer(edit func(*workload.Officer)) workload.Caseload {
	o := newOfficer("jo", workload.PO, "37")
	edit(&o)
	return newCaseload(o, newCases("jo", "c", 3, tier.B2, tier.Licence)...)
}

// loadIs checks a Load's figures.
func loadIs(cases int, points, available, capacity string, band workload.Band) func(*testing.T, any) {
	return func(t *testing.T, got any) {
		t.Helper()
		l := got.(workload.Load)
		if l.Cases != cases || !l.Points.Equal(num(points)) || !l.Available.Equal(num(available)) ||
			!l.Capacity.Equal(num(capacity)) || l.Band != band {
			t.Fatalf("got %d cases, %v points, %v available, %v%%, %v; want %d, %s, %s, %s%%, %v",
				l.Cases, l.Points, l.Available, l.Capacity, l.Band, cases, points, available, capacity, band)
		}
		if caseLines(l) != cases {
			t.Fatalf("%d case lines for %d cases", caseLines(l), cases)
		}
	}
}

func caseLines(l workload.Load) int {
	n := 0
	for _, ln := range l.Lines {
		if ln.Kind == workload.LineCase {
			n++
		}
	}
	return n
}

// fieldsOf returns the fields of every *FieldError in err.
func fieldsOf(err error) []string {
	var out []string
	var walk func(e error)
	walk = func(e error) {
		if fe, ok := e.(*workload.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if u := errors.Unwrap(e); u != nil {
			walk(u)
		}
	}
	walk(err)
	return out
}

func defaultDoc(t testing.TB) []byte {
	b, err := json.Marshal(workload.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hugeWeightPolicy weighs every community B2 case MaxWeight (10,000)
// points, the most a policy allows.
func hugeWeightPolicy() *workload.Policy {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = num("10000")
	p, err := workload.NewPolicy(c)
	if err != nil {
		panic(err)
	}
	return p
}

func hostileRows(t *testing.T) []hostileRow {
	million := 1_000_000
	if raceEnabled {
		million = 100_000 // the race detector makes a million cases slow; the arithmetic is the same
	}
	huge := decimal.New(1, 999999999)
	tiny := decimal.New(1, -999999999)
	digits := num("0." + strings.Repeat("3", 3000))
	bigInt := num("1" + strings.Repeat("0", 3000))
	var bigCases []workload.Case
	def := defaultDoc(t)
	weightRE := regexp.MustCompile(`("weights":\{"community":\{[^}]*?"B2":)"[0-9.]+"`)
	hugeWeightDoc := weightRE.ReplaceAll(def, []byte(`${1}"1e999999999"`))
	if bytes.Equal(hugeWeightDoc, def) {
		t.Fatal("could not find the community B2 weight in the policy document")
	}
	emptyTeam := func() (workload.MeasuredTeam, error) { return workload.DefaultPolicy().MeasureTeam(nil, testDay) }
	alloc := workload.Allocation{Case: newCases("", "new", 1, tier.B2, tier.Licence)[0]}
	ref, _ := json.Marshal(tier.Reference())
	assessment := `{"rosh":"high","rsr":"4.10","ogrs":62,"mandate":"yes","assessedOn":"2026-06-01T00:00:00Z"}`

	return []hostileRow{
		// Decimals with huge exponents or thousands of digits.
		{name: "hours 1e999999999", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = huge })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours 1e-999999999", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = tiny })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours with 3000 decimal digits", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = digits })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours of 3001 digits", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = bigInt })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "reduction hours 1e999999999", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: huge, From: testDay}}
		})), field: "officer.reductions[0].hours", is: workload.ErrOutOfRange},
		{name: "reduction percent 1e-999999999", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Percent: tiny, From: testDay}}
		})), field: "officer.reductions[0].percent", is: workload.ErrOutOfRange},
		{name: "cover points with 3000 digits", run: func() (any, error) {
			cl := newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 1, tier.B2, tier.Licence)...)
			cl.Covers = []workload.Cover{{Case: "c0000000", Owner: "jo", Doer: "sam", On: testDay, Points: digits}}
			return workload.DefaultPolicy().Measure(cl, testDay)
		}, field: "covers[0].points", is: workload.ErrOutOfRange},
		{name: "policy weight 1e999999999 in Go", run: func() (any, error) {
			c := workload.DefaultConfig()
			c.Tiers.Weights[tier.Licence][tier.A3] = huge
			return workload.NewPolicy(c)
		}, field: "weights.licence.A3", is: workload.ErrOutOfRange},
		{name: "policy weight 1e999999999 in a document", run: func() (any, error) {
			return workload.DecodePolicy(bytes.NewReader(hugeWeightDoc))
		}, field: "tiers.weights.community.B2", is: workload.ErrSyntax},
		{name: "policy number of 3000 digits", run: func() (any, error) {
			doc := bytes.Replace(def, []byte(`"rawCountCeiling":50`), []byte(`"rawCountCeiling":5`+strings.Repeat("0", 3000)), 1)
			return workload.DecodePolicy(bytes.NewReader(doc))
		}, field: "rawCountCeiling", is: workload.ErrSyntax},
		{name: "assessment RSR 1e9999", run: func() (any, error) {
			a, err := risk.Decode(strings.NewReader(`{"rsr":"1e9999","mandate":"yes"}`))
			if err != nil {
				return nil, err
			}
			return a, a.Validate()
		}, field: "rsr", is: risk.ErrOutOfRange},

		// Volume.
		{name: fmt.Sprintf("%d community D1 cases on one officer", million), memory: 1 << 30,
			prep: func() { bigCases = newCases("jo", "c", million, tier.D1, tier.Community) },
			run: func() (any, error) {
				return workload.DefaultPolicy().Measure(newCaseload(newOfficer("jo", workload.PO, "37"), bigCases...), testDay)
			},
			check: func(t *testing.T, got any) {
				l := got.(workload.Load)
				if want := decimal.NewFromInt(int64(29 * million)); !l.Points.Equal(want) || l.Cases != million || caseLines(l) != million {
					t.Fatalf("%v points over %d cases (%d lines), want %v over %d", l.Points, l.Cases, caseLines(l), want, million)
				}
				if l.Band != workload.BandRed || !l.OverCeiling || l.Letters.D != million {
					t.Fatalf("band %v, over ceiling %v, %d D cases", l.Band, l.OverCeiling, l.Letters.D)
				}
			}},
		{name: fmt.Sprintf("%d cases prepared and measured in bulk", million), memory: 1 << 30,
			prep: func() { bigCases = newCases("jo", "c", million, tier.D1, tier.Community) },
			run: func() (any, error) {
				o := newOfficer("jo", workload.PO, "37")
				pr, err := workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{o}, Cases: bigCases})
				if err != nil {
					return nil, err
				}
				return pr.Measure(testDay), nil
			},
			check: func(t *testing.T, got any) {
				m := got.(*workload.Measurement)
				if want := decimal.NewFromInt(int64(29 * million)); !m.National.Points.Equal(want) || m.National.Cases != million || len(m.Loads()) != 1 {
					t.Fatalf("national %v points over %d cases, %d loads", m.National.Points, m.National.Cases, len(m.Loads()))
				}
			}},
		{name: "weight beyond MaxWeight", run: func() (any, error) {
			c := workload.DefaultConfig()
			c.Tiers.Weights[tier.Community][tier.B2] = num("999999999")
			return workload.NewPolicy(c)
		}, field: "tiers.weights.community.B2", is: workload.ErrOutOfRange},
		{name: "maximum weights add up exactly on one officer", run: func() (any, error) {
			cl := newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 10_000, tier.B2, tier.Community)...)
			return hugeWeightPolicy().Measure(cl, testDay)
		}, check: func(t *testing.T, got any) {
			l := got.(workload.Load)
			// 10,000 cases × 10,000 points; 2,176 available: 4,595,588.235%.
			if !l.Points.Equal(num("100000000")) || l.Band != workload.BandRed || l.Capacity.String() != "4595588.235" {
				t.Fatalf("%v points, %v, %v%%", l.Points, l.Band, l.Capacity)
			}
		}},
		{name: "maximum weights add up exactly in a team", run: func() (any, error) {
			return hugeWeightPolicy().MeasureTeam([]workload.Caseload{
				newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "a", 2000, tier.B2, tier.Community)...),
				newCaseload(newOfficer("sam", workload.PO, "37"), newCases("sam", "b", 2000, tier.B2, tier.Community)...),
			}, testDay)
		}, check: func(t *testing.T, got any) {
			tm := got.(workload.MeasuredTeam)
			if len(tm.Members) != 2 || !tm.Members[0].Load.Points.Equal(num("20000000")) || tm.Members[1].Load.Band != workload.BandRed {
				t.Fatalf("%+v", tm.Members)
			}
		}},

		// Empty team.
		{name: "empty team: Recommend", run: func() (any, error) {
			tm, err := emptyTeam()
			if err != nil {
				return nil, err
			}
			return workload.DefaultPolicy().Recommend(tm, alloc, testDay)
		}, check: func(t *testing.T, got any) {
			r := got.(workload.Recommendation)
			if len(r.Eligible)+len(r.Ineligible) != 0 || r.Note == "" {
				t.Fatalf("empty team recommendation: %+v", r)
			}
			if _, ok := r.Best(); ok {
				t.Fatal("an empty team has a best officer")
			}
		}},
		{name: "empty team: Balance", run: func() (any, error) {
			tm, err := emptyTeam()
			if err != nil {
				return nil, err
			}
			return workload.DefaultPolicy().Balance(tm)
		}, check: func(t *testing.T, got any) {
			if r := got.(workload.BalanceReport); len(r.Officers) != 0 || r.Cases != 0 || r.Measured != 0 {
				t.Fatalf("empty team balance: %+v", r)
			}
		}},
		{name: "empty team: Rebalance", run: func() (any, error) {
			tm, err := emptyTeam()
			if err != nil {
				return nil, err
			}
			return workload.DefaultPolicy().Rebalance(tm, testDay, workload.DefaultRebalanceOptions())
		}, check: func(t *testing.T, got any) {
			if pl := got.(workload.Rebalancing); len(pl.Moves) != 0 || pl.Explanation == "" {
				t.Fatalf("empty team plan: %+v", pl)
			}
		}},
		{name: "empty team: Summarise", run: func() (any, error) {
			return workload.DefaultPolicy().Summarise(workload.ScopeTeam, "t", nil, testDay)
		}, check: func(t *testing.T, got any) {
			if s := got.(workload.Summary); s.Officers != 0 || !s.Points.IsZero() || s.Band == workload.BandNoCapacity {
				t.Fatalf("empty summary: %+v", s)
			}
		}},
		{name: "empty roster prepared", run: func() (any, error) {
			pr, err := workload.DefaultPolicy().Prepare(workload.Roster{})
			if err != nil {
				return nil, err
			}
			return pr.Measure(testDay), nil
		}, check: func(t *testing.T, got any) {
			if m := got.(*workload.Measurement); len(m.Loads()) != 0 || m.National.Officers != 0 {
				t.Fatalf("empty roster: %+v", m)
			}
		}},

		// Zero and fractional hours.
		{name: "0 hours holding work is no capacity", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = num("0") })),
			check: loadIs(3, "396", "0", "0", workload.BandNoCapacity)},
		{name: "0 hours holding nothing is within", run: func() (any, error) {
			return workload.DefaultPolicy().Measure(newCaseload(newOfficer("jo", workload.PO, "0")), testDay)
		}, check: loadIs(0, "0", "0", "0", workload.BandWithin)},
		{name: "0.5 hours", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = num("0.5") })),
			check: loadIs(3, "396", "29.41", "1346.481", workload.BandRed)},
		{name: "37.25 hours", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = num("37.25") })),
			check: loadIs(3, "396", "2190.70", "18.076", workload.BandWithin)},
		{name: "168.000001 hours", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = num("168.000001") })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "negative hours", run: measuring(withOfficer(func(o *workload.Officer) { o.Hours = num("-0.5") })),
			field: "officer.hours", is: workload.ErrOutOfRange},

		// Reductions.
		{name: "two overlapping 100% reductions", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: testDay.AddDate(0, -1, 0)},
				{Reason: workload.SpecialLeave, From: testDay, To: testDay}}
		})), check: func(t *testing.T, got any) {
			loadIs(3, "396", "0", "0", workload.BandNoCapacity)(t, got)
			if h := got.(workload.Load).Hours; !h.Reductions.Equal(num("37")) || !h.Available.IsZero() {
				t.Fatalf("hours %+v, want 37 reduced (capped) and 0 available", h)
			}
		}},
		{name: "reductions adding up to more than the hours", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: num("20"), From: testDay},
				{Reason: workload.TradeUnion, Hours: num("20"), From: testDay}}
		})), check: loadIs(3, "396", "0", "0", workload.BandNoCapacity)},
		{name: "reduction hours above contracted", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: num("37.5"), From: testDay}}
		})), field: "officer.reductions[0].hours", is: workload.ErrOutOfRange},
		{name: "trade union above 50%", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.TradeUnion, Percent: num("50.5"), From: testDay}}
		})), field: "officer.reductions[0].percent", is: workload.ErrOutOfRange},
		{name: "reduction with hours and percent", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: num("1"), Percent: num("1"), From: testDay}}
		})), field: "officer.reductions[0]", is: workload.ErrInconsistent},

		// Dates.
		{name: "start in year 1", run: measuring(oneCase(func(c *workload.Case) { c.Start = civil(1, 6, 1) })),
			field: "cases[0].start", is: workload.ErrOutOfRange},
		{name: "start in 1899", run: measuring(oneCase(func(c *workload.Case) { c.Start = civil(1899, 12, 31) })),
			field: "cases[0].start", is: workload.ErrOutOfRange},
		{name: "start on 1900-01-01", run: measuring(oneCase(func(c *workload.Case) { c.Start = civil(1900, 1, 1) })),
			check: loadIs(1, "132", "2176", "6.066", workload.BandWithin)},
		{name: "end on 2200-12-31", run: measuring(oneCase(func(c *workload.Case) { c.End = civil(2200, 12, 31) })),
			check: loadIs(1, "132", "2176", "6.066", workload.BandWithin)},
		{name: "end in 2201", run: measuring(oneCase(func(c *workload.Case) { c.End = civil(2201, 1, 1) })),
			field: "cases[0].end", is: workload.ErrOutOfRange},
		{name: "release in 9999", run: measuring(oneCase(func(c *workload.Case) { c.Release = civil(9999, 12, 31) })),
			field: "cases[0].release", is: workload.ErrOutOfRange},
		{name: "risk assessed in 9999", run: measuring(oneCase(func(c *workload.Case) { c.Risk.AssessedOn = civil(9999, 1, 1) })),
			field: "cases[0].risk.assessedOn", is: workload.ErrOutOfRange},
		{name: "risk escalated in year 1", run: measuring(oneCase(func(c *workload.Case) { c.Risk.EscalatedOn = civil(1, 6, 1) })),
			field: "cases[0].risk.escalatedOn", is: workload.ErrOutOfRange},
		{name: "reduction from 1899", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: civil(1899, 1, 1)}}
		})), field: "officer.reductions[0].from", is: workload.ErrOutOfRange},
		{name: "reduction to 9999", run: measuring(withOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: testDay, To: civil(9999, 1, 1)}}
		})), field: "officer.reductions[0].to", is: workload.ErrOutOfRange},
		{name: "report due in 2201", run: func() (any, error) {
			cl := newCaseload(newOfficer("jo", workload.PO, "37"))
			cl.Reports = []workload.Report{{ID: "r1", Officer: "jo", Kind: tier.ReportFast, Due: civil(2201, 1, 1)}}
			return workload.DefaultPolicy().Measure(cl, testDay)
		}, field: "reports[0].due", is: workload.ErrOutOfRange},
		{name: "prioritise as of 1899", run: func() (any, error) {
			return workload.DefaultPolicy().Prioritise(oneCase(func(*workload.Case) {}), civil(1899, 12, 31))
		}, field: "asOf", is: workload.ErrOutOfRange},
		{name: "shortfall plan as of 9999", run: func() (any, error) {
			return workload.DefaultPolicy().PlanShortfall(oneCase(func(*workload.Case) {}), civil(9999, 12, 31))
		}, field: "asOf", is: workload.ErrOutOfRange},

		// IDs.
		{name: "duplicate case IDs", run: measuring(newCaseload(newOfficer("jo", workload.PO, "37"),
			append(newCases("jo", "c", 2, tier.B2, tier.Licence), newCases("jo", "c", 1, tier.C1, tier.Community)...)...)),
			field: "cases[2].id", is: workload.ErrDuplicate},
		{name: "duplicate officers in a roster", run: func() (any, error) {
			return workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{
				newOfficer("jo", workload.PO, "37"), newOfficer("jo", workload.PSO, "37")}})
		}, field: "officers[1].id", is: workload.ErrDuplicate},
		{name: "one case on two officers in a team", run: func() (any, error) {
			return workload.DefaultPolicy().MeasureTeam([]workload.Caseload{
				newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 1, tier.B2, tier.Licence)...),
				newCaseload(newOfficer("sam", workload.PO, "37"), newCases("sam", "c", 1, tier.B2, tier.Licence)...),
			}, testDay)
		}, field: "caseloads[1].cases[0].id", is: workload.ErrDuplicate},
		{name: "case ID of 129 bytes", run: measuring(oneCase(func(c *workload.Case) { c.ID = strings.Repeat("é", 64) + "x" })),
			field: "cases[0].id", is: workload.ErrOutOfRange},
		{name: "Unicode IDs are preserved", run: func() (any, error) {
			o := newOfficer("offícer-ü", workload.PO, "37")
			cs := newCases("offícer-ü", "c", 2, tier.B2, tier.Licence)
			cs[0].ID, cs[1].ID = "😀", "случай-1"
			pr, err := workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{o}, Cases: cs})
			if err != nil {
				return nil, err
			}
			return pr, nil
		}, check: func(t *testing.T, got any) {
			pr := got.(*workload.Prepared)
			m := pr.Measure(testDay)
			l, ok := m.Load("offícer-ü")
			if !ok || l.Cases != 2 || !l.Points.Equal(num("264")) {
				t.Fatalf("load of offícer-ü: %+v, %v", l, ok)
			}
			b, err := json.Marshal(m)
			if err != nil || !bytes.Contains(b, []byte(`"officer":"offícer-ü"`)) {
				t.Fatalf("JSON loses the Unicode officer ID: %v\n%s", err, b)
			}
			ex, err := pr.Explain("offícer-ü", testDay)
			if err != nil || caseLines(ex) != 2 || ex.Lines[0].ID != "😀" || ex.Lines[1].ID != "случай-1" {
				t.Fatalf("Explain: %v, %+v", err, ex.Lines)
			}
			eb, _ := json.Marshal(ex)
			if !bytes.Contains(eb, []byte(`"id":"😀"`)) {
				t.Fatalf("JSON loses the emoji case ID:\n%s", eb)
			}
		}},

		// Unknown enum values and text.
		{name: "grade 42", run: measuring(withOfficer(func(o *workload.Officer) { o.Grade = 42 })),
			field: "officer.grade", is: workload.ErrUnknown},
		{name: "case type 9", run: measuring(oneCase(func(c *workload.Case) { c.Type = 9 })),
			field: "cases[0].type", is: workload.ErrUnknown},
		{name: "tier E9", run: measuring(oneCase(func(c *workload.Case) { c.Tier = "E9" })),
			field: "cases[0].tier", is: workload.ErrUnknownTier},
		{name: "RoSH 7", run: measuring(oneCase(func(c *workload.Case) { c.Risk.RoSH = 7 })),
			field: "cases[0].risk.rosh", is: workload.ErrUnknown},
		{name: "grade text Officer", run: func() (any, error) { return workload.ParseGrade("Officer") },
			field: "grade", is: workload.ErrUnknown},
		{name: "grade text unknown", run: func() (any, error) {
			var g workload.Grade
			return g, g.UnmarshalText([]byte("unknown"))
		}, field: "grade", is: workload.ErrUnknown},
		{name: "case type text prison in JSON", run: func() (any, error) {
			var c workload.Case
			return c, json.Unmarshal([]byte(`{"id":"c","type":"prison"}`), &c)
		}, field: "case type", is: workload.ErrUnknown},

		// Empty and truncated documents.
		{name: "empty policy document", run: func() (any, error) { return workload.DecodePolicy(strings.NewReader("")) },
			field: "policy", is: workload.ErrSyntax},
		{name: "truncated policy document", run: func() (any, error) { return workload.DecodePolicy(bytes.NewReader(def[:len(def)/2])) },
			field: "policy", is: workload.ErrSyntax},
		{name: "policy document with trailing data", run: func() (any, error) {
			return workload.DecodePolicy(bytes.NewReader(append(bytes.Clone(def), "{}"...)))
		}, field: "policy", is: workload.ErrSyntax},
		{name: "null policy document", run: func() (any, error) { return workload.DecodePolicy(strings.NewReader("null")) },
			field: "name", is: workload.ErrMissing},
		{name: "empty policy object", run: func() (any, error) { return workload.DecodePolicy(strings.NewReader("{}")) },
			field: "tiers", is: workload.ErrMissing},
		{name: "empty table document", run: func() (any, error) { return tier.DecodeTable(strings.NewReader("")) },
			field: "table", is: tier.ErrSyntax},
		{name: "truncated table document", run: func() (any, error) { return tier.DecodeTable(bytes.NewReader(ref[:len(ref)-3])) },
			field: "table", is: tier.ErrSyntax},
		{name: "empty assessment document", run: func() (any, error) { return risk.Decode(strings.NewReader("")) },
			field: "assessment", is: risk.ErrSyntax},
		{name: "truncated assessment document", run: func() (any, error) {
			return risk.Decode(strings.NewReader(assessment[:len(assessment)-10]))
		}, field: "assessment", is: risk.ErrSyntax},
	}
}

// runHostile runs one row under its allocation budget. It reads no
// clock: a busy machine must not fail it. Work a hostile input makes
// explode (huge exponents, quadratic loops) shows as allocation.
func runHostile(t *testing.T, row hostileRow) {
	budget := row.memory
	if budget == 0 {
		budget = 256 << 20
	}
	if row.prep != nil {
		row.prep()
	}
	var (
		v        any
		err      error
		panicked any
	)
	allocated := alloc.Bytes(func() {
		defer func() { panicked = recover() }()
		v, err = row.run()
	})
	t.Logf("allocated %d KiB", allocated>>10)
	if panicked != nil {
		t.Fatalf("panic: %v", panicked)
	}
	if allocated > budget {
		t.Errorf("allocated %d MiB, budget %d MiB", allocated>>20, budget>>20)
	}
	o := struct {
		v   any
		err error
	}{v, err}
	if row.field == "" {
		if o.err != nil {
			t.Fatalf("unexpected error: %v", o.err)
		}
		if row.check != nil {
			row.check(t, o.v)
		}
		return
	}
	if o.err == nil {
		t.Fatalf("no error; want one naming %q wrapping %v", row.field, row.is)
	}
	if !errors.Is(o.err, row.is) {
		t.Errorf("error %q does not wrap %v", o.err, row.is)
	}
	fields := fieldsOf(o.err)
	found := false
	for _, f := range fields {
		found = found || strings.Contains(f, row.field)
	}
	if !found {
		t.Errorf("no field error names %q; fields %q in %q", row.field, fields, o.err)
	}
	if len(o.err.Error()) > 4096 {
		t.Errorf("error message of %d bytes", len(o.err.Error()))
	}
}

// TestHostileInputs runs the hostile-input table.
func TestHostileInputs(t *testing.T) {
	for _, row := range hostileRows(t) {
		t.Run(row.name, func(t *testing.T) { runHostile(t, row) })
	}
}
