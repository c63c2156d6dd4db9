package main

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// connCap bounds the open connections of a listener. Past the cap a new
// connection takes the place of the one idle longest (or of one that has
// sent no complete request for newConnGrace); when every connection is
// busy the new one is closed at once. A client that opens thousands of
// keep-alive connections and leaves them idle therefore cannot exhaust
// file descriptors or lock real clients out: its connections are the
// ones that go.
type connCap struct {
	net.Listener
	max   int
	mu    sync.Mutex
	conns map[net.Conn]connInfo
}

type connInfo struct {
	state http.ConnState
	since time.Time
}

// newConnGrace is how long a new connection may take to send its first
// request before it can be evicted.
const newConnGrace = 2 * time.Second

func newConnCap(l net.Listener, max int) *connCap {
	return &connCap{Listener: l, max: max, conns: map[net.Conn]connInfo{}}
}

func (l *connCap) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		now := time.Now()
		l.mu.Lock()
		if len(l.conns) >= l.max {
			var victim net.Conn
			var oldest time.Time
			for vc, in := range l.conns {
				evictable := in.state == http.StateIdle || (in.state == http.StateNew && now.Sub(in.since) > newConnGrace)
				if evictable && (victim == nil || in.since.Before(oldest)) {
					victim, oldest = vc, in.since
				}
			}
			if victim == nil {
				l.mu.Unlock()
				c.Close()
				continue
			}
			delete(l.conns, victim)
			victim.Close()
		}
		l.conns[c] = connInfo{state: http.StateNew, since: now}
		l.mu.Unlock()
		return c, nil
	}
}

// track is the http.Server's ConnState hook.
func (l *connCap) track(c net.Conn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch st {
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c)
	default:
		if _, ok := l.conns[c]; ok {
			l.conns[c] = connInfo{state: st, since: time.Now()}
		}
	}
}

// open returns the number of connections held.
func (l *connCap) open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}
