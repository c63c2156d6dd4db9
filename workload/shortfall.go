package workload

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// ContactAction is what a shortfall plan does with a case's contacts in the
// week. The zero value is ContactKeep.
type ContactAction uint8

// ShortfallPlan actions.
const (
	// ContactKeep keeps the case's contacts as required.
	ContactKeep ContactAction = iota
	// ContactReduce lowers the case's contact frequency by the policy's
	// ReduceFactor (n contacts every d × ReduceFactor days).
	ContactReduce
	// ContactPause pauses the case's contacts for the week.
	ContactPause
)

var planActionNames = enum.Names[ContactAction]{Pkg: "workload", Type: "action", Names: []string{"keep", "reduce", "pause"}}

// String returns "keep", "reduce" or "pause".
func (a ContactAction) String() string { return planActionNames.String(a) }

// MarshalText implements encoding.TextMarshaler.
func (a ContactAction) MarshalText() ([]byte, error) { return planActionNames.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *ContactAction) UnmarshalText(b []byte) error {
	v, err := planActionNames.Parse(string(b), true)
	if err == nil {
		*a = v
	}
	return err
}

// ShortfallStep is one step of the shortfall ladder: an action applied to
// the cases of a grade.
type ShortfallStep struct {
	Grade  Priority      `json:"grade"`
	Action ContactAction `json:"action"`
}

// Code returns the step's stable code, e.g. "pause-P4".
func (s ShortfallStep) Code() string { return s.Action.String() + "-" + s.Grade.String() }

// ShortfallSteps returns the order in which [Policy.PlanShortfall] frees
// hours, working up the ladder from the bottom: pause P4, reduce P3, pause
// P3, reduce P2, pause P2. P1 (protect) work is never reduced or paused.
func ShortfallSteps() []ShortfallStep {
	return []ShortfallStep{{P4, ContactPause}, {P3, ContactReduce}, {P3, ContactPause}, {P2, ContactReduce}, {P2, ContactPause}}
}

// ShortfallLine is one case's audit line in a shortfall plan.
type ShortfallLine struct {
	// Position is the case's place in the caseload's priority order.
	Position int           `json:"position"`
	Case     string        `json:"case"`
	Grade    Priority      `json:"grade"`
	Action   ContactAction `json:"action"`
	// Rule is the ladder rule that graded the case; Step the code of the
	// shortfall step that reduced or paused it (empty when kept).
	Rule string `json:"rule"`
	Step string `json:"step,omitempty"`
	// Requirement is the case's contact requirement at the plan's date
	// (of its contact tier, see [Policy.Schedule]); Planned the requirement
	// the plan keeps: reduced in frequency, none when paused.
	Requirement tier.Contact `json:"requirement"`
	Planned     tier.Contact `json:"planned"`
	// Due and Minutes are the contacts and minutes due in the week as
	// required; PlannedMinutes what the plan keeps.
	Due            int   `json:"due"`
	Minutes        int64 `json:"minutes"`
	PlannedMinutes int64 `json:"plannedMinutes"`
	// Protection is the code of the protected category that keeps the
	// case (empty when none does); NoPause is set when the case is never
	// paused because its RoSH or flags were not recorded; Decisions copies
	// the grading's override and raise decisions.
	Protection string     `json:"protection,omitempty"`
	NoPause    bool       `json:"noPause,omitempty"`
	Decisions  []Decision `json:"decisions,omitempty"`
	// Reason says, in a sentence, why the case got its action.
	Reason string `json:"reason"`
}

// String renders the audit line.
func (l ShortfallLine) String() string {
	rule := l.Rule
	if l.Protection != "" {
		rule += " " + l.Protection
	}
	return strconv.Itoa(l.Position) + ". " + l.Case + " " + l.Grade.String() + " " + l.Action.String() +
		" [" + rule + "] " + strconv.FormatInt(l.PlannedMinutes, 10) + "/" + strconv.FormatInt(l.Minutes, 10) + " min: " + l.Reason
}

