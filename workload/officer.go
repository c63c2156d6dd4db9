package workload

import (
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
)

// Grade is an officer's grade. The zero value, GradeUnknown, is rejected.
type Grade uint8

// Grades (DOMAIN.md §5).
const (
	GradeUnknown Grade = iota
	PO                 // probation officer
	PSO                // probation services officer
	SPO                // senior probation officer, a manager: no case hours by default
	PQiP               // trainee on the Professional Qualification in Probation
	NQO                // newly qualified officer
)

var gradeNames = enum.Names[Grade]{Pkg: "workload", Type: "grade", Names: []string{"unknown", "PO", "PSO", "SPO", "PQiP", "NQO"}}

// Grades returns the known grades.
func Grades() []Grade { return []Grade{PO, PSO, SPO, PQiP, NQO} }

// ParseGrade returns the grade named s ("PO", "PSO", "SPO", "PQiP", "NQO").
func ParseGrade(s string) (Grade, error) { return gradeNames.Parse(s, false) }

// String returns the grade's name.
func (g Grade) String() string { return gradeNames.String(g) }

// MarshalText implements encoding.TextMarshaler.
func (g Grade) MarshalText() ([]byte, error) {
	if g == GradeUnknown {
		return nil, gradeNames.Unknown(g)
	}
	return gradeNames.Marshal(g)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (g *Grade) UnmarshalText(b []byte) error {
	v, err := gradeNames.Parse(string(b), false)
	if err == nil {
		*g = v
	}
	return err
}

// Reason is why an officer's hours are reduced. Built-in reasons carry the
// reference percentage of contracted hours of DOMAIN.md §5, used when a
// [Reduction] gives neither hours nor a percentage.
type Reason uint8

// Reduction reasons.
const (
	ReasonUnknown    Reason = iota
	PQiPStage1              // trainee, months 0–6: 80%
	PQiPStage2              // trainee, months 6–12: 60%
	PQiPStage3              // trainee, months 12–18: 40%
	NewlyQualified          // newly qualified officer, 9 months: 20%
	TradeUnion              // trade union facility time: up to 50%, amount required
	LongTermSickness        // 100%
	Maternity               // maternity or adoption leave (6 months): 100%
	SpecialLeave            // 100%
	OtherReason             // any other reason: amount required
)

var reasonNames = enum.Names[Reason]{Pkg: "workload", Type: "reason", Names: []string{
	"unknown", "pqip-stage-1", "pqip-stage-2", "pqip-stage-3", "newly-qualified", "trade-union",
	"long-term-sickness", "maternity", "special-leave", "other",
}}

// Reasons returns the known reduction reasons.
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonNames.Names)-1)
	for i := 1; i < len(reasonNames.Names); i++ {
		out = append(out, Reason(i))
	}
	return out
}

// ParseReason returns the reason named s.
func ParseReason(s string) (Reason, error) { return reasonNames.Parse(s, false) }

