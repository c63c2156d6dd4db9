package risk

import "github.com/openprobation/caseload/internal/enum"

// RoSH is the risk of serious harm level. The zero value, RoSHUnknown,
// means no RoSH assessment: it scores no protect points and makes the
// assessment provisional in spirit (see [Assessment.Provisional]).
type RoSH uint8

// RoSH levels, from lowest to highest.
const (
	RoSHUnknown RoSH = iota
	RoSHLow
	RoSHMedium
	RoSHHigh
	RoSHVeryHigh
)

var roshNames = enum.Names[RoSH]{Pkg: "risk", Type: "rosh", Names: []string{"unknown", "low", "medium", "high", "very-high"}}

// AllRoSH returns the known RoSH levels from lowest to highest.
func AllRoSH() []RoSH { return []RoSH{RoSHLow, RoSHMedium, RoSHHigh, RoSHVeryHigh} }

// String returns the level's name, e.g. "very-high".
func (r RoSH) String() string { return roshNames.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r RoSH) MarshalText() ([]byte, error) { return roshNames.Marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler. "unknown" is accepted
// and means no RoSH assessment.
func (r *RoSH) UnmarshalText(b []byte) error {
	v, err := roshNames.Parse(string(b), true)
	if err == nil {
		*r = v
	}
	return err
}

// MAPPALevel is the level of multi-agency public protection management.
// The zero value, MAPPAUnknown, means the level was not recorded: it is not
// "none". Unknown is a value of its own so that a forgotten or absent field
// is never read as "not managed under MAPPA"; [Assessment.Validate] rejects
// it, and package workload reads a case whose MAPPA level is not recorded
// as protected. MAPPANone says explicitly that the person is not managed
// under MAPPA. Levels order from unknown through none to level 3.
type MAPPALevel uint8

// MAPPA levels.
const (
	MAPPAUnknown MAPPALevel = iota
	MAPPANone
	MAPPALevel1
	MAPPALevel2
	MAPPALevel3
)

var mappaLevelNames = enum.Names[MAPPALevel]{Pkg: "risk", Type: "mappa.level", Names: []string{"unknown", "none", "1", "2", "3"}}

// AllMAPPALevels returns every recorded MAPPA level, none included, lowest
// first (MAPPAUnknown is not a level).
func AllMAPPALevels() []MAPPALevel {
	return []MAPPALevel{MAPPANone, MAPPALevel1, MAPPALevel2, MAPPALevel3}
}

// Recorded reports whether the level was recorded (is not MAPPAUnknown).
func (l MAPPALevel) Recorded() bool { return l != MAPPAUnknown }

// Managed reports whether the person is managed under MAPPA at any level.
func (l MAPPALevel) Managed() bool { return l >= MAPPALevel1 && l <= MAPPALevel3 }

// Number returns the level as a number, 1 to 3, and 0 for none or unknown.
func (l MAPPALevel) Number() int {
	if l.Managed() {
		return int(l - MAPPANone)
	}
	return 0
}

// String returns "unknown", "none", "1", "2" or "3".
func (l MAPPALevel) String() string { return mappaLevelNames.String(l) }

// MarshalText implements encoding.TextMarshaler.
func (l MAPPALevel) MarshalText() ([]byte, error) { return mappaLevelNames.Marshal(l) }

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is
// accepted and means not recorded.
func (l *MAPPALevel) UnmarshalText(b []byte) error {
	v, err := mappaLevelNames.Parse(string(b), true)
	if err == nil {
		*l = v
	}
	return err
}

// MAPPACategory is the MAPPA category (1–4). The zero value, MAPPACategoryNone,
// goes with MAPPANone; a category without a level is invalid.
type MAPPACategory uint8

// MAPPA categories.
const (
	MAPPACategoryNone MAPPACategory = iota
	MAPPACategory1
	MAPPACategory2
	MAPPACategory3
	MAPPACategory4
)

var mappaCategoryNames = enum.Names[MAPPACategory]{Pkg: "risk", Type: "mappa.category", Names: []string{"none", "1", "2", "3", "4"}}

// AllMAPPACategories returns every MAPPA category, none included.
func AllMAPPACategories() []MAPPACategory {
	return []MAPPACategory{MAPPACategoryNone, MAPPACategory1, MAPPACategory2, MAPPACategory3, MAPPACategory4}
}

// String returns "none", "1", "2", "3" or "4".
func (c MAPPACategory) String() string { return mappaCategoryNames.String(c) }

// MarshalText implements encoding.TextMarshaler.
func (c MAPPACategory) MarshalText() ([]byte, error) { return mappaCategoryNames.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *MAPPACategory) UnmarshalText(b []byte) error {
	v, err := mappaCategoryNames.Parse(string(b), true)
	if err == nil {
		*c = v
	}
	return err
}

// Flag is a registration on the person's record. The zero value,
// FlagUnknown, is never a valid flag.
type Flag uint8

// Flags (registrations).
const (
	FlagUnknown          Flag = iota
	FlagDomesticAbuse         // domestic abuse perpetrator
	FlagStalking              // stalking
	FlagChildProtection       // active child protection
	FlagLifer                 // life sentence or IPP
	FlagIOM                   // integrated offender management
	FlagUnsupervised          // "S": past the two-thirds point under the 2024 reset
	FlagNationalSecurity      // national security
	FlagSexual                // sexual offence (used by prioritisation exemptions)
	FlagSeriousViolence       // serious violence (used by prioritisation exemptions)
)

var flagNames = enum.Names[Flag]{Pkg: "risk", Type: "flag", Names: []string{
	"unknown", "domestic-abuse", "stalking", "child-protection", "lifer-ipp", "iom",
	"unsupervised", "national-security", "sexual", "serious-violence",
}}

// AllFlags returns every flag in value order.
func AllFlags() []Flag {
	out := make([]Flag, 0, len(flagNames.Names)-1)
	for i := 1; i < len(flagNames.Names); i++ {
		out = append(out, Flag(i))
	}
	return out
}

// String returns the flag's name, e.g. "domestic-abuse".
func (f Flag) String() string { return flagNames.String(f) }

// MarshalText implements encoding.TextMarshaler.
func (f Flag) MarshalText() ([]byte, error) {
	if f == 0 {
		return nil, flagNames.Unknown(f)
	}
	return flagNames.Marshal(f)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (f *Flag) UnmarshalText(b []byte) error {
	v, err := flagNames.Parse(string(b), false)
	if err == nil {
		*f = v
	}
	return err
}

// Factor is a complexity factor; each counts once, for 2 protect points.
type Factor uint8

// The ten complexity factors of docs/domain.md, "Risk inputs".
const (
	FactorUnknown Factor = iota
	FactorMentalHealth
	FactorSelfHarm // self-harm or suicide attempt
	FactorVulnerability
	FactorChildConcerns
	FactorChildProtection
	FactorRiskToChildren
	FactorPublicInterest
	FactorAdultAtRisk
	FactorStreetGangs
	FactorTerrorism
)

var factorNames = enum.Names[Factor]{Pkg: "risk", Type: "complexity", Names: []string{
	"unknown", "mental-health", "self-harm", "vulnerability", "child-concerns", "child-protection",
	"risk-to-children", "public-interest", "adult-at-risk", "street-gangs", "terrorism",
}}

// AllFactors returns the ten complexity factors in value order.
func AllFactors() []Factor {
	out := make([]Factor, 0, 10)
	for i := 1; i < len(factorNames.Names); i++ {
		out = append(out, Factor(i))
	}
	return out
}

// String returns the factor's name, e.g. "mental-health".
func (f Factor) String() string { return factorNames.String(f) }

// MarshalText implements encoding.TextMarshaler.
func (f Factor) MarshalText() ([]byte, error) {
	if f == 0 {
		return nil, factorNames.Unknown(f)
	}
	return factorNames.Marshal(f)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (f *Factor) UnmarshalText(b []byte) error {
	v, err := factorNames.Parse(string(b), false)
	if err == nil {
		*f = v
	}
	return err
}

// WomenFactor is one of the additional complexity factors assessed for
// women, each worth 2 protect points.
type WomenFactor uint8

// The three additional factors for women.
const (
	WomenFactorUnknown     WomenFactor = iota
	WomenFactorParenting               // parenting responsibilities
	WomenFactorImpulsivity             // impulsivity or temper control
	WomenFactorBreach                  // previous breach or recall
)

var womenFactorNames = enum.Names[WomenFactor]{Pkg: "risk", Type: "women-factor", Names: []string{
	"unknown", "parenting", "impulsivity", "breach-or-recall",
}}

// AllWomenFactors returns the three additional factors for women.
func AllWomenFactors() []WomenFactor {
	return []WomenFactor{WomenFactorParenting, WomenFactorImpulsivity, WomenFactorBreach}
}

// String returns the factor's name, e.g. "parenting".
func (f WomenFactor) String() string { return womenFactorNames.String(f) }

// MarshalText implements encoding.TextMarshaler.
func (f WomenFactor) MarshalText() ([]byte, error) {
	if f == 0 {
		return nil, womenFactorNames.Unknown(f)
	}
	return womenFactorNames.Marshal(f)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (f *WomenFactor) UnmarshalText(b []byte) error {
	v, err := womenFactorNames.Parse(string(b), false)
	if err == nil {
		*f = v
	}
	return err
}

// Need is a criminogenic need. Finance and emotional wellbeing are assessed
// but carry no weight in classification.
type Need uint8

// Criminogenic needs.
const (
	NeedUnknown Need = iota
	NeedAccommodation
	NeedETE // education, training and employment
	NeedRelationships
	NeedLifestyle // lifestyle and associates
	NeedDrugMisuse
	NeedAlcoholMisuse
	NeedThinkingBehaviour // thinking and behaviour
	NeedAttitudes
	NeedFinance
	NeedEmotionalWellbeing
)

var needNames = enum.Names[Need]{Pkg: "risk", Type: "need", Names: []string{
	"unknown", "accommodation", "ete", "relationships", "lifestyle", "drug-misuse",
	"alcohol-misuse", "thinking-behaviour", "attitudes", "finance", "emotional-wellbeing",
}}

// AllNeeds returns every criminogenic need in value order.
func AllNeeds() []Need {
	out := make([]Need, 0, 10)
	for i := 1; i < len(needNames.Names); i++ {
		out = append(out, Need(i))
	}
	return out
}

// Weight returns the need's weight in change points (docs/domain.md, "Tiers"): 2 for
// thinking & behaviour and attitudes, 0 for finance and emotional
// wellbeing, 1 for the others.
func (n Need) Weight() int {
	switch n {
	case NeedThinkingBehaviour, NeedAttitudes:
		return 2
	case NeedFinance, NeedEmotionalWellbeing, NeedUnknown:
		return 0
	}
	if n < Need(len(needNames.Names)) {
		return 1
	}
	return 0
}

// String returns the need's name, e.g. "thinking-behaviour".
func (n Need) String() string { return needNames.String(n) }

// MarshalText implements encoding.TextMarshaler (needs are JSON map keys).
// The unknown need has no text form.
func (n Need) MarshalText() ([]byte, error) {
	if n == 0 {
		return nil, needNames.Unknown(n)
	}
	return needNames.Marshal(n)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (n *Need) UnmarshalText(b []byte) error {
	v, err := needNames.Parse(string(b), false)
	if err == nil {
		*n = v
	}
	return err
}

// Severity is how severe a criminogenic need is. The zero value,
// SeverityNone, means the need is not present.
type Severity uint8

// Severities, with their multipliers in change points.
const (
	SeverityNone     Severity = iota // ×0
	SeverityStandard                 // ×1
	SeveritySevere                   // ×2
)

var severityNames = enum.Names[Severity]{Pkg: "risk", Type: "severity", Names: []string{"none", "standard", "severe"}}

// AllSeverities returns the severities, lowest first.
func AllSeverities() []Severity { return []Severity{SeverityNone, SeverityStandard, SeveritySevere} }

// Multiplier returns 0, 1 or 2.
func (s Severity) Multiplier() int {
	if s <= SeveritySevere {
		return int(s)
	}
	return 0
}

// String returns "none", "standard" or "severe".
func (s Severity) String() string { return severityNames.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return severityNames.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := severityNames.Parse(string(b), true)
	if err == nil {
		*s = v
	}
	return err
}

// Mandate says whether the sentence gives a mandate for change. The zero
// value, MandateUnknown, is rejected by validation: a forgotten field must
// not silently put a case at change level 0.
type Mandate uint8

// Mandate values.
const (
	MandateUnknown Mandate = iota
	MandateYes             // the orders include rehabilitative work
	MandateNo              // only unpaid work or restrictive requirements
)

var mandateNames = enum.Names[Mandate]{Pkg: "risk", Type: "mandate", Names: []string{"unknown", "yes", "no"}}

// String returns "unknown", "yes" or "no".
func (m Mandate) String() string { return mandateNames.String(m) }

// MarshalText implements encoding.TextMarshaler.
func (m Mandate) MarshalText() ([]byte, error) { return mandateNames.Marshal(m) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Mandate) UnmarshalText(b []byte) error {
	v, err := mandateNames.Parse(string(b), true)
	if err == nil {
		*m = v
	}
	return err
}

// Sex is recorded because the additional factors for women apply only to
// women. The zero value, SexUnknown, is allowed.
type Sex uint8

// Sex values.
const (
	SexUnknown Sex = iota
	SexMale
	SexFemale
)

var sexNames = enum.Names[Sex]{Pkg: "risk", Type: "sex", Names: []string{"unknown", "male", "female"}}

// String returns "unknown", "male" or "female".
func (s Sex) String() string { return sexNames.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Sex) MarshalText() ([]byte, error) { return sexNames.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Sex) UnmarshalText(b []byte) error {
	v, err := sexNames.Parse(string(b), true)
	if err == nil {
		*s = v
	}
	return err
}
