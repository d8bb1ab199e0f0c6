package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// scope is what a user may see: an audience and the activities it is
// limited to (none: all).
type scope struct {
	audience   toc.Audience
	activities []string
}

// scopeOf returns a user's scope: admins and editors see the director view
// of everything; a funder the funder view of its activities.
func scopeOf(u engine.User) scope {
	aud, acts := u.Viewer()
	return scope{audience: aud, activities: acts}
}

func (sc scope) key(gen int64) string {
	return fmt.Sprintf("%d|%s|%s", gen, sc.audience, strings.Join(sc.activities, ","))
}

// page is a rendered document kept for a data version: its bytes, gzipped
// once, and for HTML the policy that allows its scripts by hash.
type page struct {
	body        []byte
	gz          []byte
	csp         string
	etag        string
	contentType string
}

func newPage(html []byte) (*page, error) {
	p, err := newFile(html, "text/html; charset=utf-8")
	if err != nil {
		return nil, err
	}
	p.csp = reportCSP(scriptHashes(html))
	return p, nil
}

func newFile(body []byte, contentType string) (*page, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &page{body: body, gz: gz.Bytes(), contentType: contentType, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}, nil
}

// serve writes the page, gzipped when the client takes it.
func (p *page) serve(w http.ResponseWriter, r *http.Request, disposition string) {
	h := w.Header()
	if p.csp != "" {
		h.Set("Content-Security-Policy", p.csp)
	}
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Accept-Encoding, Cookie")
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	p.serveFile(w, r)
}

