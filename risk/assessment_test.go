package risk_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/alloc"
	"github.com/openprobation/caseload/internal/gen"
	"github.com/openprobation/caseload/risk"
)

// problem is one *risk.FieldError reduced to what a caller branches on.
type problem struct {
	Field    string
	Value    string
	Sentinel string
}

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrMissing", risk.ErrMissing},
	{"ErrUnknown", risk.ErrUnknown},
	{"ErrOutOfRange", risk.ErrOutOfRange},
	{"ErrDuplicate", risk.ErrDuplicate},
	{"ErrInconsistent", risk.ErrInconsistent},
	{"ErrSyntax", risk.ErrSyntax},
}

// sentinelOf names the one sentinel err wraps, or "none".
func sentinelOf(err error) string {
	found := "none"
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			if found != "none" {
				return "several"
			}
			found = s.name
		}
	}
	return found
}

// problems splits a joined validation error into its field errors, failing
// the test for any part that is not a *risk.FieldError.
func problems(t testing.TB, err error) []problem {
	t.Helper()
	if err == nil {
		return nil
	}
	parts := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		parts = j.Unwrap()
	}
	out := make([]problem, 0, len(parts))
	for _, e := range parts {
		var fe *risk.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("%v: not a *risk.FieldError (%T)", e, e)
		}
		out = append(out, problem{Field: fe.Field, Value: fe.Value, Sentinel: sentinelOf(fe)})
	}
	return out
}

// checkMessage checks the house style of every line of an error message:
// prefixed with "risk: " and lowercase after it.
func checkMessage(t testing.TB, err error) {
	t.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		rest, ok := strings.CutPrefix(line, "risk: ")
		if !ok {
			t.Errorf("message line %q does not start with \"risk: \"", line)
			continue
		}
		if r := []rune(rest); len(r) == 0 || unicode.IsUpper(r[0]) {
			t.Errorf("message line %q is not lowercase after the prefix", line)
		}
	}
}

func valid() risk.Assessment {
	return risk.Assessment{MAPPA: risk.MAPPA{Level: risk.MAPPANone}, Mandate: risk.MandateYes}
}

