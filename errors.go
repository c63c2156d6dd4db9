package caseload

import (
	"fmt"
	"strings"
)

// FieldError is the one error shape every caseload package reports, in
// the shape of strconv.NumError: a problem with one field's value.
// Packages risk, tier and workload name it as their own FieldError (an
// alias of this type), so one errors.As finds it whichever package
// reported it.
//
// Validation joins one FieldError per problem with errors.Join, in a
// stable order; errors.Is finds the sentinel Err wraps (risk.ErrMissing,
// workload.ErrOutOfRange, …).
type FieldError struct {
	Pkg   string // the reporting package, e.g. "workload"
	Field string // the field's path, e.g. "cases[3].tier" or "mappa.category"
	Value string // the offending value as text ("" when missing)
	Err   error  // what is wrong; wraps one of the packages' sentinels
}

// Error formats the problem as `pkg: field "value": reason`. A value
// longer than 64 bytes is shortened, so hostile input cannot make a
// message enormous.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Pkg != "" {
		b.WriteString(e.Pkg)
		b.WriteString(": ")
	}
	b.WriteString(e.Field)
	b.WriteString(" ")
	b.WriteString(quote(e.Value))
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid")
	}
	return b.String()
}

// Unwrap returns the underlying error so errors.Is finds the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// quote renders a value for a message, cut on a rune boundary after 64
// bytes.
func quote(v string) string {
	const max = 64
	if len(v) > max {
		cut := max
		for cut > 0 && v[cut]&0xC0 == 0x80 {
			cut--
		}
		return fmt.Sprintf("%q…(%d bytes)", v[:cut], len(v))
	}
	return fmt.Sprintf("%q", v)
}
