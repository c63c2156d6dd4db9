package workload_test

// Native fuzz targets for the workload package's decoders and entry points.
// Each checks that nothing panics, that every error carries a
// *workload.FieldError naming a field, that decoders round-trip what they
// accept, and that nothing is silently dropped. Seeds are added with
// f.Add; crashers found by the fuzzer are kept under testdata/fuzz/.

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// checkErrShape fails unless err is made only of *workload.FieldError
// values (joined with errors.Join, possibly nested), each naming a field,
// with the "and N more problems" line of a capped list allowed.
func checkErrShape(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var fe *workload.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%s: error %q (%T) carries no *FieldError", what, err, err)
	}
	var walk func(e error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if f, ok := e.(*workload.FieldError); ok {
			if f.Field == "" || f.Pkg == "" || f.Err == nil {
				t.Fatalf("%s: field error %q lacks its package, field or cause", what, f)
			}
			return
		}
		if strings.Contains(e.Error(), "more problems not listed") {
			return
		}
		t.Fatalf("%s: problem %q (%T) is not a *FieldError", what, e, e)
	}
	walk(err)
	if msg := err.Error(); msg == "" || len(msg) > 1<<20 {
		t.Fatalf("%s: error message of %d bytes", what, len(msg))
	}
}

// FuzzDecodePolicy: DecodeConfig and DecodePolicy never panic and return
// field errors; a policy they accept re-encodes to a document that decodes
// to an equal policy and re-encodes to the same bytes.
func FuzzDecodePolicy(f *testing.F) {
	def, err := json.Marshal(workload.DefaultPolicy())
	if err != nil {
		f.Fatal(err)
	}
	sl, err := workload.NewPolicy(workload.SupervisionLevelsConfig())
	if err != nil {
		f.Fatal(err)
	}
	slDoc, err := json.Marshal(sl)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range [][]byte{
		def, slDoc, def[:len(def)/2], def[:len(def)-1], []byte(`{}`), []byte(`null`), []byte(`[]`), []byte(``),
		[]byte(`{"name":"x","version":"1","rawCountCeiling":1e999999999}`),
		[]byte(`{"bands":{"over":"1e999999999","red":"1e-999999999"}}`),
		bytes.Replace(def, []byte(`"rawCountCeiling":50`), []byte(`"rawCountCeiling":0`), 1),
		bytes.Replace(def, []byte(`"name"`), []byte(`"nmae"`), 1),
		append(slices.Clone(def), []byte(` {}`)...),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := workload.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			checkErrShape(t, "DecodeConfig", err)
			if _, err2 := workload.DecodePolicy(bytes.NewReader(data)); err2 == nil {
				t.Fatalf("DecodePolicy accepts what DecodeConfig refuses: %v", err)
			}
			return
		}
		p, err := workload.NewPolicy(c)
		if err != nil {
			checkErrShape(t, "NewPolicy", err)
			if c.Validate() == nil {
				t.Fatalf("NewPolicy refuses a configuration that validates: %v", err)
			}
			return
		}
		if _, err := workload.DecodePolicy(bytes.NewReader(data)); err != nil {
			t.Fatalf("DecodePolicy refuses what DecodeConfig and NewPolicy accept: %v", err)
		}
		b1, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("json.Marshal(policy): %v", err)
		}
		p2, err := workload.DecodePolicy(bytes.NewReader(b1))
		if err != nil {
			t.Fatalf("DecodePolicy(json.Marshal(p)): %v\n%s", err, b1)
		}
		if diff := cmp.Diff(p.Config(), p2.Config()); diff != "" {
			t.Fatalf("policy round trip mismatch (-want +got):\n%s", diff)
		}
		b2, err := json.Marshal(p2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("re-encoding differs:\n%s\n%s", b1, b2)
		}
		var p3 workload.Policy
		if err := json.Unmarshal(b1, &p3); err != nil {
			t.Fatalf("json.Unmarshal into *Policy: %v", err)
		}
	})
}

// textEnum is one workload enum's text methods.
type textEnum struct {
	name  string
	parse func([]byte) (string, error)       // UnmarshalText, then String
	text  func([]byte) ([]byte, error)       // UnmarshalText, then MarshalText
	named func(string) (string, bool, error) // the package's Parse function, if any
}

