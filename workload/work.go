package workload

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Case is a person under supervision, held by one officer.
//
// Dates are civil dates (the time of day is ignored); a zero date is
// unknown or not applicable. Start is when the order commenced or the
// sentence began; Release is the release date for licence and custody
// cases; Recalled is the date of the latest recall to custody after
// release and Rereleased the date of the re-release that followed it
// (zero while still recalled); TwoThirds is the two-thirds point; End is
// the sentence or order end; LastContact is the last contact made;
// Allocated is when the current officer was given the case.
//
// Validation refuses orders that cannot happen, naming both fields: a
// release before the start, a two-thirds point before the start or the
// release, an end before the start, a recall without a release or before
// it, and a re-release without a recall or before it.
type Case struct {
	ID         string        `json:"id"`
	Officer    string        `json:"officer"`
	Tier       tier.Tier     `json:"tier"`
	Type       tier.CaseType `json:"type"`
	YoungAdult bool          `json:"youngAdult,omitempty"`
	// Inactive is why the case is inactive; Active (the zero value) if not.
	Inactive    tier.Inactive `json:"inactive,omitempty"`
	Start       time.Time     `json:"start"`
	Release     time.Time     `json:"release,omitempty"`
	Recalled    time.Time     `json:"recalled,omitempty"`
	Rereleased  time.Time     `json:"rereleased,omitempty"`
	TwoThirds   time.Time     `json:"twoThirds,omitempty"`
	End         time.Time     `json:"end,omitempty"`
	LastContact time.Time     `json:"lastContact,omitempty"`
	Allocated   time.Time     `json:"allocated,omitempty"`
	// Risk carries what prioritisation and mix rules need beyond the tier.
	Risk CaseRisk `json:"risk"`
}

// CaseRisk is the part of a case's risk assessment that allocation rules
// and prioritisation read. The zero value is a case with an unknown RoSH,
// a MAPPA level that was not recorded, and no flags. Unknown is a value,
// read the protective way: a case whose MAPPA level is not recorded is
// protected, and one with no RoSH or with flags not recorded is never
// paused on that basis (see [Policy.PriorityOf]).
type CaseRisk struct {
	RoSH  risk.RoSH       `json:"rosh"`
	MAPPA risk.MAPPALevel `json:"mappa"`
	Flags risk.Flags      `json:"flags"`
	// FlagsUnknown is set when the registrations were not recorded (a CSV
	// without a flags column, for instance): Flags then lists only those
	// known to be present, and others may exist.
	FlagsUnknown bool `json:"flagsUnknown,omitempty"`
	// Complexity counts the complexity factors present (0–10).
	Complexity int `json:"complexity,omitempty"`
	// AssessedOn is the date of the risk assessment; zero means unknown.
	AssessedOn  time.Time `json:"assessedOn,omitempty"`
	Provisional bool      `json:"provisional,omitempty"`
	// EscalatedOn is the date risk last went up (a higher tier, RoSH or
	// MAPPA level); zero if never.
	EscalatedOn time.Time `json:"escalatedOn,omitempty"`
}

// Report is a court report an officer is writing.
type Report struct {
	ID      string          `json:"id"`
	Officer string          `json:"officer"`
	Kind    tier.ReportKind `json:"kind"`
	// Due is the date the report is due; reports count until then.
	Due time.Time `json:"due"`
}

// Cover is a weighted contact an officer made on a colleague's case. For
// the policy's Config.CoverDays days from On (On included; 7 in the
// reference) its points move from the case's owner to the officer who
// did it.
type Cover struct {
	Case   string          `json:"case"`
	Owner  string          `json:"owner"`
	Doer   string          `json:"doer"`
	On     time.Time       `json:"on"`
	Points decimal.Decimal `json:"points"`
}

// coverKey identifies a cover contact: the same contact listed twice
// would count twice.
type coverKey struct {
	cs, owner, doer string
	on              int64
}

func (c *Cover) key() coverKey {
	return coverKey{cs: c.Case, owner: c.Owner, doer: c.Doer, on: days.Number(c.On)}
}

