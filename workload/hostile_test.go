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

// relHostile is one row: run returns a result or an error. With field set
// the error must hold a *FieldError whose field contains it and wrap is;
// otherwise run must succeed and check verifies the result.
type relHostile struct {
	name   string
	prep   func() // builds large inputs before the allocations are counted
	run    func() (any, error)
	field  string
	is     error
	check  func(t *testing.T, got any)
	memory uint64 // bytes allocated; 256 MiB when zero
}

func relD(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func relDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var relDay = relDate(2026, 11, 23)

func relOfficer(id string, g workload.Grade, hours string, reds ...workload.Reduction) workload.Officer {
	return workload.Officer{ID: id, Team: "team-1", Region: "north", Grade: g, Hours: relD(hours), Reductions: reds}
}

func relCases(officer, prefix string, n int, tr tier.Tier, ct tier.CaseType) []workload.Case {
	out := make([]workload.Case, n)
	for i := range out {
		out[i] = workload.Case{ID: fmt.Sprintf("%s%07d", prefix, i), Officer: officer, Tier: tr, Type: ct,
			Start: relDay.AddDate(0, -6, 0), Risk: workload.CaseRisk{RoSH: risk.RoSHLow, AssessedOn: relDay.AddDate(0, -1, 0)}}
	}
	return out
}

func relCaseload(o workload.Officer, cases ...workload.Case) workload.Caseload {
	return workload.Caseload{Officer: o, Cases: cases}
}

// relMeasureWith returns a row runner measuring cl with a tweak applied.
func relMeasure(cl workload.Caseload) func() (any, error) {
	return func() (any, error) { return workload.DefaultPolicy().Measure(cl, relDay) }
}

func relOneCase(edit func(*workload.Case)) workload.Caseload {
	cs := relCases("jo", "c", 1, tier.B2, tier.Licence)
	edit(&cs[0])
	return relCaseload(relOfficer("jo", workload.PO, "37"), cs...)
}

func relWithOfficer(edit func(*workload.Officer)) workload.Caseload {
	o := relOfficer("jo", workload.PO, "37")
	edit(&o)
	return relCaseload(o, relCases("jo", "c", 3, tier.B2, tier.Licence)...)
}

// relLoadIs checks a Load's figures.
func relLoadIs(cases int, points, available, capacity string, band workload.Band) func(*testing.T, any) {
	return func(t *testing.T, got any) {
		t.Helper()
		l := got.(workload.Load)
		if l.Cases != cases || !l.Points.Equal(relD(points)) || !l.Available.Equal(relD(available)) ||
			!l.Capacity.Equal(relD(capacity)) || l.Band != band {
			t.Fatalf("got %d cases, %v points, %v available, %v%%, %v; want %d, %s, %s, %s%%, %v",
				l.Cases, l.Points, l.Available, l.Capacity, l.Band, cases, points, available, capacity, band)
		}
		if relCaseLines(l) != cases {
			t.Fatalf("%d case lines for %d cases", relCaseLines(l), cases)
		}
	}
}

func relCaseLines(l workload.Load) int {
	n := 0
	for _, ln := range l.Lines {
		if ln.Kind == workload.LineCase {
			n++
		}
	}
	return n
}

// relFieldOf returns the fields of every *FieldError in err.
func relFieldOf(err error) []string {
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

func relDefaultDoc(t testing.TB) []byte {
	b, err := json.Marshal(workload.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// relHugeWeightPolicy weighs every community B2 case MaxWeight (10,000)
// points, the most a policy allows.
func relHugeWeightPolicy() *workload.Policy {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = relD("10000")
	p, err := workload.NewPolicy(c)
	if err != nil {
		panic(err)
	}
	return p
}

func relHostileRows(t *testing.T) []relHostile {
	million := 1_000_000
	if relRace {
		million = 100_000 // the race detector makes a million cases slow; the arithmetic is the same
	}
	huge := decimal.New(1, 999999999)
	tiny := decimal.New(1, -999999999)
	digits := relD("0." + strings.Repeat("3", 3000))
	bigInt := relD("1" + strings.Repeat("0", 3000))
	var bigCases []workload.Case
	def := relDefaultDoc(t)
	weightRE := regexp.MustCompile(`("weights":\{"community":\{[^}]*?"B2":)"[0-9.]+"`)
	hugeWeightDoc := weightRE.ReplaceAll(def, []byte(`${1}"1e999999999"`))
	if bytes.Equal(hugeWeightDoc, def) {
		t.Fatal("could not find the community B2 weight in the policy document")
	}
	emptyTeam := func() (workload.Team, error) { return workload.DefaultPolicy().MeasureTeam(nil, relDay) }
	alloc := workload.Allocation{Case: relCases("", "new", 1, tier.B2, tier.Licence)[0]}
	ref, _ := json.Marshal(tier.Reference())
	assessment := `{"rosh":"high","rsr":"4.10","ogrs":62,"mandate":"yes","assessedOn":"2026-06-01T00:00:00Z"}`

	return []relHostile{
		// Decimals with huge exponents or thousands of digits.
		{name: "hours 1e999999999", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = huge })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours 1e-999999999", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = tiny })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours with 3000 decimal digits", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = digits })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "hours of 3001 digits", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = bigInt })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "reduction hours 1e999999999", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: huge, From: relDay}}
		})), field: "officer.reductions[0].hours", is: workload.ErrOutOfRange},
		{name: "reduction percent 1e-999999999", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Percent: tiny, From: relDay}}
		})), field: "officer.reductions[0].percent", is: workload.ErrOutOfRange},
		{name: "cover points with 3000 digits", run: func() (any, error) {
			cl := relCaseload(relOfficer("jo", workload.PO, "37"), relCases("jo", "c", 1, tier.B2, tier.Licence)...)
			cl.Covers = []workload.Cover{{Case: "c0000000", Owner: "jo", Doer: "sam", On: relDay, Points: digits}}
			return workload.DefaultPolicy().Measure(cl, relDay)
		}, field: "covers[0].points", is: workload.ErrOutOfRange},
		{name: "policy weight 1e999999999 in Go", run: func() (any, error) {
			c := workload.DefaultConfig()
			c.Tiers.Weights[tier.Licence][tier.A3] = huge
			return workload.NewPolicy(c)
		}, field: "weights.licence.A3", is: workload.ErrOutOfRange},
		{name: "policy weight 1e999999999 in a document", run: func() (any, error) {
			return workload.DecodePolicy(bytes.NewReader(hugeWeightDoc))
		}, field: "policy", is: workload.ErrSyntax},
		{name: "policy number of 3000 digits", run: func() (any, error) {
			doc := bytes.Replace(def, []byte(`"rawCountCeiling":50`), []byte(`"rawCountCeiling":5`+strings.Repeat("0", 3000)), 1)
			return workload.DecodePolicy(bytes.NewReader(doc))
		}, field: "policy", is: workload.ErrSyntax},
		{name: "assessment RSR 1e9999", run: func() (any, error) {
			a, err := risk.Decode(strings.NewReader(`{"rsr":"1e9999","mandate":"yes"}`))
			if err != nil {
				return nil, err
			}
			return a, a.Validate()
		}, field: "rsr", is: risk.ErrOutOfRange},

		// Volume.
		{name: fmt.Sprintf("%d community D1 cases on one officer", million), memory: 1 << 30,
			prep: func() { bigCases = relCases("jo", "c", million, tier.D1, tier.Community) },
			run: func() (any, error) {
				return workload.DefaultPolicy().Measure(relCaseload(relOfficer("jo", workload.PO, "37"), bigCases...), relDay)
			},
			check: func(t *testing.T, got any) {
				l := got.(workload.Load)
				if want := decimal.NewFromInt(int64(29 * million)); !l.Points.Equal(want) || l.Cases != million || relCaseLines(l) != million {
					t.Fatalf("%v points over %d cases (%d lines), want %v over %d", l.Points, l.Cases, relCaseLines(l), want, million)
				}
				if l.Band != workload.BandRed || !l.OverCeiling || l.Letters.D != million {
					t.Fatalf("band %v, over ceiling %v, %d D cases", l.Band, l.OverCeiling, l.Letters.D)
				}
			}},
		{name: fmt.Sprintf("%d cases prepared and measured in bulk", million), memory: 1 << 30,
			prep: func() { bigCases = relCases("jo", "c", million, tier.D1, tier.Community) },
			run: func() (any, error) {
				o := relOfficer("jo", workload.PO, "37")
				pr, err := workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{o}, Cases: bigCases})
				if err != nil {
					return nil, err
				}
				return pr.Measure(relDay), nil
			},
			check: func(t *testing.T, got any) {
				m := got.(*workload.Measurement)
				if want := decimal.NewFromInt(int64(29 * million)); !m.National.Points.Equal(want) || m.National.Cases != million || len(m.Loads) != 1 {
					t.Fatalf("national %v points over %d cases, %d loads", m.National.Points, m.National.Cases, len(m.Loads))
				}
			}},
		{name: "weight beyond MaxWeight", run: func() (any, error) {
			c := workload.DefaultConfig()
			c.Tiers.Weights[tier.Community][tier.B2] = relD("999999999")
			return workload.NewPolicy(c)
		}, field: "tiers.weights.community.B2", is: workload.ErrOutOfRange},
		{name: "maximum weights add up exactly on one officer", run: func() (any, error) {
			cl := relCaseload(relOfficer("jo", workload.PO, "37"), relCases("jo", "c", 10_000, tier.B2, tier.Community)...)
			return relHugeWeightPolicy().Measure(cl, relDay)
		}, check: func(t *testing.T, got any) {
			l := got.(workload.Load)
			// 10,000 cases × 10,000 points; 2,176 available: 4,595,588.235%.
			if !l.Points.Equal(relD("100000000")) || l.Band != workload.BandRed || l.Capacity.String() != "4595588.235" {
				t.Fatalf("%v points, %v, %v%%", l.Points, l.Band, l.Capacity)
			}
		}},
		{name: "maximum weights add up exactly in a team", run: func() (any, error) {
			return relHugeWeightPolicy().MeasureTeam([]workload.Caseload{
				relCaseload(relOfficer("jo", workload.PO, "37"), relCases("jo", "a", 2000, tier.B2, tier.Community)...),
				relCaseload(relOfficer("sam", workload.PO, "37"), relCases("sam", "b", 2000, tier.B2, tier.Community)...),
			}, relDay)
		}, check: func(t *testing.T, got any) {
			tm := got.(workload.Team)
			if len(tm.Members) != 2 || !tm.Members[0].Load.Points.Equal(relD("20000000")) || tm.Members[1].Load.Band != workload.BandRed {
				t.Fatalf("%+v", tm.Members)
			}
		}},

		// Empty team.
		{name: "empty team: Recommend", run: func() (any, error) {
			tm, err := emptyTeam()
			if err != nil {
				return nil, err
			}
			return workload.DefaultPolicy().Recommend(tm, alloc, relDay)
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
			return workload.DefaultPolicy().Rebalance(tm, relDay, workload.DefaultRebalanceOptions())
		}, check: func(t *testing.T, got any) {
			if pl := got.(workload.Plan); len(pl.Moves) != 0 || pl.Explanation == "" {
				t.Fatalf("empty team plan: %+v", pl)
			}
		}},
		{name: "empty team: Summarise", run: func() (any, error) {
			return workload.DefaultPolicy().Summarise(workload.ScopeTeam, "t", nil, relDay)
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
			return pr.Measure(relDay), nil
		}, check: func(t *testing.T, got any) {
			if m := got.(*workload.Measurement); len(m.Loads) != 0 || m.National.Officers != 0 {
				t.Fatalf("empty roster: %+v", m)
			}
		}},

		// Zero and fractional hours.
		{name: "0 hours holding work is no capacity", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = relD("0") })),
			check: relLoadIs(3, "396", "0", "0", workload.BandNoCapacity)},
		{name: "0 hours holding nothing is within", run: func() (any, error) {
			return workload.DefaultPolicy().Measure(relCaseload(relOfficer("jo", workload.PO, "0")), relDay)
		}, check: relLoadIs(0, "0", "0", "0", workload.BandWithin)},
		{name: "0.5 hours", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = relD("0.5") })),
			check: relLoadIs(3, "396", "29.41", "1346.481", workload.BandRed)},
		{name: "37.25 hours", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = relD("37.25") })),
			check: relLoadIs(3, "396", "2190.70", "18.076", workload.BandWithin)},
		{name: "168.000001 hours", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = relD("168.000001") })),
			field: "officer.hours", is: workload.ErrOutOfRange},
		{name: "negative hours", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Hours = relD("-0.5") })),
			field: "officer.hours", is: workload.ErrOutOfRange},

		// Reductions.
		{name: "two overlapping 100% reductions", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: relDay.AddDate(0, -1, 0)},
				{Reason: workload.SpecialLeave, From: relDay, To: relDay}}
		})), check: func(t *testing.T, got any) {
			relLoadIs(3, "396", "0", "0", workload.BandNoCapacity)(t, got)
			if h := got.(workload.Load).Hours; !h.Reductions.Equal(relD("37")) || !h.Available.IsZero() {
				t.Fatalf("hours %+v, want 37 reduced (capped) and 0 available", h)
			}
		}},
		{name: "reductions adding up to more than the hours", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: relD("20"), From: relDay},
				{Reason: workload.TradeUnion, Hours: relD("20"), From: relDay}}
		})), check: relLoadIs(3, "396", "0", "0", workload.BandNoCapacity)},
		{name: "reduction hours above contracted", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: relD("37.5"), From: relDay}}
		})), field: "officer.reductions[0].hours", is: workload.ErrOutOfRange},
		{name: "trade union above 50%", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.TradeUnion, Percent: relD("50.5"), From: relDay}}
		})), field: "officer.reductions[0].percent", is: workload.ErrOutOfRange},
		{name: "reduction with hours and percent", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.OtherReason, Hours: relD("1"), Percent: relD("1"), From: relDay}}
		})), field: "officer.reductions[0]", is: workload.ErrInconsistent},

		// Dates.
		{name: "start in year 1", run: relMeasure(relOneCase(func(c *workload.Case) { c.Start = relDate(1, 6, 1) })),
			field: "cases[0].start", is: workload.ErrOutOfRange},
		{name: "start in 1899", run: relMeasure(relOneCase(func(c *workload.Case) { c.Start = relDate(1899, 12, 31) })),
			field: "cases[0].start", is: workload.ErrOutOfRange},
		{name: "start on 1900-01-01", run: relMeasure(relOneCase(func(c *workload.Case) { c.Start = relDate(1900, 1, 1) })),
			check: relLoadIs(1, "132", "2176", "6.066", workload.BandWithin)},
		{name: "end on 2200-12-31", run: relMeasure(relOneCase(func(c *workload.Case) { c.End = relDate(2200, 12, 31) })),
			check: relLoadIs(1, "132", "2176", "6.066", workload.BandWithin)},
		{name: "end in 2201", run: relMeasure(relOneCase(func(c *workload.Case) { c.End = relDate(2201, 1, 1) })),
			field: "cases[0].end", is: workload.ErrOutOfRange},
		{name: "release in 9999", run: relMeasure(relOneCase(func(c *workload.Case) { c.Release = relDate(9999, 12, 31) })),
			field: "cases[0].release", is: workload.ErrOutOfRange},
		{name: "risk assessed in 9999", run: relMeasure(relOneCase(func(c *workload.Case) { c.Risk.AssessedOn = relDate(9999, 1, 1) })),
			field: "cases[0].risk.assessedOn", is: workload.ErrOutOfRange},
		{name: "risk escalated in year 1", run: relMeasure(relOneCase(func(c *workload.Case) { c.Risk.EscalatedOn = relDate(1, 6, 1) })),
			field: "cases[0].risk.escalatedOn", is: workload.ErrOutOfRange},
		{name: "reduction from 1899", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: relDate(1899, 1, 1)}}
		})), field: "officer.reductions[0].from", is: workload.ErrOutOfRange},
		{name: "reduction to 9999", run: relMeasure(relWithOfficer(func(o *workload.Officer) {
			o.Reductions = []workload.Reduction{{Reason: workload.LongTermSickness, From: relDay, To: relDate(9999, 1, 1)}}
		})), field: "officer.reductions[0].to", is: workload.ErrOutOfRange},
		{name: "report due in 2201", run: func() (any, error) {
			cl := relCaseload(relOfficer("jo", workload.PO, "37"))
			cl.Reports = []workload.Report{{ID: "r1", Officer: "jo", Kind: tier.ReportFast, Due: relDate(2201, 1, 1)}}
			return workload.DefaultPolicy().Measure(cl, relDay)
		}, field: "reports[0].due", is: workload.ErrOutOfRange},
		{name: "prioritise as of 1899", run: func() (any, error) {
			return workload.DefaultPolicy().Prioritise(relOneCase(func(*workload.Case) {}), relDate(1899, 12, 31))
		}, field: "asOf", is: workload.ErrOutOfRange},
		{name: "shortfall plan as of 9999", run: func() (any, error) {
			return workload.DefaultPolicy().PlanShortfall(relOneCase(func(*workload.Case) {}), relDate(9999, 12, 31))
		}, field: "asOf", is: workload.ErrOutOfRange},

		// IDs.
		{name: "duplicate case IDs", run: relMeasure(relCaseload(relOfficer("jo", workload.PO, "37"),
			append(relCases("jo", "c", 2, tier.B2, tier.Licence), relCases("jo", "c", 1, tier.C1, tier.Community)...)...)),
			field: "cases[2].id", is: workload.ErrDuplicate},
		{name: "duplicate officers in a roster", run: func() (any, error) {
			return workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{
				relOfficer("jo", workload.PO, "37"), relOfficer("jo", workload.PSO, "37")}})
		}, field: "officers[1].id", is: workload.ErrDuplicate},
		{name: "one case on two officers in a team", run: func() (any, error) {
			return workload.DefaultPolicy().MeasureTeam([]workload.Caseload{
				relCaseload(relOfficer("jo", workload.PO, "37"), relCases("jo", "c", 1, tier.B2, tier.Licence)...),
				relCaseload(relOfficer("sam", workload.PO, "37"), relCases("sam", "c", 1, tier.B2, tier.Licence)...),
			}, relDay)
		}, field: "caseloads[1].cases[0].id", is: workload.ErrDuplicate},
		{name: "case ID of 129 bytes", run: relMeasure(relOneCase(func(c *workload.Case) { c.ID = strings.Repeat("é", 64) + "x" })),
			field: "cases[0].id", is: workload.ErrOutOfRange},
		{name: "Unicode IDs are preserved", run: func() (any, error) {
			o := relOfficer("offícer-ü", workload.PO, "37")
			cs := relCases("offícer-ü", "c", 2, tier.B2, tier.Licence)
			cs[0].ID, cs[1].ID = "😀", "случай-1"
			pr, err := workload.DefaultPolicy().Prepare(workload.Roster{Officers: []workload.Officer{o}, Cases: cs})
			if err != nil {
				return nil, err
			}
			return pr, nil
		}, check: func(t *testing.T, got any) {
			pr := got.(*workload.Prepared)
			m := pr.Measure(relDay)
			l, ok := m.Load("offícer-ü")
			if !ok || l.Cases != 2 || !l.Points.Equal(relD("264")) {
				t.Fatalf("load of offícer-ü: %+v, %v", l, ok)
			}
			b, err := json.Marshal(m)
			if err != nil || !bytes.Contains(b, []byte(`"officer":"offícer-ü"`)) {
				t.Fatalf("JSON loses the Unicode officer ID: %v\n%s", err, b)
			}
			ex, err := pr.Explain("offícer-ü", relDay)
			if err != nil || relCaseLines(ex) != 2 || ex.Lines[0].ID != "😀" || ex.Lines[1].ID != "случай-1" {
				t.Fatalf("Explain: %v, %+v", err, ex.Lines)
			}
			eb, _ := json.Marshal(ex)
			if !bytes.Contains(eb, []byte(`"id":"😀"`)) {
				t.Fatalf("JSON loses the emoji case ID:\n%s", eb)
			}
		}},

		// Unknown enum values and text.
		{name: "grade 42", run: relMeasure(relWithOfficer(func(o *workload.Officer) { o.Grade = 42 })),
			field: "officer.grade", is: workload.ErrUnknown},
		{name: "case type 9", run: relMeasure(relOneCase(func(c *workload.Case) { c.Type = 9 })),
			field: "cases[0].type", is: workload.ErrUnknown},
		{name: "tier E9", run: relMeasure(relOneCase(func(c *workload.Case) { c.Tier = "E9" })),
			field: "cases[0].tier", is: workload.ErrUnknownTier},
		{name: "RoSH 7", run: relMeasure(relOneCase(func(c *workload.Case) { c.Risk.RoSH = 7 })),
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
		{name: "grade XX in a CSV export", run: func() (any, error) {
			return workload.ReadCSV(strings.NewReader("officer,team,grade,hours,case,tier,type\njo,t,XX,37,c1,B2,licence\n"))
		}, field: "csv line 2 column grade", is: workload.ErrUnknown},
		{name: "CSV row with case data but no case", run: func() (any, error) {
			return workload.ReadCSV(strings.NewReader("officer,team,grade,hours,case,tier,type,start\njo,t,PO,37,,,,2026-01-01\n"))
		}, field: "csv line 2 column start", is: workload.ErrInconsistent},
		{name: "CSV with an unterminated quote", run: func() (any, error) {
			return workload.ReadCSV(strings.NewReader("officer,team,grade,hours,case,tier,type\njo,t,PO,37,c1,B2,licence\n\"jo"))
		}, field: "csv line", is: workload.ErrSyntax},

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

// relRunHostile runs one row under its allocation budget. It reads no
// clock: a busy machine must not fail it. Work a hostile input makes
// explode (huge exponents, quadratic loops) shows as allocation.
func relRunHostile(t *testing.T, row relHostile) {
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
	fields := relFieldOf(o.err)
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
	for _, row := range relHostileRows(t) {
		t.Run(row.name, func(t *testing.T) { relRunHostile(t, row) })
	}
}
