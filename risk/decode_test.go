package risk_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/alloc"
	"github.com/openprobation/caseload/internal/gen"
	"github.com/openprobation/caseload/risk"
)

func TestDecode(t *testing.T) {
	full := `{"rosh":"high","rsr":"6.99","ogrs":59,"mappa":{"level":"1","category":"2"},
		"flags":["domestic-abuse","iom"],"complexity":["mental-health"],"sex":"female",
		"womenFactors":["parenting"],"needsAssessed":true,
		"needs":{"accommodation":"severe","attitudes":"standard","finance":"severe"},
		"mandate":"yes","assessedOn":"2026-06-01T00:00:00Z","provisional":true}`
	tests := []struct {
		name   string
		reason string
		doc    string
		want   risk.Assessment
	}{
		{
			name: "every field",
			doc:  full,
			want: risk.Assessment{
				RoSH:          risk.RoSHHigh,
				RSR:           decimal.RequireFromString("6.99"),
				OGRS:          59,
				MAPPA:         risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory2},
				Flags:         risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagIOM),
				Complexity:    risk.NewFactors(risk.FactorMentalHealth),
				Sex:           risk.SexFemale,
				WomenFactors:  risk.NewWomenFactors(risk.WomenFactorParenting),
				NeedsAssessed: true,
				Needs: map[risk.Need]risk.Severity{
					risk.NeedAccommodation: risk.SeveritySevere,
					risk.NeedAttitudes:     risk.SeverityStandard,
					risk.NeedFinance:       risk.SeveritySevere,
				},
				Mandate:     risk.MandateYes,
				AssessedOn:  time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
				Provisional: true,
			},
		},
		{
			name:   "only a mandate",
			reason: "every other field has a meaningful zero",
			doc:    `{"mandate":"no"}`,
			want:   risk.Assessment{Mandate: risk.MandateNo},
		},
		{
			name: "rsr as a JSON number",
			doc:  `{"rsr":7.00,"mandate":"yes"}`,
			want: risk.Assessment{RSR: decimal.NewFromInt(7), Mandate: risk.MandateYes},
		},
		{
			name: "trailing white space",
			doc:  "{\"mandate\":\"yes\"}\n\t ",
			want: risk.Assessment{Mandate: risk.MandateYes},
		},
		{
			name:   "decodes without validating",
			reason: "decoding and validating are separate steps",
			doc:    `{"rsr":"101","ogrs":-1}`,
			want:   risk.Assessment{RSR: decimal.NewFromInt(101), OGRS: -1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := risk.Decode(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		doc    string
		// wantText is a fragment the message must hold.
		wantText string
	}{
		{name: "empty", doc: "", wantText: "empty input"},
		{name: "unknown field", doc: `{"mandate":"yes","tier":"B2"}`, wantText: `unknown field "tier"`},
		{name: "unknown nested field", doc: `{"mandate":"yes","mappa":{"level":"1","category":"1","lead":"police"}}`, wantText: `unknown field "lead"`},
		{name: "trailing data", doc: `{"mandate":"yes"} {"mandate":"no"}`, wantText: "trailing data"},
		{name: "trailing garbage", doc: `{"mandate":"yes"}x`, wantText: "invalid character"},
		{name: "unknown rosh", doc: `{"rosh":"severe","mandate":"yes"}`, wantText: `rosh "severe": unknown value`},
		{name: "unknown flag", doc: `{"flags":["gang"],"mandate":"yes"}`, wantText: `flags "gang": unknown value`},
		{name: "duplicate flag", reason: "a flag may be given once", doc: `{"flags":["iom","iom"],"mandate":"yes"}`, wantText: `flags "iom": duplicate`},
		{name: "duplicate factor", doc: `{"complexity":["self-harm","self-harm"],"mandate":"yes"}`, wantText: `complexity "self-harm": duplicate`},
		{name: "unknown need", doc: `{"needsAssessed":true,"needs":{"housing":"severe"},"mandate":"yes"}`, wantText: `need "housing": unknown value`},
		{name: "unknown severity", doc: `{"needsAssessed":true,"needs":{"ete":"high"},"mandate":"yes"}`, wantText: `needs.ete "high": unknown value`},
		{name: "unknown mandate", doc: `{"mandate":"maybe"}`, wantText: `mandate "maybe": unknown value`},
		{name: "ogrs not an integer", doc: `{"ogrs":5.5,"mandate":"yes"}`, wantText: "ogrs"},
		{name: "rsr not a number", doc: `{"rsr":"high","mandate":"yes"}`, wantText: "can't convert high to decimal"},
		{name: "rsr exponent beyond the decimal package", reason: "rejected by the decimal decoder itself", doc: `{"rsr":"1e999999999","mandate":"yes"}`, wantText: "exponent"},
		{name: "thousands of digits as a number", reason: "numbers are bounded before any decimal is parsed", doc: `{"rsr":7` + strings.Repeat("0", 3000) + `,"mandate":"yes"}`, wantText: "number of 3001 characters"},
		{name: "not an object", doc: `["mandate"]`, wantText: "cannot unmarshal array"},
		{name: "too large", doc: `{"mandate":"yes"}` + strings.Repeat(" ", risk.MaxDocumentBytes), wantText: "input too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a risk.Assessment
			var err error
			if n := alloc.Bytes(func() { a, err = risk.Decode(strings.NewReader(tt.doc)) }); n > 64<<20 {
				t.Errorf("Decode allocated %d MiB", n>>20)
			}
			if err == nil {
				t.Fatalf("Decode succeeded with %+v\nreason: %s", a, tt.reason)
			}
			if !errors.Is(err, risk.ErrSyntax) {
				t.Errorf("errors.Is(%v, ErrSyntax) = false", err)
			}
			var fe *risk.FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Errorf("want a *risk.FieldError naming a field, got %#v", err)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("message %q does not hold %q\nreason: %s", err, tt.wantText, tt.reason)
			}
			checkMessage(t, err)
			if diff := cmp.Diff(risk.Assessment{}, a); diff != "" {
				t.Errorf("a failed Decode returns the zero assessment (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeHostileDecimals: decimals that decode but are out of bounds are
// caught by Validate, quickly.
func TestDecodeHostileDecimals(t *testing.T) {
	tests := []struct {
		name string
		rsr  string
		want []problem
	}{
		{name: "large exponent", rsr: `"1e9999"`, want: []problem{{"rsr", "1e9999", "ErrOutOfRange"}}},
		{name: "small exponent", rsr: `"1e-9999"`, want: []problem{{"rsr", "1e-9999", "ErrOutOfRange"}}},
		{name: "thousands of digits", rsr: `"0.` + strings.Repeat("3", 3000) + `"`, want: []problem{{"rsr", "(9965-bit coefficient)e-3000", "ErrOutOfRange"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := alloc.Bytes(func() {
				var a risk.Assessment
				a, err = risk.Decode(strings.NewReader(`{"rsr":` + tt.rsr + `,"mappa":{"level":"none"},"mandate":"yes"}`))
				if err != nil {
					return
				}
				err = a.Validate()
			})
			if n > 16<<20 {
				t.Errorf("Decode and Validate allocated %d MiB", n>>20)
			}
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAssessmentRoundTrip(t *testing.T) { rapid.Check(t, testAssessmentRoundTrip) }

func FuzzAssessmentRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testAssessmentRoundTrip)) }

// testAssessmentRoundTrip: a valid assessment survives json.Marshal and
// risk.Decode unchanged.
func testAssessmentRoundTrip(t *rapid.T) {
	a := gen.Assessment().Draw(t, "assessment")
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	got, err := risk.Decode(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("Decode(%s): %v", b, err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Fatalf("round trip through %s mismatch (-want +got):\n%s", b, diff)
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("decoded assessment is invalid: %v", err)
	}
}

func TestDecodeArbitrary(t *testing.T) { rapid.Check(t, testDecodeArbitrary) }

func FuzzDecodeArbitrary(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDecodeArbitrary)) }

// jsonFragments are pieces of assessment documents that arbitrary input is
// assembled from, so that decoding gets past the first byte.
var jsonFragments = []string{
	`{`, `}`, `[`, `]`, `,`, `:`, `"`, `null`, `true`, `-1`, `1e999999999`, `"1e9999"`, `0.005`, `101`,
	`"rosh"`, `"very-high"`, `"rsr"`, `"6.995"`, `"ogrs"`, `"mappa"`, `"level"`, `"category"`, `"2"`,
	`"flags"`, `"iom"`, `"unsupervised"`, `"complexity"`, `"terrorism"`, `"sex"`, `"female"`,
	`"womenFactors"`, `"parenting"`, `"needsAssessed"`, `"needs"`, `"attitudes"`, `"severe"`,
	`"mandate"`, `"yes"`, `"no"`, `"assessedOn"`, `"2026-06-01T00:00:00Z"`, `"provisional"`, `"unknown"`,
}

func genDocument() *rapid.Generator[[]byte] {
	return rapid.OneOf(
		rapid.SliceOf(rapid.Byte()),
		rapid.Map(rapid.SliceOf(rapid.SampledFrom(jsonFragments)), func(p []string) []byte {
			return []byte(strings.Join(p, ""))
		}),
		// A valid document with one byte changed.
		rapid.Custom(func(t *rapid.T) []byte {
			b, err := json.Marshal(gen.Assessment().Draw(t, "assessment"))
			if err != nil {
				t.Fatal(err)
			}
			i := rapid.IntRange(0, len(b)-1).Draw(t, "at")
			b[i] = rapid.Byte().Draw(t, "byte")
			return b
		}),
	)
}

// testDecodeArbitrary: decoding arbitrary bytes never panics; what decodes
// validates without panicking, and what is valid round-trips.
func testDecodeArbitrary(t *rapid.T) {
	doc := genDocument().Draw(t, "document")
	a, err := risk.Decode(strings.NewReader(string(doc)))
	if err != nil {
		if !errors.Is(err, risk.ErrSyntax) {
			t.Fatalf("Decode error %v does not wrap ErrSyntax", err)
		}
		return
	}
	if err := a.Validate(); err != nil {
		_ = err.Error()
		return
	}
	_ = a.Stale(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 365)
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatalf("a valid decoded assessment does not marshal: %v", err)
	}
	again, err := risk.Decode(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("re-decoding %s: %v", b, err)
	}
	if diff := cmp.Diff(a, again, cmp.Comparer(func(x, y map[risk.Need]risk.Severity) bool {
		// An empty map is omitted from JSON and comes back nil.
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || w != v {
				return false
			}
		}
		return true
	})); diff != "" {
		t.Fatalf("decoded assessment does not round-trip (-first +second):\n%s", diff)
	}
}
