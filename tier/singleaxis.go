package tier

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/risk"
)

// The single-axis tiers: one letter A (highest) … G, and two states below
// G: missing (no reoffending predictors) and not supervised (no active
// event).
const (
	SingleA Tier = "A"
	SingleB Tier = "B"
	SingleC Tier = "C"
	SingleD Tier = "D"
	SingleE Tier = "E"
	SingleF Tier = "F"
	SingleG Tier = "G"
	// Missing is a supervised case without both reoffending predictors.
	Missing Tier = "missing"
	// NotSupervised is a case with no active event.
	NotSupervised Tier = "not-supervised"
)

// singleTiers lists the single-axis scheme, most severe first.
var singleTiers = [...]Tier{SingleA, SingleB, SingleC, SingleD, SingleE, SingleF, SingleG, Missing, NotSupervised}

// SingleAxisScheme returns the single-axis scheme "single-axis": A, B, C,
// D, E, F, G, missing, not-supervised, most severe first.
func SingleAxisScheme() Scheme {
	s, _ := NewScheme("single-axis", singleTiers[:])
	return s
}

// Codes of the single-axis steps, in the order they are evaluated and
// reported.
const (
	StepReoffending       = "reoffending"        // ARP × CSRP table
	StepSexualReoffending = "sexual-reoffending" // DC-SRP score and band
	StepMAPPARoSH         = "mappa-rosh"         // MAPPA and RoSH
	StepLiferIPP          = "lifer-ipp"          // lifer or IPP, latest release
	StepDomesticAbuse     = "domestic-abuse"     // domestic abuse registration
	StepStalking          = "stalking"           // stalking registration
	StepChildProtection   = "child-protection"   // child protection registration
	StepSexualOffence     = "sexual-offence"     // ever committed a sexual offence
)

// Codes of the single-axis outcomes that are not a step, for
// [SingleAxis.DecidedBy].
const (
	DecidedNotSupervised = "not-supervised"     // no active event
	DecidedMissing       = "missing-predictors" // ARP or CSRP not given
)

// Codes of the provisional caveats.
const (
	CaveatStaticBoth  = "static-arp-csrp"    // both predictors static
	CaveatStaticARP   = "static-arp"         // ARP static
	CaveatStaticCSRP  = "static-csrp"        // CSRP static
	CaveatMissingRoSH = "missing-rosh"       // RoSH missing
	CaveatMissingMAPP = "missing-rosh-mappa" // RoSH missing on a MAPPA case
)

// Step is one step of the single-axis model: what it read and what it gave.
type Step struct {
	// Rule is the step's code, e.g. "reoffending" or "mappa-rosh".
	Rule string `json:"rule"`
	// Input is what the step read, e.g. "arp=80.00 dynamic, csrp=3.20 dynamic".
	Input string `json:"input"`
	// Result is the letter the step gave, or Unknown ("") for no result.
	Result Tier `json:"result,omitempty"`
	// Note explains the result in words.
	Note string `json:"note"`
}

// Caveat is a coded reason why a single-axis tier is provisional.
type Caveat struct {
	Code string `json:"code"`
	Note string `json:"note"`
}

// SingleAxis is a single-axis tier with the explanation of how it was
// reached: every step's result, which one decided, and why the tier is
// provisional.
type SingleAxis struct {
	Tier Tier `json:"tier"`
	// Steps are every step's result, in evaluation order. They are empty
	// for not-supervised and missing, which stop the model before any step.
	Steps []Step `json:"steps"`
	// DecidedBy is the code of the step whose result is the tier (the first
	// step, in evaluation order, to give the highest letter), or
	// "not-supervised" or "missing-predictors". The reoffending table always
	// gives a letter (G at least), so once the model runs a step decides.
	DecidedBy string `json:"decidedBy"`
	// Reason says in words what decided the tier.
	Reason string `json:"reason"`
	// Provisional is set when the tier could still rise once static
	// predictors become dynamic or a missing RoSH is assessed.
	Provisional bool `json:"provisional"`
	// Caveats say why the tier is provisional, with stable codes.
	Caveats []Caveat `json:"caveats,omitempty"`
}