func enumCase[E interface{ String() string }, P interface {
	*E
	UnmarshalText([]byte) error
	MarshalText() ([]byte, error)
}](name string, parse func(string) (E, error)) textEnum {
	return textEnum{
		name: name,
		parse: func(b []byte) (string, error) {
			var v E
			err := P(&v).UnmarshalText(b)
			return v.String(), err
		},
		text: func(b []byte) ([]byte, error) {
			var v E
			if err := P(&v).UnmarshalText(b); err != nil {
				return nil, err
			}
			return P(&v).MarshalText()
		},
		named: func(s string) (string, bool, error) {
			if parse == nil {
				return "", false, nil
			}
			v, err := parse(s)
			return v.String(), true, err
		},
	}
}

var textEnums = []textEnum{
	enumCase[workload.Grade]("grade", workload.ParseGrade),
	enumCase[workload.ReductionReason]("reason", workload.ParseReason),
	enumCase[workload.Rounding]("rounding", nil),
	enumCase[workload.Band]("band", nil),
	enumCase[workload.Action]("action", nil),
	enumCase[workload.Verdict]("verdict", nil),
	enumCase[workload.ContactAction]("plan action", nil),
	enumCase[workload.Priority]("priority", workload.ParsePriority),
}

// FuzzEnumText: every workload enum's UnmarshalText either refuses the
// text with a field error or accepts exactly the text MarshalText gives
// back; the Parse functions agree with UnmarshalText.
func FuzzEnumText(f *testing.F) {
	for _, s := range []string{"PO", "pso", "PQiP", "other", "trade-union", "half-up", "down", "within", "no-capacity",
		"unknown", "refuse", "allowed-with-warnings", "keep", "pause", "P1", "P4", "P0", "", " P1", "P1\x00", "ü"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, e := range textEnums {
			s, err := e.parse(data)
			if err != nil {
				checkErrShape(t, e.name+" UnmarshalText", err)
			} else {
				text, err := e.text(data)
				if err != nil {
					t.Fatalf("%s: %q accepted as %s but MarshalText fails: %v", e.name, data, s, err)
				}
				if !bytes.Equal(text, data) {
					t.Fatalf("%s: %q accepted but marshals back as %q", e.name, data, text)
				}
			}
			if got, has, perr := e.named(string(data)); has {
				if (perr == nil) != (err == nil) || (perr == nil && got != s) {
					t.Fatalf("%s: Parse(%q) = %s, %v; UnmarshalText gives %s, %v", e.name, data, got, perr, s, err)
				}
				checkErrShape(t, e.name+" Parse", perr)
			}
		}
	})
}

// fuzzPolicies are the policies the entry-point fuzzer measures with.
var fuzzPolicies = func() []*workload.Policy {
	out := []*workload.Policy{workload.DefaultPolicy()}
	add := func(c workload.Config) {
		p, err := workload.NewPolicy(c)
		if err != nil {
			panic(err)
		}
		out = append(out, p)
	}
	add(workload.SupervisionLevelsConfig())
	add(workload.SingleAxisConfig())
	c := workload.DefaultConfig()
	c.ReferenceCompatible = true
	c.Priority.Conservative = true
	add(c)
	c = workload.DefaultConfig()
	c.Rounding = workload.RoundingConfig{AvailablePlaces: 6, AvailableMode: workload.RoundDown,
		CapacityPlaces: 0, CapacityMode: workload.RoundHalfEven, HoursPlaces: 0, HoursMode: workload.RoundDown}
	c.RawCountCeiling = 1
	c.Bands = workload.Bands{Over: decimal.RequireFromString("0.000001"), Red: decimal.RequireFromString("999999999")}
	add(c)
	return out
}()

// fuzzReader draws small choices from fuzz bytes; past the end it draws 0.
type fuzzReader struct {
	b []byte
	i int
}

func (r *fuzzReader) byte() byte {
	if r.i >= len(r.b) {
		return 0
	}
	v := r.b[r.i]
	r.i++
	return v
}

func (r *fuzzReader) n(n int) int { return int(r.byte()) % n }

func (r *fuzzReader) bool() bool { return r.byte()&1 == 1 }

var edgeDecimals = []string{
	"0", "37", "0.5", "37.25", "22.5", "1.8", "168", "168.000001", "-1", "0.0000001", "999999999.999999",
	"1000000000", "1e9999", "1e-9999", "100", "50", "12", "3.7",
	"0." + strings.Repeat("3", 2000),
}

