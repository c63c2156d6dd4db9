package workload

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/days"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// prioDates formats due contacts as "+n/minutes" day offsets from asOf,
// with "!" marking an overdue contact.
func prioDates(due []DueContact) []string {
	out := []string{}
	for _, c := range due {
		s := fmt.Sprintf("%+d/%d", int(c.On.Sub(asOf).Hours()/24), c.Minutes)
		if c.Overdue {
			s += "!"
		}
		out = append(out, s)
	}
	return out
}

func TestSchedule(t *testing.T) {
	with := func(f func(*Case)) Case {
		c := prioCase("c1", tier.B2, risk.RoSHHigh) // standard: 1 per 14 days, 45 min
		f(&c)
		return c
	}
	tests := []struct {
		name     string
		c        Case
		phase    tier.Phase
		nextDue  int // days from asOf; 999 for none
		overdue  int
		week     []string
		reasoned string
	}{
		{"due from the last contact", with(func(c *Case) { c.LastContact = prioDay(-10) }), tier.Standard, 4, 0, []string{"+4/45"}, ""},
		{"overdue contact is due now", with(func(c *Case) { c.LastContact = prioDay(-20) }), tier.Standard, -6, 6, []string{"+0/45!"},
			"the next one follows 14 days after asOf"},
		{"never contacted, released: due at release", with(func(c *Case) { c.Type, c.Release = tier.Licence, prioDay(-3) }), tier.Critical, -3, 3,
			[]string{"+0/45!"}, "critical period: 1 per 7 days, the next on day +7"},
		{"never contacted, not yet started: due at start", with(func(c *Case) { c.Start = prioDay(5) }), tier.Standard, 5, 0, []string{"+5/45"}, ""},
		{"never contacted, no dates: due now", with(func(c *Case) { c.Start = time.Time{} }), tier.Standard, 0, 0, []string{"+0/45"}, ""},
		{"warrant: no contact", with(func(c *Case) { c.Inactive = tier.Warrant }), tier.Suspended, 999, 0, []string{}, ""},
		{"S tier: no contact", with(func(c *Case) { c.Tier = tier.B2S; c.LastContact = prioDay(-30) }), tier.Standard, 999, 0, []string{}, ""},
		{"ended: no contact", with(func(c *Case) { c.End = prioDay(-1); c.LastContact = prioDay(-30) }), tier.Standard, 999, 0, []string{}, ""},
		{"ends mid-week", with(func(c *Case) { c.End = prioDay(3); c.LastContact = prioDay(-10) }), tier.Standard, 999, 0, []string{},
			"next due day +4 is after the end"},
		{"past two-thirds steps down", with(func(c *Case) { c.TwoThirds = prioDay(-1); c.LastContact = prioDay(-25) }), tier.PastTwoThirds, 3, 0,
			[]string{"+3/45"}, "1 per 28 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := prioPolicy.Schedule(tt.c, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if s.Phase != tt.phase {
				t.Errorf("phase = %s, want %s", s.Phase, tt.phase)
			}
			want := time.Time{}
			if tt.nextDue != 999 {
				want = prioDay(tt.nextDue)
			}
			if !s.NextDue.Equal(want) || s.DaysOverdue != tt.overdue {
				t.Errorf("next due %s, %d overdue; want %s, %d (%s)", s.NextDue.Format(dateLayout), s.DaysOverdue, want.Format(dateLayout), tt.overdue, tt.reasoned)
			}
			if diff := cmp.Diff(tt.week, prioDates(s.Week)); diff != "" {
				t.Errorf("week (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContactsDueAcrossPhases(t *testing.T) {
	// Released 40 days ago: the critical period (1 per 7 days) runs to day
	// +1; from day +2 B2 needs 1 per 14 days. The contact due on day +8
	// (7 days after the one on day +1) falls in the standard phase, and
	// the next follows 14 days later.
	c := prioCase("c1", tier.B2, risk.RoSHHigh)
	c.Type, c.Release, c.LastContact = tier.Licence, prioDay(-40), prioDay(-6)
	due, err := prioPolicy.ContactsDue(c, asOf, prioDay(28))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"+1/45", "+8/45", "+22/45"}, prioDates(due)); diff != "" {
		t.Errorf("due (-want +got):\n%s", diff)
	}
	if due[0].Phase != tier.Critical || due[1].Phase != tier.Standard {
		t.Errorf("phases %s, %s; want critical, standard", due[0].Phase, due[1].Phase)
	}
	if _, err := prioPolicy.ContactsDue(c, asOf, prioDay(-1)); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("until before asOf: err = %v", err)
	}
}

