// Package web is the web app of `impact serve` (DESIGN §9): the report as
// live pages, a KPI log form, CSV upload, users and the audit log for
// admins, and a small JSON API, all behind logins with roles.
package web

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/schoolstogether/impact/engine"
)

// Config is what a Server serves and how.
type Config struct {
	// Store is the partnership's store; Dir its folder, whose toc.yaml is
	// served.
	Store engine.Store
	Dir   string
	// SecureCookies marks cookies Secure: set it when serving over TLS,
	// directly or behind a reverse proxy that terminates it.
	SecureCookies bool
	// Today is the date that picks the current academic year (the
	// command line's IMPACT_TODAY); time.Now when nil.
	Today func() time.Time
	// Log receives errors the user does not see; log.Default when nil.
	Log *log.Logger
	// MaxUpload bounds a request body, an uploaded CSV included; 256 MiB
	// when 0.
	MaxUpload int64
	// ReadTimeout and WriteTimeout bound a request's arrival and its
	// answer; ReadTimeout and WriteTimeout (edge.go) when 0.
	ReadTimeout, WriteTimeout time.Duration
}

// Server is the web app's HTTP handler.
type Server struct {
	store    engine.Store
	secure   bool
	today    func() time.Time
	log      *log.Logger
	toc      *tocSource
	throttle *throttle
	// hashing bounds concurrent password checks: each takes 19 MiB.
	hashing                   chan struct{}
	maxUpload                 int64
	uploads                   chan struct{} // a place for each upload at once
	readTimeout, writeTimeout time.Duration
	data                      *dataCache
	written                   sync.Map // a session's CSRF token → the data version after its last write
	mux                       *http.ServeMux
	handler                   http.Handler
}

// New returns a Server for a partnership's store. It reads toc.yaml from
// the folder now and again whenever the file changes.
func New(cfg Config) (*Server, error) {
	s := &Server{
		store:        cfg.Store,
		secure:       cfg.SecureCookies,
		today:        cfg.Today,
		log:          cfg.Log,
		throttle:     newThrottle(),
		hashing:      make(chan struct{}, 2),
		maxUpload:    cfg.MaxUpload,
		uploads:      make(chan struct{}, maxUploads),
		readTimeout:  cfg.ReadTimeout,
		writeTimeout: cfg.WriteTimeout,
		data:         newDataCache(),
		mux:          http.NewServeMux(),
	}
	if s.today == nil {
		s.today = time.Now
	}
	if s.readTimeout <= 0 {
		s.readTimeout = ReadTimeout
	}
	if s.writeTimeout <= 0 {
		s.writeTimeout = WriteTimeout
	}
	if s.maxUpload <= 0 {
		s.maxUpload = defaultMaxUpload
	}
	if s.log == nil {
		s.log = log.Default()
	}
	s.toc = newTocSource(s.store, cfg.Dir, s.today, s.log)
	if _, err := s.toc.plan(context.Background()); err != nil {
		return nil, err
	}
	s.routes()
	s.handler = secureHeaders(s.sameSite(s.mux))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// logf logs an error the user is not shown.
func (s *Server) logf(format string, args ...any) { s.log.Printf("web: "+format, args...) }

// Partnership is the name of the partnership served, from toc.yaml.
func (s *Server) Partnership() string {
	plan, err := s.toc.plan(context.Background())
	if err != nil || plan.ToC.Name == "" {
		return "the partnership"
	}
	return plan.ToC.Name
}
