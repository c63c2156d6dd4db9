package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkStoreCommit is one group commit of 10 events (the batch size
// seen at 50 clients), durable: on SQLite the WAL is fsync'd
// (synchronous=FULL), on PostgreSQL the commit waits for its WAL flush.
func BenchmarkStoreCommit(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "commit.db")
			if kind == "postgres" {
				dsn = testDB(b, kind)
			}
			s, err := openStore(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			body := `{"id":"x","type":"case-allocated","case":{` + strings.Repeat(`"k":"v",`, 60) + `"end":1}}`
			seq := int64(0)
			rows := make([]eventRow, 10)
			b.ResetTimer()
			for range b.N {
				for i := range rows {
					seq++
					rows[i] = eventRow{Seq: seq, ID: "e-" + strconv.FormatInt(seq, 10), Type: "case-allocated", Digest: "d", Body: body, Recorded: time.Now()}
				}
				if err := s.commit(context.Background(), rows, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
