package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPages_ToC: an admin edits toc.yaml in the page: a mistake is shown
// beside its line and nothing is saved; mended, it is saved as written
// (comments kept), served at once, and its revision shows the diff. A file
// broken on disk puts a banner on every page for admins and editors; only
// admins reach the editor.
func TestPages_ToC(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	path := filepath.Join(app.Dir, "toc.yaml")
	orig, _ := os.ReadFile(path)
	status, body := ada.get("/toc")
	if status != http.StatusOK || !strings.Contains(body, `<tr id="line-1">`) {
		t.Fatalf("GET /toc: %d", status)
	}
	base := regexp.MustCompile(`name="base" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	if base == nil {
		t.Fatal("no base hash in the form")
	}
	for _, c := range []*client{app.login(t, "ed"), app.login(t, "fran")} {
		if status, _ := c.get("/toc"); status != http.StatusForbidden {
			t.Errorf("%s GET /toc: %d, want 403", c.Role, status)
		}
		if status, _, _ := c.form("/toc", url.Values{"source": {string(orig)}, "base": {base[1]}}, true); status != http.StatusForbidden {
			t.Errorf("%s POST /toc: %d, want 403", c.Role, status)
		}
	}
	// A typo in the partnership's name line's neighbour: line 2 is
	// "partnership: …" in the example; make the first school's pupils a word.
	const good = "    pupils: 1300\n"
	if !strings.Contains(string(orig), good) {
		t.Fatal("the example's first school moved: mend the test")
	}
	line := strings.Count(string(orig[:strings.Index(string(orig), good)]), "\n") + 1
	bad := strings.Replace(string(orig), good, "    pupils: many\n", 1)
	// As a browser sends a textarea: CRLF line endings.
	status, body, _ = ada.form("/toc", url.Values{"source": {strings.ReplaceAll(bad, "\n", "\r\n")}, "base": {base[1]}}, true)
	if status != http.StatusBadRequest || !regexp.MustCompile(`<tr id="line-`+itoa(line)+`" class="problem">.*pupils: many.*column 13: pupils: expected`).MatchString(body) {
		i := strings.Index(body, `<tr id="line-`+itoa(line)+`"`)
		t.Fatalf("a bad save: %d — want the problem beside line %d\n%.400s", status, line, body[max(i, 0):])
	}
	if now, _ := os.ReadFile(path); string(now) != string(orig) {
		t.Fatal("a bad save wrote toc.yaml")
	}
	// Mended, with a comment of the admin's own.
	mended := strings.Replace(string(orig), good, "    pupils: 1350 # grew in September\n", 1)
	status, body, _ = ada.form("/toc", url.Values{"source": {strings.ReplaceAll(mended, "\n", "\r\n")}, "base": {base[1]}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Saved toc.yaml as revision 2.") {
		t.Fatalf("a good save: %d\n%.1000s", status, body)
	}
	if now, _ := os.ReadFile(path); string(now) != mended {
		t.Errorf("toc.yaml saved as\n%.300s\nwant the text as written, LF line endings and the comment kept", now)
	}
	// The same base again is a stale edit.
	if status, _, _ := ada.form("/toc", url.Values{"source": {string(orig)}, "base": {base[1]}}, true); status != http.StatusConflict {
		t.Errorf("a save from a stale copy: %d, want 409", status)
	}
	status, body = ada.get("/toc/revisions/2")
	if status != http.StatusOK || !strings.Contains(body, `<span class="del">-    pupils: 1300</span>`) || !strings.Contains(body, `<span class="add">&#43;    pupils: 1350 # grew in September</span>`) {
		t.Errorf("revision 2's diff: %d\n%.1500s", status, body)
	}
	if status, _ := ada.get("/toc/revisions/99"); status != http.StatusNotFound {
		t.Errorf("an unknown revision: %d, want 404", status)
	}
	// Broken on disk: a banner for admins and editors, not funders.
	os.WriteFile(path, []byte(bad), 0o644)
	for _, c := range []struct {
		c    *client
		want bool
	}{{ada, true}, {app.login(t, "ed"), true}, {app.login(t, "fran"), false}} {
		_, body := c.c.get("/kpis")
		if got := strings.Contains(body, `id="toc-broken"`); got != c.want {
			t.Errorf("%s: banner %v, want %v", c.c.Role, got, c.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
