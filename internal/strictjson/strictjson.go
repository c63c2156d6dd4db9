// Package strictjson decodes one JSON document strictly: unknown fields,
// trailing data, duplicate keys and oversized input are errors.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
		return err
	}
	return nil
}

// Check validates the shape of a JSON document as DecodeBytes does,
// without decoding it.
func Check(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token is a key
	}
	var stack []frame
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
					return fmt.Errorf("nesting deeper than %d", MaxDepth)
				}
				if top < 0 {
					values++
				} else if stack[top].object {
					stack[top].key = true
				}
				stack = append(stack, frame{object: t == '{', key: t == '{'})
				continue
			case '}', ']':
				stack = stack[:top]
				continue
			}
		case json.Number:
			if len(t) > MaxNumberLen {
				return fmt.Errorf("number of %d characters: at most %d", len(t), MaxNumberLen)
			}
		case string:
			if len(t) > MaxStringLen {
				return fmt.Errorf("string of %d bytes: at most %d", len(t), MaxStringLen)
			}
			if isKey {
				k := strings.ToLower(t)
				if stack[top].keys == nil {
					stack[top].keys = map[string]bool{}
				}
				if stack[top].keys[k] {
					return fmt.Errorf("key %q given twice in one object", t)
				}
				stack[top].keys[k] = true
				stack[top].key = false
				continue
			}
		}
		if top < 0 {
			values++
		} else if stack[top].object {
			stack[top].key = true
		}
		if values > 1 {
			return errors.New("trailing data after the JSON document")
		}
	}
	if values == 0 {
		return errors.New("empty input")
	}
	if values > 1 {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}
