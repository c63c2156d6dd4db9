package risk

import "github.com/openprobation/caseload/internal/fault"

// FieldError is a problem with one field's value: the package, the field,
// the value as text and the underlying error, which wraps one of the
// sentinels below. Use errors.As to get at it and errors.Is to branch.
type FieldError = fault.FieldError

// Sentinels wrapped by every validation error, for errors.Is.
var (
	ErrMissing      = fault.ErrMissing      // a required value was not given
	ErrUnknown      = fault.ErrUnknown      // a name or value is not defined
	ErrOutOfRange   = fault.ErrOutOfRange   // a number is outside its range
	ErrDuplicate    = fault.ErrDuplicate    // a value was given twice
	ErrInconsistent = fault.ErrInconsistent // values contradict each other
	ErrSyntax       = fault.ErrSyntax       // input is malformed
)
