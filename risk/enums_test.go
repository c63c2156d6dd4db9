package risk_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/gen"
	"github.com/openprobation/caseload/risk"
)

func TestEnumNames(t *testing.T) {
	got := map[string][]string{}
	add := func(key string, s ...interface{ String() string }) {
		for _, v := range s {
			got[key] = append(got[key], v.String())
		}
	}
	for _, v := range append([]risk.RoSH{risk.RoSHUnknown}, risk.AllRoSH()...) {
		add("rosh", v)
	}
	for _, v := range risk.AllMAPPALevels() {
		add("mappaLevel", v)
	}
	for _, v := range risk.AllMAPPACategories() {
		add("mappaCategory", v)
	}
	for _, v := range risk.AllFlags() {
		add("flag", v)
	}
	for _, v := range risk.AllFactors() {
		add("factor", v)
	}
	for _, v := range risk.AllWomenFactors() {
		add("womenFactor", v)
	}
	for _, v := range risk.AllNeeds() {
		add("need", v)
	}
	for _, v := range risk.AllSeverities() {
		add("severity", v)
	}
	add("mandate", risk.MandateUnknown, risk.MandateYes, risk.MandateNo)
	add("sex", risk.SexUnknown, risk.SexMale, risk.SexFemale)
	add("outside", risk.RoSH(9), risk.Flag(0), risk.Flag(10), risk.Need(11), risk.Severity(3))
	want := map[string][]string{
		"rosh":          {"unknown", "low", "medium", "high", "very-high"},
		"mappaLevel":    {"none", "1", "2", "3"},
		"mappaCategory": {"none", "1", "2", "3", "4"},
		"flag": {"domestic-abuse", "stalking", "child-protection", "lifer-ipp", "iom",
			"unsupervised", "national-security", "sexual", "serious-violence"},
		"factor": {"mental-health", "self-harm", "vulnerability", "child-concerns", "child-protection",
			"risk-to-children", "public-interest", "adult-at-risk", "street-gangs", "terrorism"},
		"womenFactor": {"parenting", "impulsivity", "breach-or-recall"},
		"need": {"accommodation", "ete", "relationships", "lifestyle", "drug-misuse", "alcohol-misuse",
			"thinking-behaviour", "attitudes", "finance", "emotional-wellbeing"},
		"severity": {"none", "standard", "severe"},
		"mandate":  {"unknown", "yes", "no"},
		"sex":      {"unknown", "male", "female"},
		"outside":  {"rosh(9)", "unknown", "flag(10)", "need(11)", "severity(3)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names mismatch (-want +got):\n%s", diff)
	}
}

