package tier

import (
	"github.com/openprobation/caseload/internal/fault"
)

// Tier is a tier's name in a [Scheme]: "B2", "A3S" or "untiered" in the
// England & Wales scheme, "intensive" or "minimum" in a supervision-level
// scheme. The zero value, Unknown, is never a valid tier.
//
// A Tier is only meaningful with its scheme: [Scheme.Parse] checks that a
// name belongs to it, and [Scheme.Compare] orders tiers by severity. The
// package-level [Parse] uses the built-in England & Wales scheme.
type Tier string

// Unknown is the zero Tier; validation rejects it wherever a tier is needed.
const Unknown Tier = ""

// The England & Wales tiers: a protect letter (A highest … D) and a change
// digit (3 highest … 0), with a trailing S for an unsupervised case.
const (
	A3 Tier = "A3"
	A2 Tier = "A2"
	A1 Tier = "A1"
	A0 Tier = "A0"
	B3 Tier = "B3"
	B2 Tier = "B2"
	B1 Tier = "B1"
	B0 Tier = "B0"
	C3 Tier = "C3"
	C2 Tier = "C2"
	C1 Tier = "C1"
	C0 Tier = "C0"
	D3 Tier = "D3"
	D2 Tier = "D2"
	D1 Tier = "D1"
	D0 Tier = "D0"

	A3S Tier = "A3S"
	A2S Tier = "A2S"
	A1S Tier = "A1S"
	A0S Tier = "A0S"
	B3S Tier = "B3S"
	B2S Tier = "B2S"
	B1S Tier = "B1S"
	B0S Tier = "B0S"
	C3S Tier = "C3S"
	C2S Tier = "C2S"
	C1S Tier = "C1S"
	C0S Tier = "C0S"
	D3S Tier = "D3S"
	D2S Tier = "D2S"
	D1S Tier = "D1S"
	D0S Tier = "D0S"

	// Untiered is a case with no tier; it weighs nothing.
	Untiered Tier = "untiered"
)

// maxNameLen bounds tier names in any scheme.
const maxNameLen = 32

// String returns the tier's name.
func (t Tier) String() string { return string(t) }

// MarshalText implements encoding.TextMarshaler. The unknown tier and
// malformed names are errors.
func (t Tier) MarshalText() ([]byte, error) {
	if err := checkName(string(t)); err != nil {
		return nil, err
	}
	return []byte(t), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It checks only that
// the name is well formed (1–32 letters, digits, '-' or '_'), since a
// decoded tier may belong to any scheme; membership is checked by
// [Scheme.Parse] and by the validation of whatever holds the tier.
func (t *Tier) UnmarshalText(b []byte) error {
	if err := checkName(string(b)); err != nil {
		return err
	}
	*t = Tier(b)
	return nil
}

func checkName(s string) error {
	if s == "" {
		return fault.New("tier", "tier", s, ErrUnknownTier, "empty tier name")
	}
	if len(s) > maxNameLen {
		return fault.New("tier", "tier", s, ErrUnknownTier, "longer than 32 bytes")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fault.New("tier", "tier", s, ErrUnknownTier, "tier names hold only letters, digits, '-' and '_'")
		}
	}
	return nil
}

// ewIndex returns the position of an England & Wales tier in the scheme's
// severity order (A3, A3S, A2, A2S, …, D0, D0S, untiered), or -1.
func ewIndex(t Tier) int {
	s := string(t)
	switch len(s) {
	case 2, 3:
	case 8:
		if s == string(Untiered) {
			return 32
		}
		return -1
	default:
		return -1
	}
	l, d := s[0], s[1]
	if l < 'A' || l > 'D' || d < '0' || d > '3' {
		return -1
	}
	i := int(l-'A')*8 + int('3'-d)*2
	if len(s) == 3 {
		if s[2] != 'S' {
			return -1
		}
		i++
	}
	return i
}

// Letter returns the protect letter of an England & Wales tier ('A'…'D')
// and true, or 0 and false for untiered and for tiers of other schemes.
func (t Tier) Letter() (byte, bool) {
	if i := ewIndex(t); i >= 0 && i < 32 {
		return t[0], true
	}
	return 0, false
}

// Digit returns the change digit of an England & Wales tier (0…3) and true,
// or 0 and false for untiered and for tiers of other schemes.
func (t Tier) Digit() (int, bool) {
	if i := ewIndex(t); i >= 0 && i < 32 {
		return int(t[1] - '0'), true
	}
	return 0, false
}

// Unsupervised reports whether t is an England & Wales S tier.
func (t Tier) Unsupervised() bool {
	i := ewIndex(t)
	return i >= 0 && i < 32 && i%2 == 1
}

// Supervised returns the tier without its S marker (B2S → B2); other tiers
// are returned unchanged.
func (t Tier) Supervised() Tier {
	if t.Unsupervised() {
		return t[:2]
	}
	return t
}

// Compose returns the England & Wales tier with the given letter and digit,
// unsupervised when s is set. It reports false for letters outside A–D or
// digits outside 0–3.
func Compose(letter byte, digit int, s bool) (Tier, bool) {
	if letter < 'A' || letter > 'D' || digit < 0 || digit > 3 {
		return Unknown, false
	}
	name := string([]byte{letter, byte('0' + digit)})
	if s {
		name += "S"
	}
	return Tier(name), true
}

// Parse returns the England & Wales tier named s ("B2", "A3S",
// "untiered"). Any other text is an error wrapping [ErrUnknownTier].
func Parse(s string) (Tier, error) { return EnglandWales().Parse(s) }

// All returns the England & Wales tiers in severity order, most severe
// first: A3, A3S, A2, A2S, …, D0, D0S, untiered.
func All() []Tier { return EnglandWales().Tiers() }
