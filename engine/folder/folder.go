// Package folder opens a partnership folder (DESIGN §3) as one thing: its
// toc.yaml read and planned, and its store brought in line with it. The
// command line and the web app open partnerships only through it.
package folder

import (
	"context"
	"path/filepath"
	"time"

	"github.com/schoolstogether/impact/engine"
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
}

// Options tune Open.
type Options struct {
	// AsOf is the current academic year, that years_running counts to.
	AsOf toc.Period
	// Who records a new revision of toc.yaml in the audit; empty means
	// engine.OSUser().
	Who string
	// Now is the store's clock; time.Now when nil.
	Now func() time.Time
	// Check runs on the plan before the store is opened, so that a
	// command's own bad input (an unknown --activity, say) writes nothing.
	Check func(*toc.Plan) error
}

// Open reads and plans dir's toc.yaml, opens its store (creating impact.db
// and impact.key on first use) and records toc.yaml as a new revision when
// it changed. An invalid toc.yaml stops it before the store is touched.
func Open(ctx context.Context, dir string, opts Options) (*Folder, error) {
	plan, src, err := ReadPlan(dir, opts.AsOf)
	if err != nil {
		return nil, err
	}
	if opts.Check != nil {
		if err := opts.Check(plan); err != nil {
			return nil, err
		}
	}
	st, err := OpenStore(dir, opts.Now)
	if err != nil {
		return nil, err
	}
	rev, err := record(ctx, st, dir, src, opts.Who)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &Folder{Dir: dir, Plan: plan, Store: st, Revision: rev}, nil
}

// Close closes the store.
func (f *Folder) Close() error { return f.Store.Close() }

// OpenStore opens dir's store alone, without reading toc.yaml: for work
// that must go on while toc.yaml is being edited (a backup, a server that
// reloads it). now is the store's clock; time.Now when nil.
func OpenStore(dir string, now func() time.Time) (*sqlite.Store, error) {
	st, err := sqlite.Open(dir)
	if err != nil {
		return nil, err
	}
	if now != nil {
		st.Now = now
	}
	return st, nil
}

// ReadPlan reads dir's toc.yaml and plans it for the academic year asOf,
// returning the file's bytes too.
func ReadPlan(dir string, asOf toc.Period) (*toc.Plan, []byte, error) {
	path := filepath.Join(dir, TocFile)
	src, err := toc.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	plan, err := rules.Parse(path, src, asOf)
	if err != nil {
		return nil, nil, err
	}
	return plan, src, nil
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
