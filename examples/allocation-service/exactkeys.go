package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	sc := keyScanner{data: data}
	err := sc.value(t, nil)
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

// keyInfo is what the key scanner needs of a type, worked out once per
// type.
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

// keySet is the keys of one object so far, decoded: a slice while there
// are few (most objects), a map past that, so that no object costs
// quadratic time.
type keySet struct {
	few  [][]byte
	many map[string]bool
}

// add adds key and reports whether it was new.
func (k *keySet) add(key []byte) bool {
	if k.many != nil {
		if k.many[string(key)] {
			return false
		}
		k.many[string(key)] = true
		return true
	}
	for _, x := range k.few {
		if bytes.Equal(x, key) {
			return false
		}
	}
	k.few = append(k.few, key)
	if len(k.few) > 16 {
		k.many = make(map[string]bool, 2*len(k.few))
		for _, x := range k.few {
			k.many[string(x)] = true
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

// maxKeyDepth is how deep the scanner follows nested values: as deep as
// encoding/json decodes, which refuses anything deeper itself.
const maxKeyDepth = 10000

// keyScanner reads a JSON document byte by byte for checkKeys: it
// follows the document's structure, decodes object keys and skips every
// other value, checking as it goes that the document is well formed so
// far, so that a document both malformed and with a bad key is reported
// as malformed (by the decoder), as encoding/json's token stream would.
// It allocates only for an escaped key, a large object's key set and an
// error.
type keyScanner struct {
	data  []byte
	pos   int
	depth int
}

// pathNode is the path to a value, built into a string only for an error.
type pathNode struct {
	parent *pathNode
	key    []byte // an object member's key, decoded, unless elem
	index  int    // an array element's index, when elem
	elem   bool
}

func (n *pathNode) String() string {
	if n == nil {
		return ""
	}
	p := n.parent.String()
	if n.elem {
		return p + "[" + strconv.Itoa(n.index) + "]"
	}
	return keyPath(p, string(n.key))
}

func (sc *keyScanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\n', '\r':
			sc.pos++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (sc *keyScanner) peek() byte {
	sc.space()
	if sc.pos < len(sc.data) {
		return sc.data[sc.pos]
	}
	return 0
}

// value reads one value of Go type t (nil for a value no field takes,
// whose objects are still checked for repeated keys) at path.
func (sc *keyScanner) value(t reflect.Type, path *pathNode) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var ki *keyInfo
	if t != nil {
		if ki = infoOf(t); ki.opaque {
			t, ki = nil, nil
		}
	}
	switch sc.peek() {
	case '{':
		return sc.object(t, ki, path)
	case '[':
		return sc.array(t, path)
	case '"':
		_, err := sc.str()
		return err
	case 't':
		return sc.literal("true")
	case 'f':
		return sc.literal("false")
	case 'n':
		return sc.literal("null")
	default:
		return sc.number()
	}
}

func (sc *keyScanner) enter() error {
	if sc.depth++; sc.depth > maxKeyDepth {
		return errSyntaxLater
	}
	sc.pos++ // the opening delimiter
	return nil
}

func (sc *keyScanner) object(t reflect.Type, ki *keyInfo, path *pathNode) error {
	if err := sc.enter(); err != nil {
		return err
	}
	var seen keySet
	if sc.peek() == '}' {
		_, err := sc.more('}')
		return err
	}
	for {
		if sc.peek() != '"' {
			return errSyntaxLater
		}
		key, err := sc.str()
		if err != nil {
			return err
		}
		if !seen.add(key) {
			if t == nil {
				// In a value no field takes, the key is named alone.
				return fmt.Errorf("key %q given twice: give each key once", key)
			}
			return fmt.Errorf("key %q given twice: give each key once", keyPath(path.String(), string(key)))
		}
		var next reflect.Type
		if t != nil {
			switch t.Kind() {
			case reflect.Struct:
				ft, ok := ki.fields[string(key)]
				if !ok {
					for name := range ki.fields {
						if strings.EqualFold(name, string(key)) {
							return fmt.Errorf("key %q is not %q: keys match only their exact spelling", keyPath(path.String(), string(key)), name)
						}
					}
				}
				next = ft
			case reflect.Map:
				next = t.Elem()
			}
		}
		// The colon is checked after the key, as the token stream reads
		// a key before it looks for the colon.
		if sc.peek() != ':' {
			return errSyntaxLater
		}
		sc.pos++
		if next == nil {
			err = sc.value(nil, nil)
		} else {
			err = sc.value(next, &pathNode{parent: path, key: key})
		}
		if err != nil {
			return err
		}
		if more, err := sc.more('}'); !more {
			return err
		}
	}
}

func (sc *keyScanner) array(t reflect.Type, path *pathNode) error {
	if err := sc.enter(); err != nil {
		return err
	}
	var elem reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		elem = t.Elem()
	}
	if sc.peek() == ']' {
		_, err := sc.more(']')
		return err
	}
	for i := 0; ; i++ {
		var err error
		if elem == nil {
			err = sc.value(nil, nil)
		} else {
			err = sc.value(elem, &pathNode{parent: path, index: i, elem: true})
		}
		if err != nil {
			return err
		}
		if more, err := sc.more(']'); !more {
			return err
		}
	}
}

// more reads what follows an object's member or an array's element (or
// the opening delimiter, before a closing one): a comma, so more follow,
// or the closing delimiter, which leaves the object or array.
func (sc *keyScanner) more(closing byte) (bool, error) {
	switch sc.peek() {
	case ',':
		sc.pos++
		return true, nil
	case closing:
		sc.pos++
		sc.depth--
		return false, nil
	}
	return false, errSyntaxLater
}

// str reads a string at the current position and returns its value:
// the bytes as written when it has no escapes (nothing allocated), else
// decoded.
func (sc *keyScanner) str() ([]byte, error) {
	start := sc.pos + 1
	escaped := false
	for i := start; i < len(sc.data); i++ {
		switch b := sc.data[i]; {
		case b == '"':
			sc.pos = i + 1
			if !escaped {
				return sc.data[start:i], nil
			}
			var s string
			if err := json.Unmarshal(sc.data[start-1:i+1], &s); err != nil {
				return nil, errSyntaxLater
			}
			return []byte(s), nil
		case b == '\\':
			escaped = true
			i++ // the escaped byte; the hex digits of \u are plain bytes
			if i >= len(sc.data) || !strings.ContainsRune(`"\\/bfnrtu`, rune(sc.data[i])) {
				return nil, errSyntaxLater
			}
		case b < 0x20:
			return nil, errSyntaxLater
		}
	}
	return nil, errSyntaxLater
}

func (sc *keyScanner) literal(word string) error {
	if !bytes.HasPrefix(sc.data[sc.pos:], []byte(word)) {
		return errSyntaxLater
	}
	sc.pos += len(word)
	return sc.endOfScalar()
}

// number reads a number by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (sc *keyScanner) number() error {
	d, i := sc.data, sc.pos
	digits := func() bool {
		s := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > s
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		return errSyntaxLater
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return errSyntaxLater
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return errSyntaxLater
		}
	}
	sc.pos = i
	return sc.endOfScalar()
}

// endOfScalar checks that a literal or number ends where a value may end,
// so that "truex" or "12a" is malformed.
func (sc *keyScanner) endOfScalar() error {
	if sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\n', '\r', ',', ']', '}':
		default:
			return errSyntaxLater
		}
	}
	return nil
}
