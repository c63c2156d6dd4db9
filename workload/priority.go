package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Urgency is the score that orders cases within a grade, with its terms
// (see [UrgencyWeights]). Score is the exact sum of the terms.
type Urgency struct {
	Score      int64 `json:"score"`
	Harm       int64 `json:"harm"`
	Imminence  int64 `json:"imminence"`
	Overdue    int64 `json:"overdue"`
	Unsettled  int64 `json:"unsettled"`
	Escalation int64 `json:"escalation"`
	// DaysOverdue is how many days the next contact is overdue.
	DaysOverdue int `json:"daysOverdue"`
	// DaysSinceStart is the days since the latest re-release after recall,
	// release (or commencement for cases never released), or -1 when not
	// yet released or started.
	DaysSinceStart int `json:"daysSinceStart"`
	// DaysSinceEscalation is the days since risk last went up, or -1.
	DaysSinceEscalation int `json:"daysSinceEscalation"`
}

// String renders the score and its non-zero terms, e.g.
// "420 = harm 300 + overdue 120".
func (u Urgency) String() string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(u.Score, 10))
	sep := " = "
	for _, t := range []struct {
		name string
		v    int64
	}{{"harm", u.Harm}, {"imminence", u.Imminence}, {"overdue", u.Overdue}, {"unsettled", u.Unsettled}, {"escalation", u.Escalation}} {
		if t.v != 0 {
			b.WriteString(sep + t.name + " " + strconv.FormatInt(t.v, 10))
			sep = " + "
		}
	}
	return b.String()
}

// CasePriority is a case's prioritisation grade with the rule that put it
// there.
type CasePriority struct {
	Case string `json:"case"`
	// Grade is the case's grade; Base the ladder's grade before the
	// conservative treatment of unsettled risk (equal unless raised).
	Grade Priority `json:"grade"`
	Base  Priority `json:"base"`
	// Rule is the stable code of the ladder rule that matched (or the
	// default's code) and Reason its sentence.
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Conservative is set when unsettled risk was treated as the next tier
	// up: graded one grade higher than Base (never above P1).
	Conservative bool       `json:"conservative"`
	Risk         RiskStatus `json:"risk"`
	Phase        tier.Phase `json:"phase"`
	Urgency      Urgency    `json:"urgency"`
	// Protection names the protected category that keeps the case at P1
	// (a "protect-*" code and its sentence); its Code is empty for a case
	// no category protects.
	Protection Decision `json:"protection"`
	// NoPause is set when the case is never paused because its RoSH or its
	// flags were not recorded: what the data does not say never lowers
	// protection. Such a case may still be reduced.
	NoPause bool `json:"noPause,omitempty"`
	// Decisions are the audit lines of every override and raise, in the
	// order made: "raise-grade", "floor-override", "no-pause-unknown-risk",
	// "raise-contact-reading".
	Decisions []Decision `json:"decisions,omitempty"`
	// Findings are data-quality findings: "tier-risk-mismatch",
	// "mappa-not-recorded", "risk-not-assessed", "flags-not-recorded".
	Findings []Decision `json:"findings,omitempty"`
}

// Protected reports whether a protected category keeps the case at P1.
func (g CasePriority) Protected() bool { return g.Protection.Code != "" }

// String renders the grading on one line, e.g.
// "c1 P2 core (rosh-high: High risk of serious harm is core work.)".
func (g CasePriority) String() string {
	s := g.Case + " " + g.Grade.String() + " " + g.Grade.Label() + " (" + g.Rule + ": " + g.Reason + ")"
	if g.Protected() {
		s += "; " + g.Protection.Code
	}
	for _, d := range g.Decisions {
		switch d.Code {
		case CodeRaiseGrade:
			s += "; raised from " + g.Base.String() + ": risk " + g.Risk.String()
		case CodeFloorOverride:
			s += "; floor-override of " + g.Base.String()
		}
	}
	if g.NoPause {
		s += "; never paused"
	}
	return s + "; urgency " + g.Urgency.String()
}

// Ranked is a case's place in a prioritised caseload.
type Ranked struct {
	// Position counts from 1, the case to see first.
	Position int `json:"position"`
	CasePriority
	// Ahead says what puts the case before the next one: "grade" (a higher
	// grade), "urgency" (same grade, higher urgency) or "id" (same grade
	// and urgency, smaller case ID); empty for the last case.
	Ahead string `json:"ahead,omitempty"`
}