func (r *fuzzReader) decimal() decimal.Decimal {
	switch k := r.n(len(edgeDecimals) + 2); k {
	case len(edgeDecimals):
		return decimal.New(1, 999999999) // beyond what NewFromString builds
	case len(edgeDecimals) + 1:
		return decimal.New(7, -999999999)
	default:
		return decimal.RequireFromString(edgeDecimals[k])
	}
}

var fuzzAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func (r *fuzzReader) date() time.Time {
	switch k := r.n(16); k {
	case 0, 1, 2:
		return time.Time{}
	case 3:
		return time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	case 4:
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	case 5:
		return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	case 6:
		return time.Date(2200, 12, 31, 23, 59, 0, 0, time.UTC)
	case 7:
		return time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
	case 8:
		return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	case 9:
		return fuzzAsOf.In(time.FixedZone("far", -14*3600)).Add(time.Duration(r.n(48)) * time.Hour)
	default:
		return fuzzAsOf.AddDate(0, 0, int(int8(r.byte())))
	}
}

var fuzzCaseIDs = []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "", "cäse-ü", "😀", strings.Repeat("x", 129)}
var fuzzOfficerIDs = []string{"o0", "o1", "o2", "offícer-ü", "", "🧑‍⚖️"}

func (r *fuzzReader) tier(p *workload.Policy) tier.Tier {
	ts := p.Scheme().Tiers()
	if r.n(8) == 0 {
		return []tier.Tier{"", "E9", "B2", "intensive", "b2", "B2 "}[r.n(6)]
	}
	return ts[r.n(len(ts))]
}

func (r *fuzzReader) caseOf(p *workload.Policy, officer string) workload.Case {
	c := workload.Case{ID: fuzzCaseIDs[r.n(len(fuzzCaseIDs))], Officer: officer, Tier: r.tier(p)}
	if r.n(8) == 0 {
		c.Officer = fuzzOfficerIDs[r.n(len(fuzzOfficerIDs))]
	}
	c.Type = tier.CaseType(r.n(5))
	c.YoungAdult = r.bool()
	c.Inactive = tier.Inactive(r.n(5) % 5)
	if r.n(3) != 0 {
		c.Inactive = tier.Active
	}
	c.Start, c.Release, c.TwoThirds, c.End = r.date(), r.date(), r.date(), r.date()
	c.LastContact, c.Allocated = r.date(), r.date()
	c.Risk.RoSH = risk.RoSH(r.n(6))
	c.Risk.MAPPA = risk.MAPPALevel(r.n(5))
	c.Risk.Flags = risk.Flags(uint32(r.byte()) << 1)
	if r.n(16) == 0 {
		c.Risk.Flags |= 1 << 30
	}
	c.Risk.Complexity = r.n(13) - 1
	c.Risk.AssessedOn, c.Risk.EscalatedOn = r.date(), r.date()
	c.Risk.Provisional = r.bool()
	return c
}

func (r *fuzzReader) officer(id string) workload.Officer {
	o := workload.Officer{ID: id, Team: "t", Grade: workload.Grade(r.n(7)), Hours: r.decimal()}
	if r.n(4) != 0 {
		o.Grade = []workload.Grade{workload.PO, workload.PSO, workload.PQiP, workload.NQO}[r.n(4)]
		o.Hours = decimal.RequireFromString([]string{"37", "22.5", "0.5", "0"}[r.n(4)])
	}
	for k := r.n(4); k > 0; k-- {
		red := workload.Reduction{Reason: workload.ReductionReason(r.n(11)), From: r.date(), To: r.date()}
		switch r.n(3) {
		case 0:
			red.Hours = r.decimal()
		case 1:
			red.Percent = r.decimal()
		}
		o.Reductions = append(o.Reductions, red)
	}
	return o
}

