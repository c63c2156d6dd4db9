package risk_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
)

var asOf = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// derived is the part of a Derived a table test compares.
type derived struct {
	Mandate    risk.Mandate
	Cause      risk.NoMandateCause
	MAPPA      risk.MAPPA
	RoSH       risk.RoSH
	Flags      risk.Flags
	Complexity risk.Factors
	Event      risk.Event
}

func TestDerive(t *testing.T) {
	none := risk.MAPPA{Level: risk.MAPPANone}
	sc := []risk.Sentence{{Type: "SC"}}
	tests := []struct {
		name   string
		reason string
		regs   []risk.Registration
		sents  []risk.Sentence
		want   derived
		// sources and ignored hold "input=value<-code" strings.
		sources []string
		ignored []string
	}{
		{
			name: "nothing on the record",
			want: derived{Mandate: risk.MandateNo, Cause: risk.NoMandateNoSentence, MAPPA: none, Event: risk.EventNone},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=none<-no-current-sentence", "mandate=no<-no-sentence"},
		},
		{
			name:   "latest MAPPA registration wins",
			reason: "the national service's own case: M1 in 2020, M2 in 2021 → level 2",
			regs:   []risk.Registration{{Code: "MAPP", Level: "M1", Date: day(2020, 2, 1)}, {Code: "MAPP", Level: "M2", Category: "M1", Date: day(2021, 2, 1)}},
			sents:  sc,
			want:   derived{Mandate: risk.MandateYes, MAPPA: risk.MAPPA{Level: risk.MAPPALevel2, Category: risk.MAPPACategory1}, Event: risk.EventActive},
			sources: []string{"mappa=level 2 category 1<-latest-mappa", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=yes<-custodial"},
			ignored: []string{"mappa=MAPP<-older"},
		},
		{
			name:   "historic and de-registered registrations are left out",
			regs:   []risk.Registration{{Code: "HREG", Level: "M2", Date: day(2016, 6, 28)}, {Code: "RVHR", Date: day(2020, 1, 1), Deregistered: day(2026, 12, 7)}, {Code: "RHRH", Date: day(2019, 1, 1), Deregistered: day(2026, 12, 8)}},
			sents:  sc,
			want:   derived{Mandate: risk.MandateYes, MAPPA: none, RoSH: risk.RoSHHigh, Event: risk.EventActive},
			reason: "de-registered on the day is ended; de-registered tomorrow is still current",
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=high<-latest-rosh",
				"event=active<-current-sentence", "mandate=yes<-custodial"},
			ignored: []string{"registration=HREG<-historic", "registration=RVHR<-deregistered"},
		},
		{
			name:  "level M0 is no MAPPA level",
			regs:  []risk.Registration{{Code: "MAPP", Level: "M0", Category: "M2", Date: day(2008, 10, 24)}},
			sents: sc,
			want:  derived{Mandate: risk.MandateYes, MAPPA: none, Event: risk.EventActive},
			sources: []string{"mappa=none<-latest-mappa", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=yes<-custodial"},
		},
		{
			name: "flags and factors, each once",
			regs: []risk.Registration{
				{Code: "ADVP", Date: day(2024, 1, 1)}, {Code: "REG30", Date: day(2024, 1, 2)}, {Code: "SPO", Date: day(2024, 1, 3)},
				{Code: "RCPR", Date: day(2024, 1, 4)}, {Code: "INLL", Date: day(2024, 1, 5)}, {Code: "IIOM", Date: day(2024, 1, 6)},
				{Code: "PRC", Date: day(2024, 1, 7)}, {Code: "RMDO", Date: day(2024, 1, 8)}, {Code: "TACT", Date: day(2024, 1, 9)},
				{Code: "WXYZ", Date: day(2024, 1, 10)}, {Code: "RMRH", Date: day(2025, 1, 1)}, {Code: "RVHR", Date: day(2023, 1, 1)},
			},
			sents: []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "RARREQ"}}}},
			want: derived{
				Mandate: risk.MandateYes, MAPPA: none, RoSH: risk.RoSHMedium, Event: risk.EventActive,
				Flags:      risk.NewFlags(risk.FlagDomesticAbuse, risk.FlagStalking, risk.FlagChildProtection, risk.FlagLifer, risk.FlagIOM, risk.FlagUnsupervised),
				Complexity: risk.NewFactors(risk.FactorChildProtection, risk.FactorMentalHealth, risk.FactorTerrorism),
			},
			sources: []string{
				"flag=domestic-abuse<-registered", "flag=stalking<-registered", "flag=child-protection<-registered",
				"complexity=child-protection<-registered", "flag=lifer-ipp<-registered", "flag=iom<-registered",
				"flag=unsupervised<-registered", "complexity=mental-health<-registered", "complexity=terrorism<-registered",
				"mappa=none<-no-mappa-registration", "rosh=medium<-latest-rosh",
				"event=active<-current-sentence", "mandate=yes<-non-restrictive-requirement",
			},
			ignored: []string{"registration=WXYZ<-not-in-table", "rosh=RVHR<-older"},
		},
		{
			name:  "only unpaid work",
			sents: []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}, {Category: "W1"}}}},
			want:  derived{Mandate: risk.MandateNo, Cause: risk.NoMandateUnpaidWorkOnly, MAPPA: none, Event: risk.EventActive},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=no<-unpaid-work-only"},
		},
		{
			name:  "only restrictive requirements",
			sents: []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "CURF", Restrictive: true}}}},
			want:  derived{Mandate: risk.MandateNo, Cause: risk.NoMandateRestrictiveOnly, MAPPA: none, Event: risk.EventActive},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=no<-restrictive-only"},
		},
		{
			name:   "unpaid work and restrictive, a terminated custodial sentence",
			reason: "the custodial sentence ended on the day: it no longer gives a mandate",
			sents: []risk.Sentence{
				{Type: "SC", Terminated: day(2026, 12, 7)},
				{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}, {Category: "EXCL", Restrictive: true}}},
			},
			want: derived{Mandate: risk.MandateNo, Cause: risk.NoMandateUnpaidAndRestrictive, MAPPA: none, Event: risk.EventActive},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=no<-unpaid-work-and-restrictive"},
			ignored: []string{"sentence=SC<-terminated"},
		},
		{
			name:  "every sentence terminated",
			sents: []risk.Sentence{{Type: "ORA", Terminated: day(2026, 1, 1), Requirements: []risk.Requirement{{Category: "RARREQ"}}}},
			want:  derived{Mandate: risk.MandateNo, Cause: risk.NoMandateTerminated, MAPPA: none, Event: risk.EventNone},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=none<-no-current-sentence", "mandate=no<-sentence-terminated"},
			ignored: []string{"sentence=ORA<-terminated"},
		},
		{
			name:  "terminated in the future is current; custodial by the caller's word",
			sents: []risk.Sentence{{Type: "LICENCE", Custodial: true, Terminated: day(2027, 1, 1)}},
			want:  derived{Mandate: risk.MandateYes, MAPPA: none, Event: risk.EventActive},
			sources: []string{"mappa=none<-no-mappa-registration", "rosh=unknown<-no-rosh-registration",
				"event=active<-current-sentence", "mandate=yes<-custodial"},
		},
	}
	flat := func(ss []risk.Source) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Input+"="+s.Value+"<-"+s.Code)
		}
		return out
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := risk.Derive(tc.regs, tc.sents, nil, asOf)
			if err != nil {
				t.Fatal(err)
			}
			got := derived{d.Mandate, d.NoMandateCause, d.MAPPA, d.RoSH, d.Flags, d.Complexity, d.Event}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("derived (-want +got) %s:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.sources, flat(d.Sources)); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.ignored, flat(d.Ignored)); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeriveSourcesNameTheRecord(t *testing.T) {
	d, err := risk.Derive([]risk.Registration{{Code: "MAPP", Level: "M2", Date: day(2021, 2, 1)}},
		[]risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}, {Category: "RARREQ"}}}}, nil, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var from []string
	for _, s := range d.Sources {
		from = append(from, s.From)
	}
	want := []string{"registrations[0] MAPP M2 2021-02-01", "none", "sentences[0] ORA", "sentences[0] ORA requirements[1] RARREQ"}
	if diff := cmp.Diff(want, from); diff != "" {
		t.Errorf("from (-want +got):\n%s", diff)
	}
}

