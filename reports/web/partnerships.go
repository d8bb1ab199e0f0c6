package web

import (
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Partnerships serves many partnerships from one process (DESIGN §15),
// each at a host name of its own whose first label is the partnership's
// name: tyne-valley.impact.example, or on one machine
// tyne-valley.localhost:8080 (browsers send *.localhost to loopback). Each
// partnership's pages, logins and cookies are its own, as if it were
// served alone: a cookie set by one host is never sent to another. The
// bare host lists the partnerships and serves the funders' portfolio.
type Partnerships struct {
	byLabel map[string]*Server
	labels  []string // sorted
	secure  bool
	log     *log.Logger
	handler http.Handler
}

// hostLabel is what a partnership's name must be to lead a host name.
var hostLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// NewPartnerships serves the servers, each at the host label its key
// names (a partnership folder's name).
func NewPartnerships(servers map[string]*Server, secureCookies bool, logger *log.Logger) (*Partnerships, error) {
	p := &Partnerships{byLabel: map[string]*Server{}, secure: secureCookies, log: logger}
	if p.log == nil {
		p.log = log.Default()
	}
	for label, s := range servers {
		if !hostLabel.MatchString(label) {
			return nil, fmt.Errorf("partnership folder %q: its name leads the host name it is served at, so it must be lower-case letters, digits and hyphens (at most 63), not starting or ending with a hyphen: rename the folder", label)
		}
		p.byLabel[label] = s
		p.labels = append(p.labels, label)
	}
	if len(p.labels) == 0 {
		return nil, fmt.Errorf("no partnership to serve: expected folders holding toc.yaml")
	}
	sort.Strings(p.labels)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/style.css", serveStyle)
	mux.HandleFunc("GET /{$}", p.index)
	mux.HandleFunc("GET /portfolio", p.portfolioPage)
	mux.HandleFunc("POST /portfolio/login", p.portfolioLogin)
	mux.HandleFunc("POST /portfolio/logout", p.portfolioLogout)
	mux.HandleFunc("GET /api/portfolio", p.apiPortfolio)
	p.handler = secureHeaders(sameSiteOnly(mux))
	return p, nil
}

// ServeHTTP sends a request to the partnership its host names, or to the
// bare host's own pages.
func (p *Partnerships) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s := p.byLabel[p.label(r.Host)]; s != nil {
		s.ServeHTTP(w, r)
		return
	}
	p.handler.ServeHTTP(w, r)
}

// label is the first label of a host name that has more than one; "" for
// a bare host (localhost, an address).
func (p *Partnerships) label(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(host) != nil {
		return ""
	}
	first, rest, ok := strings.Cut(strings.ToLower(host), ".")
	if !ok || rest == "" {
		return ""
	}
	return first
}

// HTTPServer is an http.Server for the partnerships, with the limits
// every server of the web app has (edge.go).
func (p *Partnerships) HTTPServer(errorLog *log.Logger) *http.Server {
	hs := p.byLabel[p.labels[0]].HTTPServer(errorLog)
	hs.Handler = p
	return hs
}

// Labels are the partnerships served, by the label of their host names.
func (p *Partnerships) Labels() []string { return p.labels }

// hostOf is the host name a partnership is served at, from a request to
// the bare host.
func hostOf(label, bare string) string { return label + "." + bare }

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partnerships · impact</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main>
<h1>Partnerships served here</h1>
<ul>{{range .}}<li><a href="{{.URL}}">{{.Name}}</a> <span class="muted">({{.Host}})</span></li>{{end}}</ul>
<p>Each partnership has its own logins. A funder of several: <a href="/portfolio">your portfolio</a>.</p>
</main></body></html>
`))

type indexEntry struct{ Name, Host, URL string }

func (p *Partnerships) index(w http.ResponseWriter, r *http.Request) {
	var entries []indexEntry
	scheme := "http"
	if r.TLS != nil || p.secure {
		scheme = "https"
	}
	for _, l := range p.labels {
		host := hostOf(l, r.Host)
		entries = append(entries, indexEntry{Name: p.byLabel[l].Partnership(), Host: host, URL: (&url.URL{Scheme: scheme, Host: host, Path: "/"}).String()})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := indexPage.Execute(w, entries); err != nil {
		p.log.Printf("web: index: %v", err)
	}
}

// sameSiteOnly refuses a state-changing request another site's page made,
// as Server.sameSite does for a partnership's own pages.
func sameSiteOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			site := r.Header.Get("Sec-Fetch-Site")
			origin := r.Header.Get("Origin")
			u, err := url.Parse(origin)
			if site != "" && site != "same-origin" && site != "none" || origin != "" && (err != nil || origin == "null" || !strings.EqualFold(u.Host, r.Host)) {
				http.Error(w, "refused: this request came from a page of another site", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