// digits returns a decimal with n digits before the point.
func digits(n int) decimal.Decimal {
	b, _ := new(big.Int).SetString("1"+strings.Repeat("7", n-1), 10)
	return decimal.NewFromBigInt(b, 0)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(*risk.Assessment)
		want   []problem
	}{
		{
			name: "minimal",
			edit: func(*risk.Assessment) {},
		},
		{
			name:   "zero assessment",
			reason: "a forgotten mandate must not silently put a case at change level 0",
			edit:   func(a *risk.Assessment) { *a = risk.Assessment{} },
			want:   []problem{{"mappa.level", "unknown", "ErrMissing"}, {"mandate", "unknown", "ErrMissing"}},
		},
		{
			name:   "mappa not recorded",
			reason: "not recorded is not none: a forgotten MAPPA level must not read as unmanaged",
			edit:   func(a *risk.Assessment) { a.MAPPA = risk.MAPPA{} },
			want:   []problem{{"mappa.level", "unknown", "ErrMissing"}},
		},
		{
			name: "mandate outside the enum",
			edit: func(a *risk.Assessment) { a.Mandate = 7 },
			want: []problem{{"mandate", "mandate(7)", "ErrMissing"}},
		},
		{
			name:   "no mandate without needs assessment",
			reason: "both overrides of the change digit may apply together",
			edit:   func(a *risk.Assessment) { a.Mandate = risk.MandateNo },
		},
		{
			name: "rosh outside the enum",
			edit: func(a *risk.Assessment) { a.RoSH = 5 },
			want: []problem{{"rosh", "rosh(5)", "ErrUnknown"}},
		},
		{
			name: "rsr 0",
			edit: func(a *risk.Assessment) { a.RSR = decimal.Zero },
		},
		{
			name: "rsr 100",
			edit: func(a *risk.Assessment) { a.RSR = decimal.NewFromInt(100) },
		},
		{
			name: "rsr 100.01",
			edit: func(a *risk.Assessment) { a.RSR = decimal.RequireFromString("100.01") },
			want: []problem{{"rsr", "100.01", "ErrOutOfRange"}},
		},
		{
			name: "rsr 101",
			edit: func(a *risk.Assessment) { a.RSR = decimal.NewFromInt(101) },
			want: []problem{{"rsr", "101", "ErrOutOfRange"}},
		},
		{
			name: "rsr negative",
			edit: func(a *risk.Assessment) { a.RSR = decimal.RequireFromString("-0.01") },
			want: []problem{{"rsr", "-0.01", "ErrOutOfRange"}},
		},
		{
			name:   "rsr 6.995",
			reason: "RSR has two places, so nothing lies between 6.99 and 7.00",
			edit:   func(a *risk.Assessment) { a.RSR = decimal.RequireFromString("6.995") },
			want:   []problem{{"rsr", "6.995", "ErrOutOfRange"}},
		},
		{
			name:   "rsr 7.000",
			reason: "trailing zeros are not decimal places",
			edit:   func(a *risk.Assessment) { a.RSR = decimal.RequireFromString("7.000") },
		},
		{
			name:   "rsr with more places than any decimal check allows",
			reason: "rejected by the bound on decimals, not the two-place rule",
			edit:   func(a *risk.Assessment) { a.RSR = decimal.RequireFromString("6.9999999") },
			want:   []problem{{"rsr", "69999999e-7", "ErrOutOfRange"}},
		},
		{
			name:   "rsr huge exponent",
			reason: "must be rejected without expanding 10^999999999",
			edit:   func(a *risk.Assessment) { a.RSR = decimal.New(1, 999999999) },
			want:   []problem{{"rsr", "1e999999999", "ErrOutOfRange"}},
		},
		{
			name:   "rsr huge negative exponent",
			reason: "must be rejected without expanding 10^999999999",
			edit:   func(a *risk.Assessment) { a.RSR = decimal.New(1, -999999999) },
			want:   []problem{{"rsr", "1e-999999999", "ErrOutOfRange"}},
		},
		{
			name:   "rsr thousands of digits",
			reason: "the value in the message is bounded too",
			edit:   func(a *risk.Assessment) { a.RSR = digits(5000) },
			want:   []problem{{"rsr", "(16608-bit coefficient)e0", "ErrOutOfRange"}},
		},
		{
			name: "ogrs -1",
			edit: func(a *risk.Assessment) { a.OGRS = -1 },
			want: []problem{{"ogrs", "-1", "ErrOutOfRange"}},
		},
		{
			name: "ogrs 100",
			edit: func(a *risk.Assessment) { a.OGRS = 100 },
		},
		{
			name: "ogrs 101",
			edit: func(a *risk.Assessment) { a.OGRS = 101 },
			want: []problem{{"ogrs", "101", "ErrOutOfRange"}},
		},
		{
			name: "mappa category without level",
			edit: func(a *risk.Assessment) { a.MAPPA.Category = risk.MAPPACategory2 },
			want: []problem{{"mappa.category", "2", "ErrInconsistent"}},
		},
		{
			name:   "mappa level without category",
			reason: "national fixtures give a MAPPA level with no category; the category never changes a tier",
			edit:   func(a *risk.Assessment) { a.MAPPA.Level = risk.MAPPALevel2 },
		},
		{
			name:   "mappa level outside the enum",
			reason: "undefined: not a level, so no category is asked for",
			edit:   func(a *risk.Assessment) { a.MAPPA.Level = 5 },
			want: []problem{
				{"mappa.level", "mappa.level(5)", "ErrUnknown"},
			},
		},
		{
			name: "mappa category outside the enum",
			edit: func(a *risk.Assessment) { a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel3, Category: 5} },
			want: []problem{{"mappa.category", "mappa.category(5)", "ErrUnknown"}},
		},
		{
			name: "mappa level 3 category 4",
			edit: func(a *risk.Assessment) { a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel3, Category: risk.MAPPACategory4} },
		},
		{
			name:   "flag bits outside the enum",
			reason: "the set prints only its defined names: the undefined bit is named by the detail",
			edit:   func(a *risk.Assessment) { a.Flags = risk.NewFlags(risk.FlagIOM) | 1<<20 },
			want:   []problem{{"flags", "iom", "ErrUnknown"}},
		},
		{
			name: "factor bits outside the enum",
			edit: func(a *risk.Assessment) { a.Complexity = 1 << 11 },
			want: []problem{{"complexity", "none", "ErrUnknown"}},
		},
		{
			name: "sex outside the enum",
			edit: func(a *risk.Assessment) { a.Sex = 3 },
			want: []problem{{"sex", "sex(3)", "ErrUnknown"}},
		},
		{
			name: "women factors for a woman",
			edit: func(a *risk.Assessment) {
				a.Sex = risk.SexFemale
				a.WomenFactors = risk.NewWomenFactors(risk.AllWomenFactors()...)
			},
		},
		{
			name: "women factors for a man",
			edit: func(a *risk.Assessment) {
				a.Sex = risk.SexMale
				a.WomenFactors = risk.NewWomenFactors(risk.WomenFactorParenting)
			},
			want: []problem{{"womenFactors", "parenting", "ErrInconsistent"}},
		},
		{
			name:   "women factors with sex unknown",
			reason: "the additional factors count only for sex female",
			edit: func(a *risk.Assessment) {
				a.WomenFactors = risk.NewWomenFactors(risk.WomenFactorImpulsivity, risk.WomenFactorBreach)
			},
			want: []problem{{"womenFactors", "impulsivity+breach-or-recall", "ErrInconsistent"}},
		},
		{
			name: "women factor bits outside the enum",
			edit: func(a *risk.Assessment) {
				a.Sex = risk.SexFemale
				a.WomenFactors = 1 << 4
			},
			want: []problem{{"womenFactors", "none", "ErrUnknown"}},
		},
		{
			name: "needs without needs assessment",
			edit: func(a *risk.Assessment) {
				a.Needs = map[risk.Need]risk.Severity{risk.NeedETE: risk.SeveritySevere, risk.NeedAttitudes: risk.SeverityStandard}
			},
			want: []problem{{"needs", "2 needs", "ErrInconsistent"}},
		},
		{
			name: "unknown need",
			edit: func(a *risk.Assessment) {
				a.NeedsAssessed = true
				a.Needs = map[risk.Need]risk.Severity{risk.NeedUnknown: risk.SeverityStandard}
			},
			want: []problem{{"needs", "unknown", "ErrUnknown"}},
		},
		{
			name:   "needs outside the enum, in value order",
			reason: "reports never depend on map order",
			edit: func(a *risk.Assessment) {
				a.NeedsAssessed = true
				a.Needs = map[risk.Need]risk.Severity{40: risk.SeverityStandard, 11: risk.SeveritySevere, risk.NeedETE: 3}
			},
			want: []problem{
				{"needs.ete", "severity(3)", "ErrUnknown"},
				{"needs", "need(11)", "ErrUnknown"},
				{"needs", "need(40)", "ErrUnknown"},
			},
		},
		{
			name: "needs with severity none",
			edit: func(a *risk.Assessment) {
				a.NeedsAssessed = true
				a.Needs = map[risk.Need]risk.Severity{risk.NeedFinance: risk.SeverityNone}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.edit(&a)
			var err error
			if n := alloc.Bytes(func() { err = a.Validate() }); n > 16<<20 {
				t.Errorf("Validate allocated %d MiB", n>>20)
			}
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("Validate problems mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if err != nil {
				checkMessage(t, err)
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	a := risk.Assessment{
		RSR:   decimal.NewFromInt(101),
		OGRS:  -1,
		MAPPA: risk.MAPPA{Category: risk.MAPPACategory1},
		Needs: map[risk.Need]risk.Severity{risk.NeedAccommodation: risk.SeverityStandard},
	}
	err := a.Validate()
	want := []problem{
		{"rsr", "101", "ErrOutOfRange"},
		{"ogrs", "-1", "ErrOutOfRange"},
		{"mappa.level", "unknown", "ErrMissing"},
		{"mappa.category", "1", "ErrInconsistent"},
		{"needs", "1 needs", "ErrInconsistent"},
		{"mandate", "unknown", "ErrMissing"},
	}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	for _, s := range []error{risk.ErrOutOfRange, risk.ErrInconsistent, risk.ErrMissing} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = false, want true", s)
		}
	}
	for _, s := range []error{risk.ErrUnknown, risk.ErrDuplicate, risk.ErrSyntax} {
		if errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = true, want false", s)
		}
	}
	var fe *risk.FieldError
	if !errors.As(err, &fe) {
		t.Fatal("errors.As(err, *risk.FieldError) = false")
	}
	if diff := cmp.Diff(problem{"rsr", "101", "ErrOutOfRange"}, problem{fe.Field, fe.Value, sentinelOf(fe)}); diff != "" {
		t.Errorf("errors.As finds the first problem (-want +got):\n%s", diff)
	}
	if fe.Pkg != "risk" {
		t.Errorf("Pkg = %q, want risk", fe.Pkg)
	}
	wantMsg := strings.Join([]string{
		`risk: rsr "101": out of range: must be between 0 and 100`,
		`risk: ogrs "-1": out of range: must be between 0 and 100`,
		`risk: mappa.level "unknown": missing: a MAPPA level must be recorded (none, 1, 2 or 3): not recorded is not none`,
		`risk: mappa.category "1": inconsistent: a MAPPA category needs a MAPPA level`,
		`risk: needs "1 needs": inconsistent: needs given but needsAssessed is false`,
		`risk: mandate "unknown": missing: must be yes or no`,
	}, "\n")
	if diff := cmp.Diff(wantMsg, err.Error()); diff != "" {
		t.Errorf("message mismatch (-want +got):\n%s", diff)
	}
	checkMessage(t, err)
}

