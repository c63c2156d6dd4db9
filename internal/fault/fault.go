// Package fault holds the error shapes shared by caseload's packages: a
// structured error naming a field and its value, the sentinels callers
// branch on, and a collector that reports every problem at once.
package fault

import (
	"errors"
	"fmt"

	"github.com/openprobation/caseload"
)

// Sentinels shared by every package. The public packages re-export them.
var (
	// ErrMissing reports a required value that was not given.
	ErrMissing = errors.New("missing")
	// ErrUnknown reports a name that is not one of the known values.
	ErrUnknown = errors.New("unknown value")
	// ErrOutOfRange reports a number outside its allowed range.
	ErrOutOfRange = errors.New("out of range")
	// ErrDuplicate reports a value given twice where it must be unique.
	ErrDuplicate = errors.New("duplicate")
	// ErrInconsistent reports values that contradict each other.
	ErrInconsistent = errors.New("inconsistent")
	// ErrSyntax reports malformed input.
	ErrSyntax = errors.New("syntax error")
)

// FieldError is the public error shape, defined in the root package so
// that go doc shows its fields.
type FieldError = caseload.FieldError

// List collects problems in the order they are found.
//
// A List with Max > 0 keeps the first Max problems and counts the rest,
// which Err reports as one final error, so that a huge bad input cannot
// produce a huge error; nothing is dropped without being counted.
type List struct {
	Pkg     string
	Max     int
	errs    []error
	dropped int
}

// Add records a field error wrapping err with an optional detail.
func (l *List) Add(field, value string, err error, detail string) {
	if l.full() {
		return
	}
	if detail != "" {
		err = fmt.Errorf("%w: %s", err, detail)
	}
	l.errs = append(l.errs, &FieldError{Pkg: l.Pkg, Field: field, Value: value, Err: err})
}

// AddErr records an error returned by a nested validation unchanged.
func (l *List) AddErr(err error) {
	if err != nil && !l.full() {
		l.errs = append(l.errs, err)
	}
}

func (l *List) full() bool {
	if l.Max > 0 && len(l.errs) >= l.Max {
		l.dropped++
		return true
	}
	return false
}

// Len reports how many problems were recorded.
func (l *List) Len() int { return len(l.errs) + l.dropped }

// Err returns errors.Join of every recorded problem, or nil.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.dropped > 0 {
		more := fmt.Errorf("%s: and %d more problems not listed", l.Pkg, l.dropped)
		return errors.Join(append(l.errs[:len(l.errs):len(l.errs)], more)...)
	}
	return errors.Join(l.errs...)
}

// New returns a single field error.
func New(pkg, field, value string, err error, detail string) error {
	if detail != "" {
		err = fmt.Errorf("%w: %s", err, detail)
	}
	return &FieldError{Pkg: pkg, Field: field, Value: value, Err: err}
}

// Syntax wraps a decoding error as a field error for field. When the
// decoder passed on a field error of ours (an enum's UnmarshalText, say),
// its field, value and sentinel are kept and ErrSyntax is added, so that
// errors.Is finds both and the message is not prefixed twice.
func Syntax(pkg, field string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Pkg: pkg, Field: fe.Field, Value: fe.Value, Err: fmt.Errorf("%w (%w)", fe.Err, ErrSyntax)}
	}
	return &FieldError{Pkg: pkg, Field: field, Err: fmt.Errorf("%w: %w", ErrSyntax, err)}
}
