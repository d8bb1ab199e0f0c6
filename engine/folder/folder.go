// Package folder opens a partnership folder (DESIGN §3) as one thing: its
// toc.yaml read and planned, and its store brought in line with it. The
// command line and the web app open partnerships only through it.
package folder

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// TocFile is the theory of change's name in a partnership folder.
const TocFile = "toc.yaml"

// Folder is an open partnership: its plan and its store, in line with
// each other. Close it when done.
type Folder struct {
	Dir      string
	Plan     *toc.Plan
	Store    engine.Store
	Revision engine.Revision // the revision Plan was recorded as
	// Warnings are what a person should know about the folder: that it is
	// read-only, that its key was readable by others.
	Warnings []string
}

// Options tune Open.
type Options struct {
	Store
	// Who records a new revision of toc.yaml in the audit; empty means
	// engine.OSUser().
	Who string
	// Check runs on the plan before the store is opened, so that a
	// command's own bad input (an unknown --activity, say) writes nothing.
	Check func(*toc.Plan) error
}

// Store tunes the store of a folder.
type Store struct {
	// Now is the store's clock of audit times; time.Now when nil.
	Now func() time.Time
	// Today is the date nothing written may lie after, and whose academic
	// year the plan's years_running counts to (IMPACT_TODAY); Now when
	// nil.
	Today func() time.Time
	// BusyTimeout is how long a write waits for another's before it gives
	// up with toc.EBUSY; sqlite.BusyTimeout when 0.
	BusyTimeout time.Duration
	// OnWait is called once a write has waited a second for another's.
	OnWait func()
	// DB is where the evidence store is (DESIGN §15): a postgres:// URL
	// for PostgreSQL, a file path for SQLite, or "" for the folder's own
	// impact.db.
	DB string
	// Pools, when set, shares one connection pool to DB among every store
	// opened with it: a server of many partnerships.
	Pools *Pools
}

// today is the options' today.
func (o Store) today() time.Time {
	switch {
	case o.Today != nil:
		return o.Today()
	case o.Now != nil:
		return o.Now()
	}
	return time.Now()
}

// Open reads and plans dir's toc.yaml, opens its store (creating impact.db
// and impact.key on first use) and records toc.yaml as a new revision when
// it changed. An invalid toc.yaml stops it before the store is touched.
func Open(ctx context.Context, dir string, opts Options) (*Folder, error) {
	plan, src, err := ReadPlan(dir, toc.PeriodOf(opts.today()))
	if err != nil {
		return nil, err
	}
	if opts.Check != nil {
		if err := opts.Check(plan); err != nil {
			return nil, err
		}
	}
	st, err := OpenStore(dir, opts.Store)
	if err != nil {
		return nil, err
	}
	rev, err := record(ctx, st, dir, src, opts.Who)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &Folder{Dir: dir, Plan: plan, Store: st, Revision: rev, Warnings: st.Warnings()}, nil
}

// Close closes the store.
func (f *Folder) Close() error { return f.Store.Close() }

// OpenStore opens dir's store alone, without reading toc.yaml: for work
// that must go on while toc.yaml is being edited (a backup, a server that
// reloads it). The store is SQLite or PostgreSQL as opts.DB says.
func OpenStore(dir string, opts Store) (Backend, error) {
	if IsPostgres(opts.DB) {
		po := postgres.Options{BusyTimeout: opts.BusyTimeout, OnWait: opts.OnWait}
		if opts.Pools != nil {
			pool, err := opts.Pools.get(opts.DB)
			if err != nil {
				return nil, err
			}
			po.Pool = pool
		}
		st, err := postgres.Open(context.Background(), opts.DB, dir, po)
		if err != nil {
			return nil, err
		}
		if opts.Now != nil {
			st.Now = opts.Now
		}
		st.Today = opts.Today
		return st, nil
	}
	st, err := sqlite.OpenWith(dir, sqlite.Options{BusyTimeout: opts.BusyTimeout, OnWait: opts.OnWait, Path: opts.DB})
	if err != nil {
		return nil, err
	}
	if opts.Now != nil {
		st.Now = opts.Now
	}
	st.Today = opts.Today
	return st, nil
}

// Backend is an open store of either engine, with what opening it found.
type Backend interface {
	engine.Store
	// Warnings are what a person should know about the store: that it is
	// read-only, that its key was readable by others.
	Warnings() []string
}

// IsPostgres reports whether db names a PostgreSQL database.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// HasStore reports whether the folder's store may hold data already: a
// SQLite file that exists, or any PostgreSQL database (asking it would
// mean opening it).
func HasStore(dir, db string) bool {
	if IsPostgres(db) {
		return true
	}
	if db == "" {
		db = filepath.Join(dir, sqlite.DBFile)
	}
	_, err := os.Stat(db)
	return err == nil
}

// ReadPlan reads dir's toc.yaml and plans it for the academic year asOf,
// returning the file's bytes too.
func ReadPlan(dir string, asOf toc.Period) (*toc.Plan, []byte, error) {
	src, err := toc.ReadFile(filepath.Join(dir, TocFile))
	if err != nil {
		return nil, nil, err
	}
	plan, err := ReadPlanFrom(dir, src, asOf)
	if err != nil {
		return nil, nil, err
	}
	return plan, src, nil
}

// ReadPlanFrom plans src as dir's toc.yaml: what impact check would say of
// it.
func ReadPlanFrom(dir string, src []byte, asOf toc.Period) (*toc.Plan, error) {
	return rules.Parse(filepath.Join(dir, TocFile), src, asOf)
}

// Reload reads and plans dir's toc.yaml again and records it in st when it
// changed: what a server does when the file changes under it.
func Reload(ctx context.Context, st engine.Store, dir string, asOf toc.Period, who string) (*toc.Plan, engine.Revision, error) {
	plan, src, err := ReadPlan(dir, asOf)
	if err != nil {
		return nil, engine.Revision{}, err
	}
	rev, err := record(ctx, st, dir, src, who)
	if err != nil {
		return nil, engine.Revision{}, err
	}
	return plan, rev, nil
}

func record(ctx context.Context, st engine.Store, dir string, src []byte, who string) (engine.Revision, error) {
	if who == "" {
		who = engine.OSUser()
	}
	rev, _, err := st.SyncToC(ctx, filepath.Join(dir, TocFile), src, who)
	return rev, err
}