// Escalation reports work the plan may not cut that alone exceeds the
// hours available: protected (P1) contact, and the contact of cases that
// are never paused while their risk is not recorded (reduced where that
// frees time). The plan has reduced or paused every other contact and a
// manager must act (reallocate, cover or authorise).
type Escalation struct {
	// Code is "escalate-protected-work", stable.
	Code string `json:"code"`
	// Protected is the hours of P1 contact due in the week; NeverPaused
	// the hours still planned for never-paused cases; Available the hours
	// available and Excess what the plan exceeds them by.
	Protected   decimal.Decimal `json:"protected"`
	NeverPaused decimal.Decimal `json:"neverPaused"`
	Available   decimal.Decimal `json:"available"`
	Excess      decimal.Decimal `json:"excess"`
	// Cases lists the P1 cases with contact due, in priority order.
	Cases   []string `json:"cases"`
	Message string   `json:"message"`
}

// CodeEscalate is the code of an [Escalation].
const CodeEscalate = "escalate-protected-work"

// ShortfallPlan is the week's plan for an officer whose contact hours due exceed
// the hours available, with an audit line for every case.
type ShortfallPlan struct {
	Policy  PolicyRef `json:"policy"`
	Officer string    `json:"officer"`
	// The week is [AsOf, AsOf + 7 days).
	AsOf time.Time `json:"asOf"`
	// Available is the case-facing hours: contracted hours less the
	// reductions in force at AsOf (Net), times the grade's case-facing
	// share (GradeConfig.CaseFacing), rounded down to the micro-hour.
	Available decimal.Decimal `json:"available"`
	Net       decimal.Decimal `json:"net"`
	// Demand is the contact hours due in the week as required (week 0 of
	// [Policy.Demand]); Planned what the plan keeps; Protected the P1 part
	// of Demand. Hours are rounded as the policy rounds hours; comparisons
	// are exact.
	Demand    decimal.Decimal `json:"demand"`
	Planned   decimal.Decimal `json:"planned"`
	Protected decimal.Decimal `json:"protected"`
	// Shortfall is set when Demand exceeds Available; without one every
	// case is kept.
	Shortfall bool `json:"shortfall"`
	// Fits is set when Planned is at most Available.
	Fits bool `json:"fits"`
	// Escalation is set when the work the plan may not cut (protected, and
	// never-paused) alone exceeds Available.
	Escalation *Escalation `json:"escalation,omitempty"`
	// Lines holds every case in priority order.
	Lines []ShortfallLine `json:"lines"`
}

// String renders the plan with its audit trail.
func (pl ShortfallPlan) String() string {
	var b strings.Builder
	b.WriteString("plan for " + pl.Officer + ", week from " + pl.AsOf.Format(dateLayout) + " (" + pl.Policy.Name + " " + pl.Policy.Version + ")\n")
	b.WriteString("available " + pl.Available.String() + " h; due " + pl.Demand.String() + " h (protected " + pl.Protected.String() +
		" h); planned " + pl.Planned.String() + " h\n")
	switch {
	case !pl.Shortfall:
		b.WriteString("no shortfall: every contact kept\n")
	case pl.Escalation != nil:
		b.WriteString("ESCALATE: " + pl.Escalation.Message + "\n")
	default:
		b.WriteString("shortfall met\n")
	}
	for _, l := range pl.Lines {
		b.WriteString(l.String())
		b.WriteString("\n")
	}
	return b.String()
}

