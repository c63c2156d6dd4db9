package risk

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
)

// MAPPA is a person's multi-agency public protection arrangement. The zero
// value means not recorded, which [Assessment.Validate] rejects; a person
// not managed under MAPPA has Level MAPPANone and no category.
type MAPPA struct {
	Level    MAPPALevel    `json:"level"`
	Category MAPPACategory `json:"category"`
}

// Assessment is what a risk and needs assessment says about a person, as
// plain values. It knows nothing of tiers; package tier turns it into one.
//
// The zero value is not a valid assessment: Mandate and MAPPA.Level must be
// given (a MAPPA level that was not recorded is not "none"). Every other
// field has a meaningful zero (no RoSH assessment, RSR 0%, OGRS 0%, no
// flags, no complexity factors, no needs assessment).
type Assessment struct {
	// RoSH is the risk of serious harm level; RoSHUnknown when missing.
	RoSH RoSH `json:"rosh"`
	// RSR is the risk of serious recidivism, a percentage from 0 to 100 with
	// at most two decimal places (6.99, 7.00).
	RSR decimal.Decimal `json:"rsr"`
	// OGRS is general reoffending, an integer percentage from 0 to 100.
	OGRS int `json:"ogrs"`
	// MAPPA is the MAPPA level and category, if any.
	MAPPA MAPPA `json:"mappa"`
	// Flags are the registrations on the record.
	Flags Flags `json:"flags"`
	// Complexity holds the complexity factors present, each counted once.
	Complexity Factors `json:"complexity"`
	// Sex decides whether WomenFactors may be given.
	Sex Sex `json:"sex"`
	// WomenFactors are the additional factors assessed for women.
	WomenFactors WomenFactors `json:"womenFactors"`
	// NeedsAssessed is true when there is a valid needs assessment. Without
	// one the change digit is 2 and Needs must be empty.
	NeedsAssessed bool `json:"needsAssessed"`
	// Needs maps each criminogenic need present to its severity. Needs
	// absent from the map have severity none.
	Needs map[Need]Severity `json:"needs,omitempty"`
	// Mandate says whether the sentence gives a mandate for change.
	Mandate Mandate `json:"mandate"`
	// NoMandateCause says why there is no mandate, when Mandate is no; it
	// is reported in the classification's explanation.
	NoMandateCause NoMandateCause `json:"noMandateCause,omitempty"`
	// AssessedOn is when the assessment was made; the zero time means
	// unknown, which counts as stale.
	AssessedOn time.Time `json:"assessedOn"`
	// Provisional marks an assessment built on static predictors or with
	// RoSH missing. It must be visible, never silently trusted.
	Provisional bool `json:"provisional"`
}

var hundred = decimal.NewFromInt(100)

