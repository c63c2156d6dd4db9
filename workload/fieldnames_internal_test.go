package workload

import (
	"reflect"
	"testing"
)

// TestFieldNames checks that the exact-key list of policyFieldNames names every JSON field
// of the types the document decodes into, and nothing else (tier.Scheme
// decodes itself from {"name", "tiers"}).
func TestFieldNames(t *testing.T) {
	missing, unused := policyFieldNames().Mismatch(reflect.TypeFor[Config](), "tiers")
	if len(missing)+len(unused) > 0 {
		t.Fatalf("policyFieldNames: missing %q, not a field %q", missing, unused)
	}
}