// serveFile writes the bytes with their type and ETag, gzipped when the
// client takes it.
func (p *page) serveFile(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	h.Set("ETag", p.etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == p.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// dataCache holds what is computed from the store, per scope and
// version: the evidence (until the next import), and the metrics, the
// report and the dashboard (until the next write).
type dataCache struct {
	evidence   cache[*metrics.Evidence]
	metrics    cache[*metrics.Result]
	reportHTML cache[[]byte]
	reports    cache[*page]
	dashboard  cache[*page]
	lib        library // the charting library, served apart to the dashboard

	pagesDirty, pagesRunning atomic.Bool // see refreshPages
	protections              sync.Map    // a scope's key → its funder view's *metrics.Protection
}

func newDataCache() *dataCache { return &dataCache{} }

// cached returns c's value for a key of the current theory of change as of
// the current data version, computing it when a write came since (or
// serving the last while the next is computed: see cache). It leaves in
// the cache how to compute the key again, for writes to refresh it.
func cached[V any](ctx context.Context, s *Server, c *cache[V], key func(gen int64) string, compute func(context.Context, *toc.Plan) (V, error)) (V, *toc.Plan, error) {
	plan, gen, err := s.toc.planGen(ctx)
	if err != nil {
		var zero V
		return zero, nil, err
	}
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		var zero V
		return zero, nil, err
	}
	current := func() (int64, error) { return s.store.DataVersion(ctx) }
	k := key(gen)
	v, err := c.get(k, version, needOf(ctx), current, func() (V, error) { return compute(ctx, plan) })
	c.remember(k, func(ctx context.Context) error {
		_, _, err := cached(ctx, s, c, key, compute)
		return err
	})
	return v, plan, err
}

// metricsFor returns the metrics of a scope as of now: cached until the
// next write, and only the KPI part recomputed unless it was an import.
// The evidence, when it must be tallied afresh, is read through a snapshot
// of its own (see evidenceFor); the KPI part through a short one.
func (s *Server) metricsFor(ctx context.Context, sc scope) (*metrics.Result, *toc.Plan, error) {
	return cached(ctx, s, &s.data.metrics, sc.key, func(ctx context.Context, plan *toc.Plan) (*metrics.Result, error) {
		ev, err := s.evidenceFor(ctx, plan, sc)
		if err != nil {
			return nil, err
		}
		rd := s.read() // its own read: it may outlive the request that asked (a refresh)
		defer rd.close()
		snap, err := rd.snapshot(ctx, sc.audience)
		if err != nil {
			return nil, err
		}
		review, err := s.store.ReviewCounts(ctx)
		if err != nil {
			return nil, err
		}
		protection, _ := s.data.protections.LoadOrStore(sc.key(0), &metrics.Protection{})
		return metrics.FromEvidence(ctx, snap, plan, ev, metrics.Options{Activities: sc.activities, Audience: sc.audience, Today: s.today(), Review: review,
			Protection: protection.(*metrics.Protection)})
	})
}

// evidenceFor returns the tallied rows of a scope's activities as of the
// latest import. A funder's view and a director's of the same activities
// share them. Tallying afresh reads every row: it takes a place of the
// process's tallying (see tallying) before it opens its snapshot, so that
// however many partnerships and readers ask at once, only as many
// snapshots stream rows as there are cores, and the store's connections
// stay free for the short reads and the writes.
func (s *Server) evidenceFor(ctx context.Context, plan *toc.Plan, sc scope) (*metrics.Evidence, error) {
	acts, _, err := metrics.Scope(plan.ToC, sc.activities)
	if err != nil {
		return nil, err
	}
	version, err := s.store.EvidenceVersion(ctx)
	if err != nil {
		return nil, err
	}
	// The evidence depends on the activities read, whatever the toc.yaml,
	// and on whether pending data counts (a funder's does not).
	ids := make([]string, len(acts))
	for i, a := range acts {
		ids[i] = a.ID
	}
	key := strings.Join(ids, ",")
	if sc.audience == toc.Funder {
		key += "|approved"
	}
	current := func() (int64, error) { return s.store.EvidenceVersion(ctx) }
	return s.data.evidence.get(key, version, needOf(ctx), current, func() (*metrics.Evidence, error) {
		release, err := tallying.take(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		rd := s.read()
		defer rd.close()
		snap, err := rd.snapshot(ctx, sc.audience)
		if err != nil {
			return nil, err
		}
		return metrics.ReadEvidence(ctx, snap, ids)
	})
}

// reportHTMLFor returns the HTML report of a scope as of now.
func (s *Server) reportHTMLFor(ctx context.Context, sc scope) ([]byte, error) {
	html, _, err := cached(ctx, s, &s.data.reportHTML, sc.key, func(ctx context.Context, _ *toc.Plan) ([]byte, error) {
		res, plan, err := s.metricsFor(ctx, sc)
		if err != nil {
			return nil, err
		}
		return s.renderReport(ctx, plan, res, sc, "")
	})
	return html, err
}

// renderReport writes the report of a scope; libraryURL, when set, has it
// load the charting library from the app rather than carry it inline.
func (s *Server) renderReport(ctx context.Context, plan *toc.Plan, res *metrics.Result, sc scope, libraryURL string) ([]byte, error) {
	// The dashboard (served with the library apart) links to the app's
	// pages; a downloaded report stands alone.
	in := reports.Input{ToC: plan.ToC, Result: res, LibraryURL: libraryURL, Links: libraryURL != "", Stamp: reports.Stamp{
		Made: time.Now(), Revision: s.toc.revision(), Audience: sc.audience,
	}}
	rd := s.read()
	defer rd.close()
	snap, err := rd.snapshot(ctx, sc.audience)
	if err != nil {
		return nil, err
	}
	if in.Notes, in.ValueNotes, err = engine.NarrativeFor(ctx, s.store, snap, sc.audience, res.KPIIDs()); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = reports.Write(&buf, in)
	return buf.Bytes(), err
}

// reportFor returns the report of a scope as a page to send: one
// self-contained file, as the command line writes it.
func (s *Server) reportFor(ctx context.Context, sc scope) (*page, error) {
	p, _, err := cached(ctx, s, &s.data.reports, sc.key, func(ctx context.Context, _ *toc.Plan) (*page, error) {
		html, err := s.reportHTMLFor(ctx, sc)
		if err != nil {
			return nil, err
		}
		return newPage(html)
	})
	return p, err
}

// dashboardFor returns the report of a scope with the app's navigation for
// a role on top, loading the charting library from a file of its own that
// browsers keep: a fraction of the bytes to send at every visit.
func (s *Server) dashboardFor(ctx context.Context, sc scope, role toc.Role) (*page, error) {
	key := func(gen int64) string { return sc.key(gen) + "|" + string(role) }
	p, _, err := cached(ctx, s, &s.data.dashboard, key, func(ctx context.Context, _ *toc.Plan) (*page, error) {
		res, plan, err := s.metricsFor(ctx, sc)
		if err != nil {
			return nil, err
		}
		html, err := s.renderReport(ctx, plan, res, sc, s.data.lib.url())
		if err != nil {
			return nil, err
		}
		return newPage(withNav(html, role))
	})
	return p, err
}

// library is the charting library the dashboard loads from the app,
// named by its hash so that browsers may keep it for a year.
type library struct {
	once sync.Once
	name string
	file *page
}

func (l *library) load() {
	l.once.Do(func() {
		js := reports.ECharts()
		f, err := newFile(js, "text/javascript; charset=utf-8")
		if err != nil {
			return
		}
		sum := sha256.Sum256(js)
		l.name, l.file = "echarts-"+hex.EncodeToString(sum[:8])+".js", f
	})
}

// url is where the app serves the library; "" when it has none.
func (l *library) url() string {
	if l.load(); l.file == nil {
		return ""
	}
	return "/static/lib/" + l.name
}

// serveLibrary serves the dashboard's charting library: public code, named
// by its hash, so cached for a year.
func (s *Server) serveLibrary(w http.ResponseWriter, r *http.Request) {
	lib := &s.data.lib
	if lib.load(); lib.file == nil || r.PathValue("name") != lib.name {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	lib.file.serveFile(w, r)
}
