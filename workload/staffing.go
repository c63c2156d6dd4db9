package workload

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/fault"
)

// Staffing is a team's staffing scenario: the posts it is funded for, the
// staff actually in post (trainees and part-time staff with their
// reductions), expected sickness, and the work the team holds.
type Staffing struct {
	Team string `json:"team"`
	// Posts is the number of funded full-time posts, each worth the
	// PostGrade's target (a probation officer's 2,176 points by default).
	Posts     decimal.Decimal `json:"posts"`
	PostGrade Grade           `json:"postGrade"`
	// Officers are the staff in post.
	Officers []Officer `json:"officers"`
	// SicknessDays is the expected sickness absence per officer per year
	// (11.4 working days across the civil service in 2024; 12.6 in
	// probation in 2022).
	SicknessDays decimal.Decimal `json:"sicknessDays"`
	// WorkingDays is the working days in a year the sickness is taken from
	// (caseload's illustrative default when zero: 228, that is 52 weeks of 5
	// days less 8 bank holidays and 24 days of annual leave).
	WorkingDays int `json:"workingDays"`
	// Points is the workload the team holds, in points.
	Points decimal.Decimal `json:"points"`
}

// DefaultWorkingDays is the working days a year used when a scenario
// gives none (caseload's own illustrative figure).
const DefaultWorkingDays = 228

// StaffingResult is what a staffing scenario means for capacity.
type StaffingResult struct {
	Team   string    `json:"team"`
	Policy PolicyRef `json:"policy"`
	// Code is the result's stable code: "staffing-" and the band of
	// CapacityActual ("staffing-within", "staffing-over", "staffing-red"
	// or "staffing-no-capacity").
	Code string    `json:"code"`
	AsOf time.Time `json:"asOf"`
	// Funded is the available points if every funded post were filled by a
	// full-time officer of the post grade with no reductions.
	Funded decimal.Decimal `json:"funded"`
	// InPost is the staff in post's available points at asOf, after their
	// reductions (each rounded as the policy says).
	InPost decimal.Decimal `json:"inPost"`
	// VacantPosts is Posts less the staff in post's full-time equivalent
	// (contracted hours ÷ the post grade's default hours); negative when
	// over-established.
	VacantPosts decimal.Decimal `json:"vacantPosts"`
	// Sickness is the points lost to expected sickness:
	// InPost × SicknessDays ÷ WorkingDays.
	Sickness decimal.Decimal `json:"sickness"`
	// Effective is InPost less Sickness.
	Effective decimal.Decimal `json:"effective"`
	// Staffed is Effective ÷ Funded as a percentage ("a unit staffed at 61%").
	Staffed decimal.Decimal `json:"staffed"`
	// CapacityFunded is Points ÷ Funded: the load were the team fully staffed.
	CapacityFunded decimal.Decimal `json:"capacityFunded"`
	// CapacityActual is Points ÷ Effective: the load the staff in post carry.
	CapacityActual decimal.Decimal `json:"capacityActual"`
	Band           Band            `json:"band"`
	// Why explains each figure in words.
	Why []string `json:"why"`
}

