package tier_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/alloc"
	"github.com/openprobation/caseload/tier"
)

// referenceFigures is the shape of testdata/reference-weights.json.
type referenceFigures struct {
	Source             string                                          `json:"source"`
	Weights            map[tier.CaseType]map[tier.Tier]decimal.Decimal `json:"weights"`
	YoungAdultRow      tier.CaseType                                   `json:"youngAdultRow"`
	UnsupervisedWeight decimal.Decimal                                 `json:"unsupervisedWeight"`
	UntieredWeight     decimal.Decimal                                 `json:"untieredWeight"`
	CourtReports       map[tier.ReportKind]decimal.Decimal             `json:"courtReports"`
	InactivePercent    map[tier.Inactive]decimal.Decimal               `json:"inactivePercent"`
}

func loadReferenceFigures(t *testing.T) referenceFigures {
	t.Helper()
	b, err := os.ReadFile("testdata/reference-weights.json")
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var f referenceFigures
	if err := d.Decode(&f); err != nil {
		t.Fatalf("testdata/reference-weights.json: %v", err)
	}
	// The conformance table itself must be complete: 16 supervised tiers
	// for each of the three case types.
	supervised := tier.All()[:32]
	for _, ct := range tier.CaseTypes() {
		row := f.Weights[ct]
		n := 0
		for _, tr := range supervised {
			if _, ok := row[tr]; ok {
				n++
			}
		}
		if n != 16 || len(row) != 16 {
			t.Fatalf("testdata: the %s row has %d entries, %d of them supervised tiers; want 16", ct, len(row), n)
		}
	}
	return f
}

// TestReferenceConformance checks tier.Reference() against the published
// figures of docs/domain.md, "Case weights", kept as data in testdata/reference-weights.json,
// for every case type and every tier of the scheme.
func TestReferenceConformance(t *testing.T) {
	f := loadReferenceFigures(t)
	ref := tier.Reference()
	if err := ref.Validate(); err != nil {
		t.Fatalf("the reference table is invalid: %v", err)
	}
	if ref.Unit != tier.UnitPoints || !ref.Scheme.Equal(tier.EnglandWales()) {
		t.Errorf("unit %q, scheme %q", ref.Unit, ref.Scheme.Name())
	}
	type key struct {
		CaseType   tier.CaseType
		Tier       tier.Tier
		YoungAdult bool
	}
	want := map[key]decimal.Decimal{}
	got := map[key]decimal.Decimal{}
	for _, ct := range tier.CaseTypes() {
		for _, tr := range tier.All() {
			for _, ya := range []bool{false, true} {
				k := key{ct, tr, ya}
				row := ct
				if ya {
					row = f.YoungAdultRow
				}
				switch {
				case tr == tier.Untiered:
					want[k] = f.UntieredWeight
				case tr.Unsupervised():
					want[k] = f.UnsupervisedWeight
				default:
					want[k] = f.Weights[row][tr]
				}
				w, err := ref.Weight(ct, tr, ya)
				if err != nil {
					t.Errorf("Weight(%s, %s, %v): %v", ct, tr, ya, err)
				}
				got[k] = w
			}
		}
	}
	if len(got) != 3*33*2 {
		t.Fatalf("checked %d weights, want %d", len(got), 3*33*2)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reference weights mismatch (-want +got):\n%s", diff)
	}

	gotReports := map[tier.ReportKind]decimal.Decimal{}
	for _, k := range tier.ReportKinds() {
		w, err := ref.CourtReport(k)
		if err != nil {
			t.Error(err)
		}
		gotReports[k] = w
	}
	if diff := cmp.Diff(f.CourtReports, gotReports); diff != "" {
		t.Errorf("court reports mismatch (-want +got):\n%s", diff)
	}

	gotShares := map[tier.Inactive]decimal.Decimal{}
	for _, s := range tier.InactiveStatuses() {
		p, err := ref.Share(s)
		if err != nil {
			t.Error(err)
		}
		gotShares[s] = p
	}
	if diff := cmp.Diff(f.InactivePercent, gotShares); diff != "" {
		t.Errorf("inactive percentages mismatch (-want +got):\n%s", diff)
	}
	if p, err := ref.Share(tier.Active); err != nil || !p.Equal(decimal.NewFromInt(100)) {
		t.Errorf("Share(Active) = %v, %v; want 100", p, err)
	}
}

