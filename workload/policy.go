package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
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
//
// CaseFacing is the share of available hours (above 0, at most 1) an
// officer of the grade can spend in contact with the people supervised:
// the rest goes on recording, reports, travel, meetings (MAPPA, child
// protection conferences), supervision and training. Contact demand is
// compared with available hours × CaseFacing, never with all contracted
// hours.
//
// Dated lists the reductions every officer of the grade has from the day
// they entered it (Officer.GradeSince): by default a trainee's three PQiP
// stages and a newly qualified officer's 9 months. An officer with no
// GradeSince, or whose own Reductions list the same reason, does not get
// them. Empty means the grade has none.
type GradeConfig struct {
	Target       decimal.Decimal  `json:"target"`
	DefaultHours decimal.Decimal  `json:"defaultHours"`
	CaseFacing   decimal.Decimal  `json:"caseFacing"`
	Dated        []DatedReduction `json:"dated,omitempty"`
}

// DatedReduction is a reduction that follows from the grade: Reason's
// percentage of contracted hours (Config.Reductions) from FromMonth
// months after the officer entered the grade, for Months months
// (calendar months, as [time.Time.AddDate] counts them; the last day is
// the day before the period ends).
type DatedReduction struct {
	Reason    ReductionReason `json:"reason"`
	FromMonth int             `json:"fromMonth"`
	Months    int             `json:"months"`
}

// span returns the first and last day of the reduction for an officer who
// entered the grade on since.
func (r DatedReduction) span(since time.Time) (from, to time.Time) {
	return since.AddDate(0, r.FromMonth, 0), since.AddDate(0, r.FromMonth+r.Months, -1)
}

// referenceReductionMonths are how long a reduction of each reason with
// no end date lasts in the reference (England & Wales practice): each
// PQiP stage 6 months (80% in months 0–6, 60% in 6–12, 40% in 12–18),
// newly qualified 9 months, maternity or adoption 6 months.
func referenceReductionMonths() map[ReductionReason]int {
	return map[ReductionReason]int{PQiPStage1: 6, PQiPStage2: 6, PQiPStage3: 6, NewlyQualified: 9, Maternity: 6}
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
	// UngradedAs is the grade whose target and default hours measure an
	// officer with no recorded grade ([Ungraded]); the national workload
	// service uses PO, and so does the reference. The zero value,
	// GradeUnknown, gives such officers no available points, so any work
	// they hold shows as no capacity.
	UngradedAs Grade `json:"ungradedAs,omitempty"`
	// Reductions gives the percentage of contracted hours a reduction of
	// each reason takes when it gives neither hours nor a percentage. It
	// holds every reason with a reference percentage
	// ([Reason.DefaultPercent]) and no other: trade union facility time
	// and other reasons always state their amount.
	Reductions map[ReductionReason]decimal.Decimal `json:"reductions"`
	// ReductionMonths is how long a reduction of a reason lasts when it
	// gives no end date: it ends the day before the same date that many
	// months after it starts, clamped to that month's last day (from 31
	// August, 6 months end on 27 February). A reason not listed is
	// open-ended. Reference: each PQiP stage 6 months (80% in months 0–6,
	// 60% in 6–12, 40% in 12–18), newly qualified 9 months, maternity or
	// adoption 6 months.
	ReductionMonths map[ReductionReason]int `json:"reductionMonths,omitempty"`
	Bands           Bands                   `json:"bands"`
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
	// CoverDays is how many days, from the day of the contact, a cover
	// contact's points stay with the officer who made it (7 in the
	// reference).
	CoverDays int `json:"coverDays"`
}

