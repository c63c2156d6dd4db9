package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The first checkKeys, on encoding/json's token stream, kept as the
// reference the byte scanner is checked against (TestCheckKeysAgrees).

func checkKeysTokens(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	err := walkKeysTokens(dec, t, "")
	if errors.Is(err, errSyntaxLater) {
		return nil // let the decoder report it
	}
	return err
}

func walkKeysTokens(dec *json.Decoder, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ki := infoOf(t)
	if ki.opaque {
		return skipValueTokens(dec)
	}
	tok, err := dec.Token()
	if err != nil {
		return errSyntaxLater
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar
	}
	switch d {
	case '[':
		var elem reflect.Type
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			p := path + "[" + strconv.Itoa(i) + "]"
			if elem == nil {
				err = skipValueTokens(dec)
			} else {
				err = walkKeysTokens(dec, elem, p)
			}
			if err != nil {
				return err
			}
		}
	case '{':
		fields := ki.fields
		var seen keySetTokens
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return errSyntaxLater
			}
			key, _ := kt.(string)
			if !seen.add(key) {
				return fmt.Errorf("key %q given twice: give each key once", keyPath(path, key))
			}
			var next reflect.Type
			switch t.Kind() {
			case reflect.Struct:
				ft, ok := fields[key]
				if !ok {
					for name := range fields {
						if strings.EqualFold(name, key) {
							return fmt.Errorf("key %q is not %q: keys match only their exact spelling", keyPath(path, key), name)
						}
					}
				}
				next = ft
			case reflect.Map:
				next = t.Elem()
			}
			if next == nil {
				err = skipValueTokens(dec)
			} else {
				err = walkKeysTokens(dec, next, keyPath(path, key))
			}
			if err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return errSyntaxLater
	}
	return nil
}

// skipValue consumes one JSON value, checking only that no object in it
// repeats a key.
func skipValueTokens(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return errSyntaxLater
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	var seen keySetTokens
	for dec.More() {
		if d == '{' {
			kt, err := dec.Token()
			if err != nil {
				return errSyntaxLater
			}
			key, _ := kt.(string)
			if !seen.add(key) {
				return fmt.Errorf("key %q given twice: give each key once", key)
			}
		}
		if err := skipValueTokens(dec); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return errSyntaxLater
	}
	return nil
}

// keySetTokens is the keys of one object so far: a slice while there are few
// (most objects), a map past that, so that no object costs quadratic
// time.
type keySetTokens struct {
	few  []string
	many map[string]bool
}

// add adds key and reports whether it was new.
func (k *keySetTokens) add(key string) bool {
	if k.many != nil {
		if k.many[key] {
			return false
		}
		k.many[key] = true
		return true
	}
	if slices.Contains(k.few, key) {
		return false
	}
	k.few = append(k.few, key)
	if len(k.few) > 16 {
		k.many = make(map[string]bool, 2*len(k.few))
		for _, x := range k.few {
			k.many[x] = true
		}
	}
	return true
}
