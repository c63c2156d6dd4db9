// Command allocation-service is an HTTP JSON service that a
// case-management system calls before allocating a case: may this officer
// take this case, and who in the team should? It answers with the
// library's own results (workload.Check, workload.Recommendation,
// workload.Summary), explained and with stable reason codes.
//
// It keeps its state in a database, SQLite by default (a pure-Go driver:
// no C toolchain) or PostgreSQL (-db postgres://…): an append-only event
// log is the source of truth, with periodic roster snapshots so start-up
// replays only the events after the latest one, and weekly history. A new
// database starts from the embedded demo data (three teams, team-1 …
// team-3, officers off-1 … off-36, dated 2026-11-23) or from -data:
//
//	go run . -db allocation.db
//	go run . -db 'postgres://user:pw@host/caseload' -token-file token -addr :8080
//
// Flags: -db; -addr (default 127.0.0.1:8080; without -token-file only a
// loopback address is accepted unless -allow-remote is given); -data, a
// caseload CSV export (see rostercsv.Columns) a new database starts
// from; -policy, a policy JSON document (see workload.DecodePolicy);
// -token-file, a bearer token every /v1 request must carry; -max-body
// (64 KiB), -max-concurrent (256), -max-conns (1024), -snapshot-every
// (1000); -asof, the date requests without one are judged at (default
// today); -cpuprofile, a CPU profile of the whole run. It runs at GOGC=400
// unless GOGC is set. cmd/loadgen drives it with 50 clients from another
// process and prints its throughput (see README.md). SIGINT or SIGTERM shuts it down gracefully, letting requests in
// flight finish for up to 10 seconds.
//
// # Endpoints
//
//	POST /v1/events                  one event, answered once committed  → {"id", "seq", "type", "status", "case", "officers"}
//	GET  /v1/officers/{id}           an officer's current load (?lines=true&offset=&limit= pages the lines)
//	GET  /v1/officers/{id}/history   weekly snapshots and sustained overload
//	GET  /v1/teams/{id}/history      the same for a team
//	POST /v1/allocation-check        may an officer take a case?   → workload.Check
//	POST /v1/recommendations         who in a team should take it? → workload.Recommendation
//	GET  /v1/teams/{id}/summary      a team's workload             → {"summary": workload.Summary, "officers": [workload.Load]}
//	GET  /healthz, /readyz           liveness; readiness (the database answers)
//	GET  /openapi.json               the OpenAPI 3.1 description
//
// Events are "case-allocated", "case-transferred", "case-closed",
// "case-updated" and "officer-updated" (see README.md). The same event id
// twice is applied once and answered the same.
//
// Request bodies are one JSON document of content type application/json,
// valid UTF-8, read strictly: unknown fields and trailing data are
// refused. A date, wherever one is expected (asOf, at, case dates, query
// parameters), is YYYY-MM-DD or an RFC 3339 time. Every problem in a
// request is reported at once.
//
// An allocation the policy allows:
//
//	curl -s localhost:8080/v1/allocation-check -H 'Content-Type: application/json' -d '{
//	  "officer": "off-9", "asOf": "2026-11-23",
//	  "case": {"id": "case-9002", "tier": "D2", "type": "community",
//	           "start": "2026-11-16T00:00:00Z", "risk": {"rosh": "low"}}}'
//
//	{
//	  "policy": {"name": "england-wales-reference", "version": "2026.11.0"},
//	  "asOf": "2026-11-23T00:00:00Z",
//	  "officer": "off-9", "grade": "PSO", "case": "case-9002", "tier": "D2",
//	  "adds": "41",
//	  "before": {"cases": 39, "points": "1488", "available": "1764.32", "capacity": "84.338", "band": "within", …},
//	  "after":  {"cases": 40, "points": "1529", "available": "1764.32", "capacity": "86.662", "band": "within", …},
//	  "verdict": "allowed",
//	  "reasons": []
//	}
//
// One it refuses: a trainee (PQiP) may not hold an A-tier case alone.
//
//	curl -s localhost:8080/v1/allocation-check -H 'Content-Type: application/json' -d '{
//	  "officer": "off-11", "asOf": "2026-11-23",
//	  "case": {"id": "case-9001", "tier": "A2", "type": "licence",
//	           "release": "2026-11-20T00:00:00Z", "risk": {"rosh": "very-high", "mappa": "2"}}}'
//
//	{
//	  …
//	  "after": {"cases": 21, "points": "937", "available": "870.4", "capacity": "107.652", "band": "over", …},
//	  "verdict": "refused",
//	  "reasons": [
//	    {"code": "over-100", "action": "warn",
//	     "message": "capacity would be 107.652%, above the over-capacity threshold of 100%"},
//	    {"code": "grade-eligibility", "action": "refuse",
//	     "message": "a PQiP may not hold A cases or very-high RoSH cases alone; case case-9001 is A2, RoSH very-high (allowed if co-worked)"}
//	  ]
//	}
//
// The same request with "coWorked": true is "allowed-with-warnings": the
// over-capacity warning stays, and a "co-worked" finding (action allow)
// records why the trainee may hold the case.
//
// Recommendations rank the eligible officers, best first (fewer warnings,
// lower capacity after, smaller team spread after), and list the others
// with the findings that refuse them:
//
//	curl -s localhost:8080/v1/recommendations -H 'Content-Type: application/json' -d '{
//	  "team": "team-1", "asOf": "2026-11-23",
//	  "case": {"id": "case-9004", "tier": "B2", "type": "community", "risk": {"rosh": "high"}}}'
//
//	{
//	  "case": "case-9004", "tier": "B2", "adds": "115", "spreadBefore": "53.116",
//	  "eligible": [
//	    {"rank": 1, "officer": "off-9", "grade": "PSO", "warnings": 0, "spreadAfter": "49.908",
//	     "check": {"after": {"capacity": "90.857", …}, "verdict": "allowed", …}},
//	    {"rank": 2, "officer": "off-5", …},
//	    …
//	  ],
//	  "ineligible": [
//	    {"rank": 0, "officer": "off-1", "grade": "SPO",
//	     "check": {"verdict": "refused", "reasons": [{"code": "no-capacity", "action": "refuse", …}], …}},
//	    {"rank": 0, "officer": "off-10", …, "reasons": [{"code": "over-110", "action": "refuse", …}]},
//	    …
//	  ],
//	  …
//	}
//
// A team's workload, as the ratio of sums, with its distribution and
// every officer's load:
//
//	curl -s 'localhost:8080/v1/teams/team-1/summary?asOf=2026-11-23'
//
//	{
//	  "summary": {"scope": "team", "id": "team-1", "officers": 12, "cases": 476,
//	              "points": "22669", "available": "20495.56", "capacity": "110.604", "band": "red",
//	              "distribution": {…}, "overCeiling": ["off-10", "off-6", "off-7", "off-8"], …},
//	  "officers": [{"officer": "off-1", "grade": "SPO", "cases": 0, …}, …]
//	}
//
// # Errors
//
// Every error is JSON with a stable code, a message and, where there are
// several problems, every one of them in details:
//
//	{"error": {"code": "invalid-input", "message": "the case is invalid",
//	           "details": ["workload: case.tier \"E9\": unknown tier: not a tier of scheme \"england-wales\""]}}
//
//	status  code                    when
//	400     bad-json                malformed JSON, an unknown field, a wrong JSON type, trailing data, an empty body, invalid UTF-8
//	400     bad-query               a malformed query string, a bad, unknown or repeated query parameter
//	401     unauthorized            no or a wrong bearer token (with -token-file)
//	404     not-found               no such officer, team or route
//	405     method-not-allowed      the route exists for other methods (listed in the Allow header)
//	408     body-timeout            the body did not arrive in time
//	409     conflict                an event that does not fit the state (a case already held, a case no one holds)
//	409     id-reused               an event id already used for a different event
//	413     body-too-large          the body is over -max-body
//	415     unsupported-media-type  the body is not application/json (UTF-8)
//	422     invalid-input           a missing field, or a value the library rejects (unknown tier, bad date, …)
//	500     internal                a bug or a data problem on our side (logged, not shown)
//	503     overloaded              more than -max-concurrent requests at once (see Retry-After)
//	503     unavailable             the database does not answer (/readyz)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// gcPercent is the service's GOGC unless the environment sets one.
const gcPercent = 400

