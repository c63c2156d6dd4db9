package tier_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/gen"
	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

var saDay = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)

func pct(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func dyn(s string) risk.Predictor { return risk.Predictor{Score: pct(s), Kind: risk.PredictorDynamic} }
func sta(s string) risk.Predictor { return risk.Predictor{Score: pct(s), Kind: risk.PredictorStatic} }

// saBase is a supervised case whose every step gives no result or G: ARP
// and CSRP 0 (dynamic), low RoSH, no MAPPA, no flags.
func saBase(edit func(*risk.SingleAxisInputs)) risk.SingleAxisInputs {
	in := risk.SingleAxisInputs{
		Event: risk.EventActive, ARP: dyn("0"), CSRP: dyn("0"),
		RoSH: risk.RoSHLow, MAPPA: risk.MAPPA{Level: risk.MAPPANone},
	}
	if edit != nil {
		edit(&in)
	}
	return in
}

func classifySA(t *testing.T, in risk.SingleAxisInputs) tier.SingleAxis {
	t.Helper()
	got, err := tier.ClassifySingleAxis(in, saDay)
	if err != nil {
		t.Fatalf("ClassifySingleAxis: %v", err)
	}
	return got
}

// TestSingleAxisReoffendingTable checks every cell of the ARP × CSRP table
// of the domain reference (§3a) at each threshold and just below it
// (0.01 under, the smallest step two decimal places allow).
func TestSingleAxisReoffendingTable(t *testing.T) {
	// Typed by hand from the domain reference: rows CSRP ≥ 6.9, 3.0, 1.0,
	// 0.5, 0; columns ARP ≥ 90, 75, 50, 25, 15, 0.
	table := [5][6]tier.Tier{
		{"A", "A", "B", "B", "B", "B"},
		{"A", "B", "C", "C", "C", "C"},
		{"B", "C", "D", "E", "E", "E"},
		{"C", "D", "E", "E", "F", "F"},
		{"D", "D", "E", "F", "F", "G"},
	}
	csrpAt := []string{"6.90", "3.00", "1.00", "0.50", "0.00"}
	csrpBelow := []string{"6.89", "2.99", "0.99", "0.49"}
	arpAt := []string{"90.00", "75.00", "50.00", "25.00", "15.00", "0.00"}
	arpBelow := []string{"89.99", "74.99", "49.99", "24.99", "14.99"}
	check := func(arp, csrp string, want tier.Tier) {
		t.Helper()
		got := classifySA(t, saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.CSRP = dyn(arp), dyn(csrp) }))
		if got.Tier != want {
			t.Errorf("ARP %s, CSRP %s: tier %s, want %s\n%s", arp, csrp, got.Tier, want, got)
		}
		if want != "G" && got.DecidedBy != tier.StepReoffending {
			t.Errorf("ARP %s, CSRP %s: decided by %s, want reoffending", arp, csrp, got.DecidedBy)
		}
	}
	n := 0
	for r := range 5 {
		for c := range 6 {
			check(arpAt[c], csrpAt[r], table[r][c])
			n++
			if c < 5 {
				check(arpBelow[c], csrpAt[r], table[r][c+1])
				n++
			}
			if r < 4 {
				check(arpAt[c], csrpBelow[r], table[r+1][c])
				n++
			}
		}
	}
	// The top of the ranges: 100% ARP and CSRP.
	check("100", "100", "A")
	if n != 30+25+24 {
		t.Fatalf("checked %d cells, want 79", n)
	}
}

