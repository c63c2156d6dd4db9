package workload

import (
	"errors"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// FieldError is a problem with one field's value: the package, the field's
// path (e.g. "cases[12].tier"), the value as text and the underlying error,
// which wraps one of the sentinels below.
type FieldError = fault.FieldError

// Sentinels for errors.Is.
var (
	ErrMissing      = fault.ErrMissing      // a required value was not given
	ErrUnknown      = fault.ErrUnknown      // a name or reference is not defined
	ErrOutOfRange   = fault.ErrOutOfRange   // a number is outside its range
	ErrDuplicate    = fault.ErrDuplicate    // a value was given twice
	ErrInconsistent = fault.ErrInconsistent // values contradict each other
	ErrSyntax       = fault.ErrSyntax       // input is malformed
	// ErrUnknownTier reports a tier outside the policy's scheme.
	ErrUnknownTier = tier.ErrUnknownTier
	// ErrNoCapacity reports an officer with no available points asked to
	// take work.
	ErrNoCapacity = errors.New("no capacity")
)