// fuzzTeam decodes fuzz bytes into a policy, a date, a small team of
// caseloads (hostile values included) and an allocation.
func fuzzTeam(data []byte) (*workload.Policy, time.Time, []workload.Caseload, workload.Allocation) {
	r := &fuzzReader{b: data}
	p := fuzzPolicies[r.n(len(fuzzPolicies))]
	asOf := fuzzAsOf
	if r.n(8) == 0 {
		asOf = r.date()
	}
	n := r.n(4) + 1
	team := make([]workload.Caseload, n)
	for i := range team {
		id := fuzzOfficerIDs[i]
		if r.n(10) == 0 {
			id = fuzzOfficerIDs[r.n(len(fuzzOfficerIDs))]
		}
		cl := workload.Caseload{Officer: r.officer(id)}
		for k := r.n(7); k > 0; k-- {
			cl.Cases = append(cl.Cases, r.caseOf(p, id))
		}
		for k := r.n(4) / 2; k > 0; k-- {
			cl.Reports = append(cl.Reports, workload.Report{ID: fuzzCaseIDs[r.n(3)], Officer: id,
				Kind: tier.ReportKind(r.n(4)), Due: r.date()})
		}
		for k := r.n(4) / 2; k > 0; k-- {
			cv := workload.Cover{Case: fuzzCaseIDs[r.n(len(fuzzCaseIDs))], Owner: id, Doer: fuzzOfficerIDs[r.n(3)], On: r.date(), Points: r.decimal()}
			if r.bool() {
				cv.Owner, cv.Doer = cv.Doer, id
			}
			cl.Covers = append(cl.Covers, cv)
		}
		team[i] = cl
	}
	a := workload.Allocation{Case: r.caseOf(p, ""), CoWorked: r.bool()}
	return p, asOf, team, a
}

// checkEntryPoints runs every main entry point on a decoded team and checks
// what each returns.
func checkEntryPoints(t *testing.T, data []byte) {
	p, asOf, team, a := fuzzTeam(data)
	for i, cl := range team {
		load, err := p.Measure(cl, asOf)
		if err != nil {
			checkErrShape(t, "Measure", err)
		} else {
			checkLoadShape(t, cl, load)
		}
		h, herr := p.MeasureCaseload(cl, asOf)
		if (herr == nil) != (err == nil) {
			t.Fatalf("Measure and MeasureHolding disagree: %v / %v", err, herr)
		}
		if herr == nil {
			chk, err := p.CheckAllocation(h, a, asOf)
			if err != nil {
				checkErrShape(t, "CheckAllocation", err)
			} else {
				want := h.Load.Cases + 1
				if chk.Held {
					want--
				}
				if chk.After.Cases != want || chk.Verdict == workload.VerdictUnknown {
					t.Fatalf("CheckAllocation: %d cases after (held %v, %d before), verdict %v", chk.After.Cases, chk.Held, h.Load.Cases, chk.Verdict)
				}
			}
		}
		pr, err := p.Prioritise(cl, asOf)
		if err != nil {
			checkErrShape(t, "Prioritise", err)
		} else if len(pr.Cases) != len(cl.Cases) {
			t.Fatalf("Prioritise ranked %d of %d cases", len(pr.Cases), len(cl.Cases))
		}
		plan, err := p.PlanShortfall(cl, asOf)
		if err != nil {
			checkErrShape(t, "PlanShortfall", err)
		} else if len(plan.Lines) != len(cl.Cases) {
			t.Fatalf("PlanShortfall has %d lines for %d cases", len(plan.Lines), len(cl.Cases))
		}
		if _, err := p.Demand(cl, asOf, i*40); err != nil {
			checkErrShape(t, "Demand", err)
		}
	}
	tm, err := p.MeasureTeam(team, asOf)
	if err != nil {
		checkErrShape(t, "MeasureTeam", err)
		return
	}
	if len(tm.Members) != len(team) {
		t.Fatalf("MeasureTeam kept %d of %d officers", len(tm.Members), len(team))
	}
	rec, err := p.Recommend(tm, a, asOf)
	if err != nil {
		checkErrShape(t, "Recommend", err)
	} else if len(rec.Eligible)+len(rec.Ineligible) != len(team) {
		t.Fatalf("Recommend considered %d+%d of %d officers", len(rec.Eligible), len(rec.Ineligible), len(team))
	}
	bal, err := p.Balance(tm)
	if err != nil {
		checkErrShape(t, "Balance", err)
	} else if len(bal.Officers) != len(team) {
		t.Fatalf("Balance reports %d of %d officers", len(bal.Officers), len(team))
	}
	opts := workload.RebalanceOptions{MaxMoves: len(data) % 5, RecentDays: len(data) % 40, Balance: len(data)%2 == 0}
	plan, err := p.Rebalance(tm, asOf, opts)
	if err != nil {
		checkErrShape(t, "Rebalance", err)
		return
	}
	after, err := plan.Apply(tm)
	if err != nil {
		t.Fatalf("Apply of a plan to its own team: %v", err)
	}
	checkConserved(t, team, after)
	roster := workload.Roster{}
	for _, cl := range team {
		roster.Officers = append(roster.Officers, cl.Officer)
		roster.Cases = append(roster.Cases, cl.Cases...)
		roster.Reports = append(roster.Reports, cl.Reports...)
	}
	m, err := p.MeasureRoster(roster, asOf)
	if err != nil {
		checkErrShape(t, "MeasureRoster", err)
		return
	}
	for _, h := range tm.Members {
		ld, ok := m.Load(h.Load.Officer)
		if !ok {
			t.Fatalf("officer %q missing from the bulk measurement", h.Load.Officer)
		}
		if len(h.Caseload.Covers) > 0 {
			continue // covers are left out of the roster
		}
		if !ld.Points.Equal(h.Load.Points) || !ld.Available.Equal(h.Load.Available) || !ld.Capacity.Equal(h.Load.Capacity) || ld.Band != h.Load.Band {
			t.Fatalf("bulk and single measurement of %q differ: %v %v %v %v / %v %v %v %v", h.Load.Officer,
				ld.Points, ld.Available, ld.Capacity, ld.Band, h.Load.Points, h.Load.Available, h.Load.Capacity, h.Load.Band)
		}
	}
}

