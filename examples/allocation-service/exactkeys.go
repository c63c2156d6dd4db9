package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// checkKeys walks the JSON document data alongside the Go type of v and
// refuses what encoding/json would quietly accept: an object key that
// matches a field only by case folding ("Officer", "offıcer" or "roſh"
// for "rosh"), and a key given twice in one object (encoding/json keeps
// the last). A key matches only its exact spelling. Values decoded by
// their own UnmarshalJSON or UnmarshalText (dates, enums, decimals,
// flags) and raw messages are not looked into; map keys are free.
//
// It runs before json.Decode, so the decoder's own errors (syntax, types,
// unknown fields) still come from the decoder; checkKeys reports only
// the key problems, with the key's path.
func checkKeys(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	err := walkKeys(dec, t, "")
	if errors.Is(err, errSyntaxLater) {
		return nil // let the decoder report it
	}
	return err
}

// errSyntaxLater stops the walk at malformed JSON, which the decoder then
// reports with its own message.
var errSyntaxLater = errors.New("malformed JSON")

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
)

// opaque reports whether values of t decode themselves.
func opaque(t reflect.Type) bool {
	if t == rawMessage || t.Kind() == reflect.Interface {
		return true
	}
	pt := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshaler) || pt.Implements(jsonUnmarshaler) ||
		t.Implements(textUnmarshaler) || pt.Implements(textUnmarshaler)
}

// keyInfo is what walkKeys needs of a type, worked out once per type.
type keyInfo struct {
	opaque bool
	fields map[string]reflect.Type // a struct's JSON names; empty otherwise
}

var keyInfos sync.Map // reflect.Type → *keyInfo

func infoOf(t reflect.Type) *keyInfo {
	if ki, ok := keyInfos.Load(t); ok {
		return ki.(*keyInfo)
	}
	ki := &keyInfo{opaque: opaque(t), fields: map[string]reflect.Type{}}
	if t.Kind() == reflect.Struct {
		ki.fields = jsonFields(t)
	}
	keyInfos.Store(t, ki)
	return ki
}

// keySet is the keys of one object so far: a slice while there are few
// (most objects), a map past that, so that no object costs quadratic
// time.
type keySet struct {
	few  []string
	many map[string]bool
}

// add adds key and reports whether it was new.
func (k *keySet) add(key string) bool {
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

// keyPath is the path of key in an object at path.
func keyPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func walkKeys(dec *json.Decoder, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ki := infoOf(t)
	if ki.opaque {
		return skipValue(dec)
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
				err = skipValue(dec)
			} else {
				err = walkKeys(dec, elem, p)
			}
			if err != nil {
				return err
			}
		}
	case '{':
		fields := ki.fields
		var seen keySet
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
				err = skipValue(dec)
			} else {
				err = walkKeys(dec, next, keyPath(path, key))
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

// jsonFields maps the JSON names of t's exported fields (embedded structs
// flattened, "-" left out) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// skipValue consumes one JSON value, checking only that no object in it
// repeats a key.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return errSyntaxLater
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	var seen keySet
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
		if err := skipValue(dec); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return errSyntaxLater
	}
	return nil
}
