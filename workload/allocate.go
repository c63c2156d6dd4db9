package workload

import (
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Stable codes of the findings allocation checks, recommendations,
// balance reports and rebalancing plans carry. Callers may branch on them.
const (
	CodeAlreadyHeld      = "already-held"        // the officer already holds the case
	CodeNoCapacity       = "no-capacity"         // the officer has no available points
	CodeOver             = "over-100"            // capacity above Bands.Over (100% by default)
	CodeRed              = "over-110"            // capacity above Bands.Red (110% by default)
	CodeRawCount         = "raw-count"           // more cases than Config.RawCountCeiling
	CodeHighProtect      = "mix-high-protect"    // too high a share of high-protect cases
	CodeIntensiveThird   = "mix-intensive-third" // a third intensive: the strictest cap applies to all
	CodeLevelCap         = "mix-level-cap"       // a supervision level above its own cap
	CodeFlagCap          = "flag-cap"            // a kind of case above its per-officer cap
	CodeGradeEligibility = "grade-eligibility"   // the grade may not hold the case alone
	CodeCoWorked         = "co-worked"           // allowed for the grade because co-worked
	// CodeUngraded marks a load measured for an officer with no recorded
	// grade against the target of the policy's Config.UngradedAs.
	CodeUngraded = "grade-unrecorded"
	// CodeQualifiedOnly: a PSO given a case only qualified officers hold
	// (high or very high RoSH, MAPPA level 2 or 3).
	CodeQualifiedOnly = "qualified-only"
	// CodeComplexForGrade: a trainee or newly qualified officer given a
	// child-protection, domestic-abuse or highly complex case.
	CodeComplexForGrade = "complex-for-grade"
)

// Verdict is the outcome of a whole allocation check (allowed, allowed
// with warnings, refused), decided by the most severe [Action] among its
// findings; an Action is what one rule asks for. They are two ideas, so
// they keep two names. The zero value is unknown.
type Verdict uint8

// Verdicts.
const (
	VerdictUnknown Verdict = iota
	// Allowed: no rule warns or refuses.
	Allowed
	// AllowedWithWarnings: at least one rule warns, none refuses.
	AllowedWithWarnings
	// Refused: at least one rule refuses.
	Refused
)

var verdictNames = enum.Names[Verdict]{Pkg: "workload", Type: "verdict", Names: []string{"unknown", "allowed", "allowed-with-warnings", "refused"}}

// String returns "allowed", "allowed-with-warnings" or "refused".
func (v Verdict) String() string { return verdictNames.String(v) }

// MarshalText implements encoding.TextMarshaler.
func (v Verdict) MarshalText() ([]byte, error) {
	if v == VerdictUnknown {
		return nil, verdictNames.Unknown(v)
	}
	return verdictNames.Marshal(v)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (v *Verdict) UnmarshalText(b []byte) error {
	x, err := verdictNames.Parse(string(b), false)
	if err == nil {
		*v = x
	}
	return err
}

func verdictOf(a Action) Verdict {
	switch a {
	case Refuse:
		return Refused
	case Warn:
		return AllowedWithWarnings
	}
	return Allowed
}

// Finding is one rule that fired: a stable Code (see the Code constants),
// the Action the policy takes, and a sentence a manager can read.
type Finding struct {
	Code    string `json:"code"`
	Action  Action `json:"action"`
	Message string `json:"message"`
}

// String renders the finding as "action code: message".
func (f Finding) String() string { return f.Action.String() + " " + f.Code + ": " + f.Message }

// LoadFigures are an officer's capacity figures at one moment, as
// [Policy.Measure] computes them.
type LoadFigures struct {
	Cases       int             `json:"cases"`
	Letters     LetterMix       `json:"letters"`
	Points      decimal.Decimal `json:"points"`
	Available   decimal.Decimal `json:"available"`
	Capacity    decimal.Decimal `json:"capacity"`
	Band        Band            `json:"band"`
	OverCeiling bool            `json:"overCeiling"`
}

func figuresOf(l *Load) LoadFigures {
	return LoadFigures{Cases: l.Cases, Letters: l.Letters, Points: l.Points, Available: l.Available,
		Capacity: l.Capacity, Band: l.Band, OverCeiling: l.OverCeiling}
}

// capacityText renders a capacity for messages: "101.3%", or "no capacity".
func (f LoadFigures) capacityText() string {
	if f.Band == BandNoCapacity {
		return "no capacity"
	}
	return f.Capacity.String() + "%"
}

// Allocation is a proposed allocation: the case, and whether it would be
// co-worked with a qualified officer (which the eligibility rules may
// accept for trainees and newly qualified officers). Case.Officer is
// ignored: it may be empty (an unallocated case) or name the case's
// current holder (a transfer).
type Allocation struct {
	Case     Case `json:"case"`
	CoWorked bool `json:"coWorked,omitempty"`
}

// MeasuredCaseload is one officer's caseload measured and summarised once for
// allocation decisions, so that each check costs a few hundred
// nanoseconds instead of a re-measure. Build it with
// [Policy.MeasureCaseload]; treat it as read-only. A MeasuredCaseload built by
// another policy, at another date or by hand is re-measured (slower, same
// result).
type MeasuredCaseload struct {
	Caseload Caseload `json:"caseload"`
	Load     Load     `json:"load"`

	sum *holdSummary
}

type holdSummary struct {
	policy *Policy
	day    int64
	ids    map[string]struct{}
	st     allocState
	rules  allocRules
}

// allocRules holds the allocation figures that cost a conversion, computed
// once per measured caseload, team or plan.
type allocRules struct {
	hpLimit   int64 // high-protect share limit, micro-percent
	strictest int   // the strictest level cap
}

func (p *Policy) allocRules() allocRules {
	a := &p.cfg.Allocation
	return allocRules{hpLimit: a.HighProtect.maxPercentMicro(), strictest: a.Intensive.strictestCap()}
}

// allocState is what the allocation rules read about one officer, in
// fixed point.
type allocState struct {
	grade      Grade
	points     int64 // micro-points
	avail      int64 // micro-points
	cases      int32
	letters    [5]int32
	high       int32
	intensive  int32
	levels     [maxLevelCaps]int32
	flags      [maxFlagCaps]int32
	restricted [maxGradeRules]int32
}

// caseInfo is what the allocation rules read about one case.
type caseInfo struct {
	pts        int64
	letter     int8
	high       bool
	intensive  bool
	levels     uint8
	flags      uint16
	restricted uint16
}

func (s *allocState) add(ci *caseInfo, sign int32) {
	s.points += int64(sign) * ci.pts
	s.cases += sign
	s.letters[letterSlot(ci.letter)] += sign
	if ci.high {
		s.high += sign
	}
	if ci.intensive {
		s.intensive += sign
	}
	for m := ci.levels; m != 0; m &= m - 1 {
		s.levels[bits.TrailingZeros8(m)] += sign
	}
	for m := ci.flags; m != 0; m &= m - 1 {
		s.flags[bits.TrailingZeros16(m)] += sign
	}
	for m := ci.restricted; m != 0; m &= m - 1 {
		s.restricted[bits.TrailingZeros16(m)] += sign
	}
}

// caseInfo summarises a valid case for the rules. The flag caps and
// grade rules it matches are read from tables built with the policy
// (tierSets, riskSets) and the few rules that test flags or complexity;
// TestCaseInfoAgrees checks the result against each rule's own test.
func (p *Policy) caseInfo(c *Case) caseInfo {
	ti := p.tiers.index(c.Tier)
	ci := p.tierSets[ti]
	ci.pts, ci.letter = p.casePoints(c, ti), p.letters[ti]
	r := &c.Risk
	rs := &p.riskSets
	ci.flags |= rs.roshFlag[r.RoSH] | rs.mappaFlag[r.MAPPA]
	ci.restricted |= rs.roshRule[r.RoSH] | rs.mappaRule[r.MAPPA]
	for _, f := range rs.flagTests {
		if r.Flags&f.flags != 0 {
			ci.flags |= f.bit
		}
	}
	for _, g := range rs.ruleTests {
		if r.Flags&g.flags != 0 || g.minComplexity > 0 && r.Complexity >= g.minComplexity {
			ci.restricted |= g.bit
		}
	}
	return ci
}

// tierSetsOf returns which of the allocation rules' tier sets hold t:
// high-protect, intensive, each intensive level cap, and the grade rules
// whose NotAlone tiers hold it.
func tierSetsOf(a *AllocationConfig, t tier.Tier) caseInfo {
	ci := caseInfo{high: a.HighProtect.Tiers.Contains(t), intensive: a.Intensive.Intensive.Contains(t)}
	for k := range a.Intensive.Caps {
		if a.Intensive.Caps[k].Tiers.Contains(t) {
			ci.levels |= 1 << k
		}
	}
	for k := range a.Eligibility {
		if a.Eligibility[k].NotAlone.Contains(t) {
			ci.restricted |= 1 << k
		}
	}
	return ci
}

// riskSets is, for each RoSH and MAPPA level, which flag caps
// (roshFlag, mappaFlag) and grade rules (roshRule, mappaRule) it
// matches, one bit per cap or rule; and the caps and rules that also
// test flags or complexity, with their bits.
type riskSets struct {
	roshFlag, mappaFlag [256]uint16
	roshRule, mappaRule [256]uint16
	flagTests           []riskTest
	ruleTests           []riskTest
}

type riskTest struct {
	bit           uint16
	flags         risk.Flags
	minComplexity int
}

// markLevels sets bit in table for each of levels (RoSH or MAPPA).
func markLevels[L ~uint8](table *[256]uint16, levels []L, bit uint16) {
	for _, l := range levels {
		table[l] |= bit
	}
}

func riskSetsOf(a *AllocationConfig) riskSets {
	var rs riskSets
	for k := range a.FlagCaps {
		f := &a.FlagCaps[k]
		markLevels(&rs.roshFlag, f.RoSH, 1<<k)
		markLevels(&rs.mappaFlag, f.MAPPA, 1<<k)
		if f.Flags != 0 {
			rs.flagTests = append(rs.flagTests, riskTest{bit: 1 << k, flags: f.Flags})
		}
	}
	for k := range a.Eligibility {
		g := &a.Eligibility[k]
		markLevels(&rs.roshRule, g.RoSH, 1<<k)
		markLevels(&rs.mappaRule, g.MAPPA, 1<<k)
		if g.Flags != 0 || g.MinComplexity > 0 {
			rs.ruleTests = append(rs.ruleTests, riskTest{bit: 1 << k, flags: g.Flags, minComplexity: g.MinComplexity})
		}
	}
	return rs
}

// intensiveThird reports whether in intensive cases of total make the
// strictest cap apply, and the total is above it.
func (p *Policy) intensiveThird(in, total int32, ru *allocRules) bool {
	r := &p.cfg.Allocation.Intensive
	if in == 0 || int64(in)*int64(r.Share.Den) < int64(r.Share.Num)*int64(total) {
		return false
	}
	return int(total) > ru.strictest
}

// shareAbove reports whether n ÷ total × 100 > limit (micro-percent),
// exactly.
func shareAbove(n, total int32, limit int64) bool {
	if total <= 0 {
		return false
	}
	return above(int64(n), int64(total), limit)
}

// explainer builds the sentences of findings.
type explainer struct {
	p       *Policy
	officer string
	st      *allocState // the state the findings are about (after, for checks)
	ru      *allocRules
	c       *Case // the case allocated; nil for balance reports
	adding  bool  // phrase as "would be"
}

func (e *explainer) verb() string {
	if e.adding {
		return " would be "
	}
	return " are "
}

func (e *explainer) share(n, total int32) string {
	cp := e.p.cfg.Rounding.CapacityPlaces
	if total <= 0 {
		return "0%"
	}
	v := roundQuotient(int64(n)*100*pow10[cp], int64(total), e.p.cfg.Rounding.CapacityMode)
	return fmtUnits(v, cp) + "%"
}

func (e *explainer) is() string {
	if e.adding {
		return " would be "
	}
	return " is "
}

func (e *explainer) verbHold() string {
	if e.adding {
		return " would hold "
	}
	return " holds "
}

// article returns the grade with its indefinite article: "a PQiP", "an
// NQO".
func article(g Grade) string {
	switch g {
	case NQO, SPO:
		return "an " + g.String()
	}
	return "a " + g.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func caseRoSHText(r risk.RoSH) string {
	if r == risk.RoSHUnknown {
		return ""
	}
	return ", RoSH " + r.String()
}

// Check is the outcome of an allocation check: the officer's figures
// before and after, the points the case adds, the verdict and the findings
// behind it.
//
// After equals what [Policy.Measure] gives for the caseload with the case
// added (capacity rounded as the policy says; the band compares the exact
// ratio). A case the officer already holds changes nothing: After equals
// Before and Adds is zero.
type Check struct {
	Policy   PolicyRef `json:"policy"`
	AsOf     time.Time `json:"asOf"`
	Officer  string    `json:"officer"`
	Grade    Grade     `json:"grade"`
	Case     string    `json:"case"`
	Tier     tier.Tier `json:"tier"`
	CoWorked bool      `json:"coWorked,omitempty"`
	// Held is set when the officer already holds the case.
	Held bool `json:"held,omitempty"`
	// Adds is the points the case adds (its weight, times the share its
	// inactive status keeps, rounded half up to a micro-point).
	Adds    decimal.Decimal `json:"adds"`
	Before  LoadFigures     `json:"before"`
	After   LoadFigures     `json:"after"`
	Verdict Verdict         `json:"verdict"`
	// Reasons lists every rule that fired, in a stable order.
	Reasons []Finding `json:"reasons"`
}

// String renders the check for a reader: the verdict, the move in
// capacity and one line per finding.
func (c Check) String() string {
	var b strings.Builder
	b.WriteString("case " + c.Case + " (" + string(c.Tier) + ") to " + c.Officer + ": " + c.Verdict.String())
	b.WriteString("; +" + c.Adds.String() + " points, capacity " + c.Before.capacityText() + " → " + c.After.capacityText() +
		" (" + c.Before.Band.String() + " → " + c.After.Band.String() + "), cases " + strconv.Itoa(c.Before.Cases) + " → " + strconv.Itoa(c.After.Cases))
	for _, f := range c.Reasons {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

// MeasureCaseload measures an officer's caseload (see [Policy.Measure])
// and summarises it for allocation checks: the IDs of the cases held and
// the counts each rule reads. The MeasuredCaseload keeps its own copy of the cases
// slice.
func (p *Policy) MeasureCaseload(c Caseload, asOf time.Time) (MeasuredCaseload, error) {
	c.Cases = slices.Clone(c.Cases)
	return p.measureOwned(c, asOf)
}

func (p *Policy) summarise(c Caseload, load Load, asOf time.Time) MeasuredCaseload {
	s := &holdSummary{policy: p, day: days.Number(asOf), ids: make(map[string]struct{}, len(c.Cases)), rules: p.allocRules()}
	s.st.grade = c.Officer.Grade
	for i := range c.Cases {
		ci := p.caseInfo(&c.Cases[i])
		s.st.add(&ci, 1)
		s.ids[c.Cases[i].ID] = struct{}{}
	}
	s.st.points, s.st.avail = load.fx.points, load.fx.available
	return MeasuredCaseload{Caseload: c, Load: load, sum: s}
}

// ready reports whether h was summarised by p at asOf's date.
func (p *Policy) ready(h *MeasuredCaseload, asOf time.Time) bool {
	return h.sum != nil && h.sum.policy == p && h.sum.day == days.Number(asOf) && h.Load.fx.ok
}

// validateAllocation checks the proposed case, which would be held by
// officer.
func (p *Policy) validateAllocation(l *fault.List, a *Allocation, officer string) Case {
	c := a.Case
	c.Officer = officer
	if c.Officer == "" {
		c.Officer = "?" // the holding's own error names the missing officer ID
	}
	var d [10]int32
	if !ordinaryCase(&c, p.tiers.index(c.Tier), &d) { // one reading for an ordinary case
		c.validate(l, "allocation.case", &p.scheme)
	}
	c.Officer = officer
	return c
}

// CheckAllocation checks giving an officer a case at asOf: the officer's
// capacity and band before and after, the points the case adds, and a
// verdict with every finding (see [AllocationConfig] for the rules and
// the Code constants for their codes).
//
// The officer is given as a [MeasuredCaseload] (built once by
// [Policy.MeasureCaseload]) because the rules need more than a [Load]: the
// IDs of the cases held (a case already held changes nothing and is not
// counted twice) and the counts of flags and levels the caps read. With a
// MeasuredCaseload measured by this policy at asOf's date the check does not
// re-measure the caseload and costs well under 2 µs; otherwise the
// measured caseload is re-measured first.
//
// The case is validated as it would be held by the officer; every problem
// with it or the measured caseload is reported at once.
func (p *Policy) CheckAllocation(h MeasuredCaseload, a Allocation, asOf time.Time) (Check, error) {
	l := fault.List{Pkg: "workload"}
	if !p.ready(&h, asOf) {
		nh, err := p.MeasureCaseload(h.Caseload, asOf)
		if err != nil {
			addPrefixed(&l, err, "holding.")
		}
		h = nh
	}
	c := p.validateAllocation(&l, &a, h.Caseload.Officer.ID)
	if err := l.Err(); err != nil {
		return Check{}, err
	}
	ci := p.caseInfo(&c)
	return p.check(&h, &c, &ci, nil, a.CoWorked, asOf), nil
}

// check runs the rules for a valid case on a ready holding. ci is the
// case's summary and adds its points as a decimal (built from ci when
// nil), so that callers checking one case against many officers
// build them once.
func (p *Policy) check(h *MeasuredCaseload, c *Case, ci *caseInfo, adds *decimal.Decimal, coWorked bool, asOf time.Time) Check {
	s := h.sum
	out := Check{Policy: p.Ref(), AsOf: asOf, Officer: h.Load.Officer, Grade: h.Load.Grade, Case: c.ID, Tier: c.Tier,
		CoWorked: coWorked, Before: figuresOf(&h.Load)}
	if _, held := s.ids[c.ID]; held {
		out.Held = true
		out.Adds = decimal.Zero
		out.After = out.Before
		var f firing
		f[ruleAlreadyHeld] = 1
		e := explainer{p: p, officer: out.Officer, st: &s.st, ru: &s.rules, c: c, adding: true}
		out.Reasons = p.findings(&e, f)
		out.Verdict = verdictOf(p.worst(f))
		return out
	}
	f := p.judgeAdd(&s.st, ci, coWorked, &s.rules)
	after := s.st
	after.add(ci, 1)
	if adds != nil {
		out.Adds = *adds
	} else {
		out.Adds = micro(ci.pts)
	}
	out.After = p.figuresAfter(&h.Load, &after, ci.letter)
	e := explainer{p: p, officer: out.Officer, st: &after, ru: &s.rules, c: c, adding: true}
	out.Reasons = p.findings(&e, f)
	out.Verdict = verdictOf(p.worst(f))
	return out
}

// figuresAfter builds the figures of a state that holds one case more
// than before.
func (p *Policy) figuresAfter(before *Load, st *allocState, letter int8) LoadFigures {
	f := LoadFigures{Cases: before.Cases + 1, Letters: before.Letters, Points: micro(st.points), Available: before.Available}
	f.Letters.add(letter, 1)
	f.Band, f.Capacity = p.band(st.points, st.avail, true)
	f.OverCeiling = f.Cases > p.cfg.RawCountCeiling
	return f
}

// prefixErr puts prefix before the field of every field error in err,
// flattening joined errors so that every problem stays one element.
func prefixErr(err error, prefix string) error {
	return errors.Join(prefixErrs(nil, err, prefix)...)
}

// addPrefixed records every problem in err with prefix before its field.
func addPrefixed(l *fault.List, err error, prefix string) {
	for _, e := range prefixErrs(nil, err, prefix) {
		l.AddErr(e)
	}
}

func prefixErrs(out []error, err error, prefix string) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = prefixErrs(out, e, prefix)
		}
		return out
	}
	if fe, ok := err.(*FieldError); ok {
		cp := *fe
		cp.Field = prefix + cp.Field
		return append(out, &cp)
	}
	return append(out, err)
}

// MeasuredTeam is a team's caseloads measured and summarised once, for
// recommendations, balance reports and rebalancing. Build it with
// [Policy.MeasureTeam]; treat it as read-only.
type MeasuredTeam struct {
	Policy PolicyRef `json:"policy"`
	AsOf   time.Time `json:"asOf"`
	// Members are the officers' holdings, sorted by officer ID.
	Members []MeasuredCaseload `json:"members"`

	policy *Policy
	index  map[string]int // case ID → member
}

// MeasureTeam measures every caseload at asOf (see [Policy.Measure]) and
// checks the team as a whole: officer IDs are unique and no case is held
// by two officers. Every problem is reported at once, with field paths
// under "caseloads[i]". An empty team is valid.
func (p *Policy) MeasureTeam(caseloads []Caseload, asOf time.Time) (MeasuredTeam, error) {
	l := fault.List{Pkg: "workload"}
	t := MeasuredTeam{Policy: p.Ref(), AsOf: asOf, policy: p, index: map[string]int{}}
	officers := map[string]int{}
	holder := map[string]int{}
	for i, c := range caseloads {
		prefix := "caseloads[" + strconv.Itoa(i) + "]"
		h, err := p.MeasureCaseload(c, asOf)
		if err != nil {
			addPrefixed(&l, err, prefix+".")
		}
		if id := c.Officer.ID; id != "" {
			if j, dup := officers[id]; dup {
				l.Add(prefix+".officer.id", id, ErrDuplicate, "same officer as caseloads["+strconv.Itoa(j)+"]")
			} else {
				officers[id] = i
			}
		}
		for k := range c.Cases {
			id := c.Cases[k].ID
			if id == "" {
				continue
			}
			if j, dup := holder[id]; dup && j != i {
				l.Add(prefix+".cases["+strconv.Itoa(k)+"].id", id, ErrDuplicate, "also held by "+strconv.Quote(caseloads[j].Officer.ID))
			} else if !dup {
				holder[id] = i
			}
		}
		if err == nil {
			t.Members = append(t.Members, h)
		}
	}
	var gross int64
	items := 0
	for i := range t.Members {
		addGross(&gross, min(p.grossOf(&t.Members[i].Caseload), maxGrossPoints+1))
		items += len(t.Members[i].Caseload.Cases) + len(t.Members[i].Caseload.Reports) + len(t.Members[i].Caseload.Covers)
	}
	if gross > maxGrossPoints {
		l.Add("caseloads", strconv.Itoa(items)+" work items", ErrOutOfRange, "their points add up to more than can be counted exactly (about 2.3 × 10^12 points)")
	}
	if err := l.Err(); err != nil {
		return MeasuredTeam{}, err
	}
	slices.SortFunc(t.Members, func(a, b MeasuredCaseload) int { return strings.Compare(a.Load.Officer, b.Load.Officer) })
	for i := range t.Members {
		for _, c := range t.Members[i].Caseload.Cases {
			t.index[c.ID] = i
		}
	}
	return t, nil
}

// readyTeam returns t measured by p at asOf, re-measuring when needed.
func (p *Policy) readyTeam(t *MeasuredTeam, asOf time.Time) (*MeasuredTeam, error) {
	if t.policy == p && days.Number(t.AsOf) == days.Number(asOf) && t.index != nil {
		ok := true
		for i := range t.Members {
			h := &t.Members[i]
			if h.sum == nil || h.sum.policy != p || h.sum.day != days.Number(asOf) {
				ok = false
				break
			}
		}
		if ok {
			return t, nil
		}
	}
	cls := make([]Caseload, len(t.Members))
	for i := range t.Members {
		cls[i] = t.Members[i].Caseload
	}
	nt, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		return nil, err
	}
	return &nt, nil
}

// fmtUnits renders v units of 10^-places as decimal text with trailing
// zeros removed ("101.3", "60"), as decimal.Decimal.String would, without
// building a decimal.
func fmtUnits(v int64, places int) string {
	var buf [32]byte
	return string(appendUnits(buf[:0], v, places))
}

// appendUnits appends fmtUnits(v, places) to b.
func appendUnits(b []byte, v int64, places int) []byte {
	var buf [32]byte
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	for places > 0 && u%10 == 0 {
		u /= 10
		places--
	}
	i := len(buf)
	for n := 0; u > 0 || n <= places; n++ {
		if n == places && places > 0 {
			i--
			buf[i] = '.'
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return append(b, buf[i:]...)
}

// appendCapacity appends a state's capacity, rounded as the policy says,
// to b for messages: "101.3%", or "no capacity".
func (p *Policy) appendCapacity(b []byte, points, avail int64) []byte {
	if avail <= 0 {
		return append(b, "no capacity"...)
	}
	if v, ok := p.capacityUnitsOK(points, avail); ok {
		return append(appendUnits(b, v, p.cfg.Rounding.CapacityPlaces), '%')
	}
	return append(append(b, p.capDecimal(points, avail).String()...), '%')
}

// capMicro returns points ÷ avail × 100 in micro-percent, rounded half
// up; avail > 0. It is used only to order and compare officers: beyond
// the int64 range it saturates (monotonically, so order is kept), and
// every capacity shown to the caller comes from capDecimal, exactly.
func capMicro(points, avail int64) int64 {
	neg := points < 0
	if neg {
		points = -points
	}
	q, r := mulDivRem(points, 100*dec.Scale, avail)
	v := roundQR(q, r, avail, RoundHalfUp)
	if neg {
		return -v
	}
	return v
}
