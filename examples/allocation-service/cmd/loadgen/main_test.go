package main

import (
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
