// Package ident checks IDs (of officers, teams, regions, cases, reports)
// the one way every package reads them: exactly as written, or refused.
// An ID is never trimmed or repaired, so that "jo" and "jo " can never
// become one officer on the way through a file or a request.
package ident

import (
	"unicode"
	"unicode/utf8"
)

// Problem says what is wrong with a non-empty ID, or "": control
// characters (line and paragraph separators and the byte-order mark
// included), invalid UTF-8, or white space at either end.
func Problem(id string) string {
	ascii := true
	for i := 0; i < len(id); i++ {
		b := id[i]
		if b >= 0x80 {
			ascii = false
			break
		}
		if b < 0x20 || b == 0x7f {
			return "IDs must not contain control characters"
		}
	}
	if ascii {
		if id[0] == ' ' || id[len(id)-1] == ' ' {
			return "IDs must not begin or end with white space"
		}
		return ""
	}
	if !utf8.ValidString(id) {
		return "IDs must be valid UTF-8"
	}
	for _, r := range id {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return "IDs must not contain control characters"
		}
	}
	first, _ := utf8.DecodeRuneInString(id)
	last, _ := utf8.DecodeLastRuneInString(id)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return "IDs must not begin or end with white space"
	}
	return ""
}
