package workload

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/internal/strictjson"
	"github.com/openprobation/caseload/tier"
)

// MaxPolicyBytes bounds the policy documents [DecodeConfig] reads.
const MaxPolicyBytes = 4 << 20

var roundingNames = enum.Names[Rounding]{Pkg: "workload", Type: "rounding", Names: []string{"unknown", "half-up", "half-even", "down"}}

// String returns "half-up", "half-even" or "down".
func (r Rounding) String() string { return roundingNames.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r Rounding) MarshalText() ([]byte, error) {
	if r == RoundUnknown {
		return nil, roundingNames.Unknown(r)
	}
	return roundingNames.Marshal(r)
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Rounding) UnmarshalText(b []byte) error {
	v, err := roundingNames.Parse(string(b), false)
	if err == nil {
		*r = v
	}
	return err
}

// GradeConfig sets what an officer of a grade can carry: Target points for
// a full-time officer working DefaultHours a week. A Target of 0 means the
// grade holds no cases (senior probation officers by default).
type GradeConfig struct {
	Target       decimal.Decimal `json:"target"`
	DefaultHours decimal.Decimal `json:"defaultHours"`
}

// Bands are the capacity thresholds, in percent: a load above Over is
// over capacity and above Red is red. A load exactly at a threshold is not
// above it (209 of 190 is exactly 110% and is not over 110%).
type Bands struct {
	Over decimal.Decimal `json:"over"`
	Red  decimal.Decimal `json:"red"`
}

// Sustained sets when overload counts as sustained: above Threshold
// percent for Weeks consecutive weekly snapshots.
type Sustained struct {
	Threshold decimal.Decimal `json:"threshold"`
	Weeks     int             `json:"weeks"`
}

// RoundingConfig sets the places and mode of each figure. Figures are
// computed exactly and rounded once, here; bands and thresholds compare
// exact ratios, never rounded ones.
type RoundingConfig struct {
	// AvailablePlaces and AvailableMode round available points.
	AvailablePlaces int      `json:"availablePlaces"`
	AvailableMode   Rounding `json:"availableMode"`
	// CapacityPlaces and CapacityMode round capacity percentages (and the
	// shares in distributions).
	CapacityPlaces int      `json:"capacityPlaces"`
	CapacityMode   Rounding `json:"capacityMode"`
	// HoursPlaces and HoursMode round the hours model's figures.
	HoursPlaces int      `json:"hoursPlaces"`
	HoursMode   Rounding `json:"hoursMode"`
}

// Config is every tunable number of a policy, as plain data. Build one
// with [DefaultConfig] or [DecodeConfig], change what you need, and turn
// it into an immutable [Policy] with [NewPolicy], which validates it.
type Config struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Tiers is the tier table: scheme, weights and contact requirements.
	Tiers *tier.Table `json:"tiers"`
	// Grades gives the target and default hours of every grade.
	Grades map[Grade]GradeConfig `json:"grades"`
	Bands  Bands                 `json:"bands"`
	// Distribution lists the thresholds (percent) roll-ups count officers
	// above, in increasing order; 100, 110 and 120 by default.
	Distribution []decimal.Decimal `json:"distribution"`
	// RawCountCeiling is the most cases an officer should hold whatever the
	// points say (50: inspectors found quality falls above it).
	RawCountCeiling int            `json:"rawCountCeiling"`
	Sustained       Sustained      `json:"sustained"`
	Rounding        RoundingConfig `json:"rounding"`
	// ReferenceCompatible reproduces the national tool: available points
	// are truncated to whole points (overriding Rounding.AvailablePlaces
	// and AvailableMode).
	ReferenceCompatible bool `json:"referenceCompatible"`
	// Allocation holds the allocation and blended-caseload rules.
	Allocation AllocationConfig `json:"allocation"`
	// Priority holds the prioritisation ladder and urgency settings.
	Priority PriorityConfig `json:"priority"`
}

