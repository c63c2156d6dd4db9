package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openprobation/caseload/workload"
)

//go:embed demo.csv
var demoCSV []byte

// defaultMaxBody bounds request bodies: a case is well under 2 KiB.
const defaultMaxBody = 64 << 10

// Stable error codes, the "code" of every error response.
const (
	codeBadJSON          = "bad-json"               // 400: malformed JSON, unknown field, wrong JSON type, trailing data
	codeBadQuery         = "bad-query"              // 400: a bad or unknown query parameter
	codeNotFound         = "not-found"              // 404: no such route, officer or team
	codeMethodNotAllowed = "method-not-allowed"     // 405: the route exists for other methods (see Allow)
	codeBodyTooLarge     = "body-too-large"         // 413: the body is over the limit
	codeUnsupportedMedia = "unsupported-media-type" // 415: the body is not application/json
	codeInvalidInput     = "invalid-input"          // 422: well-formed JSON whose values the library rejects
	codeInternal         = "internal"               // 500: a bug or a data problem on our side
)

// config is what newServer needs. The zero value serves the embedded demo
// data under the default policy, judging requests without a date at
// today's date.
type config struct {
	// DataFile is a caseload CSV export (see workload.CSVColumns); empty
	// means the embedded demo data.
	DataFile string
	// PolicyFile is a policy JSON document; empty means
	// workload.DefaultPolicy.
	PolicyFile string
	// MaxBody bounds request bodies in bytes; 0 means defaultMaxBody.
	MaxBody int64
	// Today returns the date requests without asOf are judged at; nil
	// means the server clock's date.
	Today func() time.Time
	// Logger receives one line per request and every internal error; nil
	// discards them.
	Logger *slog.Logger
}

// service holds what every request reads: the policy and the prepared
// roster, both immutable and safe for concurrent use.
type service struct {
	policy   *workload.Policy
	data     *workload.Prepared
	source   string
	teams    []string // sorted
	officers int
	cases    int
	maxBody  int64
	today    func() time.Time
	log      *slog.Logger
}

// newServer loads the policy and the data once and returns the service's
// handler.
func newServer(cfg config) (http.Handler, error) {
	s, err := newService(cfg)
	if err != nil {
		return nil, err
	}
	return s.handler(), nil
}

func newService(cfg config) (*service, error) {
	s := &service{maxBody: cfg.MaxBody, today: cfg.Today, log: cfg.Logger, source: "embedded demo data"}
	if s.maxBody <= 0 {
		s.maxBody = defaultMaxBody
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
	data := demoCSV
	if cfg.DataFile != "" {
		var err error
		if data, err = os.ReadFile(cfg.DataFile); err != nil {
			return nil, err
		}
		s.source = cfg.DataFile
	}
	roster, err := workload.ReadCSV(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("data %s: %w", s.source, err)
	}
	if s.data, err = s.policy.Prepare(roster); err != nil {
		return nil, fmt.Errorf("data %s: %w", s.source, err)
	}
	s.cases = len(roster.Cases)
	officers := s.data.Officers()
	s.officers = len(officers)
	for _, o := range officers {
		if i, found := slices.BinarySearch(s.teams, o.Team); !found {
			s.teams = slices.Insert(s.teams, i, o.Team)
		}
	}
	return s, nil
}

// handler routes the endpoints; every response, errors included, is JSON.
func (s *service) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /v1/allocation-check", s.endpoint(s.allocationCheck))
	mux.Handle("POST /v1/recommendations", s.endpoint(s.recommendations))
	mux.Handle("GET /v1/teams/{id}/summary", s.endpoint(s.teamSummary))
	mux.Handle("GET /healthz", s.endpoint(s.healthz))
	return s.limited(s.logged(s.recovered(jsonMuxErrors(mux))))
}

// limited bounds every request body. It wraps the server's own
// ResponseWriter, so that a body over the limit also tells the server to
// close the connection rather than read the rest.
func (s *service) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		s.writeJSON(w, r, http.StatusOK, v)
	})
}

func (s *service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Code: codeInternal, Message: "internal error"}
	}
	s.writeJSON(w, r, ae.Status, errorBody{errorJSON{Code: ae.Code, Message: ae.Message, Details: ae.Details}})
}

func (s *service) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		s.log.Error("encoding response", "method", r.Method, "path", r.URL.Path, "err", err)
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

// logged logs one line per request.
func (s *service) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes, "duration", time.Since(start))
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

