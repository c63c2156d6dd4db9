package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoopbackURL(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80", "http://127.0.0.2:9"} {
		if err := loopbackURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "https://127.0.0.1", "http://example.com", "127.0.0.1:8080", "http://0.0.0.0:80", "%zz"} {
		if loopbackURL(bad) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestQuantile(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 100; i++ {
		l = append(l, time.Duration(i))
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50}, {0.99, 99}, {1, 100}, {0, 1}} {
		if got := quantile(l, tt.q); got != tt.want {
			t.Errorf("quantile(%v) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if quantile(nil, 0.5) != 0 {
		t.Error("empty")
	}
}

// standIn is a stand-in for the service that answers checks, commits
// events and answers an event sent again with its first answer. It
// counts the checks and keeps the IDs of the events, in order.
type standIn struct {
	mu      sync.Mutex
	answers map[string]string
	events  []string
	checks  int
}

func newStandIn(t *testing.T) (*standIn, string) {
	s := &standIn{answers: map[string]string{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/v1/allocation-check":
			s.mu.Lock()
			s.checks++
			s.mu.Unlock()
			w.Write([]byte(`{"verdict":"allowed"}`))
		case "/v1/events":
			var ev struct{ ID string }
			json.Unmarshal(body, &ev)
			s.mu.Lock()
			a, seen := s.answers[ev.ID]
			if !seen {
				a = `{"id":"` + ev.ID + `","seq":` + strconv.Itoa(len(s.answers)+1) + `}`
				s.answers[ev.ID] = a
				s.events = append(s.events, ev.ID)
			}
			s.mu.Unlock()
			if seen {
				w.Header().Set("Idempotent-Replayed", "true")
			}
			w.Write([]byte(a))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// TestDrive runs two clients for a moment against the stand-in: nothing
// fails, and every kind is counted.
func TestDrive(t *testing.T) {
	_, url := newStandIn(t)
	res := drive(url, 2, 300*time.Millisecond, 4, 0, "t")
	if res.failures() != 0 {
		t.Errorf("failures: %v %v", res.fails, res.sample)
	}
	// Each client's first request is a check, and four checks come
	// before each event.
	if res.ok[kindCheck] == 0 || res.ok[kindCheck] < 4*res.ok[kindEvent] {
		t.Errorf("counted %v", res.ok)
	}
	var b strings.Builder
	res.print(&b)
	if !strings.Contains(b.String(), "durable events/s") {
		t.Errorf("report:\n%s", b.String())
	}
}

// TestDriveSplit runs one client sending only events beside two sending
// only checks: every event comes from client 0, the checks from the
// others (so they are not held to four an event), and the report says
// how the clients were split.
func TestDriveSplit(t *testing.T) {
	si, url := newStandIn(t)
	res := drive(url, 3, 300*time.Millisecond, 4, 1, "t")
	if res.failures() != 0 {
		t.Errorf("failures: %v %v", res.fails, res.sample)
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	if len(si.events) == 0 || si.checks == 0 {
		t.Fatalf("events %d, checks %d: want both", len(si.events), si.checks)
	}
	for _, id := range si.events {
		if !strings.HasPrefix(id, "lg-t-0-") {
			t.Fatalf("event %s: want only client 0 sending events", id)
		}
	}
	if res.ok[kindEvent] != len(si.events) || res.ok[kindCheck] != si.checks {
		t.Errorf("counted %v; the stand-in saw %d events and %d checks", res.ok, len(si.events), si.checks)
	}
	var b strings.Builder
	res.print(&b)
	if !strings.Contains(b.String(), "3 clients (1 sending only events, 2 only checks)") {
		t.Errorf("report:\n%s", b.String())
	}
}