// PlanShortfall plans the week [asOf, asOf + 7 days) for an officer.
//
// The contact hours due in the week (as [Policy.Demand] counts them for
// week 0) are compared exactly with the case-facing hours available
// (contracted less reductions in force at asOf, times the grade's
// case-facing share). When they fit, every case is kept. When
// they do not, the plan frees hours step by step up the ladder, in the
// order of [ShortfallSteps]: pause P4, reduce P3, pause P3, reduce P2,
// pause P2. Within a step it takes the grade's cases from the least urgent
// (the bottom of the priority order of [Policy.Prioritise]) up, and stops
// as soon as the planned hours fit. Reducing a case thins its requirement
// by the policy's ReduceFactor and recounts its contacts in the week; a
// reduction that frees nothing this week (the contact is due even at the
// lower frequency) is not made, and the case waits for the pause step.
// Cases with nothing due this week are kept.
//
// P1 (protect) work is never reduced or paused, and the planner checks the
// protected floor itself: a case in a protected category is kept whatever
// grade a policy gave it, and a case whose RoSH or flags were not recorded
// is never paused (it may be reduced). When protected work alone exceeds the
// hours available, every other contact is paused and the plan carries an
// Escalation for a manager instead of hiding the shortfall.
//
// Every case gets an audit line (case, action, rule, reason).
func (p *Policy) PlanShortfall(cl Caseload, asOf time.Time) (ShortfallPlan, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	p.checkCaseload(&l, &cl, asOf, "")
	if err := l.Err(); err != nil {
		return ShortfallPlan{}, err
	}
	d := days.Number(asOf)
	factor := int64(p.cfg.Priority.ReduceFactor)
	type item struct {
		c      *Case
		f      caseFacts
		line   ShortfallLine
		reduce int64 // minutes due in the week at the reduced frequency
		tried  bool  // a reduction was considered and freed nothing
	}
	ranked := make([]Ranked, len(cl.Cases))
	byID := make(map[string]*item, len(cl.Cases))
	items := make([]item, len(cl.Cases))
	var demand, protected int64
	arena := make([]Decision, 0, 2*len(cl.Cases))
	for i := range cl.Cases {
		c := &cl.Cases[i]
		it := &items[i]
		it.c = c
		it.f = p.factsOf(c, d)
		ranked[i].CasePriority = p.grade(c, &it.f, d, &arena)
		n, m := p.weekMinutes(c, &it.f, d, 1)
		_, it.reduce = p.weekMinutes(c, &it.f, d, factor)
		req := it.f.req[it.f.phase]
		it.line = ShortfallLine{Case: c.ID, Grade: ranked[i].Grade, Rule: ranked[i].Rule, Requirement: req, Planned: req,
			Due: n, Minutes: m, PlannedMinutes: m}
		demand += m
		if ranked[i].Grade == P1 {
			protected += m
		}
		it.line.Protection, it.line.NoPause, it.line.Decisions = ranked[i].Protection.Code, ranked[i].NoPause, ranked[i].Decisions
		byID[c.ID] = it
	}
	rankCases(ranked)
	order := make([]*item, len(ranked))
	for i := range ranked {
		order[i] = byID[ranked[i].Case]
		order[i].line.Position = ranked[i].Position
	}

	net, _, _ := p.availableHours(&cl.Officer, d)
	facing := p.caseFacing(cl.Officer.Grade, net)
	have := facing * 60 // micro-minutes
	fits := func(m int64) bool { return m*dec.Scale <= have }
	plan := ShortfallPlan{Policy: p.Ref(), Officer: cl.Officer.ID, AsOf: asOf, Available: micro(facing), Net: micro(net),
		Demand: p.hoursOfMinutes(demand), Protected: p.hoursOfMinutes(protected), Shortfall: !fits(demand)}
	planned := demand
	if plan.Shortfall {
	steps:
		for _, st := range ShortfallSteps() {
			for i := len(order) - 1; i >= 0; i-- {
				if fits(planned) {
					break steps
				}
				it := order[i]
				ln := &it.line
				// The protected floor is enforced here too, whatever the
				// grade: a protected line is never touched, a no-pause
				// line never paused.
				if ln.Grade != st.Grade || ln.PlannedMinutes == 0 || ln.Protection != "" {
					continue
				}
				switch st.Action {
				case ContactReduce:
					if ln.Action != ContactKeep {
						continue
					}
					if it.reduce >= ln.PlannedMinutes {
						it.tried = true
						continue
					}
					planned -= ln.PlannedMinutes - it.reduce
					ln.Action, ln.Step, ln.PlannedMinutes = ContactReduce, st.Code(), it.reduce
					ln.Planned.Days *= int(factor)
				case ContactPause:
					if ln.NoPause {
						continue
					}
					planned -= ln.PlannedMinutes
					ln.Action, ln.Step, ln.PlannedMinutes = ContactPause, st.Code(), 0
					ln.Planned = tier.Contact{}
				}
			}
		}
	}
	plan.Planned = p.hoursOfMinutes(planned)
	plan.Fits = fits(planned)
	if !plan.Fits {
		var unpaused int64
		esc := &Escalation{Code: CodeEscalate, Protected: plan.Protected, Available: plan.Available,
			Excess: p.hoursOfMicroMinutes(planned*dec.Scale - have), Cases: []string{}}
		for _, it := range order {
			if it.line.Grade == P1 && it.line.Minutes > 0 {
				esc.Cases = append(esc.Cases, it.line.Case)
			} else if it.line.NoPause && it.line.Grade != P1 {
				unpaused += it.line.PlannedMinutes
			}
		}
		esc.NeverPaused = p.hoursOfMinutes(unpaused)
		hp := int32(p.cfg.Rounding.HoursPlaces)
		also := ""
		if unpaused > 0 {
			also = " and contact never paused while its risk is not recorded needs " + esc.NeverPaused.StringFixed(hp) + " h"
		}
		esc.Message = "protected (P1) contact needs " + plan.Protected.StringFixed(hp) + " h" + also + " against " + plan.Available.StringFixed(hp) +
			" h available, " + esc.Excess.StringFixed(hp) + " h over, with every other contact due this week reduced or paused: a manager must reallocate, cover or authorise; no protected contact was reduced"
		plan.Escalation = esc
	}
	plan.Lines = make([]ShortfallLine, len(order))
	for i, it := range order {
		it.line.Reason = p.planReason(&it.line, &ranked[i].CasePriority, plan.Shortfall, plan.Fits, it.tried)
		plan.Lines[i] = it.line
	}
	return plan, nil
}

