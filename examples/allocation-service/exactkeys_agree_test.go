package main

import (
	"math/rand/v2"
	"testing"
)

// keyDocs are request bodies of every shape the service decodes, the
// starting points the agreement tests mutate.
var keyDocs = []string{
	`{"officer":"off-2","case":{"id":"c1","tier":"B2","type":"licence","start":"2026-11-01","risk":{"rosh":"high","mappa":"none","flags":["iom","domestic-abuse"]}},"coWorked":false,"asOf":"2026-11-23"}`,
	`{"team":"team-0001","case":{"id":"c\u00e92","tier":"D2","type":"community"},"limit":3}`,
	`{"id":"ev-1","type":"officer-updated","officer":"off-9","record":{"id":"off-9","team":"t","grade":"PO","hours":"37","reductions":[{"reason":"union","hours":"3.7"}]}}`,
	`{"id":"ev-2","type":"case-transferred","officer":"off-3","caseId":"c9","at":"2026-11-23T10:00:00Z","extra":{"a":[1,-2.5e3,true,null,{"b":{}}]}}`,
	` [ {"id" : "x"} , 0 , "s\\\"t" ] `,
}

// mutate changes doc in one of the ways that matter to checkKeys: a byte
// inserted, removed or replaced by one of JSON's own; a key's letter
// flipped in case; a member repeated; a key's letter escaped.
func mutate(r *rand.Rand, doc []byte) []byte {
	const alphabet = "{}[]:,\"\\ u0-1eE.+tfnrAZaz\x01\xc5\xbf"
	out := append([]byte(nil), doc...)
	for n := 1 + r.IntN(3); n > 0; n-- {
		if len(out) == 0 {
			out = append(out, '{')
		}
		i := r.IntN(len(out))
		switch r.IntN(6) {
		case 0:
			out = append(out[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, out[i:]...)...)
		case 1:
			out = append(out[:i], out[i+1:]...)
		case 2:
			out[i] = alphabet[r.IntN(len(alphabet))]
		case 3:
			if c := out[i]; c >= 'a' && c <= 'z' {
				out[i] = c - 'a' + 'A'
			}
		case 4:
			// Repeat the member starting at the next quote after i.
			for j := i; j < len(out); j++ {
				if out[j] == '"' {
					k := j + 1
					for k < len(out) && out[k] != ',' && out[k] != '}' {
						k++
					}
					if k < len(out) && out[k] == ',' {
						member := append([]byte(nil), out[j:k+1]...)
						out = append(out[:j], append(member, out[j:]...)...)
					}
					break
				}
			}
		case 5:
			if c := out[i]; c >= 'a' && c <= 'z' {
				esc := []byte(`\u00` + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15]))
				out = append(out[:i], append(esc, out[i+1:]...)...)
			}
		}
	}
	return out
}

// keyTargets are the request types the service decodes, and keyDoc with
// its maps and slices.
func keyTargets() []any {
	return []any{&checkRequest{}, &recommendRequest{}, &eventRequest{}, &keyDoc{}, &[]keyDoc{}}
}

// agreeKeys reports whether the byte scanner and the token-stream
// reference give the same answer for body.
func agreeKeys(t *testing.T, body []byte) {
	t.Helper()
	for _, v := range keyTargets() {
		got, want := checkKeys(body, v), checkKeysTokens(body, v)
		if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
			t.Fatalf("checkKeys(%q, %T) = %v, the token scanner says %v", body, v, got, want)
		}
	}
}

// TestCheckKeysAgrees: the byte scanner answers exactly as the
// token-stream walk it replaced, on every request shape and on many
// mutations of each (malformed ones included).
func TestCheckKeysAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for range 4000 {
		for _, d := range keyDocs {
			body := mutate(r, []byte(d))
			agreeKeys(t, body)
			if checkKeysTokens(body, &checkRequest{}) != nil {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no mutation made a key problem: the test checks nothing")
	}
	t.Logf("%d of %d mutated bodies had a key problem", n, 4000*len(keyDocs))
}

func FuzzCheckKeysAgrees(f *testing.F) {
	for _, d := range keyDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		agreeKeys(t, body)
	})
}

// BenchmarkCheckKeys checks the keys of an allocation check's body, as
// every request with a body does before it is decoded.
func BenchmarkCheckKeys(b *testing.B) {
	body := []byte(keyDocs[0])
	b.ReportAllocs()
	for b.Loop() {
		if err := checkKeys(body, &checkRequest{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckKeysTokens(b *testing.B) {
	body := []byte(keyDocs[0])
	b.ReportAllocs()
	for b.Loop() {
		if err := checkKeysTokens(body, &checkRequest{}); err != nil {
			b.Fatal(err)
		}
	}
}