// date is a civil date, "2026-11-23" in JSON and query strings, held as
// midnight UTC; the zero value means none was given. (It does not embed
// time.Time, whose UnmarshalJSON would be promoted and win.)
type date struct{ t time.Time }

// Dates outside the years the library accepts are refused here, before
// any arithmetic.
const minYear, maxYear = 1900, 2200

func (d *date) UnmarshalText(b []byte) error {
	t, err := parseDate(string(b))
	if err != nil {
		return err
	}
	d.t = t
	return nil
}

// dateError reports a bad date; the decoder passes it on unchanged.
type dateError struct{ value string }

func (e *dateError) Error() string {
	v := e.value
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return fmt.Sprintf("asOf %q: want a date as YYYY-MM-DD between %d and %d", v, minYear, maxYear)
}

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, &dateError{s}
	}
	return t, nil
}

// civil returns t's date in its own location as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// asOf returns the request's date, or today's when none was given.
func (s *service) asOf(d date) time.Time {
	if d.t.IsZero() {
		return s.today()
	}
	return d.t
}

// checkRequest is the body of POST /v1/allocation-check.
type checkRequest struct {
	Officer  string         `json:"officer"`
	Case     *workload.Case `json:"case"`
	CoWorked bool           `json:"coWorked"`
	AsOf     date           `json:"asOf"`
}

// recommendRequest is the body of POST /v1/recommendations.
type recommendRequest struct {
	Team     string         `json:"team"`
	Case     *workload.Case `json:"case"`
	CoWorked bool           `json:"coWorked"`
	AsOf     date           `json:"asOf"`
}

func (s *service) allocationCheck(r *http.Request) (any, error) {
	var req checkRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]bool{"officer": req.Officer == "", "case": req.Case == nil}); err != nil {
		return nil, err
	}
	cl, ok := s.data.Caseload(req.Officer)
	if !ok {
		return nil, &apiError{Status: http.StatusNotFound, Code: codeNotFound, Message: "no officer " + quoteID(req.Officer)}
	}
	asOf := s.asOf(req.AsOf)
	h, err := s.policy.MeasureHolding(cl, asOf)
	if err != nil {
		return nil, fmt.Errorf("measuring officer %s: %w", req.Officer, err) // the roster was validated at start
	}
	c, err := s.policy.CheckAllocation(h, workload.Allocation{Case: *req.Case, CoWorked: req.CoWorked}, asOf)
	if err != nil {
		return nil, invalidInput(err)
	}
	nonNilReasons(&c)
	return c, nil
}