func TestDeriveErrors(t *testing.T) {
	_, err := risk.Derive([]risk.Registration{
		{Code: "", Date: day(2020, 1, 1)},
		{Code: "MAPP", Date: day(2020, 1, 1)},
		{Code: "MAPP", Level: "M9", Date: day(2020, 1, 1)},
		{Code: "MAPP", Level: "M1", Category: "X", Date: day(2020, 1, 1)},
		{Code: "RHRH"},
	}, []risk.Sentence{{}}, nil, asOf)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *risk.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	want := []string{"registrations[0].code", "registrations[1].level", "registrations[2].level", "registrations[3].category", "registrations[4].date", "sentences[0].type"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%v", diff, err)
	}
}

// A team whose case system uses other codes supplies its own table.
func TestDeriveOwnCodes(t *testing.T) {
	doc := `{"name": "team", "version": "1", "historic": [],
	 "mappa": {"code": "MP", "levels": {"L1": "1", "L2": "2", "L3": "3"}, "categories": {"C1": "1"}},
	 "rosh": {"HIGH": "high"}, "flags": {"DV": "domestic-abuse"}, "complexity": {},
	 "custodialSentenceTypes": ["PRISON"], "unpaidWorkCategories": ["UPW"]}`
	codes, err := risk.DecodeCodes(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	d, err := risk.Derive([]risk.Registration{{Code: "MP", Level: "L3", Date: day(2025, 1, 1)}, {Code: "DV", Date: day(2025, 1, 1)}, {Code: "MAPP", Level: "M2", Date: day(2025, 1, 1)}},
		[]risk.Sentence{{Type: "PRISON"}}, codes, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if d.MAPPA.Level != risk.MAPPALevel3 || !d.Flags.Has(risk.FlagDomesticAbuse) || d.Mandate != risk.MandateYes || len(d.Ignored) != 1 {
		t.Errorf("derived %+v", d)
	}
}

func TestCodes(t *testing.T) {
	c := risk.NationalCodes()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"RLRH", "M0"}, c.Guesses); diff != "" {
		t.Errorf("guesses (-want +got):\n%s", diff)
	}
	if c.MAPPA.Code != "MAPP" || c.RoSH["RVHR"] != risk.RoSHVeryHigh || c.Flags["SPO"] != risk.FlagStalking || c.Complexity["ALSH"] != risk.FactorSelfHarm {
		t.Errorf("national codes: %+v", c)
	}
	for _, bad := range []string{
		`{"name": "x", "version": "1", "mappa": {"code": "M"}, "flags": {"X": "nope"}}`,
		`{"name": "x", "version": "1", "mappa": {"code": "M"}, "extra": 1}`,
	} {
		if _, err := risk.DecodeCodes(strings.NewReader(bad)); err == nil {
			t.Errorf("DecodeCodes(%s): no error", bad)
		}
	}
	bad := &risk.Codes{MAPPA: risk.MAPPACodes{Levels: map[string]risk.MAPPALevel{"M9": 9}}, RoSH: map[string]risk.RoSH{"R": risk.RoSHUnknown}}
	if err := bad.Validate(); err == nil || !errors.Is(err, risk.ErrMissing) || !errors.Is(err, risk.ErrUnknown) {
		t.Errorf("Validate: %v", err)
	}
}

