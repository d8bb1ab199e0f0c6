package reports_test

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

// The report's own markup is regular enough to read with a few patterns:
// these pick out what a reader meets, in page order, for the golden files.
var (
	bodyStart  = "<body"
	reTag      = regexp.MustCompile(`(?s)<(h1|h2|h3|figcaption|caption|dt|dd)\b[^>]*>(.*?)</(?:h1|h2|h3|figcaption|caption|dt|dd)>|<p class="(caption|card-label|card-value|card-note|empty[^"]*|notice|facts|case-title|lede description)">(.*?)</p>|<div class="(banner)"[^>]*>(.*?)</div>|<div class="item" id="(chart_\w+)" style="width:(\d+)px;height:(\d+)px;"|<table\b|<tr\b|</table>|<li class="(objective|outcome|kpi|activity[^"]*)"|<li><span class="note-when">(.*?)</li>|<span class="detail">(.*?)</span>`)
	reStrip    = regexp.MustCompile(`(?s)<[^>]*>`)
	reSpace    = regexp.MustCompile(`\s+`)
	reOption   = regexp.MustCompile(`let option_(chart_\w+) = (.*)\n`)
	reChartDiv = regexp.MustCompile(`<div class="item" id="(chart_\w+)"`)
)

// text is an element's content as a reader sees it.
func text(s string) string {
	return strings.TrimSpace(reSpace.ReplaceAllString(html.UnescapeString(reStrip.ReplaceAllString(s, " ")), " "))
}

// outline lists the page's headings, stamp, headline figures, tree nodes,
// charts with their sizes, captions and tables with their row counts.
func outline(page string) string {
	i := strings.Index(page, bodyStart)
	if i < 0 {
		return "no body"
	}
	body := page[i:]
	var b strings.Builder
	rows, inTable := 0, false
	for _, m := range reTag.FindAllStringSubmatch(body, -1) {
		switch {
		case m[1] == "caption":
			fmt.Fprintf(&b, "table: %s\n", text(m[2]))
		case m[1] != "":
			fmt.Fprintf(&b, "%s: %s\n", m[1], text(m[2]))
		case m[3] != "":
			fmt.Fprintf(&b, "%s: %s\n", m[3], text(m[4]))
		case m[5] != "":
			fmt.Fprintf(&b, "banner: %s\n", text(m[6]))
		case m[7] != "":
			fmt.Fprintf(&b, "chart %s %sx%s\n", m[7], m[8], m[9])
		case m[10] != "":
			fmt.Fprintf(&b, "tree %s\n", m[10])
		case m[11] != "":
			fmt.Fprintf(&b, "note: %s\n", text(m[11]))
		case m[12] != "":
			fmt.Fprintf(&b, "  %s\n", text(m[12]))
		case m[0] == "<table":
			rows, inTable = 0, true
		case m[0] == "<tr":
			rows++
		case m[0] == "</table>" && inTable:
			fmt.Fprintf(&b, "table rows: %d\n", rows)
			inTable = false
		}
	}
	fmt.Fprintf(&b, "charts: %d\n", len(reChartDiv.FindAllString(body, -1)))
	return b.String()
}

// options decodes every chart's options from the page, by chart id. A
// chart whose options are not plain JSON fails the test: it would mean
// something other than data reached the script.
func options(t *testing.T, page string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, m := range reOption.FindAllStringSubmatch(page, -1) {
		var o map[string]any
		if err := json.Unmarshal([]byte(m[2]), &o); err != nil {
			t.Fatalf("options of %s are not JSON: %v\n%.300s", m[1], err, m[2])
		}
		out[m[1]] = o
	}
	return out
}

// series returns the data of a chart's n-th series.
func series(t *testing.T, opts map[string]any, n int) []any {
	t.Helper()
	ss, _ := opts["series"].([]any)
	if n >= len(ss) {
		t.Fatalf("no series %d in %v", n, opts["series"])
	}
	data, _ := ss[n].(map[string]any)["data"].([]any)
	return data
}
