package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServer_Routes checks who may use each route: a session first (401 on
// the API, a redirect to the login page elsewhere), then the CSRF token of
// a write (403), then the role (403).
func TestServer_Routes(t *testing.T) {
	app := newTestApp(t)
	clients := map[string]*client{
		"anon":   app.client(t),
		"admin":  app.login(t, "ada"),
		"editor": app.login(t, "ed"),
		"funder": app.login(t, "fay"),
	}
	const login = 303
	gets := []struct {
		path                        string
		anon, admin, editor, funder int
	}{
		{"/", login, 200, 200, 200},
		{"/report.html", login, 200, 200, 200},
		{"/report.html?download=1", login, 200, 200, 200},
		{"/kpis", login, 200, 200, 200},
		{"/kpis/trainees-graduating", login, 200, 200, 200},
		{"/kpis/reading-age-gap", login, 200, 200, 404}, // outside fay's scitt
		{"/kpis/nope", login, 404, 404, 404},
		{"/activities", login, 200, 200, 200},
		{"/activities/scitt", login, 200, 200, 200},
		{"/activities/careers-fair", login, 200, 200, 404},
		{"/activities/nope", login, 404, 404, 404},
		{"/health", login, 200, 200, 200},
		{"/schools/hcs", login, 200, 200, 404}, // not in fay's scitt
		{"/schools/wsh", login, 200, 200, 200},
		{"/schools/nope", login, 404, 404, 404},
		{"/api/health", 401, 200, 200, 200},
		{"/upload", login, 200, 200, 403},
		{"/users", login, 200, 403, 403},
		{"/audit", login, 200, 403, 403},
		{"/audit?before=x", login, 400, 403, 403},
		{"/audit?action=login&who=ada", login, 200, 403, 403},
		{"/activities?evidence=gap&page=2", login, 200, 200, 200},
		{"/activities?page=-1", login, 400, 400, 400},
		{"/kpis/trainees-graduating?period=2023/24&school=-", login, 200, 200, 200},
		{"/status", login, 200, 200, 403},
		{"/review", login, 200, 200, 403},
		{"/toc", login, 200, 403, 403},
		{"/toc/revisions", login, 200, 403, 403},
		{"/years", login, 200, 403, 403},
		{"/pupils", login, 200, 403, 403},
		{"/api/review", 401, 200, 403, 403},
		{"/account/password", login, 200, 200, 200},
		{"/logout", login, 200, 200, 200},
		{"/login", 200, 303, 303, 303}, // logged in: on to the dashboard
		{"/static/style.css", 200, 200, 200, 200},
		{"/api/metrics", 401, 200, 200, 200},
		{"/api/nope", 401, 404, 404, 404},
		{"/impact.db", 404, 404, 404, 404}, // the database is never a file here
		{"/impact.key", 404, 404, 404, 404},
		{"/toc.yaml", 404, 404, 404, 404},
	}
	for _, g := range gets {
		for role, want := range map[string]int{"anon": g.anon, "admin": g.admin, "editor": g.editor, "funder": g.funder} {
			t.Run("GET"+strings.ReplaceAll(g.path, "/", "_")+"_"+role, func(t *testing.T) {
				status, _ := clients[role].get(g.path)
				if status != want {
					t.Errorf("GET %s as %s: %d, want %d", g.path, role, status, want)
				}
			})
		}
	}
	t.Run("RedirectKeepsPath", func(t *testing.T) {
		resp := clients["anon"].do("GET", "/kpis/trainees-graduating", nil, "", false)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/login?next=%2Fkpis%2Ftrainees-graduating" {
			t.Errorf("Location %q, want the login page with next", loc)
		}
	})

	// Writes: without a CSRF token every role gets 403 (anon: the session
	// check first); with it, only the roles allowed.
	writes := []struct {
		path                  string
		fields                url.Values
		admin, editor, funder int
	}{
		{"/kpis/trainees-graduating", url.Values{"period": {"2024/25"}, "value": {"18"}}, 201, 201, 403},
		{"/users", url.Values{"name": {"newbie"}, "role": {"editor"}}, 201, 403, 403},
		{"/users/fran/reset", url.Values{}, 200, 403, 403},
	}
	for _, w := range writes {
		for role, want := range map[string]int{"admin": w.admin, "editor": w.editor, "funder": w.funder} {
			t.Run("POST"+strings.ReplaceAll(w.path, "/", "_")+"_"+role, func(t *testing.T) {
				c := clients[role]
				if s, _, _ := c.form(w.path, url.Values{}, false); s != http.StatusForbidden {
					t.Errorf("POST %s as %s without CSRF: %d, want 403", w.path, role, s)
				}
				fields := url.Values{}
				for k, v := range w.fields {
					fields[k] = v
				}
				if role == "editor" && w.path == "/users" {
					fields.Set("name", "newbie2")
				}
				if s, body, _ := c.form(w.path, fields, true); s != want {
					t.Errorf("POST %s as %s: %d, want %d\n%.400s", w.path, role, s, want, body)
				}
			})
		}
		t.Run("POST"+strings.ReplaceAll(w.path, "/", "_")+"_anon", func(t *testing.T) {
			if s, _, resp := clients["anon"].form(w.path, w.fields, false); s != 303 || resp.Header.Get("Location") != "/login" {
				t.Errorf("POST %s without session: %d to %q, want 303 to /login", w.path, s, resp.Header.Get("Location"))
			}
		})
	}
	t.Run("UploadRoles", func(t *testing.T) {
		for role, want := range map[string]int{"admin": 201, "editor": 201, "funder": 403} {
			csv := "kpi,period,value\ncareers-encounters,2020/21," + map[string]string{"admin": "1", "editor": "2", "funder": "3"}[role] + "\n"
			if s, body := clients[role].upload("/upload", "x.csv", csv, true, false); s != want {
				t.Errorf("upload as %s: %d, want %d\n%.300s", role, s, want, body)
			}
			if s, _ := clients[role].upload("/upload", "y.csv", csv+"\n", false, false); s != 403 {
				t.Errorf("upload as %s without CSRF: %d, want 403", role, s)
			}
		}
	})
	t.Run("RemoveRoles", func(t *testing.T) {
		for _, role := range []string{"editor", "funder"} {
			if s, _, _ := clients[role].form("/users/fran/remove", url.Values{}, true); s != 403 {
				t.Errorf("remove as %s: %d, want 403", role, s)
			}
		}
		if s, _, _ := clients["admin"].form("/users/fran/remove", url.Values{}, true); s != 200 {
			t.Errorf("remove as admin: %d, want 200", s)
		}
		if s, _, _ := clients["admin"].form("/users/fran/remove", url.Values{}, true); s != 404 {
			t.Errorf("remove an unknown user: %d, want 404", s)
		}
		if s, _, _ := clients["admin"].form("/users/ada/remove", url.Values{}, true); s != 409 {
			t.Errorf("an admin removing itself: %d, want 409", s)
		}
	})
}