func TestNoMandateCauseValidation(t *testing.T) {
	a := risk.Assessment{MAPPA: risk.MAPPA{Level: risk.MAPPANone}, Mandate: risk.MandateYes, NoMandateCause: risk.NoMandateTerminated}
	var fe *risk.FieldError
	if err := a.Validate(); !errors.As(err, &fe) || fe.Field != "noMandateCause" || !errors.Is(err, risk.ErrInconsistent) {
		t.Errorf("cause with mandate yes: %v", err)
	}
	a.Mandate = risk.MandateNo
	if err := a.Validate(); err != nil {
		t.Errorf("cause with mandate no: %v", err)
	}
}

func TestSingleAxisInputsJSON(t *testing.T) {
	in := risk.SingleAxisInputs{
		Event: risk.EventActive,
		ARP:   risk.Predictor{Score: decimal.RequireFromString("62.4"), Kind: risk.PredictorStatic},
		CSRP:  risk.Predictor{Score: decimal.RequireFromString("3.2"), Kind: risk.PredictorDynamic},
		DCSRP: risk.SexualPredictor{Score: decimal.RequireFromString("2.5"), Band: risk.SexualBandMedium},
		RoSH:  risk.RoSHHigh, MAPPA: risk.MAPPA{Level: risk.MAPPALevel2},
		Flags: risk.NewFlags(risk.FlagLifer), SexualOffenceEver: true, LatestRelease: day(2023, 10, 2),
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back risk.SingleAxisInputs
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\n%s", diff, b)
	}
	for _, bad := range []string{`{"event": "maybe"}`, `{"arp": {"kind": "guessed"}}`, `{"dcsrp": {"band": "huge"}}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestApplyKeepsWhatTheRecordsDoNotSay(t *testing.T) {
	d, err := risk.Derive([]risk.Registration{{Code: "SPO", Date: day(2024, 1, 1)}}, []risk.Sentence{{Type: "SC"}}, nil, asOf)
	if err != nil {
		t.Fatal(err)
	}
	a := risk.Assessment{RoSH: risk.RoSHHigh, Flags: risk.NewFlags(risk.FlagIOM), Complexity: risk.NewFactors(risk.FactorVulnerability), Mandate: risk.MandateNo}
	d.Apply(&a)
	if a.RoSH != risk.RoSHHigh || a.Flags != risk.NewFlags(risk.FlagIOM, risk.FlagStalking) || a.Mandate != risk.MandateYes || a.MAPPA.Level != risk.MAPPANone || !a.Complexity.Has(risk.FactorVulnerability) {
		t.Errorf("applied: %+v", a)
	}
	in := risk.SingleAxisInputs{RoSH: risk.RoSHMedium}
	d.ApplySingleAxis(&in)
	if in.RoSH != risk.RoSHMedium || in.Event != risk.EventActive || !in.Flags.Has(risk.FlagStalking) {
		t.Errorf("applied: %+v", in)
	}
}
