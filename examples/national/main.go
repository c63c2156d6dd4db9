// Command national runs the whole of England & Wales, synthetically: it
// generates the national synthetic roster of internal/synth (250,000
// cases, 11,000 officers, 900 teams, 12 regions), prepares and measures it
// with the reference policy (workload.DefaultPolicy) at the generator's
// snapshot date, and prints the distribution of capacity:
//
//   - the officers at or under 100% and over 100%, 110% and 120%, and
//     those holding work with no available points at all;
//   - the national capacity, the ratio of sums (Σ points ÷ Σ available
//     points), never an average of percentages;
//   - the 50th and 90th percentiles and the maximum officer capacity;
//   - the number of teams and regions with the lowest and highest of each;
//   - the officers holding more cases than the raw-count ceiling (50);
//   - the picture beside the published one: national capacity, the shares
//     of case-holding officers over 100% and 120%, and the mean caseloads
//     of POs and PSOs, against about 117–120%, 60%, nearly three in ten
//     and 50+ against 78+;
//   - the time and memory each step took: generation, Policy.Prepare and
//     Prepared.Measure, measured with time.Since and runtime.ReadMemStats.
//     They are reported figures for this machine, not benchmarks (see
//     workload's bench_test.go for those).
//
// Flags:
//
//	-seed N     generator seed (default synth.DefaultSeed)
//	-cases N    generate N cases with the national ratios (synth.Scaled)
//	            instead of the national 250,000
//	-json FILE  also write the full workload.Measurement as JSON
//
// Run it with
//
//	go run ./examples/national
//	go run ./examples/national -cases 1000000 -json national.json
//
// The synthetic data is our own mix, calibrated so that the national
// roster reproduces the published picture (see `go doc ./internal/synth`
// for which figure each parameter is tuned to); it is not official data.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/exampleio"
	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/workload"
)

// maxCases bounds -cases: ten times the national roster.
const maxCases = 2_500_000

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "national:", err)
		os.Exit(1)
	}
}

type options struct {
	seed     uint64
	cases    int
	jsonFile string
}

func parseArgs(w io.Writer, args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("national", flag.ContinueOnError)
	fs.Uint64Var(&o.seed, "seed", synth.DefaultSeed, "generator `seed`")
	fs.IntVar(&o.cases, "cases", 0, "generate `N` cases with the national ratios instead of the national roster")
	fs.StringVar(&o.jsonFile, "json", "", "also write the full measurement as JSON to `file`")
	if err := exampleio.Parse(fs, w, "usage: national [flags]", args); err != nil {
		return o, err
	}
	if o.cases < 0 || o.cases > maxCases {
		return o, fmt.Errorf("-cases %d: want 1 to %s (or 0 for the national roster)", o.cases, thousands(maxCases))
	}
	return o, nil
}

// step is what one step of the run cost.
type step struct {
	name    string
	took    time.Duration
	alloc   uint64 // bytes allocated during the step
	mallocs uint64 // heap objects allocated during the step
	heap    uint64 // live heap after the step (after a GC before it)
}

// timed runs f and reports its time and allocations. A GC before the step
// makes the heap figure after it mean what the step keeps alive.
func timed(name string, f func()) step {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return step{name: name, took: took, alloc: after.TotalAlloc - before.TotalAlloc,
		mallocs: after.Mallocs - before.Mallocs, heap: after.HeapAlloc}
}