// Explain says why the case holds its position.
func (r Ranked) Explain() string {
	s := strconv.Itoa(r.Position) + ". " + r.CasePriority.String()
	switch r.Ahead {
	case "grade":
		s += "; ahead of the next case by grade"
	case "urgency":
		s += "; ahead of the next case by urgency"
	case "id":
		s += "; ahead of the next case by case ID (same grade and urgency)"
	}
	return s
}

// Priorities is an officer's caseload graded and ordered: by grade (P1
// first), then urgency (highest first), then case ID, a total and
// deterministic order.
type Priorities struct {
	Policy  PolicyRef `json:"policy"`
	AsOf    time.Time `json:"asOf"`
	Officer string    `json:"officer"`
	Cases   []Ranked  `json:"cases"`
}

// String renders one explained line per case.
func (ps Priorities) String() string {
	var b strings.Builder
	b.WriteString("priorities of " + ps.Officer + " at " + ps.AsOf.Format(dateLayout) + " (" + ps.Policy.Name + " " + ps.Policy.Version + ")\n")
	for _, r := range ps.Cases {
		b.WriteString(r.Explain())
		b.WriteString("\n")
	}
	return b.String()
}

// PriorityOf grades one case at asOf: the first ladder rule (PriorityConfig)
// whose conditions the case meets gives the grade, rule and reason, or the
// default when none does. When the policy is conservative and the case's
// risk is unsettled (stale, provisional or no RoSH), the grade is raised
// one step, never above P1 ("raise-grade"). The urgency score is computed
// as [UrgencyWeights] documents.
//
// Then the protected floor, which is code, not policy: a case in a
// protected category ([ProtectedCategories] and the policy's Protect
// rules) is graded P1 whatever the ladder said, Protection naming the
// category; when the ladder had graded it lower, the grading carries a
// "floor-override" decision. A case not protected whose RoSH or flags were
// not recorded is never paused (NoPause, "no-pause-unknown-risk"): a P4
// grade becomes P3. Tier letters that disagree with the risk fields, and
// missing MAPPA, RoSH or flags, are reported as Findings.
func (p *Policy) PriorityOf(c Case, asOf time.Time) (CasePriority, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	p.checkCase(&l, &c, asOf, func() string { return "case" })
	if err := l.Err(); err != nil {
		return CasePriority{}, err
	}
	d := days.Number(asOf)
	f := p.factsOf(&c, d)
	return p.grade(&c, &f, d, nil), nil
}

// Prioritise grades every case of an officer's caseload at asOf (as
// [Policy.PriorityOf] does) and orders them: grade first (P1 first), then
// urgency (highest first), then case ID. Case IDs are unique, so the order
// is total. The officer and cases are validated as [Policy.Measure] does;
// court reports and cover contacts are not graded.
func (p *Policy) Prioritise(cl Caseload, asOf time.Time) (Priorities, error) {
	l := fault.List{Pkg: "workload"}
	checkAsOf(&l, asOf)
	p.checkCaseload(&l, &cl, asOf, "")
	if err := l.Err(); err != nil {
		return Priorities{}, err
	}
	d := days.Number(asOf)
	rs := make([]Ranked, len(cl.Cases))
	arena := make([]Decision, 0, 2*len(cl.Cases))
	for i := range cl.Cases {
		c := &cl.Cases[i]
		f := p.factsOf(c, d)
		rs[i].CasePriority = p.grade(c, &f, d, &arena)
	}
	rankCases(rs)
	return Priorities{Policy: p.Ref(), AsOf: asOf, Officer: cl.Officer.ID, Cases: rs}, nil
}

// rankCases puts graded cases into priority order in place and sets their
// positions. It sorts small pointer-free keys, then moves each case once.
func rankCases(rs []Ranked) {
	type key struct {
		grade Priority
		score int64
		i     int
	}
	// Up to 128 keys are kept on the stack: a caseload rarely has more.
	var buf [128]key
	var keys []key
	if len(rs) > len(buf) {
		keys = make([]key, len(rs))
	} else {
		keys = buf[:len(rs)]
	}
	for i := range rs {
		keys[i] = key{rs[i].Grade, rs[i].Urgency.Score, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.grade != b.grade:
			return int(a.grade) - int(b.grade)
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(rs[a.i].Case, rs[b.i].Case)
	})
	for pos, k := range keys {
		rs[k.i].Position = pos + 1
		if pos+1 < len(keys) {
			next := keys[pos+1]
			switch {
			case k.grade != next.grade:
				rs[k.i].Ahead = "grade"
			case k.score != next.score:
				rs[k.i].Ahead = "urgency"
			default:
				rs[k.i].Ahead = "id"
			}
		}
	}
	// Apply the permutation: each cycle of misplaced cases rotates once,
	// moving every case once (keys[pos].i is where the case for pos is; -1
	// once placed).
	for p := range keys {
		if keys[p].i < 0 || keys[p].i == p {
			continue
		}
		held := rs[p]
		for j := p; ; {
			src := keys[j].i
			keys[j].i = -1
			if src == p {
				rs[j] = held
				break
			}
			rs[j] = rs[src]
			j = src
		}
	}
}

