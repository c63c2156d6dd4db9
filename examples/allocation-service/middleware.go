package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

//go:embed openapi.json
var openAPIDoc []byte

type ctxKey struct{}

// requestID returns the request's ID, set by requestIDs.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// requestIDs gives every request an ID: the client's X-Request-ID when
// it is short and plain, a random one otherwise. It is echoed in the
// response header and in every log line about the request.
func (s *service) requestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !plainID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// requestIDs are the process's random prefix and a counter: unique
// within the process and, through the prefix, across restarts, without a
// call for random bytes on every request.
var (
	requestPrefix = func() string {
		var b [6]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:]) + "-"
	}()
	requestCount atomic.Uint64
)

func newRequestID() string {
	var b [32]byte
	return string(strconv.AppendUint(append(b[:0], requestPrefix...), requestCount.Add(1), 36))
}

// plainID accepts 1–64 characters of A–Z, a–z, 0–9, '.', '_', '-'.
func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// open reports the routes that need neither a token nor a slot: probes
// and the API description.
func open(r *http.Request) bool {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/openapi.json":
		return true
	}
	return false
}

// authorised requires "Authorization: Bearer <token>" on every route but
// the open ones when the service has a token. The comparison is in
// constant time over digests, so neither the token's content nor its
// length leaks through timing.
func (s *service) authorised(next http.Handler) http.Handler {
	if !s.auth {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !open(r) {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], s.token[:]) != 1 || !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="allocation-service"`)
				s.writeError(w, r, &apiError{Status: http.StatusUnauthorized, Code: codeUnauthorized,
					Message: "send the service's bearer token: Authorization: Bearer <token>"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// capped bounds the requests handled at once. Past the cap a request is
// answered 503 at once with Retry-After, rather than queued without
// bound; probes are never refused.
func (s *service) capped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if open(r) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.sem <- struct{}{}:
			defer func() { <-s.sem }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			s.writeError(w, r, &apiError{Status: http.StatusServiceUnavailable, Code: codeOverloaded,
				Message: "too many requests at once: try again shortly"})
		}
	})
}

// openAPI serves the OpenAPI 3.1 description of the service.
func (s *service) openAPI(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(openAPIDoc)
}
