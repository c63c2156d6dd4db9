package workload

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// Action is what a policy does when an allocation rule fires. The zero
// value, ActionUnknown, is rejected by validation, so a rule whose action
// was forgotten is an error rather than silently allowed.
type Action uint8

// Actions, from the mildest to the strictest.
const (
	ActionUnknown Action = iota
	// Allow records the finding but allows the allocation.
	Allow
	// Warn allows the allocation with a warning a manager should read.
	Warn
	// Refuse refuses the allocation.
	Refuse
)

var actionNames = enum.Names[Action]{Pkg: "workload", Type: "action", Names: []string{"unknown", "allow", "warn", "refuse"}}

// String returns "allow", "warn" or "refuse".
func (a Action) String() string { return actionNames.String(a) }

// MarshalText implements encoding.TextMarshaler.
func (a Action) MarshalText() ([]byte, error) {
	if a == ActionUnknown {
		return nil, actionNames.Unknown(a)
	}
	return actionNames.Marshal(a)
}

// UnmarshalText implements encoding.TextUnmarshaler; "unknown" is rejected.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := actionNames.Parse(string(b), false)
	if err == nil {
		*a = v
	}
	return err
}

// cloneTierSet returns a deep copy of s.
func cloneTierSet(s tier.Set) tier.Set {
	return tier.Set{Letters: cloneSlice(s.Letters), Tiers: cloneSlice(s.Tiers)}
}

// validateTierSet checks that s names letters and tiers of table t (any
// scheme when t is nil), and something when required.
func validateTierSet(l *fault.List, s tier.Set, field string, t *tier.Table, required bool) {
	if required && s.Empty() {
		l.Add(field, "", ErrMissing, "name at least one letter or tier")
	}
	seen := map[string]bool{}
	for i, x := range s.Letters {
		f := field + ".letters[" + strconv.Itoa(i) + "]"
		if len(x) != 1 || x[0] < 'A' || x[0] > 'D' {
			l.Add(f, x, ErrUnknown, "want a protect letter A, B, C or D")
			continue
		}
		if seen[x] {
			l.Add(f, x, ErrDuplicate, "letter listed twice")
			continue
		}
		seen[x] = true
		if t == nil {
			continue
		}
		found := false
		for _, tr := range t.Scheme.Tiers() {
			if lt, ok := tr.Letter(); ok && lt == x[0] {
				found = true
				break
			}
		}
		if !found {
			l.Add(f, x, ErrInconsistent, "scheme "+strconv.Quote(t.Scheme.Name())+" has no tier with this letter; list tiers instead")
		}
	}
	seenT := map[tier.Tier]bool{}
	for i, x := range s.Tiers {
		f := field + ".tiers[" + strconv.Itoa(i) + "]"
		if seenT[x] {
			l.Add(f, string(x), ErrDuplicate, "tier listed twice")
			continue
		}
		seenT[x] = true
		if t != nil && !t.Scheme.Contains(x) {
			l.Add(f, string(x), ErrUnknownTier, "not a tier of scheme "+strconv.Quote(t.Scheme.Name()))
		}
	}
}

// Fraction is an exact ratio Num/Den, e.g. one third as {1, 3}.
type Fraction struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// HighProtectRule limits the share of high-protect cases an officer holds
// (docs/domain.md, "Blended caseloads"). It fires when an allocation adds a
// case of Tiers and, after it, such cases are more than MaxPercent of a
// caseload of at least MinCases cases. Shares are compared exactly.
type HighProtectRule struct {
	Action Action   `json:"action"`
	Tiers  tier.Set `json:"tiers"`
	// MaxPercent is the largest share allowed, in percent.
	MaxPercent decimal.Decimal `json:"maxPercent"`
	// MinCases is the smallest caseload the share is judged on: a share
	// of a handful of cases says little.
	MinCases int `json:"minCases"`
}

// LevelCap is a cap on the number of cases of one supervision level.
type LevelCap struct {
	Name  string   `json:"name"`
	Tiers tier.Set `json:"tiers"`
	Max   int      `json:"max"`
}