func TestUnmarshalText(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		into    encoding.TextUnmarshaler
		text    string
		wantErr error
	}{
		{name: "rosh very-high", into: new(risk.RoSH), text: "very-high"},
		{name: "rosh unknown", reason: "a missing RoSH is a meaningful value", into: new(risk.RoSH), text: "unknown"},
		{name: "rosh severe", into: new(risk.RoSH), text: "severe", wantErr: risk.ErrUnknown},
		{name: "rosh wrong case", into: new(risk.RoSH), text: "High", wantErr: risk.ErrUnknown},
		{name: "rosh empty", into: new(risk.RoSH), text: "", wantErr: risk.ErrUnknown},
		{name: "mappa level none", into: new(risk.MAPPALevel), text: "none"},
		{name: "mappa level 4", into: new(risk.MAPPALevel), text: "4", wantErr: risk.ErrUnknown},
		{name: "mappa category 4", into: new(risk.MAPPACategory), text: "4"},
		{name: "mappa category 0", into: new(risk.MAPPACategory), text: "0", wantErr: risk.ErrUnknown},
		{name: "flag iom", into: new(risk.Flag), text: "iom"},
		{name: "flag unknown", reason: "the zero flag is never valid", into: new(risk.Flag), text: "unknown", wantErr: risk.ErrUnknown},
		{name: "factor terrorism", into: new(risk.Factor), text: "terrorism"},
		{name: "factor unknown", into: new(risk.Factor), text: "unknown", wantErr: risk.ErrUnknown},
		{name: "women factor breach", into: new(risk.WomenFactor), text: "breach-or-recall"},
		{name: "women factor unknown", into: new(risk.WomenFactor), text: "unknown", wantErr: risk.ErrUnknown},
		{name: "need attitudes", into: new(risk.Need), text: "attitudes"},
		{name: "need unknown", into: new(risk.Need), text: "unknown", wantErr: risk.ErrUnknown},
		{name: "need ETE upper case", into: new(risk.Need), text: "ETE", wantErr: risk.ErrUnknown},
		{name: "severity none", into: new(risk.Severity), text: "none"},
		{name: "severity high", into: new(risk.Severity), text: "high", wantErr: risk.ErrUnknown},
		{name: "mandate unknown", reason: "decodes; validation rejects it", into: new(risk.Mandate), text: "unknown"},
		{name: "mandate true", into: new(risk.Mandate), text: "true", wantErr: risk.ErrUnknown},
		{name: "sex female", into: new(risk.Sex), text: "female"},
		{name: "sex f", into: new(risk.Sex), text: "f", wantErr: risk.ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.into.UnmarshalText([]byte(tt.text))
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("UnmarshalText(%q) = %v, want %v\nreason: %s", tt.text, err, tt.wantErr, tt.reason)
			}
			if err != nil {
				checkMessage(t, err)
				return
			}
			back, err := tt.into.(encoding.TextMarshaler).MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.text, string(back)); diff != "" {
				t.Errorf("MarshalText after UnmarshalText mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMarshalTextOutsideTheEnum(t *testing.T) {
	for _, m := range []encoding.TextMarshaler{
		risk.RoSH(5), risk.MAPPALevel(5), risk.MAPPACategory(5), risk.Flag(10), risk.Factor(11),
		risk.WomenFactor(4), risk.Need(11), risk.Severity(3), risk.Mandate(3), risk.Sex(3),
	} {
		if b, err := m.MarshalText(); !errors.Is(err, risk.ErrUnknown) {
			t.Errorf("%T(%v).MarshalText() = %q, %v; want ErrUnknown", m, m, b, err)
		}
	}
}

func TestSetsJSON(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		into    json.Unmarshaler
		json    string
		want    any
		wantErr error
	}{
		{name: "flags", into: new(risk.Flags), json: `["iom","domestic-abuse"]`, want: risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagIOM)},
		{name: "flags empty", into: new(risk.Flags), json: `[]`, want: risk.Flags(0)},
		{name: "flags null", into: new(risk.Flags), json: `null`, want: risk.Flags(0)},
		{name: "flags duplicate", reason: "each flag may be given once", into: new(risk.Flags), json: `["iom","stalking","iom"]`, wantErr: risk.ErrDuplicate},
		{name: "flags unknown name", into: new(risk.Flags), json: `["iom","gang"]`, wantErr: risk.ErrUnknown},
		{name: "flags unknown", into: new(risk.Flags), json: `["unknown"]`, wantErr: risk.ErrUnknown},
		{name: "flags not an array", into: new(risk.Flags), json: `"iom"`, wantErr: risk.ErrSyntax},
		{name: "flags numbers", into: new(risk.Flags), json: `[5]`, wantErr: risk.ErrSyntax},
		{name: "factors", into: new(risk.Factors), json: `["terrorism","mental-health"]`, want: risk.NewFactors(risk.FactorMentalHealth, risk.FactorTerrorism)},
		{name: "factors duplicate", into: new(risk.Factors), json: `["self-harm","self-harm"]`, wantErr: risk.ErrDuplicate},
		{name: "women factors", into: new(risk.WomenFactors), json: `["parenting"]`, want: risk.NewWomenFactors(risk.WomenFactorParenting)},
		{name: "women factors duplicate", into: new(risk.WomenFactors), json: `["parenting","parenting"]`, wantErr: risk.ErrDuplicate},
		{name: "women factors object", into: new(risk.WomenFactors), json: `{}`, wantErr: risk.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.into.UnmarshalJSON([]byte(tt.json))
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("UnmarshalJSON(%s) = %v, want %v\nreason: %s", tt.json, err, tt.wantErr, tt.reason)
			}
			if err != nil {
				checkMessage(t, err)
				return
			}
			var got any
			switch v := tt.into.(type) {
			case *risk.Flags:
				got = *v
			case *risk.Factors:
				got = *v
			case *risk.WomenFactors:
				got = *v
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("UnmarshalJSON mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetsMethods(t *testing.T) {
	f := risk.NewFlags(risk.FlagIOM, risk.FlagUnknown, risk.FlagIOM, risk.FlagStalking)
	type result struct {
		List    []risk.Flag
		String  string
		Has     bool
		Without string
		JSON    string
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	got := result{f.List(), f.String(), f.Has(risk.FlagIOM), f.Without(risk.FlagIOM).String(), string(b)}
	want := result{[]risk.Flag{risk.FlagStalking, risk.FlagIOM}, "stalking+iom", true, "stalking", `["stalking","iom"]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Flags mismatch (-want +got):\n%s", diff)
	}
	if s := risk.NewFlags(); s.String() != "none" || s.List() != nil {
		t.Errorf("empty Flags: String %q, List %v", s.String(), s.List())
	}
	if n := risk.NewFactors(risk.AllFactors()...).Len(); n != 10 {
		t.Errorf("all factors Len = %d, want 10", n)
	}
	if n := risk.NewWomenFactors(risk.AllWomenFactors()...).Len(); n != 3 {
		t.Errorf("all women factors Len = %d, want 3", n)
	}
	if risk.Flags(1<<30).Valid() || !risk.NewFlags(risk.AllFlags()...).Valid() {
		t.Error("Flags.Valid wrong")
	}
	if _, err := json.Marshal(risk.Flags(1 << 30)); err == nil {
		t.Error("marshalling undefined flag bits succeeded")
	}
	if risk.Flags(0).With(risk.Flag(40)) != 0 || risk.Flags(0).Has(risk.Flag(40)) {
		t.Error("flags beyond the set's width must be ignored")
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
	if err := P(&back).UnmarshalText(text); err != nil {
		t.Fatalf("UnmarshalText(%q): %v", text, err)
	}
	if back != v {
		t.Fatalf("text round trip: %v → %q → %v", v, text, back)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", v, err)
	}
	var fromJSON E
	if err := json.Unmarshal(b, &fromJSON); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	if fromJSON != v {
		t.Fatalf("JSON round trip: %v → %s → %v", v, b, fromJSON)
	}
}

// checkSet round-trips a set through JSON and through its list.
func checkSet[S interface {
	comparable
	String() string
}](t *rapid.T, s S, rebuild func(S) S) {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", s, err)
	}
	var back S
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	if back != s {
		t.Fatalf("JSON round trip: %v → %s → %v", s, b, back)
	}
	if r := rebuild(s); r != s {
		t.Fatalf("rebuilt from its list: %v → %v", s, r)
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		t.Fatal(err)
	}
	want := "none"
	if len(names) > 0 {
		want = strings.Join(names, "+")
	}
	if s.String() != want {
		t.Fatalf("String() = %q, want %q", s.String(), want)
	}
}

func TestEnumRoundTrip(t *testing.T) { rapid.Check(t, testEnumRoundTrip) }

func FuzzEnumRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testEnumRoundTrip)) }

func testEnumRoundTrip(t *rapid.T) {
	checkText(t, gen.RoSH().Draw(t, "rosh"))
	checkText(t, rapid.SampledFrom(risk.AllMAPPALevels()).Draw(t, "mappaLevel"))
	checkText(t, rapid.SampledFrom(risk.AllMAPPACategories()).Draw(t, "mappaCategory"))
	checkText(t, rapid.SampledFrom(risk.AllFlags()).Draw(t, "flag"))
	checkText(t, rapid.SampledFrom(risk.AllFactors()).Draw(t, "factor"))
	checkText(t, rapid.SampledFrom(risk.AllWomenFactors()).Draw(t, "womenFactor"))
	checkText(t, rapid.SampledFrom(risk.AllNeeds()).Draw(t, "need"))
	checkText(t, rapid.SampledFrom(risk.AllSeverities()).Draw(t, "severity"))
	checkText(t, rapid.SampledFrom([]risk.Mandate{risk.MandateUnknown, risk.MandateYes, risk.MandateNo}).Draw(t, "mandate"))
	checkText(t, rapid.SampledFrom([]risk.Sex{risk.SexUnknown, risk.SexMale, risk.SexFemale}).Draw(t, "sex"))
	checkSet(t, gen.Flags().Draw(t, "flags"), func(s risk.Flags) risk.Flags { return risk.NewFlags(s.List()...) })
	checkSet(t, gen.Factors().Draw(t, "factors"), func(s risk.Factors) risk.Factors { return risk.NewFactors(s.List()...) })
	checkSet(t, gen.WomenFactors().Draw(t, "womenFactors"), func(s risk.WomenFactors) risk.WomenFactors {
		return risk.NewWomenFactors(s.List()...)
	})
}

func TestUnmarshalTextArbitrary(t *testing.T) { rapid.Check(t, testUnmarshalTextArbitrary) }

func FuzzUnmarshalTextArbitrary(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testUnmarshalTextArbitrary)) }

// testUnmarshalTextArbitrary feeds arbitrary bytes to every enum and set:
// no panic, and whatever is accepted marshals back to the same text.
func testUnmarshalTextArbitrary(t *rapid.T) {
	text := rapid.OneOf(
		rapid.SliceOf(rapid.Byte()),
		rapid.Map(rapid.SampledFrom([]string{
			"unknown", "none", "very-high", "1", "4", "iom", "mental-health", "parenting",
			"attitudes", "severe", "yes", "female", "", "IOM", "very high",
		}), func(s string) []byte { return []byte(s) }),
	).Draw(t, "text")
	for _, u := range []encoding.TextUnmarshaler{
		new(risk.RoSH), new(risk.MAPPALevel), new(risk.MAPPACategory), new(risk.Flag), new(risk.Factor),
		new(risk.WomenFactor), new(risk.Need), new(risk.Severity), new(risk.Mandate), new(risk.Sex),
	} {
		if err := u.UnmarshalText(text); err != nil {
			if !errors.Is(err, risk.ErrUnknown) {
				t.Fatalf("%T.UnmarshalText(%q) = %v, want ErrUnknown", u, text, err)
			}
			continue
		}
		back, err := u.(encoding.TextMarshaler).MarshalText()
		if err != nil || string(back) != string(text) {
			t.Fatalf("%T: %q accepted but marshals to %q, %v", u, text, back, err)
		}
	}
	for _, u := range []json.Unmarshaler{new(risk.Flags), new(risk.Factors), new(risk.WomenFactors)} {
		if err := u.UnmarshalJSON(text); err != nil {
			continue
		}
		if _, err := json.Marshal(u); err != nil {
			t.Fatalf("%T: %q accepted but does not marshal: %v", u, text, err)
		}
	}
}
