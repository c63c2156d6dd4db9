package tier_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/gen"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

// assess returns a valid assessment with a mandate for change and a needs
// assessment, edited by edit.
func assess(edit func(a *risk.Assessment)) risk.Assessment {
	a := risk.Assessment{MAPPA: risk.MAPPA{Level: risk.MAPPANone}, Mandate: risk.MandateYes, NeedsAssessed: true}
	edit(&a)
	return a
}

func rsr(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func factors(n int) risk.Factors { return risk.NewFactors(risk.AllFactors()[:n]...) }

func classify(t *testing.T, a risk.Assessment) tier.Classification {
	t.Helper()
	c, err := tier.Classify(a)
	if err != nil {
		t.Fatalf("Classify: %v", err)
	}
	return c
}

func TestLetterFor(t *testing.T) {
	tests := []struct {
		points int
		want   string
	}{
		{1000, "A"}, {151, "A"}, {150, "A"}, {149, "B"}, {21, "B"}, {20, "B"},
		{19, "C"}, {11, "C"}, {10, "C"}, {9, "D"}, {0, "D"}, {-1, "D"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, string(tier.LetterFor(tt.points))); diff != "" {
			t.Errorf("LetterFor(%d) mismatch (-want +got):\n%s", tt.points, diff)
		}
	}
}

func TestDigitFor(t *testing.T) {
	tests := []struct {
		points int
		want   int
	}{
		{100, 3}, {21, 3}, {20, 3}, {19, 2}, {11, 2}, {10, 2}, {9, 1}, {1, 1}, {0, 1},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tier.DigitFor(tt.points)); diff != "" {
			t.Errorf("DigitFor(%d) mismatch (-want +got):\n%s", tt.points, diff)
		}
	}
}