// IntensiveRule is the mix rule of the Vermont statute (docs/domain.md, "Blended caseloads"):
// each supervision level has a case cap (Caps, e.g. 45 intensive, 60
// medium, 150 low), and when Share or more of a caseload is intensive
// (Intensive tiers), the strictest cap applies to the whole caseload.
// Reasons: "mix-intensive-third" when the whole caseload is above the
// strictest cap, "mix-level-cap" when one level is above its own cap.
type IntensiveRule struct {
	Action    Action     `json:"action"`
	Intensive tier.Set   `json:"intensive"`
	Share     Fraction   `json:"share"`
	Caps      []LevelCap `json:"caps"`
}

// FlagCap caps the cases of one kind an officer holds (as nurse-staffing
// tools cap patients needing isolation). A case counts when it carries
// any of Flags, or its MAPPA level is in MAPPA, or its RoSH is in RoSH.
type FlagCap struct {
	Name   string            `json:"name"`
	Action Action            `json:"action"`
	Flags  risk.Flags        `json:"flags,omitempty"`
	MAPPA  []risk.MAPPALevel `json:"mappa,omitempty"`
	RoSH   []risk.RoSH       `json:"rosh,omitempty"`
	Max    int               `json:"max"`
}

// GradeRule says which cases officers of a grade may not hold alone (see
// the domain reference, "Capacity" and "Blended caseloads"). A case is
// restricted when it is of a NotAlone tier, or its RoSH is in RoSH, or its
// MAPPA level is in MAPPA, or it carries any of Flags, or it has at least
// MinComplexity complexity factors (0 leaves complexity out). When
// CoWorking is set, such a case is allowed if it is co-worked with a
// qualified officer.
//
// Code is the code of the rule's findings; empty means
// "grade-eligibility" ([CodeGradeEligibility]). A rule whose Action is
// Warn says the grade "should not" hold the case; Refuse says it "may
// not".
type GradeRule struct {
	Grade         Grade             `json:"grade"`
	Code          string            `json:"code,omitempty"`
	Action        Action            `json:"action"`
	NotAlone      tier.Set          `json:"notAlone"`
	RoSH          []risk.RoSH       `json:"rosh,omitempty"`
	MAPPA         []risk.MAPPALevel `json:"mappa,omitempty"`
	Flags         risk.Flags        `json:"flags,omitempty"`
	MinComplexity int               `json:"minComplexity,omitempty"`
	CoWorking     bool              `json:"coWorking"`
}

// describe names the cases the rule restricts: "A cases or very-high RoSH
// cases".
func (g *GradeRule) describe() string {
	parts := make([]string, 0, 2)
	if !g.NotAlone.Empty() {
		parts = append(parts, g.NotAlone.String()+" cases")
	}
	if len(g.RoSH) > 0 {
		names := make([]string, len(g.RoSH))
		for i, r := range g.RoSH {
			names[i] = r.String()
		}
		parts = append(parts, strings.Join(names, "/")+" RoSH cases")
	}
	if len(g.MAPPA) > 0 {
		names := make([]string, len(g.MAPPA))
		for i, m := range g.MAPPA {
			names[i] = m.String()
		}
		parts = append(parts, "MAPPA "+strings.Join(names, "/")+" cases")
	}
	if g.Flags != 0 {
		parts = append(parts, strings.ReplaceAll(g.Flags.String(), "+", "/")+" cases")
	}
	if g.MinComplexity > 0 {
		parts = append(parts, "cases with "+strconv.Itoa(g.MinComplexity)+" or more complexity factors")
	}
	return strings.Join(parts, " or ")
}

