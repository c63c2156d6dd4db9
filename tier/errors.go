package tier

import (
	"errors"

	"github.com/openprobation/caseload/internal/fault"
)

// FieldError is a problem with one field's value: the package, the field's
// path, the value as text and the underlying error, which wraps one of the
// sentinels below.
type FieldError = fault.FieldError

// Sentinels for errors.Is.
var (
	// ErrUnknownTier reports a tier name outside the scheme in use.
	ErrUnknownTier  = errors.New("unknown tier")
	ErrMissing      = fault.ErrMissing      // a required value was not given
	ErrUnknown      = fault.ErrUnknown      // a name is not defined
	ErrOutOfRange   = fault.ErrOutOfRange   // a number is outside its range
	ErrDuplicate    = fault.ErrDuplicate    // a value was given twice
	ErrInconsistent = fault.ErrInconsistent // values contradict each other
	ErrSyntax       = fault.ErrSyntax       // input is malformed
)
