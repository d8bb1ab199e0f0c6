package reports_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// artifacts keeps what the browser tests saw, for a person to look at
// (git-ignored).
const artifacts = "testdata/artifacts"

// newBrowser starts Debian's headless Chromium with no network of its own
// to speak of and a fresh profile. Without chromium the test is skipped,
// except in CI, where that is a failure.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is not installed: .ci/run installs Debian's chromium package")
		}
		t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	deadline, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	if err := chromedp.Do(deadline); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return deadline
}

// visit is what a page did in the browser.
type visit struct {
	errors   []string // console errors and uncaught exceptions
	dialogs  []string // alert, confirm, prompt
	requests []string // anything fetched other than the file itself
	charts   int      // chart containers
	blank    []string // containers with nothing drawn
	pwned    bool     // a payload ran
}

// open loads a report from a file in a new tab with the network off,
// waits for its charts, runs fn (which may poke the page) and reports.
func open(t *testing.T, browser context.Context, file string, fn func(ctx context.Context) error) visit {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	var mu sync.Mutex
	var v visit
	record := func(list *[]string, s string) {
		mu.Lock()
		*list = append(*list, s)
		mu.Unlock()
	}
	console := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				record(&v.errors, m.String())
			}
		}
	}()
	go func() {
		for d, err := range dialogs {
			if err != nil {
				return
			}
			record(&v.dialogs, d.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	go func() {
		for r, err := range requests {
			if err != nil {
				return
			}
			if u := r.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				record(&v.requests, u)
			}
		}
	}()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network: %v", err)
	}
	offline := network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, offline); err != nil {
		t.Fatalf("network off: %v", err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("open %s: %v", file, err)
	}
	// Every chart container holds an svg with something drawn in it.
	const drawn = `[...document.querySelectorAll('div.item[id^="chart_"]')].filter(el => !(el.querySelector('svg') && el.querySelector('svg').querySelectorAll('path, rect, text').length > 3)).map(el => el.id)`
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`(`+drawn+`).length === 0`, chromedp.WithPollingTimeout(20*time.Second)))
	blank, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawn))
	if err != nil {
		t.Fatalf("read charts: %v", err)
	}
	v.blank = blank
	if v.charts, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('div.item[id^="chart_"]').length`)); err != nil {
		t.Fatal(err)
	}
	if fn != nil {
		if err := fn(ctx); err != nil {
			t.Fatal(err)
		}
	}
	v.pwned, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pwned === 1 || document.querySelectorAll('img, body svg:not(div.item svg)').length > 0`))
	time.Sleep(200 * time.Millisecond) // let the last events arrive
	mu.Lock()
	defer mu.Unlock()
	return v
}

// save writes an artifact.
func save(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(artifacts, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

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
	browser := newBrowser(t)
	check := func(t *testing.T, v visit, wantCharts int) {
		t.Helper()
		if v.charts != wantCharts {
			t.Errorf("%d chart containers, want %d", v.charts, wantCharts)
		}
		if len(v.blank) > 0 {
			t.Errorf("charts with nothing drawn: %v", v.blank)
		}
		if len(v.errors) > 0 {
			t.Errorf("console errors: %v", v.errors)
		}
		if len(v.requests) > 0 {
			t.Errorf("requests left the page: %v", v.requests)
		}
		if len(v.dialogs) > 0 || v.pwned {
			t.Errorf("script ran from data: dialogs %v, pwned %v", v.dialogs, v.pwned)
		}
	}

	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		name := string(aud)
		t.Run("Demo"+strings.ToUpper(name[:1])+name[1:], func(t *testing.T) {
			in := demoInput(t, aud)
			file := writeFile(t, "demo-"+name+".html", in)
			v := open(t, browser, file, func(ctx context.Context) error {
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
			})
			// 14 KPIs and 7 other charts.
			check(t, v, len(in.Result.KPIs)+7)
		})
	}

	t.Run("Hostile", func(t *testing.T) {
		file := writeFile(t, "hostile.html", hostileInput(t, toc.Director))
		v := open(t, browser, file, func(ctx context.Context) error {
			// Show a tooltip on every chart, where echarts writes names into
			// HTML, and hover every label.
			_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`
				for (const el of document.querySelectorAll('div.item[id^="chart_"]')) {
					const c = echarts.getInstanceByDom(el);
					const n = c.getOption().series.length;
					for (let s = 0; s < n; s++) for (let i = 0; i < 3; i++) c.dispatchAction({type: 'showTip', seriesIndex: s, dataIndex: i});
				}`))
			return err
		})
		check(t, v, 10)
	})
}