// rank orders single-axis letters: G 0 … A 6; anything else -1.
func rank(t Tier) int {
	switch t {
	case SingleA:
		return 6
	case SingleB:
		return 5
	case SingleC:
		return 4
	case SingleD:
		return 3
	case SingleE:
		return 2
	case SingleF:
		return 1
	case SingleG:
		return 0
	}
	return -1
}

// Reoffending table thresholds, as the national tiering service publishes
// them.
var (
	csrpRows = []decimal.Decimal{decimal.New(69, -1), decimal.New(30, -1), decimal.New(10, -1), decimal.New(5, -1), decimal.Zero}
	arpCols  = []decimal.Decimal{decimal.NewFromInt(90), decimal.NewFromInt(75), decimal.NewFromInt(50), decimal.NewFromInt(25), decimal.NewFromInt(15), decimal.Zero}
	// reoffendingTable[row][col]: rows CSRP ≥ 6.9, 3.0, 1.0, 0.5, 0; columns
	// ARP ≥ 90, 75, 50, 25, 15, 0.
	reoffendingTable = [5][6]Tier{
		{SingleA, SingleA, SingleB, SingleB, SingleB, SingleB},
		{SingleA, SingleB, SingleC, SingleC, SingleC, SingleC},
		{SingleB, SingleC, SingleD, SingleE, SingleE, SingleE},
		{SingleC, SingleD, SingleE, SingleE, SingleF, SingleF},
		{SingleD, SingleD, SingleE, SingleF, SingleF, SingleG},
	}
	dcsrpMedium = []struct {
		at     decimal.Decimal
		result Tier
		note   string
	}{
		{decimal.New(336, -2), SingleC, "medium band, score ≥ 3.36 (without risk reduction) → C"},
		{decimal.New(211, -2), SingleD, "medium band, score ≥ 2.11 (without risk reduction) → D"},
		{decimal.New(112, -2), SingleC, "medium band, score ≥ 1.12 (with risk reduction) → C"},
		{decimal.New(60, -2), SingleD, "medium band, score ≥ 0.60 (with risk reduction) → D"},
	}
)

// firstAtLeast returns the index of the first threshold v meets.
func firstAtLeast(v decimal.Decimal, ts []decimal.Decimal) int {
	for i, t := range ts {
		if v.GreaterThanOrEqual(t) {
			return i
		}
	}
	return len(ts) - 1
}

// reoffending looks the ARP × CSRP table up.
func reoffending(arp, csrp decimal.Decimal) (Tier, int, int) {
	r, c := firstAtLeast(csrp, csrpRows), firstAtLeast(arp, arpCols)
	return reoffendingTable[r][c], r, c
}

