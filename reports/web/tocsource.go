package web

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/toc"
)

// tocSource is the theory of change being served: toc.yaml of the
// partnership folder, planned, and recorded in the store as a revision,
// re-read when the file changes on disk (a director edits it while the
// server runs). A toc.yaml that no longer validates is logged and the last
// good one stays in service, so a typo does not take the app down.
type tocSource struct {
	store engine.Store
	dir   string
	path  string
	today func() time.Time
	log   *log.Logger

	mu      sync.Mutex
	current *toc.Plan
	gen     int64 // bumped at every reload: part of every cache key
	modTime time.Time
	size    int64
	problem string // why the file on disk is not the one served, if it is not
	rev     engine.Revision
}

func newTocSource(store engine.Store, dir string, today func() time.Time, logger *log.Logger) *tocSource {
	return &tocSource{store: store, dir: dir, path: filepath.Join(dir, folder.TocFile), today: today, log: logger}
}

// revision names the toc.yaml being served, for the report's stamp.
func (t *tocSource) revision() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rev.Name()
}

// plan returns the current plan, reloading toc.yaml first if it changed.
func (t *tocSource) plan(ctx context.Context) (*toc.Plan, error) {
	p, _, err := t.planGen(ctx)
	return p, err
}

// planGen returns the current plan and its generation.
func (t *tocSource) planGen(ctx context.Context) (*toc.Plan, int64, error) {
	fi, statErr := os.Stat(t.path)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.current != nil && (statErr != nil || fi.ModTime().Equal(t.modTime) && fi.Size() == t.size) {
		return t.current, t.gen, nil
	}
	if statErr != nil {
		return nil, 0, fmt.Errorf("read theory of change: %w", statErr)
	}
	plan, rev, err := folder.Reload(ctx, t.store, t.dir, toc.PeriodOf(t.today()), engine.OSUser())
	if err == nil {
		t.current, t.rev, t.problem = plan, rev, ""
		t.gen++
	}
	t.modTime, t.size = fi.ModTime(), fi.Size()
	if err != nil {
		if t.current == nil {
			return nil, 0, err
		}
		if t.problem != err.Error() {
			t.log.Printf("web: %s changed but cannot be served, still serving the last good one:\n%v", t.path, err)
			t.problem = err.Error()
		}
	}
	return t.current, t.gen, nil
}

// broken says why toc.yaml on disk is not the one served ("" when it is),
// reading it again first if it changed.
func (t *tocSource) broken(ctx context.Context) string {
	t.planGen(ctx)
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.problem
}