// Staffing works out a team's effective capacity from its funded posts,
// the staff in post and expected sickness, and the load the staff in post
// actually carry. Available points are rounded as the policy says;
// sickness points are truncated to a micro-point; percentages are rounded
// as capacity is, exactly however small the divisor. Posts (at most
// MaxOfficers), officers (at most MaxOfficers), points and asOf are
// checked; a zero asOf is an error.
func (p *Policy) Staffing(s Staffing, asOf time.Time) (StaffingResult, error) {
	l := fault.List{Pkg: "workload", Max: MaxReportedProblems}
	checkAsOf(&l, asOf)
	checkBetween(&l, "posts", s.Posts, decimal.Zero, maxOfficersDec)
	checkCount(&l, "officers", len(s.Officers), MaxOfficers, "officers")
	checkID(&l, "", "team", s.Team, "")
	if !gradeNames.Valid(s.PostGrade) {
		l.Add("postGrade", s.PostGrade.String(), ErrUnknown, "want PO, PSO, SPO, PQiP or NQO")
	}
	if checkDecimal(&l, "sicknessDays", s.SicknessDays) && s.SicknessDays.IsNegative() {
		l.Add("sicknessDays", s.SicknessDays.String(), ErrOutOfRange, "must not be negative")
	}
	wd := s.WorkingDays
	if wd == 0 {
		wd = DefaultWorkingDays
	}
	if wd < 1 || wd > 366 {
		l.Add("workingDays", strconv.Itoa(s.WorkingDays), ErrOutOfRange, "must be between 1 and 366")
	}
	checkBetween(&l, "points", s.Points, decimal.Zero, decimal.New(maxLoadPoints, -dec.MaxPlaces))
	seen := map[string]bool{}
	for i := range s.Officers {
		o := &s.Officers[i]
		prefix := "officers[" + strconv.Itoa(i) + "]"
		o.validate(&l, prefix)
		if seen[o.ID] && o.ID != "" {
			l.Add(prefix+".id", o.ID, ErrDuplicate, "officer listed twice")
		}
		seen[o.ID] = true
	}
	sick := toMicro(s.SicknessDays)
	if err := l.Err(); err != nil {
		return StaffingResult{}, err
	}
	if sick > int64(wd)*dec.Scale {
		return StaffingResult{}, fault.New("workload", "sicknessDays", s.SicknessDays.String(), ErrOutOfRange, "more than the "+strconv.Itoa(wd)+" working days")
	}
	d := days.Number(asOf)
	g := p.grades[s.PostGrade]
	cp := p.cfg.Rounding.CapacityPlaces
	mode := p.cfg.Rounding.CapacityMode

	posts := toMicro(s.Posts)
	unit := pow10[dec.MaxPlaces-p.availPlaces]
	q, r := mulDivRem(g.target, posts, dec.Scale*unit)
	funded := roundQR(q, r, dec.Scale*unit, p.availMode) * unit

	var inPost, fte int64
	for i := range s.Officers {
		po := s.Officers[i].pack(p)
		a, _, _ := p.available(s.Officers[i].Grade, &po, d)
		inPost += a
		if g.hours > 0 {
			fte += mulDiv(toMicro(s.Officers[i].Hours), dec.Scale, g.hours)
		}
	}
	sickness := mulDiv(inPost, sick, int64(wd)*dec.Scale)
	effective := inPost - sickness
	points := toMicro(s.Points)

	pct := func(num, den int64) decimal.Decimal {
		if den <= 0 {
			return decimal.Zero
		}
		return ratioDecimal(num, 100*pow10[cp], den, cp, mode)
	}
	res := StaffingResult{
		Team: s.Team, Policy: p.Ref(), AsOf: asOf,
		Funded:         micro(funded),
		InPost:         micro(inPost),
		VacantPosts:    micro(posts - fte),
		Sickness:       micro(sickness),
		Effective:      micro(effective),
		Staffed:        pct(effective, funded),
		CapacityFunded: pct(points, funded),
		CapacityActual: pct(points, effective),
	}
	res.Band, _ = p.band(points, effective, points > 0)
	res.Code = "staffing-" + res.Band.String()
	res.Why = []string{
		fmt.Sprintf("funded: %s posts × %s points = %s", s.Posts, micro(g.target), res.Funded),
		fmt.Sprintf("in post: %d staff, %s full-time equivalent, %s available points after reductions", len(s.Officers), micro(fte), res.InPost),
		fmt.Sprintf("vacant: %s posts", res.VacantPosts),
		fmt.Sprintf("sickness: %s × %s days ÷ %d working days = %s points", res.InPost, s.SicknessDays, wd, res.Sickness),
		fmt.Sprintf("effective: %s points, %s%% of funded", res.Effective, res.Staffed),
		fmt.Sprintf("load: %s points is %s%% of funded capacity but %s%% of what the staff in post can carry", s.Points, res.CapacityFunded, res.CapacityActual),
	}
	return res, nil
}

// String renders the result's explanation, one line per figure.
func (r StaffingResult) String() string { return strings.Join(r.Why, "\n") }
