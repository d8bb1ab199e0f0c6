// Package sqlite is the embedded evidence store of a partnership (DESIGN
// §3): impact.db in the partnership folder, through mattn/go-sqlite3, in
// WAL mode so readers never wait for a writer. It holds the schema and its
// migrations, ToC revisions, KPI values, imports, logins and sessions, the
// audit log and backups, and passes engine/storetest.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// DBFile is the database's name in a partnership folder (DESIGN §3).
const DBFile = "impact.db"

// BusyTimeout is how long a writer waits for another process's write to
// finish before giving up. Imports of a million rows take a few seconds, so
// it is generous: a user should wait, never see "database is locked".
var BusyTimeout = 2 * time.Minute

// Store is the SQLite evidence store of one partnership: its impact.db and
// the pseudonymisation key beside it. It implements engine.Store and is
// safe for concurrent use.
type Store struct {
	dir string
	// read is a pool for readers: WAL lets them run beside a writer.
	read *sql.DB
	// write is a single connection whose transactions start with BEGIN
	// IMMEDIATE, so a transaction never tries to upgrade a read lock to a
	// write lock (which the busy timeout cannot save) and writers in this
	// process queue in Go rather than in SQLite.
	write *sql.DB
	key   *pseudonym.Key
	// keyErr says why key is nil: impact.key is lost (see pseudonym.Load).
	keyErr error

	// Now is the clock of audit and log times; tests replace it.
	Now func() time.Time
}

// Open opens or creates dir/impact.db, brings its schema up to date and
// loads dir/impact.key, creating the key when the database holds no pupils
// yet. When pupils exist but the key is lost, the store still opens for
// reading, logging and KPI imports; imports of pupils are refused until the
// key is restored. A database written by a newer impact is refused with
// toc.ENEWER.
func Open(dir string) (*Store, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("open store: %s is not a folder", dir)
	}
	path := filepath.Join(dir, DBFile)
	s := &Store{dir: dir, Now: time.Now}
	var err error
	if s.write, err = sql.Open("sqlite3", dsn(path, "immediate")); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetConnMaxIdleTime(0)
	if s.read, err = sql.Open("sqlite3", dsn(path, "deferred")); err != nil {
		s.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	hasPupils := func() (bool, error) {
		var pupils bool
		if err := s.read.QueryRow("SELECT EXISTS (SELECT 1 FROM pupils)").Scan(&pupils); err != nil {
			return false, fmt.Errorf("open store: %w", err)
		}
		return pupils, nil
	}
	if s.key, s.keyErr, err = pseudonym.Load(dir, DBFile, hasPupils); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func dsn(path, txlock string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_synchronous", "NORMAL") // safe in WAL mode: a crash loses no committed transaction's integrity
	q.Set("_txlock", txlock)
	if txlock == "immediate" {
		// The writer's page cache holds a large import's new pages until
		// it commits, rather than spilling them to the WAL and reading them
		// back: 64 MiB, about 1.5 million participation rows.
		q.Set("_cache_size", "-65536")
	}
	return fileURI(path, q)
}

// fileURI is an SQLite URI for a path that may hold any character.
func fileURI(path string, q url.Values) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: q.Encode()}
	return u.String()
}

// DB is a pool for read-only queries. Writes go through the Store's
// methods, which audit them.
func (s *Store) DB() *sql.DB { return s.read }

// Dir is the partnership folder the store lives in.
func (s *Store) Dir() string { return s.dir }

// Close closes both pools.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// Write runs fn in one write transaction (BEGIN IMMEDIATE) and commits it
// when fn returns nil: for tests and tools that need a raw write (a
// PRAGMA, say). The store's own methods audit what they write.
func (s *Store) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeConn(ctx, func(_ *sql.Conn, tx *sql.Tx) error { return fn(tx) })
}

// writeConn is Write that also hands fn the connection, for bulk inserts
// that talk to the driver directly (conn.Raw) within the transaction.
func (s *Store) writeConn(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(conn, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (s *Store) now() string { return s.Now().UTC().Format(time.RFC3339) }

// errNewer is the error of a database written by a newer impact.
func errNewer(path string, have, know int) error {
	return toc.Errorf(toc.ENEWER, "%s was written by a newer impact (schema version %d, this one knows up to %d): upgrade impact", path, have, know)
}

var _ engine.Store = (*Store)(nil)
