package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports/browsertest"
)

// artifacts keeps what the browser tests saw, for a person to look at
// (git-ignored).
const artifacts = "testdata/artifacts"

// overflow lists the elements that reach past the viewport's right edge,
// outside the boxes that scroll inside themselves (.scroll, .table-wrap, .toc, pre, textarea).
const overflow = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.body.querySelectorAll('*')) {
		if (el.closest('.scroll, .table-wrap, .toc, pre, textarea')) continue;
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > w + 1) out.push((el.parentElement ? el.parentElement.tagName.toLowerCase() + '.' + el.parentElement.className + ' > ' : '') + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' to ' + Math.round(r.right) + 'px');
	}
	return out.slice(0, 8);
})()`

// TestServer_Browser_PagesFit opens every page of the app as the admin
// (who sees them all) and a funder, on a 390 px phone and a 1280 px
// desktop: on the phone the page scrolls no wider than the screen and
// nothing reaches past its edge but tables that scroll inside themselves.
// Each page's screenshot at both widths is kept in testdata/artifacts.
func TestServer_Browser_PagesFit(t *testing.T) {
	app := newTestAppWith(t, appOptions{review: true})
	ed := app.login(t, "ed")
	// Something in the review queue, so its page shows a row to act on.
	if status, body := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 19, "note": "two trainees deferred to the spring"}); status != 201 {
		t.Fatalf("log a value: %d %v", status, body)
	}
	pages := []struct{ who, path string }{
		{"ada", "/"},
		{"ada", "/kpis"},
		{"ada", "/kpis/trainees-graduating"},
		{"ada", "/activities"},
		{"ada", "/activities/reading-buddies"},
		{"ada", "/health"},
		{"ada", "/schools/rgs"},
		{"ada", "/upload"},
		{"ada", "/status"},
		{"ada", "/review"},
		{"ada", "/toc"},
		{"ada", "/toc/revisions"},
		{"ada", "/years"},
		{"ada", "/users"},
		{"ada", "/pupils"},
		{"ada", "/audit"},
		{"ada", "/account/password"},
		{"ada", "/logout"},
		{"fran", "/"},
		{"fran", "/kpis/trainees-graduating"},
		{"fran", "/activities/scitt"},
		{"fran", "/health"},
		{"", "/login"},
	}
	for _, width := range []int{390, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tabs := map[string]context.Context{}
			for _, p := range pages {
				tab, ok := tabs[p.who]
				if !ok {
					tab = browsertest.Start(t, width, 900)
					if p.who != "" {
						if err := chromedp.Do(tab, logIn(app, p.who)); err != nil {
							t.Fatalf("log in %s: %v", p.who, err)
						}
					}
					tabs[p.who] = tab
				}
				name := strings.Trim(strings.ReplaceAll(p.path, "/", "-"), "-")
				if name == "" {
					name = "dashboard"
				}
				name = fmt.Sprintf("%d-%s-%s", width, or(p.who, "nobody"), name)
				if err := chromedp.Do(tab, chromedp.Navigate(app.URL+p.path), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatalf("%s: %v", p.path, err)
				}
				if width == 390 {
					scroll, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
					if err != nil {
						t.Fatal(err)
					}
					if scroll > width {
						past, _ := chromedp.Run(tab, chromedp.Evaluate[[]string](overflow))
						t.Errorf("%s as %s: the page is %d px wide on a %d px screen; past the edge: %s", p.path, or(p.who, "nobody"), scroll, width, strings.Join(past, ", "))
					}
				}
				png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", p.path, err)
				}
				browsertest.Save(t, artifacts, name+".png", png)
			}
		})
	}
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
