package tier

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/strictjson"
)

// MaxDocumentBytes bounds the table documents [DecodeTable] reads.
const MaxDocumentBytes = 4 << 20

// Units a table's weights may be given in.
const (
	UnitPoints        = "points"          // England & Wales workload points
	UnitHoursPerMonth = "hours-per-month" // officer hours per case per month
)

// Contact is a contact requirement: Contacts every Days days, each taking
// Minutes, face to face or not. The zero Contact means no contact is
// required (Contacts, Days and Minutes all 0).
type Contact struct {
	Contacts   int  `json:"contacts"`
	Days       int  `json:"days"`
	Minutes    int  `json:"minutes"`
	FaceToFace bool `json:"faceToFace"`
}

// None reports whether the requirement asks for no contact.
func (c Contact) None() bool { return c.Contacts == 0 }

// String renders the requirement, e.g. "1 per 7 days, 60 min, face to face".
func (c Contact) String() string {
	if c.None() {
		return "none"
	}
	var buf [64]byte
	b := strconv.AppendInt(buf[:0], int64(c.Contacts), 10)
	b = append(b, " per "...)
	b = strconv.AppendInt(b, int64(c.Days), 10)
	b = append(b, " days, "...)
	b = strconv.AppendInt(b, int64(c.Minutes), 10)
	b = append(b, " min"...)
	if c.FaceToFace {
		b = append(b, ", face to face"...)
	}
	return string(b)
}

// Weights holds a weight per case type and tier, keyed by name.
type Weights map[CaseType]map[Tier]decimal.Decimal

// Table is the reference data a tier scheme needs: what each tier weighs
// by case type, what court reports weigh, how much of its weight an
// inactive case keeps, and the contacts each tier needs by phase.
//
// A Table is plain data: build one in Go, or decode one with [DecodeTable],
// then call [Table.Validate]. [Reference] returns the England & Wales
// reference table and [SupervisionLevels] a US-style scheme. Weights are
// keyed by tier name, never by position.
type Table struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Notes   string `json:"notes,omitempty"`
	// Unit names what weights measure: UnitPoints or UnitHoursPerMonth.
	Unit   string `json:"unit"`
	Scheme Scheme `json:"scheme"`
	// Weights gives the weight of every tier for every case type.
	Weights Weights `json:"weights"`
	// YoungAdult is the table used for young adults (T2A).
	YoungAdult Weights `json:"youngAdultWeights"`
	// CourtReports gives the weight of each kind of court report.
	CourtReports map[ReportKind]decimal.Decimal `json:"courtReports"`
	// InactivePercent gives the percentage (0–100) of its weight an inactive
	// case keeps, for each inactive status.
	InactivePercent map[Inactive]decimal.Decimal `json:"inactivePercent"`
	// CriticalPeriodDays is how long the critical period lasts after release
	// or commencement.
	CriticalPeriodDays int `json:"criticalPeriodDays"`
	// Contacts gives the contact requirement of every tier in every phase.
	Contacts map[Tier]map[Phase]Contact `json:"contacts"`
}

//go:embed policies/england-wales.json
var referenceJSON []byte

//go:embed policies/us-supervision-levels.json
var supervisionLevelsJSON []byte

//go:embed policies/single-axis.json
var singleAxisJSON []byte

// Reference returns a fresh copy of the England & Wales reference table:
// the published weights of docs/domain.md, "Case weights" (community, licence and custody;
// the custody row for young adults; court reports 138 and 65; inactive
// cases keep 0% on a warrant, 100% with only unpaid work left, 0% when
// overdue for termination), S tiers and untiered at 0, and caseload's own
// illustrative contact requirements (see the table's Notes).
func Reference() *Table { return mustDecode(referenceJSON) }

// ReferenceJSON returns the embedded England & Wales reference document.
func ReferenceJSON() []byte { return bytes.Clone(referenceJSON) }

// SupervisionLevels returns a fresh copy of a US-style supervision-level
// table (intensive, maximum, medium, minimum, administrative) whose weights
// are hours per case per month: 4, 2 and 1 at maximum, medium and minimum
// (docs/domain.md, "Hours and contact"), the rest illustrative.
func SupervisionLevels() *Table { return mustDecode(supervisionLevelsJSON) }

