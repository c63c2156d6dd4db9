package ident

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pgregory.net/rapid"
)

func TestProblem(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"jo", ""}, {"jo smith", ""}, {"zoë", ""}, {`o"brien`, ""}, {"a,b", ""}, {"東京-1", ""},
		{"jo ", "IDs must not begin or end with white space"},
		{" jo", "IDs must not begin or end with white space"},
		{"jo\u00a0", "IDs must not begin or end with white space"},
		{"\u3000jo", "IDs must not begin or end with white space"},
		{"jo\t1", "IDs must not contain control characters"},
		{"jo\n", "IDs must not contain control characters"},
		{"jo\x7f", "IDs must not contain control characters"},
		{"zoë\u0085", "IDs must not contain control characters"},
		{"jo\u2028x", "IDs must not contain control characters"},
		{"\ufeffjo", "IDs must not contain control characters"},
		{"jo\xff", "IDs must be valid UTF-8"},
	} {
		if got := Problem(tc.id); got != tc.want {
			t.Errorf("Problem(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}

// TestProblemExact: an ID Problem accepts is valid UTF-8, holds no
// control character and is its own trimmed form, so nothing that reads
// IDs exactly can merge two of them by trimming.
func TestProblemExact(t *testing.T) { rapid.Check(t, testProblemExact) }

func FuzzProblemExact(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testProblemExact)) }

func testProblemExact(t *rapid.T) {
	s := rapid.OneOf(
		rapid.String(),
		rapid.StringOf(rapid.SampledFrom([]rune{'a', 'ë', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 0x7f, 0x85, '東'})),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
	).Draw(t, "id")
	if s == "" {
		return
	}
	if Problem(s) != "" {
		return
	}
	if !utf8.ValidString(s) || strings.TrimSpace(s) != s || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		t.Fatalf("Problem accepted %q", s)
	}
}
