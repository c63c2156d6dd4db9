package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

//go:embed demo.csv
var demoCSV []byte

// defaultMaxBody bounds request bodies: a case is well under 2 KiB.
const defaultMaxBody = 64 << 10

// Defaults of the limits that keep the service standing under abuse.
const (
	defaultMaxConcurrent = 256              // requests handled at once; past it 503
	defaultMaxConns      = 1024             // open connections; past it the oldest idle go
	defaultBodyTimeout   = 10 * time.Second // to receive a request body; past it 408
	defaultSnapshotEvery = 1000             // events between roster snapshots
	maxLinesPage         = 500              // per-case lines in one page
	maxTeamLines         = 20000            // per-case lines in one team summary
)

// Stable error codes, the "code" of every error response.
const (
	codeBadJSON          = "bad-json"               // 400: malformed JSON, unknown field, wrong JSON type, trailing data, invalid UTF-8
	codeBadQuery         = "bad-query"              // 400: a bad or unknown query parameter
	codeUnauthorized     = "unauthorized"           // 401: no or a wrong bearer token
	codeNotFound         = "not-found"              // 404: no such route, officer or team
	codeMethodNotAllowed = "method-not-allowed"     // 405: the route exists for other methods (see Allow)
	codeBodyTimeout      = "body-timeout"           // 408: the body did not arrive in time
	codeConflict         = "conflict"               // 409: the event does not fit the state (a case already held, a case no one holds)
	codeIDReused         = "id-reused"              // 409: an event id already used for another event
	codeBodyTooLarge     = "body-too-large"         // 413: the body is over the limit
	codeUnsupportedMedia = "unsupported-media-type" // 415: the body is not application/json
	codeInvalidInput     = "invalid-input"          // 422: well-formed JSON whose values the library rejects
	codeInternal         = "internal"               // 500: a bug or a data problem on our side
	codeOverloaded       = "overloaded"             // 503: too many requests at once (see Retry-After)
	codeUnavailable      = "unavailable"            // 503: the database does not answer
)

// CodeHeldElsewhere is the finding of an allocation check for a case
// another officer already holds: allocating it is a transfer.
const CodeHeldElsewhere = "held-by-another-officer"

// config is what newService needs. The zero value (with DB set) serves the
// embedded demo data under the default policy, judging requests without a
// date at today's date.
type config struct {
	// DB is an SQLite file name or a postgres:// URL.
	DB string
	// DataFile is a caseload CSV export (see rostercsv.Columns) that a
	// new database starts from; empty means the embedded demo data. A
	// database that already holds a roster ignores it.
	DataFile string
	// PolicyFile is a policy JSON document; empty means
	// workload.DefaultPolicy.
	PolicyFile string
	// MaxBody bounds request bodies in bytes; 0 means defaultMaxBody.
	MaxBody int64
	// MaxConcurrent bounds the requests handled at once; 0 means
	// defaultMaxConcurrent.
	MaxConcurrent int
	// BodyTimeout bounds the time to receive a body; 0 means
	// defaultBodyTimeout.
	BodyTimeout time.Duration
	// SnapshotEvery is the number of events between snapshots; 0 means
	// defaultSnapshotEvery.
	SnapshotEvery int64
	// Token, when set, is the bearer token every /v1 request must carry.
	Token string
	// Today returns the date requests without asOf are judged at; nil
	// means the server clock's date.
	Today func() time.Time
	// Logger receives one line per request and every internal error; nil
	// discards them.
	Logger *slog.Logger
}

// service holds the policy, the live state and the database. Requests
// read the state; one writer goroutine changes it (see writer).
type service struct {
	policy  *workload.Policy
	st      *state
	db      *store
	source  string
	maxBody int64
	bodyTO  time.Duration
	token   [sha256.Size]byte
	auth    bool
	sem     chan struct{}
	today   func() time.Time
	log     *slog.Logger

	queue      chan *pending
	stopped    chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once

	// seen is written by the writer goroutine only (and start-up before
	// it runs), under seenMu; handlers read it under the read lock to
	// answer an event sent again without queueing for the writer.
	seenMu sync.RWMutex
	seen   map[string]seen

	// Owned by the writer goroutine (and start-up before it runs).
	snapSeq   int64 // the newest snapshot committed
	snapTrig  int64 // the seq of the newest snapshot started
	snapEvery int64
	lastWeek  string
	// snapping is non-nil while a snapshot is being encoded away from
	// the writer; it delivers the row to commit.
	snapping chan snapResult
	// readySnap is an encoded snapshot waiting for the next commit.
	readySnap *snapshotRow
	// beforeCommit, when set (by tests, before any event), is called by
	// the writer before each database commit.
	beforeCommit func()

	teamMu    sync.Mutex
	teamCache map[string]teamAt
}

