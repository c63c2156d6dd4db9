package workload

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/tier"
)

// Properties of policy documents: decode(encode(p)) == p, and invalid
// input is an error naming what is wrong, never a panic.

// propPolicyConfig draws a valid configuration with every kind of
// generated modification: those of propConfig plus names, distribution
// thresholds, sustained overload, the critical period and contacts.
func propPolicyConfig(t *rapid.T) Config {
	c := propConfig(t)
	c.Name = rapid.StringN(1, 20, -1).Draw(t, "name")
	c.Version = rapid.StringMatching(`[0-9]{1,4}\.[0-9]{1,2}\.[0-9]`).Draw(t, "version")
	c.Tiers.Notes = rapid.String().Draw(t, "notes")
	var dist []decimal.Decimal
	at := decimal.Zero
	for i, n := 0, rapid.IntRange(0, 5).Draw(t, "thresholds"); i < n; i++ {
		at = at.Add(propDec(t, "step", 1, 50, 0, 1, 6))
		dist = append(dist, at)
	}
	c.Distribution = dist
	c.Sustained = Sustained{Threshold: propDec(t, "sustained", 1, 300, 0, 2), Weeks: rapid.IntRange(1, 520).Draw(t, "weeks")}
	c.Tiers.CriticalPeriodDays = rapid.IntRange(1, 365).Draw(t, "criticalDays")
	if rapid.Bool().Draw(t, "changeContact") {
		tr := rapid.SampledFrom(c.Tiers.Scheme.Tiers()).Draw(t, "contactTier")
		ph := rapid.SampledFrom(tier.Phases()).Draw(t, "contactPhase")
		ct := tier.Contact{}
		if n := rapid.IntRange(0, 100).Draw(t, "contacts"); n > 0 {
			ct = tier.Contact{Contacts: n, Days: rapid.IntRange(1, 365).Draw(t, "days"), Minutes: rapid.IntRange(1, 1440).Draw(t, "minutes"), FaceToFace: rapid.Bool().Draw(t, "f2f")}
		}
		c.Tiers.Contacts[tr][ph] = ct
	}
	return c
}

// propRoundTrip encodes p, decodes it twice (DecodePolicy and
// json.Unmarshal) and checks both give p's configuration back, encode to
// the same bytes and measure the same.
func propRoundTrip(t *rapid.T, p *Policy) {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	p2, err := DecodePolicy(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("a policy's own document does not decode: %v\n%s", err, b)
	}
	if diff := cmp.Diff(p.Config(), p2.Config()); diff != "" {
		t.Fatalf("decode(encode(p)) != p (-p +decoded):\n%s", diff)
	}
	var p3 Policy
	if err := json.Unmarshal(b, &p3); err != nil {
		t.Fatalf("json.Unmarshal: %v", err)
	}
	if diff := cmp.Diff(p.Config(), p3.Config()); diff != "" {
		t.Fatalf("UnmarshalJSON(encode(p)) != p (-p +decoded):\n%s", diff)
	}
	b2, err := json.Marshal(p2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
	}
	cl := propCaseload(t, p, true)
	if diff := cmp.Diff(propMeasure(t, p, cl), propMeasure(t, p2, cl), propLoadOpts); diff != "" {
		t.Fatalf("decoded policy measures differently (-p +decoded):\n%s", diff)
	}
}

func TestDefaultPolicyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { propRoundTrip(t, DefaultPolicy()) })
}

// testPolicyRoundTrip: decode(encode(p)) == p for generated policies,
// and NewPolicy keeps exactly the configuration it was given.
func testPolicyRoundTrip(t *rapid.T) {
	cfg := propPolicyConfig(t)
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatalf("generated config is invalid: %v", err)
	}
	if diff := cmp.Diff(cfg, p.Config()); diff != "" {
		t.Fatalf("Config() differs from the config given (-given +kept):\n%s", diff)
	}
	propRoundTrip(t, p)
}