// checkLoadShape checks that a load accounts for every work item.
func checkLoadShape(t *testing.T, cl workload.Caseload, load workload.Load) {
	t.Helper()
	if load.Cases != len(cl.Cases) || load.Letters.Total() != len(cl.Cases) || load.Officer != cl.Officer.ID {
		t.Fatalf("load of %q counts %d cases (%d by letter) of %d", load.Officer, load.Cases, load.Letters.Total(), len(cl.Cases))
	}
	sum := decimal.Zero
	var cases, reports int
	for _, ln := range load.Lines {
		sum = sum.Add(ln.Points)
		switch ln.Kind {
		case workload.LineCase:
			cases++
		case workload.LineReport:
			reports++
		}
	}
	if cases != len(cl.Cases) || reports != len(cl.Reports) {
		t.Fatalf("lines: %d cases and %d reports, want %d and %d", cases, reports, len(cl.Cases), len(cl.Reports))
	}
	if !sum.Equal(load.Points) {
		t.Fatalf("lines add up to %v, load has %v points", sum, load.Points)
	}
	if load.Band == workload.BandUnknown {
		t.Fatalf("load of %q has no band", load.Officer)
	}
	if load.Band == workload.BandNoCapacity && !load.Capacity.IsZero() {
		t.Fatalf("no-capacity load shows %v%%", load.Capacity)
	}
}

// checkConserved checks that every case of before is in after, once.
func checkConserved(t *testing.T, before, after []workload.Caseload) {
	t.Helper()
	var a, b []string
	for _, cl := range before {
		for _, c := range cl.Cases {
			a = append(a, c.ID)
		}
	}
	for _, cl := range after {
		for _, c := range cl.Cases {
			if c.Officer != cl.Officer.ID {
				t.Fatalf("case %q held by %q lists officer %q", c.ID, cl.Officer.ID, c.Officer)
			}
			b = append(b, c.ID)
		}
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("rebalancing lost or duplicated cases: %v → %v", a, b)
	}
}

// FuzzEntryPoints decodes the fuzz bytes into a small team (policy, date,
// officers, cases, reports, covers and an allocation, hostile values
// included) and runs Measure, MeasureHolding, CheckAllocation, Prioritise,
// PlanShortfall, Demand, MeasureTeam, Recommend, Balance, Rebalance (and
// Plan.Apply) and MeasureRoster on it: nothing panics, errors are field
// errors, and results account for every case.
func FuzzEntryPoints(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x00\x00\x00\x03\x01\x00\x01\x05\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d"))
	f.Add(bytes.Repeat([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9}, 20))
	f.Add(bytes.Repeat([]byte{0xff, 0x10, 0x80, 0x7f}, 60))
	f.Add(bytes.Repeat([]byte{1}, 200))
	f.Add(bytes.Repeat([]byte{2, 0, 5}, 100))
	f.Fuzz(checkEntryPoints)
}

// TestEntryPointsSeeds runs the entry-point checks on a spread of
// deterministic inputs, so that plain go test exercises them too.
func TestEntryPointsSeeds(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	data := make([]byte, 400)
	var x uint64 = 0x9e3779b97f4a7c15
	for i := 0; i < n; i++ {
		for j := range data {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			data[j] = byte(x)
		}
		checkEntryPoints(t, data[:i%len(data)])
	}
}