// Validate reports every problem with the assessment at once, joined with
// errors.Join in field order. Each problem is a *FieldError naming the
// field and its value and wrapping one of the package's sentinels.
func (a Assessment) Validate() error {
	l := fault.List{Pkg: "risk"}
	if a.RoSH > RoSHVeryHigh {
		l.Add("rosh", a.RoSH.String(), ErrUnknown, "")
	}
	if err := dec.Check(a.RSR); err != nil {
		l.Add("rsr", boundedString(a.RSR), ErrOutOfRange, err.Error())
	} else {
		if a.RSR.IsNegative() || a.RSR.GreaterThan(hundred) {
			l.Add("rsr", a.RSR.String(), ErrOutOfRange, "must be between 0 and 100")
		}
		if dec.Places(a.RSR) > 2 {
			l.Add("rsr", a.RSR.String(), ErrOutOfRange, "at most two decimal places")
		}
	}
	if a.OGRS < 0 || a.OGRS > 100 {
		l.Add("ogrs", strconv.Itoa(a.OGRS), ErrOutOfRange, "must be between 0 and 100")
	}
	validateMAPPA(&l, a.MAPPA)
	if !a.Flags.Valid() {
		l.Add("flags", a.Flags.String(), ErrUnknown, "undefined flag bits")
	}
	if !a.Complexity.Valid() {
		l.Add("complexity", a.Complexity.String(), ErrUnknown, "undefined factor bits")
	}
	if a.Sex > SexFemale {
		l.Add("sex", a.Sex.String(), ErrUnknown, "")
	}
	if !a.WomenFactors.Valid() {
		l.Add("womenFactors", a.WomenFactors.String(), ErrUnknown, "undefined factor bits")
	} else if a.WomenFactors != 0 && a.Sex != SexFemale {
		l.Add("womenFactors", a.WomenFactors.String(), ErrInconsistent, "the additional factors apply only when sex is female")
	}
	for _, n := range sortedNeeds(a.Needs) {
		s := a.Needs[n]
		field := "needs." + n.String()
		if n == NeedUnknown || n >= Need(len(needNames.Names)) {
			l.Add("needs", n.String(), ErrUnknown, "")
			continue
		}
		if s > SeveritySevere {
			l.Add(field, s.String(), ErrUnknown, "")
		}
	}
	if !a.NeedsAssessed && len(a.Needs) > 0 {
		l.Add("needs", strconv.Itoa(len(a.Needs))+" needs", ErrInconsistent, "needs given but needsAssessed is false")
	}
	if a.Mandate == MandateUnknown || a.Mandate > MandateNo {
		l.Add("mandate", a.Mandate.String(), ErrMissing, "must be yes or no")
	}
	if a.NoMandateCause > NoMandateNoRequirements {
		l.Add("noMandateCause", a.NoMandateCause.String(), ErrUnknown, "")
	} else if a.NoMandateCause != NoMandateUnstated && a.Mandate != MandateNo {
		l.Add("noMandateCause", a.NoMandateCause.String(), ErrInconsistent, "a cause of no mandate needs mandate no")
	}
	return l.Err()
}

// validateMAPPA checks a MAPPA level and category. A level without a
// category is accepted: national case systems often record a level alone,
// and the category never changes a classification. A category without a
// level is inconsistent.
func validateMAPPA(l *fault.List, m MAPPA) {
	if m.Level == MAPPAUnknown {
		l.Add("mappa.level", "unknown", ErrMissing, "a MAPPA level must be recorded (none, 1, 2 or 3): not recorded is not none")
	} else if m.Level > MAPPALevel3 {
		l.Add("mappa.level", m.Level.String(), ErrUnknown, "")
	}
	if m.Category > MAPPACategory4 {
		l.Add("mappa.category", m.Category.String(), ErrUnknown, "")
	}
	if m.Category != MAPPACategoryNone && m.Level <= MAPPANone {
		l.Add("mappa.category", m.Category.String(), ErrInconsistent, "a MAPPA category needs a MAPPA level")
	}
}

// sortedNeeds returns the map's keys in value order, so that reports never
// depend on map order.
func sortedNeeds(m map[Need]Severity) []Need {
	if len(m) == 0 {
		return nil
	}
	out := make([]Need, 0, len(m))
	for i := 0; i < 256; i++ {
		if _, ok := m[Need(i)]; ok {
			out = append(out, Need(i))
		}
	}
	return out
}

// boundedString prints a decimal that may be hostile without expanding a
// huge exponent.
func boundedString(d decimal.Decimal) string {
	c := d.Coefficient()
	if c.BitLen() > 256 {
		return "(" + strconv.Itoa(c.BitLen()) + "-bit coefficient)e" + strconv.Itoa(int(d.Exponent()))
	}
	return c.String() + "e" + strconv.Itoa(int(d.Exponent()))
}

// AgeDays returns the assessment's age in whole calendar days at asOf, and
// false when the assessment date is unknown (the zero time). An assessment
// dated after asOf has a negative age.
func (a Assessment) AgeDays(asOf time.Time) (int, bool) {
	if a.AssessedOn.IsZero() {
		return 0, false
	}
	return int(days.Between(a.AssessedOn, asOf)), true
}

// Stale reports whether the assessment is older than maxDays at asOf. An
// assessment with no date is stale: unknown age is never silently trusted.
func (a Assessment) Stale(asOf time.Time, maxDays int) bool {
	age, ok := a.AgeDays(asOf)
	return !ok || age > maxDays
}

// NeedsScore returns Σ weight × severity multiplier over the needs, in
// change points (docs/domain.md, "Tiers").
func (a Assessment) NeedsScore() int {
	total := 0
	for n, s := range a.Needs {
		total += n.Weight() * s.Multiplier()
	}
	return total
}