// teamAt is a team measured at a date, valid while the team's version
// (the seq of its last change) is unchanged.
type teamAt struct {
	version int64
	day     time.Time
	team    workload.MeasuredTeam
}

// newService opens the database, loads the state (the latest snapshot and
// the events after it, or the initial roster in a new database) and
// starts the writer. Close stops it.
func newService(cfg config) (*service, error) {
	s := &service{maxBody: cfg.MaxBody, bodyTO: cfg.BodyTimeout, today: cfg.Today, log: cfg.Logger,
		source: "embedded demo data", snapEvery: cfg.SnapshotEvery, seen: map[string]seen{},
		queue: make(chan *pending, 4096), stopped: make(chan struct{}), writerDone: make(chan struct{}),
		teamCache: map[string]teamAt{}}
	if s.maxBody <= 0 {
		s.maxBody = defaultMaxBody
	}
	if s.bodyTO <= 0 {
		s.bodyTO = defaultBodyTimeout
	}
	if s.snapEvery <= 0 {
		s.snapEvery = defaultSnapshotEvery
	}
	n := cfg.MaxConcurrent
	if n <= 0 {
		n = defaultMaxConcurrent
	}
	s.sem = make(chan struct{}, n)
	if cfg.Token != "" {
		s.auth, s.token = true, sha256.Sum256([]byte(cfg.Token))
	}
	if s.today == nil {
		s.today = func() time.Time { return civil(time.Now()) }
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.policy = workload.DefaultPolicy()
	if cfg.PolicyFile != "" {
		f, err := os.Open(cfg.PolicyFile)
		if err != nil {
			return nil, err
		}
		s.policy, err = workload.DecodePolicy(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", cfg.PolicyFile, err)
		}
	}
	ctx := context.Background()
	db, err := openStore(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	s.db = db
	if err := s.load(ctx, cfg.DataFile); err != nil {
		db.Close()
		return nil, err
	}
	go s.writer()
	return s, nil
}

// load restores the state from the database, or starts a new database
// from the initial roster.
func (s *service) load(ctx context.Context, dataFile string) error {
	snap, ok, err := s.db.latestSnapshot(ctx)
	if err != nil {
		return fmt.Errorf("database %s: %w", s.db.what, err)
	}
	if !ok {
		data := demoCSV
		if dataFile != "" {
			if data, err = os.ReadFile(dataFile); err != nil {
				return err
			}
			s.source = dataFile
		}
		// A byte-order mark (as spreadsheet programs write) may come
		// before a quoted header.
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		roster, err := rostercsv.Read(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("data %s: %w", s.source, err)
		}
		if s.st, err = stateFromRoster(s.policy, roster); err != nil {
			return fmt.Errorf("data %s: %w", s.source, err)
		}
		body, err := snapshotJSON(s.st.roster())
		if err != nil {
			return err
		}
		if err := s.db.commit(ctx, nil, &snapshotRow{Seq: 0, Taken: time.Now(), Source: s.source, Roster: body}, nil); err != nil {
			return fmt.Errorf("database %s: %w", s.db.what, err)
		}
	} else {
		s.source, s.snapSeq, s.snapTrig = snap.Source, snap.Seq, snap.Seq
		if dataFile != "" {
			s.log.Warn("the database already holds a roster: -data is ignored", "data", dataFile)
		}
		var roster workload.Roster
		if err := json.Unmarshal([]byte(snap.Roster), &roster); err != nil {
			return fmt.Errorf("snapshot %d: %w", snap.Seq, err)
		}
		if s.st, err = stateFromRoster(s.policy, roster); err != nil {
			return fmt.Errorf("snapshot %d: %w", snap.Seq, err)
		}
		s.st.publish(nil, snap.Seq)
	}
	// Replay the events after the snapshot, in order.
	v := newView(s.st)
	var changes []change
	seq := s.st.load().seq
	err = s.db.events(ctx, seq, func(e eventRow) error {
		var ev appliedEvent
		if err := json.Unmarshal([]byte(e.Body), &ev); err != nil {
			return fmt.Errorf("event %d: %w", e.Seq, err)
		}
		ch, err := replay(v, ev)
		if err != nil {
			return fmt.Errorf("event %d: %w", e.Seq, err)
		}
		v.apply(ch)
		changes = append(changes, ch)
		seq = e.Seq
		return nil
	})
	if err != nil {
		return fmt.Errorf("replaying the log: %w", err)
	}
	s.st.publish(changes, seq)
	if err := s.db.eventIDs(ctx, func(id string, seq int64, digest string) {
		s.seen[id] = seen{seq: seq, digest: digest}
	}); err != nil {
		return err
	}
	s.lastWeek, err = s.db.lastWeek(ctx)
	return err
}

// Close stops the writer (events queued are answered first) and closes
// the database.
func (s *service) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stopped)
		<-s.writerDone
		err = s.db.Close()
	})
	return err
}

