package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, as database/sql driver "pgx"
	_ "modernc.org/sqlite"             // SQLite in pure Go, as database/sql driver "sqlite"
)

// store is the service's database: an append-only event log (the source
// of truth), periodic snapshots of the roster (so that start-up replays
// only the events after the latest one) and weekly history. SQLite and
// PostgreSQL go through the same database/sql code; the only differences
// are the driver, the placeholders ($1 for PostgreSQL) and connection
// settings.
type store struct {
	// w is the one writer connection (SQLite allows one writer at a time;
	// one connection also keeps group commits strictly ordered).
	w *sql.DB
	// r serves reads (history, readiness); for SQLite a separate pool of
	// read-only connections, which WAL lets run beside the writer.
	r  *sql.DB
	pg bool
	// what names the database for logs without credentials.
	what string
}

// isPostgres tells a PostgreSQL URL from an SQLite file name.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openStore opens (creating if needed) the database named by dsn: a
// postgres:// URL or an SQLite file path.
func openStore(ctx context.Context, dsn string) (*store, error) {
	s := &store{pg: isPostgres(dsn)}
	if s.pg {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		s.w, s.r = db, db
		if u, err := url.Parse(dsn); err == nil {
			s.what = "postgres " + u.Host + u.Path
		} else {
			s.what = "postgres"
		}
	} else {
		if dsn == "" {
			return nil, errors.New("-db: a database file name or postgres:// URL is required")
		}
		// WAL lets readers run beside the one writer; synchronous=FULL
		// makes every commit durable (fsync) before it is acknowledged;
		// busy_timeout waits for a lock instead of failing at once.
		base := "file:" + (&url.URL{Path: dsn}).EscapedPath()
		pragmas := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
		w, err := sql.Open("sqlite", base+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", base+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(4)
		s.w, s.r = w, r
		s.what = "sqlite " + dsn
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("database %s: %w", s.what, err)
	}
	return s, nil
}

func (s *store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// q rewrites ? placeholders as $1, $2, … for PostgreSQL.
func (s *store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// schema is portable SQL: the same statements create the tables in SQLite
// and PostgreSQL. Times are RFC 3339 text, bodies JSON text.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS events (
		seq      BIGINT PRIMARY KEY,
		id       TEXT NOT NULL UNIQUE,
		type     TEXT NOT NULL,
		digest   TEXT NOT NULL,
		body     TEXT NOT NULL,
		recorded TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS snapshots (
		seq    BIGINT PRIMARY KEY,
		taken  TEXT NOT NULL,
		source TEXT NOT NULL,
		roster TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS history (
		week    TEXT NOT NULL,
		officer TEXT NOT NULL,
		team    TEXT NOT NULL,
		load    TEXT NOT NULL,
		PRIMARY KEY (week, officer)
	)`,
	`CREATE INDEX IF NOT EXISTS history_team ON history (team, week)`,
}

func (s *store) migrate(ctx context.Context) error {
	for _, stmt := range schema {
		if _, err := s.w.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// Ping tells whether the database answers.
func (s *store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// eventRow is one row of the event log.
type eventRow struct {
	Seq      int64
	ID       string
	Type     string
	Digest   string
	Body     string
	Recorded time.Time
}

// snapshotRow is a roster as it stood after event Seq.
type snapshotRow struct {
	Seq    int64
	Taken  time.Time
	Source string
	Roster string
}

// historyRow is one officer's load in one week's snapshot.
type historyRow struct {
	Week    string
	Officer string
	Team    string
	Load    string
}

// commit writes a batch of events, an optional snapshot and optional
// history rows in one transaction: all of them or none.
func (s *store) commit(ctx context.Context, events []eventRow, snap *snapshotRow, hist []historyRow) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	// The batch's events go in one statement of as many rows (at most
	// maxInsertRows; a batch holds at most maxBatch), so that a commit
	// costs the database three round trips however many events it
	// holds, not one per event.
	for len(events) > 0 {
		n := min(len(events), maxInsertRows)
		if _, err := tx.ExecContext(ctx, s.insertEvents(n), eventArgs(events[:n])...); err != nil {
			return fmt.Errorf("events %d–%d: %w", events[0].Seq, events[n-1].Seq, err)
		}
		events = events[n:]
	}
	if snap != nil {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO snapshots (seq, taken, source, roster) VALUES (?, ?, ?, ?)`),
			snap.Seq, snap.Taken.UTC().Format(time.RFC3339Nano), snap.Source, snap.Roster); err != nil {
			return fmt.Errorf("snapshot %d: %w", snap.Seq, err)
		}
		// Keep the initial roster (seq 0) and the two newest snapshots:
		// the whole log is kept too, so any state can still be rebuilt by
		// a serial replay from the start.
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM snapshots WHERE seq > 0 AND seq < (SELECT MIN(seq) FROM (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 2) AS newest)`)); err != nil {
			return err
		}
	}
	if len(hist) > 0 {
		ins, err := tx.PrepareContext(ctx, s.q(`INSERT INTO history (week, officer, team, load) VALUES (?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		for _, h := range hist {
			if _, err := ins.ExecContext(ctx, h.Week, h.Officer, h.Team, h.Load); err != nil {
				ins.Close()
				return fmt.Errorf("history %s %s: %w", h.Week, h.Officer, err)
			}
		}
		ins.Close()
	}
	return tx.Commit()
}

// maxInsertRows is the most event rows one INSERT writes: 6,144
// parameters, well within SQLite's 32,766 and PostgreSQL's 65,535.
const maxInsertRows = 1024

// insertEvents returns the INSERT of n event rows, in the store's
// placeholder style.
func (s *store) insertEvents(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO events (seq, id, type, digest, body, recorded) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?)")
	}
	return s.q(b.String())
}

