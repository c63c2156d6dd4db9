package workload

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// MaxDemandWeeks bounds the horizon of [Policy.Demand] and
// [Policy.ContactsDue]: two years.
const MaxDemandWeeks = 104

// RiskStatus says how far a case's risk assessment can be trusted at a
// date. Unsettled risk must be visible, never silently trusted
// (docs/domain.md, "Risk inputs").
type RiskStatus struct {
	// Dated is set when the assessment date is known; AgeDays is then its
	// age in whole days.
	Dated   bool `json:"dated"`
	AgeDays int  `json:"ageDays"`
	// Stale is set when the assessment is undated or older than the
	// policy's PriorityConfig.MaxAssessmentAgeDays.
	Stale bool `json:"stale"`
	// Provisional copies Case.Risk.Provisional.
	Provisional bool `json:"provisional"`
	// NoRoSH is set when the case has no RoSH level.
	NoRoSH bool `json:"noRoSH"`
}

// Unsettled reports whether the assessment is stale, provisional or has no
// RoSH.
func (r RiskStatus) Unsettled() bool { return r.Stale || r.Provisional || r.NoRoSH }

// String returns "settled" or the problems, e.g. "stale (400 days),
// provisional".
func (r RiskStatus) String() string {
	var buf [48]byte
	return string(r.appendTo(buf[:0]))
}

// appendTo appends String's text to b.
func (r RiskStatus) appendTo(b []byte) []byte {
	n := len(b)
	sep := func() {
		if len(b) > n {
			b = append(b, ", "...)
		}
	}
	switch {
	case r.Stale && !r.Dated:
		b = append(b, "stale (undated)"...)
	case r.Stale:
		b = append(b, "stale ("...)
		b = strconv.AppendInt(b, int64(r.AgeDays), 10)
		b = append(b, " days)"...)
	}
	if r.Provisional {
		sep()
		b = append(b, "provisional"...)
	}
	if r.NoRoSH {
		sep()
		b = append(b, "no RoSH"...)
	}
	if len(b) == n {
		return append(b, "settled"...)
	}
	return b
}

// DueContact is one contact due.
type DueContact struct {
	// On is the day the contact is due; an overdue contact is due on the
	// first day of the period.
	On time.Time `json:"on"`
	// Phase is the case's phase that day; its requirement sets the minutes.
	Phase      tier.Phase `json:"phase"`
	Minutes    int        `json:"minutes"`
	FaceToFace bool       `json:"faceToFace"`
	// Overdue marks a contact that fell due before the period began.
	Overdue bool `json:"overdue,omitempty"`
}

// Schedule is a case's contact schedule at a date.
type Schedule struct {
	Policy PolicyRef `json:"policy"`
	AsOf   time.Time `json:"asOf"`
	Case   string    `json:"case"`
	Tier   tier.Tier `json:"tier"`
	// ContactTier is the tier whose contact requirement applies at AsOf:
	// Tier, or the more demanding reading (see [Policy.Schedule]).
	ContactTier tier.Tier `json:"contactTier"`
	// Conservative is set when unsettled risk is treated as the next tier
	// up (PriorityConfig.Conservative).
	Conservative bool       `json:"conservative"`
	Risk         RiskStatus `json:"risk"`
	// Phase is the case's phase at AsOf ([Policy.Phase]) and Requirement
	// the contact requirement of ContactTier in it.
	Phase       tier.Phase   `json:"phase"`
	Requirement tier.Contact `json:"requirement"`
	LastContact time.Time    `json:"lastContact,omitempty"`
	// NextDue is when the next contact is due, possibly before AsOf; zero
	// when no contact will be required (see [Policy.Schedule]).
	NextDue time.Time `json:"nextDue,omitempty"`
	// DaysOverdue is AsOf − NextDue in days when positive, else 0.
	DaysOverdue int `json:"daysOverdue"`
	// Week lists the contacts due in the week [AsOf, AsOf+7 days).
	Week []DueContact `json:"week"`
	// WeekHours is the hours those contacts take, rounded as the policy
	// rounds hours.
	WeekHours decimal.Decimal `json:"weekHours"`
}

