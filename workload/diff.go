package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ConfigChange is one difference between two configurations: the JSON path
// of the field in the policy document (object keys joined by dots, list
// positions as [i], e.g. "tiers.weights.community.B2" or
// "allocation.flagCaps[1].max") and its value before and after, as the
// document writes them (strings without quotes). A field present on one side only has Added or
// Removed set and an empty Before or After.
type ConfigChange struct {
	Path    string `json:"path"`
	Before  string `json:"before,omitempty"`
	After   string `json:"after,omitempty"`
	Added   bool   `json:"added,omitempty"`
	Removed bool   `json:"removed,omitempty"`
}

// String renders the change as "path: before → after", "path: added
// after" or "path: removed before".
func (c ConfigChange) String() string {
	switch {
	case c.Added:
		return c.Path + ": added " + c.After
	case c.Removed:
		return c.Path + ": removed " + c.Before
	}
	return c.Path + ": " + c.Before + " → " + c.After
}

// DiffConfig reports every field in which the policy documents of a and b
// differ, sorted by path. It compares the documents' JSON encodings
// generically, so no field of a configuration can be missed: weights,
// bands, grades, reductions, rounding, allocation and priority rules alike.
// Numbers compare by value (110 and 110.0 are equal). Lists compare
// position by position; elements past the end of the shorter list are
// reported as added or removed whole. A configuration that cannot be
// encoded (it holds an invalid enum value, say) is reported as a single
// change with the path "" naming the encoding error.
func DiffConfig(a, b Config) []ConfigChange {
	va, errA := configTree(a)
	vb, errB := configTree(b)
	if errA != nil || errB != nil {
		return []ConfigChange{{Path: "", Before: errText(errA), After: errText(errB)}}
	}
	var out []ConfigChange
	diffTree(&out, "", va, vb)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func errText(err error) string {
	if err == nil {
		return "(encodes)"
	}
	return "(cannot encode: " + err.Error() + ")"
}

// configTree encodes c and decodes the document into generic values,
// numbers kept as their text.
func configTree(c Config) (any, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func diffTree(out *[]ConfigChange, path string, a, b any) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := joinPath(path, k)
			va, inA := x[k]
			vb, inB := y[k]
			switch {
			case !inA:
				*out = append(*out, ConfigChange{Path: p, After: leafText(vb), Added: true})
			case !inB:
				*out = append(*out, ConfigChange{Path: p, Before: leafText(va), Removed: true})
			default:
				diffTree(out, p, va, vb)
			}
		}
		return
	case []any:
		y, ok := b.([]any)
		if !ok {
			break
		}
		for i := 0; i < max(len(x), len(y)); i++ {
			p := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case i >= len(x):
				*out = append(*out, ConfigChange{Path: p, After: leafText(y[i]), Added: true})
			case i >= len(y):
				*out = append(*out, ConfigChange{Path: p, Before: leafText(x[i]), Removed: true})
			default:
				diffTree(out, p, x[i], y[i])
			}
		}
		return
	}
	if !leafEqual(a, b) {
		*out = append(*out, ConfigChange{Path: path, Before: leafText(a), After: leafText(b)})
	}
}

// joinPath appends an object key; keys that are not plain names are
// quoted.
func joinPath(path, k string) string {
	plain := k != ""
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			plain = false
			break
		}
	}
	if !plain {
		k = strconv.Quote(k)
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

// leafEqual compares two generic values; numbers by value.
func leafEqual(a, b any) bool {
	if na, ok := a.(json.Number); ok {
		if nb, ok := b.(json.Number); ok {
			return numberEqual(string(na), string(nb))
		}
		return false
	}
	return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b) && leafText(a) == leafText(b)
}

// numberEqual compares two JSON numbers exactly: equal text, or equal
// once trailing fractional zeros are dropped. Exponent forms, which the
// encoder never writes for decimals, compare by text.
func numberEqual(a, b string) bool {
	return a == b || trimNumber(a) == trimNumber(b)
}

func trimNumber(s string) string {
	if strings.ContainsAny(s, "eE") || !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// leafText renders a generic value compactly: strings unquoted (decimals
// are strings in a policy document; the empty string is ""), numbers as
// written, objects and lists as JSON.
func leafText(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case json.Number:
		return string(x)
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
