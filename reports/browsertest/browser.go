// Package browsertest drives Debian's headless Chromium for the tests of
// pages, reports and PDFs (through chromedp): one way to start it, one way
// to visit a page and see what it did, one place for artifacts. It is
// imported by tests only.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports/pdf"
)

// Start starts headless Chromium with a fresh profile and the flags of a
// machine with no network beyond loopback, with a window of width×height,
// and returns a context for its first tab, closed when the test ends.
// Without chromium the test is skipped, except in CI (CI=true), where that
// is a failure.
func Start(t testing.TB, width, height int) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is not installed: .ci/run installs Debian's chromium package")
		}
		t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(pdf.Flags(path, t.TempDir()),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(width, height))...)
	ctx, cancel := chromedp.NewContext(alloc)
	// The first run starts the browser and has no timeout of its own; the
	// steps after it get one.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	deadline, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	// Headless Chromium will not make a window narrower than 500 px: a
	// phone's width is emulated instead, in this tab and those Open makes.
	deadline = context.WithValue(deadline, viewportKey{}, [2]int64{int64(width), int64(height)})
	if err := emulate(deadline); err != nil {
		t.Fatalf("emulate a %d px screen: %v", width, err)
	}
	return deadline
}

// viewportKey holds a browser's screen size in its context.
type viewportKey struct{}

// emulate sets a tab's viewport to its browser's screen size.
func emulate(ctx context.Context) error {
	size, _ := ctx.Value(viewportKey{}).([2]int64)
	if size[0] == 0 {
		return nil
	}
	return chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]))
}

// Visit is what a page did in the browser.
type Visit struct {
	Errors   []string // console errors and uncaught exceptions
	Dialogs  []string // alert, confirm, prompt
	Requests []string // anything fetched but the page itself (file: and data: aside)
	Charts   int      // echarts containers
	Blank    []string // containers with nothing drawn
	Pwned    bool     // a payload ran: window.__pwned, or an img or svg outside the charts
}

// Options say how to visit a page.
type Options struct {
	// Offline turns the network off before the page loads: a report must
	// draw from the file alone.
	Offline bool
	// Do runs in the tab once the charts are drawn, to poke the page or
	// take screenshots and PDFs.
	Do func(ctx context.Context) error
}

// drawn lists the chart containers with no svg holding something drawn.
const drawn = `[...document.querySelectorAll('div.item[id^="chart_"]')].filter(el => !(el.querySelector('svg') && el.querySelector('svg').querySelectorAll('path, rect, text').length > 3)).map(el => el.id)`

// Open loads url (a file path is made a file:// URL) in a new tab of
// browser, waits up to 20 s for its charts, runs opts.Do and reports.
func Open(t testing.TB, browser context.Context, url string, opts Options) Visit {
	t.Helper()
	if !strings.Contains(url, "://") {
		abs, err := filepath.Abs(url)
		if err != nil {
			t.Fatal(err)
		}
		url = "file://" + abs
	}
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	var mu sync.Mutex
	var v Visit
	record := func(list *[]string, s string) {
		mu.Lock()
		*list = append(*list, s)
		mu.Unlock()
	}
	console := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	var seen sync.WaitGroup
	seen.Add(3)
	go func() {
		defer seen.Done()
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				record(&v.Errors, m.String())
			}
		}
	}()
	go func() {
		defer seen.Done()
		for d, err := range dialogs {
			if err != nil {
				return
			}
			record(&v.Dialogs, d.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	go func() {
		defer seen.Done()
		for r, err := range requests {
			if err != nil {
				return
			}
			if u := r.Request.URL; u != url && !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				record(&v.Requests, u)
			}
		}
	}()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network: %v", err)
	}
	if err := emulate(ctx); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	if opts.Offline {
		if err := offline(ctx); err != nil {
			t.Fatalf("network off: %v", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`(`+drawn+`).length === 0`, chromedp.WithPollingTimeout(20*time.Second)))
	blank, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawn))
	if err != nil {
		t.Fatalf("read charts: %v", err)
	}
	v.Blank = blank
	if v.Charts, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('div.item[id^="chart_"]').length`)); err != nil {
		t.Fatal(err)
	}
	if opts.Do != nil {
		if err := opts.Do(ctx); err != nil {
			t.Fatal(err)
		}
	}
	v.Pwned, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pwned === 1 || document.querySelectorAll('img, body svg:not(div.item svg)').length > 0`))
	// Closing the tab ends the event streams: every event the page raised
	// has then been recorded.
	cancel()
	seen.Wait()
	mu.Lock()
	defer mu.Unlock()
	return v
}

// Save writes an artifact for a person to look at into dir (a test's
// testdata/artifacts, git-ignored) and returns its path.
func Save(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// offlineByRule is Network.emulateNetworkConditionsByRule as Chromium
// before the protocol moved "offline" into each rule takes it (Debian's
// Chromium 148 among them).
type offlineByRule struct {
	Offline    bool                  `json:"offline"`
	Conditions []*network.Conditions `json:"matchedNetworkConditions"`
}

// offline turns the page's network off in whichever form the browser's
// protocol takes: offline in each rule (the protocol as cdproto has it), or
// once beside the rules.
func offline(ctx context.Context) error {
	rule := []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rule})
	if err == nil {
		return nil
	}
	older := cdp.Command[offlineByRule, network.EmulateNetworkConditionsByRuleResult]{Method: network.CommandEmulateNetworkConditionsByRule}
	if _, err2 := chromedp.Call(ctx, older, offlineByRule{Offline: true, Conditions: rule}); err2 != nil {
		return fmt.Errorf("%v; in the older form: %v", err, err2)
	}
	return nil
}
