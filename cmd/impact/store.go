package main

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// openFolder opens the partnership folder of f (DESIGN §3): toc.yaml read
// and planned, its store opened (impact.db and impact.key made on first
// use) and in line with toc.yaml. An invalid toc.yaml stops it before the
// store is touched; so does check, run on the plan first, so that a
// command's own bad input (an unknown --activity, say) writes nothing
// either.
//
// Warnings about the folder (read-only, a key others could read) go to
// stderr.
func (a *App) openFolder(ctx context.Context, f *flags, check func(*toc.Plan) error) (*folder.Folder, error) {
	opts, err := a.storeOptions(f)
	if err != nil {
		return nil, err
	}
	p, err := folder.Open(ctx, f.dir, folder.Options{Store: opts, Who: engine.OSUser(), Check: check})
	if err != nil {
		return nil, err
	}
	a.warn(p.Warnings)
	return p, nil
}

// storeOptions are how the command line opens a store: its clock, today
// (IMPACT_TODAY), and a line on stderr when a write has to wait for
// another process's.
func (a *App) storeOptions(f *flags) (folder.Store, error) {
	today, err := a.today()
	if err != nil {
		return folder.Store{}, err
	}
	return folder.Store{
		DB:    f.db,
		Now:   a.Now,
		Today: func() time.Time { return today },
		OnWait: func() {
			fmt.Fprintln(a.Stderr, "impact: waiting for another impact that is writing to this partnership (an import, say)…")
		},
	}, nil
}

// warn prints warnings, one a line.
func (a *App) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(a.Stderr, "impact: warning: %s\n", oneLine(w))
	}
}

// warnDropped brings an existing store in line with toc.yaml and warns, on
// stderr, of the rows it keeps for activities and KPIs that toc.yaml no
// longer has. Warnings leave the exit code at 0. A folder without
// impact.db has nothing to warn of and gets none.
func (a *App) warnDropped(f *flags) error {
	if !folder.HasStore(f.dir, f.db) {
		return nil
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	dropped, err := p.Store.Dropped(ctx, p.Plan.ToC)
	if err != nil {
		return err
	}
	for _, d := range dropped {
		what := "rows"
		if d.Kind == "KPI" {
			what = "values"
		}
		fmt.Fprintf(a.Stderr, "%s: warning: %s %q is no longer in toc.yaml: its %s %s are kept but ignored by metrics and reports\n",
			f.tocPath(), d.Kind, d.ID, thousands(d.Rows), what)
	}
	return nil
}

// inScope checks that every --activity id is an activity of the plan.
func inScope(acts []string) func(*toc.Plan) error {
	return func(plan *toc.Plan) error {
		_, _, err := metrics.Scope(plan.ToC, acts)
		return err
	}
}

// openStore opens the folder's store alone, without toc.yaml.
func (a *App) openStore(f *flags) (folder.Backend, error) {
	opts, err := a.storeOptions(f)
	if err != nil {
		return nil, err
	}
	st, err := folder.OpenStore(f.dir, opts)
	if err != nil {
		return nil, err
	}
	a.warn(st.Warnings())
	return st, nil
}

// storeName names the folder's store in messages: its SQLite file, or
// the PostgreSQL database.
func storeName(f *flags) string {
	switch {
	case folder.IsPostgres(f.db):
		return "the PostgreSQL database"
	case f.db != "":
		return f.db
	}
	return sqlite.DBFile
}