func TestContactsDueSeveralAWeek(t *testing.T) {
	cfg := SupervisionLevelsConfig()
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Intensive: 8 contacts per 30 days. The next is due ⌊30÷8⌋ = 3 days
	// after the last contact (day +2); the rest fall ⌊30k÷8⌋ days after it.
	c := Case{ID: "c1", Officer: "o1", Tier: "intensive", Type: tier.Community, Start: prioDay(-365), LastContact: prioDay(-1),
		Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: prioAssessed}}
	due, err := p.ContactsDue(c, asOf, prioDay(30))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"+2/60", "+5/60", "+9/60", "+13/60", "+17/60", "+20/60", "+24/60", "+28/60"}
	if diff := cmp.Diff(want, prioDates(due)); diff != "" {
		t.Errorf("due (-want +got):\n%s", diff)
	}
}

func TestScheduleConservative(t *testing.T) {
	// B1 and B2 ask for the same contact in the reference table (1 per 14
	// days, 45 min, standard phase): a tie keeps the case's own tier.
	c := prioCase("c1", tier.B1, risk.RoSHMedium)
	c.Risk.AssessedOn = prioDay(-400)
	c.LastContact = prioDay(-1)
	s, err := prioPolicy.Schedule(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := tier.Contact{Contacts: 1, Days: 14, Minutes: 45, FaceToFace: true}
	if !s.Conservative || s.ContactTier != tier.B1 || s.Requirement != want || !s.Risk.Stale {
		t.Errorf("got conservative=%v contact tier %s %s risk %s; want B1 at 1 per 14 days, stale", s.Conservative, s.ContactTier, s.Requirement, s.Risk)
	}
	// B2 stale reads B3 (1 per 14 days, 60 min: same frequency, more time).
	c.Tier = tier.B2
	s, err = prioPolicy.Schedule(c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if s.ContactTier != tier.B3 || s.Requirement.Minutes != 60 {
		t.Errorf("B2 stale: contact tier %s %s, want B3 at 60 min", s.ContactTier, s.Requirement)
	}
}

func TestUpTier(t *testing.T) {
	ew := prioPolicy
	cfg := SupervisionLevelsConfig()
	us, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		p        *Policy
		from, to tier.Tier
	}{
		{ew, tier.B2, tier.B3}, {ew, tier.B3, tier.A0}, {ew, tier.A3, tier.A3}, {ew, tier.D0, tier.D1},
		{ew, tier.B2S, tier.B3S}, {ew, tier.A3S, tier.A3S}, {ew, tier.Untiered, tier.Untiered},
		{us, "minimum", "medium"}, {us, "intensive", "intensive"},
	}
	for _, tt := range tests {
		i, _ := tt.p.scheme.Index(tt.from)
		got, _ := tt.p.scheme.At(tt.p.upTier(i))
		if got != tt.to {
			t.Errorf("upTier(%s) = %s, want %s", tt.from, got, tt.to)
		}
	}
}

func TestDemand(t *testing.T) {
	o := officer("o1", "2", "")
	// Available drops to 1 h from week 2 (a reduction starting on day 14).
	o.Reductions = []Reduction{{Reason: OtherReason, Hours: d("1"), From: prioDay(14)}}
	a := prioCase("a", tier.B2, risk.RoSHHigh) // 45 min every 14 days from day +4
	a.LastContact = prioDay(-10)
	b := prioCase("b", tier.A2, risk.RoSHHigh) // 60 min every 7 days from day +0
	b.LastContact = prioDay(-7)
	dm, err := prioFullFacing.Demand(Caseload{Officer: o, Cases: []Case{a, b}}, asOf, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range dm.Weeks {
		got = append(got, fmt.Sprintf("%s %d %s/%s %v %s", w.Start.Format(dateLayout), w.Contacts, w.Hours, w.Available, w.Fits, w.Over))
	}
	want := []string{
		"2026-11-23 2 1.75/2 true 0",
		"2026-11-30 1 1/2 true 0",
		"2026-12-07 2 1.75/1 false 0.75",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("weeks (-want +got):\n%s", diff)
	}
	if u := dm.Unfit(); len(u) != 1 || u[0].Week != 2 {
		t.Errorf("unfit = %v, want week 2", u)
	}
	// Week 0 is what the shortfall plan counts.
	pl, err := prioFullFacing.PlanShortfall(Caseload{Officer: o, Cases: []Case{a, b}}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Demand.Equal(dm.Weeks[0].Hours) {
		t.Errorf("plan demand %s, demand week 0 %s", pl.Demand, dm.Weeks[0].Hours)
	}
	if _, err := prioPolicy.Demand(Caseload{Officer: o}, asOf, 0); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("0 weeks: err = %v", err)
	}
}

func TestTeamDemand(t *testing.T) {
	a := prioCase("a", tier.A2, risk.RoSHHigh) // 60 min a week
	a.LastContact = prioDay(-7)
	b := a
	b.ID, b.Officer = "b", "o2"
	team := []Caseload{
		{Officer: officer("o2", "0.5", ""), Cases: []Case{b}},
		{Officer: officer("o1", "2", ""), Cases: []Case{a}},
	}
	dm, err := prioFullFacing.TeamDemand(team, asOf, 1)
	if err != nil {
		t.Fatal(err)
	}
	w := dm.Weeks[0]
	if diff := cmp.Diff([]string{"o1", "o2"}, dm.Officers); diff != "" {
		t.Errorf("officers (-want +got):\n%s", diff)
	}
	if !w.Hours.Equal(d("2")) || !w.Available.Equal(d("2.5")) || !w.Fits {
		t.Errorf("team week: %s h of %s, fits %v; want 2 of 2.5, fits", w.Hours, w.Available, w.Fits)
	}
	if len(dm.Members) != 2 || dm.Members[0].Officers[0] != "o1" || dm.Members[1].Weeks[0].Fits {
		t.Errorf("members: want o1 then o2, o2 not fitting; got %+v", dm.Members)
	}
	team[1].Officer.ID = "o2"
	team[1].Cases[0].Officer = "o2"
	if _, err := prioPolicy.TeamDemand(team, asOf, 1); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate officer: err = %v", err)
	}
}

func ExamplePolicy_Schedule() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	c := Case{ID: "c1", Officer: "jo", Tier: tier.B2, Type: tier.Licence,
		Start: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), Release: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC),
		LastContact: time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC),
		Risk:        CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}}
	s, _ := p.Schedule(c, asOf)
	fmt.Println(s)
	for _, dc := range s.Week {
		fmt.Println(dc.On.Format("2006-01-02"), dc.Phase, dc.Minutes, "min, overdue:", dc.Overdue)
	}
	// Output:
	// c1 B2 critical: 1 per 7 days, 45 min, face to face; last contact 2026-11-13; next due 2026-11-20, 3 days overdue; this week 1 contacts, 0.75 h
	// 2026-11-23 critical 45 min, overdue: true
}

