package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openprobation/caseload/workload"
)

// loadDuration bounds each load test: 20 s by default, 3 s with -short,
// 5 s under the race detector (which slows everything tenfold), or
// CASELOAD_LOAD_SECONDS.
func loadDuration() time.Duration {
	if v, err := strconv.Atoi(os.Getenv("CASELOAD_LOAD_SECONDS")); err == nil && v > 0 && v <= 120 {
		return time.Duration(v) * time.Second
	}
	switch {
	case testing.Short():
		return 3 * time.Second
	case raceEnabled:
		return 5 * time.Second
	}
	return 20 * time.Second
}

// loadClient is one of the clients of a load test. Each owns the cases it
// creates (named after it), so it knows exactly where each should end up:
// an oracle independent of the service.
type loadClient struct {
	n       int
	rng     *rand.Rand
	http    *http.Client
	base    string
	held    map[string]string // case → officer, as acknowledged
	sent    []string          // every event id sent
	acked   map[string][]byte // event id → answer body
	reqs    map[string][]byte // event id → request body
	unknown map[string]bool   // sent, no answer (a kill, a timeout)
	seq     int
	lat     []time.Duration
	checks  int
	events  int
	errs    []string
}

func newLoadClient(n int, base string, tr *http.Transport) *loadClient {
	return &loadClient{n: n, rng: rand.New(rand.NewPCG(uint64(n), 7)), http: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		base: base, held: map[string]string{}, acked: map[string][]byte{}, reqs: map[string][]byte{}, unknown: map[string]bool{}}
}

func (c *loadClient) officer() string { return "off-" + strconv.Itoa(2+c.rng.IntN(35)) }

