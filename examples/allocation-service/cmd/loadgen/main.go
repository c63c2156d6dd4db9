// Command loadgen drives a running allocation-service over loopback from
// its own process, so that the clients and the service do not share one
// Go runtime, and prints what it measured.
//
//	go build -o /tmp/allocation-service . && go build -o /tmp/loadgen ./cmd/loadgen
//	/tmp/allocation-service -db /tmp/lg.db -addr 127.0.0.1:8091 -asof 2026-11-23 2>/dev/null &
//	/tmp/loadgen -url http://127.0.0.1:8091 -clients 50 -duration 20s
//	kill %1
//
// Each of -clients clients (default 50) sends, in a loop, four allocation
// checks to every event (as TestLoad does), and sends one event in ten a
// second time, which must be answered as a replay with the same body.
// With -event-clients N, the clients split instead: N of them send only
// events (and their replays) and the others only checks, so that checks
// do not wait on commits, as in a case system where the people checking
// allocations are not the ones whose allocations are being committed.
// The events allocate, transfer and close cases the client itself
// created (named after the run and the client), against the demo
// roster's officers off-2 … off-36. Connections are HTTP/1.1 keep-alive,
// at least one idle connection per client.
//
// It stops by itself after -duration (default 20 s, at most 60 s), and
// only ever talks to a loopback address. It prints checks/s, durable
// events/s (events answered 200 "committed" the first time they were
// sent; the service answers only after the commit), and p50, p99 and
// max latency per kind of request. It exits 1 if any request failed or
// a replay differed from its first answer.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"
)