// DefaultConfig returns a fresh copy of the reference configuration:
// the England & Wales reference tier table, a nominal target of 2,176
// points for a 37-hour week for PO, PSO, PQiP and NQO and 0 for SPO
// (managers hold no cases), bands at 100% and 110%, distribution
// thresholds 100, 110 and 120, a raw-count ceiling of 50, sustained
// overload above 110% for 4 weeks (DOMAIN.md §5, §7), available points
// rounded half up to 2 places, capacity to 3 places and hours to 2, and
// the default allocation rules and prioritisation ladder (see
// [AllocationConfig] and [PriorityConfig] for which numbers come from
// DOMAIN.md and which are caseload's own illustrative choices).
func DefaultConfig() Config {
	full := GradeConfig{Target: decimal.NewFromInt(2176), DefaultHours: decimal.NewFromInt(37)}
	return Config{
		Name:    "england-wales-reference",
		Version: "2026.11.0",
		Tiers:   tier.Reference(),
		Grades: map[Grade]GradeConfig{
			PO:   full,
			PSO:  full,
			PQiP: full,
			NQO:  full,
			SPO:  {Target: decimal.Zero, DefaultHours: decimal.NewFromInt(37)},
		},
		Bands:           Bands{Over: decimal.NewFromInt(100), Red: decimal.NewFromInt(110)},
		Distribution:    []decimal.Decimal{decimal.NewFromInt(100), decimal.NewFromInt(110), decimal.NewFromInt(120)},
		RawCountCeiling: 50,
		Sustained:       Sustained{Threshold: decimal.NewFromInt(110), Weeks: 4},
		Rounding: RoundingConfig{
			AvailablePlaces: 2, AvailableMode: RoundHalfUp,
			CapacityPlaces: 3, CapacityMode: RoundHalfUp,
			HoursPlaces: 2, HoursMode: RoundHalfUp,
		},
		Allocation: defaultAllocationConfig(),
		Priority:   defaultPriorityConfig(),
	}
}

// DecodeConfig reads a policy document strictly: unknown fields, trailing
// data, documents over MaxPolicyBytes and unbounded decimals are errors.
// It does not validate the contents; [NewPolicy] does.
func DecodeConfig(r io.Reader) (Config, error) {
	var c Config
	if err := strictjson.Decode(r, &c, MaxPolicyBytes, policyFieldNames()); err != nil {
		return Config{}, fault.Syntax("workload", "policy", err)
	}
	return c, nil
}

// policyFieldNames returns the JSON field names of a policy document (Config and every type inside it, the tier table included), for
// exact-key decoding (see strictjson.Keys); TestFieldNames checks the list
// against the types.
func policyFieldNames() strictjson.Keys {
	return strictjson.NewKeys(
		"action", "allocation", "alreadyHeld", "availableMode", "availablePlaces", "bands",
		"capacityMode", "capacityPlaces", "caps", "caseTypeIn", "coWorking", "code",
		"conservative", "contacts", "courtReports", "criticalPeriodDays", "days", "default",
		"defaultHours", "den", "distribution", "eligibility", "escalation", "escalationDays",
		"exceptFlags", "faceToFace", "flagCaps", "flags", "flagsAny", "grade", "grades",
		"highProtect", "hoursMode", "hoursPlaces", "imminence", "imminenceDays",
		"inactivePercent", "intensive", "letters", "mappa", "mappaAtLeast", "max",
		"maxAssessmentAgeDays", "maxPercent", "minCases", "minutes", "name", "noCapacity",
		"notAlone", "notes", "num", "over", "overdue", "overdueCapDays", "phaseIn", "priority",
		"rawCount", "rawCountCeiling", "reason", "red", "reduceFactor", "referenceCompatible",
		"rosh", "roshAtLeast", "roshAtMost", "rounding", "rules", "scheme", "share",
		"sustained", "target", "threshold", "tierIn", "tiers", "unit", "unsettled", "urgency",
		"version", "weeks", "weeksSinceReleaseAtLeast", "weights", "when", "youngAdultWeights",
	)
}