func TestSingleAxisSteps(t *testing.T) {
	release := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		reason  string
		in      risk.SingleAxisInputs
		want    tier.Tier
		decided string
	}{
		// DC-SRP: each band and each medium boundary, at and just below.
		{name: "dcsrp very high", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("0.01"), Band: risk.SexualBandVeryHigh}
		}), want: "A", decided: "sexual-reoffending"},
		{name: "dcsrp high", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("1.50"), Band: risk.SexualBandHigh}
		}), want: "B", decided: "sexual-reoffending"},
		{name: "dcsrp low", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("0.02"), Band: risk.SexualBandLow}
		}), want: "E", decided: "sexual-reoffending"},
		{name: "dcsrp medium 3.36", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("3.36"), Band: risk.SexualBandMedium}
		}), want: "C", decided: "sexual-reoffending"},
		{name: "dcsrp medium 3.35", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("3.35"), Band: risk.SexualBandMedium}
		}), want: "D", decided: "sexual-reoffending"},
		{name: "dcsrp medium 2.11", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("2.11"), Band: risk.SexualBandMedium}
		}), want: "D", decided: "sexual-reoffending"},
		{name: "dcsrp medium 2.10", reason: "below 2.11 the with-risk-reduction table applies: ≥ 1.12 → C", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("2.10"), Band: risk.SexualBandMedium}
		}), want: "C", decided: "sexual-reoffending"},
		{name: "dcsrp medium 1.12", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("1.12"), Band: risk.SexualBandMedium}
		}), want: "C", decided: "sexual-reoffending"},
		{name: "dcsrp medium 1.11", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("1.11"), Band: risk.SexualBandMedium}
		}), want: "D", decided: "sexual-reoffending"},
		{name: "dcsrp medium 0.60", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("0.60"), Band: risk.SexualBandMedium}
		}), want: "D", decided: "sexual-reoffending"},
		{name: "dcsrp score 0 with a band", reason: "only a score above 0 counts", in: saBase(func(in *risk.SingleAxisInputs) { in.DCSRP = risk.SexualPredictor{Band: risk.SexualBandVeryHigh} }), want: "G", decided: "reoffending"},
		{name: "dcsrp without a band", in: saBase(func(in *risk.SingleAxisInputs) { in.DCSRP = risk.SexualPredictor{Score: pct("2.11")} }), want: "G", decided: "reoffending"},
		{name: "dcsrp not applicable", in: saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("2.11"), Band: risk.SexualBandNotApplicable}
		}), want: "G", decided: "reoffending"},
		// MAPPA × RoSH.
		{name: "mappa, rosh very high", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}, risk.RoSHVeryHigh
		}), want: "A", decided: "mappa-rosh"},
		{name: "mappa, rosh high", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel3, Category: risk.MAPPACategory2}, risk.RoSHHigh
		}), want: "C", decided: "mappa-rosh"},
		{name: "mappa, rosh medium", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel2, Category: risk.MAPPACategory4}, risk.RoSHMedium
		}), want: "D", decided: "mappa-rosh"},
		{name: "mappa, rosh low", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory3}
		}), want: "E", decided: "mappa-rosh"},
		{name: "mappa, rosh missing", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}, risk.RoSHUnknown
		}), want: "E", decided: "mappa-rosh"},
		{name: "mappa level without category", reason: "a MAPPA level is MAPPA management: the protective reading", in: saBase(func(in *risk.SingleAxisInputs) {
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel2}, risk.RoSHVeryHigh
		}), want: "A", decided: "mappa-rosh"},
		{name: "no mappa, rosh very high", in: saBase(func(in *risk.SingleAxisInputs) { in.RoSH = risk.RoSHVeryHigh }), want: "C", decided: "mappa-rosh"},
		{name: "no mappa, rosh high", in: saBase(func(in *risk.SingleAxisInputs) { in.RoSH = risk.RoSHHigh }), want: "D", decided: "mappa-rosh"},
		{name: "no mappa, rosh medium", in: saBase(func(in *risk.SingleAxisInputs) { in.RoSH = risk.RoSHMedium }), want: "G", decided: "reoffending"},
		// Lifer / IPP, classified on 2026-12-07.
		{name: "lifer released a day ago", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), release(2026, 12, 6)
		}), want: "B", decided: "lifer-ipp"},
		{name: "lifer released exactly a year ago", reason: "within the last year includes its first day", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), release(2025, 12, 7)
		}), want: "B", decided: "lifer-ipp"},
		{name: "lifer released a year and a day ago", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), release(2025, 12, 6)
		}), want: "D", decided: "lifer-ipp"},
		{name: "lifer released exactly five years ago", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), release(2021, 12, 7)
		}), want: "D", decided: "lifer-ipp"},
		{name: "lifer released earlier", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), release(2021, 12, 6)
		}), want: "E", decided: "lifer-ipp"},
		{name: "lifer, release unknown", in: saBase(func(in *risk.SingleAxisInputs) { in.Flags = risk.NewFlags(risk.FlagLifer) }), want: "G", decided: "reoffending"},
		{name: "release date but not a lifer", in: saBase(func(in *risk.SingleAxisInputs) { in.LatestRelease = release(2026, 12, 1) }), want: "G", decided: "reoffending"},
		// Flags.
		{name: "domestic abuse", in: saBase(func(in *risk.SingleAxisInputs) { in.Flags = risk.NewFlags(risk.FlagDomesticAbuse) }), want: "E", decided: "domestic-abuse"},
		{name: "stalking", in: saBase(func(in *risk.SingleAxisInputs) { in.Flags = risk.NewFlags(risk.FlagStalking) }), want: "F", decided: "stalking"},
		{name: "child protection", in: saBase(func(in *risk.SingleAxisInputs) { in.Flags = risk.NewFlags(risk.FlagChildProtection) }), want: "F", decided: "child-protection"},
		{name: "sexual offence ever", in: saBase(func(in *risk.SingleAxisInputs) { in.SexualOffenceEver = true }), want: "E", decided: "sexual-offence"},
		{name: "other flags ignored", in: saBase(func(in *risk.SingleAxisInputs) { in.Flags = risk.NewFlags(risk.FlagIOM, risk.FlagNationalSecurity) }), want: "G", decided: "reoffending"},
		// The maximum rule.
		{name: "all flags", reason: "domestic abuse E beats stalking and child protection F", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Flags = risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection)
		}), want: "E", decided: "domestic-abuse"},
		{name: "tie goes to the earlier step", reason: "table B (ARP 90, CSRP 1.0) and DC-SRP high B", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.DCSRP = dyn("90"), dyn("1.0"), risk.SexualPredictor{Score: pct("2"), Band: risk.SexualBandHigh}
		}), want: "B", decided: "reoffending"},
		{name: "a higher step is not lowered by later ones", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP = dyn("95"), dyn("6.9")
			in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}, risk.RoSHHigh
			in.Flags = risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection, risk.FlagLifer)
			in.LatestRelease = release(2024, 12, 7)
		}), want: "A", decided: "reoffending"},
		// States.
		{name: "not supervised", reason: "no active event stops the model, whatever else", in: saBase(func(in *risk.SingleAxisInputs) {
			in.Event, in.MAPPA, in.RoSH = risk.EventNone, risk.MAPPA{Level: risk.MAPPALevel3, Category: risk.MAPPACategory1}, risk.RoSHVeryHigh
		}), want: "not-supervised", decided: "not-supervised"},
		{name: "ARP missing", in: saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.RoSH = risk.Predictor{}, risk.RoSHVeryHigh }), want: "missing", decided: "missing-predictors"},
		{name: "CSRP missing", in: saBase(func(in *risk.SingleAxisInputs) { in.CSRP = risk.Predictor{} }), want: "missing", decided: "missing-predictors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := classifySA(t, tc.in)
			if got.Tier != tc.want || got.DecidedBy != tc.decided {
				t.Errorf("got %s decided by %s, want %s by %s (%s)\n%s", got.Tier, got.DecidedBy, tc.want, tc.decided, tc.reason, got)
			}
		})
	}
}