// TestProtectPoints runs the public checks of docs/domain.md, "Tiers" on real
// assessments.
func TestProtectPoints(t *testing.T) {
	type result struct {
		Points int
		Letter string
	}
	tests := []struct {
		name   string
		reason string
		a      risk.Assessment
		want   result
	}{
		{
			name: "RoSH very high",
			a:    assess(func(a *risk.Assessment) { a.RoSH = risk.RoSHVeryHigh }),
			want: result{150, "A"},
		},
		{
			name:   "RoSH very high with RSR 7.00",
			reason: "only the larger of RoSH and RSR counts: 150, not 170",
			a:      assess(func(a *risk.Assessment) { a.RoSH, a.RSR = risk.RoSHVeryHigh, rsr("7.00") }),
			want:   result{150, "A"},
		},
		{
			name: "MAPPA level 2",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.MAPPA = risk.RoSHLow, risk.MAPPA{Level: risk.MAPPALevel2, Category: risk.MAPPACategory1}
			}),
			want: result{150, "A"},
		},
		{
			name: "MAPPA level 3",
			a:    assess(func(a *risk.Assessment) { a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel3, Category: risk.MAPPACategory4} }),
			want: result{150, "A"},
		},
		{
			name:   "RoSH very high and MAPPA level 2",
			reason: "RoSH and MAPPA add up",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.MAPPA = risk.RoSHVeryHigh, risk.MAPPA{Level: risk.MAPPALevel2, Category: risk.MAPPACategory2}
			}),
			want: result{300, "A"},
		},
		{
			name:   "the most a B reaches",
			reason: "149 is not reachable from an assessment: below 150 the most is 20 + 5 + 10×2 + 3×2 = 51",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.RSR = risk.RoSHHigh, rsr("100")
				a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory3}
				a.Complexity = factors(10)
				a.Sex, a.WomenFactors = risk.SexFemale, risk.NewWomenFactors(risk.AllWomenFactors()...)
			}),
			want: result{51, "B"},
		},
		{
			name: "RoSH high",
			a:    assess(func(a *risk.Assessment) { a.RoSH = risk.RoSHHigh }),
			want: result{20, "B"},
		},
		{
			name:   "RoSH high and RSR 7.00",
			reason: "a tie counts once",
			a:      assess(func(a *risk.Assessment) { a.RoSH, a.RSR = risk.RoSHHigh, rsr("7.00") }),
			want:   result{20, "B"},
		},
		{
			name: "RSR 7.00",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.RSR = risk.RoSHLow, rsr("7.00") }),
			want: result{20, "B"},
		},
		{
			name: "RSR 99.99",
			a:    assess(func(a *risk.Assessment) { a.RSR = rsr("99.99") }),
			want: result{20, "B"},
		},
		{
			name: "RSR 100",
			a:    assess(func(a *risk.Assessment) { a.RSR = rsr("100") }),
			want: result{20, "B"},
		},
		{
			name: "ten complexity factors",
			a:    assess(func(a *risk.Assessment) { a.Complexity = factors(10) }),
			want: result{20, "B"},
		},
		{
			name: "RoSH medium and five factors",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.Complexity = risk.RoSHMedium, factors(5) }),
			want: result{20, "B"},
		},
		{
			name:   "19 points",
			reason: "MAPPA level 1 (5) + RoSH medium (10) + two factors (4)",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.MAPPA, a.Complexity = risk.RoSHMedium, risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}, factors(2)
			}),
			want: result{19, "C"},
		},
		{
			name: "RoSH medium",
			a:    assess(func(a *risk.Assessment) { a.RoSH = risk.RoSHMedium }),
			want: result{10, "C"},
		},
		{
			name: "RSR 6.99",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.RSR = risk.RoSHLow, rsr("6.99") }),
			want: result{10, "C"},
		},
		{
			name: "RSR 3.00",
			a:    assess(func(a *risk.Assessment) { a.RSR = rsr("3.00") }),
			want: result{10, "C"},
		},
		{
			name: "five factors",
			a:    assess(func(a *risk.Assessment) { a.Complexity = factors(5) }),
			want: result{10, "C"},
		},
		{
			name:   "women's factors",
			reason: "RoSH medium (10) + three additional factors for a woman (6)",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.Sex, a.WomenFactors = risk.RoSHMedium, risk.SexFemale, risk.NewWomenFactors(risk.AllWomenFactors()...)
			}),
			want: result{16, "C"},
		},
		{
			name:   "9 points",
			reason: "MAPPA level 1 (5) + two factors (4)",
			a: assess(func(a *risk.Assessment) {
				a.MAPPA, a.Complexity = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory2}, factors(2)
			}),
			want: result{9, "D"},
		},
		{
			name: "MAPPA level 1",
			a:    assess(func(a *risk.Assessment) { a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1} }),
			want: result{5, "D"},
		},
		{
			name: "RSR 2.99",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.RSR = risk.RoSHLow, rsr("2.99") }),
			want: result{0, "D"},
		},
		{
			name:   "no RoSH",
			reason: "a missing RoSH scores 0 (and makes the tier provisional)",
			a:      assess(func(a *risk.Assessment) {}),
			want:   result{0, "D"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify(t, tt.a)
			got := result{c.Protect.Points, c.Protect.Result}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("protect mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if l, _ := c.Tier.Letter(); string(l) != tt.want.Letter || string(tier.LetterFor(c.Protect.Points)) != tt.want.Letter {
				t.Errorf("tier %s, LetterFor(%d) = %c; want letter %s", c.Tier, c.Protect.Points, tier.LetterFor(c.Protect.Points), tt.want.Letter)
			}
		})
	}
}

