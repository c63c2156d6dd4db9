package risk_test

// A native, byte-level fuzz target for risk.Decode, seeded with real
// assessment documents (the rapid-based FuzzDecodeArbitrary assembles
// documents from fragments instead).

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// FuzzDecodeBytes: Decode never panics and its errors are field errors
// wrapping ErrSyntax; whatever decodes re-encodes to a document that
// decodes to the same assessment; Validate and tier.Classify agree on
// whether it is valid.
func FuzzDecodeBytes(f *testing.F) {
	for _, s := range []string{
		`{"rosh": "high", "rsr": "4.10", "ogrs": 62, "mappa": {"level": "2", "category": "1"},
		  "flags": ["sexual"], "complexity": ["mental-health"], "needsAssessed": true,
		  "needs": {"relationships": "severe", "thinking-behaviour": "severe", "attitudes": "standard"},
		  "mandate": "yes", "assessedOn": "2026-06-01T00:00:00Z"}`,
		`{"rosh":"very-high","rsr":"7.00","sex":"female","womenFactors":["parenting","breach"],"flags":["unsupervised","iom"],"mandate":"no","provisional":true}`,
		`{"rsr":"1e9999","mandate":"yes"}`,
		`{"rsr":"1e-9999","mandate":"yes"}`,
		`{"rsr":1e999999999,"mandate":"yes"}`,
		`{"rsr":"0.` + strings.Repeat("3", 3000) + `","mandate":"yes"}`,
		`{"mandate":"yes","assessedOn":"0001-01-01T00:00:00Z"}`,
		`{"mandate":"yes","assessedOn":"9999-12-31T23:59:59Z"}`,
		`{"mandate":"yes","flags":["iom","iom"]}`,
		`{"mandate":"maybe"}`, `{"mandate":"yes"} {}`, `{"mandate":"yes","mandate":"no"}`,
		`{}`, `null`, `[]`, ``, `{"rosh":`, `{"needs":{"unknown":"severe"},"mandate":"yes"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := risk.Decode(bytes.NewReader(data))
		if err != nil {
			var fe *risk.FieldError
			if !errors.As(err, &fe) || fe.Field == "" || !errors.Is(err, risk.ErrSyntax) {
				t.Fatalf("Decode error %q (%T) is not a field error wrapping ErrSyntax", err, err)
			}
			return
		}
		verr := a.Validate()
		if verr != nil {
			var fe *risk.FieldError
			if !errors.As(verr, &fe) || fe.Field == "" {
				t.Fatalf("Validate error %q carries no field error", verr)
			}
		}
		if _, cerr := tier.Classify(a); (cerr == nil) != (verr == nil) {
			t.Fatalf("Validate says %v but Classify says %v", verr, cerr)
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("json.Marshal of a decoded assessment: %v", err)
		}
		back, err := risk.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("Decode(json.Marshal(a)) of %s: %v", b, err)
		}
		// An empty needs map and no map mean the same (no needs) and
		// encode alike, so they compare equal.
		if diff := cmp.Diff(a, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("assessment round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
