package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
)

// benchServer serves a fresh service on SQLite over loopback and returns
// its URL and a client with enough keep-alive connections for 50
// goroutines.
func benchServer(b *testing.B) (string, *http.Client) {
	b.Helper()
	s := testService(b, config{DB: filepath.Join(b.TempDir(), "bench.db")})
	base := serveHandler(b, s.handler())
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}
	b.Cleanup(tr.CloseIdleConnections)
	return base, &http.Client{Transport: tr}
}

// parallel50 sets RunParallel to about 50 goroutines, the load of the
// README's figures.
func parallel50(b *testing.B) {
	b.SetParallelism(max(1, 50/runtime.GOMAXPROCS(0)))
}

func benchPost(b *testing.B, c *http.Client, url string, body []byte) {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		b.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Errorf("status %d", resp.StatusCode)
	}
}

// BenchmarkCheck is allocation checks over loopback from ~50 goroutines.
func BenchmarkCheck(b *testing.B) {
	base, c := benchServer(b)
	body := []byte(`{"officer":"off-9","case":{"id":"b-1","tier":"C2","type":"community","start":"2026-11-01"}}`)
	b.ReportAllocs()
	parallel50(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchPost(b, c, base+"/v1/allocation-check", body)
		}
	})
}

// BenchmarkEvent is durable events (each committed, fsync'd, before its
// answer) over loopback from ~50 goroutines: allocations and closures in
// turn, grouped into commits by the writer.
func BenchmarkEvent(b *testing.B) {
	base, c := benchServer(b)
	var n atomic.Int64
	b.ReportAllocs()
	parallel50(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			officer := fmt.Sprintf("off-%d", 2+i%35)
			ev := map[string]any{"id": fmt.Sprint("b-", i), "type": "case-allocated", "officer": officer,
				"case": map[string]any{"id": fmt.Sprint("bc-", i), "tier": "C2", "type": "community"}}
			if i%2 == 0 {
				ev = map[string]any{"id": fmt.Sprint("b-", i), "type": "case-closed", "case": map[string]any{"id": fmt.Sprint("bc-", i-1)}}
			}
			body, _ := json.Marshal(ev)
			resp, err := c.Post(base+"/v1/events", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
