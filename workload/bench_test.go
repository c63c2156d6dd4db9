package workload_test

import (
	"strconv"
	"testing"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
)

// BenchmarkMeasureNational measures every load, band, team, region and
// the national roll-up of the synthetic national roster (250,000 cases,
// 11,000 officers, 900 teams), already prepared.
func BenchmarkMeasureNational(b *testing.B) {
	p := workload.DefaultPolicy()
	pr, err := p.Prepare(synth.National(synth.DefaultSeed))
	if err != nil {
		b.Fatal(err)
	}
	asOf := synth.AsOf()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := pr.Measure(asOf)
		if len(m.Loads) != 11000 {
			b.Fatal(len(m.Loads))
		}
	}
}

// BenchmarkMeasureScaling does the same work at 1k, 10k, 100k and 1M
// cases, with officers and teams in the national proportions: time per
// op should grow linearly with cases.
func BenchmarkMeasureScaling(b *testing.B) {
	p := workload.DefaultPolicy()
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run("cases="+strconv.Itoa(n), func(b *testing.B) {
			pr, err := p.Prepare(synth.Generate(synth.Scaled(synth.DefaultSeed, n)))
			if err != nil {
				b.Fatal(err)
			}
			asOf := synth.AsOf()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pr.Measure(asOf)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/case")
		})
	}
}

// BenchmarkPrepareNational validates and indexes the national roster.
func BenchmarkPrepareNational(b *testing.B) {
	p := workload.DefaultPolicy()
	r := synth.National(synth.DefaultSeed)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Prepare(r); err != nil {
			b.Fatal(err)
		}
	}
}
