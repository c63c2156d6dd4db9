package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// demoDate is the date of the embedded demo data.
var demoDate = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// startServer serves cfg on a loopback port with the real http.Server
// and returns its base URL. The server is shut down gracefully when the
// test ends, and must stop cleanly.
func startServer(t *testing.T, cfg config) string {
	t.Helper()
	return serveHandler(t, testService(t, cfg).handler())
}

// serveHandler serves h on a loopback port with the real http.Server and
// returns its base URL, shutting it down when the test ends.
func serveHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, newHTTPServer(h, nil), ln, 5*time.Second) }()
	t.Cleanup(func() {
		// Connections the client dialled but never used stay "new" on the
		// server, which Shutdown waits 5 seconds for: close them first.
		http.DefaultClient.CloseIdleConnections()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// testService opens a service on a new SQLite database in a temporary
// directory, unless cfg names a database; it is closed when the test ends.
func testService(t testing.TB, cfg config) *service {
	t.Helper()
	if cfg.DB == "" {
		cfg.DB = filepath.Join(t.TempDir(), "test.db")
	}
	if cfg.Today == nil {
		cfg.Today = func() time.Time { return demoDate }
	}
	s, err := newService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// reference is the demo data prepared directly with the library, to
// compare the service's answers with.
type reference struct {
	policy *workload.Policy
	data   *workload.Prepared
	m      *workload.Measurement
}

func newReference(t *testing.T) reference {
	t.Helper()
	p := workload.DefaultPolicy()
	r, err := rostercsv.Read(bytes.NewReader(demoCSV))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := p.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	return reference{policy: p, data: pr, m: pr.Measure(demoDate)}
}

func (ref reference) check(t *testing.T, officer string, a workload.Allocation) workload.Check {
	t.Helper()
	cl, ok := ref.data.Caseload(officer)
	if !ok {
		t.Fatalf("no officer %s", officer)
	}
	h, err := ref.policy.MeasureCaseload(cl, demoDate)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ref.policy.CheckAllocation(h, a, demoDate)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pick returns the first officer (by ID) whose load satisfies keep.
func (ref reference) pick(t *testing.T, what string, keep func(workload.Load) bool) workload.Load {
	t.Helper()
	for _, l := range ref.m.Loads() {
		if keep(l) {
			return l
		}
	}
	t.Fatalf("the demo data has no %s", what)
	return workload.Load{}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t testing.TB, method, url, contentType string, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func postJSON(t testing.TB, url string, v any) response {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, http.MethodPost, url, "application/json", bytes.NewReader(b))
}

// decode decodes a 200 response's body strictly into v.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	d := json.NewDecoder(bytes.NewReader(r.body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// compare options: candidates carry unexported ranking keys, and the
// service says [] where the library leaves a nil slice.
var cmpOpts = []cmp.Option{cmpopts.IgnoreUnexported(workload.Candidate{}), cmpopts.EquateEmpty()}

func codes(fs []workload.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestHealthz(t *testing.T) {
	url := startServer(t, config{})
	var got healthResponse
	do(t, http.MethodGet, url+"/healthz", "", nil).decode(t, &got)
	want := healthResponse{Status: "ok", Policy: workload.DefaultPolicy().Ref(), Data: "embedded demo data", Officers: 36, Teams: 3, Cases: 1376}
	if !strings.HasPrefix(got.Database, "sqlite ") {
		t.Errorf("database %q", got.Database)
	}
	want.Database = got.Database
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("healthz (-want +got):\n%s", diff)
	}
}

type checkBody struct {
	Officer  string        `json:"officer"`
	Case     workload.Case `json:"case"`
	CoWorked bool          `json:"coWorked,omitempty"`
	AsOf     string        `json:"asOf,omitempty"`
}

func TestAllocationCheck(t *testing.T) {
	url := startServer(t, config{})
	ref := newReference(t)
	lowest := slices.MinFunc(slices.DeleteFunc(slices.Clone(ref.m.Loads()), func(l workload.Load) bool { return l.Available.IsZero() }),
		func(a, b workload.Load) int { return a.Capacity.Cmp(b.Capacity) })
	red := ref.pick(t, "red officer", func(l workload.Load) bool { return l.Band == workload.BandRed })
	trainee := ref.pick(t, "trainee", func(l workload.Load) bool { return l.Grade == workload.PQiP })

	low := workload.Case{ID: "case-9001", Tier: "D2", Type: tier.Community, Start: demoDate.AddDate(0, 0, -7)}
	low.Risk.RoSH = risk.RoSHLow
	mid := workload.Case{ID: "case-9002", Tier: "B2", Type: tier.Community}
	high := workload.Case{ID: "case-9003", Tier: "A2", Type: tier.Licence, Release: demoDate.AddDate(0, 0, -3)}
	high.Risk.RoSH = risk.RoSHVeryHigh

	tests := []struct {
		name        string
		body        checkBody
		wantVerdict workload.Verdict
		wantCodes   []string // codes that must be among the reasons
		noCodes     []string // codes that must not be
	}{
		{name: "allowed: the least loaded officer takes a D2 case",
			body: checkBody{Officer: lowest.Officer, Case: low, AsOf: "2026-11-23"}, wantVerdict: workload.Allowed},
		{name: "refused: an officer already red",
			body: checkBody{Officer: red.Officer, Case: mid, AsOf: "2026-11-23"}, wantVerdict: workload.Refused, wantCodes: []string{workload.CodeRed}},
		{name: "refused: a trainee given an A-tier case alone",
			body: checkBody{Officer: trainee.Officer, Case: high, AsOf: "2026-11-23"}, wantVerdict: workload.Refused, wantCodes: []string{workload.CodeGradeEligibility}},
		{name: "co-worked, the trainee may hold it",
			body:      checkBody{Officer: trainee.Officer, Case: high, CoWorked: true, AsOf: "2026-11-23"},
			wantCodes: []string{workload.CodeCoWorked}, noCodes: []string{workload.CodeGradeEligibility}},
		{name: "a case already held changes nothing",
			body:      checkBody{Officer: lowest.Officer, Case: mustCaseload(t, ref, lowest.Officer).Cases[0], AsOf: "2026-11-23"},
			wantCodes: []string{workload.CodeAlreadyHeld}},
		{name: "without asOf, today (the configured date) is used",
			body: checkBody{Officer: lowest.Officer, Case: low}, wantVerdict: workload.Allowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got workload.Check
			r := postJSON(t, url+"/v1/allocation-check", tt.body)
			r.decode(t, &got)
			var raw struct {
				Reasons json.RawMessage `json:"reasons"`
			}
			if err := json.Unmarshal(r.body, &raw); err != nil || len(got.Reasons) == 0 && string(raw.Reasons) != "[]" {
				t.Errorf("no reasons, but not as []: %s", r.body)
			}
			want := ref.check(t, tt.body.Officer, workload.Allocation{Case: tt.body.Case, CoWorked: tt.body.CoWorked})
			if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
				t.Errorf("check differs from the library's (-want +got):\n%s", diff)
			}
			if tt.wantVerdict != workload.VerdictUnknown && got.Verdict != tt.wantVerdict {
				t.Errorf("verdict %v, want %v: %v", got.Verdict, tt.wantVerdict, got)
			}
			for _, c := range tt.wantCodes {
				if !slices.Contains(codes(got.Reasons), c) {
					t.Errorf("reasons %v lack %q", codes(got.Reasons), c)
				}
			}
			for _, c := range tt.noCodes {
				if slices.Contains(codes(got.Reasons), c) {
					t.Errorf("reasons %v hold %q", codes(got.Reasons), c)
				}
			}
			// After is what measuring the caseload with the case added
			// gives (unless the case is already held).
			if !got.Held {
				cl := mustCaseload(t, ref, tt.body.Officer)
				c := tt.body.Case
				c.Officer = tt.body.Officer
				cl.Cases = append(cl.Cases, c)
				after, err := ref.policy.Measure(cl, demoDate)
				if err != nil {
					t.Fatal(err)
				}
				if !got.After.Capacity.Equal(after.Capacity) || got.After.Band != after.Band || !got.After.Points.Equal(after.Points) {
					t.Errorf("after %s%% %v %s points, want %s%% %v %s points", got.After.Capacity, got.After.Band, got.After.Points,
						after.Capacity, after.Band, after.Points)
				}
			}
		})
	}
}

func mustCaseload(t *testing.T, ref reference, officer string) workload.Caseload {
	t.Helper()
	cl, ok := ref.data.Caseload(officer)
	if !ok {
		t.Fatalf("no officer %s", officer)
	}
	return cl
}

func TestRecommendations(t *testing.T) {
	url := startServer(t, config{})
	ref := newReference(t)
	cs := workload.Case{ID: "case-9004", Tier: "B2", Type: tier.Community}
	cs.Risk.RoSH = risk.RoSHHigh
	for _, team := range []string{"team-1", "team-2", "team-3"} {
		t.Run(team, func(t *testing.T) {
			var got workload.Recommendation
			postJSON(t, url+"/v1/recommendations", map[string]any{"team": team, "case": cs, "asOf": "2026-11-23"}).decode(t, &got)

			tm, err := ref.policy.MeasureTeam(ref.data.TeamCaseloads(team), demoDate)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ref.policy.Recommend(tm, workload.Allocation{Case: cs}, demoDate)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
				t.Errorf("recommendation differs from the library's (-want +got):\n%s", diff)
			}
			best, ok := want.Best()
			if !ok {
				// No officer may take it (PSOs may not hold high-RoSH cases).
				if len(got.Eligible) != 0 {
					t.Fatalf("eligible %v, want none", got.Eligible)
				}
			} else if len(got.Eligible) == 0 || got.Eligible[0].Officer != best.Officer {
				t.Fatalf("first candidate %v, want %s", got.Eligible, best.Officer)
			}
			if n := len(got.Eligible) + len(got.Ineligible); n != len(tm.Members) {
				t.Errorf("%d candidates, want every one of the %d officers", n, len(tm.Members))
			}
			for i, c := range got.Eligible {
				if c.Rank != i+1 || c.Check.Verdict == workload.Refused {
					t.Errorf("eligible[%d] = %s rank %d %v", i, c.Officer, c.Rank, c.Check.Verdict)
				}
				if i > 0 {
					prev := got.Eligible[i-1]
					if prev.Warnings > c.Warnings || (prev.Warnings == c.Warnings && prev.Check.After.Capacity.GreaterThan(c.Check.After.Capacity)) {
						t.Errorf("eligible[%d] %s ranked after %s", i, c.Officer, prev.Officer)
					}
				}
			}
			for _, c := range got.Ineligible {
				if c.Rank != 0 || c.Check.Verdict != workload.Refused {
					t.Errorf("ineligible %s rank %d %v", c.Officer, c.Rank, c.Check.Verdict)
				}
			}
		})
	}
}

func TestTeamSummary(t *testing.T) {
	url := startServer(t, config{})
	ref := newReference(t)
	for _, tt := range []struct {
		name, query string
		lines       bool
	}{
		{"asOf given", "?asOf=2026-11-23", false},
		{"asOf defaults to today", "", false},
		{"with lines", "?asOf=2026-11-23&lines=true", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got teamSummaryResponse
			do(t, http.MethodGet, url+"/v1/teams/team-2/summary"+tt.query, "", nil).decode(t, &got)
			want, _ := ref.m.TeamSummary("team-2")
			if diff := cmp.Diff(want, got.Summary, cmpOpts...); diff != "" {
				t.Errorf("summary differs from the bulk measurement's (-want +got):\n%s", diff)
			}
			if len(got.Officers) != want.Officers {
				t.Fatalf("%d officers, want %d", len(got.Officers), want.Officers)
			}
			for _, l := range got.Officers {
				w, ok := ref.m.Load(l.Officer)
				if !ok || w.Team != "team-2" {
					t.Fatalf("officer %s is not in team-2", l.Officer)
				}
				if !l.Capacity.Equal(w.Capacity) || !l.Points.Equal(w.Points) || l.Band != w.Band || l.Cases != w.Cases {
					t.Errorf("%s: %s%% %v, want %s%% %v", l.Officer, l.Capacity, l.Band, w.Capacity, w.Band)
				}
				if hasLines := len(l.Lines) > 0; hasLines != (tt.lines && l.Cases > 0) {
					t.Errorf("%s: %d lines with lines=%v", l.Officer, len(l.Lines), tt.lines)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	url := startServer(t, config{})
	const json = "application/json"
	valid := `{"officer":"off-2","case":{"id":"c-1","tier":"D2","type":"community"},"asOf":"2026-11-23"}`
	tests := []struct {
		name, method, path, contentType, body string
		wantStatus                            int
		wantCode                              string
		wantAllow                             string
		wantDetail                            string // a substring of one of the details
	}{
		{name: "unknown field", body: `{"officer":"off-2","case":{"id":"c-1","tier":"D2","type":"community"},"priority":1}`,
			wantStatus: 400, wantCode: "bad-json"},
		{name: "unknown field inside the case", body: `{"officer":"off-2","case":{"id":"c-1","tier":"D2","type":"community","colour":"red"}}`,
			wantStatus: 400, wantCode: "bad-json"},
		{name: "trailing document", body: valid + ` {"officer":"off-3"}`, wantStatus: 400, wantCode: "bad-json"},
		{name: "trailing garbage", body: valid + `x`, wantStatus: 400, wantCode: "bad-json"},
		{name: "trailing whitespace is fine, unknown officer is not", body: strings.Replace(valid, "off-2", "off-404", 1) + "\n\t ",
			wantStatus: 404, wantCode: "not-found"},
		{name: "malformed", body: `{"officer":`, wantStatus: 400, wantCode: "bad-json"},
		{name: "empty body", body: ``, wantStatus: 400, wantCode: "bad-json"},
		{name: "wrong JSON type", body: `{"officer":["off-2"]}`, wantStatus: 400, wantCode: "bad-json"},
		{name: "an array, not an object", body: `[]`, wantStatus: 400, wantCode: "bad-json"},
		{name: "body over the limit", body: `{"officer":"off-2","case":{"id":"` + strings.Repeat("x", defaultMaxBody) + `"}}`,
			wantStatus: 413, wantCode: "body-too-large"},
		{name: "padding over the limit after the document", body: valid + strings.Repeat(" ", defaultMaxBody),
			wantStatus: 413, wantCode: "body-too-large"},
		{name: "GET on a POST route", method: "GET", path: "/v1/allocation-check", contentType: "-",
			wantStatus: 405, wantCode: "method-not-allowed", wantAllow: "POST"},
		{name: "PUT on recommendations", method: "PUT", path: "/v1/recommendations", body: valid,
			wantStatus: 405, wantCode: "method-not-allowed", wantAllow: "POST"},
		{name: "POST on a GET route", method: "POST", path: "/v1/teams/team-1/summary", body: valid,
			wantStatus: 405, wantCode: "method-not-allowed", wantAllow: "GET, HEAD"},
		{name: "wrong content type", contentType: "text/plain", body: valid, wantStatus: 415, wantCode: "unsupported-media-type"},
		{name: "no content type", contentType: "-", body: valid, wantStatus: 415, wantCode: "unsupported-media-type"},
		{name: "another charset", contentType: "application/json; charset=latin1", body: valid, wantStatus: 415, wantCode: "unsupported-media-type"},
		{name: "unknown officer", body: strings.Replace(valid, "off-2", "off-404", 1), wantStatus: 404, wantCode: "not-found"},
		{name: "unknown team", path: "/v1/recommendations", body: `{"team":"team-404","case":{"id":"c-1","tier":"D2","type":"community"}}`,
			wantStatus: 404, wantCode: "not-found"},
		{name: "unknown team summary", method: "GET", path: "/v1/teams/team-404/summary", contentType: "-",
			wantStatus: 404, wantCode: "not-found"},
		{name: "unknown route", method: "GET", path: "/v1/officers", contentType: "-", wantStatus: 404, wantCode: "not-found"},
		{name: "bad tier", body: strings.Replace(valid, "D2", "E9", 1), wantStatus: 422, wantCode: "invalid-input",
			wantDetail: `case.tier "E9": unknown tier`},
		{name: "bad tier in recommendations", path: "/v1/recommendations", body: `{"team":"team-1","case":{"id":"c-1","tier":"E9","type":"community"}}`,
			wantStatus: 422, wantCode: "invalid-input", wantDetail: `case.tier "E9"`},
		{name: "malformed tier name", body: strings.Replace(valid, "D2", "D 2", 1), wantStatus: 422, wantCode: "invalid-input",
			wantDetail: `"D 2"`},
		{name: "unknown case type", body: strings.Replace(valid, "community", "bicycle", 1), wantStatus: 422, wantCode: "invalid-input"},
		{name: "every problem with the case", body: `{"officer":"off-2","case":{"id":"","tier":"E9","type":"community","risk":{"complexity":11}}}`,
			wantStatus: 422, wantCode: "invalid-input", wantDetail: "case.risk.complexity"},
		{name: "missing case", body: `{"officer":"off-2"}`, wantStatus: 422, wantCode: "invalid-input", wantDetail: "case: missing"},
		{name: "missing team", path: "/v1/recommendations", body: `{"case":{"id":"c-1","tier":"D2","type":"community"}}`,
			wantStatus: 422, wantCode: "invalid-input", wantDetail: "team: missing"},
		{name: "bad asOf", body: strings.Replace(valid, "2026-11-23", "23/11/2026", 1), wantStatus: 422, wantCode: "invalid-input"},
		{name: "asOf out of range", body: strings.Replace(valid, "2026-11-23", "9999-01-01", 1), wantStatus: 422, wantCode: "invalid-input"},
		{name: "case date neither a date nor RFC 3339", body: `{"officer":"off-2","case":{"id":"c-1","tier":"D2","type":"community","start":"01/01/2026"}}`,
			wantStatus: 422, wantCode: "invalid-input", wantDetail: `case.start "01/01/2026"`},
		{name: "bad asOf query", method: "GET", path: "/v1/teams/team-1/summary?asOf=tomorrow", contentType: "-",
			wantStatus: 400, wantCode: "bad-query"},
		{name: "unknown query parameter", method: "GET", path: "/v1/teams/team-1/summary?team=team-2", contentType: "-",
			wantStatus: 400, wantCode: "bad-query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, path, ct := tt.method, tt.path, tt.contentType
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = "/v1/allocation-check"
			}
			switch ct {
			case "":
				ct = json
			case "-":
				ct = ""
			}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			r := do(t, method, url+path, ct, body)
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if got := r.header.Get("Content-Type"); got != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", got)
			}
			if got := r.header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow %q, want %q", got, tt.wantAllow)
			}
			var e errorBody
			d := jsonDecoder(r.body)
			if err := d.Decode(&e); err != nil {
				t.Fatalf("error body %s: %v", r.body, err)
			}
			if e.Error.Code != tt.wantCode || e.Error.Message == "" {
				t.Errorf("error %+v, want code %q and a message", e.Error, tt.wantCode)
			}
			if tt.wantDetail != "" && !slices.ContainsFunc(e.Error.Details, func(d string) bool { return strings.Contains(d, tt.wantDetail) }) {
				t.Errorf("details %q lack %q", e.Error.Details, tt.wantDetail)
			}
		})
	}
}

func jsonDecoder(b []byte) *json.Decoder {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d
}

// TestConcurrent checks that one loaded service answers many requests at
// once consistently (run with -race).
func TestConcurrent(t *testing.T) {
	url := startServer(t, config{})
	body := checkBody{Officer: "off-5", Case: workload.Case{ID: "case-9005", Tier: "C2", Type: tier.Licence}, AsOf: "2026-11-23"}
	first := postJSON(t, url+"/v1/allocation-check", body)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var r response
			if i%2 == 0 {
				r = postJSON(t, url+"/v1/allocation-check", body)
			} else {
				r = do(t, http.MethodGet, url+"/v1/teams/team-1/summary", "", nil)
			}
			if r.status != http.StatusOK {
				errs <- fmt.Errorf("request %d: status %d", i, r.status)
			} else if i%2 == 0 && !bytes.Equal(r.body, first.body) {
				errs <- fmt.Errorf("request %d: a different answer", i)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestDataAndPolicyFiles serves a CSV export and a policy file instead of
// the embedded defaults.
func TestDataAndPolicyFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "export.csv")
	csv := "officer,team,grade,hours,case,tier,type\n" +
		"o-1,north,PO,37,c-1,B2,community\n" +
		"o-2,north,PQiP,37,,,\n"
	if err := os.WriteFile(data, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	pc := workload.DefaultConfig()
	pc.Name, pc.Version = "local", "1"
	pc.RawCountCeiling = 1
	p, err := workload.NewPolicy(pc)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	policy := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(policy, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	url := startServer(t, config{DataFile: data, PolicyFile: policy})

	var h healthResponse
	do(t, http.MethodGet, url+"/healthz", "", nil).decode(t, &h)
	if h.Policy != p.Ref() || h.Data != data || h.Officers != 2 || h.Teams != 1 || h.Cases != 1 {
		t.Errorf("healthz %+v", h)
	}
	var c workload.Check
	postJSON(t, url+"/v1/allocation-check", checkBody{Officer: "o-1", Case: workload.Case{ID: "c-2", Tier: "D1", Type: tier.Community}}).decode(t, &c)
	if c.Policy != p.Ref() || !slices.Contains(codes(c.Reasons), workload.CodeRawCount) {
		t.Errorf("check under the local policy: %v", c)
	}
}

func TestNewServerErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name string
		cfg  config
		want string
	}{
		{"missing data file", config{DataFile: filepath.Join(dir, "none.csv")}, "none.csv"},
		{"bad CSV", config{DataFile: write("bad.csv", "officer,team,grade,hours,case,tier,type\no-1,north,XX,37,c-1,B2,community\n")}, "grade"},
		{"unknown tier in the data", config{DataFile: write("tier.csv", "officer,team,grade,hours,case,tier,type\no-1,north,PO,37,c-1,E9,community\n")}, "E9"},
		{"bad policy", config{PolicyFile: write("policy.json", `{"name":"x","surprise":1}`)}, "surprise"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.DB = filepath.Join(t.TempDir(), "test.db")
			s, err := newService(tt.cfg)
			if err == nil {
				s.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("newServer: %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}

// TestShutdownWaitsForRequests checks that serve lets a request in flight
// finish before it returns.
func TestShutdownWaitsForRequests(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, newHTTPServer(h, nil), ln, 5*time.Second) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if s := <-got; s != "done" {
		t.Errorf("in-flight request got %q", s)
	}
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// FuzzAllocationCheckBody feeds arbitrary bodies to the allocation check:
// the handler never panics and always answers one of the documented
// statuses, in JSON, with the code that goes with it.
func FuzzAllocationCheckBody(f *testing.F) {
	for _, s := range []string{
		`{"officer":"off-9","case":{"id":"c-1","tier":"D2","type":"community","start":"2026-11-16T00:00:00Z","risk":{"rosh":"low"}},"asOf":"2026-11-23"}`,
		`{"officer":"off-11","case":{"id":"c-1","tier":"A2","type":"licence","risk":{"rosh":"very-high","mappa":"2","flags":["domestic-abuse"]}},"coWorked":true}`,
		`{"officer":"off-2","case":{"id":"case-0001","tier":"D3","type":"community"}}`,
		`{"officer":"off-404","case":{"id":"c","tier":"B2","type":"custody"}}`,
		`{"officer":"off-2","case":{"id":"c","tier":"E9","type":"community","inactive":"warrant","risk":{"complexity":-1}}}`,
		`{"officer":"off-2","case":{"id":"c","tier":"B2","type":"community","end":"1800-01-01T00:00:00Z"}}`,
		`{"officer":"off-2","case":{"id":"c","tier":"B2","type":"community"}} {}`,
		`{"officer":"off-2","x":1}`,
		`{"asOf":"0000-00-00"}`,
		`{"officer":1e999}`,
		`[`, `null`, ``, `"`, `{"officer":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	h := testService(f, config{MaxBody: 4 << 10}).handler()
	codeOf := map[int]string{400: codeBadJSON, 404: codeNotFound, 413: codeBodyTooLarge, 422: codeInvalidInput}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/v1/allocation-check", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && codeOf[rec.Code] == "" {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d with a body that is not JSON: %q", rec.Code, rec.Body)
		}
		if rec.Code == http.StatusOK {
			var c workload.Check
			if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || c.Verdict == workload.VerdictUnknown {
				t.Fatalf("200 with %s: %v", rec.Body, err)
			}
			return
		}
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != codeOf[rec.Code] || e.Error.Message == "" {
			t.Fatalf("status %d with error %s", rec.Code, rec.Body)
		}
	})
}
