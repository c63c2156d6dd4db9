package tier_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

// checkMessage checks the house style of every line of an error message:
// prefixed with "tier: " and lowercase after it.
func checkMessage(t testing.TB, err error) {
	t.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		rest, ok := strings.CutPrefix(line, "tier: ")
		if !ok {
			t.Errorf("message line %q does not start with \"tier: \"", line)
			continue
		}
		if rest == "" || strings.ToLower(rest[:1]) != rest[:1] {
			t.Errorf("message line %q is not lowercase after the prefix", line)
		}
	}
}

func TestAll(t *testing.T) {
	want := []tier.Tier{
		"A3", "A3S", "A2", "A2S", "A1", "A1S", "A0", "A0S",
		"B3", "B3S", "B2", "B2S", "B1", "B1S", "B0", "B0S",
		"C3", "C3S", "C2", "C2S", "C1", "C1S", "C0", "C0S",
		"D3", "D3S", "D2", "D2S", "D1", "D1S", "D0", "D0S",
		"untiered",
	}
	if diff := cmp.Diff(want, tier.All()); diff != "" {
		t.Errorf("All mismatch (-want +got):\n%s", diff)
	}
	constants := []tier.Tier{
		tier.A3, tier.A3S, tier.A2, tier.A2S, tier.A1, tier.A1S, tier.A0, tier.A0S,
		tier.B3, tier.B3S, tier.B2, tier.B2S, tier.B1, tier.B1S, tier.B0, tier.B0S,
		tier.C3, tier.C3S, tier.C2, tier.C2S, tier.C1, tier.C1S, tier.C0, tier.C0S,
		tier.D3, tier.D3S, tier.D2, tier.D2S, tier.D1, tier.D1S, tier.D0, tier.D0S,
		tier.Untiered,
	}
	if diff := cmp.Diff(want, constants); diff != "" {
		t.Errorf("constants mismatch (-want +got):\n%s", diff)
	}
	all := tier.All()
	all[0] = "Z9"
	if tier.All()[0] != tier.A3 {
		t.Error("All returns a shared slice")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		text    string
		want    tier.Tier
		wantErr bool
	}{
		{name: "A3", text: "A3", want: tier.A3},
		{name: "B2", text: "B2", want: tier.B2},
		{name: "D0", text: "D0", want: tier.D0},
		{name: "unsupervised", text: "B2S", want: tier.B2S},
		{name: "untiered", text: "untiered", want: tier.Untiered},
		{name: "empty", text: "", wantErr: true},
		{name: "letter E", text: "E2", wantErr: true},
		{name: "digit 4", text: "B4", wantErr: true},
		{name: "lower case", reason: "names are exact", text: "b2", wantErr: true},
		{name: "lower-case s", text: "B2s", wantErr: true},
		{name: "double S", text: "B2SS", wantErr: true},
		{name: "letter only", text: "B", wantErr: true},
		{name: "space", text: " B2", wantErr: true},
		{name: "Untiered", text: "Untiered", wantErr: true},
		{name: "eight letters", reason: "the length of untiered, but not untiered", text: "untiere_", wantErr: true},
		{name: "another scheme's tier", text: "intensive", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tier.Parse(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse(%q) error = %v, want error %v\nreason: %s", tt.text, err, tt.wantErr, tt.reason)
			}
			if err != nil {
				if !errors.Is(err, tier.ErrUnknownTier) {
					t.Errorf("errors.Is(%v, ErrUnknownTier) = false", err)
				}
				var fe *tier.FieldError
				if !errors.As(err, &fe) || fe.Field != "tier" || fe.Value != tt.text {
					t.Errorf("want a *tier.FieldError for tier %q, got %#v", tt.text, err)
				}
				checkMessage(t, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestTierParts(t *testing.T) {
	type parts struct {
		Letter       string
		LetterOK     bool
		Digit        int
		DigitOK      bool
		Unsupervised bool
		Supervised   tier.Tier
	}
	tests := []struct {
		tier tier.Tier
		want parts
	}{
		{tier.A3, parts{"A", true, 3, true, false, tier.A3}},
		{tier.A3S, parts{"A", true, 3, true, true, tier.A3}},
		{tier.B2, parts{"B", true, 2, true, false, tier.B2}},
		{tier.C1S, parts{"C", true, 1, true, true, tier.C1}},
		{tier.D0, parts{"D", true, 0, true, false, tier.D0}},
		{tier.D0S, parts{"D", true, 0, true, true, tier.D0}},
		{tier.Untiered, parts{Supervised: tier.Untiered}},
		{tier.Unknown, parts{Supervised: tier.Unknown}},
		{"intensive", parts{Supervised: "intensive"}},
		{"E2", parts{Supervised: "E2"}},
		{"B4S", parts{Supervised: "B4S"}},
		{"B2X", parts{Supervised: "B2X"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.tier), func(t *testing.T) {
			var got parts
			l, ok := tt.tier.Letter()
			if ok {
				got.Letter = string(l)
			}
			got.LetterOK = ok
			got.Digit, got.DigitOK = tt.tier.Digit()
			got.Unsupervised = tt.tier.Unsupervised()
			got.Supervised = tt.tier.Supervised()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parts of %q mismatch (-want +got):\n%s", tt.tier, diff)
			}
		})
	}
}

func TestCompose(t *testing.T) {
	tests := []struct {
		letter byte
		digit  int
		s      bool
		want   tier.Tier
		wantOK bool
	}{
		{'A', 3, false, tier.A3, true},
		{'B', 2, true, tier.B2S, true},
		{'D', 0, false, tier.D0, true},
		{'D', 0, true, tier.D0S, true},
		{'E', 0, false, tier.Unknown, false},
		{'a', 3, false, tier.Unknown, false},
		{'A', 4, false, tier.Unknown, false},
		{'A', -1, true, tier.Unknown, false},
	}
	for _, tt := range tests {
		got, ok := tier.Compose(tt.letter, tt.digit, tt.s)
		if diff := cmp.Diff([]any{tt.want, tt.wantOK}, []any{got, ok}); diff != "" {
			t.Errorf("Compose(%q, %d, %v) mismatch (-want +got):\n%s", tt.letter, tt.digit, tt.s, diff)
		}
	}
}

func TestTierText(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		text    string
		wantErr bool
	}{
		{name: "England and Wales", text: "B2S"},
		{name: "another scheme", reason: "decoding checks the form, not the scheme", text: "intensive"},
		{name: "lower case", text: "b2"},
		{name: "dash and underscore", text: "level-1_a"},
		{name: "32 bytes", text: strings.Repeat("x", 32)},
		{name: "empty", reason: "the unknown tier has no text form", text: "", wantErr: true},
		{name: "33 bytes", text: strings.Repeat("x", 33), wantErr: true},
		{name: "space", text: "B 2", wantErr: true},
		{name: "dot", text: "B.2", wantErr: true},
		{name: "non-ASCII", text: "é", wantErr: true},
		{name: "new line", text: "B2\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got tier.Tier
			err := got.UnmarshalText([]byte(tt.text))
			_, merr := tier.Tier(tt.text).MarshalText()
			if (err != nil) != tt.wantErr || (merr != nil) != tt.wantErr {
				t.Fatalf("UnmarshalText(%q) = %v, MarshalText = %v; want error %v\nreason: %s", tt.text, err, merr, tt.wantErr, tt.reason)
			}
			if err != nil {
				if !errors.Is(err, tier.ErrUnknownTier) || !errors.Is(merr, tier.ErrUnknownTier) {
					t.Errorf("errors %v, %v do not wrap ErrUnknownTier", err, merr)
				}
				checkMessage(t, err)
				if got != tier.Unknown {
					t.Errorf("a failed UnmarshalText set the tier to %q", got)
				}
				return
			}
			if diff := cmp.Diff(tier.Tier(tt.text), got); diff != "" {
				t.Errorf("UnmarshalText mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTierJSON(t *testing.T) {
	type doc struct {
		Tier  tier.Tier             `json:"tier"`
		Count map[tier.Tier]int     `json:"count"`
		Phase map[tier.Phase]string `json:"phase"`
	}
	in := doc{Tier: tier.B2S, Count: map[tier.Tier]int{tier.A3: 1, tier.Untiered: 2}, Phase: map[tier.Phase]string{tier.Critical: "x"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"tier":"B2S","count":{"A3":1,"untiered":2},"phase":{"critical":"x"}}`, string(b)); diff != "" {
		t.Errorf("json.Marshal mismatch (-want +got):\n%s", diff)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(doc{}); !errors.Is(err, tier.ErrUnknownTier) {
		t.Errorf("marshalling the unknown tier: %v, want ErrUnknownTier", err)
	}
	if err := json.Unmarshal([]byte(`{"count":{"B 2":1}}`), &out); !errors.Is(err, tier.ErrUnknownTier) {
		t.Errorf("a malformed tier as a map key: %v, want ErrUnknownTier", err)
	}
}

func TestParseRoundTrip(t *testing.T) { rapid.Check(t, testParseRoundTrip) }

func FuzzParseRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testParseRoundTrip)) }

// testParseRoundTrip: every tier of every shipped scheme parses back from
// its name, sits at its position, and round-trips through text and JSON.
func testParseRoundTrip(t *rapid.T) {
	s := genScheme().Draw(t, "scheme")
	i := rapid.IntRange(0, s.Len()-1).Draw(t, "index")
	tr, ok := s.At(i)
	if !ok {
		t.Fatalf("At(%d) of %d tiers: not ok", i, s.Len())
	}
	got, err := s.Parse(tr.String())
	if err != nil || got != tr {
		t.Fatalf("%s.Parse(%q) = %q, %v", s.Name(), tr, got, err)
	}
	if j, ok := s.Index(tr); !ok || j != i {
		t.Fatalf("Index(%q) = %d, %v; want %d", tr, j, ok, i)
	}
	if s.Name() == "england-wales" {
		if got, err := tier.Parse(tr.String()); err != nil || got != tr {
			t.Fatalf("Parse(%q) = %q, %v", tr, got, err)
		}
	}
	text, err := tr.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var back tier.Tier
	if err := back.UnmarshalText(text); err != nil || back != tr {
		t.Fatalf("text round trip of %q: %q, %v", tr, back, err)
	}
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON tier.Tier
	if err := json.Unmarshal(b, &fromJSON); err != nil || fromJSON != tr {
		t.Fatalf("JSON round trip of %q: %q, %v", tr, fromJSON, err)
	}
}

func TestEnglandWalesTiers(t *testing.T) { rapid.Check(t, testEnglandWalesTiers) }

func FuzzEnglandWalesTiers(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testEnglandWalesTiers)) }

// testEnglandWalesTiers: Compose and the accessors invert each other for
// every tier of tier.All() but untiered.
func testEnglandWalesTiers(t *rapid.T) {
	tr := rapid.SampledFrom(tier.All()[:32]).Draw(t, "tier")
	l, lok := tr.Letter()
	d, dok := tr.Digit()
	if !lok || !dok {
		t.Fatalf("%q: letter %v digit %v", tr, lok, dok)
	}
	back, ok := tier.Compose(l, d, tr.Unsupervised())
	if !ok || back != tr {
		t.Fatalf("Compose(%q, %d, %v) = %q, %v; want %q", l, d, tr.Unsupervised(), back, ok, tr)
	}
	if sup := tr.Supervised(); sup.Unsupervised() || len(sup) != 2 || sup != tr[:2] {
		t.Fatalf("%q.Supervised() = %q", tr, sup)
	}
}

func TestCompareOrder(t *testing.T) { rapid.Check(t, testCompareOrder) }

func FuzzCompareOrder(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCompareOrder)) }

// ewRank orders England & Wales tiers by severity from first principles:
// letter A first, then the higher digit, then the supervised twin before
// its S tier; untiered last.
func ewRank(tr tier.Tier) [3]int {
	l, ok := tr.Letter()
	if !ok {
		return [3]int{99, 0, 0}
	}
	d, _ := tr.Digit()
	s := 0
	if tr.Unsupervised() {
		s = 1
	}
	return [3]int{int(l - 'A'), 3 - d, s}
}

func cmpRank(a, b [3]int) int {
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}

// testCompareOrder: Scheme.Compare is a total order consistent with
// severity: letter, then digit, then S; for every scheme, consistent with
// Index; and tiers outside a scheme sort after all of its tiers.
func testCompareOrder(t *rapid.T) {
	ew := tier.EnglandWales()
	a := rapid.SampledFrom(tier.All()).Draw(t, "a")
	b := rapid.SampledFrom(tier.All()).Draw(t, "b")
	if got, want := ew.Compare(a, b), cmpRank(ewRank(a), ewRank(b)); got != want {
		t.Fatalf("Compare(%q, %q) = %d, want %d", a, b, got, want)
	}
	if ew.Compare(a, b) != -ew.Compare(b, a) {
		t.Fatalf("Compare(%q, %q) is not antisymmetric", a, b)
	}
	s := genScheme().Draw(t, "scheme")
	tiers := s.Tiers()
	x := rapid.SampledFrom(tiers).Draw(t, "x")
	y := rapid.SampledFrom(tiers).Draw(t, "y")
	ix, _ := s.Index(x)
	iy, _ := s.Index(y)
	if got, want := s.Compare(x, y), cmpInt(ix, iy); got != want {
		t.Fatalf("%s: Compare(%q, %q) = %d, want %d", s.Name(), x, y, got, want)
	}
	outside := rapid.SampledFrom([]tier.Tier{"E9", "Z", "b2", "zzz", "A3x"}).Draw(t, "outside")
	if s.Compare(x, outside) != -1 || s.Compare(outside, x) != 1 {
		t.Fatalf("%s: %q outside the scheme does not sort after %q", s.Name(), outside, x)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestUnmarshalTextArbitrary(t *testing.T) { rapid.Check(t, testUnmarshalTextArbitrary) }

func FuzzUnmarshalTextArbitrary(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testUnmarshalTextArbitrary)) }

// testUnmarshalTextArbitrary feeds arbitrary bytes to Tier and every enum
// of the package, and to Parse: no panic, and whatever is accepted
// marshals back to the same text.
func testUnmarshalTextArbitrary(t *rapid.T) {
	text := rapid.OneOf(
		rapid.SliceOf(rapid.Byte()),
		rapid.Map(rapid.SampledFrom([]string{
			"B2", "B2S", "untiered", "unknown", "active", "community", "licence", "custody",
			"standard", "fast", "warrant", "critical", "suspended", "", "E9", "b2",
		}), func(s string) []byte { return []byte(s) }),
	).Draw(t, "text")
	for _, u := range []encoding.TextUnmarshaler{
		new(tier.Tier), new(tier.CaseType), new(tier.ReportKind), new(tier.Inactive), new(tier.Phase),
	} {
		if err := u.UnmarshalText(text); err != nil {
			if !errors.Is(err, tier.ErrUnknownTier) && !errors.Is(err, tier.ErrUnknown) {
				t.Fatalf("%T.UnmarshalText(%q) = %v, want ErrUnknownTier or ErrUnknown", u, text, err)
			}
			continue
		}
		back, err := u.(encoding.TextMarshaler).MarshalText()
		if err != nil || string(back) != string(text) {
			t.Fatalf("%T: %q accepted but marshals to %q, %v", u, text, back, err)
		}
	}
	for _, s := range schemes() {
		if tr, err := s.Parse(string(text)); err == nil != s.Contains(tier.Tier(text)) || (err == nil && string(tr) != string(text)) {
			t.Fatalf("%s.Parse(%q) = %q, %v; Contains %v", s.Name(), text, tr, err, s.Contains(tier.Tier(text)))
		}
	}
}