// TestChangePoints runs the public checks of docs/domain.md, "Tiers" on real
// assessments.
func TestChangePoints(t *testing.T) {
	type result struct {
		Points int
		Digit  string
	}
	allSevere := map[risk.Need]risk.Severity{}
	for _, n := range risk.AllNeeds() {
		allSevere[n] = risk.SeveritySevere
	}
	tests := []struct {
		name   string
		reason string
		a      risk.Assessment
		want   result
	}{
		{
			name: "nothing",
			a:    assess(func(a *risk.Assessment) {}),
			want: result{0, "1"},
		},
		{
			name: "OGRS 59 adds 5",
			a:    assess(func(a *risk.Assessment) { a.OGRS = 59 }),
			want: result{5, "1"},
		},
		{
			name: "OGRS 99",
			a:    assess(func(a *risk.Assessment) { a.OGRS = 99 }),
			want: result{9, "1"},
		},
		{
			name: "OGRS 100",
			a:    assess(func(a *risk.Assessment) { a.OGRS = 100 }),
			want: result{10, "2"},
		},
		{
			name:   "every need severe",
			reason: "six needs of weight 1 and two of weight 2, each ×2; finance and emotional wellbeing weigh 0",
			a:      assess(func(a *risk.Assessment) { a.Needs = allSevere }),
			want:   result{20, "3"},
		},
		{
			name:   "19 points",
			reason: "thinking & behaviour severe 4, attitudes severe 4, accommodation 1, ETE 1, OGRS 90 → 9",
			a: assess(func(a *risk.Assessment) {
				a.OGRS = 90
				a.Needs = map[risk.Need]risk.Severity{
					risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeveritySevere,
					risk.NeedAccommodation: risk.SeverityStandard, risk.NeedETE: risk.SeverityStandard,
				}
			}),
			want: result{19, "2"},
		},
		{
			name:   "10 points",
			reason: "thinking & behaviour severe 4, attitudes severe 4, relationships severe 2",
			a: assess(func(a *risk.Assessment) {
				a.Needs = map[risk.Need]risk.Severity{
					risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeveritySevere,
					risk.NeedRelationships: risk.SeveritySevere,
				}
			}),
			want: result{10, "2"},
		},
		{
			name:   "9 points",
			reason: "thinking & behaviour severe 4, attitudes standard 2, lifestyle standard 1, OGRS 29 → 2",
			a: assess(func(a *risk.Assessment) {
				a.OGRS = 29
				a.Needs = map[risk.Need]risk.Severity{
					risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeverityStandard,
					risk.NeedLifestyle: risk.SeverityStandard,
				}
			}),
			want: result{9, "1"},
		},
		{
			name:   "IOM adds 2",
			reason: "OGRS 100 → 10, thinking & behaviour and attitudes severe → 8, IOM 2",
			a: assess(func(a *risk.Assessment) {
				a.OGRS, a.Flags = 100, risk.NewFlags(risk.FlagIOM)
				a.Needs = map[risk.Need]risk.Severity{risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeveritySevere}
			}),
			want: result{20, "3"},
		},
		{
			name:   "finance and emotional wellbeing weigh 0",
			reason: "both severe, still 9 points from OGRS 95 alone",
			a: assess(func(a *risk.Assessment) {
				a.OGRS = 95
				a.Needs = map[risk.Need]risk.Severity{risk.NeedFinance: risk.SeveritySevere, risk.NeedEmotionalWellbeing: risk.SeveritySevere}
			}),
			want: result{9, "1"},
		},
		{
			name:   "no mandate",
			reason: "no mandate for change gives 0 whatever the points",
			a:      assess(func(a *risk.Assessment) { a.Mandate, a.Needs, a.OGRS = risk.MandateNo, allSevere, 100 }),
			want:   result{30, "0"},
		},
		{
			name:   "no mandate and no needs assessment",
			reason: "the mandate override comes first: 0, not 2",
			a:      assess(func(a *risk.Assessment) { a.Mandate, a.NeedsAssessed, a.OGRS = risk.MandateNo, false, 100 }),
			want:   result{10, "0"},
		},
		{
			name:   "no needs assessment, few points",
			reason: "no valid needs assessment gives 2, even where the points give 1",
			a:      assess(func(a *risk.Assessment) { a.NeedsAssessed = false }),
			want:   result{0, "2"},
		},
		{
			name:   "no needs assessment, many points",
			reason: "no valid needs assessment gives 2, even where points give 3",
			a: assess(func(a *risk.Assessment) {
				a.NeedsAssessed, a.OGRS = false, 100
				a.Flags = risk.NewFlags(risk.FlagIOM)
			}),
			want: result{12, "2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify(t, tt.a)
			got := result{c.Change.Points, c.Change.Result}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("change mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
			if d, _ := c.Tier.Digit(); string(rune('0'+d)) != tt.want.Digit {
				t.Errorf("tier %s, want digit %s", c.Tier, tt.want.Digit)
			}
		})
	}
}

func TestOGRSLine(t *testing.T) {
	c := classify(t, assess(func(a *risk.Assessment) { a.OGRS = 59 }))
	want := []tier.Line{{Rule: "ogrs", Input: "59", Points: 5, Counted: true, Note: "OGRS ÷ 10, whole points"}}
	if diff := cmp.Diff(want, c.Change.Lines); diff != "" {
		t.Errorf("OGRS 59 lines mismatch (-want +got):\n%s", diff)
	}
}

func TestClassifyMarkers(t *testing.T) {
	type result struct {
		Tier         tier.Tier
		Unsupervised bool
		Provisional  bool
	}
	unsupervised := risk.NewFlags(risk.FlagUnsupervised)
	tests := []struct {
		name   string
		reason string
		a      risk.Assessment
		want   result
	}{
		{
			name: "supervised",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.OGRS, a.NeedsAssessed = risk.RoSHHigh, 50, false }),
			want: result{Tier: tier.B2},
		},
		{
			name: "unsupervised flag",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.OGRS, a.NeedsAssessed, a.Flags = risk.RoSHHigh, 50, false, unsupervised
			}),
			want: result{Tier: tier.B2S, Unsupervised: true},
		},
		{
			name:   "unsupervised and very high",
			reason: "the S marker goes on any tier",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.Flags, a.Needs = risk.RoSHVeryHigh, unsupervised.With(risk.FlagIOM), map[risk.Need]risk.Severity{risk.NeedAttitudes: risk.SeveritySevere}
			}),
			want: result{Tier: tier.A1S, Unsupervised: true},
		},
		{
			name: "unsupervised without mandate",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.Mandate, a.Flags = risk.RoSHLow, risk.MandateNo, unsupervised }),
			want: result{Tier: tier.D0S, Unsupervised: true},
		},
		{
			name:   "no RoSH",
			reason: "a missing RoSH makes the classification provisional",
			a:      assess(func(a *risk.Assessment) { a.RSR = rsr("7.00") }),
			want:   result{Tier: tier.B1, Provisional: true},
		},
		{
			name: "marked provisional",
			a:    assess(func(a *risk.Assessment) { a.RoSH, a.Provisional = risk.RoSHLow, true }),
			want: result{Tier: tier.D1, Provisional: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify(t, tt.a)
			got := result{c.Tier, c.Unsupervised, c.Provisional}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Classify mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestClassifyInvalid(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		a      risk.Assessment
		want   error
	}{
		{
			name:   "women's factors for a man",
			reason: "the additional factors count only for sex female",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.Sex, a.WomenFactors = risk.RoSHMedium, risk.SexMale, risk.NewWomenFactors(risk.WomenFactorParenting)
			}),
			want: risk.ErrInconsistent,
		},
		{
			name: "women's factors with sex unknown",
			a:    assess(func(a *risk.Assessment) { a.WomenFactors = risk.NewWomenFactors(risk.WomenFactorBreach) }),
			want: risk.ErrInconsistent,
		},
		{
			name: "RSR 6.995",
			a:    assess(func(a *risk.Assessment) { a.RSR = rsr("6.995") }),
			want: risk.ErrOutOfRange,
		},
		{
			name:   "mandate unknown",
			reason: "a forgotten mandate is an error, never digit 0",
			a:      assess(func(a *risk.Assessment) { a.Mandate = risk.MandateUnknown }),
			want:   risk.ErrMissing,
		},
		{
			name: "needs without needs assessment",
			a: assess(func(a *risk.Assessment) {
				a.NeedsAssessed, a.Needs = false, map[risk.Need]risk.Severity{risk.NeedETE: risk.SeveritySevere}
			}),
			want: risk.ErrInconsistent,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tier.Classify(tt.a)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Classify error = %v, want %v\nreason: %s", err, tt.want, tt.reason)
			}
			var fe *tier.FieldError
			if !errors.As(err, &fe) || fe.Pkg != "risk" {
				t.Errorf("want the assessment's *risk.FieldError, got %#v", err)
			}
			if diff := cmp.Diff(tier.Classification{}, c); diff != "" {
				t.Errorf("an invalid assessment gives no tier (-want +got):\n%s", diff)
			}
		})
	}
}