func TestSingleAxisProvisional(t *testing.T) {
	mappa1 := risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}
	tests := []struct {
		name   string
		reason string
		in     risk.SingleAxisInputs
		tier   tier.Tier
		want   []string
	}{
		{name: "all dynamic, RoSH known", in: saBase(nil), tier: "G"},
		{name: "both static", reason: "no other step gives A", in: saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.CSRP = sta("0"), sta("0") }), tier: "G", want: []string{"static-arp-csrp"}},
		{name: "both static, DC-SRP very high", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.DCSRP = sta("0"), sta("0"), risk.SexualPredictor{Score: pct("1"), Band: risk.SexualBandVeryHigh}
		}), tier: "A"},
		{name: "both static, MAPPA with very high RoSH", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.MAPPA, in.RoSH = sta("0"), sta("0"), mappa1, risk.RoSHVeryHigh
		}), tier: "A"},
		{name: "both static, table A alone", reason: "the table's own A does not count: it may fall", in: saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.CSRP = sta("90"), sta("6.9") }), tier: "A", want: []string{"static-arp-csrp"}},
		{name: "static ARP, CSRP 3.0", reason: "ARP at its highest gives A; domestic abuse gives only E", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.Flags = sta("10"), dyn("3.0"), risk.NewFlags(risk.FlagDomesticAbuse)
		}), tier: "C", want: []string{"static-arp"}},
		{name: "static ARP, CSRP 1.0, DC-SRP high", reason: "ARP at its highest gives B; DC-SRP gives B", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.DCSRP = sta("50"), dyn("1.0"), risk.SexualPredictor{Score: pct("2"), Band: risk.SexualBandHigh}
		}), tier: "B"},
		{name: "static ARP, CSRP 1.0, DC-SRP medium C", reason: "C is below the B the table could still give", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.DCSRP = sta("50"), dyn("1.0"), risk.SexualPredictor{Score: pct("3.36"), Band: risk.SexualBandMedium}
		}), tier: "C", want: []string{"static-arp"}},
		{name: "static CSRP, ARP 25, lifer within a year", reason: "CSRP at its highest gives B; the lifer step gives B", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.Flags, in.LatestRelease = dyn("25"), sta("0"), risk.NewFlags(risk.FlagLifer), saDay.AddDate(0, -1, 0)
		}), tier: "B"},
		{name: "static CSRP, ARP 25", in: saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.CSRP = dyn("25"), sta("0") }), tier: "F", want: []string{"static-csrp"}},
		{name: "RoSH missing, no MAPPA, table C", reason: "dynamic predictors giving C settle it", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.RoSH = dyn("50"), dyn("3.0"), risk.RoSHUnknown
		}), tier: "C"},
		{name: "RoSH missing, no MAPPA, table D", in: saBase(func(in *risk.SingleAxisInputs) { in.ARP, in.CSRP, in.RoSH = dyn("50"), dyn("1.0"), risk.RoSHUnknown }), tier: "D", want: []string{"missing-rosh"}},
		{name: "RoSH missing, MAPPA, table A", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.RoSH, in.MAPPA = dyn("90"), dyn("6.9"), risk.RoSHUnknown, mappa1
		}), tier: "A"},
		{name: "RoSH missing, MAPPA, table B", reason: "the MAPPA/RoSH step does not count towards settling it", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.RoSH, in.MAPPA = dyn("90"), dyn("1.0"), risk.RoSHUnknown, mappa1
		}), tier: "B", want: []string{"missing-rosh-mappa"}},
		{name: "RoSH missing, static ARP, table C", reason: "a static table result does not settle a missing RoSH either", in: saBase(func(in *risk.SingleAxisInputs) {
			in.ARP, in.CSRP, in.RoSH = sta("50"), dyn("3.0"), risk.RoSHUnknown
		}), tier: "C", want: []string{"static-arp", "missing-rosh"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := classifySA(t, tc.in)
			var codes []string
			for _, c := range got.Caveats {
				codes = append(codes, c.Code)
			}
			if got.Tier != tc.tier || got.Provisional != (len(tc.want) > 0) {
				t.Errorf("tier %s provisional %v, want %s %v\n%s", got.Tier, got.Provisional, tc.tier, len(tc.want) > 0, got)
			}
			if diff := cmp.Diff(tc.want, codes); diff != "" {
				t.Errorf("caveats (-want +got) (%s):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestSingleAxisInvalid(t *testing.T) {
	tests := []struct {
		name  string
		in    risk.SingleAxisInputs
		field string
		want  error
	}{
		{"medium band below 0.60", saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("0.59"), Band: risk.SexualBandMedium}
		}), "dcsrp.score", risk.ErrInconsistent},
		{"event not given", saBase(func(in *risk.SingleAxisInputs) { in.Event = risk.EventUnknown }), "event", risk.ErrMissing},
		{"a score without its kind", saBase(func(in *risk.SingleAxisInputs) { in.ARP = risk.Predictor{Score: pct("12")} }), "arp.score", risk.ErrInconsistent},
		{"ARP above 100", saBase(func(in *risk.SingleAxisInputs) { in.ARP = dyn("100.01") }), "arp.score", risk.ErrOutOfRange},
		{"CSRP with three places", saBase(func(in *risk.SingleAxisInputs) { in.CSRP = dyn("6.899") }), "csrp.score", risk.ErrOutOfRange},
		{"negative DC-SRP", saBase(func(in *risk.SingleAxisInputs) {
			in.DCSRP = risk.SexualPredictor{Score: pct("-1"), Band: risk.SexualBandLow}
		}), "dcsrp.score", risk.ErrOutOfRange},
		{"band outside the enum", saBase(func(in *risk.SingleAxisInputs) { in.DCSRP.Band = 9 }), "dcsrp.band", risk.ErrUnknown},
		{"kind outside the enum", saBase(func(in *risk.SingleAxisInputs) { in.CSRP.Kind = 7 }), "csrp.kind", risk.ErrUnknown},
		{"release after the classification date", saBase(func(in *risk.SingleAxisInputs) {
			in.Flags, in.LatestRelease = risk.NewFlags(risk.FlagLifer), saDay.AddDate(0, 0, 1)
		}), "latestRelease", tier.ErrInconsistent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tier.ClassifySingleAxis(tc.in, saDay)
			var fe *tier.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want field %s wrapping %v", err, tc.field, tc.want)
			}
		})
	}
}