func (s *service) recommendations(r *http.Request) (any, error) {
	var req recommendRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]bool{"team": req.Team == "", "case": req.Case == nil}); err != nil {
		return nil, err
	}
	t, err := s.team(req.Team, s.asOf(req.AsOf))
	if err != nil {
		return nil, err
	}
	rec, err := s.policy.Recommend(t, workload.Allocation{Case: *req.Case, CoWorked: req.CoWorked}, t.AsOf)
	if err != nil {
		return nil, invalidInput(err)
	}
	for _, cs := range [][]workload.Candidate{rec.Eligible, rec.Ineligible} {
		for i := range cs {
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
	var d date
	lines := false
	for k, vs := range r.URL.Query() {
		if len(vs) != 1 {
			return nil, &apiError{Status: http.StatusBadRequest, Code: codeBadQuery, Message: "query parameter " + strconv.Quote(k) + " given more than once"}
		}
		var err error
		switch k {
		case "asOf":
			err = d.UnmarshalText([]byte(vs[0]))
		case "lines":
			if lines, err = strconv.ParseBool(vs[0]); err != nil {
				err = fmt.Errorf("lines %q: want true or false", vs[0])
			}
		default:
			err = fmt.Errorf("unknown query parameter %q: want asOf or lines", k)
		}
		if err != nil {
			return nil, &apiError{Status: http.StatusBadRequest, Code: codeBadQuery, Message: err.Error()}
		}
	}
	id := r.PathValue("id")
	t, err := s.team(id, s.asOf(d))
	if err != nil {
		return nil, err
	}
	out := teamSummaryResponse{Officers: make([]workload.Load, len(t.Members))}
	for i, m := range t.Members {
		out.Officers[i] = m.Load
		if !lines {
			out.Officers[i].Lines = nil
		}
	}
	if out.Summary, err = s.policy.Summarise(workload.ScopeTeam, id, out.Officers, t.AsOf); err != nil {
		return nil, err
	}
	return out, nil
}

// team measures a team of the roster at asOf.
func (s *service) team(id string, asOf time.Time) (workload.Team, error) {
	if _, ok := slices.BinarySearch(s.teams, id); !ok {
		return workload.Team{}, &apiError{Status: http.StatusNotFound, Code: codeNotFound, Message: "no team " + quoteID(id)}
	}
	t, err := s.policy.MeasureTeam(s.data.Team(id), asOf)
	if err != nil {
		return workload.Team{}, fmt.Errorf("measuring team %s: %w", id, err) // the roster was validated at start
	}
	return t, nil
}

// quoteID quotes an ID for a message, cut short if it is long: IDs come
// from the request.
func quoteID(id string) string {
	if len(id) > 64 {
		return strconv.Quote(strings.ToValidUTF8(id[:64], "")) + "…"
	}
	return strconv.Quote(id)
}

// healthResponse is the body of GET /healthz.
type healthResponse struct {
	Status   string             `json:"status"`
	Policy   workload.PolicyRef `json:"policy"`
	Data     string             `json:"data"`
	Officers int                `json:"officers"`
	Teams    int                `json:"teams"`
	Cases    int                `json:"cases"`
}

func (s *service) healthz(*http.Request) (any, error) {
	return healthResponse{Status: "ok", Policy: s.policy.Ref(), Data: s.source,
		Officers: s.officers, Teams: len(s.teams), Cases: s.cases}, nil
}

// decodeBody reads exactly one JSON document of content type
// application/json into v, strictly: unknown fields, trailing data and
// bodies over the limit (set by limited) are errors.
func decodeBody(r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" || (params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: codeUnsupportedMedia,
			Message: "content type " + strconv.Quote(ct) + " is not supported: send application/json"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if tooLarge(err) {
			return decodeError(err)
		}
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: "trailing data after the JSON document: send one document"}
	}
	return nil
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// decodeError classifies a decoding error: a body too large (413), a
// value the library or the date type rejects (422), or malformed JSON or
// the wrong shape (400).
func decodeError(err error) error {
	var (
		mb *http.MaxBytesError
		fe *workload.FieldError
		de *dateError
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		pe *time.ParseError
	)
	bad := func(msg string) error {
		return &apiError{Status: http.StatusBadRequest, Code: codeBadJSON, Message: msg}
	}
	switch {
	case errors.As(err, &mb):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: codeBodyTooLarge,
			Message: "the body is over the limit of " + strconv.FormatInt(mb.Limit, 10) + " bytes"}
	case errors.As(err, &fe):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the request has an invalid value", Details: []string{fe.Error()}}
	case errors.As(err, &de):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the request has an invalid value", Details: []string{de.Error()}}
	case errors.As(err, &pe):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the request has an invalid value",
			Details: []string{"case dates are RFC 3339 times such as \"2026-11-23T00:00:00Z\": " + err.Error()}}
	case errors.Is(err, io.EOF):
		return bad("the body is empty: send one JSON document")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad("the JSON document ends early")
	case errors.As(err, &se):
		return bad("malformed JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error())
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return bad(field + ": want a JSON " + jsonKind(te.Type.String()) + ", got " + te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return bad(strings.TrimPrefix(err.Error(), "json: ") + " (unknown fields are refused)")
	}
	return bad(err.Error())
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "number"
	case goType == "bool":
		return "boolean"
	case goType == "string":
		return "string"
	case strings.HasPrefix(goType, "[]"):
		return "array"
	}
	return "value of type " + goType
}

// required reports the missing fields of a request, sorted, as one 422.
func required(missing map[string]bool) error {
	var details []string
	for k, m := range missing {
		if m {
			details = append(details, k+": missing")
		}
	}
	if len(details) == 0 {
		return nil
	}
	slices.Sort(details)
	return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the request is missing required fields", Details: details}
}

// invalidInput turns the library's validation error (every problem,
// joined) into a 422 with one detail per problem. Field paths are made
// relative to the request: the library's "allocation.case.tier" is the
// request's "case.tier".
func invalidInput(err error) error {
	var details []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *workload.FieldError
		if errors.As(err, &fe) {
			cp := *fe
			cp.Field = strings.TrimPrefix(cp.Field, "allocation.")
			details = append(details, cp.Error())
			return
		}
		details = append(details, err.Error())
	}
	walk(err)
	return &apiError{Status: http.StatusUnprocessableEntity, Code: codeInvalidInput, Message: "the case is invalid", Details: details}
}