const notCounted = "not counted: only the larger of RoSH and RSR counts"

// TestClassify asserts whole classifications: tier, points, lines, results
// and reasons.
func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		a      risk.Assessment
		want   tier.Classification
	}{
		{
			name: "MAPPA level 2, high RoSH",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.RSR, a.OGRS = risk.RoSHHigh, rsr("4.10"), 62
				a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel2, Category: risk.MAPPACategory1}
				a.Flags = risk.NewFlags(risk.FlagSexual)
				a.Complexity = risk.NewFactors(risk.FactorMentalHealth)
				a.Needs = map[risk.Need]risk.Severity{
					risk.NeedRelationships: risk.SeveritySevere, risk.NeedThinkingBehaviour: risk.SeveritySevere,
					risk.NeedAttitudes: risk.SeverityStandard,
				}
			}),
			want: tier.Classification{
				Tier: tier.A2,
				Protect: tier.Score{
					Points: 172,
					Lines: []tier.Line{
						{Rule: "rosh", Input: "high", Points: 20, Counted: true},
						{Rule: "rsr", Input: "4.10", Points: 10, Note: "RSR 3.00–6.99; " + notCounted},
						{Rule: "mappa", Input: "level 2", Points: 150, Counted: true, Note: "MAPPA level 2 or 3"},
						{Rule: "complexity", Input: "mental-health", Points: 2, Counted: true},
					},
					Result: "A",
					Rule:   tier.RuleProtect,
					Reason: "172 protect points ≥ 150 → A",
				},
				Change: tier.Score{
					Points: 14,
					Lines: []tier.Line{
						{Rule: "need", Input: "relationships=severe", Points: 2, Counted: true, Note: "weight 1 × severe 2"},
						{Rule: "need", Input: "thinking-behaviour=severe", Points: 4, Counted: true, Note: "weight 2 × severe 2"},
						{Rule: "need", Input: "attitudes=standard", Points: 2, Counted: true, Note: "weight 2 × standard 1"},
						{Rule: "ogrs", Input: "62", Points: 6, Counted: true, Note: "OGRS ÷ 10, whole points"},
					},
					Result: "2",
					Rule:   tier.RuleChange,
					Reason: "14 change points in 10–19 → 2",
				},
			},
		},
		{
			name:   "RoSH very high with RSR 7.00",
			reason: "150, not 170: the RSR line is shown but not counted",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.RSR, a.OGRS, a.Flags = risk.RoSHVeryHigh, rsr("7"), 59, risk.NewFlags(risk.FlagIOM)
			}),
			want: tier.Classification{
				Tier: tier.A1,
				Protect: tier.Score{
					Points: 150,
					Lines: []tier.Line{
						{Rule: "rosh", Input: "very-high", Points: 150, Counted: true},
						{Rule: "rsr", Input: "7.00", Points: 20, Note: "RSR ≥ 7.00; " + notCounted},
					},
					Result: "A",
					Rule:   tier.RuleProtect,
					Reason: "150 protect points ≥ 150 → A",
				},
				Change: tier.Score{
					Points: 7,
					Lines: []tier.Line{
						{Rule: "ogrs", Input: "59", Points: 5, Counted: true, Note: "OGRS ÷ 10, whole points"},
						{Rule: "iom", Input: "iom", Points: 2, Counted: true, Note: "integrated offender management"},
					},
					Result: "1",
					Rule:   tier.RuleChange,
					Reason: "7 change points < 10 → 1",
				},
			},
		},
		{
			name:   "woman, no RoSH, unsupervised, no needs assessment",
			reason: "RSR counts over a missing RoSH; the women's factors count; S marker; digit 2 by override",
			a: assess(func(a *risk.Assessment) {
				a.RSR, a.OGRS = rsr("7.00"), 35
				a.Sex, a.WomenFactors = risk.SexFemale, risk.NewWomenFactors(risk.WomenFactorImpulsivity, risk.WomenFactorParenting)
				a.Complexity = risk.NewFactors(risk.FactorSelfHarm)
				a.Flags = risk.NewFlags(risk.FlagUnsupervised)
				a.NeedsAssessed = false
			}),
			want: tier.Classification{
				Tier: tier.B2S,
				Protect: tier.Score{
					Points: 26,
					Lines: []tier.Line{
						{Rule: "rosh", Input: "unknown", Points: 0, Note: "no RoSH assessment scores 0; " + notCounted},
						{Rule: "rsr", Input: "7.00", Points: 20, Counted: true, Note: "RSR ≥ 7.00"},
						{Rule: "complexity", Input: "self-harm", Points: 2, Counted: true},
						{Rule: "women-factor", Input: "parenting", Points: 2, Counted: true},
						{Rule: "women-factor", Input: "impulsivity", Points: 2, Counted: true},
					},
					Result: "B",
					Rule:   tier.RuleProtect,
					Reason: "26 protect points in 20–149 → B",
				},
				Change: tier.Score{
					Points: 3,
					Lines: []tier.Line{
						{Rule: "ogrs", Input: "35", Points: 3, Counted: true, Note: "OGRS ÷ 10, whole points"},
					},
					Result: "2",
					Rule:   tier.RuleNoNeedsAssessment,
					Reason: "no valid needs assessment → 2; the change points are not used",
				},
				Unsupervised: true,
				Provisional:  true,
			},
		},
		{
			name:   "unpaid work only",
			reason: "no mandate for change: digit 0 although the points are computed and shown",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.RSR, a.OGRS, a.Mandate = risk.RoSHLow, rsr("0.8"), 21, risk.MandateNo
				a.Needs = map[risk.Need]risk.Severity{risk.NeedETE: risk.SeveritySevere}
			}),
			want: tier.Classification{
				Tier: tier.D0,
				Protect: tier.Score{
					Points: 0,
					Lines: []tier.Line{
						{Rule: "rosh", Input: "low", Points: 0, Counted: true},
						{Rule: "rsr", Input: "0.80", Points: 0, Note: "RSR < 3.00; " + notCounted},
					},
					Result: "D",
					Rule:   tier.RuleProtect,
					Reason: "0 protect points < 10 → D",
				},
				Change: tier.Score{
					Points: 4,
					Lines: []tier.Line{
						{Rule: "need", Input: "ete=severe", Points: 2, Counted: true, Note: "weight 1 × severe 2"},
						{Rule: "ogrs", Input: "21", Points: 2, Counted: true, Note: "OGRS ÷ 10, whole points"},
					},
					Result: "0",
					Rule:   tier.RuleNoMandate,
					Reason: "no mandate for change (unstated: the cause was not given) → 0; the change points are not used",
				},
			},
		},
		{
			name:   "many needs, MAPPA level 1",
			reason: "RoSH medium ties RSR 3.00 (RoSH is the one counted); finance is shown at 0 points; a need of severity none makes no line",
			a: assess(func(a *risk.Assessment) {
				a.RoSH, a.RSR, a.OGRS = risk.RoSHMedium, rsr("3.00"), 100
				a.MAPPA = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory2}
				a.Needs = map[risk.Need]risk.Severity{
					risk.NeedAccommodation: risk.SeverityStandard, risk.NeedDrugMisuse: risk.SeveritySevere,
					risk.NeedThinkingBehaviour: risk.SeveritySevere, risk.NeedAttitudes: risk.SeveritySevere,
					risk.NeedFinance: risk.SeveritySevere, risk.NeedEmotionalWellbeing: risk.SeverityNone,
				}
			}),
			want: tier.Classification{
				Tier: tier.C3,
				Protect: tier.Score{
					Points: 15,
					Lines: []tier.Line{
						{Rule: "rosh", Input: "medium", Points: 10, Counted: true},
						{Rule: "rsr", Input: "3.00", Points: 10, Note: "RSR 3.00–6.99; " + notCounted},
						{Rule: "mappa", Input: "level 1", Points: 5, Counted: true, Note: "MAPPA level 1"},
					},
					Result: "C",
					Rule:   tier.RuleProtect,
					Reason: "15 protect points in 10–19 → C",
				},
				Change: tier.Score{
					Points: 21,
					Lines: []tier.Line{
						{Rule: "need", Input: "accommodation=standard", Points: 1, Counted: true, Note: "weight 1 × standard 1"},
						{Rule: "need", Input: "drug-misuse=severe", Points: 2, Counted: true, Note: "weight 1 × severe 2"},
						{Rule: "need", Input: "thinking-behaviour=severe", Points: 4, Counted: true, Note: "weight 2 × severe 2"},
						{Rule: "need", Input: "attitudes=severe", Points: 4, Counted: true, Note: "weight 2 × severe 2"},
						{Rule: "need", Input: "finance=severe", Points: 0, Counted: true, Note: "weight 0 × severe 2"},
						{Rule: "ogrs", Input: "100", Points: 10, Counted: true, Note: "OGRS ÷ 10, whole points"},
					},
					Result: "3",
					Rule:   tier.RuleChange,
					Reason: "21 change points ≥ 20 → 3",
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(t, tt.a)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Classify mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestClassificationString(t *testing.T) {
	c := classify(t, assess(func(a *risk.Assessment) {
		a.RSR, a.OGRS = rsr("7.00"), 35
		a.Complexity = risk.NewFactors(risk.FactorSelfHarm)
		a.Flags = risk.NewFlags(risk.FlagUnsupervised)
		a.NeedsAssessed = false
	}))
	want := `tier B2S (unsupervised) [provisional]
  protect: 22 protect points in 20–149 → B
       0 rosh unknown (no RoSH assessment scores 0; not counted: only the larger of RoSH and RSR counts)
    + 20 rsr 7.00 (RSR ≥ 7.00)
    +  2 complexity self-harm
  change: [no-needs-assessment] no valid needs assessment → 2; the change points are not used
    +  3 ogrs 35 (OGRS ÷ 10, whole points)
`
	if diff := cmp.Diff(want, c.String()); diff != "" {
		t.Errorf("String mismatch (-want +got):\n%s", diff)
	}
}

func TestClassifyConsistent(t *testing.T) { rapid.Check(t, testClassifyConsistent) }

func FuzzClassifyConsistent(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testClassifyConsistent)) }

