// Package enum implements the text form of caseload's small integer enums
// once: each enum is a table of names indexed by value, whose entry 0 is the
// unknown value.
package enum

import (
	"encoding/json"
	"strconv"

	"github.com/openprobation/caseload/internal/fault"
)

// Names maps an enum's values to their text names. Index 0 is the zero
// value (usually "unknown").
type Names[E ~uint8] struct {
	Pkg   string   // reporting package, for errors
	Type  string   // the type's name in messages, e.g. "rosh"
	Names []string // index = value
}

// String returns the name of e, or "Type(n)" for a value outside the table.
func (n Names[E]) String(e E) string {
	if int(e) < len(n.Names) {
		return n.Names[e]
	}
	return n.Type + "(" + strconv.Itoa(int(e)) + ")"
}

// Valid reports whether e is a known, non-zero value.
func (n Names[E]) Valid(e E) bool { return e != 0 && int(e) < len(n.Names) }

// Parse returns the value named s. The zero value's name is accepted only
// when allowZero is set.
func (n Names[E]) Parse(s string, allowZero bool) (E, error) {
	for i, name := range n.Names {
		if name == s && (i != 0 || allowZero) {
			return E(i), nil
		}
	}
	return 0, fault.New(n.Pkg, n.Type, s, fault.ErrUnknown, "want one of "+n.list())
}

// Marshal returns the text form of e, rejecting values outside the table.
func (n Names[E]) Marshal(e E) ([]byte, error) {
	if int(e) >= len(n.Names) {
		return nil, fault.New(n.Pkg, n.Type, strconv.Itoa(int(e)), fault.ErrUnknown, "not a defined value")
	}
	return []byte(n.Names[e]), nil
}

func (n Names[E]) list() string {
	s := ""
	for i, name := range n.Names {
		if i == 0 {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += name
	}
	return s
}

// MarshalSet renders the bit set s as a JSON array of names, in value order.
func (n Names[E]) MarshalSet(s uint32) ([]byte, error) {
	names := make([]string, 0, 4)
	for i := 1; i < len(n.Names) && i < 32; i++ {
		if s&(1<<uint(i)) != 0 {
			names = append(names, n.Names[i])
		}
	}
	if rest := s &^ n.mask(); rest != 0 {
		return nil, fault.New(n.Pkg, n.Type, strconv.FormatUint(uint64(s), 2), fault.ErrUnknown, "bits outside the defined values")
	}
	return json.Marshal(names)
}

// UnmarshalSet reads a JSON array of names (or null) into a bit set. An
// unknown name or a name given twice is an error.
func (n Names[E]) UnmarshalSet(data []byte) (uint32, error) {
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return 0, fault.New(n.Pkg, n.Type, string(data), fault.ErrSyntax, "want an array of names")
	}
	var s uint32
	for _, name := range names {
		e, err := n.Parse(name, false)
		if err != nil {
			return 0, err
		}
		bit := uint32(1) << uint(e)
		if s&bit != 0 {
			return 0, fault.New(n.Pkg, n.Type, name, fault.ErrDuplicate, "each value may be given once")
		}
		s |= bit
	}
	return s, nil
}

// SetString renders a bit set as names joined by "+", or "none".
func (n Names[E]) SetString(s uint32) string {
	out := ""
	for i := 1; i < len(n.Names) && i < 32; i++ {
		if s&(1<<uint(i)) != 0 {
			if out != "" {
				out += "+"
			}
			out += n.Names[i]
		}
	}
	if out == "" {
		return "none"
	}
	return out
}

// ValidSet reports whether s holds only defined values.
func (n *Names[E]) ValidSet(s uint32) bool { return s&^n.mask() == 0 }

// mask has bits 1 to min(len(n.Names), 32) − 1 set.
func (n *Names[E]) mask() uint32 {
	k := min(len(n.Names), 32)
	if k <= 1 {
		return 0
	}
	return (uint32(1)<<uint(k) - 1) &^ 1
}

// Unknown returns the error for marshalling the zero value of an enum whose
// zero value is not allowed in text.
func (n Names[E]) Unknown(e E) error {
	return fault.New(n.Pkg, n.Type, n.String(e), fault.ErrUnknown, "the unknown value has no text form")
}
