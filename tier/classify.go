package tier

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
)

// Protect and change thresholds of the England & Wales model (docs/domain.md, "Tiers").
const (
	ProtectA = 150 // protect points at or above this give letter A
	ProtectB = 20  // … B
	ProtectC = 10  // … C; below it, D
	Change3  = 20  // change points at or above this give digit 3
	Change2  = 10  // … 2; below it, 1
)

// Protect points per rule (docs/domain.md, "Tiers").
const (
	PointsRoSHVeryHigh = 150
	PointsRoSHHigh     = 20
	PointsRoSHMedium   = 10
	PointsRSRHigh      = 20 // RSR ≥ 7.00
	PointsRSRMedium    = 10 // RSR 3.00–6.99
	PointsMAPPA23      = 150
	PointsMAPPA1       = 5
	PointsFactor       = 2 // each complexity factor
	PointsWomenFactor  = 2 // each additional factor for women
	PointsIOM          = 2 // change points for IOM
)

var (
	rsrHigh   = decimal.NewFromInt(7)
	rsrMedium = decimal.NewFromInt(3)
)

// Line is one rule's contribution to a score.
type Line struct {
	// Rule is a stable code: "rosh", "rsr", "mappa", "complexity",
	// "women-factor", "need", "ogrs" or "iom".
	Rule string `json:"rule"`
	// Input is the value the rule read, e.g. "very-high", "7.00",
	// "mental-health" or "accommodation=severe".
	Input string `json:"input"`
	// Points is what the rule is worth.
	Points int `json:"points"`
	// Counted is false for a line that was assessed but does not add to the
	// total: the smaller of the RoSH and RSR points.
	Counted bool `json:"counted"`
	// Note explains the rule in words.
	Note string `json:"note,omitempty"`
}

// Score is one axis of a classification: the points, the lines that made
// them, and the letter or digit they gave with the reason.
type Score struct {
	Points int    `json:"points"`
	Lines  []Line `json:"lines"`
	// Result is the letter ("A"…"D") or digit ("0"…"3").
	Result string `json:"result"`
	// Rule is the code of the rule that decided the result: RuleProtect or
	// RuleChange when the points decided it, RuleNoMandate or
	// RuleNoNeedsAssessment when an override did (the points are then
	// still computed and listed, but they are not the cause).
	Rule string `json:"rule"`
	// Reason says which threshold or override decided the result.
	Reason string `json:"reason"`
}

// Codes of the rules that decide a letter or digit, for [Score.Rule].
const (
	RuleProtect           = "protect-points"      // the protect points' thresholds
	RuleChange            = "change-points"       // the change points' thresholds
	RuleNoMandate         = "no-mandate"          // no mandate for change → 0
	RuleNoNeedsAssessment = "no-needs-assessment" // no valid needs assessment → 2
)

// Classification is a tier with the explanation of how it was reached.
type Classification struct {
	Tier    Tier  `json:"tier"`
	Protect Score `json:"protect"`
	Change  Score `json:"change"`
	// Unsupervised is set when the S marker was added (the unsupervised flag).
	Unsupervised bool `json:"unsupervised"`
	// Provisional is set when the assessment is marked provisional or has no
	// RoSH: the tier stands, but must not be silently trusted.
	Provisional bool `json:"provisional"`
}

