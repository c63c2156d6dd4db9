package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openprobation/caseload/workload"
)

// leaks lists what an error message must never show: Go type names,
// socket addresses, internals.
var leaks = []string{"main.", "workload.", "json:", "127.0.0.1", "i/o timeout", "tcp", "*", "Go value"}

func checkNoLeaks(t *testing.T, what string, body []byte) {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("%s: not an error body: %s", what, body)
	}
	msgs := append([]string{e.Error.Message}, e.Error.Details...)
	for _, m := range msgs {
		for _, l := range leaks {
			if strings.Contains(m, l) {
				t.Errorf("%s: message %q shows %q", what, m, l)
			}
		}
	}
}

// TestStrictInput refuses what a lenient parser would quietly change: a
// query with a semicolon or a bad escape, invalid UTF-8, an escaped lone
// surrogate (which the JSON decoder turns into U+FFFD), and reports every
// problem of a request at once, with no Go type names.
func TestStrictInput(t *testing.T) {
	base := startServer(t, config{})
	for _, tt := range []struct {
		name, path string
		status     int
		code       string
	}{
		{"semicolon", "/v1/teams/team-1/summary?asOf=2020-01-01;x=1", 400, codeBadQuery},
		{"bad escape", "/v1/teams/team-1/summary?asOf=%zz", 400, codeBadQuery},
		{"officer semicolon", "/v1/officers/off-2?asOf=2020-01-01;x=1", 400, codeBadQuery},
		{"officer bad escape", "/v1/officers/off-2?lines=%zz", 400, codeBadQuery},
		{"empty date", "/v1/officers/off-2?asOf=", 400, codeBadQuery},
		{"invalid UTF-8 in a query value", "/v1/officers/off-2?asOf=%ff", 400, codeBadQuery},
		{"limit out of range", "/v1/officers/off-2?lines=true&limit=100000", 400, codeBadQuery},
		{"RFC 3339 date in a query", "/v1/teams/team-1/summary?asOf=2026-11-23T23:30:00-05:00", 200, ""},
		{"history date", "/v1/teams/team-1/history?from=nope", 400, codeBadQuery},
	} {
		r := do(t, http.MethodGet, base+tt.path, "", nil)
		if r.status != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.name, r.status, tt.status, r.body)
			continue
		}
		if tt.code != "" {
			var eb errorBody
			if err := json.Unmarshal(r.body, &eb); err != nil || eb.Error.Code != tt.code {
				t.Errorf("%s: %s, want code %s", tt.name, r.body, tt.code)
			}
			checkNoLeaks(t, tt.name, r.body)
		}
	}
	for _, tt := range []struct {
		name, body string
		status     int
		detail     string
	}{
		{"invalid UTF-8", "{\"officer\":\"off-\xff\",\"case\":{\"id\":\"c\",\"tier\":\"D2\",\"type\":\"community\"}}", 400, ""},
		{"escaped lone surrogate", `{"officer":"off-2","case":{"id":"c-\ud800","tier":"D2","type":"community"}}`, 422, `not valid UTF-8`},
		{"trailing space in an id", `{"officer":"off-2 ","case":{"id":"c","tier":"D2","type":"community"}}`, 422, `leading or trailing space`},
		{"a wrong type for a date", `{"officer":"off-2","asOf":5,"case":{"id":"c","tier":"D2","type":"community"}}`, 400, ""},
		{"a wrong type for a case", `{"officer":"off-2","case":[]}`, 400, ""},
		{"every problem at once", `{"officer":"off-2","asOf":"2026-02-30","case":{"id":"","tier":"E9","type":"bike","start":"yesterday","risk":{"complexity":11}}}`, 422, ""},
		{"a key matching only by case", `{"Officer":"off-2","case":{"id":"c","tier":"D2","type":"community"}}`, 400, `key \"Officer\" is not \"officer\"`},
		{"a key matching only by Unicode folding", `{"officer":"off-2","case":{"id":"c","tier":"D2","type":"community","risk":{"rosh":"very-high","roſh":"low"}}}`, 400, `case.risk.roſh`},
		{"a key given twice", `{"officer":"off-2","officer":"off-3","case":{"id":"c","tier":"D2","type":"community"}}`, 400, `given twice`},
		{"a key given twice inside a value", `{"officer":"off-2","case":{"id":"c","tier":"D2","type":"community","risk":{"flags":["iom"],"flags":[]}}}`, 400, `given twice`},
		{"a case in another form of date", `{"officer":"off-2","asOf":"2026-11-23T08:00:00Z","case":{"id":"c","tier":"D2","type":"community","start":"2026-11-01","release":"2026-11-02T10:00:00+02:00"}}`, 200, ""},
	} {
		r := postJSONRaw(t, base+"/v1/allocation-check", tt.body)
		if r.status != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.name, r.status, tt.status, r.body)
			continue
		}
		if r.status != 200 {
			checkNoLeaks(t, tt.name, r.body)
		}
		if tt.detail != "" && !strings.Contains(string(r.body), tt.detail) {
			t.Errorf("%s: %s lacks %q", tt.name, r.body, tt.detail)
		}
		if tt.name == "every problem at once" {
			var e errorBody
			json.Unmarshal(r.body, &e)
			for _, want := range []string{"asOf \"2026-02-30\"", "case.id: missing", "case.tier \"E9\"", "case.type \"bike\"", "case.start \"yesterday\"", "case.risk.complexity"} {
				if !strings.Contains(strings.Join(e.Error.Details, "\n"), want) {
					t.Errorf("every problem at once: %q lacks %q", e.Error.Details, want)
				}
			}
		}
	}
}