// String renders the schedule on one line.
func (s Schedule) String() string {
	var b strings.Builder
	b.WriteString(s.Case + " " + string(s.Tier))
	if s.Conservative && s.ContactTier != s.Tier {
		b.WriteString(" (as " + string(s.ContactTier) + ": risk " + s.Risk.String() + ")")
	}
	b.WriteString(" " + s.Phase.String() + ": " + s.Requirement.String())
	if !s.LastContact.IsZero() {
		b.WriteString("; last contact " + s.LastContact.Format(dateLayout))
	}
	if s.NextDue.IsZero() {
		b.WriteString("; no contact due")
	} else {
		b.WriteString("; next due " + s.NextDue.Format(dateLayout))
		if s.DaysOverdue > 0 {
			b.WriteString(", " + strconv.Itoa(s.DaysOverdue) + " days overdue")
		}
	}
	b.WriteString("; this week " + strconv.Itoa(len(s.Week)) + " contacts, " + s.WeekHours.String() + " h")
	return b.String()
}

// WeekDemand is the contact demand of one week against the hours
// available in it.
type WeekDemand struct {
	// Week counts from 0, the week starting at AsOf.
	Week int `json:"week"`
	// Start is the week's first day; the week is [Start, Start+7 days).
	Start    time.Time `json:"start"`
	Contacts int       `json:"contacts"`
	// Hours is the contact hours due in the week, rounded as the policy
	// rounds hours.
	Hours decimal.Decimal `json:"hours"`
	// Available is the case-facing hours: contracted hours less the
	// reductions in force on Start, times the grade's case-facing share
	// (GradeConfig.CaseFacing, rounded down to the micro-hour), summed
	// over the officers.
	Available decimal.Decimal `json:"available"`
	// Fits is set when the exact contact hours are at most Available.
	Fits bool `json:"fits"`
	// Over is the hours beyond Available (0 when Fits), rounded as Hours.
	Over decimal.Decimal `json:"over"`
}

// Demand is the contact demand of an officer or a team for the coming
// weeks.
type Demand struct {
	Policy PolicyRef `json:"policy"`
	AsOf   time.Time `json:"asOf"`
	// Officers lists the officers counted, by ID.
	Officers []string     `json:"officers"`
	Weeks    []WeekDemand `json:"weeks"`
	// Members holds each officer's own demand for a team, by officer ID;
	// it is empty for one officer.
	Members []Demand `json:"members,omitempty"`
}

// Unfit returns the weeks whose contact hours exceed the hours available.
func (d Demand) Unfit() []WeekDemand {
	var out []WeekDemand
	for _, w := range d.Weeks {
		if !w.Fits {
			out = append(out, w)
		}
	}
	return out
}

