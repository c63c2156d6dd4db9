package tier

// Set names a set of tiers of a scheme: every England &
// Wales tier with one of Letters (S tiers included: letter "A" holds A3,
// A3S, …, A0S), plus every tier in Tiers. Schemes without protect letters
// (a supervision-level scheme) list Tiers.
type Set struct {
	Letters []string `json:"letters,omitempty"`
	Tiers   []Tier   `json:"tiers,omitempty"`
}

// Empty reports whether the set names nothing.
func (s Set) Empty() bool { return len(s.Letters) == 0 && len(s.Tiers) == 0 }

// Contains reports whether t is in the set.
func (s Set) Contains(t Tier) bool {
	if l, ok := t.Letter(); ok {
		for _, x := range s.Letters {
			if len(x) == 1 && x[0] == l {
				return true
			}
		}
	}
	for _, x := range s.Tiers {
		if x == t {
			return true
		}
	}
	return false
}

// String renders the set, e.g. "A+B" or "intensive+maximum".
func (s Set) String() string {
	out := ""
	for _, l := range s.Letters {
		if out != "" {
			out += "+"
		}
		out += l
	}
	for _, t := range s.Tiers {
		if out != "" {
			out += "+"
		}
		out += string(t)
	}
	if out == "" {
		return "none"
	}
	return out
}