// handler routes the endpoints; every response, errors included, is JSON.
func (s *service) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /v1/allocation-check", s.endpoint(s.allocationCheck))
	mux.Handle("POST /v1/recommendations", s.endpoint(s.recommendations))
	mux.Handle("POST /v1/events", s.endpoint(s.postEvent))
	mux.Handle("GET /v1/teams/{id}/summary", s.endpoint(s.teamSummary))
	mux.Handle("GET /v1/teams/{id}/history", s.endpoint(s.history("team")))
	mux.Handle("GET /v1/officers/{id}", s.endpoint(s.officer))
	mux.Handle("GET /v1/officers/{id}/history", s.endpoint(s.history("officer")))
	mux.Handle("GET /healthz", s.endpoint(s.healthz))
	mux.Handle("GET /readyz", s.endpoint(s.readyz))
	mux.Handle("GET /openapi.json", http.HandlerFunc(s.openAPI))
	return s.limited(s.requestIDs(s.logged(s.recovered(s.authorised(s.capped(jsonMuxErrors(mux)))))))
}

// limited bounds every request body in size and in time. It wraps the
// server's own ResponseWriter, so that a body over the limit also tells
// the server to close the connection rather than read the rest.
func (s *service) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyTO))
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
		next.ServeHTTP(w, r)
	})
}

// apiError is an error response: an HTTP status, a stable code, a message
// and details (every problem, when there are several).
type apiError struct {
	Status  int
	Code    string
	Message string
	Details []string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Details []string `json:"details,omitempty"`
}

// endpoint adapts a function returning a value or an error to a handler:
// the value is written as JSON with status 200, an *apiError as its error
// response, any other error as 500 "internal" (logged, not shown).
func (s *service) endpoint(f func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if rp, ok := v.(replayed); ok {
			w.Header().Set("Idempotent-Replayed", "true")
			v = rp.eventAnswer
		}
		s.writeJSON(w, r, http.StatusOK, v)
	})
}

func (s *service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Code: codeInternal, Message: "internal error"}
	}
	s.writeJSON(w, r, ae.Status, errorBody{errorJSON{Code: ae.Code, Message: ae.Message, Details: ae.Details}})
}

func (s *service) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encoding response", "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{errorJSON{Code: codeInternal, Message: "internal error"}})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// jsonMuxErrors serves the mux, turning its own plain-text 404 and 405
// responses (no route matches) into JSON errors, keeping the Allow header
// the mux computes for a 405.
func jsonMuxErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// No pattern: h writes 404, or 405 with Allow. Let it set its
		// headers and status aside, then answer in JSON.
		var c captured
		h.ServeHTTP(&c, r)
		e := &apiError{Status: http.StatusNotFound, Code: codeNotFound, Message: "no route " + r.URL.Path}
		if c.status == http.StatusMethodNotAllowed {
			allow := c.header.Get("Allow")
			w.Header().Set("Allow", allow)
			e = &apiError{Status: http.StatusMethodNotAllowed, Code: codeMethodNotAllowed,
				Message: "method " + r.Method + " is not allowed on " + r.URL.Path + "; allowed: " + allow}
		}
		b, _ := json.Marshal(errorBody{errorJSON{Code: e.Code, Message: e.Message}})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(e.Status)
		w.Write(append(b, '\n'))
	})
}