func ExamplePolicy_Demand() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	assessed := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	o := Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(2)}
	cl := Caseload{Officer: o, Cases: []Case{
		{ID: "c1", Officer: "jo", Tier: tier.A2, Type: tier.Community, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
			LastContact: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: assessed}},
		{ID: "c2", Officer: "jo", Tier: tier.B2, Type: tier.Licence, Release: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
			LastContact: time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC), Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: assessed}},
	}}
	dm, _ := p.Demand(cl, asOf, 8)
	fmt.Print(dm)
	// Output:
	// demand of jo from 2026-11-23
	// week 0 2026-11-23: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 1 2026-11-30: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 2 2026-12-07: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 3 2026-12-14: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 4 2026-12-21: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 5 2026-12-28: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
	// week 6 2027-01-04: 1 contacts, 1 h of 1.2 h
	// week 7 2027-01-11: 2 contacts, 1.75 h of 1.2 h, over by 0.55 h
}

func TestPhaseOnMatchesPhaseAt(t *testing.T) { rapid.Check(t, testPhaseOnMatchesPhaseAt) }
func FuzzPhaseOnMatchesPhaseAt(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPhaseOnMatchesPhaseAt)) }

// testPhaseOnMatchesPhaseAt: the scheduler's phase over day numbers agrees
// with Policy.Phase on every valid case and day.
func testPhaseOnMatchesPhaseAt(t *rapid.T) {
	c := prioGenCase(t, "c1", "o1")
	at := prioDay(rapid.IntRange(-500, 900).Draw(t, "day"))
	cd := daysOf(&c)
	if got, want := prioPolicy.phaseOn(&c, &cd, days.Number(at)), prioPolicy.Phase(c, at); got != want {
		t.Fatalf("phaseOn = %s, Phase = %s", got, want)
	}
}

