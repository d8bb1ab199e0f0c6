package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/schoolstogether/impact/reports/browsertest"
)

// TestServer_Browser_ToC edits toc.yaml in the page as an admin would: a
// mistake comes back placed beside its line, nothing saved; the mended
// file saves, and its revision's diff shows the change.
func TestServer_Browser_ToC(t *testing.T) {
	app := newTestApp(t)
	ctx := browsertest.Start(t, 1280, 900)
	orig, _ := os.ReadFile(filepath.Join(app.Dir, "toc.yaml"))
	const good = "    pupils: 1300\n"
	bad := strings.Replace(string(orig), good, "    pupils: lots\n", 1)
	mended := strings.Replace(string(orig), good, "    pupils: 1320\n", 1)
	save := func(src, wait string) error {
		return chromedp.Do(ctx,
			chromedp.Navigate(app.URL+"/toc"),
			chromedp.WaitVisible(chromedp.ID("source")),
			chromedp.SetValue(chromedp.ID("source"), src),
			chromedp.Submit(chromedp.ID("source")),
			chromedp.WaitVisible(chromedp.CSS(wait)),
		)
	}
	if err := chromedp.Do(ctx, logIn(app, "ada")); err != nil {
		t.Fatal(err)
	}
	if err := save(bad, "tr.problem"); err != nil {
		t.Fatal(err)
	}
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("tr.problem")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "pupils: lots") || !strings.Contains(row, "expected a whole number") {
		t.Errorf("the problem row %q, want the bad line and what was expected", row)
	}
	if now, _ := os.ReadFile(filepath.Join(app.Dir, "toc.yaml")); string(now) != string(orig) {
		t.Fatal("the bad edit was saved")
	}
	if err := save(mended, "p.ok"); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/toc/revisions/2"), chromedp.WaitVisible(chromedp.ID("diff")))
	if err != nil {
		t.Fatal(err)
	}
	diff, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("diff")))
	if !strings.Contains(diff, "-    pupils: 1300") || !strings.Contains(diff, "+    pupils: 1320") {
		t.Errorf("revision 2's diff:\n%s", diff)
	}
}
