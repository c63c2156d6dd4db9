package risk

import (
	"bytes"
	_ "embed"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/strictjson"
)

// NoMandateCause says why there is no mandate for change. The zero value,
// NoMandateUnstated, means the cause was not given; it goes with
// MandateNo only.
type NoMandateCause uint8

// Causes of no mandate for change.
const (
	NoMandateUnstated             NoMandateCause = iota // not given
	NoMandateNoSentence                                 // no sentence at all
	NoMandateTerminated                                 // every sentence is terminated
	NoMandateUnpaidWorkOnly                             // the only current requirements are unpaid work
	NoMandateRestrictiveOnly                            // the only current requirements are restrictive
	NoMandateUnpaidAndRestrictive                       // unpaid work and restrictive requirements only
	NoMandateNoRequirements                             // current community sentences with no requirements
)

var noMandateNames = enum.Names[NoMandateCause]{Pkg: "risk", Type: "noMandateCause", Names: []string{
	"unstated", "no-sentence", "sentence-terminated", "unpaid-work-only", "restrictive-only", "unpaid-work-and-restrictive", "no-requirements",
}}

// String returns the cause's code, e.g. "sentence-terminated".
func (c NoMandateCause) String() string { return noMandateNames.String(c) }

// Describe returns the cause in words.
func (c NoMandateCause) Describe() string {
	switch c {
	case NoMandateNoSentence:
		return "there is no sentence"
	case NoMandateTerminated:
		return "every sentence is terminated"
	case NoMandateUnpaidWorkOnly:
		return "the only current requirements are unpaid work"
	case NoMandateRestrictiveOnly:
		return "the only current requirements are restrictive (such as curfew or exclusion)"
	case NoMandateUnpaidAndRestrictive:
		return "the only current requirements are unpaid work and restrictive ones"
	case NoMandateNoRequirements:
		return "the current sentences have no requirements"
	}
	return "the cause was not given"
}

// MarshalText implements encoding.TextMarshaler.
func (c NoMandateCause) MarshalText() ([]byte, error) { return noMandateNames.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *NoMandateCause) UnmarshalText(b []byte) error {
	v, err := noMandateNames.Parse(string(b), true)
	if err == nil {
		*c = v
	}
	return err
}

// Registration is a register entry as a national case system holds it: a
// type code ("MAPP", "RHRH"), a level and category code where the type has
// them ("M2"), the date it was registered and, when it has ended, the date
// it was de-registered.
type Registration struct {
	Code     string    `json:"code"`
	Level    string    `json:"level,omitempty"`
	Category string    `json:"category,omitempty"`
	Date     time.Time `json:"date"`
	// Deregistered is when the registration ended; the zero time means it
	// is current.
	Deregistered time.Time `json:"deregistered,omitempty"`
}

// Requirement is a requirement of a sentence: its main category code
// ("W" is unpaid work) and whether it is purely restrictive (curfew,
// exclusion).
type Requirement struct {
	Category    string `json:"category"`
	Restrictive bool   `json:"restrictive"`
}

// Sentence is a sentence on the record: its type code ("SC", "NC", "ORA
// Community Order" …), whether it is custodial, when it was terminated (the
// zero time while it runs) and its requirements. A sentence is custodial
// when Custodial is set or its type is one of the code table's custodial
// types.
type Sentence struct {
	Type         string        `json:"type"`
	Custodial    bool          `json:"custodial,omitempty"`
	Terminated   time.Time     `json:"terminated,omitempty"`
	Requirements []Requirement `json:"requirements,omitempty"`
}

// MAPPACodes maps the MAPPA register's codes.
type MAPPACodes struct {
	// Code is the register type code of a MAPPA registration.
	Code string `json:"code"`
	// Levels maps level codes to levels ("M2" → 2; "none" allowed).
	Levels map[string]MAPPALevel `json:"levels"`
	// Categories maps category codes to categories ("M2" → 2).
	Categories map[string]MAPPACategory `json:"categories"`
}

