package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports/browsertest"
)

// TestServer_Browser_Review walks review and locks through the pages in
// headless Chromium, as three people would: an editor logs a value; the
// funder does not see it; the admin approves it in the queue; the funder
// sees it; the admin locks the year, and the editor's next write is
// refused with the reason shown (DESIGN §12).
func TestServer_Browser_Review(t *testing.T) {
	app := newTestAppWith(t, appOptions{review: true})
	ed, fran, ada := browsertest.Start(t, 1200, 900), browsertest.Start(t, 1200, 900), browsertest.Start(t, 1200, 900)
	for _, b := range []struct {
		ctx  context.Context
		name string
	}{{ed, "ed"}, {fran, "fran"}, {ada, "ada"}} {
		if err := chromedp.Do(b.ctx, logIn(app, b.name)); err != nil {
			t.Fatalf("log in %s: %v", b.name, err)
		}
	}
	// kpis.csv holds 2022/23 = 14 and 2023/24 = 17.
	logValue := func(value string) (string, error) {
		err := chromedp.Do(ed,
			chromedp.Navigate(app.URL+"/kpis/trainees-graduating"),
			chromedp.WaitVisible(chromedp.ID("value")),
			chromedp.SendKeys(chromedp.ID("period"), "2024/25"),
			chromedp.SendKeys(chromedp.ID("value"), value),
			chromedp.Submit(chromedp.ID("value")),
			chromedp.WaitVisible(chromedp.CSS("p.ok, div.errors")),
		)
		if err != nil {
			return "", err
		}
		return chromedp.Run(ed, chromedp.Text(chromedp.CSS("p.ok, div.errors")))
	}
	notice, err := logValue("19")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "Logged 19 for 2024/25") || !strings.Contains(notice, "awaits an admin's review") {
		t.Errorf("editor's notice %q, want it to say the value awaits review", notice)
	}
	funderPoints := func() int {
		t.Helper()
		if err := chromedp.Do(fran, chromedp.Navigate(app.URL+"/kpis/trainees-graduating"), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
			t.Fatal(err)
		}
		nodes, err := points(fran)
		if err != nil {
			t.Fatal(err)
		}
		return len(nodes)
	}
	if n := funderPoints(); n != 2 {
		t.Errorf("the funder sees %d points before the review, want 2 (the value awaits review)", n)
	}
	err = chromedp.Do(ada,
		chromedp.Navigate(app.URL+"/review"),
		chromedp.WaitVisible(chromedp.ID("queue")),
		chromedp.Click(chromedp.CSS(`#queue button[type=submit]`)), // the first item's approve
		chromedp.WaitVisible(chromedp.CSS("p.ok")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if msg, _ := chromedp.Run(ada, chromedp.Text(chromedp.CSS("p.ok"))); !strings.Contains(msg, "Approved item") {
		t.Errorf("admin's notice %q", msg)
	}
	if n := funderPoints(); n != 3 {
		t.Errorf("the funder sees %d points after the approval, want 3", n)
	}
	err = chromedp.Do(ada,
		chromedp.Navigate(app.URL+"/years"),
		chromedp.WaitVisible(chromedp.ID("year-2024")),
		chromedp.Click(chromedp.CSS(`#year-2024 button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.ok")),
	)
	if err != nil {
		t.Fatal(err)
	}
	refusal, err := logValue("20")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(refusal, "2024/25 is locked (by ada") {
		t.Errorf("editor's write to a locked year: %q, want the reason", refusal)
	}
}
