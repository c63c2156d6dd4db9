package risk_test

import (
	"testing"

	"github.com/openprobation/caseload/risk"
)

func BenchmarkDerive(b *testing.B) {
	codes := risk.NationalCodes()
	regs := []risk.Registration{
		{Code: "MAPP", Level: "M1", Date: day(2020, 2, 1)}, {Code: "MAPP", Level: "M2", Date: day(2021, 2, 1)},
		{Code: "RHRH", Date: day(2022, 5, 3)}, {Code: "HREG", Date: day(2016, 6, 28)}, {Code: "ADVP", Date: day(2023, 1, 9)},
		{Code: "RMDO", Date: day(2023, 1, 9)}, {Code: "IIOM", Date: day(2023, 1, 9)},
	}
	sents := []risk.Sentence{{Type: "ORA", Requirements: []risk.Requirement{{Category: "W"}, {Category: "RARREQ"}}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.Derive(regs, sents, codes, asOf); err != nil {
			b.Fatal(err)
		}
	}
}