func ExamplePolicy_ContactsDue() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	// Released 40 days ago: weekly contact until the critical period ends,
	// then every 14 days (B2, standard).
	c := Case{ID: "c1", Officer: "jo", Tier: tier.B2, Type: tier.Licence,
		Start: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), Release: asOf.AddDate(0, 0, -40), LastContact: asOf.AddDate(0, 0, -6),
		Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}}
	due, _ := p.ContactsDue(c, asOf, asOf.AddDate(0, 0, 28))
	for _, dc := range due {
		fmt.Println(dc.On.Format("2006-01-02"), dc.Phase, dc.Minutes)
	}
	// Output:
	// 2026-11-24 critical 45
	// 2026-12-01 standard 45
	// 2026-12-15 standard 45
}

func ExamplePolicy_TeamDemand() {
	p := DefaultPolicy()
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	weekly := func(id, officer string) Case {
		return Case{ID: id, Officer: officer, Tier: tier.A2, Type: tier.Community, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
			LastContact: asOf.AddDate(0, 0, -7), Risk: CaseRisk{MAPPA: risk.MAPPANone, RoSH: risk.RoSHHigh, AssessedOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}}
	}
	team := []Caseload{
		{Officer: Officer{ID: "sam", Team: "north", Grade: PSO, Hours: decimal.RequireFromString("1.5")}, Cases: []Case{weekly("c1", "sam"), weekly("c2", "sam")}},
		{Officer: Officer{ID: "jo", Team: "north", Grade: PO, Hours: decimal.NewFromInt(2)}, Cases: []Case{weekly("c3", "jo")}},
	}
	dm, _ := p.TeamDemand(team, asOf, 2)
	fmt.Print(dm)
	for _, m := range dm.Members {
		fmt.Println(m.Officers[0], "weeks over:", len(m.Unfit()))
	}
	// Output:
	// demand of jo, sam from 2026-11-23
	// week 0 2026-11-23: 3 contacts, 3 h of 2.175 h, over by 0.83 h
	// week 1 2026-11-30: 3 contacts, 3 h of 2.175 h, over by 0.83 h
	// jo weeks over: 0
	// sam weeks over: 2
}