// shutdownGrace is how long in-flight requests get to finish on SIGINT or
// SIGTERM.
const shutdownGrace = 10 * time.Second

func main() {
	var cfg config
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.StringVar(&cfg.DB, "db", "allocation.db", "database: an SQLite file, or a postgres:// URL")
	flag.StringVar(&cfg.DataFile, "data", "", "caseload CSV export a new database starts from (default: the embedded demo data)")
	flag.StringVar(&cfg.PolicyFile, "policy", "", "policy JSON document (default: the reference policy)")
	flag.Int64Var(&cfg.MaxBody, "max-body", defaultMaxBody, "largest request body accepted, in bytes")
	flag.IntVar(&cfg.MaxConcurrent, "max-concurrent", defaultMaxConcurrent, "requests handled at once; past it 503 with Retry-After")
	maxConns := flag.Int("max-conns", defaultMaxConns, "open connections; past it the one idle longest is closed")
	flag.Int64Var(&cfg.SnapshotEvery, "snapshot-every", defaultSnapshotEvery, "events between roster snapshots")
	tokenFile := flag.String("token-file", "", "file holding the bearer token every /v1 request must carry")
	allowRemote := flag.Bool("allow-remote", false, "listen on a non-loopback address without a token")
	asOf := flag.String("asof", "", "date (YYYY-MM-DD or RFC 3339) requests without one are judged at (default: today)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for measuring)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "allocation-service: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	if *asOf != "" {
		d, err := parseDate(*asOf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "allocation-service: -asof:", err)
			os.Exit(2)
		}
		cfg.Today = func() time.Time { return d }
	}
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "allocation-service: -token-file:", err)
			os.Exit(2)
		}
		if cfg.Token = strings.TrimSpace(string(b)); len(cfg.Token) < 16 {
			fmt.Fprintln(os.Stderr, "allocation-service: -token-file: the token must be at least 16 characters")
			os.Exit(2)
		}
	}
	logs := newLogBuffer(os.Stderr)
	cfg.Logger = slog.New(urgentFlush{slog.NewJSONHandler(logs, nil), logs})
	defer logs.Close()
	if os.Getenv("GOGC") == "" {
		// The live heap is small (the roster and its measured loads)
		// and every request allocates a little: collect at five times
		// the live heap rather than twice, for a quarter of the
		// collections. GOGC overrides it.
		debug.SetGCPercent(gcPercent)
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "allocation-service: -cpuprofile:", err)
			os.Exit(2)
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *maxConns, *allowRemote, cfg); err != nil {
		cfg.Logger.Error("allocation-service failed", "err", err)
		logs.Close()
		stop()
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// checkBind refuses a non-loopback address for a service without a token,
// unless told otherwise.
func checkBind(addr string, token bool, allowRemote bool) error {
	if token || allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address: give -token-file, or -allow-remote to serve without authentication", addr)
}

// run loads the data, listens on addr and serves until ctx is done, then
// shuts down gracefully.
func run(ctx context.Context, addr string, maxConns int, allowRemote bool, cfg config) error {
	if err := checkBind(addr, cfg.Token != "", allowRemote); err != nil {
		return err
	}
	s, err := newService(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if maxConns <= 0 {
		maxConns = defaultMaxConns
	}
	cl := newConnCap(ln, maxConns)
	srv := newHTTPServer(s.handler(), cfg.Logger)
	srv.ConnState = cl.track
	cfg.Logger.Info("listening", "addr", ln.Addr().String(), "database", s.db.what)
	if err := serve(ctx, srv, cl, shutdownGrace); err != nil {
		return err
	}
	cfg.Logger.Info("shut down")
	return nil
}

// newHTTPServer wraps the handler in a server with timeouts, so that a
// slow or stalled client cannot hold a connection for ever.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve serves on ln until ctx is done, then shuts the server down,
// giving in-flight requests up to grace to finish. It returns nil after a
// clean shutdown.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		<-errc
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