func TestSingleAxisScheme(t *testing.T) {
	s := tier.SingleAxisScheme()
	want := []tier.Tier{"A", "B", "C", "D", "E", "F", "G", "missing", "not-supervised"}
	if diff := cmp.Diff(want, s.Tiers()); diff != "" || s.Name() != "single-axis" {
		t.Errorf("scheme %q (-want +got):\n%s", s.Name(), diff)
	}
}

// Generators for the single-axis inputs: valid by construction.

func genPct(t *rapid.T, label string) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, 10000).Draw(t, label), -2)
}

func genPredictor(label string) *rapid.Generator[risk.Predictor] {
	return rapid.Custom(func(t *rapid.T) risk.Predictor {
		kind := rapid.SampledFrom([]risk.PredictorKind{risk.PredictorStatic, risk.PredictorDynamic}).Draw(t, label+".kind")
		return risk.Predictor{Score: genPct(t, label+".score"), Kind: kind}
	})
}

func genSexual() *rapid.Generator[risk.SexualPredictor] {
	return rapid.Custom(func(t *rapid.T) risk.SexualPredictor {
		band := risk.SexualBand(rapid.IntRange(0, int(risk.SexualBandVeryHigh)).Draw(t, "band"))
		low := int64(0)
		if band == risk.SexualBandMedium {
			low = 60
		}
		return risk.SexualPredictor{Score: decimal.New(rapid.Int64Range(low, 10000).Draw(t, "dcsrp"), -2), Band: band}
	})
}