// captured is a ResponseWriter that keeps the headers and status and
// discards the body.
type captured struct {
	header http.Header
	status int
}

func (c *captured) Header() http.Header {
	if c.header == nil {
		c.header = http.Header{}
	}
	return c.header
}

func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *captured) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return len(b), nil
}

// recovered turns a panic into a 500 "internal" response, logged.
func (s *service) recovered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// logged logs one line per request, with its request ID.
func (s *service) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		ctx := r.Context()
		if h := s.log.Handler(); h.Enabled(ctx, slog.LevelInfo) {
			// A record made here, without the caller's program counter
			// (which LogAttrs looks up on every call and the JSON
			// handler does not print).
			rec := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
			rec.AddAttrs(slog.String("request_id", requestID(ctx)),
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
				slog.Int("bytes", sw.bytes), slog.Duration("duration", time.Since(start)))
			_ = h.Handle(ctx, rec)
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// checkRequest is the body of POST /v1/allocation-check.
type checkRequest struct {
	Officer  string    `json:"officer"`
	Case     *caseJSON `json:"case"`
	CoWorked bool      `json:"coWorked"`
	AsOf     date      `json:"asOf"`
}

// recommendRequest is the body of POST /v1/recommendations.
type recommendRequest struct {
	Team     string    `json:"team"`
	Case     *caseJSON `json:"case"`
	CoWorked bool      `json:"coWorked"`
	AsOf     date      `json:"asOf"`
}

// checkCase reports every problem with a request's case and date at once.
func checkCase(p *problems, c *caseJSON, asOf date) {
	if c == nil {
		p.missing("case")
	} else {
		c.check(p, "case")
	}
	asOf.check(p, "asOf")
}

func (s *service) allocationCheck(r *http.Request) (any, error) {
	var req checkRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	var p problems
	p.id("officer", req.Officer, true)
	checkCase(&p, req.Case, req.AsOf)
	e, ok := s.st.entry(req.Officer)
	if !ok {
		if err := p.err(); err != nil {
			return nil, err
		}
		return nil, notFound("officer", req.Officer)
	}
	if req.Case == nil {
		return nil, p.err()
	}
	asOf := s.asOf(req.AsOf)
	h, err := e.holding(s.policy, asOf)
	if err != nil {
		return nil, fmt.Errorf("measuring officer %s: %w", req.Officer, err) // every caseload was validated when it changed
	}
	c := req.Case.toCase()
	chk, err := s.policy.CheckAllocation(h, workload.Allocation{Case: c, CoWorked: req.CoWorked}, asOf)
	if err != nil {
		p.library(err)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	s.heldElsewhere(&chk, c.ID)
	nonNilReasons(&chk)
	return chk, nil
}

// heldElsewhere adds a finding when another officer holds the case: the
// library checks one officer and cannot know.
func (s *service) heldElsewhere(chk *workload.Check, caseID string) {
	holder, ok := s.st.holder(caseID)
	if !ok || holder == chk.Officer {
		return
	}
	chk.Reasons = append(chk.Reasons, workload.Finding{Code: CodeHeldElsewhere, Action: workload.Warn,
		Message: "case " + caseID + " is held by " + holder + ": allocating it to " + chk.Officer + " is a transfer (send case-transferred)"})
	if chk.Verdict == workload.Allowed {
		chk.Verdict = workload.AllowedWithWarnings
	}
}

func (s *service) recommendations(r *http.Request) (any, error) {
	var req recommendRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	var p problems
	p.id("team", req.Team, true)
	checkCase(&p, req.Case, req.AsOf)
	if req.Case == nil || req.Team == "" {
		return nil, p.err()
	}
	t, err := s.team(req.Team, s.asOf(req.AsOf))
	if err != nil {
		if perr := p.err(); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	c := req.Case.toCase()
	rec, err := s.policy.Recommend(t, workload.Allocation{Case: c, CoWorked: req.CoWorked}, t.AsOf)
	if err != nil {
		p.library(err)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	for _, cs := range [][]workload.Candidate{rec.Eligible, rec.Ineligible} {
		for i := range cs {
			s.heldElsewhere(&cs[i].Check, c.ID)
			nonNilReasons(&cs[i].Check)
		}
	}
	if rec.Eligible == nil {
		rec.Eligible = []workload.Candidate{}
	}
	if rec.Ineligible == nil {
		rec.Ineligible = []workload.Candidate{}
	}
	return rec, nil
}

// nonNilReasons makes a check with no findings say "reasons": [] rather
// than null, so that clients can iterate without a nil check.
func nonNilReasons(c *workload.Check) {
	if c.Reasons == nil {
		c.Reasons = []workload.Finding{}
	}
}

// teamSummaryResponse is the body of GET /v1/teams/{id}/summary.
type teamSummaryResponse struct {
	Summary  workload.Summary `json:"summary"`
	Officers []workload.Load  `json:"officers"`
}

func (s *service) teamSummary(r *http.Request) (any, error) {
	q, err := strictQuery(r, "asOf", "lines")
	if err != nil {
		return nil, err
	}
	var p problems
	d := queryDate(&p, q, "asOf")
	lines := queryBool(&p, q, "lines")
	if err := p.queryErr(); err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	entries, _, ok := s.st.teamEntries(id)
	if !ok {
		return nil, notFound("team", id)
	}
	asOf := s.asOf(d)
	out := teamSummaryResponse{Officers: make([]workload.Load, len(entries))}
	n := 0
	for i, e := range entries {
		h, err := e.holding(s.policy, asOf)
		if err != nil {
			return nil, fmt.Errorf("measuring team %s: %w", id, err)
		}
		out.Officers[i] = h.Load
		n += len(h.Load.Lines)
		if !lines {
			out.Officers[i].Lines = nil
		}
	}
	if lines && n > maxTeamLines {
		return nil, &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput,
			Message: fmt.Sprintf("team %s has %d per-case lines, over the %d one response carries: read them per officer, a page at a time (GET /v1/officers/{id}?lines=true&offset=0)", quoteID(id), n, maxTeamLines)}
	}
	if out.Summary, err = s.policy.Summarise(workload.ScopeTeam, id, out.Officers, asOf); err != nil {
		return nil, err
	}
	return out, nil
}

// officerResponse is the body of GET /v1/officers/{id}: the officer's
// current load and, with ?lines=true, a page of its per-case lines.
type officerResponse struct {
	Policy      workload.PolicyRef `json:"policy"`
	AsOf        time.Time          `json:"asOf"`
	Officer     string             `json:"officer"`
	Team        string             `json:"team"`
	Region      string             `json:"region,omitempty"`
	Grade       workload.Grade     `json:"grade"`
	Cases       int                `json:"cases"`
	Reports     int                `json:"reports"`
	Letters     workload.LetterMix `json:"letters"`
	Points      decimal.Decimal    `json:"points"`
	Available   decimal.Decimal    `json:"available"`
	Capacity    decimal.Decimal    `json:"capacity"`
	Band        workload.Band      `json:"band"`
	OverCeiling bool               `json:"overCeiling"`
	Hours       workload.Hours     `json:"hours"`
	Lines       []workload.Line    `json:"lines,omitempty"`
	// LinesTotal is the number of lines in all; NextOffset the offset of
	// the next page, absent on the last.
	LinesTotal int  `json:"linesTotal,omitempty"`
	NextOffset *int `json:"nextOffset,omitempty"`
}

func (s *service) officer(r *http.Request) (any, error) {
	q, err := strictQuery(r, "asOf", "lines", "offset", "limit")
	if err != nil {
		return nil, err
	}
	var p problems
	d := queryDate(&p, q, "asOf")
	lines := queryBool(&p, q, "lines")
	offset := queryInt(&p, q, "offset", 0, 0, 1<<31)
	limit := queryInt(&p, q, "limit", 100, 1, maxLinesPage)
	if err := p.queryErr(); err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	e, ok := s.st.entry(id)
	if !ok {
		return nil, notFound("officer", id)
	}
	h, err := e.holding(s.policy, s.asOf(d))
	if err != nil {
		return nil, fmt.Errorf("measuring officer %s: %w", id, err)
	}
	l := h.Load
	out := officerResponse{Policy: l.Policy, AsOf: l.AsOf, Officer: l.Officer, Team: l.Team, Region: l.Region,
		Grade: l.Grade, Cases: l.Cases, Reports: l.Reports, Letters: l.Letters, Points: l.Points,
		Available: l.Available, Capacity: l.Capacity, Band: l.Band, OverCeiling: l.OverCeiling, Hours: l.Hours}
	if lines {
		out.LinesTotal = len(l.Lines)
		lo := min(offset, len(l.Lines))
		hi := min(lo+limit, len(l.Lines))
		out.Lines = slices.Clone(l.Lines[lo:hi])
		if out.Lines == nil {
			out.Lines = []workload.Line{}
		}
		if hi < len(l.Lines) {
			out.NextOffset = &hi
		}
	}
	return out, nil
}

// team measures a team at asOf, from the cache while no member changed.
func (s *service) team(id string, asOf time.Time) (workload.MeasuredTeam, error) {
	entries, version, ok := s.st.teamEntries(id)
	if !ok {
		return workload.MeasuredTeam{}, notFound("team", id)
	}
	s.teamMu.Lock()
	c, hit := s.teamCache[id]
	s.teamMu.Unlock()
	if hit && c.version == version && c.day.Equal(asOf) {
		return c.team, nil
	}
	cls := make([]workload.Caseload, len(entries))
	for i, e := range entries {
		cls[i] = e.caseload
	}
	t, err := s.policy.MeasureTeam(cls, asOf)
	if err != nil {
		return workload.MeasuredTeam{}, fmt.Errorf("measuring team %s: %w", id, err)
	}
	s.teamMu.Lock()
	if cur, ok := s.teamCache[id]; !ok || cur.version <= version {
		s.teamCache[id] = teamAt{version: version, day: asOf, team: t}
	}
	s.teamMu.Unlock()
	return t, nil
}

// postEvent is POST /v1/events: one event, answered once committed.
func (s *service) postEvent(r *http.Request) (any, error) {
	var req eventRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	ev, err := s.parseEvent(&req)
	if err != nil {
		return nil, err
	}
	p := &pending{req: req, ev: ev, digest: digest(&req)}
	res, ok := s.committedAnswer(p)
	if !ok {
		res = s.submit(r.Context(), p)
	}
	if res.err != nil {
		return nil, res.err
	}
	if res.duplicate {
		return replayed{res.answer}, nil
	}
	return res.answer, nil
}

// replayed marks the answer to an event sent again.
type replayed struct{ eventAnswer }

// quoteID quotes an ID for a message, cut short if it is long: IDs come
// from the request.
func quoteID(id string) string {
	if len(id) > 64 {
		return strconv.Quote(strings.ToValidUTF8(id[:64], "")) + "…"
	}
	return strconv.Quote(id)
}

func notFound(what, id string) error {
	return &apiError{Status: http.StatusNotFound, Code: codeNotFound, Message: "no " + what + " " + quoteID(id)}
}

func invalidField(field, value, reason string) error {
	var p problems
	p.add(field, value, reason)
	return p.err()
}

// asOf returns the request's date, or today's when none was given.
func (s *service) asOf(d date) time.Time {
	if d.t.IsZero() {
		return s.today()
	}
	return d.t
}

// healthResponse is the body of GET /healthz.
type healthResponse struct {
	Status   string             `json:"status"`
	Policy   workload.PolicyRef `json:"policy"`
	Data     string             `json:"data"`
	Database string             `json:"database"`
	Officers int                `json:"officers"`
	Teams    int                `json:"teams"`
	Cases    int                `json:"cases"`
	Seq      int64              `json:"seq"`
}

func (s *service) healthz(*http.Request) (any, error) {
	o, c, t, seq := s.st.counts()
	return healthResponse{Status: "ok", Policy: s.policy.Ref(), Data: s.source, Database: s.db.what,
		Officers: o, Teams: t, Cases: c, Seq: seq}, nil
}

// readyz answers 200 while the database answers, 503 when it does not.
func (s *service) readyz(r *http.Request) (any, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.Warn("database not reachable", "err", err)
		return nil, &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable, Message: "the database does not answer"}
	}
	return map[string]string{"status": "ready"}, nil
}

// decodeBody reads exactly one JSON document of content type
// application/json into v, strictly: unknown fields, trailing data,
// invalid UTF-8 (which the JSON decoder would silently replace with
// U+FFFD) and bodies over the limit or too slow (set by limited) are
// errors.
func decodeBody(r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "application/json" && !jsonMediaType(ct) {
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: codeUnsupportedMedia,
			Message: "content type " + quoteID(ct) + " is not supported: send application/json"}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeError(err)
	}
	if !utf8.Valid(body) {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: "the body is not valid UTF-8"}
	}
	if err := checkKeys(body, v); err != nil {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: "trailing data after the JSON document: send one document"}
	}
	return nil
}