// DecodePolicy reads a policy document strictly and builds the policy.
func DecodePolicy(r io.Reader) (*Policy, error) {
	c, err := DecodeConfig(r)
	if err != nil {
		return nil, err
	}
	return NewPolicy(c)
}

// Clone returns a deep copy of the configuration.
func (c Config) Clone() Config {
	out := c
	out.Tiers = c.Tiers.Clone()
	if c.Grades != nil {
		out.Grades = make(map[Grade]GradeConfig, len(c.Grades))
		for k, v := range c.Grades {
			out.Grades[k] = v
		}
	}
	out.Distribution = append([]decimal.Decimal(nil), c.Distribution...)
	out.Allocation = c.Allocation.clone()
	out.Priority = c.Priority.clone()
	return out
}

// maxDistribution is the most distribution thresholds a policy may list.
const maxDistribution = 16

// Validate reports every problem with the configuration at once: the
// first MaxReportedProblems listed, the rest counted in one final error,
// so that a huge bad document cannot produce a huge error.
func (c Config) Validate() error {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	c.validate(&l)
	return l.Err()
}

func (c Config) validate(l *fault.List) {
	if c.Name == "" {
		l.Add("name", "", ErrMissing, "a policy needs a name")
	}
	if c.Version == "" {
		l.Add("version", "", ErrMissing, "a policy needs a version")
	}
	if c.Tiers == nil {
		l.Add("tiers", "", ErrMissing, "a policy needs a tier table")
	} else {
		l.AddErr(c.Tiers.Validate())
	}
	for _, g := range Grades() {
		gc, ok := c.Grades[g]
		field := "grades." + g.String()
		if !ok {
			l.Add(field, "", ErrMissing, "no target for this grade")
			continue
		}
		checkBetween(l, field+".target", gc.Target, decimal.Zero, maxTargetDec)
		checkBetween(l, field+".defaultHours", gc.DefaultHours, minDefaultHrs, maxWeekHours)
	}
	if c.Tiers != nil {
		c.checkWeightBounds(l)
	}
	if _, bad := c.Grades[GradeUnknown]; bad {
		l.Add("grades", "unknown", ErrUnknown, "not a grade")
	}
	okOver := checkDecimal(l, "bands.over", c.Bands.Over)
	okRed := checkDecimal(l, "bands.red", c.Bands.Red)
	if okOver && !c.Bands.Over.IsPositive() {
		l.Add("bands.over", c.Bands.Over.String(), ErrOutOfRange, "must be above 0")
	}
	if okOver && okRed && c.Bands.Red.LessThan(c.Bands.Over) {
		l.Add("bands.red", c.Bands.Red.String(), ErrInconsistent, "must not be below bands.over "+c.Bands.Over.String())
	}
	dist := c.Distribution
	if len(dist) > maxDistribution {
		dist = nil // counted below; checking millions of entries one by one is the attack
	}
	for i, d := range dist {
		field := "distribution[" + strconv.Itoa(i) + "]"
		if !checkDecimal(l, field, d) {
			continue
		}
		if !d.IsPositive() {
			l.Add(field, d.String(), ErrOutOfRange, "must be above 0")
		}
		if i > 0 && dec.Check(c.Distribution[i-1]) == nil && !d.GreaterThan(c.Distribution[i-1]) {
			l.Add(field, d.String(), ErrInconsistent, "thresholds must increase")
		}
	}
	if len(c.Distribution) > maxDistribution {
		l.Add("distribution", strconv.Itoa(len(c.Distribution))+" thresholds", ErrOutOfRange, "at most 16 thresholds")
	}
	if c.RawCountCeiling < 1 || c.RawCountCeiling > 100000 {
		l.Add("rawCountCeiling", strconv.Itoa(c.RawCountCeiling), ErrOutOfRange, "must be between 1 and 100000")
	}
	if checkDecimal(l, "sustained.threshold", c.Sustained.Threshold) && !c.Sustained.Threshold.IsPositive() {
		l.Add("sustained.threshold", c.Sustained.Threshold.String(), ErrOutOfRange, "must be above 0")
	}
	if c.Sustained.Weeks < 1 || c.Sustained.Weeks > 520 {
		l.Add("sustained.weeks", strconv.Itoa(c.Sustained.Weeks), ErrOutOfRange, "must be between 1 and 520")
	}
	r := c.Rounding
	for _, x := range []struct {
		name   string
		places int
		mode   Rounding
	}{{"available", r.AvailablePlaces, r.AvailableMode}, {"capacity", r.CapacityPlaces, r.CapacityMode}, {"hours", r.HoursPlaces, r.HoursMode}} {
		if x.places < 0 || x.places > dec.MaxPlaces {
			l.Add("rounding."+x.name+"Places", strconv.Itoa(x.places), ErrOutOfRange, "must be between 0 and 6")
		}
		if !roundingNames.Valid(x.mode) {
			l.Add("rounding."+x.name+"Mode", x.mode.String(), ErrUnknown, "want half-up, half-even or down")
		}
	}
	c.Allocation.validate(l, c.Tiers)
	c.Priority.validate(l, c.Tiers)
}