// TestReferenceFresh: Reference and ReferenceJSON return copies; changing
// one changes nothing for the next caller.
func TestReferenceFresh(t *testing.T) {
	a := tier.Reference()
	a.Weights[tier.Community][tier.B2] = decimal.NewFromInt(1)
	a.CourtReports[tier.ReportFast] = decimal.NewFromInt(1)
	delete(a.Contacts, tier.A3)
	j := tier.ReferenceJSON()
	copy(j, "XXXX")
	b := tier.Reference()
	if w, _ := b.Weight(tier.Community, tier.B2, false); !w.Equal(decimal.NewFromInt(115)) {
		t.Errorf("community B2 = %v after changing another copy, want 115", w)
	}
	if _, err := b.Contact(tier.A3, tier.Critical); err != nil {
		t.Error(err)
	}
	fromJSON, err := tier.DecodeTable(bytes.NewReader(tier.ReferenceJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, fromJSON); diff != "" {
		t.Errorf("ReferenceJSON decodes to another table than Reference (-want +got):\n%s", diff)
	}
	c := b.Clone()
	c.Weights[tier.Licence][tier.A3] = decimal.NewFromInt(1)
	c.Contacts[tier.B2][tier.Critical] = tier.Contact{}
	if diff := cmp.Diff(tier.Reference(), b); diff != "" {
		t.Errorf("changing a Clone changed the original (-want +got):\n%s", diff)
	}
	if (*tier.Table)(nil).Clone() != nil {
		t.Error("Clone of nil is not nil")
	}
}

func TestSupervisionLevels(t *testing.T) {
	s := tier.SupervisionLevels()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	type result struct {
		Unit    string
		Tiers   []tier.Tier
		Maximum string
		Medium  string
		Minimum string
	}
	w := func(tr tier.Tier) string {
		d, err := s.Weight(tier.Community, tr, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.String()
	}
	got := result{s.Unit, s.Scheme.Tiers(), w("maximum"), w("medium"), w("minimum")}
	want := result{
		Unit:    tier.UnitHoursPerMonth,
		Tiers:   []tier.Tier{"intensive", "maximum", "medium", "minimum", "administrative"},
		Maximum: "4", Medium: "2", Minimum: "1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("supervision levels mismatch (-want +got):\n%s", diff)
	}
}

func TestLookUpErrors(t *testing.T) {
	ref := tier.Reference()
	tests := []struct {
		name string
		err  error
		want problem
	}{
		{name: "unknown case type", err: second(ref.Weight(tier.CaseTypeUnknown, tier.B2, false)), want: problem{"weights", "unknown", "ErrUnknown"}},
		{name: "young adult, unknown case type", err: second(ref.Weight(tier.CaseTypeUnknown, tier.B2, true)), want: problem{"youngAdultWeights", "unknown", "ErrUnknown"}},
		{name: "tier outside the scheme", err: second(ref.Weight(tier.Licence, "intensive", false)), want: problem{"weights.licence", "intensive", "ErrUnknownTier"}},
		{name: "unknown court report", err: second(ref.CourtReport(tier.ReportUnknown)), want: problem{"courtReports", "unknown", "ErrUnknown"}},
		{name: "undefined status", err: second(ref.Share(tier.Inactive(9))), want: problem{"inactivePercent", "inactive(9)", "ErrUnknown"}},
		{name: "contact for a tier outside the scheme", err: second(ref.Contact("E9", tier.Critical)), want: problem{"contacts", "E9", "ErrUnknownTier"}},
		{name: "contact for an unknown phase", err: second(ref.Contact(tier.A3, tier.PhaseUnknown)), want: problem{"contacts.A3", "unknown", "ErrUnknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, tt.err)
			if diff := cmp.Diff([]problem{tt.want}, got); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if tt.err != nil {
				checkMessage(t, tt.err)
			}
		})
	}
}

func second[V any](_ V, err error) error { return err }

func TestContact(t *testing.T) {
	ref := tier.Reference()
	type result struct {
		Contact tier.Contact
		None    bool
		String  string
	}
	tests := []struct {
		name   string
		reason string
		tier   tier.Tier
		phase  tier.Phase
		want   result
	}{
		{name: "A3 critical", tier: tier.A3, phase: tier.Critical, want: result{tier.Contact{Contacts: 1, Days: 7, Minutes: 75, FaceToFace: true}, false, "1 per 7 days, 75 min, face to face"}},
		{name: "A3 past two-thirds", tier: tier.A3, phase: tier.PastTwoThirds, want: result{tier.Contact{Contacts: 1, Days: 14, Minutes: 60, FaceToFace: true}, false, "1 per 14 days, 60 min, face to face"}},
		{name: "A3 suspended", tier: tier.A3, phase: tier.Suspended, want: result{tier.Contact{}, true, "none"}},
		{name: "S tier", reason: "unsupervised cases need no contact", tier: tier.B2S, phase: tier.Standard, want: result{tier.Contact{}, true, "none"}},
		{name: "untiered", tier: tier.Untiered, phase: tier.Critical, want: result{tier.Contact{}, true, "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ref.Contact(tt.tier, tt.phase)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, result{c, c.None(), c.String()}); diff != "" {
				t.Errorf("Contact mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
	if s := (tier.Contact{Contacts: 2, Days: 30, Minutes: 45}).String(); s != "2 per 30 days, 45 min" {
		t.Errorf("String = %q", s)
	}
}

// quickly runs f and fails the test if it allocates more than 64 MiB:
// hostile decimals must never make a check run away. It reads no clock, so
// a busy machine cannot fail it; a runaway conversion shows as allocation.
func quickly(t *testing.T, f func()) {
	t.Helper()
	if n := alloc.Bytes(f); n > 64<<20 {
		t.Errorf("allocated %d MiB", n>>20)
	}
}

// TestTableValidateReportsEverything builds a table with many problems and
// checks that Validate reports each once, in a stable order, and quickly:
// the unbounded court-report and inactive-percent decimals once made it
// compare and print 10^999999999 for minutes.
func TestTableValidateReportsEverything(t *testing.T) {
	tb := tier.Reference()
	tb.Version = ""
	delete(tb.Weights[tier.Community], tier.B2)
	tb.Weights[tier.Licence]["Z9"] = decimal.NewFromInt(1)
	tb.Weights[tier.Custody][tier.C1] = decimal.NewFromInt(-1)
	tb.YoungAdult[tier.Community][tier.A3] = decimal.New(1, 999999999)
	tb.CourtReports[tier.ReportStandard] = decimal.New(-1, 999999999)
	tb.CourtReports[tier.ReportFast] = decimal.NewFromInt(-65)
	tb.InactivePercent[tier.Warrant] = decimal.NewFromInt(101)
	tb.InactivePercent[tier.OverdueTermination] = decimal.New(1, -999999999)
	tb.CriticalPeriodDays = 0
	tb.Contacts[tier.B1][tier.Standard] = tier.Contact{Contacts: 1, Minutes: 30}
	delete(tb.Contacts, tier.D0)

	var err error
	quickly(t, func() { err = tb.Validate() })
	want := []problem{
		{"version", "", "ErrMissing"},
		{"youngAdultWeights.community.A3", "(decimal)", "ErrOutOfRange"},
		{"courtReports.standard", "(decimal)", "ErrOutOfRange"},
		{"inactivePercent.overdue-termination", "(decimal)", "ErrOutOfRange"},
		{"weights.community.B2", "", "ErrMissing"},
		{"weights.licence", "Z9", "ErrUnknownTier"},
		{"weights.custody.C1", "-1", "ErrOutOfRange"},
		{"courtReports.fast", "-65", "ErrOutOfRange"},
		{"inactivePercent.warrant", "101", "ErrOutOfRange"},
		{"criticalPeriodDays", "0", "ErrOutOfRange"},
		{"contacts.B1.standard.days", "0", "ErrOutOfRange"},
		{"contacts.D0", "", "ErrMissing"},
	}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Errorf("Validate problems mismatch (-want +got):\n%s", diff)
	}
	checkMessage(t, err)
	for _, s := range []error{tier.ErrMissing, tier.ErrUnknownTier, tier.ErrOutOfRange} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = false", s)
		}
	}
	for i := 0; i < 10; i++ {
		if again := tb.Validate(); again.Error() != err.Error() {
			t.Fatalf("Validate is not stable (-first +now):\n%s", cmp.Diff(err.Error(), again.Error()))
		}
	}
}

func TestTableValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(*tier.Table)
		want   []problem
	}{
		{name: "reference", edit: func(*tier.Table) {}},
		{
			name: "nil table",
			edit: nil,
			want: []problem{{"table", "nil", "ErrMissing"}},
		},
		{
			name:   "zero table",
			reason: "without a scheme nothing else can be checked",
			edit:   func(tb *tier.Table) { *tb = tier.Table{} },
			want: []problem{
				{"name", "", "ErrMissing"},
				{"version", "", "ErrMissing"},
				{"unit", "", "ErrUnknown"},
				{"scheme", "", "ErrMissing"},
			},
		},
		{
			name: "unit",
			edit: func(tb *tier.Table) { tb.Unit = "minutes" },
			want: []problem{{"unit", "minutes", "ErrUnknown"}},
		},
		{
			name: "unknown keys",
			edit: func(tb *tier.Table) {
				tb.Weights[tier.CaseTypeUnknown] = tb.Weights[tier.Community]
				tb.CourtReports[tier.ReportUnknown] = decimal.NewFromInt(1)
				tb.InactivePercent[tier.Active] = decimal.NewFromInt(100)
				tb.Contacts["E9"] = tb.Contacts[tier.A3]
				tb.Contacts[tier.A2][tier.PhaseUnknown] = tier.Contact{}
			},
			want: []problem{
				{"weights", "unknown", "ErrUnknown"},
				{"courtReports", "unknown", "ErrUnknown"},
				{"inactivePercent.active", "", "ErrInconsistent"},
				{"contacts", "E9", "ErrUnknownTier"},
				{"contacts.A2", "unknown", "ErrUnknown"},
			},
		},
		{
			name: "missing rows",
			edit: func(tb *tier.Table) {
				delete(tb.YoungAdult, tier.Licence)
				delete(tb.CourtReports, tier.ReportStandard)
				delete(tb.InactivePercent, tier.UnpaidWorkOnly)
				delete(tb.Contacts[tier.C2], tier.Suspended)
			},
			want: []problem{
				{"youngAdultWeights.licence", "", "ErrMissing"},
				{"courtReports.standard", "", "ErrMissing"},
				{"inactivePercent.unpaid-work-only", "", "ErrMissing"},
				{"contacts.C2.suspended", "", "ErrMissing"},
			},
		},
		{
			name:   "inactive percent bounds",
			reason: "0 and 100 are allowed, 100.5 and -0.5 are not",
			edit: func(tb *tier.Table) {
				tb.InactivePercent[tier.Warrant] = decimal.RequireFromString("100.5")
				tb.InactivePercent[tier.UnpaidWorkOnly] = decimal.NewFromInt(100)
				tb.InactivePercent[tier.OverdueTermination] = decimal.RequireFromString("-0.5")
			},
			want: []problem{
				{"inactivePercent.warrant", "100.5", "ErrOutOfRange"},
				{"inactivePercent.overdue-termination", "-0.5", "ErrOutOfRange"},
			},
		},
		{
			name:   "decimals beyond six places",
			reason: "bounded like a decoded document",
			edit:   func(tb *tier.Table) { tb.Weights[tier.Community][tier.B2] = decimal.RequireFromString("115.0000001") },
			want:   []problem{{"weights.community.B2", "(decimal)", "ErrOutOfRange"}},
		},
		{
			name: "critical period",
			edit: func(tb *tier.Table) { tb.CriticalPeriodDays = 366 },
			want: []problem{{"criticalPeriodDays", "366", "ErrOutOfRange"}},
		},
		{
			name: "contacts",
			edit: func(tb *tier.Table) {
				tb.Contacts[tier.A3][tier.Critical] = tier.Contact{Contacts: -1}
				tb.Contacts[tier.A3][tier.Standard] = tier.Contact{Contacts: 101, Days: 7, Minutes: 30}
				tb.Contacts[tier.A2][tier.Critical] = tier.Contact{Days: 7}
				tb.Contacts[tier.A2][tier.Standard] = tier.Contact{FaceToFace: true}
				tb.Contacts[tier.A1][tier.Critical] = tier.Contact{Contacts: 1, Days: 366, Minutes: 30}
				tb.Contacts[tier.A1][tier.Standard] = tier.Contact{Contacts: 1, Days: 7}
				tb.Contacts[tier.A1][tier.PastTwoThirds] = tier.Contact{Contacts: 1, Days: 7, Minutes: 1441}
				tb.Contacts[tier.A0][tier.Critical] = tier.Contact{Contacts: 100, Days: 365, Minutes: 1440}
			},
			want: []problem{
				{"contacts.A3.critical.contacts", "-1", "ErrOutOfRange"},
				{"contacts.A3.standard.contacts", "101", "ErrOutOfRange"},
				{"contacts.A2.critical", "none", "ErrInconsistent"},
				{"contacts.A2.standard", "none", "ErrInconsistent"},
				{"contacts.A1.critical.days", "366", "ErrOutOfRange"},
				{"contacts.A1.standard.minutes", "0", "ErrOutOfRange"},
				{"contacts.A1.past-two-thirds.minutes", "1441", "ErrOutOfRange"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tb *tier.Table
			if tt.edit != nil {
				tb = tier.Reference()
				tt.edit(tb)
			}
			var err error
			quickly(t, func() { err = tb.Validate() })
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("Validate problems mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if err != nil {
				checkMessage(t, err)
			}
		})
	}
}

// pilotDoc is a small valid table document: a two-tier scheme.
const pilotDoc = `{
 "name": "pilot", "version": "1", "unit": "points",
 "scheme": {"name": "pilot", "tiers": ["high", "low"]},
 "weights": {
  "community": {"high": 100, "low": 20},
  "licence": {"high": 120, "low": 25.5},
  "custody": {"high": 40, "low": 10}
 },
 "youngAdultWeights": {
  "community": {"high": 40, "low": 10},
  "licence": {"high": 40, "low": 10},
  "custody": {"high": 40, "low": 10}
 },
 "courtReports": {"standard": 138, "fast": 65},
 "inactivePercent": {"warrant": 0, "unpaid-work-only": 100, "overdue-termination": 0},
 "criticalPeriodDays": 28,
 "contacts": {
  "high": {
   "critical": {"contacts": 2, "days": 7, "minutes": 60, "faceToFace": true},
   "standard": {"contacts": 1, "days": 7, "minutes": 60, "faceToFace": true},
   "past-two-thirds": {"contacts": 1, "days": 14, "minutes": 45, "faceToFace": false},
   "suspended": {"contacts": 0, "days": 0, "minutes": 0, "faceToFace": false}
  },
  "low": {
   "critical": {"contacts": 1, "days": 7, "minutes": 45, "faceToFace": true},
   "standard": {"contacts": 1, "days": 28, "minutes": 30, "faceToFace": false},
   "past-two-thirds": {"contacts": 1, "days": 56, "minutes": 30, "faceToFace": false},
   "suspended": {"contacts": 0, "days": 0, "minutes": 0, "faceToFace": false}
  }
 }
}`

func TestDecodeTable(t *testing.T) {
	tb, err := tier.DecodeTable(strings.NewReader(pilotDoc))
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Validate(); err != nil {
		t.Fatal(err)
	}
	scheme, err := tier.NewScheme("pilot", []tier.Tier{"high", "low"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := tb.Weight(tier.Licence, "low", false)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Scheme tier.Scheme
		Low    decimal.Decimal
		Order  int
	}
	got := result{tb.Scheme, w, tb.Scheme.Compare("high", "low")}
	want := result{scheme, decimal.RequireFromString("25.5"), -1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded pilot table mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeTableErrors(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(pilotDoc, old) {
			panic("pilotDoc lacks " + old)
		}
		return strings.Replace(pilotDoc, old, new, 1)
	}
	syntax := []problem{{"table", "", "ErrSyntax"}}
	tests := []struct {
		name   string
		reason string
		doc    string
		want   []problem
		// wantText is a fragment the message must hold.
		wantText string
	}{
		{name: "empty", doc: "", want: syntax, wantText: "empty input"},
		{name: "unknown field", doc: replace(`"name": "pilot",`, `"name": "pilot", "colour": "red",`), want: syntax, wantText: `unknown field "colour"`},
		{name: "unknown field in a contact", doc: replace(`"minutes": 45, "faceToFace": true}`, `"minutes": 45, "faceToFace": true, "where": "office"}`), want: syntax, wantText: `unknown field "where"`},
		{name: "unknown field in the scheme", doc: replace(`"tiers": ["high", "low"]`, `"tiers": ["high", "low"], "order": "desc"`), want: syntax, wantText: `unknown field "order"`},
		{name: "trailing data", doc: pilotDoc + ` {}`, want: syntax, wantText: "trailing data"},
		{name: "two documents", doc: pilotDoc + pilotDoc, want: syntax, wantText: "trailing data"},
		{name: "unknown case type", doc: replace(`"custody": {"high": 40`, `"probation": {"high": 40`), want: syntax, wantText: `case type "probation": unknown value`},
		{name: "case type unknown", reason: "the zero value has no text form", doc: replace(`"custody": {"high": 40`, `"unknown": {"high": 40`), want: syntax, wantText: `case type "unknown": unknown value`},
		{name: "unknown phase", doc: replace(`"past-two-thirds": {"contacts": 1, "days": 14`, `"later": {"contacts": 1, "days": 14`), want: syntax, wantText: `phase "later": unknown value`},
		{name: "unknown report kind", doc: replace(`"fast": 65`, `"oral": 65`), want: syntax, wantText: `report kind "oral": unknown value`},
		{name: "unknown inactive status", doc: replace(`"warrant": 0`, `"remand": 0`), want: syntax, wantText: `inactive "remand": unknown value`},
		{name: "malformed tier name", doc: replace(`"community": {"high": 100`, `"community": {"very high": 100`), want: syntax, wantText: "tier names hold only letters"},
		{name: "tier listed twice in the scheme", doc: replace(`["high", "low"]`, `["high", "low", "high"]`), want: syntax, wantText: "tier listed twice"},
		{name: "scheme without tiers", doc: replace(`["high", "low"]`, `[]`), want: syntax, wantText: "a scheme needs at least one tier"},
		{name: "weight as text", doc: replace(`"high": 100`, `"high": "a lot"`), want: syntax, wantText: "a lot"},
		{name: "exponent beyond the decimal package", reason: "the decimal decoder refuses it", doc: replace(`"high": 100`, `"high": 1e999999999`), want: syntax, wantText: "exponent"},
		{name: "quoted exponent beyond the decimal package", doc: replace(`"high": 100`, `"high": "1e999999999"`), want: syntax, wantText: "exponent"},
		{name: "large exponent", reason: "decodes, then the bound on decimals refuses it", doc: replace(`"high": 100`, `"high": 1e9999`), want: []problem{{"weights.community.high", "(decimal)", "ErrOutOfRange"}}},
		{name: "small exponent", doc: replace(`"standard": 138`, `"standard": 1e-9999`), want: []problem{{"courtReports.standard", "(decimal)", "ErrOutOfRange"}}},
		{name: "thousands of digits", doc: replace(`"low": 25.5`, `"low": 1`+strings.Repeat("3", 5000)), want: []problem{{Field: "table", Sentinel: "ErrSyntax"}}},
		{name: "thousands of places", doc: replace(`"warrant": 0`, `"warrant": 0.`+strings.Repeat("3", 5000)), want: []problem{{Field: "table", Sentinel: "ErrSyntax"}}},
		{name: "seven places", doc: replace(`"low": 25.5`, `"low": 25.0000001`), want: []problem{{"weights.licence.low", "(decimal)", "ErrOutOfRange"}}},
		{name: "10^9", doc: replace(`"low": 25.5`, `"low": 1000000000`), want: []problem{{"weights.licence.low", "(decimal)", "ErrOutOfRange"}}},
		{
			name:   "every bad decimal at once",
			reason: "in a stable order: weights, young adults, court reports, inactive",
			doc: strings.NewReplacer(
				`"custody": {"high": 40, "low": 10}`+"\n }", `"custody": {"high": 1e99, "low": 1e-99}`+"\n }",
				`"fast": 65`, `"fast": 65.1234567`,
				`"overdue-termination": 0`, `"overdue-termination": 1e10`,
			).Replace(pilotDoc),
			want: []problem{
				{"weights.custody.high", "(decimal)", "ErrOutOfRange"},
				{"weights.custody.low", "(decimal)", "ErrOutOfRange"},
				{"youngAdultWeights.custody.high", "(decimal)", "ErrOutOfRange"},
				{"youngAdultWeights.custody.low", "(decimal)", "ErrOutOfRange"},
				{"courtReports.fast", "(decimal)", "ErrOutOfRange"},
				{"inactivePercent.overdue-termination", "(decimal)", "ErrOutOfRange"},
			},
		},
		{name: "too large", doc: pilotDoc + strings.Repeat(" ", tier.MaxDocumentBytes), want: syntax, wantText: "input too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				tb  *tier.Table
				err error
			)
			quickly(t, func() { tb, err = tier.DecodeTable(strings.NewReader(tt.doc)) })
			if tb != nil {
				t.Errorf("a failed DecodeTable returned a table")
			}
			if cmp.Equal(tt.want, syntax) {
				// Syntax errors keep the field and sentinel of a value our
				// own types refused, and add ErrSyntax.
				if !errors.Is(err, tier.ErrSyntax) {
					t.Errorf("errors.Is(%v, ErrSyntax) = false\nreason: %s", err, tt.reason)
				}
			} else if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("DecodeTable problems mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if err == nil {
				return
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("message %q does not hold %q", err, tt.wantText)
			}
			checkMessage(t, err)
		})
	}
}

func TestTableRoundTrip(t *testing.T) { rapid.Check(t, testTableRoundTrip) }

func FuzzTableRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testTableRoundTrip)) }

