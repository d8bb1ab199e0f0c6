package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
func (a *App) openFolder(ctx context.Context, f *flags, check func(*toc.Plan) error) (*folder.Folder, error) {
	asOf, err := a.currentPeriod()
	if err != nil {
		return nil, err
	}
	return folder.Open(ctx, f.dir, folder.Options{AsOf: asOf, Who: engine.OSUser(), Now: a.Now, Check: check})
}

// warnDropped brings an existing store in line with toc.yaml and warns, on
// stderr, of the rows it keeps for activities and KPIs that toc.yaml no
// longer has. Warnings leave the exit code at 0. A folder without
// impact.db has nothing to warn of and gets none.
func (a *App) warnDropped(f *flags) error {
	if _, err := os.Stat(filepath.Join(f.dir, sqlite.DBFile)); errors.Is(err, fs.ErrNotExist) {
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
