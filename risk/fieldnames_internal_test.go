package risk

import (
	"reflect"
	"testing"
)

// TestFieldNames checks that the exact-key list of assessmentFieldNames names every JSON field
// of the types the document decodes into, and nothing else.
func TestFieldNames(t *testing.T) {
	missing, unused := assessmentFieldNames().Mismatch(reflect.TypeFor[Assessment]())
	if len(missing)+len(unused) > 0 {
		t.Fatalf("assessmentFieldNames: missing %q, not a field %q", missing, unused)
	}
}

// TestCodesFieldNames checks that the exact-key list of codesFieldNames names every JSON field
// of the types the document decodes into, and nothing else.
func TestCodesFieldNames(t *testing.T) {
	missing, unused := codesFieldNames().Mismatch(reflect.TypeFor[Codes]())
	if len(missing)+len(unused) > 0 {
		t.Fatalf("codesFieldNames: missing %q, not a field %q", missing, unused)
	}
}
