package tier_test

import (
	"testing"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

func BenchmarkClassifySingleAxis(b *testing.B) {
	in := saBase(func(in *risk.SingleAxisInputs) {
		in.ARP, in.CSRP = sta("62.40"), dyn("3.20")
		in.DCSRP = risk.SexualPredictor{Score: pct("2.50"), Band: risk.SexualBandMedium}
		in.MAPPA, in.RoSH = risk.MAPPA{Level: risk.MAPPALevel1}, risk.RoSHHigh
		in.Flags = risk.NewFlags(risk.FlagDomesticAbuse)
	})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tier.ClassifySingleAxis(in, saDay); err != nil {
			b.Fatal(err)
		}
	}
}
