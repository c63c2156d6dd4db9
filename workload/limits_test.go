package workload_test

// Regression tests for issue 11 ("Hostile input, round two"): each example
// of the issue gave a wrong answer without an error before the bounds of
// limits.go; each is an error naming the field, or an exact answer, now.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/alloc"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// limErr fails unless err holds a FieldError whose field is field and
// which wraps is.
func limErr(t *testing.T, err error, field string, is error) {
	t.Helper()
	if !errors.Is(err, is) {
		t.Fatalf("error %v; want %v", err, is)
	}
	for _, e := range flatten(err) {
		var fe *workload.FieldError
		if errors.As(e, &fe) && fe.Field == field {
			return
		}
	}
	t.Fatalf("error %v names no field %q", err, field)
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

var limDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// Target 999,999,999 with default hours 0.01 gave an officer on 168 h
// −1,646,744,090,509.55 available points.
func TestLimitTargetAndDefaultHours(t *testing.T) {
	c := workload.DefaultConfig()
	g := c.Grades[workload.PO]
	g.Target, g.DefaultHours = num("999999999"), num("0.01")
	c.Grades[workload.PO] = g
	_, err := workload.NewPolicy(c)
	limErr(t, err, "grades.PO.target", workload.ErrOutOfRange)
	limErr(t, err, "grades.PO.defaultHours", workload.ErrOutOfRange)
}

// 11,000 officers at a huge target gave a national available of −7.4e12.
// At the largest target allowed (100,000 for 37 h) and 168 h each, it is
// 11,000 × 454,054.05 = 4,994,594,550 exactly.
func TestLimitNationalAvailable(t *testing.T) {
	c := workload.DefaultConfig()
	g := c.Grades[workload.PO]
	g.Target, g.DefaultHours = decimal.NewFromInt(workload.MaxTarget), num("37")
	c.Grades[workload.PO] = g
	p, err := workload.NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	var r workload.Roster
	for i := range 11_000 {
		r.Officers = append(r.Officers, workload.Officer{ID: fmt.Sprintf("o%05d", i), Team: "t", Grade: workload.PO, Hours: num("168")})
	}
	m, err := p.MeasureRoster(r, limDay)
	if err != nil {
		t.Fatal(err)
	}
	if !m.National.Available.Equal(num("4994594550")) || !m.Loads()[0].Available.Equal(num("454054.05")) {
		t.Fatalf("national available %v, one officer %v", m.National.Available, m.Loads()[0].Available)
	}
}

// A weight of 999,999,999 on 1,000 cases against 0.00017 h gave capacity
// −8,446,744,083,709,551.616%: the quotient fell in [2^63, 2^64), which
// mulDivRem did not catch. Such a weight is refused; the largest allowed
// weight on the same officer gives the exact capacity, even at six places
// (10,000,000 points ÷ 0.009998 available = 100,020,004,000.800160%).
func TestLimitCapacityBeyondInt64(t *testing.T) {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = num("999999999")
	_, err := workload.NewPolicy(c)
	limErr(t, err, "tiers.weights.community.B2", workload.ErrOutOfRange)

	c = workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(workload.MaxWeight)
	c.Rounding.AvailablePlaces, c.Rounding.CapacityPlaces = 6, 6
	p, err := workload.NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	cl := newCaseload(newOfficer("jo", workload.PO, "0.00017"), newCases("jo", "c", 1000, tier.B2, tier.Community)...)
	l, err := p.Measure(cl, limDay)
	if err != nil {
		t.Fatal(err)
	}
	if l.Available.String() != "0.009998" || l.Capacity.String() != "100020004000.80016" || l.Band != workload.BandRed {
		t.Fatalf("available %v, capacity %v, %v", l.Available, l.Capacity, l.Band)
	}
	s, err := p.Summarise(workload.ScopeTeam, "t", []workload.Load{l}, limDay)
	if err != nil {
		t.Fatal(err)
	}
	if s.Capacity.String() != "100020004000.80016" || s.Distribution.Max.String() != "100020004000.80016" || s.Distribution.P50.String() != "100020004000.80016" {
		t.Fatalf("summary capacity %v, max %v, p50 %v", s.Capacity, s.Distribution.Max, s.Distribution.P50)
	}
}

// Summarise of 10,000 hand-built loads of 999,999,999 points summed to
// −8.4e12, band "within"; loads beyond the bounds were read as 0.
func TestLimitSummariseHandBuilt(t *testing.T) {
	p := workload.DefaultPolicy()
	loads := make([]workload.Load, 10_000)
	for i := range loads {
		loads[i] = workload.Load{Officer: fmt.Sprint("o", i), Points: num("999999999"), Available: num("2176"), Cases: 1}
	}
	_, err := p.Summarise(workload.ScopeTeam, "t", loads, limDay)
	if !errors.Is(err, workload.ErrOutOfRange) || !strings.Contains(err.Error(), "loads[") {
		t.Fatalf("10,000 loads of 999,999,999: %v; want ErrOutOfRange naming a load", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*workload.Load)
		field string
	}{
		{"points beyond 10^9", func(l *workload.Load) { l.Points = num("5000000000") }, "loads[0].points"},
		{"seven places", func(l *workload.Load) { l.Points = num("1.0000001") }, "loads[0].points"},
		{"negative available", func(l *workload.Load) { l.Available = num("-1") }, "loads[0].available"},
		{"negative cases", func(l *workload.Load) { l.Cases = -1 }, "loads[0].cases"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ld := workload.Load{Officer: "o", Points: num("100"), Available: num("2176"), Cases: 1}
			tc.edit(&ld)
			_, err := p.Summarise(workload.ScopeTeam, "t", []workload.Load{ld}, limDay)
			limErr(t, err, tc.field, workload.ErrOutOfRange)
		})
	}
	// Two hand-built loads within the bounds sum exactly: 125 of 170 is
	// 73.529%.
	s, err := p.Summarise(workload.ScopeTeam, "t", []workload.Load{
		{Officer: "a", Points: num("100"), Available: num("100"), Cases: 2},
		{Officer: "b", Points: num("25"), Available: num("70"), Cases: 1},
	}, limDay)
	if err != nil || s.Capacity.String() != "73.529" {
		t.Fatalf("capacity %v, %v", s.Capacity, err)
	}
	_, err = p.Summarise(workload.ScopeTeam, "t", nil, time.Time{})
	limErr(t, err, "asOf", workload.ErrMissing)
}