// sentence explains instance k's finding: about the case allocated, or
// about the caseload as it stands.
func (g *GradeRule) sentence(e *explainer, k int) string {
	may := article(g.Grade) + " may not hold"
	if g.Action != Refuse {
		may = article(g.Grade) + " should not hold"
	}
	what := g.describe()
	if e.c != nil {
		msg := may + " " + what
		if g.CoWorking {
			msg += " alone"
		}
		msg += "; case " + e.c.ID + " is " + string(e.c.Tier) + g.caseFacts(&e.c.Risk)
		if g.CoWorking {
			msg += " (allowed if co-worked)"
		}
		return msg
	}
	n := int(e.st.restricted[k])
	msg := e.officer + " (" + g.Grade.String() + ") holds " + strconv.Itoa(n) + plural(n, " case", " cases") + " " + may
	if g.CoWorking {
		return msg + " alone (" + what + "): check each is co-worked"
	}
	return msg + " (" + what + "): review each"
}

// caseFacts renders what the rule reads about a case: its RoSH, and its
// MAPPA level, flags and complexity when the rule reads them.
func (g *GradeRule) caseFacts(r *CaseRisk) string {
	out := caseRoSHText(r.RoSH)
	if len(g.MAPPA) > 0 && r.MAPPA != risk.MAPPANone {
		out += ", MAPPA " + r.MAPPA.String()
	}
	if f := r.Flags & g.Flags; f != 0 {
		out += ", " + f.String()
	}
	if g.MinComplexity > 0 && r.Complexity > 0 {
		out += ", complexity " + strconv.Itoa(r.Complexity)
	}
	return out
}

// AllocationConfig holds the allocation and blended-caseload rules: for
// each rule, what the policy does when it fires (allow, warn or refuse).
//
// The capacity rules compare the exact ratio after allocation with
// Config.Bands (over: above Bands.Over; red: above Bands.Red); the raw
// count rule compares the case count after allocation with
// Config.RawCountCeiling.
type AllocationConfig struct {
	// NoCapacity applies when the officer has no available points
	// ("no-capacity").
	NoCapacity Action `json:"noCapacity"`
	// Over applies when capacity after allocation is above Bands.Over and
	// at most Bands.Red ("over-100"); Red when above Bands.Red
	// ("over-110"). Red must be at least as strict as Over.
	Over Action `json:"over"`
	Red  Action `json:"red"`
	// RawCount applies when the case count after allocation is above
	// Config.RawCountCeiling ("raw-count").
	RawCount Action `json:"rawCount"`
	// AlreadyHeld applies when the officer already holds the case
	// ("already-held"): nothing changes and it is not counted twice.
	AlreadyHeld Action          `json:"alreadyHeld"`
	HighProtect HighProtectRule `json:"highProtect"`
	Intensive   IntensiveRule   `json:"intensive"`
	// FlagCaps are per-officer caps on kinds of case ("flag-cap").
	FlagCaps []FlagCap `json:"flagCaps"`
	// Eligibility restricts what some grades may hold alone
	// ("grade-eligibility"; "co-worked" records a co-worked exception).
	Eligibility []GradeRule `json:"eligibility"`
}

// Bounds on the number of rules, so that the hot paths keep fixed-size
// counters.
const (
	maxLevelCaps   = 8
	maxFlagCaps    = 16
	maxGradeRules  = 16
	maxCapPerRule  = 100000
	maxNameLenRule = 64
)