func TestPolicyRoundTrip(t *testing.T) { rapid.Check(t, testPolicyRoundTrip) }
func FuzzPolicyRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPolicyRoundTrip)) }

// propDecodeAny decodes a document that may be anything: it must return
// a valid, round-tripping policy or a structured error, never panic.
func propDecodeAny(t *rapid.T, doc []byte) error {
	t.Helper()
	p, err := DecodePolicy(bytes.NewReader(doc))
	if err != nil {
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("error is not a FieldError: %T %v", err, err)
		}
		if p != nil {
			t.Fatalf("error %v with a policy", err)
		}
		return err
	}
	if err := p.Config().Validate(); err != nil {
		t.Fatalf("decoded policy does not validate: %v", err)
	}
	propRoundTrip(t, p)
	return nil
}

// testDecodePolicyArbitraryBytes feeds arbitrary bytes, alone or after a
// valid document's opening.
func testDecodePolicyArbitraryBytes(t *rapid.T) {
	doc := rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")
	if rapid.Bool().Draw(t, "validPrefix") {
		b, _ := json.Marshal(DefaultPolicy())
		doc = slices.Concat(b[:rapid.IntRange(0, len(b)).Draw(t, "prefix")], doc)
	}
	if propDecodeAny(t, doc) == nil {
		t.Logf("arbitrary bytes decoded to a valid policy")
	}
}

func TestDecodePolicyArbitraryBytes(t *testing.T) { rapid.Check(t, testDecodePolicyArbitraryBytes) }
func FuzzDecodePolicyArbitraryBytes(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testDecodePolicyArbitraryBytes))
}

// propLeaf is a path to a value in a decoded JSON document.
type propLeaf []any // string keys and int indexes

// propLeaves lists the paths of every value in v, in a stable order.
func propLeaves(v any, at propLeaf, out *[]propLeaf) {
	*out = append(*out, slices.Clone(at))
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			propLeaves(x[k], append(at, k), out)
		}
	case []any:
		for i := range x {
			propLeaves(x[i], append(at, i), out)
		}
	}
}

// propSet replaces (or, with del, deletes) the value at path in v.
func propSet(v any, path propLeaf, nv any, del bool) any {
	if len(path) == 0 {
		return nv
	}
	switch x := v.(type) {
	case map[string]any:
		k := path[0].(string)
		if len(path) == 1 && del {
			delete(x, k)
			return x
		}
		x[k] = propSet(x[k], path[1:], nv, del)
	case []any:
		i := path[0].(int)
		if len(path) == 1 && del {
			return slices.Delete(x, i, i+1)
		}
		x[i] = propSet(x[i], path[1:], nv, del)
	}
	return v
}

// propNasty are replacement values that a policy document must survive.
var propNasty = []any{
	nil, true, false, "", "x", "unknown", "-1", "0", "1e999999999", "-1e999999999", "1e9999", "1e-9999", "0.0000001",
	"123456789012345678901234567890", "NaN", "Infinity", json.Number("-1"), json.Number("0"), json.Number("9"),
	json.Number("1e999999999"), json.Number("1e400"), json.Number("99999999999999999999"), json.Number("0.5"),
	map[string]any{}, []any{}, map[string]any{"unexpected": 1}, []any{"A3", "A3"}, "A3", "half-up", "PO",
}

