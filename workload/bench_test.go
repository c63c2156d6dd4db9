package workload_test

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/tier"
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
	defer startCPU(b).stop()
	for i := 0; i < b.N; i++ {
		m := pr.Measure(asOf)
		if m.Len() != 11000 {
			b.Fatal(m.Len())
		}
	}
}

// BenchmarkMeasureScaling does the same work at 1k, 10k, 100k, 1M and 2.5M
// cases, with officers and teams in the national proportions: time per
// op should grow linearly with cases (ns/case, and cpu-ns/case, which a
// busy machine disturbs less, stay level).
func BenchmarkMeasureScaling(b *testing.B) {
	p := workload.DefaultPolicy()
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000, 2_500_000} {
		b.Run("cases="+strconv.Itoa(n), func(b *testing.B) {
			pr, err := p.Prepare(synth.Generate(synth.Scaled(synth.DefaultSeed, n)))
			if err != nil {
				b.Fatal(err)
			}
			asOf := synth.AsOf()
			// The generated roster is garbage once prepared: collect it
			// now, or a collection of its 13 pointers per case lands in
			// whichever few iterations of the largest sizes it falls in.
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			clock := startCPU(b)
			for i := 0; i < b.N; i++ {
				pr.Measure(asOf)
			}
			if used := clock.stop(); used > 0 {
				b.ReportMetric(float64(used.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/case")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/case")
		})
	}
}

// BenchmarkPrepareNational validates and indexes the national roster,
// and reports the live heap the prepared roster keeps of its own (own-MB,
// measured after a collection, beside the caller's roster) and the
// collector's CPU time per op (gc-cpu-ns/op). The collections are real
// cost, but mostly not Prepare's own work: what Prepare allocates sets
// them off, and each then marks the caller's roster, 250,000 cases of 13
// pointers each, which the benchmark keeps live.
func BenchmarkPrepareNational(b *testing.B) {
	p := workload.DefaultPolicy()
	r := synth.National(synth.DefaultSeed)
	b.ReportAllocs()
	b.ResetTimer()
	clock := startCPU(b)
	gc0 := gcCPU()
	for i := 0; i < b.N; i++ {
		if _, err := p.Prepare(r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((gcCPU()-gc0)*1e9/float64(b.N), "gc-cpu-ns/op")
	clock.stop()
	b.StopTimer()
	own, pr, _ := preparedHeap(p, r)
	runtime.KeepAlive(pr)
	b.ReportMetric(float64(own)/(1<<20), "own-MB")
}

// gcCPU returns the collector's CPU time so far, in seconds (an estimate
// the runtime keeps).
func gcCPU() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}

// cpuClock reports CPU time per op as the metric cpu-ns/op when the
// benchmark ends: on a shared machine wall-clock time counts other
// people's work too.
type cpuClock struct {
	b     *testing.B
	start time.Duration
}

// startCPU starts a CPU clock; call it right after b.ResetTimer and defer
// its stop.
func startCPU(b *testing.B) cpuClock { return cpuClock{b: b, start: cpuTime()} }

func (c cpuClock) stop() time.Duration {
	used := cpuTime() - c.start
	if used > 0 && c.b.N > 0 {
		c.b.ReportMetric(float64(used.Nanoseconds())/float64(c.b.N), "cpu-ns/op")
	}
	return used
}

// BenchmarkApplyAllocationNational allocates one case on the prepared
// national roster and re-measures its officer: the work of one live
// allocation event.
func BenchmarkApplyAllocationNational(b *testing.B) {
	p := workload.DefaultPolicy()
	pr, err := p.Prepare(synth.National(synth.DefaultSeed))
	if err != nil {
		b.Fatal(err)
	}
	asOf := synth.AsOf()
	officer := pr.Officers()[5000].ID
	c := workload.Case{ID: "new-case", Officer: officer, Tier: tier.B2, Type: tier.Community, Start: asOf.AddDate(0, 0, -3)}
	b.ReportAllocs()
	b.ResetTimer()
	defer startCPU(b).stop()
	for i := 0; i < b.N; i++ {
		next, err := pr.Apply(workload.Change{Kind: workload.CaseAllocated, Case: c})
		if err != nil {
			b.Fatal(err)
		}
		if ld, err := next.MeasureOfficer(officer, asOf); err != nil || ld.Cases == 0 {
			b.Fatal(ld.Cases, err)
		}
	}
}