// jsonMediaType reports whether a content type is application/json, in
// UTF-8 if a charset is given.
func jsonMediaType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json" && (params["charset"] == "" || strings.EqualFold(params["charset"], "utf-8"))
}

// decodeError classifies a reading or decoding error: a body too large
// (413), too slow (408), or malformed JSON or the wrong shape (400).
// Messages name JSON types and fields, never Go types or addresses.
func decodeError(err error) error {
	var (
		mb *http.MaxBytesError
		ne net.Error
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	bad := func(msg string) error {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: msg}
	}
	switch {
	case errors.As(err, &mb):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: codeBodyTooLarge,
			Message: "the body is over the limit of " + strconv.FormatInt(mb.Limit, 10) + " bytes"}
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return &apiError{Status: http.StatusRequestTimeout, Code: codeBodyTimeout, Message: "the body did not arrive in time"}
	case errors.Is(err, io.EOF):
		return bad("the body is empty: send one JSON document")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad("the JSON document ends early")
	case errors.As(err, &se):
		return bad("malformed JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return bad(field + ": want a JSON " + jsonKind(te.Type) + ", got " + te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return bad(strings.TrimPrefix(err.Error(), "json: ") + " (unknown fields are refused)")
	}
	var fe *workload.FieldError
	if errors.As(err, &fe) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the request has an invalid value", Details: []string{fe.Error()}}
	}
	// Anything else from the decoder or the connection: no detail that
	// could name a Go type or a socket.
	return bad("the body could not be read as JSON")
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "value"
}

