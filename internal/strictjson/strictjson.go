// Package strictjson decodes one JSON document strictly: unknown fields,
// trailing data, duplicate keys, keys not spelt exactly and oversized
// input are errors.
//
// encoding/json matches an object key to a struct field case-insensitively,
// with Unicode folding ("ROSH", "roſh" and "rosh" all fill the field
// rosh), and the last of several such keys wins. A document that says
// {"rosh":"very-high","roſh":"low"} must not decode to low: here a key
// matches only its exact spelling. Two keys of one object that fold alike
// are an error naming both, and a key that folds like one of the field
// names the caller lists ([Keys]) but is not spelt like it is an error
// naming the field.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/openprobation/caseload/internal/fault"
)

// Limits on single tokens, checked before any value is decoded, so that a
// hostile number cannot make decimal parsing run for seconds.
const (
	// MaxNumberLen bounds a JSON number's text.
	MaxNumberLen = 64
	// MaxStringLen bounds a JSON string's length in bytes.
	MaxStringLen = 64 << 10
	// MaxDepth bounds nesting.
	MaxDepth = 64
	// MaxValues bounds how many values (scalars, arrays and objects) one
	// document may hold, so that decoding a document of small values (a
	// 4 MB array of 1s is two million decimals) cannot cost hundreds of
	// megabytes: Check refuses the document at the first value past the
	// bound, before anything is decoded.
	MaxValues = 100_000
	// MaxExponent bounds the exponent of a number, or of a string that
	// spells a number (decimals are often written as strings): the largest
	// the decimal package decodes. Smaller exponents decode, and the
	// packages' own bounds then report every out-of-range decimal at once.
	MaxExponent = 10000
)

// ErrTooLarge reports input beyond the size limit.
var ErrTooLarge = errors.New("input too large")

// Keys lists the field names (JSON keys) of the types a document decodes
// into, for exact matching; build it with [NewKeys]. A key of the
// document that folds like a listed name must be spelt exactly like it.
// Map keys are data and match exactly anyway; a map key that folds like a
// field name without being spelt like it is refused too, which is why the
// names listed should be only the field names.
type Keys map[string]string // folded spelling → exact spelling

// NewKeys returns the keys named.
func NewKeys(names ...string) Keys {
	k := make(Keys, len(names))
	for _, n := range names {
		k[fold(n)] = n
	}
	return k
}

// fold returns the canonical spelling of s under Unicode simple case
// folding, the matching encoding/json uses (bytes.EqualFold): two strings
// fold alike exactly when EqualFold reports them equal.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(s) // an ASCII letter's orbit starts with its capital
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		// The smallest rune of r's folding orbit stands for all of them
		// (ſ, s and S → S; K, k and the Kelvin sign → K), and only for
		// them: İ, alone in its orbit, stands for itself, not for i,
		// which bytes.EqualFold (as encoding/json) does not match to it.
		low := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			low = min(low, f)
		}
		b.WriteRune(low)
	}
	return b.String()
}

// Decode reads exactly one JSON value from r into v, rejecting unknown
// fields, trailing data, keys not spelt exactly like the keys listed (see
// [Keys]) and input longer than limit bytes. keys may be nil: keys that
// fold alike within one object are refused all the same.
func Decode(r io.Reader, v any, limit int64, keys Keys) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return DecodeBytes(data, v, keys)
}

// DecodeBytes is Decode over a byte slice already in memory. Before
// decoding it checks the document's shape: one value, no number longer than
// MaxNumberLen, no string longer than MaxStringLen, nesting at most
// MaxDepth, at most MaxValues values, no object with a key given twice
// (keys that fold alike count as the same key, since decoding into Go
// structs matches them alike), and no key that folds like one of keys
// without being spelt like it.
func DecodeBytes(data []byte, v any, keys Keys) error {
	if err := Check(data, keys); err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return withPath(data, err)
	}
	return nil
}

// withPath gives a value's own decoding error (an enum's UnmarshalText,
// a decimal's UnmarshalJSON), which knows its value but not where it
// sits, the path of that value in the document: the first value, in
// document order, spelled as the error's value. encoding/json decodes in
// document order and keeps the first error, so that is the value that
// failed. A value inside an array names the array, since sets (flags,
// complexity factors) decode as a whole and a duplicate is the array's
// fault, not its first element's.
func withPath(data []byte, err error) error {
	var fe *fault.FieldError
	if !errors.As(err, &fe) || fe.Value == "" {
		return err
	}
	path := ""
	_ = scan(data, nil, func(p func() string, text string) bool {
		if text == fe.Value {
			path = p()
			if i := strings.LastIndexByte(path, '['); i > 0 && strings.HasSuffix(path, "]") {
				path = path[:i] // a set decodes as a whole: name the array
			}
			return true
		}
		return false
	})
	if path == "" {
		return err
	}
	return &fault.FieldError{Pkg: fe.Pkg, Field: path, Value: fe.Value, Err: fe.Err}
}