// Codes is a table of register and sentence codes: which register types
// are historic, which are MAPPA (with level and category codes), RoSH,
// flags or complexity factors, which sentence types are custodial and
// which requirement categories are unpaid work. [NationalCodes] returns
// the England & Wales table; a team whose system uses other codes decodes
// its own with [DecodeCodes].
type Codes struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Notes   string `json:"notes,omitempty"`
	// Historic lists register type codes that record history only.
	Historic   []string          `json:"historic"`
	MAPPA      MAPPACodes        `json:"mappa"`
	RoSH       map[string]RoSH   `json:"rosh"`
	Flags      map[string]Flag   `json:"flags"`
	Complexity map[string]Factor `json:"complexity"`
	// CustodialSentenceTypes lists the sentence type codes that are custodial.
	CustodialSentenceTypes []string `json:"custodialSentenceTypes"`
	// UnpaidWorkCategories lists the requirement category codes that are
	// unpaid work (or its order extension).
	UnpaidWorkCategories []string `json:"unpaidWorkCategories"`
	// Guesses lists the codes in the table that no public source confirms.
	Guesses []string `json:"guesses,omitempty"`
}

//go:embed codes/england-wales.json
var nationalCodesJSON []byte

// NationalCodes returns a fresh copy of the England & Wales code table,
// taken from the national tiering service's published source: MAPPA
// "MAPP" (levels M1–M3, categories M1–M4), RoSH "RVHR", "RHRH", "RMRH"
// (and "RLRH" for low, a guess), domestic abuse "ADVP" and "REG30",
// stalking "SPO", child protection "RCPR", lifer/IPP "INLL", IOM "IIOM",
// the two-thirds point "PRC", the ten complexity factors, historic
// "HREG", custodial sentences "NC" and "SC", unpaid work "W" and "W1".
func NationalCodes() *Codes {
	c, err := DecodeCodes(bytes.NewReader(nationalCodesJSON))
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		// The embedded table is tested on every build: a programmer error.
		panic("risk: embedded code table is invalid: " + err.Error())
	}
	return c
}

// NationalCodesJSON returns the embedded England & Wales code table.
func NationalCodesJSON() []byte { return bytes.Clone(nationalCodesJSON) }

// DecodeCodes reads a code table strictly (unknown fields, trailing data,
// keys not spelt exactly and documents over MaxDocumentBytes are errors). It does not validate;
// call [Codes.Validate].
func DecodeCodes(r io.Reader) (*Codes, error) {
	var c Codes
	if err := strictjson.Decode(r, &c, MaxDocumentBytes, codesFieldNames()); err != nil {
		return nil, fault.Syntax("risk", "codes", err)
	}
	return &c, nil
}

