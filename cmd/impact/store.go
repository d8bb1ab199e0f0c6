package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// openStore reads and plans toc.yaml, opens the folder's store (creating
// impact.db and impact.key on first use) and brings it in line with
// toc.yaml, recording a new revision when the file changed (DESIGN §3).
// An invalid toc.yaml stops here, before the store is touched.
//
// checks run on the plan before the store is opened, so that a command's
// own bad input (an unknown --activity, say) writes nothing either.
func (a *App) openStore(ctx context.Context, f *flags, checks ...func(*engine.Plan) error) (*engine.Store, *engine.Plan, error) {
	path := f.tocPath()
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &toc.Error{Code: toc.EINVALID, Message: fmt.Sprintf("no theory of change at %s: run `impact init` to write one, or pass --dir", path), Err: err}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read theory of change: %w", err)
	}
	asOf, err := a.currentPeriod()
	if err != nil {
		return nil, nil, err
	}
	plan, err := engine.ParsePlan(path, src, asOf)
	if err != nil {
		return nil, nil, err
	}
	for _, check := range checks {
		if err := check(plan); err != nil {
			return nil, nil, err
		}
	}
	s, err := engine.Open(f.dir)
	if err != nil {
		return nil, nil, err
	}
	s.Now = a.Now
	if _, _, err := s.SyncToC(ctx, path, src, engine.OSUser()); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, plan, nil
}

// warnDropped brings an existing store in line with toc.yaml and warns, on
// stderr, of the rows it keeps for activities and KPIs that toc.yaml no
// longer has. Warnings leave the exit code at 0. A folder without
// impact.db has nothing to warn of and gets none.
func (a *App) warnDropped(f *flags) error {
	if _, err := os.Stat(filepath.Join(f.dir, engine.DBFile)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	ctx := context.Background()
	s, plan, err := a.openStore(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	dropped, err := s.Dropped(ctx, plan.ToC)
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
func inScope(acts []string) func(*engine.Plan) error {
	return func(plan *engine.Plan) error {
		_, _, err := metrics.Scope(plan.ToC, acts)
		return err
	}
}
