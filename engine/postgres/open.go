package postgres

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Options tune how a store is opened.
type Options struct {
	// BusyTimeout is how long a write waits for another's write to the
	// same partnership before it gives up with toc.EBUSY; BusyTimeout (the
	// package's) when 0.
	BusyTimeout time.Duration
	// OnWait, when set, is called once a write has waited a second for
	// another's: for the command line to say it is waiting.
	OnWait func()
	// MaxConns bounds the store's connections; 16 when 0. A snapshot
	// holds one for as long as it is open.
	MaxConns int32
	// Pool, when set, is a pool of the database's connections that the
	// store shares (a server of many partnerships opens one pool for all);
	// the URL is then unused and Close leaves the pool open.
	Pool *pgxpool.Pool
}

// Open opens the store of the partnership folder dir in the PostgreSQL
// database at url (postgres://…), with at most one Options. It brings the
// database's schema up to date, finds the partnership by the id in
// dir/impact.partnership — writing a new id there, and adding the
// partnership to the database, the first time they meet — and loads
// dir/impact.key, creating it when the partnership holds no pupils yet.
// When pupils exist but the key is lost, or it is not the key the
// partnership's rows were made with, the store still opens for reading,
// logging and KPI imports; imports of pupils are refused. A database
// written by a newer impact is refused with toc.ENEWER.
func Open(ctx context.Context, url, dir string, opts ...Options) (*Store, error) {
	var o Options
	if len(opts) > 1 {
		return nil, fmt.Errorf("open store: expected at most one Options, got %d", len(opts))
	}
	if len(opts) == 1 {
		o = opts[0]
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("open store: %s is not a folder", dir)
	}
	s := &Store{dir: dir, Now: time.Now, busy: o.BusyTimeout, onWait: o.OnWait}
	if s.busy <= 0 {
		s.busy = BusyTimeout
	}
	var err error
	pool := o.Pool
	if pool == nil {
		if pool, err = newPool(ctx, url, o.MaxConns); err != nil {
			return nil, err
		}
	}
	s.pool, s.ownPool = pool, o.Pool == nil
	fail := func(err error) (*Store, error) {
		s.Close()
		return nil, err
	}
	if err := migrate(ctx, pool); err != nil {
		return fail(err)
	}
	// The folder gets its id once it has met a database.
	if s.uid, err = partnershipID(dir); err != nil {
		return fail(err)
	}
	check, err := s.meet(ctx)
	if err != nil {
		return fail(err)
	}
	hasPupils := func() (bool, error) {
		var pupils bool
		if err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pupils WHERE partnership = $1)", s.pid).Scan(&pupils); err != nil {
			return false, fmt.Errorf("open store: %w", err)
		}
		return pupils, nil
	}
	var warnings []string
	s.key, s.keyErr, warnings, err = pseudonym.Load(dir, "the partnership's database", hasPupils)
	if err != nil {
		return fail(err)
	}
	s.warnings = append(s.warnings, warnings...)
	if err := s.checkKey(ctx, check); err != nil {
		return fail(err)
	}
	return s, nil
}

// newPool connects to the database at url.
func newPool(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, toc.Errorf(toc.EUSAGE, "database URL: %v", err)
	}
	cfg.MaxConns = 16
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: connect to %s@%s:%d/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return pool, nil
}

// checkKey compares the key with the check value the partnership keeps of
// the key its rows were made with (DESIGN §13), recording it the first
// time. A different key refuses every import of pupils: under it the same
// pupils would become new ones.
func (s *Store) checkKey(ctx context.Context, have *string) error {
	if s.key == nil {
		return nil
	}
	if have == nil {
		if _, err := s.pool.Exec(ctx, "UPDATE partnerships SET key_check = $2 WHERE id = $1 AND key_check IS NULL", s.pid, s.key.Check()); err != nil {
			return fmt.Errorf("record the key's check value: %w", err)
		}
		if err := s.pool.QueryRow(ctx, "SELECT key_check FROM partnerships WHERE id = $1", s.pid).Scan(&have); err != nil {
			return fmt.Errorf("open store: %w", err)
		}
	}
	if have != nil && *have != s.key.Check() {
		s.key = nil
		s.keyErr = toc.Errorf(toc.EINVALID, "%s is not the key the partnership's rows in the database were made with: imports of pupils are refused, since under another key the same pupils would count again; "+
			"put the partnership's own key back (from your backup) — a new key needs a new partnership folder, re-imported from the source files",
			filepath.Join(s.dir, pseudonym.KeyFile))
	}
	return nil
}