// Validate reports every problem with the table at once: a missing name,
// version or MAPPA code; empty codes; a code given in two of the RoSH and
// MAPPA lists; and values outside their enums (the unknown flag, factor or
// RoSH, MAPPA unknown levels).
func (c *Codes) Validate() error {
	l := fault.List{Pkg: "risk"}
	if c == nil {
		l.Add("codes", "nil", ErrMissing, "no code table")
		return l.Err()
	}
	if c.Name == "" {
		l.Add("codes.name", "", ErrMissing, "a code table needs a name")
	}
	if c.Version == "" {
		l.Add("codes.version", "", ErrMissing, "a code table needs a version")
	}
	if c.MAPPA.Code == "" {
		l.Add("codes.mappa.code", "", ErrMissing, "the MAPPA register needs a code")
	}
	for _, k := range sortedKeys(c.MAPPA.Levels) {
		if v := c.MAPPA.Levels[k]; k == "" || v > MAPPALevel3 {
			l.Add("codes.mappa.levels."+k, v.String(), ErrUnknown, "")
		}
	}
	for _, k := range sortedKeys(c.MAPPA.Categories) {
		if v := c.MAPPA.Categories[k]; k == "" || v == MAPPACategoryNone || v > MAPPACategory4 {
			l.Add("codes.mappa.categories."+k, v.String(), ErrUnknown, "")
		}
	}
	for _, k := range sortedKeys(c.RoSH) {
		if v := c.RoSH[k]; k == "" || v == RoSHUnknown || v > RoSHVeryHigh {
			l.Add("codes.rosh."+k, v.String(), ErrUnknown, "")
		}
		if k == c.MAPPA.Code {
			l.Add("codes.rosh."+k, k, ErrDuplicate, "also the MAPPA code")
		}
	}
	for _, k := range sortedKeys(c.Flags) {
		if v := c.Flags[k]; k == "" || !flagNames.Valid(v) {
			l.Add("codes.flags."+k, v.String(), ErrUnknown, "")
		}
	}
	for _, k := range sortedKeys(c.Complexity) {
		if v := c.Complexity[k]; k == "" || !factorNames.Valid(v) {
			l.Add("codes.complexity."+k, v.String(), ErrUnknown, "")
		}
	}
	for _, list := range []struct {
		name  string
		codes []string
	}{{"historic", c.Historic}, {"custodialSentenceTypes", c.CustodialSentenceTypes}, {"unpaidWorkCategories", c.UnpaidWorkCategories}} {
		for i, s := range list.codes {
			if s == "" {
				l.Add("codes."+list.name+"["+strconv.Itoa(i)+"]", s, ErrMissing, "empty code")
			}
		}
	}
	return l.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Source says which registration or sentence produced one derived input.
type Source struct {
	// Input is the derived input: "mandate", "mappa", "rosh", "flag",
	// "complexity" or "event".
	Input string `json:"input"`
	// Value is what it was set to, e.g. "no", "2", "high", "stalking".
	Value string `json:"value"`
	// From names the record, e.g. `registrations[1] MAPP M2 2021-02-01` or
	// `sentences[0] SC`, or "none" when nothing on the record gave it.
	From string `json:"from"`
	// Code is a stable code for the rule that decided, e.g. "latest-mappa",
	// "custodial", "non-restrictive-requirement", "unpaid-work-only".
	Code string `json:"code"`
}

// Derived holds the inputs derived from registrations and sentences, with
// the source of each and what was left out.
type Derived struct {
	Mandate        Mandate        `json:"mandate"`
	NoMandateCause NoMandateCause `json:"noMandateCause,omitempty"`
	MAPPA          MAPPA          `json:"mappa"`
	RoSH           RoSH           `json:"rosh"`
	Flags          Flags          `json:"flags"`
	Complexity     Factors        `json:"complexity"`
	// Event is active when a sentence is current.
	Event Event `json:"event"`
	// Sources says where each input came from, in input order.
	Sources []Source `json:"sources"`
	// Ignored lists the records left out and why (code "historic",
	// "deregistered", "future", "terminated", "not-in-table", "older").
	Ignored []Source `json:"ignored,omitempty"`
}

// Derive works out the tier inputs a case system's records give, as of
// asOf, using codes (the national table when nil; pass one table you
// decoded once when deriving many cases): the mandate for change,
// MAPPA level and category, RoSH, flags, complexity factors and whether an
// event is active, and says which record produced each.
//
// Registrations of a historic type, de-registered on or before asOf, or
// registered after asOf are left out, as are sentences terminated on or
// before asOf. MAPPA and RoSH come from the latest current registration of
// their kind (on the same date, the higher one). Flags and factors come
// from every current registration. Registration types not in the table
// are listed as ignored.
//
// Mandate for change: yes when a current sentence is custodial, or has a
// requirement that is neither unpaid work nor restrictive; otherwise no,
// with the cause: no sentence, every sentence terminated, only unpaid
// work, only restrictive requirements, or both.
//
// Errors: a registration without a code or date, a MAPPA registration with
// no level or with level or category codes the table does not hold, and a
// sentence without a type.
func Derive(regs []Registration, sentences []Sentence, codes *Codes, asOf time.Time) (Derived, error) {
	if codes == nil {
		codes = NationalCodes()
	}
	l := fault.List{Pkg: "risk"}
	if err := codes.Validate(); err != nil {
		l.AddErr(err)
		return Derived{}, l.Err()
	}
	d := Derived{MAPPA: MAPPA{Level: MAPPANone}, Sources: []Source{}}
	type pick struct {
		i    int
		date time.Time
		rank int
	}
	var mappa, rosh *pick
	var mappaVal MAPPA
	better := func(cur *pick, i int, date time.Time, rank int) bool {
		return cur == nil || date.After(cur.date) || (date.Equal(cur.date) && rank > cur.rank)
	}
	regName := func(i int, r Registration) string {
		s := "registrations[" + strconv.Itoa(i) + "] " + r.Code
		if r.Level != "" {
			s += " " + r.Level
		}
		if r.Category != "" {
			s += " category " + r.Category
		}
		return s + " " + r.Date.Format(time.DateOnly)
	}
	for i, r := range regs {
		field := "registrations[" + strconv.Itoa(i) + "]"
		if r.Code == "" {
			l.Add(field+".code", "", ErrMissing, "a registration needs a type code")
			continue
		}
		if r.Date.IsZero() {
			l.Add(field+".date", "", ErrMissing, "a registration needs a date")
			continue
		}
		name := regName(i, r)
		switch {
		case slices.Contains(codes.Historic, r.Code):
			d.Ignored = append(d.Ignored, Source{Input: "registration", Value: r.Code, From: name, Code: "historic"})
			continue
		case !r.Deregistered.IsZero() && !r.Deregistered.After(asOf):
			d.Ignored = append(d.Ignored, Source{Input: "registration", Value: r.Code, From: name, Code: "deregistered"})
			continue
		case r.Date.After(asOf):
			d.Ignored = append(d.Ignored, Source{Input: "registration", Value: r.Code, From: name, Code: "future"})
			continue
		}
		used := false
		if r.Code == codes.MAPPA.Code {
			used = true
			lv, ok := codes.MAPPA.Levels[r.Level]
			if r.Level == "" {
				l.Add(field+".level", "", ErrMissing, "a MAPPA registration needs a level")
				continue
			}
			if !ok {
				l.Add(field+".level", r.Level, ErrUnknown, "not a MAPPA level code of table "+strconv.Quote(codes.Name))
				continue
			}
			m := MAPPA{Level: lv}
			if r.Category != "" {
				cat, ok := codes.MAPPA.Categories[r.Category]
				if !ok {
					l.Add(field+".category", r.Category, ErrUnknown, "not a MAPPA category code of table "+strconv.Quote(codes.Name))
					continue
				}
				if lv != MAPPANone {
					m.Category = cat
				}
			}
			// On the same date the higher level wins, then the higher
			// category, so the result never depends on record order.
			rk := int(lv)*8 + int(m.Category)
			if better(mappa, i, r.Date, rk) {
				if mappa != nil {
					d.Ignored = append(d.Ignored, Source{Input: "mappa", Value: regs[mappa.i].Code, From: regName(mappa.i, regs[mappa.i]), Code: "older"})
				}
				mappa, mappaVal = &pick{i, r.Date, rk}, m
			} else {
				d.Ignored = append(d.Ignored, Source{Input: "mappa", Value: r.Code, From: name, Code: "older"})
			}
		}
		if v, ok := codes.RoSH[r.Code]; ok {
			used = true
			if better(rosh, i, r.Date, int(v)) {
				if rosh != nil {
					d.Ignored = append(d.Ignored, Source{Input: "rosh", Value: regs[rosh.i].Code, From: regName(rosh.i, regs[rosh.i]), Code: "older"})
				}
				rosh = &pick{i, r.Date, int(v)}
				d.RoSH = v
			} else {
				d.Ignored = append(d.Ignored, Source{Input: "rosh", Value: r.Code, From: name, Code: "older"})
			}
		}
		if f, ok := codes.Flags[r.Code]; ok {
			used = true
			if !d.Flags.Has(f) {
				d.Sources = append(d.Sources, Source{Input: "flag", Value: f.String(), From: name, Code: "registered"})
			}
			d.Flags = d.Flags.With(f)
		}
		if f, ok := codes.Complexity[r.Code]; ok {
			used = true
			if !d.Complexity.Has(f) {
				d.Sources = append(d.Sources, Source{Input: "complexity", Value: f.String(), From: name, Code: "registered"})
			}
			d.Complexity = d.Complexity.With(f)
		}
		if !used {
			d.Ignored = append(d.Ignored, Source{Input: "registration", Value: r.Code, From: name, Code: "not-in-table"})
		}
	}
	if mappa != nil {
		d.MAPPA = mappaVal
		d.Sources = append(d.Sources, Source{Input: "mappa", Value: mappaText(mappaVal), From: regName(mappa.i, regs[mappa.i]), Code: "latest-mappa"})
	} else {
		d.Sources = append(d.Sources, Source{Input: "mappa", Value: "none", From: "none", Code: "no-mappa-registration"})
	}
	if rosh != nil {
		d.Sources = append(d.Sources, Source{Input: "rosh", Value: d.RoSH.String(), From: regName(rosh.i, regs[rosh.i]), Code: "latest-rosh"})
	} else {
		d.Sources = append(d.Sources, Source{Input: "rosh", Value: "unknown", From: "none", Code: "no-rosh-registration"})
	}
	d.mandate(&l, sentences, codes, asOf)
	if err := l.Err(); err != nil {
		return Derived{}, err
	}
	return d, nil
}

func mappaText(m MAPPA) string {
	if m.Level == MAPPANone {
		return "none"
	}
	s := "level " + m.Level.String()
	if m.Category != MAPPACategoryNone {
		s += " category " + m.Category.String()
	}
	return s
}

// mandate derives the mandate for change and the event from sentences.
func (d *Derived) mandate(l *fault.List, sentences []Sentence, codes *Codes, asOf time.Time) {
	current, unpaid, restrictive := 0, false, false
	for i, s := range sentences {
		field := "sentences[" + strconv.Itoa(i) + "]"
		name := field + " " + s.Type
		if s.Type == "" {
			l.Add(field+".type", "", ErrMissing, "a sentence needs a type code")
			continue
		}
		if !s.Terminated.IsZero() && !s.Terminated.After(asOf) {
			d.Ignored = append(d.Ignored, Source{Input: "sentence", Value: s.Type, From: name + " terminated " + s.Terminated.Format(time.DateOnly), Code: "terminated"})
			continue
		}
		current++
		if current == 1 {
			d.Event = EventActive
			d.Sources = append(d.Sources, Source{Input: "event", Value: "active", From: name, Code: "current-sentence"})
		}
		if d.Mandate == MandateYes {
			continue
		}
		if s.Custodial || slices.Contains(codes.CustodialSentenceTypes, s.Type) {
			d.Mandate = MandateYes
			d.Sources = append(d.Sources, Source{Input: "mandate", Value: "yes", From: name, Code: "custodial"})
			continue
		}
		for j, r := range s.Requirements {
			switch {
			case slices.Contains(codes.UnpaidWorkCategories, r.Category):
				unpaid = true
			case r.Restrictive:
				restrictive = true
			default:
				d.Mandate = MandateYes
				d.Sources = append(d.Sources, Source{Input: "mandate", Value: "yes",
					From: name + " requirements[" + strconv.Itoa(j) + "] " + r.Category, Code: "non-restrictive-requirement"})
			}
			if d.Mandate == MandateYes {
				break
			}
		}
	}
	if d.Event != EventActive {
		d.Event = EventNone
		d.Sources = append(d.Sources, Source{Input: "event", Value: "none", From: "none", Code: "no-current-sentence"})
	}
	if d.Mandate == MandateYes {
		return
	}
	d.Mandate = MandateNo
	switch {
	case len(sentences) == 0:
		d.NoMandateCause = NoMandateNoSentence
	case current == 0:
		d.NoMandateCause = NoMandateTerminated
	case unpaid && restrictive:
		d.NoMandateCause = NoMandateUnpaidAndRestrictive
	case unpaid:
		d.NoMandateCause = NoMandateUnpaidWorkOnly
	case restrictive:
		d.NoMandateCause = NoMandateRestrictiveOnly
	default:
		// Current community sentences with no requirements at all: nothing
		// rehabilitative is required, which the national service reads as
		// no mandate.
		d.NoMandateCause = NoMandateNoRequirements
	}
	from := "sentences"
	if len(sentences) == 0 {
		from = "none"
	}
	d.Sources = append(d.Sources, Source{Input: "mandate", Value: "no", From: from, Code: d.NoMandateCause.String()})
}

// Apply sets the assessment's mandate (and its cause) and MAPPA to the
// derived ones, sets its RoSH when a current registration gave one (an
// assessment's own RoSH is kept otherwise: what the registrations do not
// say never clears it), and adds the derived flags and complexity factors
// to those already there.
func (d Derived) Apply(a *Assessment) {
	a.Mandate, a.NoMandateCause = d.Mandate, d.NoMandateCause
	a.MAPPA = d.MAPPA
	if d.RoSH != RoSHUnknown {
		a.RoSH = d.RoSH
	}
	a.Flags |= d.Flags
	a.Complexity |= d.Complexity
}

// ApplySingleAxis sets the single-axis inputs' event and MAPPA to the
// derived ones, their RoSH when a registration gave one (as [Derived.Apply]
// does), and adds the derived flags.
func (d Derived) ApplySingleAxis(in *SingleAxisInputs) {
	in.Event, in.MAPPA = d.Event, d.MAPPA
	if d.RoSH != RoSHUnknown {
		in.RoSH = d.RoSH
	}
	in.Flags |= d.Flags
}

// codesFieldNames returns the JSON field names of a code table, for
// exact-key decoding (see strictjson.Keys); TestCodesFieldNames checks the
// list against the type.
func codesFieldNames() strictjson.Keys {
	return strictjson.NewKeys(
		"categories", "code", "complexity", "custodialSentenceTypes", "flags", "guesses", "historic",
		"levels", "mappa", "name", "notes", "rosh", "unpaidWorkCategories", "version",
	)
}
