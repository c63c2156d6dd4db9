package workload

import (
	"github.com/openprobation/caseload"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// FieldError is a problem with one field's value (an alias of
// [caseload.FieldError], shared by every package so one errors.As finds
// it): Pkg is the reporting package; Field the field's path, e.g.
// "cases[12].tier"; Value the value as text; Err what is wrong, wrapping
// one of the sentinels below for errors.Is.
type FieldError = caseload.FieldError

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
)