// String renders one line per week.
func (d Demand) String() string {
	var b strings.Builder
	b.WriteString("demand of " + strings.Join(d.Officers, ", ") + " from " + d.AsOf.Format(dateLayout) + "\n")
	for _, w := range d.Weeks {
		b.WriteString("week " + strconv.Itoa(w.Week) + " " + w.Start.Format(dateLayout) + ": " +
			strconv.Itoa(w.Contacts) + " contacts, " + w.Hours.String() + " h of " + w.Available.String() + " h")
		if !w.Fits {
			b.WriteString(", over by " + w.Over.String() + " h")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// caseFacts is what scheduling and prioritisation know about one valid
// case at a day.
type caseFacts struct {
	cd           caseDays
	ti, eti      int // tier index; contact tier index in the current phase
	phase        tier.Phase
	risk         RiskStatus
	conservative bool // unsettled risk under a conservative policy
	raised       bool // the contact reading was raised above the tier's own
	mismatched   bool // the tier letter and the risk fields disagree
	mismatch     Decision
	hasDue       bool
	due          int64 // next due day, when hasDue
	overdue      int64 // days overdue, ≥ 0
	// req is the contact reading in each phase, from[ph] the tier index it
	// comes from.
	req  [5]tier.Contact
	from [5]int32
}

// noDay marks a zero (unknown) date in caseDays.
const noDay = -1 << 62

// caseDays holds a case's dates as day numbers, read once: converting a
// date is the costliest step of the hot path.
type caseDays struct {
	start, release, rereleased, twoThirds, end, last, assessed, escalated int64
}

func dayOrNone(t time.Time) int64 {
	if t.IsZero() {
		return noDay
	}
	return days.Number(t)
}

func daysOf(c *Case) caseDays {
	return caseDays{
		start: dayOrNone(c.Start), release: dayOrNone(c.Release), rereleased: dayOrNone(c.Rereleased), twoThirds: dayOrNone(c.TwoThirds), end: dayOrNone(c.End),
		last: dayOrNone(c.LastContact), assessed: dayOrNone(c.Risk.AssessedOn), escalated: dayOrNone(c.Risk.EscalatedOn),
	}
}

// phaseOn is the one phase rule, over day numbers read once; [Policy.Phase]
// reads the day numbers and calls it, and the bulk path's packedPhase
// evaluates the same rule over packed cases through criticalOn (checked by
// TestBulkLoadsMatchMeasure). In order:
//
//  1. a warrant or an overdue termination suspends contact;
//  2. the critical period beats every later phase: within the policy's
//     critical-period days of the latest of commencement (for a case never
//     released), release and re-release after recall that is on or
//     before d, the case is critical, even past its two-thirds date;
//  3. past the two-thirds point supervision steps down;
//  4. otherwise (and for a custody case not yet released) standard.
func (p *Policy) phaseOn(c *Case, cd *caseDays, d int64) tier.Phase {
	switch c.Inactive {
	case tier.Warrant, tier.OverdueTermination:
		return tier.Suspended
	}
	notReleased := c.Type == tier.Custody && (cd.release == noDay || d < cd.release)
	anchor := cd.start
	if cd.release != noDay {
		anchor = cd.release
	}
	if p.criticalOn(notReleased, anchor, cd.rereleased, d) {
		return tier.Critical
	}
	if cd.twoThirds != noDay && d >= cd.twoThirds {
		return tier.PastTwoThirds
	}
	return tier.Standard
}

// criticalOn reports whether day d falls in the critical period after
// anchor (release, or commencement for a case never released) or after a
// re-release, for a case that is not held in custody before release.
func (p *Policy) criticalOn(notReleased bool, anchor, rereleased, d int64) bool {
	if notReleased {
		return false
	}
	for _, a := range [2]int64{rereleased, anchor} {
		if a != noDay && d >= a && d < a+p.critical {
			return true
		}
	}
	return false
}

// latestAnchor returns the latest critical-period anchor on or before d
// (re-release, release, or commencement for a case never released), or
// noDay.
func latestAnchor(cd *caseDays, d int64) int64 {
	if cd.rereleased != noDay && cd.rereleased <= d {
		return cd.rereleased
	}
	if cd.release != noDay {
		if cd.release <= d {
			return cd.release
		}
		return noDay
	}
	if cd.start != noDay && cd.start <= d {
		return cd.start
	}
	return noDay
}

// factsOf gathers a valid case's facts at day d.
func (p *Policy) factsOf(c *Case, d int64) caseFacts {
	ti := p.tiers.index(c.Tier)
	f := caseFacts{cd: daysOf(c), ti: ti, eti: ti, req: p.contact[ti]}
	for ph := range f.from {
		f.from[ph] = int32(ti)
	}
	f.phase = p.phaseOn(c, &f.cd, d)
	f.risk = p.riskStatus(c, &f.cd, d)
	// A tier letter the risk fields contradict is read as the tier they
	// imply too (the A tier of the same digit), whichever asks more.
	up := -1
	if m, u, ok := p.mismatch(c, ti); ok {
		f.mismatched, f.mismatch, up = true, m, u
		f.raised = p.readContacts(&f, up)
	}
	if p.cfg.Priority.Conservative && f.risk.Unsettled() {
		// The two readings are the tier and the next tier up; in each
		// phase the more demanding by frequency applies, so unsettled
		// risk never means fewer contacts (in the England & Wales
		// scheme D3's next tier up, C0, is seen less often than D3).
		f.conservative = true
		f.raised = p.readContacts(&f, p.upTier(ti)) || f.raised
		if up >= 0 {
			f.raised = p.readContacts(&f, p.upTier(up)) || f.raised
		}
	}
	f.eti = int(f.from[f.phase])
	f.due, f.hasDue = p.nextDue(c, &f, d, f.phase, 1)
	if f.hasDue && f.due < d {
		f.overdue = d - f.due
	}
	return f
}

// riskStatus reads a case's assessment at day d.
func (p *Policy) riskStatus(c *Case, cd *caseDays, d int64) RiskStatus {
	r := RiskStatus{Stale: true, Provisional: c.Risk.Provisional, NoRoSH: c.Risk.RoSH == risk.RoSHUnknown}
	if cd.assessed != noDay {
		r.Dated = true
		r.AgeDays = int(d - cd.assessed)
		r.Stale = r.AgeDays > p.cfg.Priority.MaxAssessmentAgeDays
	}
	return r
}

// upTier returns the index of the next more severe tier of the same kind:
// the nearest tier before ti in the scheme that is supervised when ti is
// supervised, and unsupervised (S) when ti is. In the England & Wales
// scheme B2 → B3, B3 → A0, B2S → B3S, and A3 stays A3; untiered stays
// untiered. In other schemes it is simply the tier before (index − 1).
func (p *Policy) upTier(ti int) int {
	t, _ := p.scheme.At(ti)
	if t == tier.Untiered {
		return ti
	}
	s := t.Unsupervised()
	for j := ti - 1; j >= 0; j-- {
		if u, _ := p.scheme.At(j); u.Unsupervised() == s {
			return j
		}
	}
	return ti
}

// step returns the day offset of the k-th contact after an anchor for a
// requirement thinned by factor: ⌊k × days × factor ÷ contacts⌋.
func step(req tier.Contact, factor, k int64) int64 {
	return k * int64(req.Days) * factor / int64(req.Contacts)
}

// endDay returns the last day contacts can fall due: the case's End, or
// no limit.
func endDay(cd *caseDays) int64 {
	if cd.end == noDay {
		return 1 << 62
	}
	return cd.end
}

// nextBoundary returns the first day after t on which the case's phase can
// change: release, re-release, commencement, the end of the critical
// period after any of them, or the two-thirds point.
func (p *Policy) nextBoundary(cd *caseDays, t int64) (int64, bool) {
	best, ok := int64(0), false
	for _, b := range [7]int64{cd.release, cd.release + p.critical, cd.rereleased, cd.rereleased + p.critical, cd.start, cd.start + p.critical, cd.twoThirds} {
		if b > noDay/2 && b > t && (!ok || b < best) {
			best, ok = b, true
		}
	}
	return best, ok
}

// nextDue returns the day the next contact is due at day d, when the case
// is in phase ph, with contact tier eti and frequency thinned by factor (1
// for the requirement itself):
//
//   - with a last contact, last contact + days ÷ contacts of the
//     requirement in force at d;
//   - with none, the release date (a custody case only once released by
//     d), else the start date, else d itself ("now");
//   - when the requirement at d asks for no contact, the first later day
//     on which the phase changes to one that does.
//
// It reports false when no contact will fall due: no phase ahead needs
// one, or the due day is after the case's End.
func (p *Policy) nextDue(c *Case, f *caseFacts, d int64, ph tier.Phase, factor int64) (int64, bool) {
	cd := &f.cd
	req := f.req[ph]
	var t int64
	switch {
	case req.None():
		for t = d; ; {
			b, ok := p.nextBoundary(cd, t)
			if !ok {
				return 0, false
			}
			t = b
			if !f.req[p.phaseOn(c, cd, t)].None() {
				break
			}
		}
	case cd.last != noDay:
		t = cd.last + step(req, factor, 1)
	case cd.release != noDay && (c.Type != tier.Custody || cd.release <= d):
		t = cd.release
	case cd.start != noDay:
		t = cd.start
	default:
		t = d
	}
	if end := endDay(cd); t > end || (t < d && d > end) {
		return 0, false
	}
	return t, true
}

// project calls add for every contact due from day d (inclusive) to day
// to (exclusive), for a case with facts f at d (contact reading f.req) and
// frequency thinned by factor.
// An overdue contact is due on d. From each contact the next falls due
// ⌊k × days × factor ÷ contacts⌋ days after the first contact made under
// the same requirement; when the phase changes, the requirement of the new
// phase applies from the contact that falls in it, and a phase that begins
// before the next contact and asks for more (the critical period after a
// release) brings that contact forward to its own interval after the last
// one, not before the phase begins. Nothing is due after the case's End.
func (p *Policy) project(c *Case, f *caseFacts, d, to int64, factor int64, add func(day int64, ph tier.Phase, req tier.Contact)) {
	cd := &f.cd
	t, ok := f.due, f.hasDue
	if factor != 1 {
		t, ok = p.nextDue(c, f, d, f.phase, factor)
	}
	if !ok {
		return
	}
	if t < d {
		t = d
	}
	end := endDay(cd)
	for t < to && t <= end {
		ph := p.phaseOn(c, cd, t)
		req := f.req[ph]
		if req.None() {
			b, ok := p.nextBoundary(cd, t)
			if !ok {
				return
			}
			t = b
			continue
		}
		anchor := t
		for k := int64(1); ; k++ {
			add(t, ph, req)
			last := t
			t = anchor + step(req, factor, k)
			// A phase that begins before the next contact and asks for
			// more (the critical period after a release) brings it
			// forward: due its own interval after the last contact, not
			// before it begins. Reading a more demanding requirement
			// thus never means fewer contacts.
			if b, ok := p.nextBoundary(cd, last); ok && b < t {
				if nreq := f.req[p.phaseOn(c, cd, b)]; !nreq.None() && moreDemanding(nreq, req) {
					t = max(b, last+step(nreq, factor, 1))
				}
			}
			if t >= to || t > end {
				return
			}
			if p.phaseOn(c, cd, t) != ph {
				break
			}
		}
	}
}

// projectRuns reports the contacts [Policy.project] would (frequency not
// thinned) as runs instead of one by one: run is called with the anchor
// and requirement of contacts anchor + step(req, 1, k) for k in [k0, k1),
// all in one phase. Within a run the phase cannot change (it changes only
// at the days nextBoundary returns), so the run's end is found
// arithmetically, and the work is linear in phase changes, not in
// contacts: 100 contacts a day for a year is one run, not 36,500 calls.
// A contact that a more demanding phase brings forward (see project) but
// that still falls in the same phase is reported alone, as the run of one
// contact anchored on its own day.
func (p *Policy) projectRuns(c *Case, f *caseFacts, d, to int64, run func(anchor int64, req tier.Contact, k0, k1 int64)) {
	cd := &f.cd
	t, ok := f.due, f.hasDue
	if !ok {
		return
	}
	if t < d {
		t = d
	}
	end := endDay(cd)
	for t < to && t <= end {
		ph := p.phaseOn(c, cd, t)
		req := f.req[ph]
		if req.None() {
			b, ok := p.nextBoundary(cd, t)
			if !ok {
				return
			}
			t = b
			continue
		}
		// The next contact is t, the k-th of the anchor's grid unless
		// brought forward.
		anchor, k := t, int64(0)
		for {
			var last int64
			if t == anchor+step(req, 1, k) {
				limit := min(to, end+1)
				if b, ok := p.nextBoundary(cd, t); ok && b < limit {
					limit = b
				}
				k1 := max(countBefore(anchor, limit, req), k+1)
				run(anchor, req, k, k1)
				last, k = anchor+step(req, 1, k1-1), k1
			} else {
				run(t, req, 0, 1)
				last, k = t, k+1
			}
			t = anchor + step(req, 1, k)
			if b, ok := p.nextBoundary(cd, last); ok && b < t {
				if nreq := f.req[p.phaseOn(c, cd, b)]; !nreq.None() && moreDemanding(nreq, req) {
					t = max(b, last+step(nreq, 1, 1))
				}
			}
			if t >= to || t > end {
				return
			}
			if p.phaseOn(c, cd, t) != ph {
				break
			}
		}
	}
}

// countBefore returns how many contacts anchor + step(req, 1, k), k ≥ 0,
// fall before day x: the k with ⌊k × days ÷ contacts⌋ < x − anchor, that
// is ⌈(x − anchor) × contacts ÷ days⌉ (0 when x ≤ anchor).
func countBefore(anchor, x int64, req tier.Contact) int64 {
	if x <= anchor {
		return 0
	}
	n, dd := (x-anchor)*int64(req.Contacts), int64(req.Days)
	return (n + dd - 1) / dd
}

// weekMinutes returns the contacts and minutes due in [d, d+7) with
// frequency thinned by factor.
func (p *Policy) weekMinutes(c *Case, f *caseFacts, d int64, factor int64) (n int, minutes int64) {
	p.project(c, f, d, d+7, factor, func(_ int64, _ tier.Phase, req tier.Contact) {
		n++
		minutes += int64(req.Minutes)
	})
	return n, minutes
}

// hoursOfMinutes converts minutes to hours at the policy's hours places and
// mode; m ≥ 0.
func (p *Policy) hoursOfMinutes(m int64) decimal.Decimal {
	return p.hoursOfMicroMinutes(m * dec.Scale)
}

// hoursOfMicroMinutes converts micro-minutes to hours at the policy's hours
// places and mode; mm ≥ 0.
func (p *Policy) hoursOfMicroMinutes(mm int64) decimal.Decimal {
	hp := p.cfg.Rounding.HoursPlaces
	return fixedDecimal(roundQuotient(mm, 60*pow10[dec.MaxPlaces-hp], p.cfg.Rounding.HoursMode), hp)
}

// checkAsOf reports a missing or out-of-range asOf.
func checkAsOf(l *fault.List, asOf time.Time) {
	if asOf.IsZero() {
		l.Add("asOf", "", ErrMissing, "a date is needed")
		return
	}
	checkDate(l, "", "asOf", asOf)
}

// checkCase validates one case under field prefix, building the prefix
// only when there is a problem, and checks its dates against asOf (see
// [Case.validateAt]; a zero asOf is reported by checkAsOf).
func (p *Policy) checkCase(l *fault.List, c *Case, asOf time.Time, prefix func() string) bool {
	// An ordinary case is checked in one reading (checked against the
	// full validation by TestOrdinaryCaseAgrees).
	var d [10]int32
	if !asOf.IsZero() && ordinaryCase(c, p.tiers.index(c.Tier), &d) && ordinaryAt(&d, days.Number(asOf)) {
		return true
	}
	var scratch fault.List
	c.validate(&scratch, "", &p.scheme)
	c.validateAt(&scratch, "", asOf)
	if scratch.Len() == 0 {
		return true
	}
	pre := prefix()
	c.validate(l, pre, &p.scheme)
	c.validateAt(l, pre, asOf)
	return false
}

// checkCaseload validates an officer's caseload as [Policy.Measure] does
// for its officer and cases: every case valid, held by the officer, with a
// unique ID, dated no later than asOf, and at most MaxWorkItems cases.
// Field paths start with prefix ("" or "team[2].").
func (p *Policy) checkCaseload(l *fault.List, cl *Caseload, asOf time.Time, prefix string) {
	o := &cl.Officer
	var scratch fault.List
	if o.validate(&scratch, ""); scratch.Len() > 0 {
		o.validate(l, prefix+"officer")
	}
	checkCount(l, prefix+"cases", len(cl.Cases), MaxWorkItems, "cases")
	seen := newIDSet(cl.Cases)
	for i := range cl.Cases {
		c := &cl.Cases[i]
		name := func() string { return prefix + "cases[" + strconv.Itoa(i) + "]" }
		p.checkCase(l, c, asOf, name)
		if c.Officer != "" && c.Officer != o.ID {
			l.Add(name()+".officer", c.Officer, ErrInconsistent, "case is held by another officer, not "+strconv.Quote(o.ID))
		}
		if c.ID != "" {
			if j := seen.add(i); j >= 0 {
				l.Add(name()+".id", c.ID, ErrDuplicate, "same ID as "+prefix+"cases["+strconv.Itoa(j)+"]")
			}
		}
	}
}

// idSet finds cases of one caseload with an ID an earlier case has. A
// caseload of up to smallIDSet/2 cases, nearly every one, uses an open
// table of case positions held by value, so that checking one allocates
// nothing; a larger one, a map.
type idSet struct {
	cases []Case
	small [smallIDSet]int32 // position+1, or 0 for an empty slot
	large map[string]int
}

const smallIDSet = 256

func newIDSet(cases []Case) idSet {
	s := idSet{cases: cases}
	if len(cases) > smallIDSet/2 {
		s.large = make(map[string]int, len(cases))
	}
	return s
}

// add records case i's ID and returns the position of the first earlier
// case with the same ID, or -1. (The small table's hash is unseeded: with
// at most 128 cases, IDs crafted to collide cost at most 8,128
// comparisons.)
func (s *idSet) add(i int) int {
	id := s.cases[i].ID
	if s.large != nil {
		if j, dup := s.large[id]; dup {
			return j
		}
		s.large[id] = i
		return -1
	}
	h := uint32(2166136261) // FNV-1a
	for k := 0; k < len(id); k++ {
		h = (h ^ uint32(id[k])) * 16777619
	}
	for at := h % smallIDSet; ; at = (at + 1) % smallIDSet {
		j := s.small[at]
		if j == 0 {
			s.small[at] = int32(i + 1)
			return -1
		}
		if s.cases[j-1].ID == id {
			return int(j - 1)
		}
	}
}

// Schedule returns a case's contact schedule at asOf: its phase
// ([Policy.Phase]), the requirement that applies, when the next contact is
// due and how many days it is overdue, and the contacts due in the week
// [asOf, asOf+7 days).
//
// The next contact is due the requirement's interval (days ÷ contacts)
// after the last contact; a case never contacted is due on its release
// date (a custody case only once released), else on its start date, else
// at asOf. An overdue contact counts as due at asOf, and later
// contacts follow at the requirement's interval from it; the requirement
// of each day's phase applies (the critical period ends, the two-thirds
// point passes), and a phase that begins before the next contact and asks
// for more brings that contact forward to its own interval after the last
// one. Nothing is due after the case's End, nor while the phase
// asks for no contact.
//
// When the policy is conservative (PriorityConfig.Conservative) and the
// case's risk is unsettled (stale, provisional or no RoSH), the contact
// requirement in each phase is the more demanding, by frequency (then
// minutes), of the tier's own and that of the next more severe tier of
// the same kind: in the England & Wales scheme the next supervised tier up
// (B2 → B3, B3 → A0; A3 stays A3), an S tier the next S tier up, untiered
// stays untiered; in other schemes the tier before in the scheme. A stale
// D3 thus keeps D3's 1 per 42 days in the standard phase (C0 asks 1 per
// 56) and takes C0's 1 per 7 in the critical period. An England & Wales
// tier letter that the risk fields contradict (very high RoSH or MAPPA
// 2/3 with a letter other than A) is read the same way against the A tier
// of the same digit. ContactTier names the tier whose requirement applies
// at AsOf.
func (p *Policy) Schedule(c Case, asOf time.Time) (Schedule, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	p.checkCase(&l, &c, asOf, func() string { return "case" })
	if err := l.Err(); err != nil {
		return Schedule{}, err
	}
	d := days.Number(asOf)
	f := p.factsOf(&c, d)
	ct, _ := p.scheme.At(f.eti)
	s := Schedule{
		Policy: p.Ref(), AsOf: asOf, Case: c.ID, Tier: c.Tier, ContactTier: ct,
		Conservative: f.conservative, Risk: f.risk, Phase: f.phase, Requirement: f.req[f.phase],
		LastContact: c.LastContact, DaysOverdue: int(f.overdue),
	}
	if f.hasDue {
		s.NextDue = days.Date(f.due)
	}
	var minutes int64
	s.Week = p.dueContacts(&c, &f, d, d+7, &minutes)
	s.WeekHours = p.hoursOfMinutes(minutes)
	return s, nil
}

func (p *Policy) dueContacts(c *Case, f *caseFacts, d, to int64, minutes *int64) []DueContact {
	out := []DueContact{}
	p.project(c, f, d, to, 1, func(day int64, ph tier.Phase, req tier.Contact) {
		out = append(out, DueContact{On: days.Date(day), Phase: ph, Minutes: req.Minutes, FaceToFace: req.FaceToFace,
			Overdue: len(out) == 0 && f.overdue > 0})
		*minutes += int64(req.Minutes)
	})
	return out
}

// ContactsDue returns the contacts a case has due in the period
// [asOf, until), counted as [Policy.Schedule] describes. The period may
// be at most MaxDemandWeeks weeks long.
func (p *Policy) ContactsDue(c Case, asOf, until time.Time) ([]DueContact, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	p.checkCase(&l, &c, asOf, func() string { return "case" })
	if l.Len() == 0 {
		if n := days.Between(asOf, until); n < 0 || n > 7*MaxDemandWeeks {
			l.Add("until", until.Format(dateLayout), ErrOutOfRange, "must fall between asOf and "+strconv.Itoa(MaxDemandWeeks)+" weeks after it")
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	d := days.Number(asOf)
	f := p.factsOf(&c, d)
	var minutes int64
	return p.dueContacts(&c, &f, d, days.Number(until), &minutes), nil
}

// Demand returns an officer's contact demand for each of the next weeks
// weeks (1 to MaxDemandWeeks) against the hours available in each.
//
// Week w is [asOf + 7w, asOf + 7w + 7 days); a contact counts in the week
// its due day falls in, with the minutes of the requirement of the case's
// phase that day, as [Policy.Schedule] projects it (overdue contacts in
// week 0, the conservative treatment of unsettled risk included). The
// hours available are contracted hours less the reductions in force on
// the week's first day times the grade's case-facing share
// (Load.Hours.CaseFacing for week 0). Court reports
// and cover contacts are points, not contact requirements, and do not
// count here.
func (p *Policy) Demand(cl Caseload, asOf time.Time, weeks int) (Demand, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	checkWeeks(&l, weeks)
	p.checkCaseload(&l, &cl, asOf, "")
	if err := l.Err(); err != nil {
		return Demand{}, err
	}
	acc := newDemandAcc(weeks)
	p.accumulate(&cl, days.Number(asOf), acc)
	return p.demandOf(asOf, []string{cl.Officer.ID}, acc), nil
}

// TeamDemand returns a team's contact demand for each of the next weeks
// weeks: the sum of its officers' demand and available hours, with each
// officer's own [Demand] in Members. A week fits the team when the team's
// hours cover its demand; see Members for officers who do not fit.
// Officer IDs must be unique.
func (p *Policy) TeamDemand(team []Caseload, asOf time.Time, weeks int) (Demand, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	checkWeeks(&l, weeks)
	seen := make(map[string]int, len(team))
	for i := range team {
		prefix := "team[" + strconv.Itoa(i) + "]."
		p.checkCaseload(&l, &team[i], asOf, prefix)
		id := team[i].Officer.ID
		if id == "" {
			continue
		}
		if j, dup := seen[id]; dup {
			l.Add(prefix+"officer.id", id, ErrDuplicate, "same officer as team["+strconv.Itoa(j)+"]")
		} else {
			seen[id] = i
		}
	}
	if err := l.Err(); err != nil {
		return Demand{}, err
	}
	d := days.Number(asOf)
	order := make([]int, len(team))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return team[order[a]].Officer.ID < team[order[b]].Officer.ID })
	total := newDemandAcc(weeks)
	out := Demand{Members: make([]Demand, 0, len(team))}
	ids := make([]string, 0, len(team))
	for _, i := range order {
		acc := newDemandAcc(weeks)
		p.accumulate(&team[i], d, acc)
		total.add(acc)
		out.Members = append(out.Members, p.demandOf(asOf, []string{team[i].Officer.ID}, acc))
		ids = append(ids, team[i].Officer.ID)
	}
	members := out.Members
	out = p.demandOf(asOf, ids, total)
	out.Members = members
	return out, nil
}

func checkWeeks(l *fault.List, weeks int) {
	if weeks < 1 || weeks > MaxDemandWeeks {
		l.Add("weeks", strconv.Itoa(weeks), ErrOutOfRange, "must be between 1 and "+strconv.Itoa(MaxDemandWeeks))
	}
}

// demandAcc accumulates contacts, minutes and available micro-hours by
// week.
type demandAcc struct {
	contacts []int
	minutes  []int64
	net      []int64
}

func newDemandAcc(weeks int) *demandAcc {
	return &demandAcc{contacts: make([]int, weeks), minutes: make([]int64, weeks), net: make([]int64, weeks)}
}

func (a *demandAcc) add(b *demandAcc) {
	for w := range a.minutes {
		a.contacts[w] += b.contacts[w]
		a.minutes[w] += b.minutes[w]
		a.net[w] += b.net[w]
	}
}

// accumulate adds a valid caseload's demand and hours from day d.
func (p *Policy) accumulate(cl *Caseload, d int64, acc *demandAcc) {
	weeks := int64(len(acc.minutes))
	po := cl.Officer.pack(p)
	for w := range acc.net {
		acc.net[w] = p.caseFacing(cl.Officer.Grade, po.hours-po.reduction(d+7*int64(w)))
	}
	for i := range cl.Cases {
		c := &cl.Cases[i]
		f := p.factsOf(c, d)
		p.projectRuns(c, &f, d, d+7*weeks, func(anchor int64, req tier.Contact, k0, k1 int64) {
			// Count the run's contacts week by week.
			first, last := anchor+step(req, 1, k0), anchor+step(req, 1, k1-1)
			for w := (first - d) / 7; w <= (last-d)/7; w++ {
				start := d + 7*w
				n := min(countBefore(anchor, start+7, req), k1) - max(countBefore(anchor, start, req), k0)
				acc.contacts[w] += int(n)
				acc.minutes[w] += n * int64(req.Minutes)
			}
		})
	}
}

// demandOf turns accumulated figures into a Demand.
func (p *Policy) demandOf(asOf time.Time, ids []string, acc *demandAcc) Demand {
	d := days.Number(asOf)
	out := Demand{Policy: p.Ref(), AsOf: asOf, Officers: ids, Weeks: make([]WeekDemand, len(acc.minutes))}
	for w := range acc.minutes {
		need := acc.minutes[w] * dec.Scale // micro-minutes
		have := acc.net[w] * 60            // micro-minutes
		wd := WeekDemand{Week: w, Start: days.Date(d + 7*int64(w)), Contacts: acc.contacts[w],
			Hours: p.hoursOfMicroMinutes(need), Available: micro(acc.net[w]), Fits: need <= have, Over: p.hoursOfMicroMinutes(0)}
		if !wd.Fits {
			wd.Over = p.hoursOfMicroMinutes(need - max(have, 0))
		}
		out.Weeks[w] = wd
	}
	return out
}
