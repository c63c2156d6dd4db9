package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
)

// writeText writes the report for a reader: the officers' table, then the
// team, its balance, a rebalancing suggestion and sustained overload.
func writeText(w io.Writer, r *report) error {
	p := &printer{w: w}
	p.printf("Team %s on %s, policy %s, data: %s\n\n", r.team, r.asOf.Format(dateLayout), refString(r.policy.Ref()), r.source)
	p.table(r)
	p.team(r)
	p.balance(r)
	p.rebalance(r)
	p.overload(r)
	return p.err
}

// printer writes and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, a ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, a...)
	}
}

// table writes one row per officer and the team's row.
func (p *printer) table(r *report) {
	other := r.summary.Letters.Other > 0
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(cells ...string) {
		if p.err == nil {
			_, p.err = io.WriteString(tw, strings.Join(cells, "\t")+"\t\n")
		}
	}
	head := []string{"OFFICER", "GRADE", "HOURS", "REDUCED", "POINTS", "AVAILABLE", "CAPACITY", "BAND", "A", "B", "C", "D"}
	if other {
		head = append(head, "OTHER")
	}
	row(append(head, "CASES", "")...)
	hours, reduced := decimal.Zero, decimal.Zero
	for _, ld := range r.loads {
		hours = hours.Add(ld.Hours.Contracted)
		reduced = reduced.Add(ld.Hours.Reductions)
		cells := []string{ld.Officer, ld.Grade.String(), ld.Hours.Contracted.String(), blankZero(ld.Hours.Reductions),
			ld.Points.String(), r.available(ld.Available), r.capacity(ld.Capacity, ld.Band, idle(ld)), bandLabel(ld.Band, idle(ld))}
		cells = append(cells, letters(ld.Letters, other)...)
		note := ""
		if ld.OverCeiling {
			note = fmt.Sprintf("over %d", r.cfg.RawCountCeiling)
		}
		row(append(cells, strconv.Itoa(ld.Cases), note)...)
	}
	s := r.summary
	cells := []string{"team", "", hours.String(), blankZero(reduced), s.Points.String(), r.available(s.Available),
		r.capacity(s.Capacity, s.Band, false), bandLabel(s.Band, false)}
	cells = append(cells, letters(s.Letters, other)...)
	row(append(cells, strconv.Itoa(s.Cases), "")...)
	if p.err == nil {
		p.err = tw.Flush()
	}
	// Right alignment pads the last, empty cell: trim it.
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line != "" {
			p.printf("%s\n", strings.TrimRight(line, " \n"))
		}
	}
	b := r.cfg.Bands
	legend := fmt.Sprintf("Capacity is points ÷ available points, available points being the grade's target × (hours − "+
		"reductions) ÷ its default hours. Bands: within at or under %s%%, over above %s%%, red above %s%%. A–D count "+
		"cases by protect letter (A the highest risk)", b.Over, b.Over, b.Red)
	if other {
		legend += "; OTHER counts untiered cases"
	}
	legend += fmt.Sprintf(". Flagged: over the raw-count ceiling of %d cases, where quality falls whatever the "+
		"points say.", r.cfg.RawCountCeiling)
	p.printf("\n%s\n", wrap(legend, "", width))
}

// team writes the team's ratio-of-sums capacity and its distribution.
func (p *printer) team(r *report) {
	s := r.summary
	d := s.Distribution
	p.printf("\nTeam capacity %s: %s of %s points, the ratio of sums (not an average of percentages).\n",
		r.capacity(s.Capacity, s.Band, false), s.Points, r.available(s.Available))
	text := fmt.Sprintf("Distribution over %d officers", d.Counted)
	if d.Idle > 0 {
		text += fmt.Sprintf(" (%d idle, with no work and no hours, left out)", d.Idle)
	}
	text += fmt.Sprintf(": %d at or under %s%% (%s%%)", d.AtOrUnder.Officers, d.AtOrUnder.Threshold, r.pct(d.AtOrUnder.Share))
	for _, c := range d.Over {
		text += fmt.Sprintf(", %d over %s%% (%s%%)", c.Officers, c.Threshold, r.pct(c.Share))
	}
	text += fmt.Sprintf("; p50 %s%%, p90 %s%%, max %s%%", r.pct(d.P50), r.pct(d.P90), r.pct(d.Max))
	if d.NoCapacity > 0 {
		text += fmt.Sprintf("; %d with work but no available points", d.NoCapacity)
	}
	p.printf("%s.\n", wrap(text, "", width))
	if len(s.OverCeiling) > 0 {
		p.printf("Over the %d-case ceiling: %s.\n", r.cfg.RawCountCeiling, strings.Join(s.OverCeiling, ", "))
	}
}

