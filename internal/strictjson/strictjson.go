// Package strictjson decodes one JSON document strictly: unknown fields
// and trailing data are errors, and the input is bounded in size.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// DecodeBytes is Decode over a byte slice already in memory.
func DecodeBytes(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty input")
		}
		return err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}