// availableHours returns an officer's net hours at day d in micro-hours.
func (p *Policy) availableHours(o *Officer, d int64) (net, hours, red int64) {
	po := o.pack(p)
	red = po.reduction(d)
	return po.hours - red, po.hours, red
}

// caseFacing returns the case-facing part of net hours (micro-hours) for
// an officer of grade g: net × the grade's CaseFacing share, rounded down
// to the micro-hour so that a plan is never given time it does not have.
// An officer with no recorded grade takes the share of the policy's
// UngradedAs grade, or a PO's.
func (p *Policy) caseFacing(g Grade, net int64) int64 {
	if net <= 0 {
		return net
	}
	if int(g) >= len(p.grades) {
		g = PO
	}
	f := p.grades[g].facing
	if f == 0 { // no recorded grade and no ungradedAs: read as a PO
		f = p.grades[PO].facing
	}
	// net ≤ 168 h = 1.68e8 µh and the share ≤ 10^6: the product fits.
	return net * f / 1_000_000
}

// planReason writes the audit sentence of a line.
func (p *Policy) planReason(ln *ShortfallLine, g *CasePriority, shortfall, fits, tried bool) string {
	why := "graded " + g.Grade.String() + " " + g.Grade.Label() + " by rule " + g.Rule + ": " + g.Reason
	for _, d := range g.Decisions {
		why += " [" + d.Code + "] " + d.Reason
	}
	saved := strconv.FormatInt(ln.Minutes-ln.PlannedMinutes, 10) + " min"
	switch ln.Action {
	case ContactReduce:
		return "reduced to " + ln.Planned.String() + " (step " + ln.Step + "), saving " + saved + " this week; " + why
	case ContactPause:
		return "paused (step " + ln.Step + "), saving " + saved + " this week; " + why
	}
	switch {
	case ln.Minutes == 0:
		return "kept: no contact due this week; " + why
	case !shortfall:
		return "kept: the week's contacts fit the hours available; " + why
	case g.Protected():
		return "kept: protected (" + g.Protection.Code + ": " + g.Protection.Reason + ") work is never reduced or paused; " + why
	case ln.Grade == P1:
		return "kept: protected work is never reduced or paused; " + why
	case ln.NoPause && !fits:
		return "kept: never paused while its RoSH or flags are not recorded; " + why
	case tried:
		return "kept: a lower frequency would not move this week's contact and the shortfall was met before pausing it; " + why
	}
	return "kept: the shortfall was met before reaching this case; " + why
}