// checkWeightBounds records weights and court report weights above
// MaxWeight; the tier table reports the rest (missing, negative, unbounded).
func (c Config) checkWeightBounds(l *fault.List) {
	t := c.Tiers
	for _, w := range []struct {
		name string
		w    tier.Weights
	}{{"tiers.weights", t.Weights}, {"tiers.youngAdultWeights", t.YoungAdult}} {
		for _, ct := range tier.CaseTypes() {
			for _, tr := range t.Scheme.Tiers() {
				if d, ok := w.w[ct][tr]; ok && dec.Check(d) == nil && d.GreaterThan(maxWeightDec) {
					l.Add(w.name+"."+ct.String()+"."+string(tr), d.String(), ErrOutOfRange, "at most "+maxWeightDec.String()+" points")
				}
			}
		}
	}
	for _, k := range tier.ReportKinds() {
		if d, ok := t.CourtReports[k]; ok && dec.Check(d) == nil && d.GreaterThan(maxWeightDec) {
			l.Add("tiers.courtReports."+k.String(), d.String(), ErrOutOfRange, "at most "+maxWeightDec.String()+" points")
		}
	}
}

// PolicyRef names the policy that produced a result.
type PolicyRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Policy is a validated, compiled configuration: every tunable number and
// the methods that use them. A Policy is immutable once built and safe for
// concurrent use by many goroutines. Build one with [NewPolicy],
// [DefaultPolicy] or [DecodePolicy].
type Policy struct {
	cfg    Config
	scheme tier.Scheme
	ntier  int
	// weights[ya][caseType][tierIndex] in micro-points.
	weights [2][4][]int64
	// share[inactive] in micro-percent.
	share [4]int64
	// reports[kind] in micro-points.
	reports [3]int64
	// contact[tierIndex][phase] is the requirement; weekMicro the same as
	// micro-minutes a week.
	contact     [][5]tier.Contact
	weekMicro   [][5]int64
	critical    int64
	grades      [6]gradeFixed
	over, red   int64 // micro-percent
	dist        []int64
	sustained   int64
	availPlaces int
	availMode   Rounding
	letters     []int8 // tier index → 0..3 for A..D, -1 otherwise
}

type gradeFixed struct {
	target, hours int64 // micro-points, micro-hours
}

