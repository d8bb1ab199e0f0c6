package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// pageCSP is the Content Security Policy of the app's own pages: they run
// no script at all, load nothing from elsewhere and post forms only here.
// Inline style attributes are allowed ('unsafe-inline' for styles only): the
// pages and the charts size their boxes with them, and every user-supplied
// string is escaped, so a style cannot be injected.
const pageCSP = "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// reportCSP returns the policy of a page holding the report: its inline
// scripts (echarts and the charts) are allowed by their SHA-256 hashes —
// never 'unsafe-inline' — so a script that is not byte for byte the report's
// own does not run; self adds scripts served by the app itself (the
// dashboard's copy of echarts).
func reportCSP(hashes []string, self bool) string {
	var b strings.Builder
	b.WriteString("default-src 'none'; script-src")
	if self {
		b.WriteString(" 'self'")
	}
	for _, h := range hashes {
		b.WriteString(" '")
		b.WriteString(h)
		b.WriteString("'")
	}
	if len(hashes) == 0 && !self {
		b.WriteString(" 'none'")
	}
	b.WriteString("; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	return b.String()
}

// script is one script element of an HTML document: b[start:end] is the
// element, b[bodyStart:bodyEnd] its content.
type script struct {
	start, end, bodyStart, bodyEnd int
	src                            bool
}

// scripts finds the script elements of a document, in order. A scan, not a
// regular expression: the report carries a megabyte of echarts.
func scripts(b []byte) []script {
	lower := bytes.ToLower(b)
	var out []script
	for at := 0; ; {
		i := bytes.Index(lower[at:], []byte("<script"))
		if i < 0 {
			return out
		}
		i += at
		open := bytes.IndexByte(lower[i:], '>')
		if open < 0 {
			return out
		}
		open += i + 1
		closing := bytes.Index(lower[open:], []byte("</script"))
		if closing < 0 {
			return out
		}
		closing += open
		end := bytes.IndexByte(lower[closing:], '>')
		if end < 0 {
			return out
		}
		end += closing + 1
		out = append(out, script{start: i, end: end, bodyStart: open, bodyEnd: closing,
			src: bytes.Contains(lower[i:open], []byte("src="))})
		at = end
	}
}

// scriptHashes returns the CSP hashes ("sha256-...") of every inline script
// of an HTML document, in order, without repeats, and whether any script
// has a src.
func scriptHashes(html []byte) ([]string, bool) {
	var out []string
	var src bool
	seen := map[string]bool{}
	for _, sc := range scripts(html) {
		if sc.src {
			src = true
			continue
		}
		sum := sha256.Sum256(html[sc.bodyStart:sc.bodyEnd])
		h := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out, src
}

// secureHeaders sets the headers every response carries.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// sameSite refuses a state-changing request that a page of another site
// made (DESIGN §16): a browser names the page's origin (Origin) and how
// the request relates to this site (Sec-Fetch-Site) on every POST, so a
// form or a fetch from elsewhere — a login CSRF, say — is told apart from
// this app's own pages. Requests that send neither (curl, scripts) pass:
// they carry no one's cookies but their own.
func (s *Server) sameSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
			s.refuseCrossSite(w, r)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" {
			u, err := url.Parse(origin)
			if err != nil || origin == "null" || !strings.EqualFold(u.Host, r.Host) {
				s.refuseCrossSite(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) refuseCrossSite(w http.ResponseWriter, r *http.Request) {
	msg := "refused: this request came from a page of another site"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeJSON(w, http.StatusForbidden, apiError{Error: msg})
		return
	}
	http.Error(w, msg, http.StatusForbidden)
}
