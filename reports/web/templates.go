package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/style.css
var styleCSS []byte

var funcs = template.FuncMap{
	"value": formatValue,
	"fixed": func(f *float64) string { return strconv.FormatFloat(*f, 'f', 2, 64) },
	"percent": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return strconv.FormatFloat(*f*100, 'f', 0, 64) + "%"
	},
	"ratio": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return strconv.FormatFloat(*f, 'f', 2, 64)
	},
	"money": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return "£" + strconv.FormatFloat(*f, 'f', 2, 64)
	},
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
}

// pages holds one template per page, each with the shared layout.
var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{"login", "logout", "error", "password", "kpis", "kpi", "activities", "activity", "upload", "users", "audit", "pupils", "years", "review", "status", "toc", "revisions"} {
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
