package tier

import "github.com/openprobation/caseload/internal/enum"

// CaseType is how a case is served, which decides its weight row. The zero
// value, CaseTypeUnknown, is rejected wherever a case type is needed.
type CaseType uint8

// Case types (docs/domain.md, "Case weights").
const (
	CaseTypeUnknown CaseType = iota
	Community                // an order served in the community
	Licence                  // released from prison on licence
	Custody                  // in prison, pre-release work
)

var caseTypeNames = enum.Names[CaseType]{Pkg: "tier", Type: "case type", Names: []string{"unknown", "community", "licence", "custody"}}

// CaseTypes returns the known case types.
func CaseTypes() []CaseType { return []CaseType{Community, Licence, Custody} }

// ParseCaseType returns the case type named s ("community", "licence",
// "custody").
func ParseCaseType(s string) (CaseType, error) { return caseTypeNames.Parse(s, false) }

// String returns the case type's name.
func (c CaseType) String() string { return caseTypeNames.String(c) }

// MarshalText implements encoding.TextMarshaler.
func (c CaseType) MarshalText() ([]byte, error) {
	if c == CaseTypeUnknown {
		return nil, caseTypeNames.Unknown(c)
	}
	return caseTypeNames.Marshal(c)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (c *CaseType) UnmarshalText(b []byte) error {
	v, err := caseTypeNames.Parse(string(b), false)
	if err == nil {
		*c = v
	}
	return err
}

// ReportKind is a kind of court report. The zero value is unknown.
type ReportKind uint8

// Court report kinds.
const (
	ReportUnknown  ReportKind = iota
	ReportStandard            // a standard pre-sentence report
	ReportFast                // a fast-delivery report
)

var reportNames = enum.Names[ReportKind]{Pkg: "tier", Type: "report kind", Names: []string{"unknown", "standard", "fast"}}

// ReportKinds returns the known report kinds.
func ReportKinds() []ReportKind { return []ReportKind{ReportStandard, ReportFast} }

// ParseReportKind returns the report kind named s.
func ParseReportKind(s string) (ReportKind, error) { return reportNames.Parse(s, false) }

// String returns the kind's name.
func (k ReportKind) String() string { return reportNames.String(k) }

// MarshalText implements encoding.TextMarshaler.
func (k ReportKind) MarshalText() ([]byte, error) {
	if k == ReportUnknown {
		return nil, reportNames.Unknown(k)
	}
	return reportNames.Marshal(k)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (k *ReportKind) UnmarshalText(b []byte) error {
	v, err := reportNames.Parse(string(b), false)
	if err == nil {
		*k = v
	}
	return err
}

// Inactive is why a case is inactive. The zero value, Active, means the
// case is active and keeps all its points.
type Inactive uint8

// Inactive statuses (docs/domain.md, "Case weights").
const (
	Active             Inactive = iota
	Warrant                     // a warrant is outstanding
	UnpaidWorkOnly              // only unpaid work is left
	OverdueTermination          // the order is past its end but not terminated
)

var inactiveNames = enum.Names[Inactive]{Pkg: "tier", Type: "inactive", Names: []string{"active", "warrant", "unpaid-work-only", "overdue-termination"}}

// InactiveStatuses returns the inactive statuses (Active excluded).
func InactiveStatuses() []Inactive { return []Inactive{Warrant, UnpaidWorkOnly, OverdueTermination} }

// ParseInactive returns the status named s; "active" gives Active.
func ParseInactive(s string) (Inactive, error) { return inactiveNames.Parse(s, true) }

// String returns the status's name.
func (i Inactive) String() string { return inactiveNames.String(i) }

// MarshalText implements encoding.TextMarshaler.
func (i Inactive) MarshalText() ([]byte, error) { return inactiveNames.Marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *Inactive) UnmarshalText(b []byte) error {
	v, err := inactiveNames.Parse(string(b), true)
	if err == nil {
		*i = v
	}
	return err
}

// Phase is where a case stands in its sentence, which sets its contact
// requirement. The zero value is unknown.
type Phase uint8

// Phases (docs/domain.md, "Hours and contact" and "Prioritisation").
const (
	PhaseUnknown  Phase = iota
	Critical            // the first weeks after release or commencement
	Standard            // ordinary supervision
	PastTwoThirds       // past the two-thirds point: supervision steps down
	Suspended           // contact suspended (for example a warrant, or a paused licence)
)

var phaseNames = enum.Names[Phase]{Pkg: "tier", Type: "phase", Names: []string{"unknown", "critical", "standard", "past-two-thirds", "suspended"}}

// Phases returns the known phases in sentence order.
func Phases() []Phase { return []Phase{Critical, Standard, PastTwoThirds, Suspended} }

// ParsePhase returns the phase named s.
func ParsePhase(s string) (Phase, error) { return phaseNames.Parse(s, false) }

// String returns the phase's name.
func (p Phase) String() string { return phaseNames.String(p) }

// MarshalText implements encoding.TextMarshaler.
func (p Phase) MarshalText() ([]byte, error) {
	if p == PhaseUnknown {
		return nil, phaseNames.Unknown(p)
	}
	return phaseNames.Marshal(p)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (p *Phase) UnmarshalText(b []byte) error {
	v, err := phaseNames.Parse(string(b), false)
	if err == nil {
		*p = v
	}
	return err
}
