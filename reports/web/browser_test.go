package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports/browsertest"
)

// browser starts a headless Chromium and returns a context for one tab,
// closed when the test ends.
func browser(t *testing.T) context.Context { return browsertest.Start(t, 1200, 900) }

// logIn fills the login form as a person would, starting from a KPI page
// that redirects there and back.
func logIn(app *testApp, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(app.URL+"/kpis/trainees-graduating"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), app.Passwords[name]),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("svg.chart")),
	)
}

// points returns the chart's value points.
func points(ctx context.Context) ([]*chromedp.Node, error) {
	return chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("svg.chart circle.value"), chromedp.AtLeast(0)))
}

func TestServer_Browser(t *testing.T) {
	app := newTestApp(t)
	t.Run("EditorLogsAValue", func(t *testing.T) {
		ctx := browser(t)
		if err := chromedp.Do(ctx, logIn(app, "ed")); err != nil {
			t.Fatal(err)
		}
		before, err := points(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("period"), "2024/25"),
			chromedp.SendKeys(chromedp.ID("value"), "19"),
			chromedp.Submit(chromedp.ID("value")),
			chromedp.WaitVisible(chromedp.CSS("p.ok")),
		)
		if err != nil {
			t.Fatal(err)
		}
		notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("p.ok")))
		if err != nil {
			t.Fatal(err)
		}
		after, err := points(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// kpis.csv holds 2022/23 = 14 and 2023/24 = 17; the form adds 2024/25.
		if len(before) != 2 || len(after) != 3 {
			t.Errorf("chart points %d then %d, want 2 then 3", len(before), len(after))
		}
		if len(after) == 3 && after[2].AttributeValue("data-value") != "19" {
			t.Errorf("new point %q, want 19", after[2].AttributeValue("data-value"))
		}
		if !strings.Contains(notice, "Logged 19 for 2024/25") {
			t.Errorf("notice %q", notice)
		}
	})
	t.Run("FunderCannotSeeTheForm", func(t *testing.T) {
		ctx := browser(t)
		if err := chromedp.Do(ctx, logIn(app, "fay")); err != nil {
			t.Fatal(err)
		}
		forms, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("#log-form"), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatal(err)
		}
		pts, err := points(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(forms) != 0 {
			t.Error("a funder sees the log form")
		}
		if len(pts) == 0 {
			t.Error("a funder sees no chart")
		}
	})
	t.Run("DashboardChartsRunUnderCSP", func(t *testing.T) {
		ctx := browser(t)
		err := chromedp.Do(ctx,
			logIn(app, "ed"),
			chromedp.Navigate(app.URL+"/"),
			chromedp.WaitVisible(chromedp.ID("app-nav")),
			chromedp.Sleep(500*time.Millisecond),
		)
		if err != nil {
			t.Fatal(err)
		}
		// echarts marks every chart it draws; none means the policy blocked
		// the report's scripts.
		drawn, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[_echarts_instance_]').length`))
		if err != nil {
			t.Fatal(err)
		}
		if drawn == 0 {
			t.Error("no chart was drawn on the dashboard: are the report's scripts allowed by the CSP hashes?")
		}
		nav, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.firstElementChild.id`))
		if err != nil || nav != "app-nav" {
			t.Errorf("the body starts with %q (%v), want the app's navigation", nav, err)
		}
	})
}
