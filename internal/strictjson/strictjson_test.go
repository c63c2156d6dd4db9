package strictjson

import (
	"bytes"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

type doc struct {
	Name  string         `json:"name"`
	Items map[string]int `json:"items"`
	List  []int          `json:"list"`
}

func TestDecodeBytes(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"ok", `{"name":"a","items":{"x":1},"list":[1,2]}`, ""},
		{"empty", ``, "empty input"},
		{"space only", "  \n", "empty input"},
		{"trailing value", `{"name":"a"} {"name":"b"}`, "trailing data"},
		{"trailing scalar", `{"name":"a"} 1`, "trailing data"},
		{"trailing garbage", `{"name":"a"} x`, "invalid character"},
		{"unknown field", `{"nom":"a"}`, "unknown field"},
		{"duplicate key", `{"name":"a","name":"b"}`, `name "name": duplicate: key given twice`},
		{"duplicate key by case", `{"items":{"high":1,"HIGH":2}}`, `keys "high" and "HIGH" differ only in letter case`},
		{"duplicate key by Unicode folding", `{"items":{"rosh":1,"roſh":2}}`, `keys "rosh" and "roſh" differ only in letter case`},
		{"duplicate key by Kelvin sign", `{"items":{"k":1,"\u212a":2}}`, "keys \"k\" and \"\u212a\" differ only in letter case"},
		{"field in another case", `{"NAME":"a"}`, `key "NAME" is not "name"`},
		{"field with long s", `{"liſt":[1]}`, `key "liſt" is not "list"`},
		{"field and its variant", `{"name":"a","nAme":"b"}`, `keys "name" and "nAme" differ only in letter case`},
		{"map keys are data", `{"items":{"Name2":1,"x":2}}`, ""},
		{"same key in two objects is fine", `{"items":{"a":1},"list":[],"name":"items"}`, ""},
		{"long number", `{"list":[` + strings.Repeat("9", 100) + `]}`, "number of 100 characters"},
		{"long string", `{"name":"` + strings.Repeat("a", MaxStringLen+1) + `"}`, "string of"},
		{"too many values", `{"list":[` + strings.Repeat("1,", MaxValues) + `1]}`, `list[99998] "": out of range: more than 100000 values`},
		{"as many values as allowed", `{"list":[` + strings.Repeat("1,", MaxValues-3) + `1]}`, ""},
		{"deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), "nesting deeper"},
		{"truncated", `{"name":"a"`, "EOF"},
		{"huge exponent names its path", `{"items":{"x":1,"y":1e999999999}}`, `items.y "1e999999999": out of range: exponent 999999999 beyond ±10000`},
		{"huge exponent in a string", `{"list":[1,2],"name":"-2.5E-99999"}`, `name "-2.5E-99999": out of range: exponent -99999 beyond ±10000`},
		{"array index in path", `{"list":[1,2,3e50000]}`, `list[2] "3e50000": out of range: exponent 50000`},
		{"ordinary exponent is fine", `{"name":"2.5e-6"}`, ""},
		{"a word with e is not a number", `{"name":"e9e9"}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			err := DecodeBytes([]byte(tt.in), &d, NewKeys("name", "items", "list"))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestFold: two strings fold alike exactly when bytes.EqualFold, the
// matching encoding/json uses, says they are equal.
func TestFold(t *testing.T) { rapid.Check(t, testFold) }

func FuzzFold(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFold)) }

// TestFoldDotted: the dotted capital İ and the dotless ı are alone in
// their folding orbits, so neither folds like i or I (a case rapid found:
// fold once lowered İ to i).
func TestFoldDotted(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"i", "İ", false}, {"I", "ı", false}, {"i", "I", true}, {"ſ", "s", true}, {"K", "k", true}, {"İd", "id", false},
	} {
		if got := fold(tt.a) == fold(tt.b); got != tt.same || bytes.EqualFold([]byte(tt.a), []byte(tt.b)) != tt.same {
			t.Errorf("fold(%q) = %q, fold(%q) = %q: same %v, want %v", tt.a, fold(tt.a), tt.b, fold(tt.b), got, tt.same)
		}
	}
}

func testFold(t *rapid.T) {
	alphabet := []rune("sSſkKKeéÉßẞσςΣµμΜiIİı1_")
	gen := rapid.SliceOfN(rapid.SampledFrom(alphabet), 0, 5)
	a, b := string(gen.Draw(t, "a")), string(gen.Draw(t, "b"))
	if got, want := fold(a) == fold(b), bytes.EqualFold([]byte(a), []byte(b)); got != want {
		t.Fatalf("fold(%q) = %q, fold(%q) = %q; EqualFold %v", a, fold(a), b, fold(b), want)
	}
}

func TestDecodeLimit(t *testing.T) {
	var d doc
	err := Decode(strings.NewReader(`{"name":"abcdef"}`), &d, 5, nil)
	if err == nil || !strings.Contains(err.Error(), "input too large") {
		t.Fatalf("got %v", err)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(`{"name":"a","items":{"x":1}}`))
	f.Add([]byte(`[1,2,{"a":[]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v any
		_ = DecodeBytes(b, &v, nil)
	})
}