// Classify returns the England & Wales tier for an assessment, with its
// explanation (docs/domain.md, "Tiers"). The assessment is validated first; an invalid
// one is an error and no tier.
//
// Protect points: RoSH very high 150, high 20, medium 10, low or unknown 0;
// RSR 7.00 and above 20, 3.00–6.99 10, below 3.00 0; only the larger of the
// RoSH and RSR points counts (on a tie, RoSH is the one reported as
// counted). MAPPA level 2 or 3 adds 150, level 1 adds 5 (a MAPPA level that
// was not recorded is an error, not "none": the assessment's validation
// refuses it, since guessing either way could misplace the letter); each complexity
// factor adds 2, and for women each additional factor adds 2. Letter: A at
// 150 or more, B at 20–149, C at 10–19, D below 10.
//
// RSR boundaries: RSR carries at most two decimal places (validation
// rejects more), so there is no value between 6.99 and 7.00: 6.99 scores 10
// and 7.00 scores 20; 99.99 and 100 score 20; 2.99 scores 0 and 3.00 10.
//
// Change points: Σ need weight × severity (standard 1, severe 2; weight 2
// for thinking & behaviour and attitudes, 1 for the other six, 0 for
// finance and emotional wellbeing), plus OGRS ÷ 10 in integer division
// (OGRS 59 adds 5), plus 2 for IOM. Digit: 3 at 20 or more, 2 at 10–19, 1
// below 10. Overrides, in this order: no mandate for change gives 0
// whatever the needs; otherwise no valid needs assessment gives 2. The
// points are still computed and listed when an override decides the digit,
// but the explanation names the override (its code in [Score.Rule]) as the
// cause, and the no-mandate reason gives the assessment's NoMandateCause
// (terminated sentence, only unpaid work, only restrictive requirements …).
//
// The unsupervised flag adds the S marker (B2 → B2S).
func Classify(a risk.Assessment) (Classification, error) {
	if err := a.Validate(); err != nil {
		return Classification{}, err
	}
	var c Classification
	c.Protect = protect(a)
	c.Change = change(a)
	c.Unsupervised = a.Flags.Has(risk.FlagUnsupervised)
	c.Provisional = a.Provisional || a.RoSH == risk.RoSHUnknown
	digit := int(c.Change.Result[0] - '0')
	c.Tier, _ = Compose(c.Protect.Result[0], digit, c.Unsupervised)
	return c, nil
}

func protect(a risk.Assessment) Score {
	var s Score
	rosh := 0
	switch a.RoSH {
	case risk.RoSHVeryHigh:
		rosh = PointsRoSHVeryHigh
	case risk.RoSHHigh:
		rosh = PointsRoSHHigh
	case risk.RoSHMedium:
		rosh = PointsRoSHMedium
	}
	rsr := 0
	switch {
	case a.RSR.GreaterThanOrEqual(rsrHigh):
		rsr = PointsRSRHigh
	case a.RSR.GreaterThanOrEqual(rsrMedium):
		rsr = PointsRSRMedium
	}
	roshLine := Line{Rule: "rosh", Input: a.RoSH.String(), Points: rosh}
	rsrLine := Line{Rule: "rsr", Input: a.RSR.StringFixed(2), Points: rsr}
	switch {
	case a.RoSH == risk.RoSHUnknown:
		roshLine.Note = "no RoSH assessment scores 0"
	}
	rsrLine.Note = rsrBand(rsr)
	if rosh >= rsr {
		roshLine.Counted = true
		rsrLine.Note += "; not counted: only the larger of RoSH and RSR counts"
		s.Points += rosh
	} else {
		rsrLine.Counted = true
		roshLine.Note = strings.TrimPrefix(roshLine.Note+"; not counted: only the larger of RoSH and RSR counts", "; ")
		s.Points += rsr
	}
	s.Lines = append(s.Lines, roshLine, rsrLine)
	switch a.MAPPA.Level {
	case risk.MAPPALevel2, risk.MAPPALevel3:
		s.Lines = append(s.Lines, Line{Rule: "mappa", Input: "level " + a.MAPPA.Level.String(), Points: PointsMAPPA23, Counted: true, Note: "MAPPA level 2 or 3"})
		s.Points += PointsMAPPA23
	case risk.MAPPALevel1:
		s.Lines = append(s.Lines, Line{Rule: "mappa", Input: "level 1", Points: PointsMAPPA1, Counted: true, Note: "MAPPA level 1"})
		s.Points += PointsMAPPA1
	}
	for _, f := range a.Complexity.List() {
		s.Lines = append(s.Lines, Line{Rule: "complexity", Input: f.String(), Points: PointsFactor, Counted: true})
		s.Points += PointsFactor
	}
	if a.Sex == risk.SexFemale {
		for _, f := range a.WomenFactors.List() {
			s.Lines = append(s.Lines, Line{Rule: "women-factor", Input: f.String(), Points: PointsWomenFactor, Counted: true})
			s.Points += PointsWomenFactor
		}
	}
	letter := LetterFor(s.Points)
	s.Result, s.Rule = string(letter), RuleProtect
	switch letter {
	case 'A':
		s.Reason = fmt.Sprintf("%d protect points ≥ %d → A", s.Points, ProtectA)
	case 'B':
		s.Reason = fmt.Sprintf("%d protect points in %d–%d → B", s.Points, ProtectB, ProtectA-1)
	case 'C':
		s.Reason = fmt.Sprintf("%d protect points in %d–%d → C", s.Points, ProtectC, ProtectB-1)
	default:
		s.Reason = fmt.Sprintf("%d protect points < %d → D", s.Points, ProtectC)
	}
	return s
}