// ClassifySingleAxis returns the single-axis tier (A–G, missing or not
// supervised) for the inputs at asOf, with its explanation. The inputs are
// validated first; a latest release date after asOf is also an error.
//
// No active event gives not-supervised and a missing ARP or CSRP gives
// missing, before any step. Otherwise the tier is the highest of these
// steps, a step with no result counting as G:
//
//   - reoffending: row = the first CSRP threshold met in 6.9, 3.0, 1.0,
//     0.5, 0; column = the first ARP threshold met in 90, 75, 50, 25, 15,
//     0; the table gives, by row (CSRP ≥ 6.9, 3.0, 1.0, 0.5, 0) and
//     column (ARP ≥ 90, 75, 50, 25, 15, 0): A A B B B B / A B C C C C /
//     B C D E E E / C D E E F F / D D E F F G;
//   - sexual reoffending, when the DC-SRP score is above 0 and a band
//     (other than not applicable) is given: very high A, high B, low E;
//     medium: score ≥ 3.36 C, ≥ 2.11 D, ≥ 1.12 C, ≥ 0.60 D;
//   - MAPPA and RoSH: a MAPPA case (a level 1–3 or a category) gives A for
//     very high RoSH, C for high, D for medium and E for low or missing
//     RoSH; without MAPPA, very high gives C, high D, otherwise no result.
//     A level without a category counts as MAPPA: the protective reading;
//   - lifer/IPP with a known latest release: released on or after the
//     date one year before asOf B, on or after five years before D,
//     earlier E; a lifer with no release date gives no result;
//   - domestic abuse E; stalking F; child protection F; ever committed a
//     sexual offence E.
//
// Ties go to the earlier step, which [SingleAxis.DecidedBy] names.
//
// Provisional (each cause a [Caveat]): with both predictors static, unless
// another step gives A; with one static, unless another step gives at
// least what the table could still give (the static predictor at its
// highest); with RoSH missing on a MAPPA case, unless a step other than
// MAPPA/RoSH gives A; with RoSH missing and no MAPPA, unless one gives at
// least C. When RoSH is missing the reoffending step counts towards these
// only when both predictors are dynamic.
func ClassifySingleAxis(in risk.SingleAxisInputs, asOf time.Time) (SingleAxis, error) {
	if err := in.Validate(); err != nil {
		return SingleAxis{}, err
	}
	if !in.LatestRelease.IsZero() && in.LatestRelease.After(asOf) {
		return SingleAxis{}, fault.New("tier", "latestRelease", in.LatestRelease.Format(time.DateOnly), ErrInconsistent,
			"the latest release is after the classification date "+asOf.Format(time.DateOnly))
	}
	if in.Event == risk.EventNone {
		return SingleAxis{Tier: NotSupervised, Steps: []Step{}, DecidedBy: DecidedNotSupervised, Reason: "no active event → not supervised"}, nil
	}
	if !in.ARP.Present() || !in.CSRP.Present() {
		var gone []string
		if !in.ARP.Present() {
			gone = append(gone, "ARP")
		}
		if !in.CSRP.Present() {
			gone = append(gone, "CSRP")
		}
		return SingleAxis{Tier: Missing, Steps: []Step{}, DecidedBy: DecidedMissing,
			Reason: "no " + strings.Join(gone, " or ") + " → missing"}, nil
	}
	steps := singleSteps(in, asOf)
	out := SingleAxis{Steps: steps}
	best := -1
	for _, s := range steps {
		if r := rank(s.Result); r > best {
			best = r
			out.Tier, out.DecidedBy = s.Result, s.Rule
			out.Reason = fmt.Sprintf("%s gave %s, the highest of the steps", s.Rule, s.Result)
		}
	}
	out.Caveats = provisional(in, steps)
	out.Provisional = len(out.Caveats) > 0
	return out, nil
}

