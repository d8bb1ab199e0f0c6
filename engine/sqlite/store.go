// Package sqlite is the embedded evidence store of a partnership (DESIGN
// §3): impact.db in the partnership folder, through mattn/go-sqlite3, in
// WAL mode so readers never wait for a writer. It holds the schema and its
// migrations, ToC revisions, KPI values, imports, logins and sessions, the
// audit log and backups, and passes engine/storetest.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"

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
	// keyErr says why key is nil: impact.key is lost (see pseudonym.Load)
	// or not the key the database was made with (see checkKey).
	keyErr error
	// readOnly: the folder cannot be written; write is nil.
	readOnly bool
	// busy is how long a write waits for another's; onWait is called
	// once a write has waited a second.
	busy   time.Duration
	onWait func()
	// warnings are what a person should know about the folder.
	warnings []string

	// Now is the clock of audit and log times; tests replace it.
	Now func() time.Time
	// Today is the date nothing written may lie after (the command line's
	// IMPACT_TODAY); Now when nil.
	Today func() time.Time
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
// that talk to the driver directly (conn.Raw) within the transaction. It
// waits up to the busy timeout for this process's other writers and then
// for other processes' (saying so through onWait after a second), and
// gives up with toc.EBUSY.
func (s *Store) writeConn(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	return s.writeWith(ctx, true, fn)
}

// importConn is writeConn with SQLite's foreign-key checks off, for an
// import: its rows name only the pupils it found or added and its own
// imports row (TestImport_ForeignKeysHold checks it), and checking them
// again cost two B-tree searches a row, a fifth of a census's writing.
func (s *Store) importConn(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	return s.writeWith(ctx, false, fn)
}

func (s *Store) writeWith(ctx context.Context, foreignKeys bool, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	if s.readOnly {
		return errReadOnly(s.dir)
	}
	// The wait ends when the transaction has begun (BEGIN IMMEDIATE holds
	// the write lock): a long write of this process's own is no wait.
	waited := func() {}
	if s.onWait != nil {
		waiting := time.AfterFunc(time.Second, s.onWait)
		waited = func() { waiting.Stop() }
		defer waited()
	}
	wait, cancel := context.WithTimeout(ctx, s.busy)
	conn, err := s.write.Conn(wait)
	cancel()
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return errBusy(err)
		}
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	if !foreignKeys {
		// The pragma cannot change within a transaction, so it is set on
		// the connection around it; a connection that could not turn the
		// checks back on is thrown away rather than pooled.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer func() {
			if _, err := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		if isBusy(err) {
			return errBusy(err)
		}
		return fmt.Errorf("begin: %w", err)
	}
	waited()
	defer tx.Rollback()
	if err := fn(conn, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isBusy reports SQLite's "database is locked": another process held the
// write lock past the busy timeout.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

func errBusy(err error) error {
	return &toc.Error{Code: toc.EBUSY, Message: "another impact is writing to this partnership (an import, say) and did not finish in time: try again in a moment", Err: err}
}

func errReadOnly(dir string) error {
	return toc.Errorf(toc.EREADONLY, "the folder %s is read-only: nothing can be recorded there (copy the folder somewhere writable, or ask for write access)", dir)
}

func (s *Store) now() string { return s.Now().UTC().Format(time.RFC3339) }

func (s *Store) today() time.Time {
	if s.Today != nil {
		return s.Today()
	}
	return s.Now()
}

// errNewer is the error of a database written by a newer impact.
func errNewer(path string, have, know int) error {
	return toc.Errorf(toc.ENEWER, "%s was written by a newer impact (schema version %d, this one knows up to %d): upgrade impact", path, have, know)
}

var _ engine.Store = (*Store)(nil)