func rsrBand(points int) string {
	switch points {
	case PointsRSRHigh:
		return "RSR ≥ 7.00"
	case PointsRSRMedium:
		return "RSR 3.00–6.99"
	}
	return "RSR < 3.00"
}

func change(a risk.Assessment) Score {
	var s Score
	for _, n := range risk.AllNeeds() {
		sev := a.Needs[n]
		if sev == risk.SeverityNone {
			continue
		}
		p := n.Weight() * sev.Multiplier()
		note := fmt.Sprintf("weight %d × %s %d", n.Weight(), sev, sev.Multiplier())
		s.Lines = append(s.Lines, Line{Rule: "need", Input: n.String() + "=" + sev.String(), Points: p, Counted: true, Note: note})
		s.Points += p
	}
	og := a.OGRS / 10
	s.Lines = append(s.Lines, Line{Rule: "ogrs", Input: strconv.Itoa(a.OGRS), Points: og, Counted: true, Note: "OGRS ÷ 10, whole points"})
	s.Points += og
	if a.Flags.Has(risk.FlagIOM) {
		s.Lines = append(s.Lines, Line{Rule: "iom", Input: "iom", Points: PointsIOM, Counted: true, Note: "integrated offender management"})
		s.Points += PointsIOM
	}
	switch {
	case a.Mandate == risk.MandateNo:
		s.Result, s.Rule = "0", RuleNoMandate
		s.Reason = "no mandate for change (" + a.NoMandateCause.String() + ": " + a.NoMandateCause.Describe() + ") → 0; the change points are not used"
	case !a.NeedsAssessed:
		s.Result, s.Rule = "2", RuleNoNeedsAssessment
		s.Reason = "no valid needs assessment → 2; the change points are not used"
	default:
		digit := DigitFor(s.Points)
		s.Result, s.Rule = strconv.Itoa(digit), RuleChange
		switch digit {
		case 3:
			s.Reason = fmt.Sprintf("%d change points ≥ %d → 3", s.Points, Change3)
		case 2:
			s.Reason = fmt.Sprintf("%d change points in %d–%d → 2", s.Points, Change2, Change3-1)
		default:
			s.Reason = fmt.Sprintf("%d change points < %d → 1", s.Points, Change2)
		}
	}
	return s
}

// LetterFor returns the protect letter for a protect-point total.
func LetterFor(points int) byte {
	switch {
	case points >= ProtectA:
		return 'A'
	case points >= ProtectB:
		return 'B'
	case points >= ProtectC:
		return 'C'
	}
	return 'D'
}

// DigitFor returns the change digit for a change-point total, with a
// mandate and a valid needs assessment.
func DigitFor(points int) int {
	switch {
	case points >= Change3:
		return 3
	case points >= Change2:
		return 2
	}
	return 1
}

// String renders the classification as a short multi-line explanation.
func (c Classification) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tier %s", c.Tier)
	if c.Unsupervised {
		b.WriteString(" (unsupervised)")
	}
	if c.Provisional {
		b.WriteString(" [provisional]")
	}
	b.WriteString("\n")
	for _, sc := range []struct {
		name string
		s    Score
	}{{"protect", c.Protect}, {"change", c.Change}} {
		if sc.s.Rule == RuleNoMandate || sc.s.Rule == RuleNoNeedsAssessment {
			fmt.Fprintf(&b, "  %s: [%s] %s\n", sc.name, sc.s.Rule, sc.s.Reason)
		} else {
			fmt.Fprintf(&b, "  %s: %s\n", sc.name, sc.s.Reason)
		}
		for _, l := range sc.s.Lines {
			mark := "+"
			if !l.Counted {
				mark = " "
			}
			fmt.Fprintf(&b, "    %s%3d %s %s", mark, l.Points, l.Rule, l.Input)
			if l.Note != "" {
				fmt.Fprintf(&b, " (%s)", l.Note)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