// SingleAxisTable returns a fresh copy of a table for the single-axis scheme
// ([SingleAxisScheme]: A–G, missing, not-supervised). No workload weights
// have been published for that scheme, so every weight and contact
// requirement in it is caseload's own illustrative choice, documented in
// the table's Notes: A to D weigh as the reference's A2 to D2 (community
// 158, 115, 63, 41), then E 35, F 29, G 20; a missing case weighs as D and
// a not-supervised case 0. Court reports and inactive shares are the
// reference values.
func SingleAxisTable() *Table { return mustDecode(singleAxisJSON) }

// mustDecode decodes an embedded document. The embedded documents are
// tested on every build; a failure here means a corrupt build, a programmer
// error, so it panics.
func mustDecode(b []byte) *Table {
	t, err := DecodeTable(bytes.NewReader(b))
	if err == nil {
		err = t.Validate()
	}
	if err != nil {
		panic("tier: embedded table is invalid: " + err.Error())
	}
	return t
}

// DecodeTable reads a table document strictly: unknown fields, trailing
// data, documents over MaxDocumentBytes and decimals beyond six places or
// 10^9 in magnitude are errors. It does not validate the table's contents;
// call [Table.Validate].
func DecodeTable(r io.Reader) (*Table, error) {
	var t Table
	if err := strictjson.Decode(r, &t, MaxDocumentBytes, tableFieldNames()); err != nil {
		return nil, fault.Syntax("tier", "table", err)
	}
	l := fault.List{Pkg: "tier"}
	t.checkDecimals(&l)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return &t, nil
}

// checkDecimals bounds every decimal in the table, in a stable order.
func (t *Table) checkDecimals(l *fault.List) {
	check := func(field string, d decimal.Decimal) {
		if err := dec.Check(d); err != nil {
			l.Add(field, "(decimal)", ErrOutOfRange, err.Error())
		}
	}
	for _, w := range []struct {
		name string
		w    Weights
	}{{"weights", t.Weights}, {"youngAdultWeights", t.YoungAdult}} {
		for _, ct := range sortedCaseTypes(w.w) {
			for _, tr := range sortedTiers(w.w[ct]) {
				check(w.name+"."+ct.String()+"."+string(tr), w.w[ct][tr])
			}
		}
	}
	for _, k := range []ReportKind{ReportUnknown, ReportStandard, ReportFast} {
		if d, ok := t.CourtReports[k]; ok {
			check("courtReports."+k.String(), d)
		}
	}
	for _, s := range []Inactive{Active, Warrant, UnpaidWorkOnly, OverdueTermination} {
		if d, ok := t.InactivePercent[s]; ok {
			check("inactivePercent."+s.String(), d)
		}
	}
}