// DefaultConfig returns a fresh copy of the reference configuration:
// the England & Wales reference tier table, a nominal target of 2,176
// points for a 37-hour week for PO, PSO, PQiP and NQO and 0 for SPO
// (managers hold no cases), bands at 100% and 110%, distribution
// thresholds 100, 110 and 120, a raw-count ceiling of 50, sustained
// overload above 110% for 4 weeks (docs/domain.md, "Capacity" and
// "Blended caseloads"), officers with no recorded grade measured as POs,
// available points rounded half up to 2 places, capacity to 3 places and
// hours to 2, the reference reduction percentages and durations
// (Config.Reductions, Config.ReductionMonths) with the PQiP stages and the
// newly qualified reduction also dated from the grade
// (GradeConfig.Dated), cover contacts kept for 7
// days, and the default allocation rules and prioritisation ladder (see
// [AllocationConfig] and [PriorityConfig] for which numbers come from
// docs/domain.md and which are caseload's own illustrative choices).
//
// The case-facing shares of available hours are caseload's own
// illustrative defaults, not published figures: PO 0.6, PSO 0.65, PQiP
// (trainee) 0.5, NQO 0.55 and SPO 0.05 (a manager's share is near zero).
// Teams should replace them with their own time records.
func DefaultConfig() Config {
	full := func(share string) GradeConfig {
		return GradeConfig{Target: decimal.NewFromInt(2176), DefaultHours: decimal.NewFromInt(37), CaseFacing: decimal.RequireFromString(share)}
	}
	pqip, nqo := full("0.5"), full("0.55")
	pqip.Dated = []DatedReduction{{PQiPStage1, 0, 6}, {PQiPStage2, 6, 6}, {PQiPStage3, 12, 6}}
	nqo.Dated = []DatedReduction{{NewlyQualified, 0, 9}}
	reductions := map[ReductionReason]decimal.Decimal{}
	for _, r := range ReductionReasons() {
		if pct, ok := r.DefaultPercent(); ok {
			reductions[r] = pct
		}
	}
	return Config{
		Name:    "england-wales-reference",
		Version: "2026.12.0",
		Tiers:   tier.Reference(),
		Grades: map[Grade]GradeConfig{
			PO:   full("0.6"),
			PSO:  full("0.65"),
			PQiP: pqip,
			NQO:  nqo,
			SPO:  {Target: decimal.Zero, DefaultHours: decimal.NewFromInt(37), CaseFacing: decimal.RequireFromString("0.05")},
		},
		UngradedAs:      PO,
		Reductions:      reductions,
		ReductionMonths: referenceReductionMonths(),
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
		CoverDays:  7,
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
		"caseFacing", "coverDays", "dated", "fromMonth", "minComplexity", "months", "protect",
		"reductionMonths", "reductions", "ungradedAs",
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
			v.Dated = cloneSlice(v.Dated)
			out.Grades[k] = v
		}
	}
	if c.Reductions != nil {
		out.Reductions = make(map[ReductionReason]decimal.Decimal, len(c.Reductions))
		for k, v := range c.Reductions {
			out.Reductions[k] = v
		}
	}
	if c.ReductionMonths != nil {
		out.ReductionMonths = make(map[ReductionReason]int, len(c.ReductionMonths))
		for k, v := range c.ReductionMonths {
			out.ReductionMonths[k] = v
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
		if len(gc.Dated) > 8 {
			l.Add(field+".dated", strconv.Itoa(len(gc.Dated)), ErrOutOfRange, "at most 8 dated reductions")
		}
		for i, dr := range gc.Dated {
			df := field + ".dated[" + strconv.Itoa(i) + "]"
			if _, ok := dr.Reason.DefaultPercent(); !ok {
				l.Add(df+".reason", dr.Reason.String(), ErrUnknown, "want a reason with a percentage in reductions")
			}
			if dr.FromMonth < 0 || dr.FromMonth > 120 {
				l.Add(df+".fromMonth", strconv.Itoa(dr.FromMonth), ErrOutOfRange, "must be between 0 and 120")
			}
			if dr.Months < 1 || dr.Months > 120 {
				l.Add(df+".months", strconv.Itoa(dr.Months), ErrOutOfRange, "must be between 1 and 120")
			}
		}
		if checkDecimal(l, field+".caseFacing", gc.CaseFacing) && (!gc.CaseFacing.IsPositive() || gc.CaseFacing.GreaterThan(decimal.NewFromInt(1))) {
			l.Add(field+".caseFacing", gc.CaseFacing.String(), ErrOutOfRange, "the case-facing share of available hours must be above 0 and at most 1")
		}
	}
	if c.Tiers != nil {
		c.checkWeightBounds(l)
	}
	if c.CoverDays < 1 || c.CoverDays > 365 {
		l.Add("coverDays", strconv.Itoa(c.CoverDays), ErrOutOfRange, "must be between 1 and 365")
	}
	if _, bad := c.Grades[GradeUnknown]; bad {
		l.Add("grades", "unknown", ErrUnknown, "not a grade")
	}
	if _, bad := c.Grades[Ungraded]; bad {
		l.Add("grades", "ungraded", ErrInconsistent, "officers with no recorded grade take the target of ungradedAs")
	}
	if c.UngradedAs != GradeUnknown && !slices.Contains(Grades(), c.UngradedAs) {
		l.Add("ungradedAs", c.UngradedAs.String(), ErrUnknown, "want PO, PSO, SPO, PQiP or NQO")
	}
	for _, r := range ReductionReasons() {
		field := "reductions." + r.String()
		pct, ok := c.Reductions[r]
		_, has := r.DefaultPercent()
		switch {
		case has && !ok:
			l.Add(field, "", ErrMissing, "no percentage for this reason")
		case !has && ok:
			l.Add(field, pct.String(), ErrInconsistent, "this reason always states its hours or percentage")
		case ok && checkDecimal(l, field, pct) && (!pct.IsPositive() || pct.GreaterThan(r.MaxPercent())):
			l.Add(field, pct.String(), ErrOutOfRange, "must be above 0 and at most "+r.MaxPercent().String())
		}
		if m, ok := c.ReductionMonths[r]; ok && (m < 1 || m > 600) {
			l.Add("reductionMonths."+r.String(), strconv.Itoa(m), ErrOutOfRange, "must be between 1 and 600 (leave the reason out for open-ended)")
		}
	}
	for _, m := range []struct {
		field string
		keys  []ReductionReason
	}{{"reductions", mapKeys(c.Reductions)}, {"reductionMonths", mapKeys(c.ReductionMonths)}} {
		for _, r := range m.keys {
			if !reasonNames.Valid(r) {
				l.Add(m.field, r.String(), ErrUnknown, "not a reason")
			}
		}
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
//
// The zero Policy has no tier scheme and is not a usable policy: its
// methods report every case's tier as unknown. Its one use is as the
// target of [json.Unmarshal], which builds it from a policy document
// (see [Policy.UnmarshalJSON]).
type Policy struct {
	cfg    Config
	scheme tier.Scheme
	tiers  tierLookup // the scheme's index, for per-case loops
	ntier  int
	// weights[ya][caseType][tierIndex] in micro-points.
	weights [2][4][]int64
	// share[inactive] in micro-percent.
	share [4]int64
	// reports[kind] in micro-points.
	reports [3]int64
	// contact[tierIndex][phase] is the requirement; weekMicro the same as
	// micro-minutes a week.
	contact [][5]tier.Contact
	// contactText is each contact requirement's String, for decision texts.
	contactText [][5]string
	weekMicro   [][5]int64
	critical    int64
	grades      [7]gradeFixed // by Grade, Ungraded a copy of UngradedAs
	// reductionPct[reason] in micro-percent; reductionMonths[reason] the
	// duration of a reduction with no end date (0: open-ended); coverDays
	// in days.
	reductionPct    [OtherReason + 1]int64
	reductionMonths [OtherReason + 1]int
	coverDays       int64
	over, red       int64 // micro-percent
	dist            []int64
	sustained       int64
	availPlaces     int
	availMode       Rounding
	letters         []int8 // tier index → 0..3 for A..D, -1 otherwise
	// tierSets[tier index] is which of the allocation rules' tier sets
	// hold the tier, read once here rather than for every check.
	tierSets []caseInfo
	// riskSets is which flag caps and grade rules each RoSH and MAPPA
	// level matches, and the rules' other tests, read once here rather
	// than for every case summarised (see caseInfo).
	riskSets riskSets
	// activeLines[tier index][young adult][case type] is an active case's
	// line weight and sentence, and fullShare an active case's share
	// (100%), as decimals built once.
	activeLines [][2][4]activeLine
	fullShare   decimal.Decimal
	// mismatches[tier index][RoSH][MAPPA] is the tier-risk mismatch
	// finding's sentence (see mismatchTexts).
	mismatches [][5][5]string
}

type gradeFixed struct {
	target, hours int64 // micro-points, micro-hours
	facing        int64 // case-facing share in millionths
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
	p.tiers = newTierLookup(&p.scheme)
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
	p.contactText = make([][5]string, n)
	p.weekMicro = make([][5]int64, n)
	p.letters = make([]int8, n)
	for i := 0; i < n; i++ {
		t, _ := p.scheme.At(i)
		for _, ph := range tier.Phases() {
			c := cfg.Tiers.Contacts[t][ph]
			p.contact[i][ph] = c
			p.contactText[i][ph] = c.String()
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
	p.mismatches = p.mismatchTexts()
	p.fullShare = micro(p.share[tier.Active])
	p.activeLines = p.buildActiveLines()
	p.tierSets = make([]caseInfo, n)
	for i := range p.tierSets {
		t, _ := p.scheme.At(i)
		p.tierSets[i] = tierSetsOf(&cfg.Allocation, t)
	}
	p.riskSets = riskSetsOf(&cfg.Allocation)
	p.critical = int64(cfg.Tiers.CriticalPeriodDays)
	for _, g := range Grades() {
		gc := cfg.Grades[g]
		p.grades[g] = gradeFixed{target: toMicro(gc.Target), hours: toMicro(gc.DefaultHours), facing: toMicro(gc.CaseFacing)}
	}
	if cfg.UngradedAs != GradeUnknown {
		p.grades[Ungraded] = p.grades[cfg.UngradedAs]
	} else {
		p.grades[Ungraded] = gradeFixed{hours: p.grades[PO].hours}
	}
	for r, pct := range cfg.Reductions {
		p.reductionPct[r] = toMicro(pct)
	}
	for r, m := range cfg.ReductionMonths {
		p.reductionMonths[r] = m
	}
	p.over = toMicro(cfg.Bands.Over)
	p.red = toMicro(cfg.Bands.Red)
	for _, d := range cfg.Distribution {
		p.dist = append(p.dist, toMicro(d))
	}
	p.sustained = toMicro(cfg.Sustained.Threshold)
	for r, pct := range cfg.Reductions {
		p.reductionPct[r] = toMicro(pct)
	}
	p.coverDays = int64(cfg.CoverDays)
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

// ReductionEnd returns the last day a reduction counts under the policy:
// its To date when given, else the end its reason's duration sets
// (Config.ReductionMonths after From, less a day), else the zero time for
// an open-ended one.
func (p *Policy) ReductionEnd(r Reduction) time.Time {
	if !r.To.IsZero() {
		return r.To
	}
	if m := p.scheduleMonths(r.Reason); m > 0 && !r.From.IsZero() {
		return addMonths(r.From, m).AddDate(0, 0, -1)
	}
	return time.Time{}
}

// mapKeys returns a map's keys sorted, so that problems are reported in a
// stable order.
func mapKeys[V any](m map[ReductionReason]V) []ReductionReason {
	keys := make([]ReductionReason, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// addMonths moves t by m calendar months, keeping its day of the month
// where the target month has it and otherwise clamping to the month's
// last day (31 August + 6 months is 28 February), as calendars do.
func addMonths(t time.Time, m int) time.Time {
	y, mo, d := t.Date()
	first := time.Date(y, mo+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

func (p *Policy) scheduleMonths(r ReductionReason) int {
	if int(r) < len(p.reductionMonths) {
		return p.reductionMonths[r]
	}
	return 0
}

// reductionEnd is ReductionEnd as a day number, noEnd when open-ended.
func (p *Policy) reductionEnd(r *Reduction) int64 {
	end := p.ReductionEnd(*r)
	if end.IsZero() {
		return noEnd
	}
	return days.Number(end)
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

// UnmarshalJSON reads a policy document strictly and builds the policy
// into p, which must be a zero Policy (new(Policy), or a Policy field of
// a struct being decoded). A built Policy is immutable, and other
// goroutines may be using it: unmarshalling into one is refused with an
// error wrapping [ErrInconsistent], and p is left as it was.
func (p *Policy) UnmarshalJSON(b []byte) error {
	if p.cfg.Tiers != nil {
		return &FieldError{Pkg: "workload", Field: "policy", Value: p.cfg.Name,
			Err: fmt.Errorf("%w: a built Policy is immutable; unmarshal into a new(Policy)", ErrInconsistent)}
	}
	np, err := DecodePolicy(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*p = *np
	return nil
}
