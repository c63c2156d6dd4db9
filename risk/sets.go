package risk

// Flags is a set of registrations. The zero value is the empty set. In JSON
// it is an array of names; an unknown or repeated name is an error.
type Flags uint32

// NewFlags returns the set holding fs.
func NewFlags(fs ...Flag) Flags {
	var s Flags
	for _, f := range fs {
		s = s.With(f)
	}
	return s
}

// Has reports whether f is in the set.
func (s Flags) Has(f Flag) bool { return f < 32 && s&(1<<f) != 0 }

// With returns the set with f added.
func (s Flags) With(f Flag) Flags {
	if f == FlagUnknown || f >= 32 {
		return s
	}
	return s | 1<<f
}

// Without returns the set with f removed.
func (s Flags) Without(f Flag) Flags {
	if f >= 32 {
		return s
	}
	return s &^ (1 << f)
}

// List returns the flags in value order.
func (s Flags) List() []Flag {
	var out []Flag
	for _, f := range AllFlags() {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Valid reports whether the set holds only defined flags.
func (s Flags) Valid() bool { return flagNames.ValidSet(uint32(s)) }

// String returns the names joined by "+", or "none".
func (s Flags) String() string { return flagNames.SetString(uint32(s)) }

// MarshalJSON renders the set as an array of names.
func (s Flags) MarshalJSON() ([]byte, error) { return flagNames.MarshalSet(uint32(s)) }

// UnmarshalJSON reads an array of names.
func (s *Flags) UnmarshalJSON(b []byte) error {
	v, err := flagNames.UnmarshalSet(b)
	if err == nil {
		*s = Flags(v)
	}
	return err
}

// Factors is a set of complexity factors; each counts once. The zero value
// is the empty set. In JSON it is an array of names.
type Factors uint32

// NewFactors returns the set holding fs.
func NewFactors(fs ...Factor) Factors {
	var s Factors
	for _, f := range fs {
		s = s.With(f)
	}
	return s
}

// Has reports whether f is in the set.
func (s Factors) Has(f Factor) bool { return f < 32 && s&(1<<f) != 0 }

// With returns the set with f added.
func (s Factors) With(f Factor) Factors {
	if f == FactorUnknown || f >= 32 {
		return s
	}
	return s | 1<<f
}

// Len returns how many factors the set holds.
func (s Factors) Len() int {
	n := 0
	for _, f := range AllFactors() {
		if s.Has(f) {
			n++
		}
	}
	return n
}

// List returns the factors in value order.
func (s Factors) List() []Factor {
	var out []Factor
	for _, f := range AllFactors() {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Valid reports whether the set holds only defined factors.
func (s Factors) Valid() bool { return factorNames.ValidSet(uint32(s)) }

// String returns the names joined by "+", or "none".
func (s Factors) String() string { return factorNames.SetString(uint32(s)) }

// MarshalJSON renders the set as an array of names.
func (s Factors) MarshalJSON() ([]byte, error) { return factorNames.MarshalSet(uint32(s)) }

// UnmarshalJSON reads an array of names.
func (s *Factors) UnmarshalJSON(b []byte) error {
	v, err := factorNames.UnmarshalSet(b)
	if err == nil {
		*s = Factors(v)
	}
	return err
}

// WomenFactors is a set of the additional factors for women. The zero value
// is the empty set. In JSON it is an array of names.
type WomenFactors uint32

// NewWomenFactors returns the set holding fs.
func NewWomenFactors(fs ...WomenFactor) WomenFactors {
	var s WomenFactors
	for _, f := range fs {
		s = s.With(f)
	}
	return s
}

// Has reports whether f is in the set.
func (s WomenFactors) Has(f WomenFactor) bool { return f < 32 && s&(1<<f) != 0 }

// With returns the set with f added.
func (s WomenFactors) With(f WomenFactor) WomenFactors {
	if f == WomenFactorUnknown || f >= 32 {
		return s
	}
	return s | 1<<f
}

// Len returns how many factors the set holds.
func (s WomenFactors) Len() int {
	n := 0
	for _, f := range AllWomenFactors() {
		if s.Has(f) {
			n++
		}
	}
	return n
}

// List returns the factors in value order.
func (s WomenFactors) List() []WomenFactor {
	var out []WomenFactor
	for _, f := range AllWomenFactors() {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Valid reports whether the set holds only defined factors.
func (s WomenFactors) Valid() bool { return womenFactorNames.ValidSet(uint32(s)) }

// String returns the names joined by "+", or "none".
func (s WomenFactors) String() string { return womenFactorNames.SetString(uint32(s)) }

// MarshalJSON renders the set as an array of names.
func (s WomenFactors) MarshalJSON() ([]byte, error) { return womenFactorNames.MarshalSet(uint32(s)) }

// UnmarshalJSON reads an array of names.
func (s *WomenFactors) UnmarshalJSON(b []byte) error {
	v, err := womenFactorNames.UnmarshalSet(b)
	if err == nil {
		*s = WomenFactors(v)
	}
	return err
}