// shownInTable are the breaches the officers' table already shows.
var shownInTable = []string{workload.CodeNoCapacity, workload.CodeRed, workload.CodeOver, workload.CodeRawCount}

// breachOrder lists the known codes in the order the report gives them;
// codes it does not know follow, in order of appearance.
var breachOrder = append(slices.Clone(shownInTable), workload.CodeHighProtect, workload.CodeIntensiveThird,
	workload.CodeLevelCap, workload.CodeFlagCap, workload.CodeGradeEligibility)

// balance writes the imbalance measures and the rule breaches by code.
func (p *printer) balance(r *report) {
	b := r.balance
	p.printf("\nBalance over the %d %s with available points:\n", b.Measured, plural(b.Measured, "officer", "officers"))
	p.printf("  capacity spread %s percentage points (highest %s%%, lowest %s%%, unweighted mean %s%%)\n",
		r.pct(b.Spread), r.pct(b.Highest), r.pct(b.Lowest), r.pct(b.Mean))
	p.printf("  coefficient of variation %s, Gini %s (0 is perfect balance)\n",
		b.CV.StringFixed(workload.ImbalancePlaces), b.Gini.StringFixed(workload.ImbalancePlaces))
	hp := r.cfg.Allocation.HighProtect
	p.printf("  high-protect (%s) cases: %s%% of the team's", hp.Tiers, r.pct(b.HighProtectShare))
	if !hp.MaxPercent.IsZero() {
		p.printf("; the policy allows an officer at most %s%%", hp.MaxPercent)
	}
	p.printf("\n")
	if len(b.NoCapacity) > 0 {
		p.printf("  holding work with no available points: %s\n", strings.Join(b.NoCapacity, ", "))
	}
	if b.Breaches == 0 {
		p.printf("  no rule breaches as the caseloads stand\n")
		return
	}
	var codes []string
	groups := map[string]*group{}
	for _, o := range b.Officers {
		for _, f := range o.Breaches {
			g, ok := groups[f.Code]
			if !ok {
				g = &group{action: f.Action}
				groups[f.Code] = g
				codes = append(codes, f.Code)
			}
			g.officers = append(g.officers, o.Officer)
			if !slices.Contains(shownInTable, f.Code) {
				g.details = append(g.details, o.Officer+" "+f.Code+": "+f.Message)
			}
		}
	}
	slices.SortStableFunc(codes, func(a, b string) int { return rank(a) - rank(b) })
	p.printf("%s\n", wrap(fmt.Sprintf("%d rule %s as the caseloads stand, with what the policy does to a further case "+
		"that breaches the rule:", b.Breaches, plural(b.Breaches, "breach", "breaches")), "  ", width))
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, c := range codes {
		fmt.Fprintf(tw, "    %s\t%s\t%d\t%s\n", c, groups[c].action, len(groups[c].officers), strings.Join(groups[c].officers, ", "))
	}
	tw.Flush()
	p.printf("%s", buf.String())
	for i, d := range details(codes, groups) {
		if i == 0 {
			p.printf("  In detail:\n")
		}
		p.printf("%s\n", wrap(d, "    ", width))
	}
}

// group gathers the officers breaching one rule.
type group struct {
	action   workload.Action
	officers []string
	// details are the findings the officers' table does not show.
	details []string
}

// details returns the groups' details in the order of codes.
func details(codes []string, groups map[string]*group) []string {
	var out []string
	for _, c := range codes {
		out = append(out, groups[c].details...)
	}
	return out
}

// rank orders breach codes as breachOrder does.
func rank(code string) int {
	if i := slices.Index(breachOrder, code); i >= 0 {
		return i
	}
	return len(breachOrder)
}

// shownMoves is how many moves of the plan the report shows.
const shownMoves = 2