// testClassifyConsistent: for any valid assessment the classification adds
// up — counted lines sum to the points, the letter and digit follow the
// thresholds and overrides, and the markers follow the assessment.
func testClassifyConsistent(t *rapid.T) {
	a := gen.Assessment().Draw(t, "assessment")
	c, err := tier.Classify(a)
	if err != nil {
		t.Fatalf("Classify: %v", err)
	}
	for _, s := range []tier.Score{c.Protect, c.Change} {
		sum := 0
		for _, l := range s.Lines {
			if l.Counted {
				sum += l.Points
			}
		}
		if sum != s.Points {
			t.Fatalf("counted lines sum to %d, points %d: %+v", sum, s.Points, s.Lines)
		}
	}
	rosh, rsrLine := c.Protect.Lines[0], c.Protect.Lines[1]
	if rosh.Rule != "rosh" || rsrLine.Rule != "rsr" || rosh.Counted == rsrLine.Counted {
		t.Fatalf("exactly one of RoSH and RSR counts: %+v %+v", rosh, rsrLine)
	}
	if counted := max(rosh.Points, rsrLine.Points); (rosh.Counted && rosh.Points != counted) || (rsrLine.Counted && rsrLine.Points != counted) {
		t.Fatalf("the smaller of RoSH and RSR counted: %+v %+v", rosh, rsrLine)
	}
	if want := string(tier.LetterFor(c.Protect.Points)); c.Protect.Result != want {
		t.Fatalf("letter %s for %d points, want %s", c.Protect.Result, c.Protect.Points, want)
	}
	iom := 0
	if a.Flags.Has(risk.FlagIOM) {
		iom = 2
	}
	if want := a.NeedsScore() + a.OGRS/10 + iom; c.Change.Points != want {
		t.Fatalf("change points %d, want %d", c.Change.Points, want)
	}
	wantDigit := tier.DigitFor(c.Change.Points)
	switch {
	case a.Mandate == risk.MandateNo:
		wantDigit = 0
	case !a.NeedsAssessed:
		wantDigit = 2
	}
	if d, ok := c.Tier.Digit(); !ok || d != wantDigit || c.Change.Result != string(rune('0'+wantDigit)) {
		t.Fatalf("tier %s, digit result %s; want digit %d", c.Tier, c.Change.Result, wantDigit)
	}
	if l, ok := c.Tier.Letter(); !ok || string(l) != c.Protect.Result {
		t.Fatalf("tier %s, letter result %s", c.Tier, c.Protect.Result)
	}
	if s := a.Flags.Has(risk.FlagUnsupervised); c.Unsupervised != s || c.Tier.Unsupervised() != s {
		t.Fatalf("tier %s, Unsupervised %v, flag %v", c.Tier, c.Unsupervised, s)
	}
	if p := a.Provisional || a.RoSH == risk.RoSHUnknown; c.Provisional != p {
		t.Fatalf("Provisional %v, want %v", c.Provisional, p)
	}
	if !tier.EnglandWales().Contains(c.Tier) {
		t.Fatalf("tier %q is not in the England & Wales scheme", c.Tier)
	}
	if c.String() == "" || c.Protect.Reason == "" || c.Change.Reason == "" {
		t.Fatal("empty explanation")
	}
}