func genSingleAxis() *rapid.Generator[risk.SingleAxisInputs] {
	return rapid.Custom(func(t *rapid.T) risk.SingleAxisInputs {
		flags := risk.Flags(0)
		for _, f := range []risk.Flag{risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection, risk.FlagLifer} {
			if rapid.Bool().Draw(t, f.String()) {
				flags = flags.With(f)
			}
		}
		in := risk.SingleAxisInputs{
			Event: risk.EventActive,
			ARP:   genPredictor("arp").Draw(t, "arp"), CSRP: genPredictor("csrp").Draw(t, "csrp"),
			DCSRP: genSexual().Draw(t, "dcsrp"),
			RoSH:  gen.RoSH().Draw(t, "rosh"), MAPPA: gen.MAPPA().Draw(t, "mappa"),
			Flags: flags, SexualOffenceEver: rapid.Bool().Draw(t, "sexualOffenceEver"),
		}
		if rapid.Bool().Draw(t, "released") {
			in.LatestRelease = saDay.AddDate(0, 0, -rapid.IntRange(0, 4000).Draw(t, "daysSinceRelease"))
		}
		return in
	})
}

// saRank orders A–G: A 6 … G 0; anything else -1. (Typed here rather
// than read from the package.)
func saRank(t tier.Tier) int {
	for i, l := range []tier.Tier{"G", "F", "E", "D", "C", "B", "A"} {
		if t == l {
			return i
		}
	}
	return -1
}

