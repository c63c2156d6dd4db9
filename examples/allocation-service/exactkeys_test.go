package main

import (
	"strings"
	"testing"
)

// keyDoc and keyInner are a document shape with a nested object, a map,
// a slice of objects and a field JSON leaves out.
type keyInner struct {
	RoSH  string            `json:"rosh"`
	Notes map[string]string `json:"notes"`
}

type keyDoc struct {
	ID    string     `json:"id"`
	Risk  keyInner   `json:"risk"`
	Items []keyInner `json:"items"`
	Skip  string     `json:"-"`
}

// TestCheckKeys: a key matches only its exact spelling, at any depth, and
// no object repeats a key; map keys, unknown keys (left to the decoder)
// and malformed documents (also left to it) pass.
func TestCheckKeys(t *testing.T) {
	for _, tt := range []struct {
		body, want string
	}{
		{`{"id":"a","risk":{"rosh":"low"}}`, ""},
		{`{"ID":"a"}`, `key "ID" is not "id"`},
		{`{"risk":{"roſh":"low"}}`, `key "risk.roſh" is not "rosh"`},
		{`{"items":[{"rosh":"x"},{"ROSH":"y"}]}`, `key "items[1].ROSH" is not "rosh"`},
		{`{"id":"a","id":"b"}`, `key "id" given twice`},
		{`{"risk":{"notes":{"A":"1","a":"2"}}}`, ""},
		{`{"risk":{"notes":{"a":"1","a":"2"}}}`, `key "risk.notes.a" given twice`},
		{`{"unknown":{"x":1,"x":2}}`, `key "x" given twice`},
		{`{"unknown":1}`, ""},
		{`{"id":`, ""},
		{`[1,2]`, ""},
	} {
		err := checkKeys([]byte(tt.body), &keyDoc{})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tt.body, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.body, err, tt.want)
		}
	}
}