// Four weekly snapshots at 5e9 points reported no sustained overload.
func TestLimitSnapshotsHandBuilt(t *testing.T) {
	p := workload.DefaultPolicy()
	var snaps []workload.Snapshot
	for w := range 4 {
		snaps = append(snaps, workload.Snapshot{AsOf: limDay.AddDate(0, 0, 7*w),
			Loads: []workload.Load{{Officer: "jo", Points: num("5000000000"), Available: num("2176"), Cases: 60}}})
	}
	_, err := p.SustainedOverload(snaps)
	limErr(t, err, "snapshots[0].loads[0].points", workload.ErrOutOfRange)
	for i := range snaps {
		snaps[i].Loads[0].Points = num("999999999")
	}
	runs, err := p.SustainedOverload(snaps)
	if err != nil || len(runs) != 1 || len(runs[0].Weeks) != 4 {
		t.Fatalf("runs %v, %v", runs, err)
	}
}

// Staffing with tiny posts gave a negative funded capacity: 999,999,999
// points over 0.01 funded points at six capacity places is
// 9,999,999,990,000% (a quotient in [2^63, 2^64)).
func TestLimitStaffingTinyPosts(t *testing.T) {
	c := workload.DefaultConfig()
	c.Rounding.CapacityPlaces = 6
	p, err := workload.NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Staffing(workload.Staffing{Team: "t", Posts: num("0.000005"), PostGrade: workload.PO, Points: num("999999999")}, limDay)
	if err != nil {
		t.Fatal(err)
	}
	if res.Funded.String() != "0.01" || res.CapacityFunded.String() != "9999999990000" {
		t.Fatalf("funded %v, capacity funded %v", res.Funded, res.CapacityFunded)
	}
	_, err = p.Staffing(workload.Staffing{Team: "t", Posts: num("200001"), PostGrade: workload.PO}, limDay)
	limErr(t, err, "posts", workload.ErrOutOfRange)
	_, err = p.Staffing(workload.Staffing{Team: "t", Posts: num("1"), PostGrade: workload.PO}, time.Time{})
	limErr(t, err, "asOf", workload.ErrMissing)
}