// testDecodePolicyMutated mutates a valid document, structurally (a value
// replaced or deleted, a key added) or byte by byte, and decodes it.
func testDecodePolicyMutated(t *rapid.T) {
	p := DefaultPolicy()
	if rapid.Bool().Draw(t, "generated") {
		var err error
		if p, err = NewPolicy(propPolicyConfig(t)); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := 0, rapid.IntRange(1, 3).Draw(t, "mutations"); i < n; i++ {
		if rapid.Bool().Draw(t, "structural") {
			dec := json.NewDecoder(bytes.NewReader(doc))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				break // an earlier byte mutation broke the syntax
			}
			var leaves []propLeaf
			propLeaves(v, nil, &leaves)
			path := rapid.SampledFrom(leaves).Draw(t, "path")
			switch rapid.SampledFrom([]string{"replace", "delete", "add"}).Draw(t, "how") {
			case "replace":
				v = propSet(v, path, rapid.SampledFrom(propNasty).Draw(t, "value"), false)
			case "delete":
				if len(path) > 0 {
					v = propSet(v, path, nil, true)
				}
			case "add":
				if m, ok := propGet(v, path).(map[string]any); ok {
					m[rapid.SampledFrom([]string{"bogus", "A9", "unknown", "SPO", "custody", "standard", "warrant"}).Draw(t, "key")] = rapid.SampledFrom(propNasty).Draw(t, "value")
				}
			}
			if doc, err = json.Marshal(v); err != nil {
				t.Fatal(err)
			}
			continue
		}
		at := rapid.IntRange(0, len(doc)-1).Draw(t, "at")
		end := at + rapid.IntRange(0, min(16, len(doc)-at)).Draw(t, "length")
		ins := []byte(rapid.SampledFrom([]string{"", "0", "-", "1e999999999", `"`, "{", "}", "[", "]", ",", ":", "null", `"x"`, "\x00", "\xff"}).Draw(t, "insert"))
		doc = slices.Concat(doc[:at], ins, doc[end:])
	}
	propDecodeAny(t, doc)
}

func propGet(v any, path propLeaf) any {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[k.(string)]
		case []any:
			v = x[k.(int)]
		}
	}
	return v
}

func TestDecodePolicyMutated(t *testing.T) { rapid.Check(t, testDecodePolicyMutated) }
func FuzzDecodePolicyMutated(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDecodePolicyMutated)) }

