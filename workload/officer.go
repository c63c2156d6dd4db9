package workload

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/ident"
)

// Grade is an officer's grade. The zero value, GradeUnknown, is rejected.
type Grade uint8

// Grades (docs/domain.md, "Capacity").
const (
	GradeUnknown Grade = iota
	PO                 // probation officer
	PSO                // probation services officer
	SPO                // senior probation officer, a manager: no case hours by default
	PQiP               // trainee on the Professional Qualification in Probation
	NQO                // newly qualified officer
	// Ungraded is an officer with no recorded grade (the national exports'
	// "DMY"). The policy measures such an officer against the grade its
	// Config.UngradedAs names (the reference: PO), and every load says so
	// with a finding coded [CodeUngraded].
	Ungraded
)

var gradeNames = enum.Names[Grade]{Pkg: "workload", Type: "grade", Names: []string{"unknown", "PO", "PSO", "SPO", "PQiP", "NQO", "ungraded"}}

// ungradedAlias is the national exports' name for no recorded grade.
const ungradedAlias = "DMY"

// Grades returns the grades a policy sets targets for. [Ungraded] is not
// among them: it borrows the target of the policy's Config.UngradedAs.
func Grades() []Grade { return []Grade{PO, PSO, SPO, PQiP, NQO} }

// ParseGrade returns the grade named s ("PO", "PSO", "SPO", "PQiP", "NQO",
// or "ungraded"; the national exports' "DMY" also reads as [Ungraded]).
func ParseGrade(s string) (Grade, error) {
	if s == ungradedAlias {
		return Ungraded, nil
	}
	return gradeNames.Parse(s, false)
}

// String returns the grade's name.
func (g Grade) String() string { return gradeNames.String(g) }

// MarshalText implements encoding.TextMarshaler.
func (g Grade) MarshalText() ([]byte, error) {
	if g == GradeUnknown {
		return nil, gradeNames.Unknown(g)
	}
	return gradeNames.Marshal(g)
}

// UnmarshalText implements encoding.TextUnmarshaler, reading the names
// [ParseGrade] reads; "unknown" is rejected.
func (g *Grade) UnmarshalText(b []byte) error {
	v, err := ParseGrade(string(b))
	if err == nil {
		*g = v
	}
	return err
}

// ReductionReason is why an officer's hours are reduced. A policy gives most
// reasons a percentage of contracted hours (Config.Reductions, with the
// reference percentages of docs/domain.md, "Capacity", by default), used
// when a [Reduction] gives neither hours nor a percentage, and some a
// duration (Config.ReductionMonths) for a reduction that gives no end date.
type ReductionReason uint8

// Reduction reasons.
const (
	ReasonUnknown    ReductionReason = iota
	PQiPStage1                       // trainee, months 0–6: 80%
	PQiPStage2                       // trainee, months 6–12: 60%
	PQiPStage3                       // trainee, months 12–18: 40%
	NewlyQualified                   // newly qualified officer, 9 months: 20%
	TradeUnion                       // trade union facility time: up to 50%, amount required
	LongTermSickness                 // 100%
	Maternity                        // maternity or adoption leave (6 months): 100%
	SpecialLeave                     // 100%
	OtherReason                      // any other reason: amount required
)

var reasonNames = enum.Names[ReductionReason]{Pkg: "workload", Type: "reason", Names: []string{
	"unknown", "pqip-stage-1", "pqip-stage-2", "pqip-stage-3", "newly-qualified", "trade-union",
	"long-term-sickness", "maternity", "special-leave", "other",
}}

// ReductionReasons returns the known reduction reasons.
func ReductionReasons() []ReductionReason {
	out := make([]ReductionReason, 0, len(reasonNames.Names)-1)
	for i := 1; i < len(reasonNames.Names); i++ {
		out = append(out, ReductionReason(i))
	}
	return out
}

// ParseReason returns the reason named s.
func ParseReason(s string) (ReductionReason, error) { return reasonNames.Parse(s, false) }