// maxDuration is the hard cap of -duration.
const maxDuration = 60 * time.Second

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the service's base URL (a loopback address)")
	clients := flag.Int("clients", 50, "concurrent clients")
	d := flag.Duration("duration", 20*time.Second, "how long to run (at most 60s)")
	checks := flag.Int("checks-per-event", 4, "allocation checks a client sends to every event")
	eventClients := flag.Int("event-clients", 0, "if more than 0, this many clients send only events and the others only checks (-checks-per-event is then unused)")
	run := flag.String("run", "", "prefix of event and case ids (default: from the clock, so runs against one database do not collide)")
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unexpected arguments: %v", flag.Args())
	}
	if err := loopbackURL(*base); err != nil {
		fail("-url: %v", err)
	}
	if *clients < 1 || *clients > 1000 {
		fail("-clients: want 1 to 1000")
	}
	if *d <= 0 || *d > maxDuration {
		fail("-duration: want more than 0 and at most %s", maxDuration)
	}
	if *checks < 0 || *checks > 1000 {
		fail("-checks-per-event: want 0 to 1000")
	}
	if *eventClients < 0 || *eventClients > *clients {
		fail("-event-clients: want 0 to -clients (%d)", *clients)
	}
	if *run == "" {
		*run = strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	res := drive(*base, *clients, *d, *checks, *eventClients, *run)
	res.print(os.Stdout)
	if res.failures() > 0 {
		os.Exit(1)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(2)
}

// loopbackURL accepts only http URLs whose host is a loopback IP or
// localhost.
func loopbackURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "http" {
		return errors.New("want an http:// URL")
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%q is not a loopback address: loadgen only drives a service on this machine", host)
}

// Kinds of request.
const (
	kindCheck = iota
	kindEvent
	kindReplay
	nKinds
)

var kindNames = [nKinds]string{"check", "event", "replay"}

// client is one load client; it owns the cases it creates.
type client struct {
	n      int
	run    string
	rng    *rand.Rand
	http   *http.Client
	base   string
	held   map[string]string // case → officer, as acknowledged
	cases  []string          // the keys of held, sorted (kept in step)
	seq    int
	lat    [nKinds][]time.Duration // of every answered request
	ok     [nKinds]int             // answered 200 (and, for a replay, the same body)
	fails  [nKinds]int
	sample []string // the first few failures, for the report
}

func (c *client) officer() string { return "off-" + strconv.Itoa(2+c.rng.IntN(35)) }

func (c *client) post(kind int, path string, body []byte) (int, []byte, http.Header, bool) {
	start := time.Now()
	resp, err := c.http.Post(c.base+path, "application/json", bytes.NewReader(body))
	if err != nil {
		c.failed(kind, err.Error())
		time.Sleep(50 * time.Millisecond) // no service there: do not spin
		return 0, nil, nil, false
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.failed(kind, err.Error())
		return 0, nil, nil, false
	}
	c.lat[kind] = append(c.lat[kind], time.Since(start))
	return resp.StatusCode, b, resp.Header, true
}

func (c *client) failed(kind int, msg string) {
	c.fails[kind]++
	if len(c.sample) < 3 {
		c.sample = append(c.sample, kindNames[kind]+": "+msg)
	}
}

// step sends the client's next request: an event after every
// checksPerEvent checks, or only checks when checksPerEvent is negative.
func (c *client) step(checksPerEvent int) {
	c.seq++
	if checksPerEvent < 0 || c.seq%(checksPerEvent+1) != 0 {
		body := []byte(`{"officer":"` + c.officer() + `","case":{"id":"probe","tier":"C2","type":"community","start":"2026-11-01"}}`)
		if status, b, _, ok := c.post(kindCheck, "/v1/allocation-check", body); ok && status != 200 {
			c.failed(kindCheck, fmt.Sprintf("%d %s", status, b))
		} else if ok {
			c.ok[kindCheck]++
		}
		return
	}
	id := fmt.Sprintf("lg-%s-%d-%d", c.run, c.n, c.seq)
	var ev map[string]any
	var apply func()
	switch r := c.rng.IntN(10); {
	case len(c.cases) < 3 || r < 4:
		cid := fmt.Sprintf("lgc-%s-%d-%d", c.run, c.n, c.seq)
		to := c.officer()
		ev = map[string]any{"id": id, "type": "case-allocated", "officer": to,
			"case": map[string]any{"id": cid, "tier": []string{"B2", "C1", "D2", "A3"}[c.rng.IntN(4)], "type": "community", "start": "2026-11-01"}}
		apply = func() {
			c.held[cid] = to
			i, _ := slices.BinarySearch(c.cases, cid)
			c.cases = slices.Insert(c.cases, i, cid)
		}
	case r < 8:
		cid := c.cases[c.rng.IntN(len(c.cases))]
		to := c.officer()
		for to == c.held[cid] {
			to = c.officer()
		}
		ev = map[string]any{"id": id, "type": "case-transferred", "officer": to, "case": map[string]any{"id": cid}}
		apply = func() { c.held[cid] = to }
	default:
		cid := c.cases[c.rng.IntN(len(c.cases))]
		ev = map[string]any{"id": id, "type": "case-closed", "case": map[string]any{"id": cid}}
		apply = func() {
			delete(c.held, cid)
			i, _ := slices.BinarySearch(c.cases, cid)
			c.cases = slices.Delete(c.cases, i, i+1)
		}
	}
	body, _ := json.Marshal(ev)
	status, first, _, ok := c.post(kindEvent, "/v1/events", body)
	if !ok {
		return
	}
	if status != 200 {
		c.failed(kindEvent, fmt.Sprintf("%s: %d %s", id, status, first))
		return
	}
	c.ok[kindEvent]++
	apply()
	if c.rng.IntN(10) == 0 {
		status, again, h, ok := c.post(kindReplay, "/v1/events", body)
		if ok && (status != 200 || !bytes.Equal(again, first) || h.Get("Idempotent-Replayed") != "true") {
			c.failed(kindReplay, fmt.Sprintf("%s: %d %s, first answer %s", id, status, again, first))
		} else if ok {
			c.ok[kindReplay]++
		}
	}
}

// result is what one run measured.
type result struct {
	clients int
	split   int // clients sending only events, or 0 for the mix
	elapsed time.Duration
	lat     [nKinds][]time.Duration // sorted
	ok      [nKinds]int
	fails   [nKinds]int
	sample  []string
}

func (r result) failures() int {
	n := 0
	for _, f := range r.fails {
		n += f
	}
	return n
}

// quantile returns the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) }

func (r result) print(w io.Writer) {
	sec := r.elapsed.Seconds()
	if r.split > 0 {
		fmt.Fprintf(w, "%d clients (%d sending only events, %d only checks), %.1f s\n", r.clients, r.split, r.clients-r.split, sec)
	} else {
		fmt.Fprintf(w, "%d clients, %.1f s\n", r.clients, sec)
	}
	var all []time.Duration
	for k := range nKinds {
		l := r.lat[k]
		all = append(all, l...)
		fmt.Fprintf(w, "%-7s %8d ok %8.0f/s  p50 %7s ms  p99 %7s ms  max %7s ms  failed %d\n",
			kindNames[k], r.ok[k], float64(r.ok[k])/sec, ms(quantile(l, 0.5)), ms(quantile(l, 0.99)), ms(quantile(l, 1)), r.fails[k])
	}
	slices.Sort(all)
	fmt.Fprintf(w, "%-7s %8d    %8.0f/s  p50 %7s ms  p99 %7s ms  max %7s ms\n",
		"all", len(all), float64(len(all))/sec, ms(quantile(all, 0.5)), ms(quantile(all, 0.99)), ms(quantile(all, 1)))
	fmt.Fprintf(w, "checks/s %.0f, durable events/s %.0f (first sends answered committed; replays %d more)\n",
		float64(r.ok[kindCheck])/sec, float64(r.ok[kindEvent])/sec, r.ok[kindReplay])
	for _, s := range r.sample {
		fmt.Fprintln(w, "failure:", s)
	}
}

// drive runs n clients against base for d: each sends checksPerEvent
// checks to every event, or, when eventClients is more than 0, that many
// send only events and the rest only checks.
func drive(base string, n int, d time.Duration, checksPerEvent, eventClients int, run string) result {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * n,
		MaxIdleConnsPerHost: 2 * n,
		MaxConnsPerHost:     2 * n,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cs := make([]*client, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cs {
		c := &client{n: i, run: run, rng: rand.New(rand.NewPCG(uint64(i), 7)), base: base, held: map[string]string{},
			http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
		cs[i] = c
		per := checksPerEvent
		switch {
		case eventClients > 0 && i < eventClients:
			per = 0
		case eventClients > 0:
			per = -1
		}
		wg.Go(func() {
			for ctx.Err() == nil {
				c.step(per)
			}
		})
	}
	wg.Wait()
	res := result{clients: n, split: eventClients, elapsed: time.Since(start)}
	for _, c := range cs {
		for k := range nKinds {
			res.lat[k] = append(res.lat[k], c.lat[k]...)
			res.ok[k] += c.ok[k]
			res.fails[k] += c.fails[k]
		}
		if len(res.sample) < 5 {
			res.sample = append(res.sample, c.sample...)
		}
	}
	for k := range nKinds {
		slices.Sort(res.lat[k])
	}
	return res
}