// active reports whether a cover contact counts at day d, for a policy
// that keeps cover points with the doer for coverDays days.
func (c *Cover) active(d, coverDays int64) bool {
	on := days.Number(c.On)
	return d >= on && d < on+coverDays
}

// validate appends every problem with the case to l.
func (c *Case) validate(l *fault.List, prefix string, scheme *tier.Scheme) {
	checkID(l, prefix, ".id", c.ID, "a case needs an ID")
	checkID(l, prefix, ".officer", c.Officer, "a case needs an officer")
	if _, ok := scheme.Index(c.Tier); !ok {
		l.Add(prefix+".tier", string(c.Tier), ErrUnknownTier, "not a tier of scheme "+strconv.Quote(scheme.Name()))
	}
	switch c.Type {
	case tier.Community, tier.Licence, tier.Custody:
	default:
		l.Add(prefix+".type", c.Type.String(), ErrUnknown, "want community, licence or custody")
	}
	switch c.Inactive {
	case tier.Active, tier.Warrant, tier.UnpaidWorkOnly, tier.OverdueTermination:
	default:
		l.Add(prefix+".inactive", c.Inactive.String(), ErrUnknown, "")
	}
	if c.Risk.RoSH > risk.RoSHVeryHigh {
		l.Add(prefix+".risk.rosh", c.Risk.RoSH.String(), ErrUnknown, "")
	}
	if c.Risk.MAPPA > risk.MAPPALevel3 {
		l.Add(prefix+".risk.mappa", c.Risk.MAPPA.String(), ErrUnknown, "")
	}
	if !c.Risk.Flags.Valid() {
		l.Add(prefix+".risk.flags", c.Risk.Flags.String(), ErrUnknown, "undefined flag bits")
	}
	if c.Risk.Complexity < 0 || c.Risk.Complexity > 10 {
		l.Add(prefix+".risk.complexity", strconv.Itoa(c.Risk.Complexity), ErrOutOfRange, "must be between 0 and 10")
	}
	checkDate(l, prefix, ".start", c.Start)
	checkDate(l, prefix, ".release", c.Release)
	checkDate(l, prefix, ".recalled", c.Recalled)
	checkDate(l, prefix, ".rereleased", c.Rereleased)
	checkDate(l, prefix, ".twoThirds", c.TwoThirds)
	checkDate(l, prefix, ".end", c.End)
	checkDate(l, prefix, ".lastContact", c.LastContact)
	checkDate(l, prefix, ".allocated", c.Allocated)
	checkDate(l, prefix, ".risk.assessedOn", c.Risk.AssessedOn)
	checkDate(l, prefix, ".risk.escalatedOn", c.Risk.EscalatedOn)
	c.checkOrder(l, prefix)
}

// checkOrder records dates in an order that cannot happen, each error
// naming both fields. Dates out of range are left to checkDate.
func (c *Case) checkOrder(l *fault.List, prefix string) {
	// Each date's day number is read once; a date that is zero or out of
	// range takes part in no comparison.
	var at [6]int64
	var ok [6]bool
	ts := [6]*time.Time{&c.Start, &c.Release, &c.TwoThirds, &c.End, &c.Recalled, &c.Rereleased}
	for i, t := range ts {
		at[i], ok[i] = orderDay(*t)
	}
	const start, release, twoThirds, end, recalled, rereleased = 0, 1, 2, 3, 4, 5
	names := [6]string{"start", "release", "twoThirds", "end", "recalled", "rereleased"}
	before := func(later, earlier int, what string) {
		if ok[later] && ok[earlier] && at[later] < at[earlier] {
			l.Add(prefix+"."+names[later], ts[later].Format(dateLayout), ErrInconsistent,
				names[later]+" is before "+names[earlier]+" "+ts[earlier].Format(dateLayout)+": "+what)
		}
	}
	before(release, start, "a release follows the start")
	before(twoThirds, start, "the two-thirds point follows the start")
	before(twoThirds, release, "the two-thirds point follows the release")
	before(end, start, "a case ends after it starts")
	before(recalled, release, "a recall follows a release")
	before(rereleased, recalled, "a re-release follows the recall")
	if !c.Recalled.IsZero() && c.Release.IsZero() {
		l.Add(prefix+".recalled", c.Recalled.Format(dateLayout), ErrInconsistent, "a recall needs a release: release is empty")
	}
	if !c.Rereleased.IsZero() && c.Recalled.IsZero() {
		l.Add(prefix+".rereleased", c.Rereleased.Format(dateLayout), ErrInconsistent, "a re-release needs a recall: recalled is empty")
	}
}