// Validate reports every problem with the table at once, in a stable
// order: a missing name, version or unit; an invalid scheme; a weight
// missing for any case type and tier, given for a tier outside the scheme,
// negative or out of bounds; missing or negative court-report weights;
// inactive percentages missing or outside 0–100; a critical period outside
// 1–365 days; and contact requirements missing for any tier and phase, or
// inconsistent (contacts without days, or days without contacts).
func (t *Table) Validate() error {
	l := fault.List{Pkg: "tier"}
	if t == nil {
		l.Add("table", "nil", ErrMissing, "no table")
		return l.Err()
	}
	if t.Name == "" {
		l.Add("name", "", ErrMissing, "a table needs a name")
	}
	if t.Version == "" {
		l.Add("version", "", ErrMissing, "a table needs a version")
	}
	if t.Unit != UnitPoints && t.Unit != UnitHoursPerMonth {
		l.Add("unit", t.Unit, ErrUnknown, "want points or hours-per-month")
	}
	if t.Scheme.Len() == 0 {
		l.Add("scheme", "", ErrMissing, "a table needs a scheme with at least one tier")
		return l.Err()
	}
	t.checkDecimals(&l)
	t.validateWeights(&l, "weights", t.Weights)
	t.validateWeights(&l, "youngAdultWeights", t.YoungAdult)
	for _, k := range ReportKinds() {
		d, ok := t.CourtReports[k]
		switch {
		case !ok:
			l.Add("courtReports."+k.String(), "", ErrMissing, "no weight for this report kind")
		case dec.Check(d) != nil:
			// Already reported by checkDecimals; printing it could expand a
			// huge exponent.
		case d.IsNegative():
			l.Add("courtReports."+k.String(), d.String(), ErrOutOfRange, "must not be negative")
		}
	}
	for k := range 256 {
		if _, ok := t.CourtReports[ReportKind(k)]; ok && (k == int(ReportUnknown) || k > int(ReportFast)) {
			l.Add("courtReports", ReportKind(k).String(), ErrUnknown, "not a report kind")
		}
	}
	hundred := decimal.NewFromInt(100)
	for _, s := range InactiveStatuses() {
		d, ok := t.InactivePercent[s]
		switch {
		case !ok:
			l.Add("inactivePercent."+s.String(), "", ErrMissing, "no percentage for this status")
		case dec.Check(d) != nil:
			// Already reported by checkDecimals; comparing an unbounded
			// decimal with 100 could rescale a huge exponent for minutes.
		case d.IsNegative() || d.GreaterThan(hundred):
			l.Add("inactivePercent."+s.String(), d.String(), ErrOutOfRange, "must be between 0 and 100")
		}
	}
	if _, ok := t.InactivePercent[Active]; ok {
		l.Add("inactivePercent.active", "", ErrInconsistent, "active cases always keep 100%")
	}
	for k := int(OverdueTermination) + 1; k < 256; k++ {
		if _, ok := t.InactivePercent[Inactive(k)]; ok {
			l.Add("inactivePercent", Inactive(k).String(), ErrUnknown, "not an inactive status")
		}
	}
	if t.CriticalPeriodDays < 1 || t.CriticalPeriodDays > 365 {
		l.Add("criticalPeriodDays", strconv.Itoa(t.CriticalPeriodDays), ErrOutOfRange, "must be between 1 and 365")
	}
	for _, tr := range sortedTiers(t.Contacts) {
		if !t.Scheme.Contains(tr) {
			l.Add("contacts", string(tr), ErrUnknownTier, "not a tier of the table's scheme")
		}
	}
	for _, tr := range t.Scheme.tiers {
		phases, ok := t.Contacts[tr]
		if !ok {
			l.Add("contacts."+string(tr), "", ErrMissing, "no contact requirements for this tier")
			continue
		}
		if _, bad := phases[PhaseUnknown]; bad {
			l.Add("contacts."+string(tr), "unknown", ErrUnknown, "not a phase")
		}
		for _, ph := range Phases() {
			c, ok := phases[ph]
			field := "contacts." + string(tr) + "." + ph.String()
			if !ok {
				l.Add(field, "", ErrMissing, "no contact requirement for this phase")
				continue
			}
			switch {
			case c.Contacts < 0 || c.Contacts > 100:
				l.Add(field+".contacts", strconv.Itoa(c.Contacts), ErrOutOfRange, "must be between 0 and 100")
			case c.Contacts == 0 && (c.Days != 0 || c.Minutes != 0 || c.FaceToFace):
				l.Add(field, c.String(), ErrInconsistent, "no contacts but days, minutes or face to face given")
			case c.Contacts > 0 && (c.Days < 1 || c.Days > 365):
				l.Add(field+".days", strconv.Itoa(c.Days), ErrOutOfRange, "must be between 1 and 365")
			case c.Contacts > 0 && (c.Minutes < 1 || c.Minutes > 1440):
				l.Add(field+".minutes", strconv.Itoa(c.Minutes), ErrOutOfRange, "must be between 1 and 1440")
			}
		}
	}
	return l.Err()
}

func (t *Table) validateWeights(l *fault.List, name string, w Weights) {
	for k := range 256 {
		if _, ok := w[CaseType(k)]; ok && (k == int(CaseTypeUnknown) || k > int(Custody)) {
			l.Add(name, CaseType(k).String(), ErrUnknown, "not a case type")
		}
	}
	for _, ct := range CaseTypes() {
		row, ok := w[ct]
		if !ok {
			l.Add(name+"."+ct.String(), "", ErrMissing, "no weights for this case type")
			continue
		}
		for _, tr := range sortedTiers(row) {
			if !t.Scheme.Contains(tr) {
				l.Add(name+"."+ct.String(), string(tr), ErrUnknownTier, "not a tier of the table's scheme")
			}
		}
		for _, tr := range t.Scheme.tiers {
			d, ok := row[tr]
			field := name + "." + ct.String() + "." + string(tr)
			switch {
			case !ok:
				l.Add(field, "", ErrMissing, "no weight for this tier")
			case d.IsNegative() && dec.Check(d) == nil:
				l.Add(field, d.String(), ErrOutOfRange, "must not be negative")
			}
		}
	}
}

