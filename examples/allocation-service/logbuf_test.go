package main

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogBuffer: info lines are written by the periodic flush; a warning
// goes out at once with every line before it, in order; Close writes the
// rest; nothing is lost or repeated.
func TestLogBuffer(t *testing.T) {
	var out syncBuffer
	lb := newLogBuffer(&out)
	log := slog.New(urgentFlush{slog.NewJSONHandler(lb, nil), lb}).With("svc", "test")
	log.Info("one")
	log.Info("two")
	log.Warn("three")
	got := out.String()
	for _, want := range []string{`"msg":"one","svc":"test"`, `"msg":"two"`, `"msg":"three"`} {
		if !strings.Contains(got, want) {
			t.Errorf("after a warning the output lacks %s: %q", want, got)
		}
	}
	if strings.Index(got, `"one"`) > strings.Index(got, `"three"`) {
		t.Errorf("lines out of order: %q", got)
	}
	log.Info("four")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), `"four"`) {
		if time.Now().After(deadline) {
			t.Fatal("the periodic flush never wrote an info line")
		}
		time.Sleep(10 * time.Millisecond)
	}
	log.Info("five")
	if err := lb.Close(); err != nil {
		t.Fatal(err)
	}
	if err := lb.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
	got = out.String()
	if n := strings.Count(got, "\n"); n != 5 {
		t.Errorf("%d lines, want 5: %q", n, got)
	}
	if !strings.Contains(got, `"five"`) {
		t.Errorf("Close did not write the last line: %q", got)
	}
	// A record larger than the buffer is written whole, after what waits.
	lb = newLogBuffer(&out)
	defer lb.Close()
	big := strings.Repeat("x", 2*logBufferSize)
	slog.New(slog.NewJSONHandler(lb, nil)).Info(big)
	if !strings.Contains(out.String(), big) {
		t.Error("a record larger than the buffer was not written")
	}
}
