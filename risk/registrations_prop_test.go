package risk_test

import (
	"bytes"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/openprobation/caseload/risk"
)

// Codes drawn for registrations and sentences: the national table's, some
// unknown, and the historic one.
var (
	regCodes  = []string{"MAPP", "RVHR", "RHRH", "RMRH", "RLRH", "ADVP", "SPO", "RCPR", "INLL", "IIOM", "PRC", "RMDO", "TACT", "HREG", "WXYZ"}
	mappaLvls = []string{"M0", "M1", "M2", "M3"}
	mappaCats = []string{"", "M1", "M2", "M3", "M4"}
	sentTypes = []string{"SC", "NC", "ORA", "SSO"}
	reqCats   = []string{"W", "W1", "RARREQ", "CURF", "EXCL"}
)

func genRegistration() *rapid.Generator[risk.Registration] {
	return rapid.Custom(func(t *rapid.T) risk.Registration {
		r := risk.Registration{
			Code: rapid.SampledFrom(regCodes).Draw(t, "code"),
			Date: asOf.AddDate(0, 0, -rapid.SampledFrom([]int{-3, 0, 1, 2, 30, 400, 2000, 5000}).Draw(t, "daysAgo")),
		}
		if r.Code == "MAPP" {
			r.Level = rapid.SampledFrom(mappaLvls).Draw(t, "level")
			r.Category = rapid.SampledFrom(mappaCats).Draw(t, "category")
		}
		if rapid.Bool().Draw(t, "ended") {
			r.Deregistered = asOf.AddDate(0, 0, -rapid.IntRange(-30, 30).Draw(t, "deregisteredAgo"))
		}
		return r
	})
}

func genSentence() *rapid.Generator[risk.Sentence] {
	return rapid.Custom(func(t *rapid.T) risk.Sentence {
		s := risk.Sentence{Type: rapid.SampledFrom(sentTypes).Draw(t, "type"), Custodial: rapid.Bool().Draw(t, "custodial")}
		if rapid.Bool().Draw(t, "terminated") {
			s.Terminated = asOf.AddDate(0, 0, -rapid.IntRange(-30, 30).Draw(t, "terminatedAgo"))
		}
		for i, n := 0, rapid.IntRange(0, 3).Draw(t, "requirements"); i < n; i++ {
			c := rapid.SampledFrom(reqCats).Draw(t, "category")
			s.Requirements = append(s.Requirements, risk.Requirement{Category: c, Restrictive: c == "CURF" || c == "EXCL"})
		}
		return s
	})
}

func values(d risk.Derived) derived {
	return derived{d.Mandate, d.NoMandateCause, d.MAPPA, d.RoSH, d.Flags, d.Complexity, d.Event}
}

// testDeriveOrderInvariant: the derived inputs do not depend on the order
// of the records (a tie of dates goes to the higher value, not the later
// record), and adding a historic or ended registration, or a terminated
// sentence, changes nothing. (Breaking the tie rule to "last wins" fails
// this.)
func testDeriveOrderInvariant(t *rapid.T) {
	regs := rapid.SliceOfN(genRegistration(), 0, 8).Draw(t, "regs")
	sents := rapid.SliceOfN(genSentence(), 0, 4).Draw(t, "sentences")
	d, err := risk.Derive(regs, sents, nil, asOf)
	if err != nil {
		t.Fatalf("Derive: %v", err)
	}
	perm := rapid.Permutation(regs).Draw(t, "permuted regs")
	permS := rapid.Permutation(sents).Draw(t, "permuted sentences")
	d2, err := risk.Derive(perm, permS, nil, asOf)
	if err != nil {
		t.Fatalf("Derive permuted: %v", err)
	}
	if values(d) != values(d2) {
		t.Fatalf("order changed the result: %+v vs %+v", values(d), values(d2))
	}
	extra := append([]risk.Registration{}, regs...)
	extra = append(extra,
		risk.Registration{Code: "HREG", Level: "M3", Date: asOf},
		risk.Registration{Code: "RVHR", Date: asOf.AddDate(-1, 0, 0), Deregistered: asOf},
		risk.Registration{Code: "MAPP", Level: "M3", Date: asOf.AddDate(0, 0, 1)},
	)
	extraS := append([]risk.Sentence{}, sents...)
	if len(sents) > 0 {
		extraS = append(extraS, risk.Sentence{Type: "SC", Terminated: asOf.AddDate(0, 0, -1)})
	}
	d3, err := risk.Derive(extra, extraS, nil, asOf)
	if err != nil {
		t.Fatalf("Derive with ignored records: %v", err)
	}
	if values(d) != values(d3) {
		t.Fatalf("ignored records changed the result: %+v vs %+v", values(d), values(d3))
	}
	a := risk.Assessment{}
	d.Apply(&a)
	if err := a.Validate(); err != nil {
		t.Fatalf("derived assessment invalid: %v", err)
	}
}

func TestDeriveOrderInvariant(t *testing.T) { rapid.Check(t, testDeriveOrderInvariant) }
func FuzzDeriveOrderInvariant(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDeriveOrderInvariant)) }

// FuzzDecodeCodes: decoding any bytes as a code table never panics; a
// table that decodes and validates can be used by Derive.
func FuzzDecodeCodes(f *testing.F) {
	f.Add(risk.NationalCodesJSON())
	f.Add([]byte(`{"name": "x", "version": "1", "mappa": {"code": "M", "levels": {"1": "1"}}}`))
	f.Add([]byte(`{"name": "x", "mappa": {"code": ""}, "flags": {"A": "stalking", "B": "unknown"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := risk.DecodeCodes(bytes.NewReader(b))
		if err != nil {
			return
		}
		if c.Validate() != nil {
			return
		}
		_, _ = risk.Derive([]risk.Registration{{Code: c.MAPPA.Code, Level: "M1", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
			[]risk.Sentence{{Type: "SC"}}, c, asOf)
	})
}