// letterRank is 0 for A … 3 for D.
func letterRank(t *rapid.T, c tier.Classification) int {
	l, ok := c.Tier.Letter()
	if !ok {
		t.Fatalf("tier %q has no letter", c.Tier)
	}
	return int(l - 'A')
}

func TestProtectMonotonic(t *testing.T) { rapid.Check(t, testProtectMonotonic) }

func FuzzProtectMonotonic(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testProtectMonotonic)) }

// testProtectMonotonic: raising RoSH or RSR, raising the MAPPA level,
// adding a complexity factor or a woman's factor never lowers the protect
// points or the letter.
func testProtectMonotonic(t *rapid.T) {
	a := gen.Assessment().Draw(t, "assessment")
	b := a
	switch change := rapid.SampledFrom([]string{"rosh", "rsr", "mappa", "complexity", "women"}).Draw(t, "change"); change {
	case "rosh":
		b.RoSH = rapid.SampledFrom(risk.AllRoSH()[max(int(a.RoSH)-1, 0):]).Draw(t, "raised")
	case "rsr":
		hundredths := a.RSR.Shift(2).IntPart()
		b.RSR = decimal.New(rapid.Int64Range(hundredths, 10000).Draw(t, "raised"), -2)
	case "mappa":
		// AllMAPPALevels()[i] is the level numbered i+1 (unknown is 0).
		b.MAPPA.Level = rapid.SampledFrom(risk.AllMAPPALevels()[max(int(a.MAPPA.Level)-1, 1):]).Draw(t, "raised")
		if a.MAPPA.Category == risk.MAPPACategoryNone {
			b.MAPPA.Category = rapid.SampledFrom(risk.AllMAPPACategories()[1:]).Draw(t, "category")
		}
	case "complexity":
		b.Complexity = a.Complexity.With(rapid.SampledFrom(risk.AllFactors()).Draw(t, "factor"))
	case "women":
		b.Sex = risk.SexFemale
		b.WomenFactors = a.WomenFactors.With(rapid.SampledFrom(risk.AllWomenFactors()).Draw(t, "factor"))
	}
	ca, err := tier.Classify(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := tier.Classify(b)
	if err != nil {
		t.Fatalf("raised assessment invalid: %v", err)
	}
	if cb.Protect.Points < ca.Protect.Points || letterRank(t, cb) > letterRank(t, ca) {
		t.Fatalf("raising lowered protect: %s (%d) → %s (%d)", ca.Tier, ca.Protect.Points, cb.Tier, cb.Protect.Points)
	}
	if tier.EnglandWales().Compare(cb.Tier.Supervised(), ca.Tier.Supervised()) > 0 && cb.Change.Result == ca.Change.Result {
		t.Fatalf("same digit, but %s sorts after %s", cb.Tier, ca.Tier)
	}
}

func TestChangeMonotonic(t *testing.T) { rapid.Check(t, testChangeMonotonic) }

func FuzzChangeMonotonic(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testChangeMonotonic)) }