func TestServer_LoginForm(t *testing.T) {
	app := newTestApp(t)
	c := app.client(t)
	status, page := c.get("/login?next=/kpis")
	if status != 200 || !strings.Contains(page, `name="csrf_token" value="`) {
		t.Fatalf("login page: %d, want 200 with a token", status)
	}
	t.Run("ErrNoToken", func(t *testing.T) {
		s, _, _ := c.form("/login", url.Values{"name": {"ed"}, "password": {app.Passwords["ed"]}}, false)
		if s != http.StatusForbidden {
			t.Errorf("login form without its token: %d, want 403", s)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		// Every login form answer sets a fresh token: read this one.
		_, page := c.get("/login")
		tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page)[1]
		s, body, _ := c.form("/login", url.Values{"name": {"ed"}, "password": {"nope"}, "csrf_token": {tok}}, false)
		if s != http.StatusUnauthorized || !strings.Contains(body, "unknown name or wrong password") {
			t.Errorf("wrong password: %d, want 401 with the message", s)
		}
	})
	t.Run("OK", func(t *testing.T) {
		_, page := c.get("/login?next=/kpis")
		tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page)[1]
		s, _, resp := c.form("/login", url.Values{"name": {"ed"}, "password": {app.Passwords["ed"]}, "csrf_token": {tok}, "next": {"/kpis"}}, false)
		if s != http.StatusSeeOther || resp.Header.Get("Location") != "/kpis" {
			t.Errorf("login: %d to %q, want 303 to /kpis", s, resp.Header.Get("Location"))
		}
		if s, _ := c.get("/kpis"); s != 200 {
			t.Errorf("after login: %d, want 200", s)
		}
	})
	t.Run("NextStaysOnSite", func(t *testing.T) {
		c := app.client(t)
		_, page := c.get("/login")
		tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page)[1]
		_, _, resp := c.form("/login", url.Values{"name": {"ed"}, "password": {app.Passwords["ed"]}, "csrf_token": {tok}, "next": {"//evil.example/"}}, false)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next=//evil.example/ redirected to %q, want /", loc)
		}
	})
}