// eventArgs lays the rows' values out in insertEvents' order.
func eventArgs(events []eventRow) []any {
	args := make([]any, 0, 6*len(events))
	for _, e := range events {
		args = append(args, e.Seq, e.ID, e.Type, e.Digest, e.Body, e.Recorded.UTC().Format(time.RFC3339Nano))
	}
	return args
}

// latestSnapshot returns the newest snapshot, or ok false in a new
// database.
func (s *store) latestSnapshot(ctx context.Context) (snapshotRow, bool, error) {
	var r snapshotRow
	var taken string
	err := s.w.QueryRowContext(ctx, `SELECT seq, taken, source, roster FROM snapshots ORDER BY seq DESC LIMIT 1`).Scan(&r.Seq, &taken, &r.Source, &r.Roster)
	if errors.Is(err, sql.ErrNoRows) {
		return snapshotRow{}, false, nil
	}
	if err != nil {
		return snapshotRow{}, false, err
	}
	r.Taken, _ = time.Parse(time.RFC3339Nano, taken)
	return r, true, nil
}

// firstSnapshot returns the oldest snapshot kept: the initial roster.
func (s *store) firstSnapshot(ctx context.Context) (snapshotRow, error) {
	var r snapshotRow
	var taken string
	err := s.r.QueryRowContext(ctx, `SELECT seq, taken, source, roster FROM snapshots ORDER BY seq LIMIT 1`).Scan(&r.Seq, &taken, &r.Source, &r.Roster)
	r.Taken, _ = time.Parse(time.RFC3339Nano, taken)
	return r, err
}

// events calls f for every event after seq, in order.
func (s *store) events(ctx context.Context, after int64, f func(eventRow) error) error {
	rows, err := s.w.QueryContext(ctx, s.q(`SELECT seq, id, type, digest, body, recorded FROM events WHERE seq > ? ORDER BY seq`), after)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e eventRow
		var rec string
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.Digest, &e.Body, &rec); err != nil {
			return err
		}
		e.Recorded, _ = time.Parse(time.RFC3339Nano, rec)
		if err := f(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eventIDs calls f with the id, sequence number and digest of every event
// (for duplicate detection; bodies are not read).
func (s *store) eventIDs(ctx context.Context, f func(id string, seq int64, digest string)) error {
	rows, err := s.w.QueryContext(ctx, `SELECT id, seq, digest FROM events`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, digest string
		var seq int64
		if err := rows.Scan(&id, &seq, &digest); err != nil {
			return err
		}
		f(id, seq, digest)
	}
	return rows.Err()
}

// lastWeek returns the newest week in the history, "" if none.
func (s *store) lastWeek(ctx context.Context) (string, error) {
	var w sql.NullString
	err := s.w.QueryRowContext(ctx, `SELECT MAX(week) FROM history`).Scan(&w)
	return w.String, err
}

// history returns the rows of one officer (officer != "") or one team
// between two weeks inclusive, by week then officer.
func (s *store) history(ctx context.Context, officer, team, from, to string) ([]historyRow, error) {
	col, key := "officer", officer
	if officer == "" {
		col, key = "team", team
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT week, officer, team, load FROM history WHERE `+col+` = ? AND week >= ? AND week <= ? ORDER BY week, officer`), key, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var h historyRow
		if err := rows.Scan(&h.Week, &h.Officer, &h.Team, &h.Load); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// eventBody returns the body of event seq.
func (s *store) eventBody(ctx context.Context, seq int64) (string, error) {
	var body string
	err := s.w.QueryRowContext(ctx, s.q(`SELECT body FROM events WHERE seq = ?`), seq).Scan(&body)
	return body, err
}