// Cover points were unbounded (−4,971 points, capacity −228%) and a cover
// contact listed twice counted twice.
func TestLimitCovers(t *testing.T) {
	p := workload.DefaultPolicy()
	cl := newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 1, tier.B2, tier.Licence)...)
	cl.Covers = []workload.Cover{{Case: "c0000000", Owner: "jo", Doer: "sam", On: limDay, Points: num("1000.000001")}}
	_, err := p.Measure(cl, limDay)
	limErr(t, err, "covers[0].points", workload.ErrOutOfRange)

	cv := workload.Cover{Case: "c0000000", Owner: "jo", Doer: "sam", On: limDay, Points: num("26")}
	cl.Covers = []workload.Cover{cv, cv}
	_, err = p.Measure(cl, limDay)
	limErr(t, err, "covers[1]", workload.ErrDuplicate)
	_, err = p.Prepare(workload.Roster{Officers: []workload.Officer{cl.Officer, newOfficer("sam", workload.PO, "37")}, Cases: cl.Cases, Covers: cl.Covers})
	limErr(t, err, "covers[1]", workload.ErrDuplicate)
}

// An assessment dated 2162 counted as settled at 2026; a last contact in
// 2099 made nothing due until 2099. A zero asOf was accepted by Measure
// and Staffing.
func TestLimitDatesAgainstAsOf(t *testing.T) {
	p := workload.DefaultPolicy()
	future := oneCase(func(c *workload.Case) { c.Risk.AssessedOn = time.Date(2162, 1, 1, 0, 0, 0, 0, time.UTC) })
	_, err := p.Measure(future, limDay)
	limErr(t, err, "cases[0].risk.assessedOn", workload.ErrInconsistent)
	_, err = p.Schedule(future.Cases[0], limDay)
	limErr(t, err, "case.risk.assessedOn", workload.ErrInconsistent)
	_, err = p.Prioritise(future, limDay)
	limErr(t, err, "cases[0].risk.assessedOn", workload.ErrInconsistent)

	late := oneCase(func(c *workload.Case) { c.LastContact = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) })
	_, err = p.Demand(late, limDay, 4)
	limErr(t, err, "cases[0].lastContact", workload.ErrInconsistent)
	_, err = p.PlanShortfall(late, limDay)
	limErr(t, err, "cases[0].lastContact", workload.ErrInconsistent)

	// The same day is fine.
	today := oneCase(func(c *workload.Case) { c.LastContact = limDay; c.Risk.AssessedOn = limDay })
	if _, err := p.Measure(today, limDay); err != nil {
		t.Fatal(err)
	}
	_, err = p.Measure(today, time.Time{})
	limErr(t, err, "asOf", workload.ErrMissing)
}

// Prepare accepted officers "jo" and "jo "; after WriteCSV → ReadCSV
// (which trims) one officer held every case. IDs are exact or refused.
func TestLimitIDsExact(t *testing.T) {
	p := workload.DefaultPolicy()
	for _, tc := range []struct{ name, id string }{
		{"trailing space", "jo "}, {"leading space", " jo"}, {"tab", "jo\t1"}, {"newline", "jo\n"},
		{"invalid UTF-8", "jo\xff"}, {"no-break space at end", "jo\u00a0"}, {"line separator", "jo\u2028x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := workload.Roster{Officers: []workload.Officer{newOfficer("jo", workload.PO, "37"), newOfficer(tc.id, workload.PO, "37")}}
			_, err := p.Prepare(r)
			limErr(t, err, "officers[1].id", workload.ErrSyntax)
			cs := newCases("jo", "c", 1, tier.B2, tier.Licence)
			cs[0].ID = tc.id
			_, err = p.Measure(newCaseload(newOfficer("jo", workload.PO, "37"), cs...), limDay)
			limErr(t, err, "cases[0].id", workload.ErrSyntax)
			cl := newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 1, tier.B2, tier.Licence)...)
			cl.Reports = []workload.Report{{ID: "r1", Officer: "jo", Kind: tier.ReportStandard, Due: limDay}}
			cl.Covers = []workload.Cover{{Case: "c0000000", Owner: "jo", Doer: tc.id, On: limDay, Points: num("5")}}
			_, err = p.Measure(cl, limDay)
			limErr(t, err, "covers[0].doer", workload.ErrSyntax)
			cl.Covers = nil
			cl.Reports[0].ID = tc.id
			_, err = p.Measure(cl, limDay)
			limErr(t, err, "reports[0].id", workload.ErrSyntax)
		})
	}
	// Inner spaces and non-ASCII letters are fine.
	if _, err := p.Prepare(workload.Roster{Officers: []workload.Officer{newOfficer("jo smith", workload.PO, "37"), newOfficer("zoë", workload.PO, "37")}}); err != nil {
		t.Fatal(err)
	}
}

