package workload

import (
	"math"
	"math/bits"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// Band is where a load stands against the policy's thresholds.
type Band uint8

// Bands. A load exactly at a threshold is not above it.
const (
	BandUnknown Band = iota
	// BandWithin is at or below the over-capacity threshold (100%).
	BandWithin
	// BandOver is above the over-capacity threshold and at or below red.
	BandOver
	// BandRed is above the red threshold (110%).
	BandRed
	// BandNoCapacity is an officer holding work with no available points:
	// overload that a percentage cannot show, never reported as 0%.
	BandNoCapacity
)

var bandNames = enum.Names[Band]{Pkg: "workload", Type: "band", Names: []string{"unknown", "within", "over", "red", "no-capacity"}}

// String returns "within", "over", "red" or "no-capacity".
func (b Band) String() string { return bandNames.String(b) }

// MarshalText implements encoding.TextMarshaler.
func (b Band) MarshalText() ([]byte, error) { return bandNames.Marshal(b) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Band) UnmarshalText(t []byte) error {
	v, err := bandNames.Parse(string(t), true)
	if err == nil {
		*b = v
	}
	return err
}

// Caseload is one officer's work: the cases they hold, the court reports
// they are writing, and the cover contacts in which they are the owner or
// the doer.
type Caseload struct {
	Officer Officer  `json:"officer"`
	Cases   []Case   `json:"cases"`
	Reports []Report `json:"reports,omitempty"`
	Covers  []Cover  `json:"covers,omitempty"`
}

// LetterMix counts cases by protect letter; Other counts untiered cases
// and tiers without a letter (other schemes).
type LetterMix struct {
	A     int `json:"A"`
	B     int `json:"B"`
	C     int `json:"C"`
	D     int `json:"D"`
	Other int `json:"other"`
}

// Total returns the number of cases counted.
func (m LetterMix) Total() int { return m.A + m.B + m.C + m.D + m.Other }

func (m *LetterMix) add(letter int8, n int) {
	switch letter {
	case 0:
		m.A += n
	case 1:
		m.B += n
	case 2:
		m.C += n
	case 3:
		m.D += n
	default:
		m.Other += n
	}
}

// Hours is the hours model beside the points: the officer's hours this
// week and the hours the contact requirements demand.
type Hours struct {
	// Contracted are the contracted weekly hours.
	Contracted decimal.Decimal `json:"contracted"`
	// Reductions are the reduction hours in force at asOf (capped at the
	// contracted hours).
	Reductions decimal.Decimal `json:"reductions"`
	// Available are contracted less reductions.
	Available decimal.Decimal `json:"available"`
	// ContactDemand is the hours a week the cases' contact requirements
	// demand: Σ contacts × minutes × 7 ÷ days ÷ 60 over the cases held,
	// each case in its phase at asOf.
	ContactDemand decimal.Decimal `json:"contactDemand"`
	// CaseFacing is the part of Available the officer can spend in contact:
	// Available × the grade's case-facing share (GradeConfig.CaseFacing),
	// rounded down to the micro-hour.
	CaseFacing decimal.Decimal `json:"caseFacing"`
	// ContactShare is ContactDemand as a percentage of CaseFacing; zero
	// when no hours are available (see Load.Band for that case).
	ContactShare decimal.Decimal `json:"contactShare"`
}

// LineKind says what a load line is.
type LineKind string

// Line kinds.
const (
	LineCase     LineKind = "case"      // a case held
	LineReport   LineKind = "report"    // a court report being written
	LineCoverIn  LineKind = "cover-in"  // points received for covering a colleague's case
	LineCoverOut LineKind = "cover-out" // points a colleague holds for covering this officer's case
)

// Line explains one work item's points.
type Line struct {
	Kind LineKind `json:"kind"`
	// ID is the case or report ID.
	ID         string        `json:"id"`
	Tier       tier.Tier     `json:"tier,omitempty"`
	Type       tier.CaseType `json:"type,omitempty"`
	YoungAdult bool          `json:"youngAdult,omitempty"`
	Inactive   tier.Inactive `json:"inactive,omitempty"`
	Phase      tier.Phase    `json:"phase,omitempty"`
	// Weight is the table weight before any inactive share.
	Weight decimal.Decimal `json:"weight"`
	// Percent is the share of the weight kept (100 for active cases).
	Percent decimal.Decimal `json:"percent"`
	// Points is what the item adds to the load (negative for cover-out).
	Points decimal.Decimal `json:"points"`
	// Why says how the points were reached, in words.
	Why string `json:"why"`
}

// Load is what one officer carries at a date, measured by a policy.
type Load struct {
	Policy  PolicyRef `json:"policy"`
	AsOf    time.Time `json:"asOf"`
	Officer string    `json:"officer"`
	Team    string    `json:"team"`
	Region  string    `json:"region,omitempty"`
	Grade   Grade     `json:"grade"`
	// Cases is the raw count of cases held, active or not.
	Cases int `json:"cases"`
	// Reports is the number of court reports counted.
	Reports int `json:"reports"`
	// Letters counts the cases by protect letter.
	Letters LetterMix `json:"letters"`
	// Points is the sum of the lines' points, exact.
	Points decimal.Decimal `json:"points"`
	// Available is target × (contracted − reduction hours) ÷ default hours
	// for the grade, rounded as the policy says (truncated to whole points
	// in reference-compatibility mode).
	Available decimal.Decimal `json:"available"`
	// Capacity is Points ÷ Available as a percentage, rounded as the policy
	// says; zero when Band is BandNoCapacity.
	Capacity decimal.Decimal `json:"capacity"`
	// Band compares the exact ratio (not the rounded one) with the policy's
	// thresholds.
	Band Band `json:"band"`
	// OverCeiling is set when Cases exceeds the raw-count ceiling.
	OverCeiling bool  `json:"overCeiling"`
	Hours       Hours `json:"hours"`
	// Lines explains every work item's points, in input order: cases,
	// reports, then cover contacts. Bulk measurement leaves it empty; see
	// [Prepared.Explain].
	Lines []Line `json:"lines,omitempty"`
	// Findings say what the figures rest on that a reader should know:
	// an officer with no recorded grade measured against another grade's
	// target ([CodeUngraded]). Empty for most loads.
	Findings []Finding `json:"findings,omitempty"`

	fx fixedLoad
}

// fixedLoad keeps a load's figures in fixed-point for fast follow-up
// computations (allocation checks, roll-ups).
type fixedLoad struct {
	ok        bool
	points    int64 // micro-points
	available int64 // micro-points, rounded as the policy says
	demand    int64 // micro-minutes a week
	net       int64 // micro-hours
	items     int   // work items that count as holding work
}

// maxGrossPoints bounds, in micro-points, the points of every work item
// of a caseload, a team or a roster added up (about 2.3 × 10^12 points),
// so that no sum of points, nor a sum with one more case, can overflow
// the fixed-point int64: beyond it measuring is an error, never a
// silently wrapped (negative) total.
const maxGrossPoints = math.MaxInt64 / 4

// addGross adds v (at most 10^15, a bounded decimal) to a gross total,
// saturating just above maxGrossPoints.
func addGross(g *int64, v int64) {
	if *g <= maxGrossPoints {
		*g += v
	}
}

// grossOf returns the points of every work item of a valid caseload,
// whatever their dates, added up with addGross.
func (p *Policy) grossOf(c *Caseload) int64 {
	var g int64
	for i := range c.Cases {
		ti := p.tiers.index(c.Cases[i].Tier)
		addGross(&g, p.casePoints(&c.Cases[i], ti))
	}
	for i := range c.Reports {
		addGross(&g, p.reports[c.Reports[i].Kind])
	}
	for i := range c.Covers {
		addGross(&g, toMicro(c.Covers[i].Points))
	}
	return g
}

// errTooManyPoints reports work whose points cannot be counted exactly.
func errTooManyPoints(field string, items int) error {
	return fault.New("workload", field, strconv.Itoa(items)+" work items", ErrOutOfRange,
		"their points add up to more than can be counted exactly (about 2.3 × 10^12 points)")
}

// fixed returns the load's fixed-point figures, from its decimals when the
// load was built outside this package.
func (l *Load) fixed() fixedLoad {
	if l.fx.ok {
		return l.fx
	}
	f := fixedLoad{ok: true}
	f.points, _ = dec.ToMicro(l.Points)
	f.available, _ = dec.ToMicro(l.Available)
	f.items = l.Cases + l.Reports
	if l.Band == BandNoCapacity && f.items == 0 {
		f.items = 1
	}
	return f
}

// officerFigures is the per-officer outcome of the hot loop.
type officerFigures struct {
	points  int64
	cases   int32
	reports int32
	coverIn int32
	items   int32    // work items that count as holding work
	letters [8]int32 // by letter slot; 5–7 unused
	demand  int64    // micro-minutes a week
	// avail, net and red are the available micro-points (rounded as the
	// policy says), net micro-hours and reduction micro-hours.
	avail, net, red int64
}

// Measure measures one officer's caseload at asOf: the points of every
// work item with a line explaining it, available points, capacity, band,
// the hours model and the policy that produced it.
//
// Every case must name the officer; case and report IDs must be unique;
// a cover contact must name the officer as owner or doer, and a cover out
// must be on a case the officer holds. Every problem is reported at once.
func (p *Policy) Measure(c Caseload, asOf time.Time) (Load, error) {
	l := fault.List{Pkg: "workload"}
	o := &c.Officer
	checkAsOf(&l, asOf)
	p.checkCaseload(&l, &c, asOf, "")
	checkCount(&l, "caseload", len(c.Cases)+len(c.Reports)+len(c.Covers), MaxWorkItems, "work items")
	var seen map[string]bool // the case IDs held, for the cover contacts
	if len(c.Covers) > 0 {
		seen = make(map[string]bool, len(c.Cases))
		for i := range c.Cases {
			seen[c.Cases[i].ID] = true
		}
	}
	seenR := make(map[string]int, len(c.Reports))
	for i := range c.Reports {
		r := &c.Reports[i]
		prefix := "reports[" + strconv.Itoa(i) + "]"
		r.validate(&l, prefix)
		if r.Officer != "" && r.Officer != o.ID {
			l.Add(prefix+".officer", r.Officer, ErrInconsistent, "report belongs to another officer, not "+strconv.Quote(o.ID))
		}
		if r.ID != "" {
			if j, dup := seenR[r.ID]; dup {
				l.Add(prefix+".id", r.ID, ErrDuplicate, "same ID as reports["+strconv.Itoa(j)+"]")
			} else {
				seenR[r.ID] = i
			}
		}
	}
	seenC := make(map[coverKey]int, len(c.Covers))
	for i := range c.Covers {
		cv := &c.Covers[i]
		prefix := "covers[" + strconv.Itoa(i) + "]"
		cv.validate(&l, prefix)
		if j, dup := seenC[cv.key()]; dup {
			l.Add(prefix, cv.Case, ErrDuplicate, "same cover contact as covers["+strconv.Itoa(j)+"]")
		} else {
			seenC[cv.key()] = i
		}
		switch {
		case cv.Owner == o.ID:
			if !seen[cv.Case] && cv.Case != "" {
				l.Add(prefix+".case", cv.Case, ErrUnknown, "not a case this officer holds")
			}
		case cv.Doer == o.ID:
		default:
			l.Add(prefix, cv.Case, ErrInconsistent, "cover contact names neither this officer as owner nor as doer")
		}
	}
	if err := l.Err(); err != nil {
		return Load{}, err
	}

	d := days.Number(asOf)
	var f officerFigures
	var gross int64
	lines := make([]Line, 0, len(c.Cases)+len(c.Reports)+len(c.Covers))
	for i := range c.Cases {
		cs := &c.Cases[i]
		ti := p.tiers.index(cs.Tier)
		pts := p.casePoints(cs, ti)
		ph := p.phaseAt(cs, d)
		addGross(&gross, pts)
		f.points += pts
		f.cases++
		f.items++
		f.letters[letterSlot(p.letters[ti])]++
		f.demand += p.weekMicro[ti][ph]
		lines = append(lines, p.caseLine(cs, ti, ph, pts))
	}
	for i := range c.Reports {
		r := &c.Reports[i]
		addGross(&gross, p.reports[r.Kind])
		if d > days.Number(r.Due) {
			lines = append(lines, Line{Kind: LineReport, ID: r.ID, Weight: micro(p.reports[r.Kind]), Percent: decimal.Zero, Points: decimal.Zero,
				Why: r.Kind.String() + " report was due " + r.Due.Format(dateLayout) + ": no longer counted"})
			continue
		}
		pts := p.reports[r.Kind]
		f.points += pts
		f.reports++
		f.items++
		lines = append(lines, Line{Kind: LineReport, ID: r.ID, Weight: micro(pts), Percent: decimal.NewFromInt(100), Points: micro(pts),
			Why: r.Kind.String() + " court report, due " + r.Due.Format(dateLayout)})
	}
	for i := range c.Covers {
		cv := &c.Covers[i]
		addGross(&gross, toMicro(cv.Points))
		if !cv.active(d, p.coverDays) {
			continue
		}
		pts := toMicro(cv.Points)
		if cv.Doer == o.ID {
			f.points += pts
			f.items++
			lines = append(lines, Line{Kind: LineCoverIn, ID: cv.Case, Weight: micro(pts), Percent: decimal.NewFromInt(100), Points: micro(pts),
				Why: "covered a contact for " + cv.Owner + " on " + cv.On.Format(dateLayout) + "; counts for " + strconv.FormatInt(p.coverDays, 10) + " days"})
		} else {
			f.points -= pts
			lines = append(lines, Line{Kind: LineCoverOut, ID: cv.Case, Weight: micro(pts), Percent: decimal.NewFromInt(100), Points: micro(-pts),
				Why: cv.Doer + " covered a contact on " + cv.On.Format(dateLayout) + "; their points for " + strconv.FormatInt(p.coverDays, 10) + " days"})
		}
	}
	if gross > maxGrossPoints {
		return Load{}, errTooManyPoints("cases", len(c.Cases)+len(c.Reports)+len(c.Covers))
	}
	po := o.pack(p)
	load := p.finish(o, &po, asOf, d, &f)
	load.Lines = lines
	return load, nil
}

func letterSlot(l int8) int {
	if l < 0 {
		return 4
	}
	return int(l)
}

// casePoints returns a case's points in micro-points: its weight times the
// share its inactive status keeps, rounded half up to a micro-point.
func (p *Policy) casePoints(c *Case, ti int) int64 {
	w := p.weight(c, ti)
	s := p.share[c.Inactive]
	if s == 100*dec.Scale {
		return w
	}
	q, r := mulDivRem(w, s, 100*dec.Scale)
	return roundQR(q, r, 100*dec.Scale, RoundHalfUp)
}

func (p *Policy) weight(c *Case, ti int) int64 {
	ya := 0
	if c.YoungAdult {
		ya = 1
	}
	return p.weights[ya][c.Type][ti]
}

// caseLine explains a case's points. An active case's weight and
// sentence come from the policy's table (see buildActiveLines).
func (p *Policy) caseLine(c *Case, ti int, ph tier.Phase, pts int64) Line {
	if c.Inactive == tier.Active && c.Type <= tier.Custody && ti >= 0 && ti < len(p.activeLines) {
		ya := 0
		if c.YoungAdult {
			ya = 1
		}
		if al := &p.activeLines[ti][ya][c.Type]; al.why != "" && al.w == pts {
			return Line{Kind: LineCase, ID: c.ID, Tier: c.Tier, Type: c.Type, YoungAdult: c.YoungAdult, Inactive: c.Inactive, Phase: ph,
				Weight: al.weight, Percent: p.fullShare, Points: al.weight, Why: al.why}
		}
	}
	return p.caseLineBuilt(c, ti, ph, pts)
}

// activeLine is the weight and sentence of an active case's line, the
// same for every case of its tier, type and age group. A decimal is never
// changed in place, so every line may share it.
type activeLine struct {
	w      int64 // micro-points
	weight decimal.Decimal
	why    string
}

// buildActiveLines builds the active-case lines of every tier, age group and
// case type, by caseLineBuilt itself.
func (p *Policy) buildActiveLines() [][2][4]activeLine {
	out := make([][2][4]activeLine, p.ntier)
	for ti := range out {
		t, _ := p.scheme.At(ti)
		for ya := 0; ya < 2; ya++ {
			for _, ct := range tier.CaseTypes() {
				c := Case{Tier: t, Type: ct, YoungAdult: ya == 1}
				l := p.caseLineBuilt(&c, ti, tier.Standard, p.casePoints(&c, ti))
				out[ti][ya][ct] = activeLine{w: p.weight(&c, ti), weight: l.Weight, why: l.Why}
			}
		}
	}
	return out
}

// caseLineBuilt builds a case's line.
func (p *Policy) caseLineBuilt(c *Case, ti int, ph tier.Phase, pts int64) Line {
	w := p.weight(c, ti)
	why := c.Type.String() + " " + string(c.Tier) + " weighs " + micro(w).String()
	if c.YoungAdult {
		why = "young adult (T2A) " + why
	}
	if c.Inactive != tier.Active {
		why += "; " + c.Inactive.String() + " keeps " + micro(p.share[c.Inactive]).String() + "%"
	}
	if c.Tier.Unsupervised() {
		why += " (unsupervised)"
	}
	return Line{Kind: LineCase, ID: c.ID, Tier: c.Tier, Type: c.Type, YoungAdult: c.YoungAdult, Inactive: c.Inactive, Phase: ph,
		Weight: micro(w), Percent: micro(p.share[c.Inactive]), Points: micro(pts), Why: why}
}

// Phase returns a case's phase at asOf: suspended when a warrant is
// outstanding or the order is overdue for termination; critical during the
// policy's critical period after release (licence and custody cases with a
// release date), re-release after recall (Rereleased) or commencement
// (Start, for cases never released), even when the two-thirds point has
// passed: the critical period beats every later phase; past the
// two-thirds point from TwoThirds on; standard otherwise. Custody cases
// before release are standard.
func (p *Policy) Phase(c Case, asOf time.Time) tier.Phase {
	return p.phaseAt(&c, days.Number(asOf))
}

func (p *Policy) phaseAt(c *Case, d int64) tier.Phase {
	cd := caseDays{start: dayOrNone(c.Start), release: dayOrNone(c.Release), rereleased: dayOrNone(c.Rereleased), twoThirds: dayOrNone(c.TwoThirds)}
	return p.phaseOn(c, &cd, d)
}

// available returns an officer's available points in micro-points, rounded
// as the policy says, and the net hours in micro-hours.
func (p *Policy) available(g Grade, po *packedOfficer, d int64) (avail, net, red int64) {
	red = po.reduction(d)
	net = po.hours - red
	return p.availableNet(g, net), net, red
}

// availableNet returns the available points for net micro-hours of a
// grade, rounded as the policy says.
func (p *Policy) availableNet(grade Grade, net int64) int64 {
	g := p.grades[grade]
	if g.target == 0 || net <= 0 || g.hours <= 0 {
		return 0
	}
	unit := pow10[dec.MaxPlaces-p.availPlaces]
	q, r := mulDivRem(g.target, net, g.hours*unit)
	return roundQR(q, r, g.hours*unit, p.availMode) * unit
}

// finish turns an officer's accumulated figures into a Load.
func (p *Policy) finish(o *Officer, po *packedOfficer, asOf time.Time, d int64, f *officerFigures) Load {
	f.avail, f.net, f.red = p.available(o.Grade, po, d)
	var load Load
	p.loadInto(&load, o, asOf, f)
	return load
}

// loadInto fills load from an officer's figures, available points
// included: the one place a Load's decimals are built.
func (p *Policy) loadInto(load *Load, o *Officer, asOf time.Time, f *officerFigures) {
	avail, net, red := f.avail, f.net, f.red
	*load = Load{
		Policy:  p.Ref(),
		AsOf:    asOf,
		Officer: o.ID,
		Team:    o.Team,
		Region:  o.Region,
		Grade:   o.Grade,
		Cases:   int(f.cases),
		Reports: int(f.reports),
		Letters: LetterMix{A: int(f.letters[0]), B: int(f.letters[1]), C: int(f.letters[2]), D: int(f.letters[3]), Other: int(f.letters[4])},
		Points:  micro(f.points),
		fx:      fixedLoad{ok: true, points: f.points, available: avail, demand: f.demand, net: net, items: int(f.items)},
	}
	load.Available = fixedDecimal(avail/pow10[dec.MaxPlaces-p.availPlaces], p.availPlaces)
	load.Band, load.Capacity = p.band(f.points, avail, f.items > 0)
	load.OverCeiling = int(f.cases) > p.cfg.RawCountCeiling
	if o.Grade == Ungraded {
		load.Findings = []Finding{p.ungradedFinding()}
	}
	hp := p.cfg.Rounding.HoursPlaces
	load.Hours = Hours{
		Contracted: o.Hours,
		Reductions: decimal.Zero,
		Available:  o.Hours,
		// micro-minutes → hours at hp places: m ÷ (60 × 10^(6−hp)).
		ContactDemand: fixedDecimal(roundQuotient(f.demand, 60*pow10[dec.MaxPlaces-hp], p.cfg.Rounding.HoursMode), hp),
	}
	if red != 0 {
		load.Hours.Reductions = micro(red)
		load.Hours.Available = micro(net)
	}
	facing := p.caseFacing(o.Grade, net)
	load.Hours.CaseFacing = micro(facing)
	if facing > 0 {
		// demand (micro-minutes) ÷ 60 ÷ case-facing (micro-hours) × 100,
		// at capacity places.
		cp := p.cfg.Rounding.CapacityPlaces
		load.Hours.ContactShare = ratioDecimal(f.demand, 100*pow10[cp], 60*facing, cp, p.cfg.Rounding.CapacityMode)
	} else {
		load.Hours.ContactShare = decimal.Zero
	}
}

// ungradedFinding says how an officer with no recorded grade is measured.
func (p *Policy) ungradedFinding() Finding {
	if p.cfg.UngradedAs == GradeUnknown {
		return Finding{Code: CodeUngraded, Action: Warn,
			Message: "no recorded grade, and the policy names no grade to measure it against: no available points"}
	}
	return Finding{Code: CodeUngraded, Action: Warn,
		Message: "no recorded grade: measured against the " + p.cfg.UngradedAs.String() + " target, as the policy's ungradedAs says"}
}

// band classifies points against available points (both micro) and
// returns the rounded capacity percentage, exact however large.
func (p *Policy) band(points, avail int64, holdsWork bool) (Band, decimal.Decimal) {
	b, units, ok := p.bandUnits(points, avail, holdsWork)
	cp := p.cfg.Rounding.CapacityPlaces
	switch {
	case b == BandNoCapacity:
		return b, decimal.Zero
	case !ok:
		return b, ratioDecimal(points, 100*pow10[cp], avail, cp, p.cfg.Rounding.CapacityMode)
	}
	return b, fixedDecimal(units, cp)
}

// bandUnits is band with the capacity in units of the capacity places
// (zero, and meaningless, for BandNoCapacity); ok is false when the
// capacity does not fit in an int64, and units is then meaningless too.
func (p *Policy) bandUnits(points, avail int64, holdsWork bool) (b Band, units int64, ok bool) {
	if avail <= 0 {
		if holdsWork || points > 0 {
			return BandNoCapacity, 0, true
		}
		return BandWithin, 0, true
	}
	u, ok := p.capacityUnitsOK(points, avail)
	return p.bandOf(points, avail), u, ok
}

// capacityUnitsOK returns points ÷ avail × 100 in units of 10^-places,
// rounded with the policy's capacity mode (avail > 0), and whether it
// fits in an int64.
func (p *Policy) capacityUnitsOK(points, avail int64) (int64, bool) {
	return ratioUnits(points, 100*pow10[p.cfg.Rounding.CapacityPlaces], avail, p.cfg.Rounding.CapacityMode)
}

// bandOf compares the exact ratio points ÷ avail × 100 with the bands.
func (p *Policy) bandOf(points, avail int64) Band {
	switch {
	case above(points, avail, p.red):
		return BandRed
	case above(points, avail, p.over):
		return BandOver
	}
	return BandWithin
}

// above reports whether points ÷ avail × 100 > threshold (micro-percent),
// exactly: points × 100 × 10^6 > threshold × avail, in 128 bits.
func above(points, avail, threshold int64) bool {
	if points <= 0 {
		return false
	}
	lh, ll := bits.Mul64(uint64(points), 100*dec.Scale)
	rh, rl := bits.Mul64(uint64(threshold), uint64(avail))
	return lh > rh || (lh == rh && ll > rl)
}