func (c *loadClient) post(path string, v any) (int, []byte, http.Header, error) {
	b, _ := json.Marshal(v)
	start := time.Now()
	resp, err := c.http.Post(c.base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		return 0, nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	c.lat = append(c.lat, time.Since(start))
	return resp.StatusCode, body, resp.Header, err
}

// step sends one request: four checks to every event; one event in ten is
// sent a second time and must get the same answer.
func (c *loadClient) step(eventsOnly bool) {
	c.seq++
	if !eventsOnly && c.seq%5 != 0 {
		status, body, _, err := c.post("/v1/allocation-check", map[string]any{"officer": c.officer(),
			"case": map[string]any{"id": "probe", "tier": "C2", "type": "community", "start": "2026-11-01"}})
		if err == nil && status != 200 {
			c.errs = append(c.errs, fmt.Sprintf("check: %d %s", status, body))
		}
		if err == nil {
			c.checks++
		}
		return
	}
	id := fmt.Sprintf("ev-%d-%d", c.n, c.seq)
	var ev map[string]any
	var apply func()
	cases := make([]string, 0, len(c.held))
	for k := range c.held {
		cases = append(cases, k)
	}
	slices.Sort(cases)
	switch r := c.rng.IntN(10); {
	case len(cases) < 3 || r < 4:
		cid := fmt.Sprintf("L%d-%d", c.n, c.seq)
		to := c.officer()
		ev = map[string]any{"id": id, "type": "case-allocated", "officer": to,
			"case": map[string]any{"id": cid, "tier": []string{"B2", "C1", "D2", "A3"}[c.rng.IntN(4)], "type": "community", "start": "2026-11-01"}}
		apply = func() { c.held[cid] = to }
	case r < 8:
		cid := cases[c.rng.IntN(len(cases))]
		to := c.officer()
		for to == c.held[cid] {
			to = c.officer()
		}
		ev = map[string]any{"id": id, "type": "case-transferred", "officer": to, "case": map[string]any{"id": cid}}
		apply = func() { c.held[cid] = to }
	default:
		cid := cases[c.rng.IntN(len(cases))]
		ev = map[string]any{"id": id, "type": "case-closed", "case": map[string]any{"id": cid}}
		apply = func() { delete(c.held, cid) }
	}
	c.sent = append(c.sent, id)
	c.unknown[id] = true
	c.reqs[id], _ = json.Marshal(ev)
	status, body, _, err := c.post("/v1/events", ev)
	if err != nil {
		return // a kill or a timeout: the event may or may not be committed
	}
	if status != 200 {
		c.errs = append(c.errs, fmt.Sprintf("event %s: %d %s", id, status, body))
		delete(c.unknown, id)
		return
	}
	delete(c.unknown, id)
	c.acked[id] = body
	c.events++
	apply()
	if c.rng.IntN(10) == 0 {
		status, again, h, err := c.post("/v1/events", ev)
		if err == nil && (status != 200 || !bytes.Equal(again, body) || h.Get("Idempotent-Replayed") != "true") {
			c.errs = append(c.errs, fmt.Sprintf("event %s sent again: %d %s, first %s", id, status, again, body))
		}
	}
}

// resend sends an acknowledged event again and reports whether it was
// answered as a replay with the first answer.
func (c *loadClient) resend(t *testing.T, id string) bool {
	resp, err := c.http.Post(c.base+"/v1/events", "application/json", bytes.NewReader(c.reqs[id]))
	if err != nil {
		t.Errorf("resending %s: %v", id, err)
		return false
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	ok := resp.StatusCode == 200 && resp.Header.Get("Idempotent-Replayed") == "true" && bytes.Equal(body, c.acked[id])
	if !ok {
		t.Logf("resending %s: %d replayed %q: %s; first answer %s", id, resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), body, c.acked[id])
	}
	return ok
}

type loadResult struct {
	clients  []*loadClient
	elapsed  time.Duration
	checks   int
	events   int
	p50, p99 time.Duration
}

func (r loadResult) String() string {
	sec := r.elapsed.Seconds()
	return fmt.Sprintf("%d clients, %.1f s: %d checks (%.0f/s), %d events (%.0f/s), %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms",
		len(r.clients), sec, r.checks, float64(r.checks)/sec, r.events, float64(r.events)/sec,
		float64(r.checks+r.events)/sec, float64(r.p50.Microseconds())/1000, float64(r.p99.Microseconds())/1000)
}

// runLoad runs n clients against base until d has passed or stop is
// closed.
func runLoad(base string, n int, d time.Duration, eventsOnly bool, stop <-chan struct{}) loadResult {
	tr := &http.Transport{MaxIdleConns: n * 2, MaxIdleConnsPerHost: n * 2, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	res := loadResult{}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := range n {
		c := newLoadClient(i, base, tr)
		res.clients = append(res.clients, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				select {
				case <-stop:
					return
				default:
				}
				c.step(eventsOnly)
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	var lat []time.Duration
	for _, c := range res.clients {
		res.checks += c.checks
		res.events += c.events
		lat = append(lat, c.lat...)
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		res.p50, res.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return res
}

// serialReplay rebuilds the roster from the initial snapshot and every
// event in the log, one at a time, and returns it with the log's ids.
func serialReplay(t *testing.T, dsn string) (workload.Roster, map[string]int) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first, err := db.firstSnapshot(ctx)
	if err != nil || first.Seq != 0 {
		t.Fatalf("initial snapshot: %d %v", first.Seq, err)
	}
	var r workload.Roster
	if err := json.Unmarshal([]byte(first.Roster), &r); err != nil {
		t.Fatal(err)
	}
	st, err := stateFromRoster(workload.DefaultPolicy(), r)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	want := int64(1)
	err = db.events(ctx, 0, func(e eventRow) error {
		if e.Seq != want {
			return fmt.Errorf("log has seq %d where %d was due: a gap", e.Seq, want)
		}
		want++
		ids[e.ID]++
		var ev appliedEvent
		if err := json.Unmarshal([]byte(e.Body), &ev); err != nil {
			return err
		}
		v := newView(st)
		ch, err := replay(v, ev)
		if err != nil {
			return err
		}
		st.publish([]change{ch}, e.Seq)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st.roster(), ids
}

// checkAgainstClients checks the final roster against what the clients
// were told: every acknowledged event in the log exactly once, no event
// in the log that no client sent, and every client's cases where its
// acknowledged events put them.
func checkAgainstClients(t *testing.T, r workload.Roster, ids map[string]int, clients []*loadClient) {
	t.Helper()
	sent := map[string]bool{}
	for _, c := range clients {
		for _, id := range c.sent {
			sent[id] = true
		}
		for id := range c.acked {
			if ids[id] != 1 {
				t.Errorf("acknowledged event %s is in the log %d times", id, ids[id])
			}
		}
		for _, e := range c.errs {
			t.Errorf("client %d: %s", c.n, e)
		}
	}
	for id, n := range ids {
		if !sent[id] || n != 1 {
			t.Errorf("event %s in the log %d times; sent: %v", id, n, sent[id])
		}
	}
	holder := map[string]string{}
	for _, c := range r.Cases {
		holder[c.ID] = c.Officer
	}
	for _, c := range clients {
		if len(c.unknown) > 0 {
			continue // an event without an answer: its case's fate is the log's
		}
		for cid, o := range c.held {
			if holder[cid] != o {
				t.Errorf("case %s: held by %q, the client was told %q", cid, holder[cid], o)
			}
		}
		prefix := fmt.Sprintf("L%d-", c.n)
		for cid := range holder {
			if strings.HasPrefix(cid, prefix) {
				if _, ok := c.held[cid]; !ok {
					t.Errorf("case %s is held by %s, but the client closed it or never had it acknowledged", cid, holder[cid])
				}
			}
		}
	}
}

// TestLoad runs 50 concurrent clients posting events and allocation
// checks over loopback against each database: no event is lost or
// applied twice, the final state equals a serial replay of the log and
// what the clients were told. It logs the throughput (see README.md); it
// asserts nothing about time.
func TestLoad(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		s := testService(t, config{DB: dsn, SnapshotEvery: 500})
		base := serveHandler(t, s.handler())
		res := runLoad(base, 50, loadDuration(), false, nil)
		t.Log(res)
		if res.events == 0 || res.checks == 0 {
			t.Fatalf("nothing done: %v", res)
		}
		got := s.st.roster()
		want, ids := serialReplay(t, dsn)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("live state differs from a serial replay of the log (-replay +live):\n%s", diff)
		}
		checkAgainstClients(t, got, ids, res.clients)
	})
}

// child is the service run as a real process.
type child struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
	done chan error
}

var buildOnce struct {
	sync.Once
	dir, path string
	err       error
}

// TestMain removes the directory the service binary was built into.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildOnce.dir != "" {
		os.RemoveAll(buildOnce.dir)
	}
	os.Exit(code)
}

