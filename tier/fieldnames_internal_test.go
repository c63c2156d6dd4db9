package tier

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestFieldNames checks that the exact-key list of tableFieldNames names
// every JSON field of the types the document decodes into, and nothing
// else (tier.Scheme decodes itself from {"name", "tiers"}).
func TestFieldNames(t *testing.T) {
	walked := map[string]bool{}
	fieldNamesWalk(reflect.TypeOf(Table{}), map[reflect.Type]bool{}, walked)
	if walked["scheme"] {
		walked["tiers"] = true
	}
	listed := map[string]bool{}
	for _, name := range tableFieldNames() {
		listed[name] = true
	}
	var missing, extra []string
	for k := range walked {
		if !listed[k] {
			missing = append(missing, k)
		}
	}
	for k := range listed {
		if !walked[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Fatalf("tableFieldNames: missing %q, not a field %q", missing, extra)
	}
}

func fieldNamesWalk(t reflect.Type, seen map[reflect.Type]bool, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Map {
			fieldNamesWalk(t.Key(), seen, out)
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
		fieldNamesWalk(f.Type, seen, out)
	}
}