// defaultAllocationConfig is the reference allocation policy. Sources (see
// the domain reference, "Capacity" and "Blended caseloads"): the
// over-100% and over-110% bands and the raw-count ceiling of 50; the
// Vermont caps 45/60/150 and the one-third trigger; the practice that
// PSOs do not hold high or very high RoSH or MAPPA level 2/3 cases
// (refused, code "qualified-only"; an A tier implies one of them); the
// rule that trainees (PQiP) and newly qualified officers (NQO) do not hold
// the highest-risk cases alone (refused unless co-worked), extended to
// child protection, domestic abuse and high complexity (a warning, code
// "complex-for-grade", cleared by co-working). The actions chosen, the
// complexity threshold of 4, the 60% high-protect share judged from 10
// cases, and the flag caps (8 MAPPA level 2/3 cases, 20 domestic-abuse
// cases) are caseload's own illustrative choices.
func defaultAllocationConfig() AllocationConfig {
	return AllocationConfig{
		NoCapacity:  Refuse,
		Over:        Warn,
		Red:         Refuse,
		RawCount:    Warn,
		AlreadyHeld: Warn,
		HighProtect: HighProtectRule{
			Action:     Warn,
			Tiers:      tier.Set{Letters: []string{"A", "B"}},
			MaxPercent: decimal.NewFromInt(60),
			MinCases:   10,
		},
		Intensive: IntensiveRule{
			Action:    Warn,
			Intensive: tier.Set{Letters: []string{"A"}},
			Share:     Fraction{Num: 1, Den: 3},
			Caps: []LevelCap{
				{Name: "intensive", Tiers: tier.Set{Letters: []string{"A"}}, Max: 45},
				{Name: "medium", Tiers: tier.Set{Letters: []string{"B"}}, Max: 60},
				{Name: "low", Tiers: tier.Set{Letters: []string{"C", "D"}}, Max: 150},
			},
		},
		FlagCaps: []FlagCap{
			{Name: "mappa-2-3", Action: Warn, MAPPA: []risk.MAPPALevel{risk.MAPPALevel2, risk.MAPPALevel3}, Max: 8},
			{Name: "domestic-abuse", Action: Warn, Flags: risk.NewFlags(risk.FlagDomesticAbuse), Max: 20},
		},
		Eligibility: []GradeRule{
			{Grade: PSO, Code: CodeQualifiedOnly, Action: Refuse, NotAlone: tier.Set{Letters: []string{"A"}},
				RoSH: []risk.RoSH{risk.RoSHHigh, risk.RoSHVeryHigh}, MAPPA: []risk.MAPPALevel{risk.MAPPALevel2, risk.MAPPALevel3}},
			{Grade: PQiP, Action: Refuse, NotAlone: tier.Set{Letters: []string{"A"}}, RoSH: []risk.RoSH{risk.RoSHVeryHigh}, CoWorking: true},
			developingRule(PQiP),
			{Grade: NQO, Action: Refuse, NotAlone: tier.Set{Letters: []string{"A"}}, RoSH: []risk.RoSH{risk.RoSHVeryHigh}, CoWorking: true},
			developingRule(NQO),
		},
	}
}

// developingRule is the default warning for a trainee or newly qualified
// officer given a child-protection, domestic-abuse or highly complex case
// (four or more complexity factors, an illustrative threshold). It warns
// rather than refuses: such cases are common, and a manager who allocates
// one with support (co-working) has made a choice the record should show,
// not one the library should forbid.
func developingRule(g Grade) GradeRule {
	return GradeRule{Grade: g, Code: CodeComplexForGrade, Action: Warn,
		Flags: risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagChildProtection), MinComplexity: 4, CoWorking: true}
}

func (c AllocationConfig) clone() AllocationConfig {
	out := c
	out.HighProtect.Tiers = cloneTierSet(c.HighProtect.Tiers)
	out.Intensive.Intensive = cloneTierSet(c.Intensive.Intensive)
	if c.Intensive.Caps != nil {
		out.Intensive.Caps = make([]LevelCap, len(c.Intensive.Caps))
		for i, lc := range c.Intensive.Caps {
			lc.Tiers = cloneTierSet(lc.Tiers)
			out.Intensive.Caps[i] = lc
		}
	}
	if c.FlagCaps != nil {
		out.FlagCaps = make([]FlagCap, len(c.FlagCaps))
		for i, fc := range c.FlagCaps {
			fc.MAPPA = cloneSlice(fc.MAPPA)
			fc.RoSH = cloneSlice(fc.RoSH)
			out.FlagCaps[i] = fc
		}
	}
	if c.Eligibility != nil {
		out.Eligibility = make([]GradeRule, len(c.Eligibility))
		for i, g := range c.Eligibility {
			g.NotAlone = cloneTierSet(g.NotAlone)
			g.RoSH = cloneSlice(g.RoSH)
			g.MAPPA = cloneSlice(g.MAPPA)
			out.Eligibility[i] = g
		}
	}
	return out
}