func run(w io.Writer, args []string) error {
	o, err := parseArgs(w, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	asOf := synth.AsOf()
	policy := workload.DefaultPolicy()

	var (
		roster   workload.Roster
		prepared *workload.Prepared
		m        *workload.Measurement
		steps    []step
	)
	what := "national synthetic roster"
	steps = append(steps, timed("generate", func() {
		if o.cases == 0 {
			roster = synth.National(o.seed)
			return
		}
		roster = synth.Generate(synth.Scaled(o.seed, o.cases))
	}))
	if o.cases != 0 {
		what = "synthetic roster at the national ratios"
	}
	steps = append(steps, timed("prepare", func() { prepared, err = policy.Prepare(roster) }))
	if err != nil {
		return fmt.Errorf("preparing the roster: %w", err)
	}
	steps = append(steps, timed("measure", func() { m = prepared.Measure(asOf) }))

	n := m.National
	d := n.Distribution
	fmt.Fprintf(w, "%s, seed %d: %s cases, %s officers, %d teams, %d regions\n", what, o.seed,
		thousands(len(roster.Cases)), thousands(len(roster.Officers)), len(m.Teams), len(m.Regions))
	fmt.Fprintf(w, "policy %s %s, as of %s\n\n", m.Policy.Name, m.Policy.Version, asOf.Format("2006-01-02"))

	fmt.Fprintf(w, "officers counted %s (holding work or with available points; %s idle)\n", thousands(d.Counted), thousands(d.Idle))
	row := func(label string, c workload.Count) {
		fmt.Fprintf(w, "  %-22s %9s  %8s%%\n", label, thousands(c.Officers), c.Share.StringFixed(3))
	}
	row("at or under "+d.AtOrUnder.Threshold.String()+"%", d.AtOrUnder)
	for _, c := range d.Over {
		row("over "+c.Threshold.String()+"%", c)
	}
	fmt.Fprintf(w, "  %-22s %9s  (counted in every over row)\n", "no capacity", thousands(d.NoCapacity))
	fmt.Fprintf(w, "national capacity       %s%% (Σ %s points ÷ Σ %s available), band %s\n",
		n.Capacity.StringFixed(3), thousandsDec(n.Points), thousandsDec(n.Available), n.Band)
	fmt.Fprintf(w, "officer capacity        p50 %s%%, p90 %s%%, max %s%%\n", d.P50.StringFixed(3), d.P90.StringFixed(3), d.Max.StringFixed(3))
	writeRange(w, "teams", m.Teams)
	writeRange(w, "regions", m.Regions)
	holds := "officers hold"
	if len(n.OverCeiling) == 1 {
		holds = "officer holds"
	}
	fmt.Fprintf(w, "over the raw-count ceiling: %s %s more than %d cases\n",
		thousands(len(n.OverCeiling)), holds, policy.Config().RawCountCeiling)
	writePicture(w, roster, m)

	if o.jsonFile != "" {
		var size int64
		s := timed("write JSON", func() { size, err = writeJSON(o.jsonFile, m) })
		if err != nil {
			return err
		}
		steps = append(steps, s)
		fmt.Fprintf(w, "measurement written to %s (%s bytes)\n", o.jsonFile, thousands(int(size)))
	}

	fmt.Fprintf(w, "\ntime and memory (%s, %d CPUs; reported figures, not benchmarks)\n", runtime.Version(), runtime.NumCPU())
	for _, s := range steps {
		fmt.Fprintf(w, "  %-10s %12s  allocated %9s in %11s objects; live heap after %9s\n",
			s.name, s.took.Round(time.Microsecond), mib(s.alloc), thousands(int(s.mallocs)), mib(s.heap))
	}
	return nil
}

// writePicture prints the roster's picture beside the published one:
// national capacity, the shares of case-holding officers over 100% and
// over 120% (an officer with no available points is over both), and the
// mean caseloads of POs and PSOs.
func writePicture(w io.Writer, r workload.Roster, m *workload.Measurement) {
	var holding, over100, over120, po, poN, pso, psoN int
	onePointTwo := decimal.RequireFromString("1.2")
	for i := range r.Officers {
		l, ok := m.Load(r.Officers[i].ID)
		if !ok || l.Cases == 0 {
			continue
		}
		holding++
		if l.Points.GreaterThan(l.Available) {
			over100++
		}
		if l.Points.GreaterThan(l.Available.Mul(onePointTwo)) {
			over120++
		}
		switch l.Grade {
		case workload.PO:
			po, poN = po+l.Cases, poN+1
		case workload.PSO:
			pso, psoN = pso+l.Cases, psoN+1
		}
	}
	share := func(n int) string {
		if holding == 0 {
			return "-"
		}
		return decimal.NewFromInt(int64(n)).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(int64(holding)), 1).StringFixed(1) + "%"
	}
	mean := func(n, of int) string {
		if of == 0 {
			return "-"
		}
		return decimal.NewFromInt(int64(n)).DivRound(decimal.NewFromInt(int64(of)), 1).StringFixed(1)
	}
	fmt.Fprintf(w, "\nthe picture, beside the published one (%s case-holding officers)\n", thousands(holding))
	fmt.Fprintf(w, "  %-34s %-13s %s\n", "", "this roster", "published")
	fmt.Fprintf(w, "  %-34s %-13s %s\n", "national capacity (ratio of sums)", m.National.Capacity.StringFixed(1)+"%", "about 120% (2023), 117% (2024)")
	fmt.Fprintf(w, "  %-34s %-13s %s\n", "case-holding officers over 100%", share(over100), "60% (inspectorate, 2020)")
	fmt.Fprintf(w, "  %-34s %-13s %s\n", "case-holding officers over 120%", share(over120), "nearly three in ten (2020)")
	fmt.Fprintf(w, "  %-34s %-13s %s\n", "mean cases per PO / PSO", mean(po, poN)+" / "+mean(pso, psoN), "50+ / 78+ (officers' accounts)")
}

// writeRange prints how many groups there are and the lowest and highest
// capacity among those with available points.
func writeRange(w io.Writer, label string, groups []workload.Summary) {
	var lo, hi *workload.Summary
	noCap, empty, red := 0, 0, 0
	for i := range groups {
		g := &groups[i]
		if g.Band == workload.BandRed {
			red++
		}
		switch {
		case g.Band == workload.BandNoCapacity:
			noCap++
			continue
		case g.Available.IsZero():
			empty++
			continue
		}
		if lo == nil || g.Capacity.LessThan(lo.Capacity) {
			lo = g
		}
		if hi == nil || g.Capacity.GreaterThan(hi.Capacity) {
			hi = g
		}
	}
	fmt.Fprintf(w, "%-7s %5d", label, len(groups))
	if lo != nil {
		fmt.Fprintf(w, ", capacity from %s%% (%s) to %s%% (%s); %d red", lo.Capacity.StringFixed(3), lo.ID, hi.Capacity.StringFixed(3), hi.ID, red)
	}
	if noCap > 0 {
		fmt.Fprintf(w, "; %d with no capacity", noCap)
	}
	if empty > 0 {
		fmt.Fprintf(w, "; %d idle", empty)
	}
	fmt.Fprintln(w)
}

func writeJSON(file string, m *workload.Measurement) (int64, error) {
	f, err := os.Create(file)
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: f}
	bw := bufio.NewWriterSize(cw, 1<<20)
	err = json.NewEncoder(bw).Encode(m)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// thousands formats n with comma separators: 250000 → "250,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// thousandsDec formats a decimal with two places and comma separators.
func thousandsDec(d decimal.Decimal) string {
	s := d.StringFixed(2)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return sign + whole + frac
}

// mib formats a byte count in mebibytes with one decimal.
func mib(b uint64) string {
	return strconv.FormatUint(b/(1<<20), 10) + "." + strconv.FormatUint(b%(1<<20)*10/(1<<20), 10) + " MiB"
}