func TestServer_KPIPage(t *testing.T) {
	app := newTestApp(t)
	t.Run("EditorSeesFormAndHistory", func(t *testing.T) {
		_, page := app.login(t, "ed").get("/kpis/trainees-graduating")
		for _, want := range []string{`id="log-form"`, "two trainees deferred", "<svg", `data-period="2023/24" data-value="17"`} {
			if !strings.Contains(page, want) {
				t.Errorf("KPI page lacks %q", want)
			}
		}
	})
	t.Run("FunderSeesNoFormNoNotes", func(t *testing.T) {
		_, page := app.login(t, "fay").get("/kpis/trainees-graduating")
		if strings.Contains(page, `id="log-form"`) || strings.Contains(page, "two trainees deferred") || strings.Contains(page, "setup") {
			t.Error("a funder sees the log form, a note or who logged")
		}
		if !strings.Contains(page, `data-period="2023/24" data-value="17"`) {
			t.Error("a funder does not see the chart's values")
		}
	})
	t.Run("LogThroughForm", func(t *testing.T) {
		ed := app.login(t, "ed")
		s, page, _ := ed.form("/kpis/trainees-graduating", url.Values{"period": {"2024/25"}, "value": {"19"}, "note": {"<b>final</b>"}}, true)
		if s != http.StatusCreated || !strings.Contains(page, "Logged 19 for 2024/25") {
			t.Fatalf("%d: want 201 and a notice", s)
		}
		if !strings.Contains(page, `data-period="2024/25" data-value="19"`) {
			t.Error("the chart lacks the new point")
		}
		if strings.Contains(page, "<b>final</b>") || !strings.Contains(page, "&lt;b&gt;final&lt;/b&gt;") {
			t.Error("a note is not escaped")
		}
	})
	t.Run("ErrBadValueKeepsForm", func(t *testing.T) {
		ed := app.login(t, "ed")
		s, page, _ := ed.form("/kpis/trainees-graduating", url.Values{"period": {"2024/25"}, "value": {"twelve"}}, true)
		if s != http.StatusBadRequest || !strings.Contains(page, "value: expected a number") || !strings.Contains(page, `value="twelve"`) {
			t.Errorf("%d: want 400, the CLI's message and the typed value kept", s)
		}
	})
}

func TestServer_UploadPage(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	t.Run("ErrRowsAsCLI", func(t *testing.T) {
		s, page := ed.upload("/upload", "marks.csv", "kpi,period,value\nnope,2024/25,1\n", true, false)
		// As `impact import` prints it: FILE:ROW:COLUMN: message.
		if s != http.StatusBadRequest || !strings.Contains(page, "marks.csv:2:1: kpi: expected a KPI id of") {
			t.Errorf("%d, want 400 and marks.csv:2:1: ...\n%s", s, page)
		}
	})
	t.Run("OK", func(t *testing.T) {
		s, page := ed.upload("/upload", "marks.csv", "kpi,period,value\ncareers-encounters,2024/25,500\n", true, false)
		if s != http.StatusCreated || !strings.Contains(page, "Imported 1 row from marks.csv") {
			t.Errorf("%d, want 201 and the count", s)
		}
	})
}

