package web

import (
	"context"
	"net/http"
	"time"

	"github.com/schoolstogether/impact/engine"
)

// After a write: what readers use is brought up to date with it, and the
// session that wrote reads its own write (see cache).

// afterWrite runs once a write through the app is done, before it is
// answered: the metrics readers use are brought up to date with it — a
// recomputation of the KPIs alone, unless it was an import — so that no
// read after the answer lacks it, and the pages (dashboards, reports) are
// recomputed just after, in the background, readers meanwhile served the
// last (see cache); the session that wrote waits for its own.
func (s *Server) afterWrite(ctx context.Context, sess *engine.Session) {
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		s.logf("after a write: %v", err)
		return
	}
	s.written.Store(sess.CSRF, version)
	// The refresh waits for a value as new as the write, never takes the
	// last; the writer waits for it up to staleFor — on a loaded server
	// the answer goes first, and readers wait once the value is that old.
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), needKey{}, version), time.Minute)
		defer cancel()
		if err := s.data.metrics.refreshStale(ctx, version); err != nil {
			s.logf("refresh after a write: %v", err)
		}
		s.refreshPages()
	}()
	select {
	case <-done:
	case <-time.After(staleFor):
	case <-ctx.Done():
	}
}

// refreshPages brings the pages readers use up to date in the background:
// one refresher at a time, running again as long as writes came while it
// ran, so a stream of writes costs one page computation at a time.
func (s *Server) refreshPages() {
	s.data.pagesDirty.Store(true)
	if !s.data.pagesRunning.CompareAndSwap(false, true) {
		return
	}
	go func() {
		for {
			for s.data.pagesDirty.Swap(false) {
				s.refreshPagesOnce()
			}
			s.data.pagesRunning.Store(false)
			// A write that came after the last pass and before the flag
			// went down found it up: take its pass.
			if !s.data.pagesDirty.Load() || !s.data.pagesRunning.CompareAndSwap(false, true) {
				return
			}
		}
	}()
}

func (s *Server) refreshPagesOnce() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		s.logf("refresh pages: %v", err)
		return
	}
	ctx = context.WithValue(ctx, needKey{}, version)
	for _, c := range []interface {
		refreshStale(context.Context, int64) error
	}{&s.data.reportHTML, &s.data.reports, &s.data.dashboard} {
		if err := c.refreshStale(ctx, version); err != nil {
			s.logf("refresh pages: %v", err)
			return
		}
	}
}

// needKey keys the data version a request's session last wrote.
type needKey struct{}

// withNeed marks a request with the data version its session last wrote:
// its reads are never older (see cache.get).
func (s *Server) withNeed(r *http.Request, sess *engine.Session) *http.Request {
	if v, ok := s.written.Load(sess.CSRF); ok {
		return r.WithContext(context.WithValue(r.Context(), needKey{}, v.(int64)))
	}
	return r
}

// needOf is the data version a request's reads may not be older than.
func needOf(ctx context.Context) int64 {
	v, _ := ctx.Value(needKey{}).(int64)
	return v
}