// orderDay returns t's day number and whether t is a date that takes part
// in order checks: set, and within the years.
func orderDay(t time.Time) (int64, bool) {
	if t.IsZero() {
		return 0, false
	}
	if u := t.Unix(); u >= minUnix && u < maxUnix && t.Location() == time.UTC {
		return days.Number(t), true
	}
	if y := t.Year(); y < minYear || y > maxYear {
		return 0, false
	}
	return days.Number(t), true
}

// validate appends every problem with the report to l.
func (r *Report) validate(l *fault.List, prefix string) {
	checkID(l, prefix, ".id", r.ID, "a report needs an ID")
	checkID(l, prefix, ".officer", r.Officer, "a report needs an officer")
	if r.Kind != tier.ReportStandard && r.Kind != tier.ReportFast {
		l.Add(prefix+".kind", r.Kind.String(), ErrUnknown, "want standard or fast")
	}
	if r.Due.IsZero() {
		l.Add(prefix+".due", "", ErrMissing, "a report needs a due date")
	}
	checkDate(l, prefix, ".due", r.Due)
}

// validate appends every problem with the cover contact to l.
func (c *Cover) validate(l *fault.List, prefix string) {
	checkID(l, prefix, ".case", c.Case, "a cover contact names its case")
	checkID(l, prefix, ".owner", c.Owner, "a cover contact names the case's owner")
	checkID(l, prefix, ".doer", c.Doer, "a cover contact names who did it")
	if c.Owner != "" && c.Owner == c.Doer {
		l.Add(prefix+".doer", c.Doer, ErrInconsistent, "an officer cannot cover their own case")
	}
	if c.On.IsZero() {
		l.Add(prefix+".on", "", ErrMissing, "a cover contact needs a date")
	}
	checkDate(l, prefix, ".on", c.On)
	checkBetween(l, prefix+".points", c.Points, decimal.Zero, maxCoverDec)
}

// validateAt records dates that cannot have happened yet at asOf: a risk
// assessment or a last contact after it. A zero asOf checks nothing (the
// entry points report it).
func (c *Case) validateAt(l *fault.List, prefix string, asOf time.Time) {
	if asOf.IsZero() {
		return
	}
	d := days.Number(asOf)
	for _, f := range [...]struct {
		name string
		t    time.Time
	}{{".risk.assessedOn", c.Risk.AssessedOn}, {".lastContact", c.LastContact}} {
		if !f.t.IsZero() && days.Number(f.t) > d {
			l.Add(prefix+f.name, f.t.Format(dateLayout), ErrInconsistent, "after asOf "+asOf.Format(dateLayout))
		}
	}
}

// minYear and maxYear bound the dates the library accepts, so that day
// arithmetic can never overflow.
const (
	minYear = 1900
	maxYear = 2200
	// minUnix and maxUnix are 1900-01-01 and 2201-01-01 UTC in Unix
	// seconds: a UTC time in [minUnix, maxUnix) falls in the years.
	minUnix = -2208988800
	maxUnix = 7289654400
)

// dateInYears reports whether t is zero or a UTC time within the
// accepted years: a date checkDate passes without working out the year.
func dateInYears(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	u := t.Unix()
	return u >= minUnix && u < maxUnix && t.Location() == time.UTC
}

// checkDate records a date outside the accepted years. The field's path
// is prefix+name, built only when there is a problem.
func checkDate(l *fault.List, prefix, name string, t time.Time) {
	if dateInYears(t) {
		return // zero, or a UTC date within the years, without working out the year
	}
	if y := t.Year(); y < minYear || y > maxYear {
		l.Add(prefix+name, t.Format(time.RFC3339), ErrOutOfRange, "dates must fall between 1900 and 2200")
	}
}