// String returns the reason's name.
func (r ReductionReason) String() string { return reasonNames.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r ReductionReason) MarshalText() ([]byte, error) {
	if r == ReasonUnknown {
		return nil, reasonNames.Unknown(r)
	}
	return reasonNames.Marshal(r)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (r *ReductionReason) UnmarshalText(b []byte) error {
	v, err := reasonNames.Parse(string(b), false)
	if err == nil {
		*r = v
	}
	return err
}

// percents are the reference percentages as decimals, built once:
// validation reads them for every reduction. A decimal is never changed
// in place, so handing one out shares nothing a caller could change.
var percents = [...]decimal.Decimal{pct20: decimal.NewFromInt(20), pct40: decimal.NewFromInt(40), pct50: decimal.NewFromInt(50),
	pct60: decimal.NewFromInt(60), pct80: decimal.NewFromInt(80), pct100: decimal.NewFromInt(100)}

const (
	pct20 = iota
	pct40
	pct50
	pct60
	pct80
	pct100
)

// DefaultPercent returns the reference percentage of contracted hours for
// the reason and true, or false for reasons whose amount must be given
// (trade union, other). [DefaultConfig] copies these into
// Config.Reductions; a policy may set its own.
func (r ReductionReason) DefaultPercent() (decimal.Decimal, bool) {
	switch r {
	case PQiPStage1:
		return percents[pct80], true
	case PQiPStage2:
		return percents[pct60], true
	case PQiPStage3:
		return percents[pct40], true
	case NewlyQualified:
		return percents[pct20], true
	case LongTermSickness, Maternity, SpecialLeave:
		return percents[pct100], true
	}
	return decimal.Zero, false
}

// MaxPercent returns the most a reduction for the reason may take: 50% for
// trade union facility time, 100% otherwise.
func (r ReductionReason) MaxPercent() decimal.Decimal {
	if r == TradeUnion {
		return percents[pct50]
	}
	return percents[pct100]
}

// ReductionStatus says whether a reduction counts. The zero value is
// [ReductionActive], so reductions recorded without a status count, as they
// always have; inactive and deleted reductions (kept by case systems for
// their history) are ignored.
type ReductionStatus uint8

// Reduction statuses.
const (
	ReductionActive   ReductionStatus = iota // in force between its dates
	ReductionInactive                        // recorded but not in force: ignored
	ReductionDeleted                         // deleted in the source system: ignored
)

var reductionStatusNames = enum.Names[ReductionStatus]{Pkg: "workload", Type: "reduction status", Names: []string{"active", "inactive", "deleted"}}

// String returns "active", "inactive" or "deleted".
func (s ReductionStatus) String() string { return reductionStatusNames.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s ReductionStatus) MarshalText() ([]byte, error) { return reductionStatusNames.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler, reading "active",
// "inactive" or "deleted" (case-insensitive, as exports write ACTIVE and
// DELETED).
func (s *ReductionStatus) UnmarshalText(b []byte) error {
	v, err := reductionStatusNames.Parse(strings.ToLower(string(b)), true)
	if err == nil {
		*s = v
	}
	return err
}

// Reduction takes hours off an officer's contracted hours between two
// dates. Give Hours or Percent (of contracted hours), not both; with
// neither, the percentage the policy gives the reason applies.
// From is the first day it applies and To the last (inclusive). A zero To
// means the policy's duration for the reason decides: a reason with one (the
// reference: each PQiP stage 6 months, newly qualified 9 months,
// maternity or adoption 6 months) ends that many months after From, any
// other reason is open-ended. Only an active reduction counts.
type Reduction struct {
	Reason  ReductionReason `json:"reason"`
	Hours   decimal.Decimal `json:"hours"`
	Percent decimal.Decimal `json:"percent"`
	From    time.Time       `json:"from"`
	To      time.Time       `json:"to"`
	Status  ReductionStatus `json:"status,omitempty"`
	Note    string          `json:"note,omitempty"`
}

// Applies reports whether the reduction is active and asOf's date falls
// between From and To. A zero To counts as open-ended here; use
// [Policy.ReductionEnd] for the end the policy's durations give it.
func (r Reduction) Applies(asOf time.Time) bool {
	if r.Status != ReductionActive {
		return false
	}
	d := days.Number(asOf)
	if d < days.Number(r.From) {
		return false
	}
	return r.To.IsZero() || d <= days.Number(r.To)
}

// Officer is a practitioner who holds cases.
type Officer struct {
	ID     string `json:"id"`
	Team   string `json:"team"`
	Region string `json:"region,omitempty"`
	Grade  Grade  `json:"grade"`
	// Hours are the contracted weekly hours.
	Hours      decimal.Decimal `json:"hours"`
	Reductions []Reduction     `json:"reductions,omitempty"`
	// GradeSince is when the officer entered the grade: started training
	// (PQiP) or qualified (NQO). With it, the grade's dated reductions of
	// the policy apply by themselves (GradeConfig.Dated). Zero means
	// unknown: only the listed Reductions apply.
	GradeSince time.Time `json:"gradeSince,omitempty"`
}

// clone returns a copy of o that shares no memory with it.
func (o Officer) clone() Officer {
	o.Reductions = slices.Clone(o.Reductions)
	return o
}

// validate appends every problem with the officer to l, with field paths
// under prefix (e.g. "officers[3]").
func (o *Officer) validate(l *fault.List, prefix string) {
	checkID(l, prefix, ".id", o.ID, "an officer needs an ID")
	checkID(l, prefix, ".team", o.Team, "")
	checkID(l, prefix, ".region", o.Region, "")
	if !gradeNames.Valid(o.Grade) {
		l.Add(prefix+".grade", o.Grade.String(), ErrUnknown, "want PO, PSO, SPO, PQiP, NQO or ungraded")
	}
	hoursOK := checkDecimal(l, prefix+".hours", o.Hours)
	if hoursOK && o.Hours.IsNegative() {
		l.Add(prefix+".hours", o.Hours.String(), ErrOutOfRange, "contracted hours must not be negative")
	}
	if hoursOK && o.Hours.GreaterThan(maxWeekHours) {
		l.Add(prefix+".hours", o.Hours.String(), ErrOutOfRange, "more than 168 hours a week")
	}
	checkDate(l, prefix, ".gradeSince", o.GradeSince)
	for i := range o.Reductions {
		r := &o.Reductions[i]
		// The field path is built only for a reduction with a problem.
		rp := func() string { return prefix + ".reductions[" + strconv.Itoa(i) + "]" }
		if !reasonNames.Valid(r.Reason) {
			l.Add(rp()+".reason", r.Reason.String(), ErrUnknown, "")
		}
		if int(r.Status) >= len(reductionStatusNames.Names) {
			l.Add(rp()+".status", r.Status.String(), ErrUnknown, "want active, inactive or deleted")
		}
		hOK, pOK := dec.Check(r.Hours) == nil, dec.Check(r.Percent) == nil
		if !hOK {
			checkDecimal(l, rp()+".hours", r.Hours)
		}
		if !pOK {
			checkDecimal(l, rp()+".percent", r.Percent)
		}
		if hOK && r.Hours.IsNegative() {
			l.Add(rp()+".hours", r.Hours.String(), ErrOutOfRange, "must not be negative")
		}
		if pOK && r.Percent.IsNegative() {
			l.Add(rp()+".percent", r.Percent.String(), ErrOutOfRange, "must not be negative")
		}
		if hOK && pOK && !r.Hours.IsZero() && !r.Percent.IsZero() {
			l.Add(rp(), r.Hours.String()+" h and "+r.Percent.String()+"%", ErrInconsistent, "give hours or a percentage, not both")
		}
		if pOK && r.Percent.GreaterThan(r.Reason.MaxPercent()) {
			l.Add(rp()+".percent", r.Percent.String(), ErrOutOfRange, "more than "+r.Reason.MaxPercent().String()+"% for "+r.Reason.String())
		}
		if hOK && hoursOK && r.Hours.GreaterThan(o.Hours) {
			l.Add(rp()+".hours", r.Hours.String(), ErrOutOfRange, "more than the contracted "+o.Hours.String()+" hours")
		}
		if hOK && pOK && r.Hours.IsZero() && r.Percent.IsZero() {
			if _, ok := r.Reason.DefaultPercent(); !ok && reasonNames.Valid(r.Reason) {
				l.Add(rp(), r.Reason.String(), ErrMissing, "this reason needs hours or a percentage")
			}
		}
		if r.From.IsZero() {
			l.Add(rp()+".from", "", ErrMissing, "a reduction needs a start date")
		}
		if !dateInYears(r.From) {
			checkDate(l, rp(), ".from", r.From)
		}
		if !dateInYears(r.To) {
			checkDate(l, rp(), ".to", r.To)
		}
		if !r.To.IsZero() && !r.From.IsZero() && days.Number(r.To) < days.Number(r.From) {
			l.Add(rp()+".to", r.To.Format(dateLayout), ErrInconsistent, "ends before it starts on "+r.From.Format(dateLayout))
		}
	}
}

// packedOfficer is an officer compiled for the hot loop: hours and
// reductions in micro-hours with their days.
type packedOfficer struct {
	hours      int64 // micro-hours
	reductions []packedReduction
}

type packedReduction struct {
	from, to int64 // days; to is noEnd when open-ended
	hours    int64 // micro-hours, for a reduction given in hours
	pct      int64 // micro-percent, for a reduction given as a percentage
}

const noEnd = int64(1) << 62

// pack compiles a valid officer under p: hours and reductions in
// micro-hours with their days. Reductions that are not active are left
// out; one that gives neither hours nor a percentage takes the policy's
// percentage for its reason (Config.Reductions), and one with no end date
// ends when the policy's duration for its reason says; the grade's dated reductions (GradeConfig.Dated)
// are added from Officer.GradeSince, except for a reason the officer's
// own Reductions already list.
func (o *Officer) pack(p *Policy) packedOfficer {
	po := packedOfficer{hours: toMicro(o.Hours)}
	var dated []DatedReduction
	if !o.GradeSince.IsZero() && gradeNames.Valid(o.Grade) {
		for _, dr := range p.cfg.Grades[o.Grade].Dated {
			if !slices.ContainsFunc(o.Reductions, func(r Reduction) bool { return r.Reason == dr.Reason }) {
				dated = append(dated, dr)
			}
		}
	}
	if n := len(o.Reductions) + len(dated); n > 0 {
		po.reductions = make([]packedReduction, 0, n)
		for i := range o.Reductions {
			r := &o.Reductions[i]
			if r.Status != ReductionActive {
				continue
			}
			pr := packedReduction{from: days.Number(r.From), to: p.reductionEnd(r)}
			switch {
			case !r.Hours.IsZero():
				pr.hours = toMicro(r.Hours)
			case !r.Percent.IsZero():
				pr.pct = toMicro(r.Percent)
			default:
				pr.pct = p.reductionPct[min(int(r.Reason), len(p.reductionPct)-1)]
			}
			po.reductions = append(po.reductions, pr)
		}
		for _, dr := range dated {
			from, to := dr.span(o.GradeSince)
			po.reductions = append(po.reductions, packedReduction{from: days.Number(from), to: days.Number(to),
				pct: p.reductionPct[min(int(dr.Reason), len(p.reductionPct)-1)]})
		}
	}
	return po
}

// reduction returns the reduction hours in force at day d, in
// micro-hours, capped at the contracted hours. Reductions in hours add up
// as given; percentages add up first and are applied to the contracted
// hours once, truncated to a micro-hour, so that available points can
// never fall as contracted hours rise.
func (po *packedOfficer) reduction(d int64) int64 {
	var total, pct int64
	for _, r := range po.reductions {
		if d >= r.from && d <= r.to {
			total += r.hours
			pct += r.pct
		}
	}
	if pct >= 100*dec.Scale {
		return po.hours
	}
	if pct > 0 {
		total += mulDiv(po.hours, pct, 100*dec.Scale)
	}
	return min(total, po.hours)
}

// checkID records an ID that is missing (when missing is not empty),
// longer than maxIDLen bytes, not valid UTF-8 (which JSON output would
// silently replace), with leading or trailing white space (which CSV
// tools trim, turning two officers into one) or with control characters.
// An ID is exact or refused.
func checkID(l *fault.List, prefix, name, id, missing string) {
	switch {
	case id == "":
		if missing != "" {
			l.Add(prefix+name, "", ErrMissing, missing)
		}
	case len(id) > maxIDLen:
		l.Add(prefix+name, id, ErrOutOfRange, "IDs are at most 128 bytes")
	default:
		if msg := idProblem(id); msg != "" {
			l.Add(prefix+name, id, ErrSyntax, msg)
		}
	}
}

// idProblem says what is wrong with a non-empty ID, or "".
func idProblem(id string) string { return ident.Problem(id) }

const (
	maxIDLen   = 128
	dateLayout = "2006-01-02"
)

var maxWeekHours = decimal.NewFromInt(168)

// checkDecimal records an out-of-bounds decimal and reports whether d is
// usable.
func checkDecimal(l *fault.List, field string, d decimal.Decimal) bool {
	if err := dec.Check(d); err != nil {
		l.Add(field, "(decimal)", ErrOutOfRange, err.Error())
		return false
	}
	return true
}
