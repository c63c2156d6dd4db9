package tier_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/tier"
)

// problem is one *tier.FieldError reduced to what a caller branches on.
type problem struct {
	Field    string
	Value    string
	Sentinel string
}

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrUnknownTier", tier.ErrUnknownTier},
	{"ErrMissing", tier.ErrMissing},
	{"ErrUnknown", tier.ErrUnknown},
	{"ErrOutOfRange", tier.ErrOutOfRange},
	{"ErrDuplicate", tier.ErrDuplicate},
	{"ErrInconsistent", tier.ErrInconsistent},
	{"ErrSyntax", tier.ErrSyntax},
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

// problems splits a joined error into its field errors, failing the test
// for any part that is not a *tier.FieldError.
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
		var fe *tier.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("%v: not a *tier.FieldError (%T)", e, e)
		}
		out = append(out, problem{Field: fe.Field, Value: fe.Value, Sentinel: sentinelOf(fe)})
	}
	return out
}

func TestNewScheme(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		scheme string
		tiers  []tier.Tier
		want   []problem
	}{
		{name: "two tiers", scheme: "pilot", tiers: []tier.Tier{"high", "low"}},
		{name: "one tier", scheme: "flat", tiers: []tier.Tier{"all"}},
		{name: "no name", scheme: "", tiers: []tier.Tier{"high"}, want: []problem{{"scheme.name", "", "ErrMissing"}}},
		{name: "no tiers", scheme: "empty", want: []problem{{"scheme.tiers", "[]", "ErrMissing"}}},
		{
			name:   "every problem at once",
			scheme: "",
			tiers:  []tier.Tier{"high", "", "high", "a b", "low", tier.Tier(strings.Repeat("x", 33)), "low"},
			want: []problem{
				{"scheme.name", "", "ErrMissing"},
				{"scheme.tiers[1]", "", "ErrUnknownTier"},
				{"scheme.tiers[2]", "high", "ErrDuplicate"},
				{"scheme.tiers[3]", "a b", "ErrUnknownTier"},
				{"scheme.tiers[5]", strings.Repeat("x", 33), "ErrUnknownTier"},
				{"scheme.tiers[6]", "low", "ErrDuplicate"},
			},
		},
		{
			name:   "257 tiers",
			reason: "at most 256 tiers",
			scheme: "big",
			tiers: func() []tier.Tier {
				out := make([]tier.Tier, 257)
				for i := range out {
					out[i] = tier.Tier("t" + strings.Repeat("x", i%30) + string(rune('a'+i%26)) + string(rune('a'+i/26)))
				}
				return out
			}(),
			want: []problem{{"scheme.tiers", "257", "ErrOutOfRange"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tier.NewScheme(tt.scheme, tt.tiers)
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Fatalf("NewScheme problems mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if err != nil {
				checkMessage(t, err)
				if s.Len() != 0 || s.Name() != "" {
					t.Errorf("a failed NewScheme returned %v", s.Tiers())
				}
				return
			}
			if diff := cmp.Diff(tt.tiers, s.Tiers()); diff != "" {
				t.Errorf("Tiers mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchemeMethods(t *testing.T) {
	in := []tier.Tier{"high", "medium", "low"}
	s, err := tier.NewScheme("pilot", in)
	if err != nil {
		t.Fatal(err)
	}
	in[0] = "changed"
	tiers := s.Tiers()
	tiers[1] = "changed"
	type result struct {
		Name              string
		Len               int
		Tiers             []tier.Tier
		IndexLow          int
		IndexLowOK        bool
		IndexOther        int
		IndexOtherOK      bool
		At0, At3          tier.Tier
		At0OK, At3OK      bool
		ContainsHigh      bool
		ContainsChanged   bool
		ParseLow          tier.Tier
		ParseB2Err        string
		CompareHighLow    int
		CompareLowHigh    int
		CompareLowLow     int
		CompareLowOutside int
		CompareOutside    int
	}
	var got result
	got.Name, got.Len, got.Tiers = s.Name(), s.Len(), s.Tiers()
	got.IndexLow, got.IndexLowOK = s.Index("low")
	got.IndexOther, got.IndexOtherOK = s.Index("B2")
	got.At0, got.At0OK = s.At(0)
	got.At3, got.At3OK = s.At(3)
	got.ContainsHigh, got.ContainsChanged = s.Contains("high"), s.Contains("changed")
	got.ParseLow, _ = s.Parse("low")
	if _, err := s.Parse("B2"); err != nil {
		got.ParseB2Err = err.Error()
	}
	got.CompareHighLow, got.CompareLowHigh, got.CompareLowLow = s.Compare("high", "low"), s.Compare("low", "high"), s.Compare("low", "low")
	got.CompareLowOutside, got.CompareOutside = s.Compare("low", "A3"), s.Compare("A3", "B2")
	want := result{
		Name:              "pilot",
		Len:               3,
		Tiers:             []tier.Tier{"high", "medium", "low"},
		IndexLow:          2,
		IndexLowOK:        true,
		IndexOther:        -1,
		At0:               "high",
		At0OK:             true,
		ContainsHigh:      true,
		ParseLow:          "low",
		ParseB2Err:        `tier: tier "B2": unknown tier: not a tier of scheme "pilot"`,
		CompareHighLow:    -1,
		CompareLowHigh:    1,
		CompareLowOutside: -1,
		CompareOutside:    -1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scheme methods mismatch (-want +got):\n%s", diff)
	}
}

func TestSchemeEqual(t *testing.T) {
	ew, err := tier.NewScheme("england-wales", tier.All())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := tier.NewScheme("other", tier.All())
	reordered, _ := tier.NewScheme("england-wales", append(tier.All()[1:], tier.A3))
	tests := []struct {
		name string
		a, b tier.Scheme
		want bool
	}{
		{"built in and built from All", tier.EnglandWales(), ew, true},
		{"built in and reference table", tier.EnglandWales(), tier.Reference().Scheme, true},
		{"different name", tier.EnglandWales(), other, false},
		{"different order", tier.EnglandWales(), reordered, false},
		{"zero schemes", tier.Scheme{}, tier.Scheme{}, true},
		{"zero and built in", tier.Scheme{}, tier.EnglandWales(), false},
		{"supervision levels", tier.SupervisionLevels().Scheme, tier.SupervisionLevels().Scheme, true},
	}
	for _, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%s: Equal = %v, want %v", tt.name, got, tt.want)
		}
	}
	// A scheme built from the England & Wales names in another order is a
	// different scheme: its own order rules.
	if i, ok := reordered.Index(tier.A3); !ok || i != 32 {
		t.Errorf("reordered Index(A3) = %d, %v; want 32", i, ok)
	}
	if got := reordered.Compare(tier.A3, tier.Untiered); got != 1 {
		t.Errorf("reordered Compare(A3, untiered) = %d, want 1", got)
	}
}

func TestCompare(t *testing.T) {
	ew := tier.EnglandWales()
	tests := []struct {
		name   string
		reason string
		a, b   tier.Tier
		want   int
	}{
		{name: "same", a: tier.B2, b: tier.B2, want: 0},
		{name: "letter first", reason: "A0 is more severe than B3", a: tier.A0, b: tier.B3, want: -1},
		{name: "then digit", a: tier.B3, b: tier.B2, want: -1},
		{name: "S just after its twin", a: tier.B2, b: tier.B2S, want: -1},
		{name: "S before the next digit", a: tier.B2S, b: tier.B1, want: -1},
		{name: "D0S before untiered", a: tier.D0S, b: tier.Untiered, want: -1},
		{name: "untiered after all", a: tier.Untiered, b: tier.D0, want: 1},
		{name: "outside after untiered", a: tier.Untiered, b: "E9", want: -1},
		{name: "outside by name", a: "E9", b: "F1", want: -1},
		{name: "outside equal", a: "E9", b: "E9", want: 0},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ew.Compare(tt.a, tt.b)); diff != "" {
			t.Errorf("%s: Compare(%q, %q) mismatch (-want +got):\n%s\nreason: %s", tt.name, tt.a, tt.b, diff, tt.reason)
		}
	}
}
