package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/reports/web"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runServe(args []string) error {
	f := a.newFlags("serve", "serve [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--max-upload 256MiB] [--dir DIR | --partnerships DIR] [--db URL]",
		`Serves the web app: the live report for each login's audience, KPI pages
with a log form, CSV upload, the report download, users and the audit log
for admins, and the JSON API (POST /api/login, GET /api/metrics, POST
/api/kpi-values, POST /api/imports). Create logins first with impact user add.

It listens on loopback only unless --addr says otherwise. Beyond loopback,
serve over TLS: give --tls-cert and --tls-key, or put a reverse proxy that
terminates TLS in front and pass --secure-cookies so the session cookie is
only ever sent over HTTPS. toc.yaml is re-read when it changes.

--partnerships DIR serves every partnership folder in DIR from one process,
each at a host name led by the folder's name (tyne-valley.localhost:8080 on
this machine; tyne-valley.impact.example behind wildcard DNS), with its own
logins; the bare host lists them and serves the funders' portfolio
(/portfolio, GET /api/portfolio): one funder login, of the same name and
password in each partnership, across them all. With --db postgres://… the
partnerships share one database, and several serve processes may serve it
at once: sessions work on each, and a write through one shows on the others.`,
		`  impact serve
  impact serve --addr 0.0.0.0:8443 --tls-cert /etc/impact/cert.pem --tls-key /etc/impact/key.pem
  impact serve --addr 127.0.0.1:8080 --secure-cookies   # behind nginx or Caddy with HTTPS
  impact serve --db postgres://impact@db/impact --partnerships /srv/partnerships`)
	addr := f.String("addr", "127.0.0.1:8080", "the `HOST:PORT` to listen on")
	certFile := f.String("tls-cert", "", "serve HTTPS with this certificate `FILE` (PEM, full chain)")
	keyFile := f.String("tls-key", "", "the private key `FILE` of --tls-cert (PEM)")
	secure := f.Bool("secure-cookies", false, "mark cookies Secure without --tls-cert: for a reverse proxy that serves HTTPS")
	maxConns := f.Int("max-connections", web.DefaultMaxConnections, "serve at most `N` connections at once; more wait to be accepted")
	maxUpload := f.String("max-upload", "256MiB", "refuse uploads larger than `SIZE` (256MiB, 1GiB, or bytes); larger files go through impact import")
	many := f.String("partnerships", "", "serve every partnership folder in `DIR`, each at NAME.HOST (NAME the folder's name), with the funders' portfolio at HOST/portfolio")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("serve takes no arguments, got %q (see impact serve --help)", rest[0])
	}
	if (*certFile == "") != (*keyFile == "") {
		return usageError("serve: --tls-cert and --tls-key go together")
	}
	tls := *certFile != ""
	uploadCap, err := parseSize(*maxUpload)
	if err != nil {
		return usageError("--max-upload: %v", err)
	}
	a.boundMemory()
	if _, err := a.today(); err != nil {
		return err
	}

	if *maxConns < 1 {
		return usageError("--max-connections %d: expected at least 1", *maxConns)
	}
	opts, err := a.storeOptions(f)
	if err != nil {
		return err
	}
	// A page waits a few seconds for another process's write (a long
	// import from the command line), then answers 503 with Retry-After.
	opts.BusyTimeout, opts.OnWait = webBusyTimeout, nil
	cfg := web.Config{SecureCookies: tls || *secure, MaxUpload: uploadCap,
		Today: func() time.Time { t, _ := a.today(); return t },
		Log:   log.New(a.Stderr, "", log.LstdFlags),
	}
	dirs := []string{f.dir}
	if *many != "" {
		if dirs, err = partnershipDirs(*many); err != nil {
			return err
		}
		// One connection pool for every partnership of the database.
		opts.Pools = &folder.Pools{}
		defer opts.Pools.Close()
	}
	servers := map[string]*web.Server{}
	var first *web.Server
	for _, dir := range dirs {
		srv, closeStore, err := a.openServer(dir, opts, cfg)
		if err != nil {
			return err
		}
		defer closeStore()
		servers[filepath.Base(dir)], first = srv, srv
	}
	var parts *web.Partnerships
	if *many != "" {
		if parts, err = web.NewPartnerships(servers, tls || *secure, cfg.Log); err != nil {
			return err
		}
	}
	ln, _, note, err := web.Listen(*addr, *maxConns)
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintf(a.Stderr, "impact serve: warning: %s\n", note)
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	var hs *http.Server
	if parts == nil {
		fmt.Fprintf(a.Stdout, "impact: serving %s (%s) on %s://%s (Ctrl-C to stop)\n", first.Partnership(), f.dir, scheme, ln.Addr())
		hs = first.HTTPServer(log.New(a.Stderr, "impact serve: ", 0))
	} else {
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		fmt.Fprintf(a.Stdout, "impact: serving %s from %s on %s://localhost:%s (Ctrl-C to stop)\n", plural(len(dirs), "partnership", "partnerships"), *many, scheme, port)
		for _, l := range parts.Labels() {
			fmt.Fprintf(a.Stdout, "  %s: %s://%s.localhost:%s/\n", servers[l].Partnership(), scheme, l, port)
		}
		hs = parts.HTTPServer(log.New(a.Stderr, "impact serve: ", 0))
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !tls && !*secure && !isLoopback(host) {
		fmt.Fprintf(a.Stderr, "impact serve: warning: serving plain HTTP beyond loopback: passwords and session cookies cross the network in clear; use --tls-cert/--tls-key or a reverse proxy with --secure-cookies\n")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- hs.ServeTLS(ln, *certFile, *keyFile)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	fmt.Fprintln(a.Stdout, "impact: stopped")
	return nil
}

// openServer opens a partnership folder's store and its web app; the
// function returned closes the store.
func (a *App) openServer(dir string, opts folder.Store, cfg web.Config) (*web.Server, func(), error) {
	store, err := folder.OpenStore(dir, opts)
	if err != nil {
		return nil, nil, err
	}
	a.warn(store.Warnings())
	cfg.Store, cfg.Dir = store, dir
	srv, err := web.New(cfg)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	// Said before the line that says it serves: whoever waits for that
	// line has every warning by then.
	if users, err := store.Users(context.Background()); err == nil && len(users) == 0 {
		fmt.Fprintf(a.Stderr, "impact serve: warning: no login exists yet, so nobody can log in: impact user add NAME --role admin --dir %s\n", dir)
	}
	return srv, func() { store.Close() }, nil
}

// partnershipDirs are the folders in dir that hold a toc.yaml, sorted.
func partnershipDirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("--partnerships: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && fileExists(filepath.Join(dir, e.Name(), folder.TocFile)) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	if len(out) == 0 {
		return nil, toc.Errorf(toc.EINVALID, "--partnerships %s: no folder in it holds a toc.yaml", dir)
	}
	return out, nil
}

// webBusyTimeout is how long a web request's write waits for another.
const webBusyTimeout = 5 * time.Second

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
