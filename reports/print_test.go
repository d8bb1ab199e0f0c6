package reports_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/reports/browsertest"
	"github.com/schoolstogether/impact/reports/pdf"
	"github.com/schoolstogether/impact/toc"
)

// tool finds a command the print tests read PDFs with (poppler-utils):
// missing, the test is skipped, except in CI, where that is a failure.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: .ci/run installs poppler-utils", name)
		}
		t.Skipf("%s is not installed (apt-get install poppler-utils)", name)
	}
	return path
}

// TestPrint_Demo prints the demo's director and funder reports to PDF as
// impact report --pdf does, and measures the pages as rendered: every page
// but the last has at least a quarter of its height used, and every page
// carries the footer with the stamp and "page N of M" (DESIGN §14). The
// PDFs and the page counts are kept in testdata/artifacts.
func TestPrint_Demo(t *testing.T) {
	browser, err := pdf.Browser(os.Getenv)
	if err != nil {
		browsertest.Start(t, 1, 1) // skips, or fails in CI, as every browser test does
	}
	pdftoppm, pdftotext := tool(t, "pdftoppm"), tool(t, "pdftotext")
	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		t.Run(string(aud), func(t *testing.T) {
			file := printed(t, browser, demoInput(t, aud), "demo-"+string(aud)+"-print.pdf")
			used := pageUse(t, pdftoppm, file)
			shares := make([]string, len(used))
			for i, u := range used {
				shares[i] = fmt.Sprintf("%.0f%%", 100*u)
			}
			summary := fmt.Sprintf("%s report: %d A4 pages, height used %s", aud, len(used), strings.Join(shares, " "))
			t.Log(summary)
			browsertest.Save(t, artifacts, "demo-"+string(aud)+"-print.txt", []byte(summary+"\n"))
			if len(used) < 5 || len(used) > 40 {
				t.Errorf("%d pages: want the demo's report in 5 to 40", len(used))
			}
			for i, u := range used[:max(len(used)-1, 0)] {
				if u < 0.25 {
					t.Errorf("page %d of %d uses %.0f%% of its height: want no near-empty page but the last", i+1, len(used), 100*u)
				}
			}
			for i := range used {
				text, err := exec.Command(pdftotext, "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1), "-raw", file, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				flat := strings.Join(strings.Fields(string(text)), " ")
				if want := fmt.Sprintf("page %d of %d", i+1, len(used)); !strings.Contains(flat, want) || !strings.Contains(flat, "Tyne Valley Schools Partnership · for ") {
					t.Errorf("page %d lacks the footer (%q and the stamp)", i+1, want)
				}
			}
		})
	}
}

// TestPrint_Summary: the demo's one-page summary prints on one A4 page,
// for the director and for a funder.
func TestPrint_Summary(t *testing.T) {
	browser, err := pdf.Browser(os.Getenv)
	if err != nil {
		browsertest.Start(t, 1, 1)
	}
	pdftoppm := tool(t, "pdftoppm")
	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		in := demoInput(t, aud)
		in.Summary = true
		file := printed(t, browser, in, "demo-"+string(aud)+"-summary.pdf")
		if n := len(pageUse(t, pdftoppm, file)); n != 1 {
			t.Errorf("the %s's summary prints on %d pages, want one", aud, n)
		}
	}
}

// printed prints a report as impact report --pdf does, into the artifacts.
func printed(t *testing.T, browser string, in reports.Input, name string) string {
	t.Helper()
	var page bytes.Buffer
	if err := reports.Write(&page, in); err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.Print(context.Background(), page.Bytes(), pdf.Options{Browser: browser, Footer: reports.Footer(in)})
	if err != nil {
		t.Fatal(err)
	}
	return browsertest.Save(t, artifacts, name, doc)
}

// pageUse renders each page of a PDF in grey at 30 dpi (pdftoppm) and
// returns, per page, the share of the printable height — A4 less the
// report's 14 mm margins — down to the lowest row with anything drawn,
// the footer in the bottom margin left out.
func pageUse(t *testing.T, pdftoppm, file string) []float64 {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command(pdftoppm, "-r", "30", "-gray", file, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	var used []float64
	for _, f := range files {
		w, h, px := readPGM(t, f)
		top, bottom := h*14/297, h*(297-16)/297
		low := top
		for y := top; y < bottom; y++ {
			for x := 0; x < w; x++ {
				if px[y*w+x] < 235 {
					low = y
					break
				}
			}
		}
		used = append(used, float64(low-top)/float64(bottom-top))
	}
	return used
}

// readPGM reads a binary greyscale PGM (P5, 8 bits).
func readPGM(t *testing.T, path string) (w, h int, px []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(bytes.NewReader(b))
	var magic string
	var maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil || magic != "P5" || maxv != 255 {
		t.Fatalf("%s: not an 8-bit P5 PGM (%v)", path, err)
	}
	r.ReadByte() // the one whitespace after the header
	px = make([]byte, w*h)
	if _, err := io.ReadFull(r, px); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return w, h, px
}

// TestWrite_Phone loads the demo's report on a 390 px phone: the page is
// no wider than the screen, with one column of headline cards, and a
// screenshot is kept.
func TestWrite_Phone(t *testing.T) {
	browser := browsertest.Start(t, 390, 844)
	file := writeFile(t, "demo-phone.html", demoInput(t, toc.Director))
	var scroll, inner, columns int
	browsertest.Open(t, browser, file, browsertest.Options{Offline: true, Do: func(ctx context.Context) error {
		var err error
		if scroll, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil {
			return err
		}
		if inner, err = chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`)); err != nil {
			return err
		}
		if columns, err = chromedp.Run(ctx, chromedp.Evaluate[int](`getComputedStyle(document.querySelector('.cards')).gridTemplateColumns.split(' ').length`)); err != nil {
			return err
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		save(t, "demo-phone.png", png)
		return err
	}})
	if inner != 390 || scroll != inner {
		t.Errorf("on a %d px screen the report is %d px wide: want no sideways scrolling", inner, scroll)
	}
	if columns != 1 {
		t.Errorf("the headline cards are in %d columns on a phone, want 1", columns)
	}
}
