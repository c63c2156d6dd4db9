package rostercsv_test

import (
	"bytes"
	"testing"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// BenchmarkReadNational reads the national synthetic roster (250,000
// cases, 11,000 officers, their reductions, 10,000 court reports and 500
// cover contacts) from its CSV export.
func BenchmarkReadNational(b *testing.B) {
	var buf bytes.Buffer
	if err := rostercsv.Write(&buf, synth.National(synth.DefaultSeed)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := rostercsv.Read(bytes.NewReader(data))
		if err != nil || len(r.Cases) != synth.NationalCases {
			b.Fatal(len(r.Cases), err)
		}
	}
}

// BenchmarkWriteNational writes the national synthetic roster.
func BenchmarkWriteNational(b *testing.B) {
	r := synth.National(synth.DefaultSeed)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := rostercsv.Write(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