// testChangeMonotonic: with a mandate and a needs assessment, adding a
// need, raising a severity, raising OGRS or adding IOM never lowers the
// change points or the digit.
func testChangeMonotonic(t *rapid.T) {
	a := gen.Assessment().Draw(t, "assessment")
	a.Mandate, a.NeedsAssessed = risk.MandateYes, true
	b := a
	b.Needs = map[risk.Need]risk.Severity{}
	for n, s := range a.Needs {
		b.Needs[n] = s
	}
	switch change := rapid.SampledFrom([]string{"need", "ogrs", "iom"}).Draw(t, "change"); change {
	case "need":
		n := rapid.SampledFrom(risk.AllNeeds()).Draw(t, "need")
		b.Needs[n] = rapid.SampledFrom(risk.AllSeverities()[a.Needs[n]:]).Draw(t, "severity")
	case "ogrs":
		b.OGRS = rapid.IntRange(a.OGRS, 100).Draw(t, "ogrs")
	case "iom":
		b.Flags = a.Flags.With(risk.FlagIOM)
	}
	ca, err := tier.Classify(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := tier.Classify(b)
	if err != nil {
		t.Fatalf("raised assessment invalid: %v", err)
	}
	if cb.Change.Points < ca.Change.Points || cb.Change.Result < ca.Change.Result {
		t.Fatalf("raising lowered change: %s (%d) → %s (%d)", ca.Tier, ca.Change.Points, cb.Tier, cb.Change.Points)
	}
	if ca.Protect.Result != cb.Protect.Result {
		t.Fatalf("a change-axis edit moved the letter: %s → %s", ca.Tier, cb.Tier)
	}
	if tier.EnglandWales().Compare(cb.Tier, ca.Tier) > 0 {
		t.Fatalf("raising change made %s less severe than %s", cb.Tier, ca.Tier)
	}
}