func mustSA(t *rapid.T, in risk.SingleAxisInputs) tier.SingleAxis {
	got, err := tier.ClassifySingleAxis(in, saDay)
	if err != nil {
		t.Fatalf("ClassifySingleAxis(%+v): %v", in, err)
	}
	return got
}

// testSingleAxisMaximum: the tier is the highest of the tiers each input
// gives on its own (every other input at its neutral value), and the
// highest of the reported steps. Breaking the rule (taking the last step
// with a result instead of the highest) fails this at once.
func testSingleAxisMaximum(t *rapid.T) {
	in := genSingleAxis().Draw(t, "in")
	got := mustSA(t, in)
	neutral := risk.SingleAxisInputs{Event: risk.EventActive, ARP: dyn("0"), CSRP: dyn("0"), RoSH: risk.RoSHLow, MAPPA: risk.MAPPA{Level: risk.MAPPANone}}
	alone := []risk.SingleAxisInputs{}
	add := func(edit func(*risk.SingleAxisInputs)) {
		x := neutral
		edit(&x)
		alone = append(alone, x)
	}
	add(func(x *risk.SingleAxisInputs) { x.ARP, x.CSRP = in.ARP, in.CSRP })
	add(func(x *risk.SingleAxisInputs) { x.DCSRP = in.DCSRP })
	add(func(x *risk.SingleAxisInputs) { x.RoSH, x.MAPPA = in.RoSH, in.MAPPA })
	add(func(x *risk.SingleAxisInputs) {
		x.Flags, x.LatestRelease = in.Flags&risk.NewFlags(risk.FlagLifer), in.LatestRelease
	})
	for _, f := range []risk.Flag{risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection} {
		add(func(x *risk.SingleAxisInputs) { x.Flags = in.Flags & risk.NewFlags(f) })
	}
	add(func(x *risk.SingleAxisInputs) { x.SexualOffenceEver = in.SexualOffenceEver })
	best := 0
	for _, x := range alone {
		best = max(best, saRank(mustSA(t, x).Tier))
	}
	if saRank(got.Tier) != best {
		t.Fatalf("tier %s, but the inputs alone give at most rank %d\n%s", got.Tier, best, got)
	}
	steps := 0
	for _, s := range got.Steps {
		steps = max(steps, saRank(s.Result))
		if s.Rule == got.DecidedBy && s.Result != got.Tier {
			t.Fatalf("decided by %s, which gave %s, but the tier is %s", s.Rule, s.Result, got.Tier)
		}
	}
	if steps != best {
		t.Fatalf("steps give rank %d, tier rank %d", steps, best)
	}
}

func TestSingleAxisMaximum(t *testing.T) { rapid.Check(t, testSingleAxisMaximum) }
func FuzzSingleAxisMaximum(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSingleAxisMaximum)) }

