package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/reports/web"
	"github.com/schoolstogether/impact/toc"
)

// twoPartnerships serves the small example twice, as alpha (Alpha
// Partnership) and beta (Beta Partnership), each with its own store. fiona
// is a funder of both with one password, and of beta's scitt alone; ada
// admins alpha. On PostgreSQL both are in one database.
func twoPartnerships(t *testing.T) (base string, passwords map[string]string) {
	t.Helper()
	ctx := context.Background()
	servers := map[string]*web.Server{}
	passwords = map[string]string{}
	const fiona = "correct-horse-battery-staple-42"
	db := ""
	if onPostgres {
		db = pgtest.URL(t)
	}
	for _, name := range []string{"alpha", "beta"} {
		dir := filepath.Join(t.TempDir(), name)
		os.MkdirAll(dir, 0o755)
		src, _ := os.ReadFile(filepath.Join(smallDir, "toc.yaml"))
		src = []byte(strings.Replace(string(src), `partnership: "Tyne Valley Schools Partnership"`, "partnership: "+strings.ToUpper(name[:1])+name[1:]+" Partnership", 1))
		if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		store := openTestStoreIn(t, dir, 0, db)
		plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), toc.PeriodOf(today))
		if err != nil {
			t.Fatal(err)
		}
		var files []engine.ImportFile
		for _, f := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
			files = append(files, engine.ImportPath(filepath.Join(smallDir, f)))
		}
		if _, err := store.Import(ctx, plan.ToC, files, engine.ImportOptions{Who: "setup"}); err != nil {
			t.Fatal(err)
		}
		u := engine.User{Name: "fiona", Role: toc.RoleFunder}
		if name == "beta" {
			u.Activities = []string{"scitt"}
		}
		pw, err := store.AddUser(ctx, "setup", u, plan.ToC)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.ChangePassword(ctx, "fiona", pw, fiona); err != nil {
			t.Fatal(err)
		}
		if name == "alpha" {
			if passwords["ada"], err = store.AddUser(ctx, "setup", engine.User{Name: "ada", Role: toc.RoleAdmin}, plan.ToC); err != nil {
				t.Fatal(err)
			}
		}
		srv, err := web.New(web.Config{Store: store, Dir: dir, Today: func() time.Time { return today }})
		if err != nil {
			t.Fatal(err)
		}
		servers[name] = srv
	}
	parts, err := web.NewPartnerships(servers, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(parts)
	t.Cleanup(ts.Close)
	passwords["fiona"] = fiona
	return ts.URL, passwords
}

// at sends a request to host (alpha.localhost, say) on the test server.
func at(t *testing.T, base, host, method, path string, body io.Reader, header map[string]string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, body)
	u, _ := url.Parse(base)
	req.Host = strings.Replace(u.Host, "127.0.0.1", host, 1)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestPartnerships_Hosts: each partnership at NAME.HOST, with its own
// logins; the bare host lists them.
func TestPartnerships_Hosts(t *testing.T) {
	base, pw := twoPartnerships(t)
	if _, page := at(t, base, "localhost", "GET", "/", nil, nil); !strings.Contains(page, "Alpha Partnership") || !strings.Contains(page, "Beta Partnership") || !strings.Contains(page, "alpha.localhost") {
		t.Errorf("the bare host's index:\n%s", page)
	}
	if resp, _ := at(t, base, "alpha.localhost", "GET", "/kpis", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("alpha's /kpis logged out: %d, want 303 to its login", resp.StatusCode)
	}
	resp, _ := at(t, base, "alpha.localhost", "POST", "/api/login", strings.NewReader(`{"name":"ada","password":"`+pw["ada"]+`"}`), map[string]string{"Content-Type": "application/json"})
	if resp.StatusCode != http.StatusOK || len(resp.Cookies()) == 0 {
		t.Fatalf("ada's login at alpha: %d", resp.StatusCode)
	}
	session := resp.Cookies()[0]
	if resp, _ := at(t, base, "alpha.localhost", "GET", "/api/metrics", nil, nil, session); resp.StatusCode != http.StatusOK {
		t.Errorf("ada's session at alpha: %d, want 200", resp.StatusCode)
	}
	// The same cookie at beta (a browser would not even send it): no session there.
	if resp, _ := at(t, base, "beta.localhost", "GET", "/api/metrics", nil, nil, session); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("alpha's session at beta: %d, want 401", resp.StatusCode)
	}
	if resp, _ := at(t, base, "beta.localhost", "POST", "/api/login", strings.NewReader(`{"name":"ada","password":"`+pw["ada"]+`"}`), map[string]string{"Content-Type": "application/json"}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("alpha's admin logging in at beta: %d, want 401", resp.StatusCode)
	}
}