func checkAction(l *fault.List, field string, a Action) {
	if !actionNames.Valid(a) {
		l.Add(field, a.String(), ErrUnknown, "want allow, warn or refuse")
	}
}

func checkRuleName(l *fault.List, field, name string, seen map[string]int, list string) {
	switch {
	case name == "":
		l.Add(field, "", ErrMissing, "a rule needs a name")
	case len(name) > maxNameLenRule:
		l.Add(field, name, ErrOutOfRange, "names are at most 64 bytes")
	default:
		if j, dup := seen[name]; dup {
			l.Add(field, name, ErrDuplicate, "same name as "+list+"["+strconv.Itoa(j)+"]")
		}
	}
}

func checkCap(l *fault.List, field string, max int) {
	if max < 0 || max > maxCapPerRule {
		l.Add(field, strconv.Itoa(max), ErrOutOfRange, "must be between 0 and 100000")
	}
}

// validate reports every problem with the allocation rules, with field
// paths under "allocation". t may be nil when the policy has no table
// (already reported); tier names are then not checked.
func (c AllocationConfig) validate(l *fault.List, t *tier.Table) {
	const pre = "allocation."
	if t != nil && t.Scheme.Len() == 0 {
		t = nil // an empty scheme is reported with the table
	}
	checkAction(l, pre+"noCapacity", c.NoCapacity)
	checkAction(l, pre+"over", c.Over)
	checkAction(l, pre+"red", c.Red)
	checkAction(l, pre+"rawCount", c.RawCount)
	checkAction(l, pre+"alreadyHeld", c.AlreadyHeld)
	if actionNames.Valid(c.Over) && actionNames.Valid(c.Red) && c.Red < c.Over {
		l.Add(pre+"red", c.Red.String(), ErrInconsistent, "must be at least as strict as allocation.over "+c.Over.String())
	}

	h := c.HighProtect
	checkAction(l, pre+"highProtect.action", h.Action)
	validateTierSet(l, h.Tiers, pre+"highProtect.tiers", t, true)
	if checkDecimal(l, pre+"highProtect.maxPercent", h.MaxPercent) &&
		(h.MaxPercent.IsNegative() || h.MaxPercent.GreaterThan(decimal.NewFromInt(100))) {
		l.Add(pre+"highProtect.maxPercent", h.MaxPercent.String(), ErrOutOfRange, "must be between 0 and 100")
	}
	if h.MinCases < 1 || h.MinCases > maxCapPerRule {
		l.Add(pre+"highProtect.minCases", strconv.Itoa(h.MinCases), ErrOutOfRange, "must be between 1 and 100000")
	}

	in := c.Intensive
	checkAction(l, pre+"intensive.action", in.Action)
	validateTierSet(l, in.Intensive, pre+"intensive.intensive", t, true)
	if in.Share.Den < 1 || in.Share.Den > 1000 || in.Share.Num < 1 || in.Share.Num > in.Share.Den {
		l.Add(pre+"intensive.share", strconv.Itoa(in.Share.Num)+"/"+strconv.Itoa(in.Share.Den), ErrOutOfRange,
			"want a fraction num/den with 1 ≤ num ≤ den ≤ 1000")
	}
	if len(in.Caps) == 0 {
		l.Add(pre+"intensive.caps", "", ErrMissing, "name at least one level cap")
	}
	if len(in.Caps) > maxLevelCaps {
		l.Add(pre+"intensive.caps", strconv.Itoa(len(in.Caps)), ErrOutOfRange, "at most 8 level caps")
	}
	seen := map[string]int{}
	for i, lc := range in.Caps {
		f := pre + "intensive.caps[" + strconv.Itoa(i) + "]"
		checkRuleName(l, f+".name", lc.Name, seen, "intensive.caps")
		seen[lc.Name] = i
		validateTierSet(l, lc.Tiers, f+".tiers", t, true)
		checkCap(l, f+".max", lc.Max)
	}

	if len(c.FlagCaps) > maxFlagCaps {
		l.Add(pre+"flagCaps", strconv.Itoa(len(c.FlagCaps)), ErrOutOfRange, "at most 16 flag caps")
	}
	seen = map[string]int{}
	for i, fc := range c.FlagCaps {
		f := pre + "flagCaps[" + strconv.Itoa(i) + "]"
		checkRuleName(l, f+".name", fc.Name, seen, "flagCaps")
		seen[fc.Name] = i
		checkAction(l, f+".action", fc.Action)
		if !fc.Flags.Valid() {
			l.Add(f+".flags", fc.Flags.String(), ErrUnknown, "undefined flag bits")
		}
		for j, m := range fc.MAPPA {
			if m > risk.MAPPALevel3 {
				l.Add(f+".mappa["+strconv.Itoa(j)+"]", m.String(), ErrUnknown, "want none, 1, 2 or 3")
			}
		}
		for j, r := range fc.RoSH {
			if r > risk.RoSHVeryHigh {
				l.Add(f+".rosh["+strconv.Itoa(j)+"]", r.String(), ErrUnknown, "want a RoSH level")
			}
		}
		if fc.Flags == 0 && len(fc.MAPPA) == 0 && len(fc.RoSH) == 0 {
			l.Add(f, fc.Name, ErrMissing, "a flag cap names flags, MAPPA levels or RoSH levels")
		}
		checkCap(l, f+".max", fc.Max)
	}

	if len(c.Eligibility) > maxGradeRules {
		l.Add(pre+"eligibility", strconv.Itoa(len(c.Eligibility)), ErrOutOfRange, "at most 16 grade rules")
	}
	for i, g := range c.Eligibility {
		f := pre + "eligibility[" + strconv.Itoa(i) + "]"
		if !gradeNames.Valid(g.Grade) {
			l.Add(f+".grade", g.Grade.String(), ErrUnknown, "want PO, PSO, SPO, PQiP or NQO")
		}
		checkAction(l, f+".action", g.Action)
		validateTierSet(l, g.NotAlone, f+".notAlone", t, false)
		for j, r := range g.RoSH {
			if r > risk.RoSHVeryHigh {
				l.Add(f+".rosh["+strconv.Itoa(j)+"]", r.String(), ErrUnknown, "want a RoSH level")
			}
		}
		for j, m := range g.MAPPA {
			if m > risk.MAPPALevel3 {
				l.Add(f+".mappa["+strconv.Itoa(j)+"]", m.String(), ErrUnknown, "want none, 1, 2 or 3")
			}
		}
		if !g.Flags.Valid() {
			l.Add(f+".flags", g.Flags.String(), ErrUnknown, "undefined flag bits")
		}
		if g.MinComplexity < 0 || g.MinComplexity > 10 {
			l.Add(f+".minComplexity", strconv.Itoa(g.MinComplexity), ErrOutOfRange, "must be between 0 and 10")
		}
		if g.Code != "" && !validCode(g.Code) {
			l.Add(f+".code", g.Code, ErrSyntax, "want lowercase letters, digits and hyphens, at most 64 bytes")
		}
		if g.NotAlone.Empty() && len(g.RoSH) == 0 && len(g.MAPPA) == 0 && g.Flags == 0 && g.MinComplexity == 0 {
			l.Add(f, g.Grade.String(), ErrMissing, "a grade rule names tiers, RoSH or MAPPA levels, flags or a complexity")
		}
	}
}

// validCode reports whether s is a finding code: 1 to 64 bytes of
// lowercase ASCII letters, digits and hyphens.
func validCode(s string) bool {
	if s == "" || len(s) > maxNameLenRule {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// strictestCap returns the smallest level cap.
func (r *IntensiveRule) strictestCap() int {
	m := -1
	for _, c := range r.Caps {
		if m < 0 || c.Max < m {
			m = c.Max
		}
	}
	return m
}

// maxPercentMicro returns the high-protect limit in micro-percent.
func (h *HighProtectRule) maxPercentMicro() int64 {
	m, _ := dec.ToMicro(h.MaxPercent)
	return m
}