func singleSteps(in risk.SingleAxisInputs, asOf time.Time) []Step {
	steps := make([]Step, 0, 8)
	// Reoffending.
	t, r, c := reoffending(in.ARP.Score, in.CSRP.Score)
	steps = append(steps, Step{
		Rule:   StepReoffending,
		Input:  "arp=" + in.ARP.String() + ", csrp=" + in.CSRP.String(),
		Result: t,
		Note:   fmt.Sprintf("CSRP ≥ %s and ARP ≥ %s → %s", csrpRows[r].StringFixed(1), arpCols[c].String(), t),
	})
	// Sexual reoffending.
	sx := Step{Rule: StepSexualReoffending, Input: "dcsrp=" + in.DCSRP.Score.StringFixed(2) + " " + in.DCSRP.Band.String()}
	switch {
	case !in.DCSRP.Score.IsPositive():
		sx.Note = "no DC-SRP score above 0: no result"
	case in.DCSRP.Band == risk.SexualBandNone || in.DCSRP.Band == risk.SexualBandNotApplicable:
		sx.Note = "no DC-SRP band: no result"
	case in.DCSRP.Band == risk.SexualBandVeryHigh:
		sx.Result, sx.Note = SingleA, "very high band → A"
	case in.DCSRP.Band == risk.SexualBandHigh:
		sx.Result, sx.Note = SingleB, "high band → B"
	case in.DCSRP.Band == risk.SexualBandLow:
		sx.Result, sx.Note = SingleE, "low band → E"
	default: // medium; validation ensures a score of at least 0.60
		for _, m := range dcsrpMedium {
			if in.DCSRP.Score.GreaterThanOrEqual(m.at) {
				sx.Result, sx.Note = m.result, m.note
				break
			}
		}
	}
	steps = append(steps, sx)
	// MAPPA and RoSH.
	mappa := isMAPPA(in.MAPPA)
	mr := Step{Rule: StepMAPPARoSH, Input: "mappa=" + mappaText(in.MAPPA) + ", rosh=" + in.RoSH.String()}
	if mappa {
		switch in.RoSH {
		case risk.RoSHVeryHigh:
			mr.Result, mr.Note = SingleA, "MAPPA with very high RoSH → A"
		case risk.RoSHHigh:
			mr.Result, mr.Note = SingleC, "MAPPA with high RoSH → C"
		case risk.RoSHMedium:
			mr.Result, mr.Note = SingleD, "MAPPA with medium RoSH → D"
		default:
			mr.Result, mr.Note = SingleE, "MAPPA with low or missing RoSH → E"
		}
	} else {
		switch in.RoSH {
		case risk.RoSHVeryHigh:
			mr.Result, mr.Note = SingleC, "very high RoSH without MAPPA → C"
		case risk.RoSHHigh:
			mr.Result, mr.Note = SingleD, "high RoSH without MAPPA → D"
		default:
			mr.Note = "no MAPPA and RoSH below high: no result"
		}
	}
	steps = append(steps, mr)
	// Lifer / IPP.
	lf := Step{Rule: StepLiferIPP, Input: "no"}
	if in.Flags.Has(risk.FlagLifer) {
		lf.Input = "lifer-ipp, latest release unknown"
		if in.LatestRelease.IsZero() {
			lf.Note = "lifer/IPP with no latest release date: no result"
		} else {
			lf.Input = "lifer-ipp, released " + in.LatestRelease.Format(time.DateOnly)
			y := asOf.AddDate(-1, 0, 0)
			y5 := asOf.AddDate(-5, 0, 0)
			switch {
			case !releaseBefore(in.LatestRelease, y):
				lf.Result, lf.Note = SingleB, "released within the last year (on or after "+y.Format(time.DateOnly)+") → B"
			case !releaseBefore(in.LatestRelease, y5):
				lf.Result, lf.Note = SingleD, "released within five years (on or after "+y5.Format(time.DateOnly)+") → D"
			default:
				lf.Result, lf.Note = SingleE, "released more than five years ago → E"
			}
		}
	} else {
		lf.Note = "not a lifer or IPP: no result"
	}
	steps = append(steps, lf)
	// Flags.
	for _, f := range []struct {
		rule   string
		has    bool
		result Tier
		what   string
		not    string
	}{
		{StepDomesticAbuse, in.Flags.Has(risk.FlagDomesticAbuse), SingleE, "domestic abuse", "no domestic abuse registration"},
		{StepStalking, in.Flags.Has(risk.FlagStalking), SingleF, "stalking", "no stalking registration"},
		{StepChildProtection, in.Flags.Has(risk.FlagChildProtection), SingleF, "child protection", "no child protection registration"},
		{StepSexualOffence, in.SexualOffenceEver, SingleE, "ever committed a sexual offence", "no sexual offence recorded"},
	} {
		s := Step{Rule: f.rule, Input: "no", Note: f.not + ": no result"}
		if f.has {
			s.Input, s.Result, s.Note = "yes", f.result, f.what+" → "+string(f.result)
		}
		steps = append(steps, s)
	}
	return steps
}

