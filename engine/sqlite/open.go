package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Options tune how a store is opened.
type Options struct {
	// BusyTimeout is how long a write waits for another process's write
	// to finish before it gives up with toc.EBUSY; BusyTimeout (the
	// package's) when 0. The web app waits a few seconds, then answers
	// 503; the command line waits long.
	BusyTimeout time.Duration
	// OnWait, when set, is called once a write has waited a second for
	// another's: for the command line to say it is waiting.
	OnWait func()
	// Path is the database file; dir/impact.db when "". The key stays in
	// dir either way.
	Path string
}

// Open opens dir's store with the default options.
func Open(dir string) (*Store, error) { return OpenWith(dir, Options{}) }

// OpenWith opens or creates dir/impact.db (mode 0600), brings its schema
// up to date and loads dir/impact.key, creating the key when the database
// holds no pupils yet. When pupils exist but the key is lost, or the key is
// not the one the database was made with, the store still opens for
// reading, logging and KPI imports; imports of pupils are refused. A
// database written by a newer impact is refused with toc.ENEWER. In a
// folder that cannot be written the store opens read-only: reads work,
// writes are refused with toc.EREADONLY.
func OpenWith(dir string, opts Options) (*Store, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("open store: %s is not a folder", dir)
	}
	path := filepath.Join(dir, DBFile)
	if opts.Path != "" {
		path = opts.Path
	}
	s := &Store{dir: dir, Now: time.Now, busy: opts.BusyTimeout, onWait: opts.OnWait}
	if s.busy <= 0 {
		s.busy = BusyTimeout
	}
	s.readOnly = unix.Access(dir, unix.W_OK) != nil
	if err := s.openPools(path); err != nil {
		s.Close()
		return nil, err
	}
	ctx := context.Background()
	if err := s.migrate(ctx); err != nil {
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
	var warnings []string
	var err error
	s.key, s.keyErr, warnings, err = pseudonym.Load(dir, DBFile, hasPupils)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.warnings = append(s.warnings, warnings...)
	if err := s.checkKey(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openPools opens the readers' pool and, unless the folder is read-only,
// the writer's connection, creating the database file with mode 0600 (its
// -wal and -shm files take the same mode).
func (s *Store) openPools(path string) error {
	var err error
	if s.readOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return toc.Errorf(toc.EREADONLY, "the folder %s is read-only and holds no %s yet: run impact where it can write, or make the folder writable", s.dir, DBFile)
		}
		s.warnings = append(s.warnings, fmt.Sprintf("the folder %s is read-only: reading only, nothing will be recorded", s.dir))
		if s.read, err = sql.Open("sqlite3", readOnlyDSN(path)); err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		return nil
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if s.write, err = sql.Open("sqlite3", s.dsn(path, "immediate")); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetConnMaxIdleTime(0)
	if s.read, err = sql.Open("sqlite3", s.dsn(path, "deferred")); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}

func (s *Store) dsn(path, txlock string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", fmt.Sprint(s.busy.Milliseconds()))
	q.Set("_synchronous", "NORMAL") // safe in WAL mode: a crash loses no committed transaction's integrity
	q.Set("_txlock", txlock)
	if txlock == "immediate" {
		// What the writer deletes is overwritten with zeros, not left in
		// free space: an erased pupil leaves no byte behind (DESIGN §13).
		q.Set("_secure_delete", "on")
		q.Set("_cache_size", fmt.Sprint(-writerCacheKiB))
	}
	return fileURI(path, q)
}

// writerCacheKiB is the writer's page cache. A large import spills pages
// to the WAL once it fills; since imports bind a statement's values in one
// call (bind.go), 16 MiB imports a million rows as fast as 32 or 128 did,
// and a census of a million pupils peaks 17 MB lower (docs/BENCHMARKS.md).
const writerCacheKiB = 16 << 10

// readOnlyDSN opens a database in a folder that cannot be written. With no
// WAL beside it the database is whole in its file, and immutable tells
// SQLite it needs no -shm to read it (which it could not create).
func readOnlyDSN(path string) string {
	q := url.Values{"mode": {"ro"}, "_foreign_keys": {"on"}}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		q.Set("immutable", "1")
	}
	return fileURI(path, q)
}

// Warnings are what a person should know about the folder: that it is
// read-only, that the key was readable by others.
func (s *Store) Warnings() []string { return s.warnings }
