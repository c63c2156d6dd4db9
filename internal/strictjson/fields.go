package strictjson

import (
	"reflect"
	"slices"
	"strings"
)

// Mismatch compares a hand-written key list with the JSON field names of
// the types a document decodes into (t, walked through pointers, slices,
// arrays, map keys and values and struct fields), plus extra: the names
// of types that decode themselves. It returns the field names k lacks and
// the names in k that are no field, both sorted; a test of each document
// type calls it, so that a new field cannot be left out of its list.
func (k Keys) Mismatch(t reflect.Type, extra ...string) (missing, unused []string) {
	walked := map[string]bool{}
	walkFields(t, map[reflect.Type]bool{}, walked)
	for _, e := range extra {
		walked[e] = true
	}
	listed := map[string]bool{}
	for _, exact := range k {
		listed[exact] = true
	}
	for name := range walked {
		if !listed[name] {
			missing = append(missing, name)
		}
	}
	for name := range listed {
		if !walked[name] {
			unused = append(unused, name)
		}
	}
	slices.Sort(missing)
	slices.Sort(unused)
	return missing, unused
}

func walkFields(t reflect.Type, seen map[reflect.Type]bool, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Map {
			walkFields(t.Key(), seen, out)
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
		walkFields(f.Type, seen, out)
	}
}