// NewPolicy validates the configuration, reporting every problem at once,
// and compiles it into an immutable Policy. The Policy keeps its own deep
// copy: later changes to cfg do not affect it.
func NewPolicy(cfg Config) (*Policy, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.Clone()
	p := &Policy{cfg: cfg, scheme: cfg.Tiers.Scheme, ntier: cfg.Tiers.Scheme.Len()}
	n := p.ntier
	for ya := 0; ya < 2; ya++ {
		w := cfg.Tiers.Weights
		if ya == 1 {
			w = cfg.Tiers.YoungAdult
		}
		for _, ct := range tier.CaseTypes() {
			row := make([]int64, n)
			for i := 0; i < n; i++ {
				t, _ := p.scheme.At(i)
				row[i] = toMicro(w[ct][t])
			}
			p.weights[ya][ct] = row
		}
	}
	p.share[tier.Active] = 100 * dec.Scale
	for _, s := range tier.InactiveStatuses() {
		p.share[s] = toMicro(cfg.Tiers.InactivePercent[s])
	}
	for _, k := range tier.ReportKinds() {
		p.reports[k] = toMicro(cfg.Tiers.CourtReports[k])
	}
	p.contact = make([][5]tier.Contact, n)
	p.weekMicro = make([][5]int64, n)
	p.letters = make([]int8, n)
	for i := 0; i < n; i++ {
		t, _ := p.scheme.At(i)
		for _, ph := range tier.Phases() {
			c := cfg.Tiers.Contacts[t][ph]
			p.contact[i][ph] = c
			if c.Contacts > 0 {
				// minutes a week = contacts × minutes × 7 ÷ days, in
				// micro-minutes rounded half up.
				num := int64(c.Contacts) * int64(c.Minutes) * 7 * dec.Scale
				p.weekMicro[i][ph] = roundQuotient(num, int64(c.Days), RoundHalfUp)
			}
		}
		p.letters[i] = -1
		if l, ok := t.Letter(); ok {
			p.letters[i] = int8(l - 'A')
		}
	}
	p.critical = int64(cfg.Tiers.CriticalPeriodDays)
	for _, g := range Grades() {
		gc := cfg.Grades[g]
		p.grades[g] = gradeFixed{target: toMicro(gc.Target), hours: toMicro(gc.DefaultHours)}
	}
	p.over = toMicro(cfg.Bands.Over)
	p.red = toMicro(cfg.Bands.Red)
	for _, d := range cfg.Distribution {
		p.dist = append(p.dist, toMicro(d))
	}
	p.sustained = toMicro(cfg.Sustained.Threshold)
	p.availPlaces, p.availMode = cfg.Rounding.AvailablePlaces, cfg.Rounding.AvailableMode
	if cfg.ReferenceCompatible {
		p.availPlaces, p.availMode = 0, RoundDown
	}
	return p, nil
}

// DefaultPolicy returns a fresh policy built from [DefaultConfig].
func DefaultPolicy() *Policy {
	p, err := NewPolicy(DefaultConfig())
	if err != nil {
		// DefaultConfig is tested on every build; failing here is a
		// programmer error in this package.
		panic("workload: default policy is invalid: " + err.Error())
	}
	return p
}

// Config returns a deep copy of the policy's configuration.
func (p *Policy) Config() Config { return p.cfg.Clone() }

// Ref returns the policy's name and version.
func (p *Policy) Ref() PolicyRef { return PolicyRef{Name: p.cfg.Name, Version: p.cfg.Version} }

// Scheme returns the policy's tier scheme.
func (p *Policy) Scheme() tier.Scheme { return p.scheme }

// Table returns a deep copy of the policy's tier table.
func (p *Policy) Table() *tier.Table { return p.cfg.Tiers.Clone() }

// MarshalJSON writes the policy's configuration as a policy document that
// [DecodePolicy] reads back to an equal policy.
func (p *Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.cfg) }

// UnmarshalJSON reads a policy document strictly and rebuilds the policy.
func (p *Policy) UnmarshalJSON(b []byte) error {
	np, err := DecodePolicy(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*p = *np
	return nil
}