// TestPartnerships_Portfolio: fiona's one login covers both partnerships;
// each is her funder's view of it (beta's: scitt alone). From DESIGN §7's
// worked example (shared/examples/small/expected-metrics.json): 51
// participants in all, scitt's 10; every KPI behind,
// so none on track; no evidence gap.
func TestPartnerships_Portfolio(t *testing.T) {
	base, pw := twoPartnerships(t)
	form := "name=fiona&password=" + url.QueryEscape(pw["fiona"])
	ct := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	if resp, _ := at(t, base, "localhost", "GET", "/api/portfolio", nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the portfolio logged out: %d, want 401", resp.StatusCode)
	}
	if resp, _ := at(t, base, "localhost", "POST", "/portfolio/login", strings.NewReader("name=fiona&password=wrong"), ct); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong password: %d, want 401", resp.StatusCode)
	}
	evil := map[string]string{"Content-Type": ct["Content-Type"], "Origin": "http://evil.example"}
	if resp, _ := at(t, base, "localhost", "POST", "/portfolio/login", strings.NewReader(form), evil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a login posted from another site: %d, want 403", resp.StatusCode)
	}
	resp, _ := at(t, base, "localhost", "POST", "/portfolio/login", strings.NewReader(form), ct)
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("fiona's portfolio login: %d", resp.StatusCode)
	}
	cookies := resp.Cookies() // one a partnership
	if len(cookies) != 2 {
		t.Errorf("%d portfolio cookies, want one for each of the 2 partnerships", len(cookies))
	}
	resp, body := at(t, base, "localhost", "GET", "/api/portfolio", nil, nil, cookies...)
	var got struct {
		Grantees []map[string]any `json:"grantees"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != 200 || len(got.Grantees) != 2 {
		t.Fatalf("GET /api/portfolio: %d %s", resp.StatusCode, body)
	}
	alpha, beta := got.Grantees[0], got.Grantees[1]
	if alpha["partnership"] != "Alpha Partnership" || beta["partnership"] != "Beta Partnership" || alpha["host"] != hostOf(base, "alpha") {
		t.Errorf("grantees = %v", got.Grantees)
	}
	// Alpha: the whole partnership (3 activities); beta: scitt alone.
	if alpha["activities"] != 3.0 || beta["activities"] != 1.0 {
		t.Errorf("activities: alpha %v, beta %v, want 3 and 1", alpha["activities"], beta["activities"])
	}
	// The funder's view hides the 17 disadvantaged (as "c", DESIGN §13) so
	// that no small group can be worked out, and the ratio built on it: so
	// does the portfolio.
	if alpha["participants"] != 51.0 || alpha["disadvantaged"] != "c" || alpha["targeting_ratio"] != nil || beta["participants"] != 10.0 ||
		alpha["kpis"] != 3.0 || alpha["kpis_on_track"] != 0.0 || alpha["evidence_gaps"] != 0.0 {
		t.Errorf("alpha %v, beta %v", alpha, beta)
	}
	if _, page := at(t, base, "localhost", "GET", "/portfolio", nil, nil, cookies...); !strings.Contains(page, "Alpha Partnership") || !strings.Contains(page, "Log out of every partnership") {
		t.Errorf("the portfolio page:\n%s", page)
	}
	at(t, base, "localhost", "POST", "/portfolio/logout", nil, nil, cookies...)
	if resp, _ := at(t, base, "localhost", "GET", "/api/portfolio", nil, nil, cookies...); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the portfolio after logging out: %d, want 401 (its sessions ended)", resp.StatusCode)
	}
}

func hostOf(base, label string) string {
	u, _ := url.Parse(base)
	return label + "." + strings.Replace(u.Host, "127.0.0.1", "localhost", 1)
}
