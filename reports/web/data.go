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
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
)

// scope is what a user may see: an audience and the activities it is
// limited to (none: all).
type scope struct {
	audience   string
	activities []string
}

// scopeOf returns a user's scope: admins and editors see the director view
// of everything; a funder the funder view of its activities.
func scopeOf(u engine.User) scope {
	if u.Role == engine.RoleFunder {
		return scope{audience: metrics.AudienceFunder, activities: u.Activities}
	}
	return scope{audience: metrics.AudienceDirector}
}

func (sc scope) key(gen int64) string {
	return fmt.Sprintf("%d|%s|%s", gen, sc.audience, strings.Join(sc.activities, ","))
}

// page is a rendered HTML document kept for a data version: its bytes,
// gzipped once, and the script hashes its policy allows.
type page struct {
	html []byte
	gz   []byte
	csp  string
	etag string
}

func newPage(html []byte) (*page, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if _, err := zw.Write(html); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(html)
	return &page{html: html, gz: gz.Bytes(), csp: reportCSP(scriptHashes(html)), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}, nil
}

// serve writes the page, gzipped when the client takes it.
func (p *page) serve(w http.ResponseWriter, r *http.Request, disposition string) {
	h := w.Header()
	h.Set("Content-Security-Policy", p.csp)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", p.etag)
	h.Set("Vary", "Accept-Encoding, Cookie")
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == p.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.html
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

// dataCache holds what is computed from the store, per scope and data
// version: the metrics, the report and the dashboard.
type dataCache struct {
	metrics   cache[*metrics.Result]
	reports   cache[*page]
	dashboard cache[*page]
}

func newDataCache() *dataCache { return &dataCache{} }

// metricsFor returns the metrics of a scope as of now: cached until the
// next write.
func (s *Server) metricsFor(ctx context.Context, sc scope) (*metrics.Result, *engine.Plan, error) {
	plan, gen, err := s.toc.planGen(ctx)
	if err != nil {
		return nil, nil, err
	}
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	res, err := s.data.metrics.get(sc.key(gen), version, s.versionFunc(ctx), func() (*metrics.Result, error) {
		return metrics.Compute(ctx, s.store, plan, metrics.Options{Activities: sc.activities, Audience: sc.audience, Today: s.today()})
	})
	return res, plan, err
}

func (s *Server) versionFunc(ctx context.Context) func() (int64, error) {
	return func() (int64, error) { return s.store.DataVersion(ctx) }
}

// reportFor returns the HTML report of a scope as of now.
func (s *Server) reportFor(ctx context.Context, sc scope) (*page, error) {
	_, gen, err := s.toc.planGen(ctx)
	if err != nil {
		return nil, err
	}
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.data.reports.get(sc.key(gen), version, s.versionFunc(ctx), func() (*page, error) {
		html, err := s.renderReport(ctx, sc)
		if err != nil {
			return nil, err
		}
		return newPage(html)
	})
}

func (s *Server) renderReport(ctx context.Context, sc scope) ([]byte, error) {
	res, plan, err := s.metricsFor(ctx, sc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = reports.Write(&buf, reports.Input{ToC: plan.ToC, Result: res, Stamp: reports.Stamp{
		Made: time.Now(), Revision: s.toc.revision(), Audience: sc.audience,
	}})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// dashboardFor returns the report of a scope with the app's navigation for
// a role on top.
func (s *Server) dashboardFor(ctx context.Context, sc scope, role engine.Role) (*page, error) {
	_, gen, err := s.toc.planGen(ctx)
	if err != nil {
		return nil, err
	}
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.data.dashboard.get(sc.key(gen)+"|"+string(role), version, s.versionFunc(ctx), func() (*page, error) {
		rep, err := s.reportFor(ctx, sc)
		if err != nil {
			return nil, err
		}
		return newPage(withNav(rep.html, role))
	})
}