// binary builds the service once into a temporary directory.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "allocation-service-bin")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.dir, buildOnce.path = dir, filepath.Join(dir, "allocation-service")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

// startChild runs the service binary on a loopback port and waits until
// it listens.
func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-asof", "2026-11-23"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, logs: &bytes.Buffer{}, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Bytes()
			c.logs.Write(append(line, '\n'))
			var rec struct{ Msg, Addr string }
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "listening" {
				addr <- rec.Addr
			}
		}
		c.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		c.base = "http://" + a
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the service did not start: %s", c.logs)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// TestKill9 kills the service with SIGKILL in the middle of a load of
// events, restarts it on the same database, and checks that every
// acknowledged event survived (sent again, it is answered as a replay
// with the same answer), that nothing is in the log twice, and that the
// restored state equals a serial replay of the committed events.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	forEachDB(t, func(t *testing.T, dsn string) {
		bin := binary(t)
		c1 := startChild(t, bin, "-db", dsn, "-snapshot-every", "200")
		stop := make(chan struct{})
		resc := make(chan loadResult, 1)
		go func() { resc <- runLoad(c1.base, 20, 30*time.Second, true, stop) }()
		// Kill once a good number of events is in.
		for i := 0; i < 600; i++ {
			time.Sleep(50 * time.Millisecond)
			var h healthResponse
			r, err := http.Get(c1.base + "/healthz")
			if err == nil {
				json.NewDecoder(r.Body).Decode(&h)
				r.Body.Close()
			}
			if h.Seq >= 600 {
				break
			}
		}
		if err := c1.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-c1.done
		close(stop)
		res := <-resc
		t.Logf("killed after %d acknowledged events", res.events)

		c2 := startChild(t, bin, "-db", dsn)
		acked := 0
		for _, c := range res.clients {
			c.base, c.errs = c2.base, nil
			acked += len(c.acked)
		}
		replays := 0
		for _, c := range res.clients {
			for id := range c.acked {
				if !c.resend(t, id) {
					t.Errorf("acknowledged event %s lost in the kill", id)
				} else {
					replays++
				}
			}
		}
		if replays != acked || acked == 0 {
			t.Errorf("%d of %d acknowledged events replayed", replays, acked)
		}
		c2.cmd.Process.Signal(syscall.SIGTERM)
		if err := <-c2.done; err != nil {
			t.Errorf("restarted service: %v\n%s", err, c2.logs)
		}
		want, ids := serialReplay(t, dsn)
		s := testService(t, config{DB: dsn})
		if diff := cmp.Diff(want, s.st.roster()); diff != "" {
			t.Errorf("restored state differs from a serial replay of the log (-replay +restored):\n%s", diff)
		}
		checkAgainstClients(t, want, ids, res.clients)
	})
}
