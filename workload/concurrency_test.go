package workload_test

// One policy and one Prepared roster used from 32 goroutines at once: every
// result must equal the serial one, byte for byte in JSON. Run it with
// go test -race.

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/internal/synth"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// sharedFixture is everything the goroutines share: built once, read only.
type sharedFixture struct {
	p        *workload.Policy
	pr       *workload.Prepared
	team     workload.MeasuredTeam
	holdings []workload.MeasuredCaseload
	alloc    workload.Allocation
}

// sharedResults runs every operation once and returns each result as JSON,
// keyed by operation.
func sharedResults(t testing.TB, s *sharedFixture) map[string]string {
	asOf := synth.AsOf()
	out := map[string]string{}
	put := func(key string, v any, err error) {
		if err != nil {
			t.Errorf("%s: %v", key, err)
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: json.Marshal: %v", key, err)
			return
		}
		out[key] = string(b)
	}
	put("policy", s.p, nil)
	put("prepared.Measure", s.pr.Measure(asOf), nil)
	for _, o := range s.pr.Officers()[:8] {
		l, err := s.pr.Explain(o.ID, asOf)
		put("Explain "+o.ID, l, err)
	}
	for _, h := range s.holdings {
		id := h.Load.Officer
		l, err := s.p.Measure(h.Caseload, asOf)
		put("Measure "+id, l, err)
		c, err := s.p.CheckAllocation(h, s.alloc, asOf)
		put("CheckAllocation "+id, c, err)
		pri, err := s.p.Prioritise(h.Caseload, asOf)
		put("Prioritise "+id, pri, err)
		pl, err := s.p.PlanShortfall(h.Caseload, asOf)
		put("PlanShortfall "+id, pl, err)
	}
	r, err := s.p.Recommend(s.team, s.alloc, asOf)
	put("Recommend", r, err)
	b, err := s.p.Balance(s.team)
	put("Balance", b, err)
	pl, err := s.p.Rebalance(s.team, asOf, workload.DefaultRebalanceOptions())
	put("Rebalance", pl, err)
	return out
}

func newSharedFixture(t testing.TB) *sharedFixture {
	p := workload.DefaultPolicy()
	asOf := synth.AsOf()
	cfg := synth.Scaled(synth.DefaultSeed, 5000)
	pr, err := p.Prepare(synth.Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	team := synth.Team(synth.DefaultSeed)
	tp, err := p.Prepare(team)
	if err != nil {
		t.Fatal(err)
	}
	cls := tp.TeamCaseloads(team.Officers[0].Team)
	tm, err := p.MeasureTeam(cls, asOf)
	if err != nil {
		t.Fatal(err)
	}
	s := &sharedFixture{p: p, pr: pr, team: tm, holdings: tm.Members}
	s.alloc = workload.Allocation{Case: workload.Case{ID: "new-case", Tier: tier.B2, Type: tier.Licence, Start: asOf.AddDate(0, -2, 0)}}
	return s
}

// TestConcurrentUse: 32 goroutines share one policy, one Prepared, one
// Team and its Holdings; every result matches the serial run.
func TestConcurrentUse(t *testing.T) {
	s := newSharedFixture(t)
	want := sharedResults(t, s)
	if len(want) < 40 {
		t.Fatalf("only %d serial results", len(want))
	}
	const workers = 32
	got := make([]map[string]string, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[w] = sharedResults(t, s)
		}()
	}
	wg.Wait()
	for w, g := range got {
		if diff := cmp.Diff(want, g); diff != "" {
			t.Errorf("goroutine %d differs from the serial run (-serial +concurrent):\n%s", w, diff)
		}
	}
	// The shared values are unchanged by all that use.
	if diff := cmp.Diff(want, sharedResults(t, s)); diff != "" {
		t.Errorf("results changed after concurrent use (-before +after):\n%s", diff)
	}
}

// TestConcurrentPolicyDecode: policies decoded and marshalled from many
// goroutines at once are all equal to the default.
func TestConcurrentPolicyDecode(t *testing.T) {
	want, err := json.Marshal(workload.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p workload.Policy
			if err := json.Unmarshal(want, &p); err != nil {
				errs <- err
				return
			}
			b, err := json.Marshal(&p)
			if err != nil || string(b) != string(want) {
				errs <- fmt.Errorf("re-encoded policy differs (%v)", err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
