package pdf

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoBrowser is returned when no Chromium can be found.
var ErrNoBrowser = errors.New("no Chromium to print with: install one (Debian and Ubuntu: apt-get install chromium) or name it in IMPACT_CHROMIUM")

// browsers are the names Chromium goes by, tried in order.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// Browser finds the Chromium to print with: IMPACT_CHROMIUM when set (a
// path or a name on PATH), else the first of the usual names on PATH.
func Browser(getenv func(string) string) (string, error) {
	if name := getenv("IMPACT_CHROMIUM"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("IMPACT_CHROMIUM=%q: %w: %w", name, err, ErrNoBrowser)
		}
		return path, nil
	}
	for _, name := range browsers {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", ErrNoBrowser
}

// Flags are how impact runs Chromium, here and in the browser tests:
// headless, with a fresh profile and nothing of its own reaching out to
// the network.
func Flags(browser, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
}

// Options say how to print.
type Options struct {
	Browser string // the Chromium to run (Browser finds one)
	// Footer is the text at the foot of every page, before "page N of M":
	// the report's stamp.
	Footer string
	// Timeout bounds the whole print; 0 means two minutes.
	Timeout time.Duration
}

// Print prints a self-contained HTML page to PDF. The page is loaded from
// a temporary file with the network off: a report draws from the file
// alone.
func Print(ctx context.Context, page []byte, opts Options) ([]byte, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Minute
	}
	dir, err := os.MkdirTemp("", "impact-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return nil, err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(Flags(opts.Browser, filepath.Join(dir, "profile")),
		chromedp.Flag("proxy-server", "127.0.0.1:9"))...) // nothing leaves the machine
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		return nil, fmt.Errorf("start %s: %w", opts.Browser, err)
	}
	tab, cancelTime := context.WithTimeout(tab, opts.Timeout)
	defer cancelTime()
	if err := chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		return nil, fmt.Errorf("open the report in %s: %w", opts.Browser, err)
	}
	// The charts draw as the page loads, without animation; wait until
	// every container holds its drawing.
	_, _ = chromedp.Run(tab, chromedp.Poll[bool](`[...document.querySelectorAll('div.item[id^="chart_"]')].every(el => el.querySelector('svg, canvas'))`,
		chromedp.WithPollingTimeout(20*time.Second)))
	out, err := chromedp.Run(tab, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(footer(opts.Footer)),
	))
	if err != nil {
		return nil, fmt.Errorf("print to PDF: %w", err)
	}
	return out, nil
}

// footer is the footer template: the stamp, escaped, and the page number.
// Chromium writes the template's classes' values itself.
func footer(stamp string) string {
	return `<div style="font: 7pt system-ui, sans-serif; color: #64748b; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;">` +
		`<span>` + html.EscapeString(stamp) + `</span>` +
		`<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
}