// grade grades a valid case with its facts at day d. Its decisions and
// findings are carved from arena when it is not nil (many gradings then
// share a few allocations; each slice is capped, so appending to one
// never reaches another).
func (p *Policy) grade(c *Case, f *caseFacts, d int64, arena *[]Decision) CasePriority {
	pc := &p.cfg.Priority
	g := CasePriority{Case: c.ID, Grade: pc.Default.Grade, Rule: pc.Default.Code, Reason: pc.Default.Reason, Risk: f.risk, Phase: f.phase}
	for i := range pc.Rules {
		r := &pc.Rules[i]
		if p.matches(&r.When, c, f, d) {
			g.Grade, g.Rule, g.Reason = r.Grade, r.Code, r.Reason
			break
		}
	}
	g.Base = g.Grade
	var decided [3]Decision
	var found [4]Decision
	nd, nf := 0, 0
	if f.conservative {
		g.Conservative = true
		if g.Grade > P1 {
			g.Grade--
			var buf [128]byte
			b := append(append(append(append(buf[:0], "Raised from "...), g.Base.String()...), " to "...), g.Grade.String()...)
			b = append(f.risk.appendTo(append(b, ": the risk is "...)), ", read the more demanding way."...)
			decided[nd] = Decision{CodeRaiseGrade, string(b)}
			nd++
		}
	}
	if prot, ok := p.protection(c, f, d); ok {
		g.Protection = prot
		if g.Grade != P1 {
			decided[nd] = Decision{CodeFloorOverride,
				"The policy's ladder graded the case " + g.Grade.String() + " by rule " + g.Rule + "; the protected floor keeps it P1 (" + prot.Code + ")."}
			nd++
			g.Grade = P1
		}
	} else if c.Risk.RoSH == risk.RoSHUnknown || c.Risk.FlagsUnknown {
		g.NoPause = true
		k := 0
		if c.Risk.RoSH != risk.RoSHUnknown {
			k = 1
		}
		if g.Grade == P4 {
			g.Grade = P3
			k += 2
		}
		decided[nd] = Decision{CodeNoPause, noPauseText[k]}
		nd++
	}
	if f.raised {
		decided[nd] = Decision{CodeRaiseContactReading, p.raiseReason(c, f)}
		nd++
	}
	if f.mismatched {
		found[nf] = f.mismatch
		nf++
	}
	if !c.Risk.MAPPA.Recorded() {
		found[nf] = Decision{CodeMAPPANotRecorded, "The MAPPA level is not recorded: record it (none, 1, 2 or 3); the case is protected until then."}
		nf++
	}
	if c.Risk.RoSH == risk.RoSHUnknown {
		found[nf] = Decision{CodeRiskNotAssessed, "No RoSH is recorded: a risk of serious harm assessment is needed."}
		nf++
	}
	if c.Risk.FlagsUnknown {
		found[nf] = Decision{CodeFlagsNotRecorded, "The registrations (flags) are not recorded: record them."}
		nf++
	}
	g.Decisions, g.Findings = carve(arena, decided[:nd]), carve(arena, found[:nf])
	g.Urgency = p.urgency(c, f, d)
	return g
}

// noPauseText is the no-pause decision's sentence: no RoSH (0) or flags
// not recorded (1), and, from 2, a P4 graded P3 instead.
var noPauseText = [4]string{
	"No RoSH is recorded: the case is never paused on that basis.",
	"The flags are not recorded: the case is never paused on that basis.",
	"No RoSH is recorded: the case is never paused on that basis; graded P3, not P4.",
	"The flags are not recorded: the case is never paused on that basis; graded P3, not P4.",
}

// carve returns a copy of ds (nil when empty), from the end of arena when
// arena is not nil.
func carve(arena *[]Decision, ds []Decision) []Decision {
	switch {
	case len(ds) == 0:
		return nil
	case arena == nil:
		return slices.Clone(ds)
	}
	at := len(*arena)
	*arena = append(*arena, ds...)
	return (*arena)[at:len(*arena):len(*arena)]
}

