package tier_test

// Native, byte-level fuzz targets for the tier package's parsers and
// decoders, seeded with the shipped documents. The rapid-based
// FuzzUnmarshalTextArbitrary and FuzzDecodeTableArbitrary draw from
// fragments; these mutate real documents and tier names directly.

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/tier"
)

// relFieldErr fails unless err carries a *tier.FieldError naming a field
// and, when want is not nil, wraps want.
func relFieldErr(t *testing.T, what string, err, want error) {
	t.Helper()
	var fe *tier.FieldError
	if !errors.As(err, &fe) || fe.Field == "" {
		t.Fatalf("%s: error %q (%T) carries no field error", what, err, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("%s: error %q does not wrap %v", what, err, want)
	}
}

var relSchemes = []tier.Scheme{tier.EnglandWales(), tier.SupervisionLevels().Scheme}

// FuzzTierText: tier.Parse, Scheme.Parse and Tier.UnmarshalText never
// panic, refuse with ErrUnknownTier, and accept exactly the names that
// round-trip through text and JSON and sit at their index.
func FuzzTierText(f *testing.F) {
	for _, s := range []string{"B2", "A3S", "untiered", "D0S", "intensive", "administrative", "E9", "b2", "B2 ", "B4",
		"A3SS", "", "Untiered", "ü", strings.Repeat("A", 32), strings.Repeat("A", 33), "A-_9", "B2\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := tier.Parse(s)
		if err != nil {
			relFieldErr(t, "Parse", err, tier.ErrUnknownTier)
		} else {
			if tr.String() != s || !tier.EnglandWales().Contains(tr) {
				t.Fatalf("Parse(%q) = %q, not in the scheme", s, tr)
			}
			l, lok := tr.Letter()
			d, dok := tr.Digit()
			if lok != dok || (lok && tr != tier.Untiered && func() bool { c, _ := tier.Compose(l, d, tr.Unsupervised()); return c != tr }()) {
				t.Fatalf("%q: letter %c %v, digit %d %v do not compose back", tr, l, lok, d, dok)
			}
		}
		for _, sc := range relSchemes {
			st, err := sc.Parse(s)
			if err != nil {
				relFieldErr(t, sc.Name()+".Parse", err, tier.ErrUnknownTier)
				if sc.Contains(tier.Tier(s)) {
					t.Fatalf("%s: Parse(%q) fails but Contains says yes", sc.Name(), s)
				}
				if sc.Compare(tier.Tier(s), tier.Tier(s)) != 0 {
					t.Fatalf("%s: Compare of %q with itself is not 0", sc.Name(), s)
				}
				continue
			}
			i, ok := sc.Index(st)
			if back, _ := sc.At(i); !ok || back != st || st.String() != s {
				t.Fatalf("%s: Parse(%q) = %q at %d (%v), At gives %q", sc.Name(), s, st, i, ok, back)
			}
		}
		var u tier.Tier
		if err := u.UnmarshalText([]byte(s)); err != nil {
			relFieldErr(t, "UnmarshalText", err, tier.ErrUnknownTier)
			if tr != tier.Unknown {
				t.Fatalf("Parse accepts %q but UnmarshalText refuses it: %v", s, err)
			}
			return
		}
		text, err := u.MarshalText()
		if err != nil || string(text) != s {
			t.Fatalf("UnmarshalText(%q) then MarshalText = %q, %v", s, text, err)
		}
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		var back tier.Tier
		if err := json.Unmarshal(b, &back); err != nil || back != u {
			t.Fatalf("JSON round trip of %q: %q, %v", u, back, err)
		}
	})
}

// FuzzSchemeJSON: a scheme document either fails to decode or decodes to
// a scheme with at least one tier that re-encodes to an equal scheme.
func FuzzSchemeJSON(f *testing.F) {
	for _, sc := range relSchemes {
		b, err := json.Marshal(sc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{`{}`, `null`, `{"name":"x","tiers":[]}`, `{"name":"x","tiers":["a","a"]}`,
		`{"name":"x","tiers":["a"],"extra":1}`, `{"name":"x","tiers":["a b"]}`, `{"name":"","tiers":["a"]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var sc tier.Scheme
		if err := json.Unmarshal(data, &sc); err != nil {
			return
		}
		if sc.Len() == 0 || sc.Name() == "" {
			t.Fatalf("decoded an empty scheme from %q", data)
		}
		for i, tr := range sc.Tiers() {
			if j, ok := sc.Index(tr); !ok || j != i {
				t.Fatalf("tier %q at %d has index %d, %v", tr, i, j, ok)
			}
		}
		b, err := json.Marshal(sc)
		if err != nil {
			t.Fatalf("json.Marshal of a decoded scheme: %v", err)
		}
		var back tier.Scheme
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(sc) {
			t.Fatalf("scheme round trip through %s: %v", b, err)
		}
	})
}

// FuzzDecodeTableBytes: DecodeTable never panics and returns field
// errors; a table that decodes and validates re-encodes to a document
// that decodes to an equal, valid table.
func FuzzDecodeTableBytes(f *testing.F) {
	ref := tier.ReferenceJSON()
	sl, err := json.Marshal(tier.SupervisionLevels())
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range [][]byte{
		ref, sl, ref[:len(ref)/3], sl[:len(sl)-2], []byte(`{}`), []byte(`null`), []byte(``), []byte(`[]`),
		bytes.Replace(sl, []byte(`"criticalPeriodDays":`), []byte(`"criticalPeriodDays":1e999999999,"x":`), 1),
		bytes.Replace(ref, []byte(`"name"`), []byte(`"name":"dup","name"`), 1),
		[]byte(`{"weights":{"community":{"B2":"1e999999999"}}}`),
		[]byte(`{"weights":{"community":{"B2":"0.` + strings.Repeat("1", 3000) + `"}}}`),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := tier.DecodeTable(bytes.NewReader(data))
		if err != nil {
			relFieldErr(t, "DecodeTable", err, nil)
			return
		}
		if err := tb.Validate(); err != nil {
			relFieldErr(t, "Validate", err, nil)
			return
		}
		b, err := json.Marshal(tb)
		if err != nil {
			t.Fatalf("json.Marshal of a valid table: %v", err)
		}
		back, err := tier.DecodeTable(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("DecodeTable(json.Marshal(table)): %v", err)
		}
		if diff := cmp.Diff(tb, back); diff != "" {
			t.Fatalf("table round trip mismatch (-want +got):\n%s", diff)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("re-decoded table is invalid: %v", err)
		}
		for _, tr := range tb.Scheme.Tiers() {
			for _, ct := range tier.CaseTypes() {
				if _, err := tb.Weight(ct, tr, false); err != nil {
					t.Fatalf("valid table has no %v weight for %q: %v", ct, tr, err)
				}
			}
		}
	})
}