// TestValidateStableOrder checks that the report does not depend on map
// order: many needs, all invalid, always come out the same.
func TestValidateStableOrder(t *testing.T) {
	a := valid()
	a.Needs = map[risk.Need]risk.Severity{}
	for i := 0; i < 40; i++ {
		a.Needs[risk.Need(i)] = risk.Severity(i % 5)
	}
	first := a.Validate().Error()
	for i := 0; i < 20; i++ {
		if got := a.Validate().Error(); got != first {
			t.Fatalf("report changed between runs (-first +now):\n%s", cmp.Diff(first, got))
		}
	}
}

func TestGeneratedAssessmentsAreValid(t *testing.T) { rapid.Check(t, testGeneratedAssessmentsAreValid) }

func FuzzGeneratedAssessmentsAreValid(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testGeneratedAssessmentsAreValid))
}

func testGeneratedAssessmentsAreValid(t *rapid.T) {
	a := gen.Assessment().Draw(t, "assessment")
	if err := a.Validate(); err != nil {
		t.Fatalf("generated assessment is invalid: %v", err)
	}
}

func TestNeedsScore(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		needs  map[risk.Need]risk.Severity
		want   int
	}{
		{name: "none", want: 0},
		{name: "accommodation standard", needs: map[risk.Need]risk.Severity{risk.NeedAccommodation: risk.SeverityStandard}, want: 1},
		{name: "accommodation severe", needs: map[risk.Need]risk.Severity{risk.NeedAccommodation: risk.SeveritySevere}, want: 2},
		{name: "thinking and behaviour standard", needs: map[risk.Need]risk.Severity{risk.NeedThinkingBehaviour: risk.SeverityStandard}, want: 2},
		{name: "attitudes severe", needs: map[risk.Need]risk.Severity{risk.NeedAttitudes: risk.SeveritySevere}, want: 4},
		{
			name:   "finance and emotional wellbeing",
			reason: "assessed but weigh 0",
			needs:  map[risk.Need]risk.Severity{risk.NeedFinance: risk.SeveritySevere, risk.NeedEmotionalWellbeing: risk.SeveritySevere},
			want:   0,
		},
		{
			name: "every need severe",
			needs: map[risk.Need]risk.Severity{
				risk.NeedAccommodation: risk.SeveritySevere, risk.NeedETE: risk.SeveritySevere,
				risk.NeedRelationships: risk.SeveritySevere, risk.NeedLifestyle: risk.SeveritySevere,
				risk.NeedDrugMisuse: risk.SeveritySevere, risk.NeedAlcoholMisuse: risk.SeveritySevere,
				risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeveritySevere,
				risk.NeedFinance: risk.SeveritySevere, risk.NeedEmotionalWellbeing: risk.SeveritySevere,
			},
			want: 6*2 + 2*4,
		},
		{name: "severity none", needs: map[risk.Need]risk.Severity{risk.NeedETE: risk.SeverityNone}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := risk.Assessment{MAPPA: risk.MAPPA{Level: risk.MAPPANone}, Mandate: risk.MandateYes, NeedsAssessed: true, Needs: tt.needs}
			if diff := cmp.Diff(tt.want, a.NeedsScore()); diff != "" {
				t.Errorf("NeedsScore mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestNeedWeight(t *testing.T) {
	want := map[risk.Need]int{
		risk.NeedUnknown:            0,
		risk.NeedAccommodation:      1,
		risk.NeedETE:                1,
		risk.NeedRelationships:      1,
		risk.NeedLifestyle:          1,
		risk.NeedDrugMisuse:         1,
		risk.NeedAlcoholMisuse:      1,
		risk.NeedThinkingBehaviour:  2,
		risk.NeedAttitudes:          2,
		risk.NeedFinance:            0,
		risk.NeedEmotionalWellbeing: 0,
		11:                          0,
		255:                         0,
	}
	got := map[risk.Need]int{}
	for n := range want {
		got[n] = n.Weight()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Need.Weight mismatch (-want +got):\n%s", diff)
	}
	mult := map[risk.Severity]int{}
	for _, s := range []risk.Severity{risk.SeverityNone, risk.SeverityStandard, risk.SeveritySevere, 3} {
		mult[s] = s.Multiplier()
	}
	if diff := cmp.Diff(map[risk.Severity]int{0: 0, 1: 1, 2: 2, 3: 0}, mult); diff != "" {
		t.Errorf("Severity.Multiplier mismatch (-want +got):\n%s", diff)
	}
}

func TestAgeDaysAndStale(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	plus2 := time.FixedZone("UTC+2", 2*60*60)
	asOf := utc(2026, 11, 23, 12, 0)
	tests := []struct {
		name      string
		reason    string
		assessed  time.Time
		asOf      time.Time
		maxDays   int
		wantAge   int
		wantKnown bool
		wantStale bool
	}{
		{
			name:      "no date",
			reason:    "unknown age is never silently trusted",
			asOf:      asOf,
			maxDays:   365,
			wantStale: true,
		},
		{
			name:      "no date with a huge maximum",
			asOf:      asOf,
			maxDays:   1 << 30,
			wantStale: true,
		},
		{name: "same day", assessed: utc(2026, 11, 23, 9, 0), asOf: asOf, maxDays: 0, wantAge: 0, wantKnown: true},
		{name: "one year exactly", assessed: utc(2025, 11, 23, 0, 0), asOf: asOf, maxDays: 365, wantAge: 365, wantKnown: true},
		{
			name:      "one day past the maximum",
			assessed:  utc(2025, 11, 22, 0, 0),
			asOf:      asOf,
			maxDays:   365,
			wantAge:   366,
			wantKnown: true,
			wantStale: true,
		},
		{
			name:      "across a leap day",
			assessed:  utc(2024, 2, 28, 0, 0),
			asOf:      utc(2024, 3, 1, 0, 0),
			maxDays:   1,
			wantAge:   2,
			wantKnown: true,
			wantStale: true,
		},
		{
			name:      "two minutes across midnight",
			reason:    "whole calendar days, not 24-hour periods",
			assessed:  utc(2026, 1, 1, 23, 59),
			asOf:      utc(2026, 1, 2, 0, 1),
			maxDays:   0,
			wantAge:   1,
			wantKnown: true,
			wantStale: true,
		},
		{
			name:      "each instant by its own civil date",
			reason:    "00:30 on 1 January at UTC+2 is 31 December in UTC, but its own date is 1 January",
			assessed:  time.Date(2026, 1, 1, 0, 30, 0, 0, plus2),
			asOf:      utc(2026, 1, 1, 12, 0),
			maxDays:   0,
			wantAge:   0,
			wantKnown: true,
		},
		{
			name:      "dated after asOf",
			reason:    "a future date has a negative age and is not stale",
			assessed:  utc(2026, 12, 1, 0, 0),
			asOf:      asOf,
			maxDays:   30,
			wantAge:   -8,
			wantKnown: true,
		},
	}
	type result struct {
		Age   int
		Known bool
		Stale bool
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			a.AssessedOn = tt.assessed
			age, known := a.AgeDays(tt.asOf)
			got := result{age, known, a.Stale(tt.asOf, tt.maxDays)}
			want := result{tt.wantAge, tt.wantKnown, tt.wantStale}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("AgeDays/Stale mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestStaleMonotonic(t *testing.T) { rapid.Check(t, testStaleMonotonic) }

func FuzzStaleMonotonic(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testStaleMonotonic)) }

// testStaleMonotonic: an assessment stale at some date stays stale later,
// and a larger maximum never makes it stale.
func testStaleMonotonic(t *rapid.T) {
	a := valid()
	a.AssessedOn = gen.Date().Draw(t, "assessedOn")
	asOf := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 6000).Draw(t, "asOf"))
	later := asOf.AddDate(0, 0, rapid.IntRange(0, 1000).Draw(t, "later"))
	maxDays := rapid.IntRange(0, 1000).Draw(t, "maxDays")
	more := maxDays + rapid.IntRange(0, 1000).Draw(t, "more")
	if a.Stale(asOf, maxDays) && !a.Stale(later, maxDays) {
		t.Fatalf("stale at %v but not at later %v", asOf, later)
	}
	if a.Stale(asOf, more) && !a.Stale(asOf, maxDays) {
		t.Fatalf("stale with maximum %d but not with smaller %d", more, maxDays)
	}
	age, known := a.AgeDays(asOf)
	if known != !a.AssessedOn.IsZero() {
		t.Fatalf("AgeDays known = %v for date %v", known, a.AssessedOn)
	}
	if known && a.Stale(asOf, maxDays) != (age > maxDays) {
		t.Fatalf("Stale = %v with age %d and maximum %d", a.Stale(asOf, maxDays), age, maxDays)
	}
}