// Check validates the shape of a JSON document as DecodeBytes does,
// without decoding it. Errors name the path of the offending value, e.g.
// `at bands.over: out of range: exponent 999999999 beyond ±10000`.
func Check(data []byte, keys Keys) error { return scan(data, keys, nil) }

// errStop ends a scan early.
var errStop = errors.New("stop")

// scan walks the document's tokens, checking its shape as Check
// documents, and calls leaf (when not nil) with the path and text of
// every scalar value; leaf returns true to stop the scan. Shape errors
// are *fault.FieldError values naming the path and the offending text.
func scan(data []byte, keys Keys, leaf func(path func() string, text string) bool) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	type frame struct {
		object bool
		keys   map[string]string // folded → as written
		key    bool              // the next string token is a key
		name   string            // the current key, in an object
		index  int               // the current index, in an array
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for i, f := range stack {
			if f.object {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.name)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		if b.Len() == 0 {
			return "the document"
		}
		return b.String()
	}
	// after a value completes inside a container, move to the next slot.
	next := func() {
		if top := len(stack) - 1; top >= 0 {
			if stack[top].object {
				stack[top].key = true
			} else {
				stack[top].index++
			}
		}
	}
	values, count := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].object && stack[top].key
		if !isKey {
			if d, ok := tok.(json.Delim); !ok || d == '{' || d == '[' {
				if count++; count > MaxValues {
					return &fault.FieldError{Field: path(), Err: fmt.Errorf("%w: more than %d values in one document", fault.ErrOutOfRange, MaxValues)}
				}
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= MaxDepth {
					return &fault.FieldError{Field: path(), Value: string(t), Err: fmt.Errorf("%w: nesting deeper than %d", fault.ErrOutOfRange, MaxDepth)}
				}
				if top < 0 {
					values++
					if values > 1 {
						return errors.New("trailing data after the JSON document")
					}
				}
				stack = append(stack, frame{object: t == '{', key: t == '{'})
				continue
			case '}', ']':
				stack = stack[:top]
				next()
				continue
			}
		case json.Number:
			if len(t) > MaxNumberLen {
				return &fault.FieldError{Field: path(), Value: string(t), Err: fmt.Errorf("%w: number of %d characters: at most %d", fault.ErrOutOfRange, len(t), MaxNumberLen)}
			}
			if e, ok := exponent(string(t)); ok && (e > MaxExponent || e < -MaxExponent) {
				return &fault.FieldError{Field: path(), Value: string(t), Err: fmt.Errorf("%w: exponent %d beyond ±%d", fault.ErrOutOfRange, e, MaxExponent)}
			}
		case string:
			if len(t) > MaxStringLen {
				return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: string of %d bytes: at most %d", fault.ErrOutOfRange, len(t), MaxStringLen)}
			}
			if isKey {
				k := fold(t)
				if stack[top].keys == nil {
					stack[top].keys = map[string]string{}
				}
				if prev, dup := stack[top].keys[k]; dup {
					if prev == t {
						return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: key given twice in one object", fault.ErrDuplicate)}
					}
					return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: keys %q and %q differ only in letter case; a key matches only its exact spelling", fault.ErrDuplicate, prev, t)}
				}
				if want, ok := keys[k]; ok && want != t {
					return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: key %q is not %q; a key matches only its exact spelling", fault.ErrUnknown, t, want)}
				}
				stack[top].keys[k] = t
				stack[top].key = false
				stack[top].name = t
				continue
			}
			if len(t) <= MaxNumberLen {
				if e, ok := exponent(t); ok && (e > MaxExponent || e < -MaxExponent) {
					return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: exponent %d beyond ±%d", fault.ErrOutOfRange, e, MaxExponent)}
				}
			}
		}
		if leaf != nil && top >= 0 {
			text := ""
			switch t := tok.(type) {
			case string:
				text = t
			case json.Number:
				text = string(t)
			case bool:
				text = strconv.FormatBool(t)
			}
			if leaf(path, text) {
				return errStop
			}
		}
		if top < 0 {
			values++
			if values > 1 {
				return errors.New("trailing data after the JSON document")
			}
		}
		next()
	}
	if values == 0 {
		return errors.New("empty input")
	}
	return nil
}

// exponent returns the exponent of a number written with one ("1.5e7" →
// 7), when s is a number; huge exponents saturate.
func exponent(s string) (int, bool) {
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i == len(s)-1 {
		return 0, false
	}
	mant := s[:i]
	if mant[0] == '-' || mant[0] == '+' {
		mant = mant[1:]
	}
	if mant == "" || strings.Trim(mant, "0123456789.") != "" {
		return 0, false
	}
	exp := s[i+1:]
	neg := false
	if exp[0] == '-' || exp[0] == '+' {
		neg = exp[0] == '-'
		exp = exp[1:]
	}
	if exp == "" || strings.Trim(exp, "0123456789") != "" {
		return 0, false
	}
	e := 0
	for _, c := range exp {
		if e < 1<<30 {
			e = e*10 + int(c-'0')
		}
	}
	if neg {
		e = -e
	}
	return e, true
}