// raiseReason says why and how a case's contact reading was raised.
func (p *Policy) raiseReason(c *Case, f *caseFacts) string {
	var buf [320]byte
	b := buf[:0]
	switch {
	case f.conservative && f.mismatched:
		b = append(b, "The risk is "...)
		b = f.risk.appendTo(b)
		b = append(b, " and the tier disagrees with the risk fields"...)
	case f.conservative:
		b = append(b, "The risk is "...)
		b = f.risk.appendTo(b)
	default:
		b = append(b, "The tier disagrees with the risk fields"...)
	}
	ct, _ := p.scheme.At(f.eti)
	b = append(b, ": contacts are read as the more demanding by frequency of the readings, never fewer (now as "...)
	b = append(b, ct...)
	b = append(b, ": "...)
	b = append(b, p.contactString(f.req[f.phase], f.from[f.phase], f.phase)...)
	b = append(b, ", where "...)
	b = append(b, c.Tier...)
	b = append(b, " asks "...)
	b = append(b, p.contactText[f.ti][f.phase]...)
	b = append(b, ")."...)
	return string(b)
}

// contactString returns req.String(), from the policy's texts when req is
// tier from's requirement in phase ph.
func (p *Policy) contactString(req tier.Contact, from int32, ph tier.Phase) string {
	if from >= 0 && int(from) < len(p.contact) && p.contact[from][ph] == req {
		return p.contactText[from][ph]
	}
	return req.String()
}

// matches reports whether a valid case meets every condition at day d.
func (p *Policy) matches(w *PriorityConditions, c *Case, f *caseFacts, d int64) bool {
	rk := &c.Risk
	if w.MAPPAAtLeast != risk.MAPPAUnknown && rk.MAPPA < w.MAPPAAtLeast {
		return false
	}
	if w.RoSHAtLeast != risk.RoSHUnknown && rk.RoSH < w.RoSHAtLeast {
		return false
	}
	if w.RoSHAtMost != risk.RoSHUnknown && (rk.RoSH == risk.RoSHUnknown || rk.RoSH > w.RoSHAtMost) {
		return false
	}
	if w.FlagsAny != 0 && rk.Flags&w.FlagsAny == 0 {
		return false
	}
	if rk.Flags&w.ExceptFlags != 0 {
		return false
	}
	if len(w.PhaseIn) > 0 && !slices.Contains(w.PhaseIn, f.phase) {
		return false
	}
	if len(w.CaseTypeIn) > 0 && !slices.Contains(w.CaseTypeIn, c.Type) {
		return false
	}
	if len(w.TierIn) > 0 && !slices.Contains(w.TierIn, c.Tier) {
		return false
	}
	if w.WeeksSinceReleaseAtLeast > 0 {
		if f.cd.release == noDay {
			return false
		}
		since := d - f.cd.release
		if since < 0 || since/7 < int64(w.WeeksSinceReleaseAtLeast) {
			return false
		}
	}
	return true
}

// urgency scores a valid case at day d.
func (p *Policy) urgency(c *Case, f *caseFacts, d int64) Urgency {
	w := &p.cfg.Priority.Urgency
	u := Urgency{DaysOverdue: int(f.overdue), DaysSinceStart: -1, DaysSinceEscalation: -1}
	u.Harm = int64(w.RoSH)*int64(c.Risk.RoSH) + int64(w.MAPPA)*int64(c.Risk.MAPPA.Number())
	if from := latestAnchor(&f.cd, d); from != noDay {
		if since := d - from; since >= 0 {
			u.DaysSinceStart = int(since)
			if since < int64(w.ImminenceDays) {
				u.Imminence = int64(w.Imminence) * (int64(w.ImminenceDays) - since)
			}
		}
	}
	u.Overdue = int64(w.Overdue) * min(f.overdue, int64(w.OverdueCapDays))
	if f.risk.Unsettled() {
		u.Unsettled = int64(w.Unsettled)
	}
	if f.cd.escalated != noDay {
		if since := d - f.cd.escalated; since >= 0 {
			u.DaysSinceEscalation = int(since)
			if since < int64(w.EscalationDays) {
				u.Escalation = int64(w.Escalation)
			}
		}
	}
	u.Score = u.Harm + u.Imminence + u.Overdue + u.Unsettled + u.Escalation
	return u
}