// testSingleAxisMonotone: raising any one predictor or risk input never
// lowers the tier. (Broken on purpose by swapping two cells of the table's
// bottom row, this fails.)
func testSingleAxisMonotone(t *rapid.T) {
	a := genSingleAxis().Draw(t, "in")
	b := a
	raise := func(d decimal.Decimal, label string) decimal.Decimal {
		return decimal.New(rapid.Int64Range(d.Shift(2).IntPart(), 10000).Draw(t, label), -2)
	}
	switch what := rapid.SampledFrom([]string{"arp", "csrp", "dcsrp-band", "rosh", "mappa", "flag", "sexual", "release"}).Draw(t, "raise"); what {
	case "arp":
		b.ARP.Score = raise(a.ARP.Score, "arp")
	case "csrp":
		b.CSRP.Score = raise(a.CSRP.Score, "csrp")
	case "dcsrp-band":
		// Raising the band at a score a medium band accepts.
		if a.DCSRP.Score.LessThan(pct("0.60")) {
			a.DCSRP.Score = pct("0.60")
			b.DCSRP.Score = a.DCSRP.Score
		}
		if a.DCSRP.Band < risk.SexualBandLow {
			a.DCSRP.Band = risk.SexualBandLow
		}
		b.DCSRP.Band = risk.SexualBand(rapid.IntRange(int(a.DCSRP.Band), int(risk.SexualBandVeryHigh)).Draw(t, "band"))
	case "rosh":
		b.RoSH = risk.RoSH(rapid.IntRange(int(a.RoSH), int(risk.RoSHVeryHigh)).Draw(t, "rosh"))
	case "mappa":
		b.MAPPA = risk.MAPPA{Level: risk.MAPPALevel1, Category: risk.MAPPACategory1}
	case "flag":
		b.Flags = a.Flags.With(rapid.SampledFrom([]risk.Flag{risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection, risk.FlagLifer}).Draw(t, "flag"))
	case "sexual":
		b.SexualOffenceEver = true
	case "release":
		// A more recent release: later, but not after the day of classification.
		if a.LatestRelease.IsZero() {
			a.LatestRelease = saDay.AddDate(-10, 0, 0)
		}
		days := int(saDay.Sub(a.LatestRelease).Hours() / 24)
		b.LatestRelease = saDay.AddDate(0, 0, -rapid.IntRange(0, days).Draw(t, "days"))
	}
	ga, gb := mustSA(t, a), mustSA(t, b)
	if saRank(gb.Tier) < saRank(ga.Tier) {
		t.Fatalf("raising lowered %s to %s\nbefore %+v\n%s\nafter %+v\n%s", ga.Tier, gb.Tier, a, ga, b, gb)
	}
}

func TestSingleAxisMonotone(t *testing.T) { rapid.Check(t, testSingleAxisMonotone) }
func FuzzSingleAxisMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSingleAxisMonotone)) }

func TestSingleAxisTable(t *testing.T) {
	tb := tier.SingleAxisTable()
	if err := tb.Validate(); err != nil {
		t.Fatal(err)
	}
	if !tb.Scheme.Equal(tier.SingleAxisScheme()) {
		t.Errorf("scheme %v", tb.Scheme.Tiers())
	}
	// Typed from the table's documented illustrative choice.
	for _, c := range []struct {
		ct   tier.CaseType
		t    tier.Tier
		want string
	}{
		{tier.Community, "A", "158"}, {tier.Community, "D", "41"}, {tier.Community, "G", "20"}, {tier.Community, "missing", "41"},
		{tier.Licence, "B", "132"}, {tier.Custody, "C", "24"}, {tier.Community, "not-supervised", "0"},
	} {
		got, err := tb.Weight(c.ct, c.t, false)
		if err != nil || !got.Equal(pct(c.want)) {
			t.Errorf("weight %s %s = %s, %v; want %s", c.ct, c.t, got, err, c.want)
		}
	}
	if !strings.Contains(tb.Notes, "ILLUSTRATIVE") {
		t.Error("the notes must label the weights illustrative")
	}
}