// TestDecodePolicyBadDocuments checks that each kind of bad document is an
// error whose text names the field (or, for trailing data, says so).
func TestDecodePolicyBadDocuments(t *testing.T) {
	good, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	doc := string(good)
	replace := func(old, new string) string {
		t.Helper()
		if !strings.Contains(doc, old) {
			t.Fatalf("reference document has no %s", old)
		}
		return strings.Replace(doc, old, new, 1)
	}
	tests := []struct {
		name, doc string
		want      []string // every one must appear in the error text
		sentinel  error
	}{
		{name: "unknown field", doc: replace(`"bands":{`, `"bands":{"orange":"105",`), want: []string{`unknown field "orange"`}, sentinel: ErrSyntax},
		{name: "unknown top-level field", doc: replace(`"rawCountCeiling":`, `"rawCountCap":60,"rawCountCeiling":`), want: []string{`"rawCountCap"`}, sentinel: ErrSyntax},
		{name: "trailing data", doc: doc + ` {}`, want: []string{"trailing data"}, sentinel: ErrSyntax},
		{name: "two documents", doc: doc + doc, want: []string{"trailing data"}, sentinel: ErrSyntax},
		{name: "negative weight", doc: replace(`"A3":"206"`, `"A3":"-206"`), want: []string{`weights.community.A3 "-206"`, "must not be negative"}, sentinel: ErrOutOfRange},
		{name: "red band below over band", doc: replace(`"bands":{"over":"100","red":"110"}`, `"bands":{"over":"100","red":"99.9"}`), want: []string{`bands.red "99.9"`, "must not be below bands.over 100"}, sentinel: ErrInconsistent},
		{name: "unknown grade key", doc: replace(`"grades":{`, `"grades":{"SPO2":{"target":"1","defaultHours":"37"},`), want: []string{`grade "SPO2"`}, sentinel: ErrSyntax},
		{name: "unknown grade key wraps ErrUnknown", doc: replace(`"grades":{`, `"grades":{"SPO2":{"target":"1","defaultHours":"37"},`), want: []string{`grade "SPO2"`}, sentinel: ErrUnknown},
		{name: "rounding places 9", doc: replace(`"availablePlaces":2`, `"availablePlaces":9`), want: []string{`rounding.availablePlaces "9"`, "between 0 and 6"}, sentinel: ErrOutOfRange},
		{name: "capacity places negative", doc: replace(`"capacityPlaces":3`, `"capacityPlaces":-1`), want: []string{`rounding.capacityPlaces "-1"`}, sentinel: ErrOutOfRange},
		{name: "unknown rounding mode", doc: replace(`"capacityMode":"half-up"`, `"capacityMode":"ceiling"`), want: []string{`"ceiling"`}, sentinel: ErrSyntax},
		{name: "decimal beyond bounds", doc: replace(`"bands":{"over":"100"`, `"bands":{"over":"1e12"`), want: []string{`bands.over`, "10^9"}, sentinel: ErrOutOfRange},
		{name: "decimal exponent far beyond bounds", doc: replace(`"bands":{"over":"100"`, `"bands":{"over":"1e9999"`), want: []string{`bands.over`}, sentinel: ErrOutOfRange},
		{name: "decimal too precise", doc: replace(`"bands":{"over":"100"`, `"bands":{"over":"100.0000001"`), want: []string{`bands.over`, "decimal places"}, sentinel: ErrOutOfRange},
		{name: "inactive share above 100", doc: replace(`"warrant":"0"`, `"warrant":"100.5"`), want: []string{`inactivePercent.warrant "100.5"`}, sentinel: ErrOutOfRange},
		{name: "missing grade", doc: replace(`"PO":{"target":"2176","defaultHours":"37","caseFacing":"0.6"},`, ``), want: []string{`grades.PO`}, sentinel: ErrMissing},
		{name: "wrong type", doc: replace(`"rawCountCeiling":50`, `"rawCountCeiling":"50"`), want: []string{"rawCountCeiling"}, sentinel: ErrSyntax},
		{name: "decimal exponent beyond the decoder", doc: replace(`"bands":{"over":"100"`, `"bands":{"over":"1e999999999"`), want: []string{"bands.over", "1e999999999"}, sentinel: ErrSyntax},
		{name: "decimal exponent beyond the decoder, as a number", doc: replace(`"bands":{"over":"100"`, `"bands":{"over":1e999999999`), want: []string{"bands.over", "1e999999999"}, sentinel: ErrSyntax},
		{name: "unknown rounding mode names its field", doc: replace(`"capacityMode":"half-up"`, `"capacityMode":"ceiling"`), want: []string{"rounding.capacityMode"}, sentinel: ErrUnknown},
		{name: "empty", doc: ``, want: []string{"empty input"}, sentinel: ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := DecodePolicy(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("decoded to %+v, want an error", p.Ref())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("error does not wrap %v:\n%v", tt.sentinel, err)
			}
		})
	}
}

// TestUnmarshalIntoBuiltPolicyRefused checks that a built Policy, which
// is documented as immutable, cannot be overwritten by json.Unmarshal,
// while a zero Policy (a struct field being decoded) is built.
func TestUnmarshalIntoBuiltPolicyRefused(t *testing.T) {
	doc, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var holder struct {
		Policy Policy `json:"policy"`
	}
	if err := json.Unmarshal([]byte(`{"policy":`+string(doc)+`}`), &holder); err != nil {
		t.Fatalf("into a zero Policy: %v", err)
	}
	if got := holder.Policy.Ref(); got != (PolicyRef{Name: "england-wales-reference", Version: "2026.12.0"}) {
		t.Errorf("decoded %+v", got)
	}
	p := DefaultPolicy()
	other := DefaultConfig()
	other.Name = "other"
	odoc, err := json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	err = json.Unmarshal(odoc, p)
	if !errors.Is(err, ErrInconsistent) || !strings.Contains(err.Error(), `workload: policy "england-wales-reference": inconsistent: a built Policy is immutable`) {
		t.Errorf("into a built Policy: %v", err)
	}
	if p.Ref().Name != "england-wales-reference" {
		t.Errorf("the built policy changed to %q", p.Ref().Name)
	}
}
