package web

import (
	"bytes"
	"regexp"

	"github.com/schoolstogether/impact/toc"
)

// dashNav is the app's navigation as the dashboard carries it above the
// report. It holds no per-session data (logging out goes through a page
// with its own form), so one rendering serves every user of a role.
func dashNav(role toc.Role) []byte {
	var b bytes.Buffer
	b.WriteString(`<header class="top noprint" id="app-nav"><a class="brand" href="/">impact</a><nav>`)
	b.WriteString(`<a href="/">Dashboard</a><a href="/health">Health</a><a href="/kpis">KPIs</a><a href="/activities">Activities</a>`)
	if role.CanWrite() {
		b.WriteString(`<a href="/upload">Upload CSV</a><a href="/status">What's missing</a><a href="/review">Review</a>`)
	}
	b.WriteString(`<a href="/report.html?download=1">Download report</a>`)
	if role == toc.RoleAdmin {
		b.WriteString(`<a href="/toc">Theory of change</a><a href="/users">Users</a><a href="/years">Years</a><a href="/pupils">Pupils</a><a href="/audit">Audit log</a>`)
	}
	b.WriteString(`<a href="/account/password">Password</a><a href="/logout">Log out</a></nav></header>`)
	return b.Bytes()
}

var (
	bodyOpen  = regexp.MustCompile(`(?i)<body\b[^>]*>`)
	headClose = regexp.MustCompile(`(?i)</head>`)
)

// withNav puts the app's stylesheet and navigation into a report page.
// The inlined echarts library holds "<body" in its own strings, so tags
// inside scripts are skipped.
func withNav(report []byte, role toc.Role) []byte {
	var skip [][]int
	for _, sc := range scripts(report) {
		skip = append(skip, []int{sc.start, sc.end})
	}
	head := firstOutside(headClose, report, skip)
	body := firstOutside(bodyOpen, report, skip)
	out := make([]byte, 0, len(report)+2048)
	if head == nil || body == nil || body[0] < head[1] {
		// Not the document we know: navigation on top, report unchanged.
		out = append(out, dashNav(role)...)
		return append(out, report...)
	}
	out = append(out, report[:head[0]]...)
	out = append(out, `<link rel="stylesheet" href="/static/style.css">`...)
	out = append(out, report[head[0]:body[1]]...)
	out = append(out, dashNav(role)...)
	return append(out, report[body[1]:]...)
}

// firstOutside returns the first match of re in b that is not inside one of
// the ranges skip.
func firstOutside(re *regexp.Regexp, b []byte, skip [][]int) []int {
	for _, m := range re.FindAllIndex(b, -1) {
		inside := false
		for _, r := range skip {
			if m[0] >= r[0] && m[0] < r[1] {
				inside = true
				break
			}
		}
		if !inside {
			return m
		}
	}
	return nil
}
