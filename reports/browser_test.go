package reports_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/reports/browsertest"
	"github.com/schoolstogether/impact/toc"
)

// artifacts keeps what the browser tests saw, for a person to look at
// (git-ignored).
const artifacts = "testdata/artifacts"

// save writes an artifact.
func save(t *testing.T, name string, b []byte) { browsertest.Save(t, artifacts, name, b) }

// writeFile renders a report into the artifacts folder.
func writeFile(t *testing.T, name string, in reports.Input) string {
	t.Helper()
	var b bytes.Buffer
	if err := reports.Write(&b, in); err != nil {
		t.Fatal(err)
	}
	save(t, name, b.Bytes())
	return filepath.Join(artifacts, name)
}

func TestWrite_Browser(t *testing.T) {
	browser := browsertest.Start(t, 1440, 900)
	check := func(t *testing.T, v browsertest.Visit, wantCharts int) {
		t.Helper()
		if v.Charts != wantCharts {
			t.Errorf("%d chart containers, want %d", v.Charts, wantCharts)
		}
		if len(v.Blank) > 0 {
			t.Errorf("charts with nothing drawn: %v", v.Blank)
		}
		if len(v.Errors) > 0 {
			t.Errorf("console errors: %v", v.Errors)
		}
		if len(v.Requests) > 0 {
			t.Errorf("requests left the page: %v", v.Requests)
		}
		if len(v.Dialogs) > 0 || v.Pwned {
			t.Errorf("script ran from data: dialogs %v, pwned %v", v.Dialogs, v.Pwned)
		}
	}

	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		name := string(aud)
		t.Run("Demo"+strings.ToUpper(name[:1])+name[1:], func(t *testing.T) {
			in := demoInput(t, aud)
			file := writeFile(t, "demo-"+name+".html", in)
			v := browsertest.Open(t, browser, file, browsertest.Options{Offline: true, Do: func(ctx context.Context) error {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					return err
				}
				save(t, "demo-"+name+".png", png)
				pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
				if err != nil {
					return err
				}
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("printing gave no PDF")
				}
				save(t, "demo-"+name+".pdf", pdf)
				return nil
			}})
			// 14 KPIs and 12 other charts: reach, targeting, for whom (two),
			// mutuality, flows, evidence, effects, sustainability, and the
			// health check's ratings, key people and EEF benchmarks.
			check(t, v, len(in.Result.KPIs)+12)
		})
	}

	t.Run("Hostile", func(t *testing.T) {
		file := writeFile(t, "hostile.html", hostileInput(t, toc.Director))
		v := browsertest.Open(t, browser, file, browsertest.Options{Offline: true, Do: func(ctx context.Context) error {
			// Show a tooltip on every chart, where echarts writes names into
			// HTML, and hover every label.
			_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`
				for (const el of document.querySelectorAll('div.item[id^="chart_"]')) {
					const c = echarts.getInstanceByDom(el);
					const n = c.getOption().series.length;
					for (let s = 0; s < n; s++) for (let i = 0; i < 3; i++) c.dispatchAction({type: 'showTip', seriesIndex: s, dataIndex: i});
				}`))
			return err
		}})
		check(t, v, 14) // 3 KPIs and 11 others (key people, ratings, EEF): no year groups known, no year chart
	})
}