// testTableRoundTrip: a valid table, with generated changes to its
// weights, report weights, shares, critical period and contacts, survives
// json.Marshal and DecodeTable unchanged and stays valid.
func testTableRoundTrip(t *rapid.T) {
	tb := genTable().Draw(t, "table")
	tiers := tb.Scheme.Tiers()
	edits := rapid.IntRange(0, 8).Draw(t, "edits")
	for i := 0; i < edits; i++ {
		switch rapid.IntRange(0, 5).Draw(t, "edit") {
		case 0:
			ct := rapid.SampledFrom(tier.CaseTypes()).Draw(t, "caseType")
			tr := rapid.SampledFrom(tiers).Draw(t, "tier")
			tb.Weights[ct][tr] = genWeight().Draw(t, "weight")
		case 1:
			ct := rapid.SampledFrom(tier.CaseTypes()).Draw(t, "caseType")
			tr := rapid.SampledFrom(tiers).Draw(t, "tier")
			tb.YoungAdult[ct][tr] = genWeight().Draw(t, "weight")
		case 2:
			tb.CourtReports[rapid.SampledFrom(tier.ReportKinds()).Draw(t, "report")] = genWeight().Draw(t, "weight")
		case 3:
			p := decimal.New(rapid.Int64Range(0, 100_000_000).Draw(t, "percentMicro"), -6)
			tb.InactivePercent[rapid.SampledFrom(tier.InactiveStatuses()).Draw(t, "status")] = p
		case 4:
			tb.CriticalPeriodDays = rapid.IntRange(1, 365).Draw(t, "criticalPeriodDays")
		case 5:
			c := tier.Contact{}
			if n := rapid.IntRange(0, 100).Draw(t, "contacts"); n > 0 {
				c = tier.Contact{
					Contacts:   n,
					Days:       rapid.IntRange(1, 365).Draw(t, "days"),
					Minutes:    rapid.IntRange(1, 1440).Draw(t, "minutes"),
					FaceToFace: rapid.Bool().Draw(t, "faceToFace"),
				}
			}
			tb.Contacts[rapid.SampledFrom(tiers).Draw(t, "tier")][rapid.SampledFrom(tier.Phases()).Draw(t, "phase")] = c
		}
	}
	if err := tb.Validate(); err != nil {
		t.Fatalf("edited table is invalid: %v", err)
	}
	b, err := json.Marshal(tb)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	got, err := tier.DecodeTable(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("DecodeTable: %v", err)
	}
	if diff := cmp.Diff(tb, got); diff != "" {
		t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("decoded table is invalid: %v", err)
	}
}

