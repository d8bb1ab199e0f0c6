package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/style.css
var styleCSS []byte

// funcs write numbers and dates as the report does (reports/format): one
// formatter, so a page never says 88% where the report says 87.5%.
var funcs = template.FuncMap{
	"value":   func(v float64) string { return format.Number(v, 2) },
	"fixed":   func(f *float64) string { return format.Fixed(*f, 2) },
	"percent": format.Percent,
	"ratio":   format.Times,
	"times":   func(x float64) string { return format.Times(&x) },
	"money":   format.PoundsPtr,
	"n": func(v any) string {
		switch n := v.(type) {
		case int:
			return format.Grouped(int64(n))
		case int64:
			return format.Grouped(n)
		case *int:
			if n == nil {
				return format.Dash
			}
			return format.Grouped(int64(*n))
		}
		return fmt.Sprint(v)
	},
	"count": func(c metrics.Count) string {
		if c.Suppressed || c.Complementary {
			return c.String()
		}
		return format.Grouped(int64(c.N))
	},
	"date": func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04") },
	// when writes a stored RFC 3339 time in words.
	"when": func(s string) string {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC().Format("2 January 2006, 15:04")
		}
		return s
	},
	// day writes a stored YYYY-MM-DD date in words.
	"day": func(s string) string {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.Format("2 January 2006")
		}
		return s
	},
}

// pages holds one template per page, each with the shared layout.
var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{"login", "logout", "error", "password", "kpis", "kpi", "activities", "activity", "upload", "users", "audit", "pupils", "years", "review", "status", "toc", "revisions", "health", "school"} {
		m[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return m
}()

// view is what every page template sees.
type view struct {
	Title    string
	User     *sessionUser // nil on the login page
	CSRF     string
	Notice   string
	Errors   []string
	CanWrite bool // editors and admins: log values, upload
	IsAdmin  bool
	IsFunder bool // the page shows a funder's view
	// TocProblem says why toc.yaml on disk is not the one served, for a
	// banner to those who can mend it; "" when it is.
	TocProblem string
	Data       any
}

// render writes a page with a status; a template error becomes a 500
// before anything is sent.
func (s *Server) render(w http.ResponseWriter, status int, name string, v view) {
	t, ok := pages[name]
	if !ok {
		panic(fmt.Sprintf("web: no template %q", name))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".html", v); err != nil {
		s.logf("render %s: %v", name, err)
		http.Error(w, "internal error: see the server's log", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