// Keys that differ only by Unicode case folding passed the duplicate-key
// check and the later one won: a later "ruleſ":[] emptied a policy's
// ladder, "verſion" overrode "version". A key matches only its exact
// spelling now.
func TestLimitExactKeys(t *testing.T) {
	doc, err := json.Marshal(workload.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"verſion after version", strings.TrimSuffix(string(doc), "}") + `,"verſion":"x"}`, `keys "version" and "verſion" differ only in letter case`},
		{"Version alone", `{"Version":"x",` + string(doc[1:]), `key "Version" is not "version"`},
		{"ruleſ in the ladder", `{"priority":{"ruleſ":[]},` + string(doc[1:]), `key "ruleſ" is not "rules"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := workload.DecodePolicy(strings.NewReader(tc.in))
			if !errors.Is(err, workload.ErrSyntax) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrSyntax with %q", err, tc.want)
			}
		})
	}
	_, err = risk.Decode(strings.NewReader(`{"rosh":"very-high","roſh":"low"}`))
	if !errors.Is(err, risk.ErrSyntax) || !strings.Contains(err.Error(), `keys "rosh" and "roſh"`) {
		t.Fatalf("assessment: %v", err)
	}
	_, err = risk.Decode(strings.NewReader(`{"ROSH":"low"}`))
	if !errors.Is(err, risk.ErrSyntax) || !strings.Contains(err.Error(), `key "ROSH" is not "rosh"`) {
		t.Fatalf("assessment: %v", err)
	}
	_, err = tier.DecodeTable(strings.NewReader(`{"Weights":{}}`))
	if err == nil || !strings.Contains(err.Error(), `key "Weights" is not "weights"`) {
		t.Fatalf("table: %v", err)
	}
}

// A 4 MB policy of "distribution":[1,1,…] took 5.5 s, allocated 1.5 GiB
// and returned a 157 MB error (2.09M problems). The document is refused
// before decoding now (at most strictjson's 100,000 values), a Config
// built in Go with as many thresholds gives one problem, and validation
// lists at most MaxReportedProblems problems and counts the rest.
func TestLimitPolicyValidationBounded(t *testing.T) {
	doc, err := json.Marshal(workload.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	n := (workload.MaxPolicyBytes - len(doc)) / 2
	cfg := strings.Replace(string(doc[1:]), `"distribution":["100","110","120"],`, "", 1)
	in := []byte(`{"distribution":[` + strings.Repeat("1,", n-1) + `1],` + cfg)
	if len(in) > workload.MaxPolicyBytes || len(in) < workload.MaxPolicyBytes-len(doc) {
		t.Fatalf("document of %d bytes", len(in))
	}
	var derr error
	b := alloc.Bytes(func() { _, derr = workload.DecodePolicy(bytes.NewReader(in)) })
	if !errors.Is(derr, workload.ErrOutOfRange) || !strings.Contains(derr.Error(), "more than 100000 values") || len(derr.Error()) > 1024 {
		t.Fatalf("decode: %.300v", derr)
	}
	if b > 64<<20 {
		t.Fatalf("decoding a %d-byte policy allocated %d MiB; want at most 64", len(in), b>>20)
	}

	c := workload.DefaultConfig()
	c.Distribution = make([]decimal.Decimal, 2_088_996)
	for i := range c.Distribution {
		c.Distribution[i] = decimal.NewFromInt(1)
	}
	var verr error
	b = alloc.Bytes(func() { verr = c.Validate() })
	limErr(t, verr, "distribution", workload.ErrOutOfRange)
	if len(flatten(verr)) != 1 || b > 1<<20 {
		t.Fatalf("%d problems, %d bytes allocated: %.300v", len(flatten(verr)), b, verr)
	}

	c = workload.DefaultConfig()
	c.Priority.Rules = make([]workload.PriorityRule, 256) // three problems each
	verr = c.Validate()
	probs := flatten(verr)
	if len(probs) != workload.MaxReportedProblems+1 || !regexp.MustCompile(`^workload: and \d+ more problems not listed$`).MatchString(probs[len(probs)-1].Error()) {
		t.Fatalf("%d problems, last %v", len(probs), probs[len(probs)-1])
	}
}

// A zero asOf was refused by PlanShortfall but accepted by Measure,
// Prepared.Measure, Staffing and Summarise. Every entry point that returns
// an error refuses it alike (Prepared.Measure, which cannot, documents it).
func TestLimitZeroAsOf(t *testing.T) {
	p := workload.DefaultPolicy()
	cl := newCaseload(newOfficer("jo", workload.PO, "37"), newCases("jo", "c", 2, tier.B2, tier.Licence)...)
	var zero time.Time
	for name, run := range map[string]func() error{
		"Measure": func() error { _, err := p.Measure(cl, zero); return err },
		"MeasureRoster": func() error {
			_, err := p.MeasureRoster(workload.Roster{Officers: []workload.Officer{cl.Officer}, Cases: cl.Cases}, zero)
			return err
		},
		"MeasureTeam":    func() error { _, err := p.MeasureTeam([]workload.Caseload{cl}, zero); return err },
		"MeasureHolding": func() error { _, err := p.MeasureCaseload(cl, zero); return err },
		"Summarise":      func() error { _, err := p.Summarise(workload.ScopeTeam, "t", nil, zero); return err },
		"Staffing": func() error {
			_, err := p.Staffing(workload.Staffing{Posts: num("1"), PostGrade: workload.PO}, zero)
			return err
		},
		"PlanShortfall": func() error { _, err := p.PlanShortfall(cl, zero); return err },
		"Prioritise":    func() error { _, err := p.Prioritise(cl, zero); return err },
		"Grade":         func() error { _, err := p.PriorityOf(cl.Cases[0], zero); return err },
		"Schedule":      func() error { _, err := p.Schedule(cl.Cases[0], zero); return err },
		"ContactsDue":   func() error { _, err := p.ContactsDue(cl.Cases[0], zero, limDay); return err },
		"Demand":        func() error { _, err := p.Demand(cl, zero, 4); return err },
		"TeamDemand":    func() error { _, err := p.TeamDemand([]workload.Caseload{cl}, zero, 4); return err },
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(); !errors.Is(err, workload.ErrMissing) || !strings.Contains(err.Error(), "asOf") {
				t.Fatalf("zero asOf: %v; want ErrMissing naming asOf", err)
			}
		})
	}
}

// A prepared roster shared Officer.Reductions with the caller and with what
// Caseload, Officers and Team returned: after the caller edited its own
// copy, Explain said 58.81 available while bulk Measure said 2,117.19. A
// 1 h reduction of a 37 h PO leaves 2,176 × 36 ÷ 37 = 2,117.19 available
// (hours places 2), whatever anyone edits afterwards.
func TestLimitPreparedImmutable(t *testing.T) {
	p := workload.DefaultPolicy()
	o := newOfficer("jo", workload.PO, "37", workload.Reduction{Reason: workload.OtherReason, Hours: num("1"), From: limDay.AddDate(0, -1, 0)})
	r := workload.Roster{Officers: []workload.Officer{o}, Cases: newCases("jo", "c", 2, tier.B2, tier.Licence)}
	pr, err := p.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	check := func(after string) {
		t.Helper()
		ld, err := pr.Explain("jo", limDay)
		if err != nil {
			t.Fatal(err)
		}
		bulk, _ := pr.Measure(limDay).Load("jo")
		if ld.Available.String() != "2117.19" || bulk.Available.String() != "2117.19" {
			t.Fatalf("after %s: Explain %s, Measure %s available; want 2117.19", after, ld.Available, bulk.Available)
		}
	}
	check("Prepare")
	r.Officers[0].Reductions[0].Hours = num("36")
	check("the caller edited its roster")
	pr.Officers()[0].Reductions[0].Hours = num("36")
	check("editing Officers")
	cl, _ := pr.Caseload("jo")
	cl.Officer.Reductions[0].Hours = num("36")
	check("editing Caseload")
	pr.TeamCaseloads("team-1")[0].Officer.Reductions[0].Hours = num("36")
	check("editing Team")
}

// A zero Prepared{} panicked on Measure; it is an empty roster now.
func TestLimitZeroPrepared(t *testing.T) {
	var pr workload.Prepared
	m := pr.Measure(limDay)
	if m.Len() != 0 || len(m.Teams) != 0 || m.National.Officers != 0 {
		t.Fatalf("zero Prepared measured to %+v", m)
	}
	if _, ok := pr.Caseload("jo"); ok {
		t.Fatal("the zero Prepared found an officer")
	}
	if _, err := pr.Explain("jo", limDay); !errors.Is(err, workload.ErrUnknown) {
		t.Fatalf("Explain on the zero Prepared: %v", err)
	}
	if _, err := pr.MeasureTeam("t", limDay); !errors.Is(err, workload.ErrUnknown) {
		t.Fatalf("MeasureTeam on the zero Prepared: %v", err)
	}
}

// MeasureRoster measured a roster whose assessments and last contacts
// fell after asOf, which Measure refuses: the same checks apply now.
func TestLimitMeasureRosterDates(t *testing.T) {
	p := workload.DefaultPolicy()
	cs := newCases("jo", "c", 3, tier.B2, tier.Licence)
	cs[1].Risk.AssessedOn = time.Date(2162, 1, 1, 0, 0, 0, 0, time.UTC)
	cs[2].LastContact = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := p.MeasureRoster(workload.Roster{Officers: []workload.Officer{newOfficer("jo", workload.PO, "37")}, Cases: cs}, limDay)
	limErr(t, err, "cases[1].risk.assessedOn", workload.ErrInconsistent)
	limErr(t, err, "cases[2].lastContact", workload.ErrInconsistent)
}

// TestLimitBulkCapacityBeyondInt64 measures capacities too large for an
// int64 at the capacity places through the bulk path: its percentiles,
// found from one sort of every officer's capacity, must be the exact
// ones of measuring each officer alone.
func TestLimitBulkCapacityBeyondInt64(t *testing.T) {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(workload.MaxWeight)
	c.Rounding.AvailablePlaces, c.Rounding.CapacityPlaces = 6, 6
	p, err := workload.NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	var r workload.Roster
	var loads []workload.Load
	for i, hours := range []string{"0.000002", "0.00017", "0.000003", "37"} {
		id := "o" + strconv.Itoa(i)
		cl := newCaseload(newOfficer(id, workload.PO, hours), newCases(id, id+"c", 2000, tier.B2, tier.Community)...)
		l, err := p.Measure(cl, limDay)
		if err != nil {
			t.Fatal(err)
		}
		loads = append(loads, l)
		r.Officers = append(r.Officers, cl.Officer)
		r.Cases = append(r.Cases, cl.Cases...)
	}
	if loads[0].Capacity.Shift(6).Cmp(decimal.NewFromInt(math.MaxInt64)) <= 0 {
		t.Fatalf("capacity %v fits an int64 at 6 places: the test checks nothing", loads[0].Capacity)
	}
	m, err := p.MeasureRoster(r, limDay)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.Summarise(workload.ScopeTeam, m.Teams[0].ID, loads, limDay)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Teams[0]
	for _, f := range [][3]any{{"capacity", got.Capacity, want.Capacity}, {"p50", got.Distribution.P50, want.Distribution.P50},
		{"p90", got.Distribution.P90, want.Distribution.P90}, {"max", got.Distribution.Max, want.Distribution.Max}} {
		if g, w := f[1].(decimal.Decimal), f[2].(decimal.Decimal); !g.Equal(w) {
			t.Errorf("bulk %s %v, want %v", f[0], g, w)
		}
	}
	if !got.Distribution.Max.Equal(loads[0].Capacity) {
		t.Errorf("bulk max %v, want the largest officer's %v", got.Distribution.Max, loads[0].Capacity)
	}
	for i := range loads {
		if !m.LoadAt(i).Capacity.Equal(loads[i].Capacity) {
			t.Errorf("officer %d: bulk capacity %v, alone %v", i, m.LoadAt(i).Capacity, loads[i].Capacity)
		}
	}
}