func TestDecodeTableArbitrary(t *testing.T) { rapid.Check(t, testDecodeTableArbitrary) }

func FuzzDecodeTableArbitrary(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDecodeTableArbitrary)) }

// tableFragments are pieces of table documents that arbitrary input is
// assembled from, so that decoding gets past the first byte.
var tableFragments = []string{
	`{`, `}`, `[`, `]`, `,`, `:`, `"`, `null`, `true`, `0`, `-1`, `101`, `1e999999999`, `"1e9999"`, `0.0000001`,
	`"name"`, `"version"`, `"unit"`, `"points"`, `"scheme"`, `"tiers"`, `"B2"`, `"B2S"`, `"untiered"`, `"high"`,
	`"weights"`, `"youngAdultWeights"`, `"community"`, `"licence"`, `"custody"`, `"courtReports"`, `"standard"`,
	`"fast"`, `"inactivePercent"`, `"warrant"`, `"active"`, `"criticalPeriodDays"`, `"contacts"`, `"critical"`,
	`"suspended"`, `"contacts"`, `"days"`, `"minutes"`, `"faceToFace"`, `"unknown"`,
}

func genTableDocument() *rapid.Generator[[]byte] {
	return rapid.OneOf(
		rapid.SliceOf(rapid.Byte()),
		rapid.Map(rapid.SliceOf(rapid.SampledFrom(tableFragments)), func(p []string) []byte {
			return []byte(strings.Join(p, ""))
		}),
		// A valid document with a few bytes changed.
		rapid.Custom(func(t *rapid.T) []byte {
			b := []byte(pilotDoc)
			if rapid.Bool().Draw(t, "reference") {
				b = tier.ReferenceJSON()
			}
			for n := rapid.IntRange(1, 3).Draw(t, "changes"); n > 0; n-- {
				b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.Byte().Draw(t, "byte")
			}
			return b
		}),
	)
}