func TestServer_UsersPage(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	t.Run("AddShowsPasswordOnce", func(t *testing.T) {
		s, page, _ := ada.form("/users", url.Values{"name": {"trust"}, "role": {"funder"}, "activity": {"scitt", "careers-fair"}}, true)
		pw := regexp.MustCompile(`id="new-password">([a-z2-9-]+)<`).FindStringSubmatch(page)
		if s != http.StatusCreated || pw == nil {
			t.Fatalf("%d, want 201 and the password", s)
		}
		app.Passwords["trust"] = pw[1]
		c := app.login(t, "trust")
		_, m := c.json("GET", "/api/metrics", nil)
		if n := len(m["activities"].([]any)); n != 2 {
			t.Errorf("the new funder sees %d activities, want 2", n)
		}
		if _, again := ada.get("/users"); strings.Contains(again, pw[1]) {
			t.Error("the users page shows the password again")
		}
	})
	t.Run("ErrUnknownActivity", func(t *testing.T) {
		s, page, _ := ada.form("/users", url.Values{"name": {"t2"}, "role": {"funder"}, "activity": {"nope"}}, true)
		if s != http.StatusBadRequest || !strings.Contains(page, "expected the id of an activity") {
			t.Errorf("%d, want 400 naming the activity", s)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		if s, _, _ := ada.form("/users", url.Values{"name": {"ed"}, "role": {"editor"}}, true); s != http.StatusConflict {
			t.Errorf("%d, want 409", s)
		}
	})
	t.Run("ResetEndsSessions", func(t *testing.T) {
		ed := app.login(t, "ed")
		if s, _, _ := ada.form("/users/ed/reset", url.Values{}, true); s != 200 {
			t.Fatalf("reset: %d", s)
		}
		if s, _ := ed.json("GET", "/api/metrics", nil); s != http.StatusUnauthorized {
			t.Errorf("ed's session after reset: %d, want 401", s)
		}
	})
	t.Run("AuditShowsWho", func(t *testing.T) {
		_, page := ada.get("/audit")
		if !strings.Contains(page, "<td>ada</td><td>user-add</td><td>trust as funder limited to scitt, careers-fair</td>") {
			t.Errorf("audit page lacks ada's user-add of trust")
		}
	})
}

func TestServer_PasswordChange(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	other := app.login(t, "ed")
	t.Run("ErrMismatch", func(t *testing.T) {
		s, _, _ := ed.form("/account/password", url.Values{"current": {app.Passwords["ed"]}, "new": {"a long new password"}, "repeat": {"another one entirely"}}, true)
		if s != http.StatusBadRequest {
			t.Errorf("%d, want 400", s)
		}
	})
	t.Run("ErrWrongCurrent", func(t *testing.T) {
		s, _, _ := ed.form("/account/password", url.Values{"current": {"nope"}, "new": {"a long new password"}, "repeat": {"a long new password"}}, true)
		if s != http.StatusBadRequest {
			t.Errorf("%d, want 400", s)
		}
	})
	t.Run("OK", func(t *testing.T) {
		s, page, _ := ed.form("/account/password", url.Values{"current": {app.Passwords["ed"]}, "new": {"a long new password"}, "repeat": {"a long new password"}}, true)
		if s != 200 || !strings.Contains(page, "Your password is changed") {
			t.Fatalf("%d, want 200", s)
		}
		if st, _ := ed.get("/kpis"); st != 200 {
			t.Errorf("this browser after the change: %d, want still logged in", st)
		}
		if st, _ := other.json("GET", "/api/metrics", nil); st != http.StatusUnauthorized {
			t.Errorf("the other session after the change: %d, want 401", st)
		}
		app.Passwords["ed"] = "a long new password"
		app.login(t, "ed")
	})
}

func TestServer_Headers(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	t.Run("PageCSP", func(t *testing.T) {
		resp := ed.do("GET", "/kpis", nil, "", false)
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("CSP %q: want no script on app pages", csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Error("missing nosniff or frame denial")
		}
	})
	t.Run("ReportCSPByHash", func(t *testing.T) {
		resp := ed.do("GET", "/report.html", nil, "", false)
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "'sha256-") || strings.Contains(csp, "unsafe-inline' ;") || strings.Contains(strings.Split(csp, ";")[1], "unsafe") {
			t.Errorf("report CSP %q: want script hashes and no unsafe script source", csp)
		}
	})
	t.Run("DashboardLibraryApart", func(t *testing.T) {
		_, page := ed.get("/")
		m := regexp.MustCompile(`<script src="(/static/lib/echarts-[0-9a-f]{16}\.js)"></script>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the dashboard does not load echarts from the app")
		}
		resp := app.client(t).do("GET", m[1], nil, "", false) // public code: no session needed
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
			!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q %q, want 200, JavaScript, cached", m[1], resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}
		if _, full := ed.get("/report.html"); strings.Contains(full, "/static/lib/") {
			t.Error("the downloadable report is not self-contained")
		}
	})
	t.Run("Download", func(t *testing.T) {
		resp := ed.do("GET", "/report.html?download=1", nil, "", false)
		resp.Body.Close()
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="impact-report-director.html"` {
			t.Errorf("Content-Disposition %q", cd)
		}
	})
	t.Run("FunderReport", func(t *testing.T) {
		_, page := app.login(t, "fay").get("/report.html")
		if !strings.Contains(strings.ToLower(page), "funder") {
			t.Error("a funder's report does not say it is for a funder")
		}
		if strings.Contains(page, "j-smith") || strings.Contains(page, "Activity careers-fair") {
			t.Error("a funder's report shows lead names or activities outside its scope")
		}
	})
}

func TestServer_TocReload(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	path := filepath.Join(app.Dir, "toc.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Changed", func(t *testing.T) {
		// Retitle a KPI; a second later for file systems with coarse times.
		edited := strings.Replace(string(src), "title: KPI trainees-graduating", "title: Trainees who graduate", 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, time.Now().Add(time.Second), time.Now().Add(time.Second))
		if _, page := ed.get("/kpis/trainees-graduating"); !strings.Contains(page, "Trainees who graduate") {
			t.Error("the KPI page does not show the edited toc.yaml")
		}
		revs, err := app.Store.ListRevisions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if revisions := len(revs); revisions != 2 {
			t.Errorf("%d toc revisions recorded, want 2", revisions)
		}
	})
	t.Run("InvalidKeepsLastGood", func(t *testing.T) {
		if err := os.WriteFile(path, []byte("partnership: [\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, time.Now().Add(2*time.Second), time.Now().Add(2*time.Second))
		if s, page := ed.get("/kpis/trainees-graduating"); s != 200 || !strings.Contains(page, "Trainees who graduate") {
			t.Errorf("%d: want the last good toc.yaml still served", s)
		}
	})
}
