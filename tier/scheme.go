package tier

import (
	"slices"
	"strconv"

	"github.com/openprobation/caseload/internal/fault"
)

// Scheme is an ordered set of named tiers, most severe first. Schemes are
// data: the England & Wales scheme is built in ([EnglandWales]), and any
// other (a supervision-level scheme, the coming single-axis model) is read
// from a [Table] document. A Scheme is immutable and safe for concurrent
// use; the zero Scheme holds no tiers.
type Scheme struct {
	name  string
	tiers []Tier
	index map[Tier]int
	ew    bool // names follow the England & Wales pattern: fast look-up
}

// NewScheme returns a scheme with the given name and tiers, most severe
// first. Names must be well formed and distinct; every problem is reported.
func NewScheme(name string, tiers []Tier) (Scheme, error) {
	l := fault.List{Pkg: "tier"}
	if name == "" {
		l.Add("scheme.name", name, ErrMissing, "a scheme needs a name")
	}
	if len(tiers) == 0 {
		l.Add("scheme.tiers", "[]", ErrMissing, "a scheme needs at least one tier")
	}
	if len(tiers) > 256 {
		l.Add("scheme.tiers", strconv.Itoa(len(tiers)), ErrOutOfRange, "at most 256 tiers")
	}
	index := make(map[Tier]int, len(tiers))
	for i, t := range tiers {
		field := "scheme.tiers[" + strconv.Itoa(i) + "]"
		if err := checkName(string(t)); err != nil {
			l.Add(field, string(t), ErrUnknownTier, "malformed tier name")
			continue
		}
		if _, dup := index[t]; dup {
			l.Add(field, string(t), ErrDuplicate, "tier listed twice")
			continue
		}
		index[t] = i
	}
	if err := l.Err(); err != nil {
		return Scheme{}, err
	}
	s := Scheme{name: name, tiers: append([]Tier(nil), tiers...), index: index}
	s.ew = true
	for i, t := range s.tiers {
		if ewIndex(t) != i {
			s.ew = false
			break
		}
	}
	if len(s.tiers) != 33 {
		s.ew = false
	}
	return s, nil
}

// EnglandWales returns the built-in England & Wales scheme: A3…D0 and
// A3S…D0S with untiered last, in severity order. Letters rank first, then
// digits, and each S tier sits just after its supervised twin:
// A3, A3S, A2, A2S, …, D0, D0S, untiered.
func EnglandWales() Scheme {
	tiers := make([]Tier, 0, 33)
	for l := byte('A'); l <= 'D'; l++ {
		for d := 3; d >= 0; d-- {
			t, _ := Compose(l, d, false)
			ts, _ := Compose(l, d, true)
			tiers = append(tiers, t, ts)
		}
	}
	tiers = append(tiers, Untiered)
	index := make(map[Tier]int, len(tiers))
	for i, t := range tiers {
		index[t] = i
	}
	return Scheme{name: "england-wales", tiers: tiers, index: index, ew: true}
}

// Name returns the scheme's name.
func (s Scheme) Name() string { return s.name }

// Tiers returns a copy of the scheme's tiers, most severe first.
func (s Scheme) Tiers() []Tier { return append([]Tier(nil), s.tiers...) }

// Len returns the number of tiers.
func (s Scheme) Len() int { return len(s.tiers) }

// Index returns t's position in severity order (0 is the most severe) and
// true, or -1 and false when t is not in the scheme.
func (s Scheme) Index(t Tier) (int, bool) {
	if s.ew {
		i := ewIndex(t)
		return i, i >= 0
	}
	i, ok := s.index[t]
	if !ok {
		return -1, false
	}
	return i, true
}

// At returns the tier at position i in severity order.
func (s Scheme) At(i int) (Tier, bool) {
	if i < 0 || i >= len(s.tiers) {
		return Unknown, false
	}
	return s.tiers[i], true
}

// Contains reports whether t is one of the scheme's tiers.
func (s Scheme) Contains(t Tier) bool {
	_, ok := s.Index(t)
	return ok
}

// Parse returns the tier named text if it belongs to the scheme.
func (s Scheme) Parse(text string) (Tier, error) {
	t := Tier(text)
	if !s.Contains(t) {
		detail := "not a tier of scheme " + strconv.Quote(s.name)
		return Unknown, fault.New("tier", "tier", text, ErrUnknownTier, detail)
	}
	return t, nil
}

// Compare orders two tiers of the scheme by severity: it returns -1 when a
// is more severe than b, +1 when less severe and 0 when equal. Tiers
// outside the scheme sort after every tier of it, by name.
func (s Scheme) Compare(a, b Tier) int {
	ia, oka := s.Index(a)
	ib, okb := s.Index(b)
	switch {
	case oka && okb:
		return cmpInt(ia, ib)
	case oka:
		return -1
	case okb:
		return 1
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Equal reports whether two schemes have the same name and tiers in the
// same order.
func (s Scheme) Equal(o Scheme) bool {
	return s.name == o.name && slices.Equal(s.tiers, o.tiers)
}