// testDecodeTableArbitrary: decoding arbitrary bytes never panics and
// fails only with ErrSyntax or ErrOutOfRange; what decodes validates
// without panicking, and what is valid round-trips.
func testDecodeTableArbitrary(t *rapid.T) {
	doc := genTableDocument().Draw(t, "document")
	tb, err := tier.DecodeTable(bytes.NewReader(doc))
	if err != nil {
		if !errors.Is(err, tier.ErrSyntax) && !errors.Is(err, tier.ErrOutOfRange) {
			t.Fatalf("DecodeTable error %v wraps neither ErrSyntax nor ErrOutOfRange", err)
		}
		return
	}
	if err := tb.Validate(); err != nil {
		_ = err.Error()
		return
	}
	b, err := json.Marshal(tb)
	if err != nil {
		t.Fatalf("a valid decoded table does not marshal: %v", err)
	}
	again, err := tier.DecodeTable(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("re-decoding: %v", err)
	}
	if diff := cmp.Diff(tb, again); diff != "" {
		t.Fatalf("decoded table does not round-trip (-first +second):\n%s", diff)
	}
}

func TestTableValidateUndefinedKeys(t *testing.T) {
	tb := tier.Reference()
	tb.CourtReports[tier.ReportKind(7)] = decimal.NewFromInt(1)
	tb.InactivePercent[tier.Inactive(9)] = decimal.NewFromInt(1)
	tb.Weights[tier.CaseType(9)] = map[tier.Tier]decimal.Decimal{}
	err := tb.Validate()
	for _, want := range []string{
		`tier: courtReports "report kind(7)": unknown value: not a report kind`,
		`tier: inactivePercent "inactive(9)": unknown value: not an inactive status`,
		`tier: weights "case type(9)": unknown value: not a case type`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}
