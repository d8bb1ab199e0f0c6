package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
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
// own does not run.
func reportCSP(hashes []string) string {
	var b strings.Builder
	b.WriteString("default-src 'none'; script-src")
	for _, h := range hashes {
		b.WriteString(" '")
		b.WriteString(h)
		b.WriteString("'")
	}
	if len(hashes) == 0 {
		b.WriteString(" 'none'")
	}
	b.WriteString("; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	return b.String()
}

var inlineScript = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)

// scriptHashes returns the CSP hashes ("sha256-...") of every inline script
// of an HTML document, in order, without repeats.
func scriptHashes(html []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range inlineScript.FindAllSubmatch(html, -1) {
		if strings.Contains(strings.ToLower(string(m[1])), "src=") {
			continue
		}
		sum := sha256.Sum256(m[2])
		h := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
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
