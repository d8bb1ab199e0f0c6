package pdf

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestBrowser: IMPACT_CHROMIUM names the browser; one that is not there
// is ErrNoBrowser, whose message says how to install one.
func TestBrowser(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "IMPACT_CHROMIUM" {
				return v
			}
			return ""
		}
	}
	if _, err := Browser(env("/no/such/chromium")); !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("a missing IMPACT_CHROMIUM: %v, want ErrNoBrowser saying how to install one", err)
	}
	if got, err := Browser(env("sh")); err != nil || !strings.HasSuffix(got, "/sh") {
		t.Errorf("IMPACT_CHROMIUM=sh: %q, %v; want the sh on PATH", got, err)
	}
}

// TestFooter: the stamp is escaped in the footer's HTML, and the page
// number comes from Chromium's own classes.
func TestFooter(t *testing.T) {
	got := footer(`Tyne <Valley> & "Co"`)
	if !strings.Contains(got, "Tyne &lt;Valley&gt; &amp; &#34;Co&#34;") || strings.Contains(got, "<Valley>") {
		t.Errorf("the stamp is not escaped: %s", got)
	}
	if !strings.Contains(got, `page <span class="pageNumber"></span> of <span class="totalPages"></span>`) {
		t.Errorf("no page number: %s", got)
	}
}

// TestPrint prints a small page to a PDF; with a browser that is not
// there, Print says which it tried to start.
func TestPrint(t *testing.T) {
	browser, err := Browser(os.Getenv)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	out, err := Print(context.Background(), []byte(`<!doctype html><title>t</title><p>Hello</p><footer></footer>`), Options{Browser: browser, Footer: "stamp"})
	if err != nil || !strings.HasPrefix(string(out), "%PDF-") {
		t.Fatalf("Print: %d bytes, %v", len(out), err)
	}
	if _, err := Print(context.Background(), []byte("<p>x</p><footer></footer>"), Options{Browser: "/no/such/chromium"}); err == nil || !strings.Contains(err.Error(), "start /no/such/chromium") {
		t.Errorf("printing with no browser: %v", err)
	}
}