// rebalance writes the top of the rebalancing plan.
func (p *printer) rebalance(r *report) {
	pl := r.plan
	opts := workload.DefaultRebalanceOptions()
	p.printf("\n%s\n", wrap(fmt.Sprintf("Suggested rebalancing (at most %d moves; cases in their critical period or "+
		"allocated in the last %d days stay):", opts.MaxMoves, opts.RecentDays), "", width))
	p.printf("%s\n", wrap(pl.Explanation+".", "  ", width))
	if len(pl.Moves) > 0 {
		p.printf("  Highest capacity %s%% → %s%%. First %s:\n", r.pct(pl.HighestBefore), r.pct(pl.HighestAfter),
			plural(min(shownMoves, len(pl.Moves)), "move", "moves"))
	}
	for i, m := range pl.Moves[:min(shownMoves, len(pl.Moves))] {
		p.printf("  %d. %s\n", i+1, strings.ReplaceAll(m.String(), "\n", "\n  "))
	}
	if n := len(pl.Moves) - shownMoves; n > 0 {
		p.printf("  … and %d more %s.\n", n, plural(n, "move", "moves"))
	}
	if s := r.summary; s.Band == workload.BandOver || s.Band == workload.BandRed || s.Band == workload.BandNoCapacity {
		p.printf("%s\n", wrap(fmt.Sprintf("The team as a whole is above %s%%: moves inside it can share the overload "+
			"out but cannot bring everyone within %s%%. That needs work moved out of the team or more staff.",
			r.cfg.Bands.Over, r.cfg.Bands.Over), "  ", width))
	}
}

// overload writes who has been over the sustained threshold every week.
func (p *printer) overload(r *report) {
	su := r.cfg.Sustained
	dates := make([]string, len(r.weeks))
	for i, d := range r.weeks {
		dates[i] = d.Format(dateLayout)
	}
	p.printf("\n%s\n", wrap(fmt.Sprintf("Sustained overload, above %s%% in %d consecutive weekly snapshots (%s):",
		su.Threshold, su.Weeks, strings.Join(dates, ", ")), "", width))
	if len(r.overloads) == 0 {
		p.printf("  nobody\n")
	}
	for _, o := range r.overloads {
		caps := make([]string, len(o.Capacities))
		for i, c := range o.Capacities {
			caps[i] = r.pct(c) + "%"
			if o.NoCapacity[i] {
				caps[i] = "no capacity"
			}
		}
		p.printf("  %s  %s\n", o.Officer, strings.Join(caps, ", "))
	}
	p.printf("%s\n", wrap("The earlier snapshots are recomputed from this one caseload at those dates, not read from "+
		"history: the cases held today count in every week, and only dated items change the points (reductions, "+
		"court reports, cover contacts). Measure an export "+
		"every week for the real record.", "  ", width))
}

// idle reports an officer with no work and no available points (a manager
// holding no cases): left out of the distribution, shown without a
// capacity.
func idle(ld workload.Load) bool {
	return ld.Cases == 0 && ld.Reports == 0 && ld.Points.IsZero() && ld.Available.IsZero()
}

// capacity formats a capacity at the policy's places; an officer with work
// and no available points has no percentage.
func (r *report) capacity(c decimal.Decimal, b workload.Band, idle bool) string {
	switch {
	case idle:
		return "-"
	case b == workload.BandNoCapacity:
		return "none"
	}
	return r.pct(c) + "%"
}

// pct formats a percentage at the policy's capacity places.
func (r *report) pct(d decimal.Decimal) string {
	return d.StringFixed(int32(r.cfg.Rounding.CapacityPlaces))
}

// available formats available points at the policy's places.
func (r *report) available(d decimal.Decimal) string {
	places := r.cfg.Rounding.AvailablePlaces
	if r.cfg.ReferenceCompatible {
		places = 0
	}
	return d.StringFixed(int32(places))
}

// bandLabel names a band for the table; red is in capitals to stand out.
func bandLabel(b workload.Band, idle bool) string {
	switch {
	case idle:
		return "idle"
	case b == workload.BandRed:
		return "RED"
	case b == workload.BandNoCapacity:
		return "NO CAPACITY"
	}
	return b.String()
}

func letters(m workload.LetterMix, other bool) []string {
	s := []string{strconv.Itoa(m.A), strconv.Itoa(m.B), strconv.Itoa(m.C), strconv.Itoa(m.D)}
	if other {
		s = append(s, strconv.Itoa(m.Other))
	}
	return s
}

func blankZero(d decimal.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// width is the widest line of the text report's prose.
const width = 100

// wrap breaks text into lines of at most width bytes, each indented.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}
