package risk

import (
	"io"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/strictjson"
)

// MaxDocumentBytes bounds the JSON documents the Decode functions read.
const MaxDocumentBytes = 1 << 20

// Decode reads one assessment from JSON strictly: unknown fields, trailing
// data and documents over MaxDocumentBytes are errors. It does not
// validate; call [Assessment.Validate] on the result.
func Decode(r io.Reader) (Assessment, error) {
	var a Assessment
	if err := strictjson.Decode(r, &a, MaxDocumentBytes, assessmentFieldNames()); err != nil {
		return Assessment{}, fault.Syntax("risk", "assessment", err)
	}
	return a, nil
}

// assessmentFieldNames returns the JSON field names of an assessment document, for
// exact-key decoding (see strictjson.Keys); TestFieldNames checks the list
// against the types.
func assessmentFieldNames() strictjson.Keys {
	return strictjson.NewKeys(
		"assessedOn", "category", "complexity", "flags", "level", "mandate", "mappa", "needs",
		"needsAssessed", "noMandateCause", "ogrs", "provisional", "rosh", "rsr", "sex", "womenFactors",
	)
}