func postJSONRaw(t testing.TB, url, body string) response {
	return do(t, http.MethodPost, url, "application/json", strings.NewReader(body))
}

// TestBodyTimeout answers a body that stops arriving with 408, without
// socket addresses or internals, and closes the connection.
func TestBodyTimeout(t *testing.T) {
	base := startServer(t, config{BodyTimeout: 200 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST /v1/allocation-check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"officer\":")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), codeBodyTimeout) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	checkNoLeaks(t, "408", body)
}

// TestConcurrencyCap answers 503 with Retry-After past the cap, and
// serves again once a slot is free; probes are never refused.
func TestConcurrencyCap(t *testing.T) {
	// The held request's body may take a minute, so that however slow
	// the machine, it keeps the slot until the test lets it go.
	svc := testService(t, config{MaxConcurrent: 1, BodyTimeout: time.Minute})
	base := serveHandler(t, svc.handler())
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A request whose body is still coming holds the one slot: wait until
	// the service has given it the slot, rather than guessing how long
	// that takes.
	io.WriteString(conn, "POST /v1/allocation-check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
	for wait := time.Now().Add(30 * time.Second); len(svc.sem) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(wait) {
			t.Fatal("the held request never took the slot")
		}
	}
	r := do(t, http.MethodGet, base+"/v1/officers/off-2", "", nil)
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), codeOverloaded) {
		t.Fatalf("past the cap: %d %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if h := do(t, http.MethodGet, base+"/healthz", "", nil); h.status != 200 {
		t.Errorf("healthz past the cap: %d", h.status)
	}
	conn.Close()
	for range 200 {
		r = do(t, http.MethodGet, base+"/v1/officers/off-2", "", nil)
		if r.status == http.StatusOK {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("after the slot was freed: %d", r.status)
}

// TestAuth requires the bearer token on /v1 routes, not on probes.
func TestAuth(t *testing.T) {
	const token = "s3cret-token-for-tests"
	base := startServer(t, config{Token: token})
	get := func(path, auth string) int {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tt := range []struct {
		path, auth string
		want       int
	}{
		{"/v1/officers/off-2", "", 401},
		{"/v1/officers/off-2", "Bearer wrong", 401},
		{"/v1/officers/off-2", "Bearer " + token + "x", 401},
		{"/v1/officers/off-2", "Basic " + token, 401},
		{"/v1/officers/off-2", "Bearer " + token, 200},
		{"/healthz", "", 200},
		{"/readyz", "", 200},
		{"/openapi.json", "", 200},
	} {
		if got := get(tt.path, tt.auth); got != tt.want {
			t.Errorf("%s with %q: %d, want %d", tt.path, tt.auth, got, tt.want)
		}
	}
}

func TestCheckBind(t *testing.T) {
	for _, tt := range []struct {
		addr        string
		token, open bool
		ok          bool
	}{
		{"127.0.0.1:8080", false, false, true},
		{"localhost:8080", false, false, true},
		{"[::1]:8080", false, false, true},
		{":8080", false, false, false},
		{"0.0.0.0:8080", false, false, false},
		{"0.0.0.0:8080", true, false, true},
		{"0.0.0.0:8080", false, true, true},
	} {
		if err := checkBind(tt.addr, tt.token, tt.open); (err == nil) != tt.ok {
			t.Errorf("checkBind(%q, token %v, allow %v): %v", tt.addr, tt.token, tt.open, err)
		}
	}
}

// TestBOMQuotedHeader starts from a CSV export that begins with a
// byte-order mark and a quoted header, as spreadsheet programs write.
func TestBOMQuotedHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "export.csv")
	csv := "\uFEFF\"officer\",\"team\",\"grade\",\"hours\",\"case\",\"tier\",\"type\"\r\n\"o-1\",\"north\",\"PO\",\"37\",\"c-1\",\"B2\",\"community\"\r\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	base := startServer(t, config{DataFile: p})
	// B2 community weighs 115 of 2,176 available points.
	o := getOfficer(t, base, "o-1")
	if o.Cases != 1 || !o.Points.Equal(decimalOf("115")) || !o.Available.Equal(decimalOf("2176")) {
		t.Errorf("o-1: %+v", o)
	}
}

// TestOfficerLines pages per-case lines.
func TestOfficerLines(t *testing.T) {
	base := startServer(t, config{})
	first := getOfficer(t, base, "off-9") // 39 cases in the demo data
	if first.Lines != nil || first.Cases != 39 {
		t.Fatalf("off-9 without lines: %d cases, %d lines", first.Cases, len(first.Lines))
	}
	var ids []string
	off := 0
	for page := 0; page < 20; page++ {
		var o officerResponse
		do(t, http.MethodGet, base+"/v1/officers/off-9?lines=true&limit=10&offset="+itoa(off), "", nil).decode(t, &o)
		if o.LinesTotal != 39 || len(o.Lines) > 10 {
			t.Fatalf("page at %d: total %d, %d lines", off, o.LinesTotal, len(o.Lines))
		}
		for _, l := range o.Lines {
			ids = append(ids, l.ID)
		}
		if o.NextOffset == nil {
			break
		}
		off = *o.NextOffset
	}
	if len(ids) != 39 {
		t.Errorf("%d lines over all pages, want 39", len(ids))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRequestIDs echoes a client's plain request ID, makes one up
// otherwise, and logs it with the request.
func TestRequestIDs(t *testing.T) {
	var buf syncBuffer
	base := startServer(t, config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/officers/off-2", nil)
	req.Header.Set("X-Request-ID", "case-system-42")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-ID"); got != "case-system-42" {
		t.Errorf("echoed %q", got)
	}
	req.Header.Set("X-Request-ID", "bad id\x01")
	resp, err = http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		got := resp.Header.Get("X-Request-ID")
		if !plainID(got) || got == "case-system-42" {
			t.Errorf("generated %q", got)
		}
		// Another request, another ID.
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if again := resp.Header.Get("X-Request-ID"); again == got || !plainID(again) {
				t.Errorf("generated %q, then %q", got, again)
			}
		}
	}
	if !strings.Contains(buf.String(), `"request_id":"case-system-42"`) {
		t.Errorf("logs lack the request ID:\n%s", buf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestReadyz answers 200 while the database answers and 503 once it is
// closed.
func TestReadyz(t *testing.T) {
	s := testService(t, config{})
	base := serveHandler(t, s.handler())
	if r := do(t, http.MethodGet, base+"/readyz", "", nil); r.status != 200 {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	s.db.r.Close()
	if r := do(t, http.MethodGet, base+"/readyz", "", nil); r.status != 503 || !strings.Contains(string(r.body), codeUnavailable) {
		t.Errorf("readyz with the database closed: %d %s", r.status, r.body)
	}
}

// TestAbusiveConnections holds many idle keep-alive connections open
// against a service capped at 32 connections, and checks that real
// requests are still served and the cap holds. Bounded: 300 abusive
// connections, 200 real requests, 127.0.0.1 only.
func TestAbusiveConnections(t *testing.T) {
	s := testService(t, config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cc := newConnCap(ln, 32)
	srv := newHTTPServer(s.handler(), nil)
	srv.ConnState = cc.track
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, srv, cc, 2*time.Second) }()
	defer func() {
		cancel()
		<-done
	}()
	addr := ln.Addr().String()

	var abusive []net.Conn
	defer func() {
		for _, c := range abusive {
			c.Close()
		}
	}()
	abuseDone := make(chan struct{})
	go func() {
		defer close(abuseDone)
		for i := 0; i < 300; i++ {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				continue
			}
			abusive = append(abusive, c)
			// One request, then hold the connection idle.
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	served, maxOpen, tried := 0, 0, 0
	finished := false
	for tried < 2000 && (tried < 200 || !finished) {
		select {
		case <-abuseDone:
			finished = true
		default:
		}
		tried++
		resp, err := client.Get("http://" + addr + "/v1/officers/off-2")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				served++
			}
		}
		maxOpen = max(maxOpen, cc.open())
	}
	<-abuseDone
	if served < tried*95/100 {
		t.Errorf("%d of %d real requests served while abusive connections were held", served, tried)
	}
	if maxOpen > 32 {
		t.Errorf("%d connections open, over the cap of 32", maxOpen)
	}
	t.Logf("%d of %d served; %d abusive connections opened; at most %d open", served, tried, len(abusive), maxOpen)
}

var _ = workload.Allowed