// releaseBefore compares calendar dates: whether release falls on a day
// before the day of limit.
func releaseBefore(release, limit time.Time) bool {
	ry, rm, rd := release.Date()
	ly, lm, ld := limit.Date()
	if ry != ly {
		return ry < ly
	}
	if rm != lm {
		return rm < lm
	}
	return rd < ld
}

// isMAPPA reports whether the single-axis model counts the case as MAPPA:
// a level 1–3, or a category.
func isMAPPA(m risk.MAPPA) bool {
	return m.Level == risk.MAPPALevel1 || m.Level == risk.MAPPALevel2 || m.Level == risk.MAPPALevel3 ||
		m.Category != risk.MAPPACategoryNone
}

func mappaText(m risk.MAPPA) string {
	if !isMAPPA(m) {
		return "none"
	}
	s := "level " + m.Level.String()
	if m.Category != risk.MAPPACategoryNone {
		s += " category " + m.Category.String()
	}
	return s
}

// provisional returns the caveats that make a result provisional.
func provisional(in risk.SingleAxisInputs, steps []Step) []Caveat {
	var out []Caveat
	others := -1 // best step other than reoffending
	for _, s := range steps[1:] {
		others = max(others, rank(s.Result))
	}
	others = max(others, rank(SingleG))
	arpStatic := in.ARP.Kind == risk.PredictorStatic
	csrpStatic := in.CSRP.Kind == risk.PredictorStatic
	hundred := decimal.NewFromInt(100)
	switch {
	case arpStatic && csrpStatic:
		if others < rank(SingleA) {
			out = append(out, Caveat{Code: CaveatStaticBoth, Note: "ARP and CSRP are static and no other step gives A"})
		}
	case arpStatic:
		most, _, _ := reoffending(hundred, in.CSRP.Score)
		if others < rank(most) {
			out = append(out, Caveat{Code: CaveatStaticARP, Note: "ARP is static: the table could still give " + string(most) + " and no other step gives as much"})
		}
	case csrpStatic:
		most, _, _ := reoffending(in.ARP.Score, hundred)
		if others < rank(most) {
			out = append(out, Caveat{Code: CaveatStaticCSRP, Note: "CSRP is static: the table could still give " + string(most) + " and no other step gives as much"})
		}
	}
	if in.RoSH == risk.RoSHUnknown {
		without := rank(SingleG) // best step other than MAPPA/RoSH
		dynamic := in.ARP.Kind == risk.PredictorDynamic && in.CSRP.Kind == risk.PredictorDynamic
		for _, s := range steps {
			if s.Rule == StepMAPPARoSH || (s.Rule == StepReoffending && !dynamic) {
				continue
			}
			without = max(without, rank(s.Result))
		}
		if isMAPPA(in.MAPPA) {
			if without < rank(SingleA) {
				out = append(out, Caveat{Code: CaveatMissingMAPP, Note: "RoSH is missing on a MAPPA case and no other step gives A"})
			}
		} else if without < rank(SingleC) {
			out = append(out, Caveat{Code: CaveatMissingRoSH, Note: "RoSH is missing and no other step gives C or higher"})
		}
	}
	return out
}

// String renders the result as a short multi-line explanation.
func (s SingleAxis) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tier %s", s.Tier)
	if s.Provisional {
		b.WriteString(" [provisional]")
	}
	fmt.Fprintf(&b, "\n  decided by %s: %s\n", s.DecidedBy, s.Reason)
	for _, st := range s.Steps {
		res := "-"
		if st.Result != Unknown {
			res = string(st.Result)
		}
		mark := " "
		if st.Rule == s.DecidedBy {
			mark = "*"
		}
		fmt.Fprintf(&b, "   %s%s %s %s (%s)\n", mark, res, st.Rule, st.Input, st.Note)
	}
	for _, c := range s.Caveats {
		fmt.Fprintf(&b, "  provisional: %s (%s)\n", c.Code, c.Note)
	}
	return b.String()
}
