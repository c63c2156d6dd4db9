// Package strictjson decodes one JSON document strictly: unknown fields,
// trailing data, duplicate keys and oversized input are errors.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

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
	// MaxExponent bounds the exponent of a number, or of a string that
	// spells a number (decimals are often written as strings): the largest
	// the decimal package decodes. Smaller exponents decode, and the
	// packages' own bounds then report every out-of-range decimal at once.
	MaxExponent = 10000
)

// ErrTooLarge reports input beyond the size limit.
var ErrTooLarge = errors.New("input too large")

// Decode reads exactly one JSON value from r into v, rejecting unknown
// fields, trailing data and input longer than limit bytes.
func Decode(r io.Reader, v any, limit int64) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return DecodeBytes(data, v)
}

// DecodeBytes is Decode over a byte slice already in memory. Before
// decoding it checks the document's shape: one value, no number longer than
// MaxNumberLen, no string longer than MaxStringLen, nesting at most
// MaxDepth, and no object with a key given twice (keys that differ only in
// letter case count as the same key, since decoding into Go structs
// matches them alike).
func DecodeBytes(data []byte, v any) error {
	if err := Check(data); err != nil {
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
	_ = scan(data, func(p func() string, text string) bool {
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
func Check(data []byte) error { return scan(data, nil) }

// errStop ends a scan early.
var errStop = errors.New("stop")

// scan walks the document's tokens, checking its shape as Check
// documents, and calls leaf (when not nil) with the path and text of
// every scalar value; leaf returns true to stop the scan. Shape errors
// are *fault.FieldError values naming the path and the offending text.
func scan(data []byte, leaf func(path func() string, text string) bool) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool   // the next string token is a key
		name   string // the current key, in an object
		index  int    // the current index, in an array
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
	values := 0
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
				k := strings.ToLower(t)
				if stack[top].keys == nil {
					stack[top].keys = map[string]bool{}
				}
				if stack[top].keys[k] {
					return &fault.FieldError{Field: path(), Value: t, Err: fmt.Errorf("%w: key given twice in one object", fault.ErrDuplicate)}
				}
				stack[top].keys[k] = true
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
