package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// rowsOf returns the first cell's text of each row of a page's table
// body whose cells open with pattern (a <td ...> and what follows).
func rowsOf(body, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPages_ActivityFilters: each filter of the activity list keeps the
// activities toc.yaml says it should. The small example's three: scitt
// (robust, rgs with wsh and kfs), reading-buddies (pre-post, rgs with wsh,
// kfs and hcs), careers-fair (count, rgs with wsh, kfs and hcs); none has
// an evidence gap.
func TestPages_ActivityFilters(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"scitt", "reading-buddies", "careers-fair"}},
		{"?q=READING+activity", []string{"reading-buddies"}},
		{"?strategy=count", []string{"careers-fair"}},
		{"?school=hcs", []string{"reading-buddies", "careers-fair"}},
		{"?school=rgs&strategy=robust", []string{"scitt"}},
		{"?evidence=met", []string{"scitt", "reading-buddies", "careers-fair"}},
		{"?evidence=gap", nil},
		{"?page=7", []string{"scitt", "reading-buddies", "careers-fair"}}, // past the end: the last page
	} {
		status, body := ada.get("/activities" + c.query)
		if status != http.StatusOK {
			t.Errorf("%s: status %d", c.query, status)
			continue
		}
		got := rowsOf(body, `<td><a href="/activities/([^"]+)">`)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("/activities%s lists %q, want %q", c.query, got, c.want)
		}
		if c.want == nil && !strings.Contains(body, "No activities match.") {
			t.Errorf("/activities%s: no word that nothing matches", c.query)
		}
	}
	// The filter in force stays chosen in its select.
	if _, body := ada.get("/activities?strategy=count"); !strings.Contains(body, `<option value="count" selected>`) {
		t.Error("the strategy filter in force is not selected")
	}
	if status, _ := ada.get("/activities?page=0"); status != http.StatusBadRequest {
		t.Errorf("page=0: status %d, want 400", status)
	}
}

// TestPages_HistoryPages: a KPI's history is filtered by year and school
// and cut into pages of 50 that keep the filters.
func TestPages_HistoryPages(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	// 55 values for reading-age-gap: 2024/25 at wsh eleven times, and at
	// kfs, hcs, rgs and for the partnership eleven times each. With the
	// example's two 2023/24 values (wsh, kfs) the history holds 57.
	schools := []string{"wsh", "kfs", "hcs", "rgs", ""}
	for i := range 55 {
		rec := toc.KPIRecord{KPI: "reading-age-gap", Period: 2024, School: schools[i%5], Value: float64(i)}
		if _, err := app.Store.LogKPI(ctx, app.ToC, rec, "setup"); err != nil {
			t.Fatal(err)
		}
	}
	ada := app.login(t, "ada")
	row := `<tr class="record-[a-z]+">\s*<td>(\d{4}/\d{2})</td>`
	for _, c := range []struct {
		query     string
		rows      int
		shows     string
		prev, nxt bool
	}{
		{"", 50, "1–50 of 57 · page 1 of 2", false, true},
		{"?page=2", 7, "51–57 of 57 · page 2 of 2", true, false},
		{"?page=9", 7, "51–57 of 57 · page 2 of 2", true, false},
		{"?period=2023/24", 2, "2 in all.", false, false},
		{"?school=wsh", 12, "12 in all.", false, false},              // 11 in 2024/25 and one in 2023/24
		{"?school=-&period=2024/25", 11, "11 in all.", false, false}, // partnership-wide
		{"?school=kfs&period=2022/23", 0, "0 in all.", false, false},
	} {
		status, body := ada.get("/kpis/reading-age-gap" + c.query)
		if status != http.StatusOK {
			t.Errorf("%s: status %d", c.query, status)
			continue
		}
		if got := len(rowsOf(body, row)); got != c.rows {
			t.Errorf("history%s shows %d rows, want %d", c.query, got, c.rows)
		}
		if !strings.Contains(body, c.shows) {
			t.Errorf("history%s lacks %q", c.query, c.shows)
		}
		if got := strings.Contains(body, `rel="prev"`); got != c.prev {
			t.Errorf("history%s: a previous link %v, want %v", c.query, got, c.prev)
		}
		if got := strings.Contains(body, `rel="next"`); got != c.nxt {
			t.Errorf("history%s: a next link %v, want %v", c.query, got, c.nxt)
		}
		if c.rows == 0 && !strings.Contains(body, "Nothing matches.") {
			t.Errorf("history%s: no word that nothing matches", c.query)
		}
	}
	// When a value was logged is written in words (the store's clock:
	// 2025-03-01T09:00:00Z).
	if _, body := ada.get("/kpis/reading-age-gap"); !strings.Contains(body, `<td class="date">1 March 2025, 09:00</td>`) {
		t.Error("the history does not say in words when values were logged")
	}
	// The next page's link keeps the filter.
	_, body := ada.get("/kpis/reading-age-gap?period=2024/25")
	if !strings.Contains(body, `href="/kpis/reading-age-gap?page=2&amp;period=2024%2F25"`) {
		t.Errorf("the next page's link drops the year filter:\n%s", rowsOf(body, `(<nav class="pager".*?</nav>)`))
	}
}

// TestPages_AuditFilters: the audit log filtered by who, action and day;
// a filter it cannot read is refused with what it expects.
func TestPages_AuditFilters(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	app.login(t, "ed")
	entry := `<tr><td class="date">[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>`
	pairs := func(body string) []string {
		var out []string
		for _, m := range regexp.MustCompile(entry).FindAllStringSubmatch(body, -1) {
			out = append(out, m[1]+" "+m[2])
		}
		return out
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		// Newest first: ed's login, then ada's.
		{"?action=login", []string{"ed login", "ada login"}},
		{"?who=ed&action=login", []string{"ed login"}},
		{"?who=setup&action=import", []string{"setup import", "setup import", "setup import"}}, // one a file
		{"?since=2025-03-01&action=login", []string{"ed login", "ada login"}},
		{"?since=2025-03-02", nil},
	} {
		status, body := ada.get("/audit" + c.query)
		if got := pairs(body); status != http.StatusOK || strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("/audit%s: %d %q, want %q", c.query, status, got, c.want)
		}
	}
	for _, c := range []struct{ query, says string }{
		{"?action=delete", "action=&#34;delete&#34;: expected one of log, withdraw"},
		{"?since=1%2F3%2F2025", "expected a date as YYYY-MM-DD"},
	} {
		status, body := ada.get("/audit" + c.query)
		if status != http.StatusBadRequest || !strings.Contains(body, c.says) {
			t.Errorf("/audit%s: %d, want 400 saying %q\n%.400s", c.query, status, c.says, body)
		}
	}
}