// Weight returns the weight of a tier for a case type, from the young-adult
// table when youngAdult is set.
func (t *Table) Weight(ct CaseType, tr Tier, youngAdult bool) (decimal.Decimal, error) {
	w := t.Weights
	name := "weights"
	if youngAdult {
		w, name = t.YoungAdult, "youngAdultWeights"
	}
	row, ok := w[ct]
	if !ok {
		return decimal.Zero, fault.New("tier", name, ct.String(), ErrUnknown, "no weights for this case type")
	}
	d, ok := row[tr]
	if !ok {
		return decimal.Zero, fault.New("tier", name+"."+ct.String(), string(tr), ErrUnknownTier, "no weight for this tier")
	}
	return d, nil
}

// CourtReport returns the weight of a court report.
func (t *Table) CourtReport(k ReportKind) (decimal.Decimal, error) {
	d, ok := t.CourtReports[k]
	if !ok {
		return decimal.Zero, fault.New("tier", "courtReports", k.String(), ErrUnknown, "no weight for this report kind")
	}
	return d, nil
}

// Share returns the percentage of its weight a case with status s keeps:
// 100 for Active.
func (t *Table) Share(s Inactive) (decimal.Decimal, error) {
	if s == Active {
		return decimal.NewFromInt(100), nil
	}
	d, ok := t.InactivePercent[s]
	if !ok {
		return decimal.Zero, fault.New("tier", "inactivePercent", s.String(), ErrUnknown, "no percentage for this status")
	}
	return d, nil
}

// Contact returns the contact requirement of a tier in a phase.
func (t *Table) Contact(tr Tier, ph Phase) (Contact, error) {
	phases, ok := t.Contacts[tr]
	if !ok {
		return Contact{}, fault.New("tier", "contacts", string(tr), ErrUnknownTier, "no contact requirements for this tier")
	}
	c, ok := phases[ph]
	if !ok {
		return Contact{}, fault.New("tier", "contacts."+string(tr), ph.String(), ErrUnknown, "no requirement for this phase")
	}
	return c, nil
}

// Clone returns a deep copy of the table.
func (t *Table) Clone() *Table {
	if t == nil {
		return nil
	}
	c := *t
	c.Weights = cloneWeights(t.Weights)
	c.YoungAdult = cloneWeights(t.YoungAdult)
	c.CourtReports = cloneMap(t.CourtReports)
	c.InactivePercent = cloneMap(t.InactivePercent)
	if t.Contacts != nil {
		c.Contacts = make(map[Tier]map[Phase]Contact, len(t.Contacts))
		for k, v := range t.Contacts {
			c.Contacts[k] = cloneMap(v)
		}
	}
	return &c
}

func cloneWeights(w Weights) Weights {
	if w == nil {
		return nil
	}
	out := make(Weights, len(w))
	for k, v := range w {
		out[k] = cloneMap(v)
	}
	return out
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortedCaseTypes(w Weights) []CaseType {
	var out []CaseType
	for i := 0; i < 256; i++ {
		if _, ok := w[CaseType(i)]; ok {
			out = append(out, CaseType(i))
		}
	}
	return out
}

func sortedTiers[V any](m map[Tier]V) []Tier {
	out := make([]Tier, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// schemeJSON is the wire form of a Scheme.
type schemeJSON struct {
	Name  string `json:"name"`
	Tiers []Tier `json:"tiers"`
}

// MarshalJSON writes the scheme as {"name": …, "tiers": […]}.
func (s Scheme) MarshalJSON() ([]byte, error) {
	return json.Marshal(schemeJSON{Name: s.name, Tiers: s.tiers})
}

// UnmarshalJSON reads {"name": …, "tiers": […]} and checks it with
// [NewScheme].
func (s *Scheme) UnmarshalJSON(b []byte) error {
	var w schemeJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&w); err != nil {
		return err
	}
	sc, err := NewScheme(w.Name, w.Tiers)
	if err != nil {
		return err
	}
	*s = sc
	return nil
}

// tableFieldNames returns the JSON field names of a tier table document, for
// exact-key decoding (see strictjson.Keys); TestFieldNames checks the list
// against the types.
func tableFieldNames() strictjson.Keys {
	return strictjson.NewKeys(
		"contacts", "courtReports", "criticalPeriodDays", "days", "faceToFace",
		"inactivePercent", "minutes", "name", "notes", "scheme", "tiers", "unit", "version",
		"weights", "youngAdultWeights",
	)
}
