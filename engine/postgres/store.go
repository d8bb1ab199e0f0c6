package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// BusyTimeout is how long a write waits for another's write to the same
// partnership (an import of a million rows takes some seconds) before it
// gives up with toc.EBUSY.
var BusyTimeout = 2 * time.Minute

// Store is the PostgreSQL evidence store of one partnership: its rows in
// a database it may share with other partnerships, and the key in its
// folder. It implements engine.Store and is safe for concurrent use.
type Store struct {
	dir  string
	pool *pgxpool.Pool
	// ownPool: Close closes the pool (it was not given in Options).
	ownPool bool
	// pid is the partnership's row in partnerships; uid is the id its
	// folder holds.
	pid int32
	uid string
	key *pseudonym.Key
	// keyErr says why key is nil: impact.key is lost, or it is not the key
	// the partnership's rows were made with.
	keyErr error
	// busy is how long a write waits for another's; onWait is called
	// once a write has waited a second.
	busy   time.Duration
	onWait func()
	// warnings are what a person should know about the folder.
	warnings []string

	// Now is the clock of audit and log times; tests replace it.
	Now func() time.Time
	// Today is the date nothing written may lie after; Now when nil.
	Today func() time.Time
}

var _ engine.Store = (*Store)(nil)

// Dir is the partnership folder the store is of.
func (s *Store) Dir() string { return s.dir }

// Partnership is the id the partnership is known by in the database, as
// its folder holds it (impact.partnership).
func (s *Store) Partnership() string { return s.uid }

// Warnings are what a person should know about the folder: that the key
// was readable by others, say.
func (s *Store) Warnings() []string { return s.warnings }

// Close closes the store's connections.
func (s *Store) Close() error {
	if s.pool != nil && s.ownPool {
		s.pool.Close()
	}
	return nil
}

// querier is what reads run on: the pool, or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// write runs fn in one transaction that holds the partnership's write
// lock (its row in partnerships) and commits when fn returns nil. Writes
// to one partnership queue, as they do in SQLite, whichever process makes
// them; writes to others go on beside them. A write that waits longer than
// the busy timeout gives up with toc.EBUSY.
func (s *Store) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	// The wait ends when the lock is held: a long write of this store's
	// own is no wait.
	waited := func() {}
	if s.onWait != nil {
		waiting := time.AfterFunc(time.Second, s.onWait)
		waited = func() { waiting.Stop() }
		defer waited()
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.Background())
	// The lock, waited for up to the busy timeout, in one round trip.
	lock := &pgx.Batch{}
	lock.Queue("SELECT set_config('lock_timeout', $1, true)", fmt.Sprintf("%dms", s.busy.Milliseconds()))
	lock.Queue("SELECT 1 FROM partnerships WHERE id = $1 FOR UPDATE", s.pid)
	lock.Queue("SELECT set_config('lock_timeout', '0', true)")
	if err := tx.SendBatch(ctx, lock).Close(); err != nil {
		if isBusy(err) {
			return errBusy(err)
		}
		return fmt.Errorf("begin: %w", err)
	}
	waited()
	if err := fn(tx); err != nil {
		return refusedText(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isBusy reports PostgreSQL's lock_not_available: the lock timeout ran
// out.
func isBusy(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "55P03"
}

// refusedText says so when PostgreSQL refused text it cannot hold: a NUL
// character (which SQLite keeps). Nothing was written.
func refusedText(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05") {
		return &toc.Error{Code: toc.EINVALID, Message: "the text holds a NUL character (0x00), which PostgreSQL cannot store: remove it (it is often left by a file's export) and try again; nothing was written", Err: err}
	}
	return err
}

func errBusy(err error) error {
	return &toc.Error{Code: toc.EBUSY, Message: "another impact is writing to this partnership (an import, say) and did not finish in time: try again in a moment", Err: err}
}

func (s *Store) now() string { return s.Now().UTC().Format(time.RFC3339) }

func (s *Store) today() time.Time {
	if s.Today != nil {
		return s.Today()
	}
	return s.Now()
}

// nextID is the id the next row of a table of the partnership gets. It
// is called within a write, which holds the partnership's lock, so no
// other writer numbers rows of it meanwhile. table is one of this
// package's own names.
func (s *Store) nextID(ctx context.Context, tx pgx.Tx, table string) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) + 1 FROM "+table+" WHERE partnership = $1", s.pid).Scan(&id); err != nil {
		return 0, fmt.Errorf("number %s: %w", table, err)
	}
	return id, nil
}
