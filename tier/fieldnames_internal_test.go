package tier

import (
	"reflect"
	"testing"
)

// TestFieldNames checks that the exact-key list of tableFieldNames names every JSON field
// of the types the document decodes into, and nothing else (tier.Scheme
// decodes itself from {"name", "tiers"}).
func TestFieldNames(t *testing.T) {
	missing, unused := tableFieldNames().Mismatch(reflect.TypeFor[Table](), "tiers")
	if len(missing)+len(unused) > 0 {
		t.Fatalf("tableFieldNames: missing %q, not a field %q", missing, unused)
	}
}