// strictQuery parses the query string strictly: a malformed string (a
// bad escape, a semicolon), an unknown or repeated parameter, or a value
// that is not valid UTF-8 is a 400 rather than silently dropped.
func strictQuery(r *http.Request, allowed ...string) (map[string]string, error) {
	bad := func(msg string) error {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadQuery, Message: msg}
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		msg := "the query string is malformed"
		if strings.Contains(err.Error(), "semicolon") {
			msg += ": separate parameters with &, not ;"
		} else {
			msg += ": a bad %-escape"
		}
		return nil, bad(msg)
	}
	out := make(map[string]string, len(vals))
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vs := vals[k]
		if !utf8.ValidString(k) || !slices.Contains(allowed, k) {
			return nil, bad("unknown query parameter " + quoteID(k) + ": want " + strings.Join(allowed, ", "))
		}
		if len(vs) != 1 {
			return nil, bad("query parameter " + quoteID(k) + " given more than once")
		}
		if !utf8.ValidString(vs[0]) {
			return nil, bad("query parameter " + quoteID(k) + " is not valid UTF-8")
		}
		out[k] = vs[0]
	}
	return out, nil
}

func queryDate(p *problems, q map[string]string, key string) date {
	var d date
	if v, ok := q[key]; ok {
		if v == "" {
			d.bad = true
		} else {
			_ = d.UnmarshalText([]byte(v))
		}
		d.check(p, key)
	}
	return d
}

func queryBool(p *problems, q map[string]string, key string) bool {
	v, ok := q[key]
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.add(key, v, "want true or false")
	}
	return b
}

func queryInt(p *problems, q map[string]string, key string, def, lo, hi int) int {
	v, ok := q[key]
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.add(key, v, fmt.Sprintf("want a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

// queryErr reports the problems of a query as one 400.
func (p *problems) queryErr() error {
	if len(p.list) == 0 {
		return nil
	}
	return &apiError{Status: http.StatusBadRequest, Code: codeBadQuery, Message: "the query is invalid", Details: p.list}
}

// invalidInput turns the library's validation error (every problem,
// joined) into a 422 with one detail per problem. Field paths are made
// relative to the request: the library's "allocation.case.tier" is the
// request's "case.tier".
func invalidInput(err error) error {
	var details []string
	eachProblem(err, func(_ *workload.FieldError, text string) { details = append(details, text) })
	return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the case is invalid", Details: details}
}