// String returns the reason's name.
func (r Reason) String() string { return reasonNames.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r Reason) MarshalText() ([]byte, error) {
	if r == ReasonUnknown {
		return nil, reasonNames.Unknown(r)
	}
	return reasonNames.Marshal(r)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (r *Reason) UnmarshalText(b []byte) error {
	v, err := reasonNames.Parse(string(b), false)
	if err == nil {
		*r = v
	}
	return err
}

// DefaultPercent returns the reference percentage of contracted hours for
// the reason and true, or false for reasons whose amount must be given
// (trade union, other).
func (r Reason) DefaultPercent() (decimal.Decimal, bool) {
	switch r {
	case PQiPStage1:
		return decimal.NewFromInt(80), true
	case PQiPStage2:
		return decimal.NewFromInt(60), true
	case PQiPStage3:
		return decimal.NewFromInt(40), true
	case NewlyQualified:
		return decimal.NewFromInt(20), true
	case LongTermSickness, Maternity, SpecialLeave:
		return decimal.NewFromInt(100), true
	}
	return decimal.Zero, false
}

// MaxPercent returns the most a reduction for the reason may take: 50% for
// trade union facility time, 100% otherwise.
func (r Reason) MaxPercent() decimal.Decimal {
	if r == TradeUnion {
		return decimal.NewFromInt(50)
	}
	return decimal.NewFromInt(100)
}

// Reduction takes hours off an officer's contracted hours between two
// dates. Give Hours or Percent (of contracted hours), not both; with
// neither, the reason's reference percentage applies. From is the first
// day it applies and To the last (inclusive); a zero To means open-ended.
type Reduction struct {
	Reason  Reason          `json:"reason"`
	Hours   decimal.Decimal `json:"hours"`
	Percent decimal.Decimal `json:"percent"`
	From    time.Time       `json:"from"`
	To      time.Time       `json:"to"`
	Note    string          `json:"note,omitempty"`
}

// Applies reports whether the reduction is in force on asOf's date.
func (r Reduction) Applies(asOf time.Time) bool {
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
		l.Add(prefix+".grade", o.Grade.String(), ErrUnknown, "want PO, PSO, SPO, PQiP or NQO")
	}
	hoursOK := checkDecimal(l, prefix+".hours", o.Hours)
	if hoursOK && o.Hours.IsNegative() {
		l.Add(prefix+".hours", o.Hours.String(), ErrOutOfRange, "contracted hours must not be negative")
	}
	if hoursOK && o.Hours.GreaterThan(maxWeekHours) {
		l.Add(prefix+".hours", o.Hours.String(), ErrOutOfRange, "more than 168 hours a week")
	}
	for i := range o.Reductions {
		r := &o.Reductions[i]
		rp := prefix + ".reductions[" + strconv.Itoa(i) + "]"
		if !reasonNames.Valid(r.Reason) {
			l.Add(rp+".reason", r.Reason.String(), ErrUnknown, "")
		}
		hOK := checkDecimal(l, rp+".hours", r.Hours)
		pOK := checkDecimal(l, rp+".percent", r.Percent)
		if hOK && r.Hours.IsNegative() {
			l.Add(rp+".hours", r.Hours.String(), ErrOutOfRange, "must not be negative")
		}
		if pOK && r.Percent.IsNegative() {
			l.Add(rp+".percent", r.Percent.String(), ErrOutOfRange, "must not be negative")
		}
		if hOK && pOK && !r.Hours.IsZero() && !r.Percent.IsZero() {
			l.Add(rp, r.Hours.String()+" h and "+r.Percent.String()+"%", ErrInconsistent, "give hours or a percentage, not both")
		}
		if pOK && r.Percent.GreaterThan(r.Reason.MaxPercent()) {
			l.Add(rp+".percent", r.Percent.String(), ErrOutOfRange, "more than "+r.Reason.MaxPercent().String()+"% for "+r.Reason.String())
		}
		if hOK && hoursOK && r.Hours.GreaterThan(o.Hours) {
			l.Add(rp+".hours", r.Hours.String(), ErrOutOfRange, "more than the contracted "+o.Hours.String()+" hours")
		}
		if hOK && pOK && r.Hours.IsZero() && r.Percent.IsZero() {
			if _, ok := r.Reason.DefaultPercent(); !ok && reasonNames.Valid(r.Reason) {
				l.Add(rp, r.Reason.String(), ErrMissing, "this reason needs hours or a percentage")
			}
		}
		if r.From.IsZero() {
			l.Add(rp+".from", "", ErrMissing, "a reduction needs a start date")
		}
		checkDate(l, rp, ".from", r.From)
		checkDate(l, rp, ".to", r.To)
		if !r.To.IsZero() && !r.From.IsZero() && days.Number(r.To) < days.Number(r.From) {
			l.Add(rp+".to", r.To.Format(dateLayout), ErrInconsistent, "ends before it starts on "+r.From.Format(dateLayout))
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

// pack compiles a valid officer.
func (o *Officer) pack() packedOfficer {
	po := packedOfficer{hours: toMicro(o.Hours)}
	if len(o.Reductions) > 0 {
		po.reductions = make([]packedReduction, len(o.Reductions))
		for i := range o.Reductions {
			r := &o.Reductions[i]
			pr := packedReduction{from: days.Number(r.From), to: noEnd}
			if !r.To.IsZero() {
				pr.to = days.Number(r.To)
			}
			if !r.Hours.IsZero() {
				pr.hours = toMicro(r.Hours)
			} else {
				pct := r.Percent
				if pct.IsZero() {
					pct, _ = r.Reason.DefaultPercent()
				}
				pr.pct = toMicro(pct)
			}
			po.reductions[i] = pr
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
func idProblem(id string) string {
	ascii := true
	for i := 0; i < len(id); i++ {
		b := id[i]
		if b >= 0x80 {
			ascii = false
			break
		}
		if b < 0x20 || b == 0x7f {
			return "IDs must not contain control characters"
		}
	}
	if ascii {
		if id[0] == ' ' || id[len(id)-1] == ' ' {
			return "IDs must not begin or end with white space"
		}
		return ""
	}
	if !utf8.ValidString(id) {
		return "IDs must be valid UTF-8"
	}
	for _, r := range id {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return "IDs must not contain control characters"
		}
	}
	first, _ := utf8.DecodeRuneInString(id)
	last, _ := utf8.DecodeLastRuneInString(id)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return "IDs must not begin or end with white space"
	}
	return ""
}

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
