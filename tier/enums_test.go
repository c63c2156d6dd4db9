package tier_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

func TestEnumNames(t *testing.T) {
	got := map[string][]string{}
	for _, v := range tier.CaseTypes() {
		got["caseType"] = append(got["caseType"], v.String())
	}
	for _, v := range tier.ReportKinds() {
		got["report"] = append(got["report"], v.String())
	}
	for _, v := range append([]tier.Inactive{tier.Active}, tier.InactiveStatuses()...) {
		got["inactive"] = append(got["inactive"], v.String())
	}
	for _, v := range tier.Phases() {
		got["phase"] = append(got["phase"], v.String())
	}
	got["outside"] = []string{tier.CaseType(4).String(), tier.ReportKind(3).String(), tier.Inactive(4).String(), tier.Phase(5).String()}
	want := map[string][]string{
		"caseType": {"community", "licence", "custody"},
		"report":   {"standard", "fast"},
		"inactive": {"active", "warrant", "unpaid-work-only", "overdue-termination"},
		"phase":    {"critical", "standard", "past-two-thirds", "suspended"},
		"outside":  {"case type(4)", "report kind(3)", "inactive(4)", "phase(5)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names mismatch (-want +got):\n%s", diff)
	}
}

func TestParseEnums(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		parse   func(string) (any, error)
		text    string
		want    any
		wantErr bool
	}{
		{name: "community", parse: parseCaseType, text: "community", want: tier.Community},
		{name: "custody", parse: parseCaseType, text: "custody", want: tier.Custody},
		{name: "license", reason: "the British spelling only", parse: parseCaseType, text: "license", wantErr: true},
		{name: "case type unknown", parse: parseCaseType, text: "unknown", wantErr: true},
		{name: "fast report", parse: parseReportKind, text: "fast", want: tier.ReportFast},
		{name: "report unknown", parse: parseReportKind, text: "unknown", wantErr: true},
		{name: "active", reason: "the zero status has a name", parse: parseInactive, text: "active", want: tier.Active},
		{name: "warrant", parse: parseInactive, text: "warrant", want: tier.Warrant},
		{name: "inactive nonsense", parse: parseInactive, text: "asleep", wantErr: true},
		{name: "past two-thirds", parse: parsePhase, text: "past-two-thirds", want: tier.PastTwoThirds},
		{name: "phase unknown", parse: parsePhase, text: "unknown", wantErr: true},
		{name: "phase empty", parse: parsePhase, text: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parse(%q) error = %v, want error %v\nreason: %s", tt.text, err, tt.wantErr, tt.reason)
			}
			if err != nil {
				if !errors.Is(err, tier.ErrUnknown) {
					t.Errorf("errors.Is(%v, ErrUnknown) = false", err)
				}
				checkMessage(t, err)
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parse(%q) mismatch (-want +got):\n%s\nreason: %s", tt.text, diff, tt.reason)
			}
		})
	}
}

func parseCaseType(s string) (any, error)   { return tier.ParseCaseType(s) }
func parseReportKind(s string) (any, error) { return tier.ParseReportKind(s) }
func parseInactive(s string) (any, error)   { return tier.ParseInactive(s) }
func parsePhase(s string) (any, error)      { return tier.ParsePhase(s) }

func TestMarshalTextUnknown(t *testing.T) {
	for _, m := range []encoding.TextMarshaler{
		tier.CaseTypeUnknown, tier.CaseType(4), tier.ReportUnknown, tier.ReportKind(3),
		tier.Inactive(4), tier.PhaseUnknown, tier.Phase(5), tier.Unknown,
	} {
		b, err := m.MarshalText()
		if !errors.Is(err, tier.ErrUnknown) && !errors.Is(err, tier.ErrUnknownTier) {
			t.Errorf("%T(%v).MarshalText() = %q, %v; want an error", m, m, b, err)
		}
	}
	if b, err := tier.Active.MarshalText(); err != nil || string(b) != "active" {
		t.Errorf("Active.MarshalText() = %q, %v", b, err)
	}
}

// checkText round-trips v through its text form and through JSON.
func checkText[E comparable, P interface {
	*E
	encoding.TextUnmarshaler
}](t *rapid.T, v E) {
	text, err := any(v).(encoding.TextMarshaler).MarshalText()
	if err != nil {
		t.Fatalf("MarshalText(%v): %v", v, err)
	}
	var back E
	if err := P(&back).UnmarshalText(text); err != nil || back != v {
		t.Fatalf("text round trip: %v → %q → %v, %v", v, text, back, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", v, err)
	}
	var fromJSON E
	if err := json.Unmarshal(b, &fromJSON); err != nil || fromJSON != v {
		t.Fatalf("JSON round trip: %v → %s → %v, %v", v, b, fromJSON, err)
	}
}

func TestEnumRoundTrip(t *testing.T) { rapid.Check(t, testEnumRoundTrip) }

func FuzzEnumRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testEnumRoundTrip)) }

// testEnumRoundTrip: every tier of every shipped scheme and every value of
// the package's enums survive text and JSON, and the Parse functions agree
// with String.
func testEnumRoundTrip(t *rapid.T) {
	s := genScheme().Draw(t, "scheme")
	checkText(t, rapid.SampledFrom(s.Tiers()).Draw(t, "tier"))
	ct := rapid.SampledFrom(tier.CaseTypes()).Draw(t, "caseType")
	checkText(t, ct)
	if got, err := tier.ParseCaseType(ct.String()); err != nil || got != ct {
		t.Fatalf("ParseCaseType(%q) = %v, %v", ct, got, err)
	}
	k := rapid.SampledFrom(tier.ReportKinds()).Draw(t, "report")
	checkText(t, k)
	if got, err := tier.ParseReportKind(k.String()); err != nil || got != k {
		t.Fatalf("ParseReportKind(%q) = %v, %v", k, got, err)
	}
	in := rapid.SampledFrom(append([]tier.Inactive{tier.Active}, tier.InactiveStatuses()...)).Draw(t, "inactive")
	checkText(t, in)
	if got, err := tier.ParseInactive(in.String()); err != nil || got != in {
		t.Fatalf("ParseInactive(%q) = %v, %v", in, got, err)
	}
	ph := rapid.SampledFrom(tier.Phases()).Draw(t, "phase")
	checkText(t, ph)
	if got, err := tier.ParsePhase(ph.String()); err != nil || got != ph {
		t.Fatalf("ParsePhase(%q) = %v, %v", ph, got, err)
	}
}
