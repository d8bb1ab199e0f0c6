package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/reports/web"
	"github.com/schoolstogether/impact/toc"
)

// smallDir is the worked example of DESIGN §7: three activities, four
// schools, 51 participants.
const smallDir = "../../testdata/partnerships/small"

// today fixes the current academic year at 2024/25.
var today = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// testApp is a real server on loopback over a real SQLite file holding the
// small example, with one login per role:
// ada (admin), ed (editor), fay (funder limited to scitt) and fran (funder
// of everything).
type testApp struct {
	URL       string
	Dir       string
	Store     folder.Backend
	ToC       *toc.Partnership
	Passwords map[string]string
}

func newTestApp(t testing.TB) *testApp { return newTestAppWith(t, appOptions{}) }

// appOptions tune a test app: the store's busy timeout, the server's
// timeouts and connection cap (served then as impact serve serves, with
// web.Listen and Server.HTTPServer).
type appOptions struct {
	busy                      time.Duration
	readTimeout, writeTimeout time.Duration
	maxConns                  int
	review                    bool // toc.yaml requires review (DESIGN §12)
}

func newTestAppWith(t testing.TB, o appOptions) *testApp {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(smallDir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if o.review {
		src = append(src, "review: required\n"...)
	}
	if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	store := openTestStore(t, dir, o.busy)
	plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), toc.PeriodOf(today))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var files []engine.ImportFile
	for _, f := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
		files = append(files, engine.ImportPath(filepath.Join(smallDir, f)))
	}
	if _, err := store.Import(ctx, plan.ToC, files, engine.ImportOptions{Who: "setup"}); err != nil {
		t.Fatal(err)
	}
	app := &testApp{Dir: dir, Store: store, ToC: plan.ToC, Passwords: map[string]string{}}
	for _, u := range []engine.User{
		{Name: "ada", Role: toc.RoleAdmin},
		{Name: "ed", Role: toc.RoleEditor},
		{Name: "fay", Role: toc.RoleFunder, Activities: []string{"scitt"}},
		{Name: "fran", Role: toc.RoleFunder},
	} {
		pw, err := store.AddUser(ctx, "setup", u, plan.ToC)
		if err != nil {
			t.Fatal(err)
		}
		app.Passwords[u.Name] = pw
	}
	srv, err := web.New(web.Config{Store: store, Dir: dir, Today: func() time.Time { return today },
		ReadTimeout: o.readTimeout, WriteTimeout: o.writeTimeout})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	if o.maxConns > 0 {
		ln, _, _, err := web.Listen("127.0.0.1:0", o.maxConns)
		if err != nil {
			t.Fatal(err)
		}
		ts.Listener.Close()
		ts.Listener = ln
		ts.Config = srv.HTTPServer(nil)
	}
	ts.Start()
	t.Cleanup(ts.Close)
	app.URL = ts.URL
	return app
}

// client is a browser-like HTTP client: a cookie jar, no redirects
// followed, and the CSRF token of its login.
type client struct {
	t    testing.TB
	app  *testApp
	http *http.Client
	CSRF string
	Role string
}

func (a *testApp) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, app: a, http: &http.Client{
		Jar:           jar,
		Timeout:       5 * time.Minute, // a million-row upload under -race on a slow machine takes over a minute
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login logs a user in through the API and keeps the session.
func (a *testApp) login(t testing.TB, name string) *client {
	t.Helper()
	c := a.client(t)
	status, body := c.json("POST", "/api/login", map[string]string{"name": name, "password": a.Passwords[name]})
	if status != http.StatusOK {
		t.Fatalf("login %s: status %d %v", name, status, body)
	}
	c.CSRF, _ = body["csrf_token"].(string)
	c.Role, _ = body["role"].(string)
	return c
}

// do sends a request; with csrf the session's token goes in the header.
func (c *client) do(method, path string, body io.Reader, contentType string, csrf bool) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.app.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if csrf && c.CSRF != "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

// json sends v as JSON with the CSRF header and decodes the answer.
func (c *client) json(method, path string, v any) (int, map[string]any) {
	c.t.Helper()
	var body io.Reader
	if v != nil {
		b, _ := json.Marshal(v)
		body = bytes.NewReader(b)
	}
	resp := c.do(method, path, body, "application/json", true)
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			out = map[string]any{"raw": string(b)}
		}
	}
	return resp.StatusCode, out
}

// get fetches a path and returns the status and body.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp := c.do("GET", path, nil, "", false)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// form posts form fields, with the session's CSRF token as a hidden field
// would carry it when csrf is true.
func (c *client) form(path string, fields url.Values, csrf bool) (int, string, *http.Response) {
	c.t.Helper()
	if csrf {
		fields.Set("csrf_token", c.CSRF)
	}
	resp := c.do("POST", path, strings.NewReader(fields.Encode()), "application/x-www-form-urlencoded", false)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}

// upload posts a CSV as the multipart field "file"; api says whether it
// goes to the API (CSRF header) or the upload form (CSRF field).
func (c *client) upload(path, name, content string, csrf, api bool) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if csrf && !api {
		mw.WriteField("csrf_token", c.CSRF)
	}
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, content)
	mw.Close()
	resp := c.do("POST", path, &buf, mw.FormDataContentType(), csrf && api)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// kpiValues returns the current values of a KPI in the store, as
// "period/school=value".
func kpiValues(t testing.TB, s engine.Store, kpi string) []string {
	t.Helper()
	hist, err := engine.ReadKPIHistory(context.Background(), s, kpi)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hist {
		if h.Status == toc.Current {
			out = append(out, h.Period.String()+"/"+h.School+"="+strconv.FormatFloat(h.Value, 'f', -1, 64))
		}
	}
	return out
}

// onPostgres says the web tests run on PostgreSQL: make test runs them a
// second time so, with IMPACT_TEST_STORE=postgres (DESIGN §15).
var onPostgres = os.Getenv("IMPACT_TEST_STORE") == "postgres"

// openTestStore opens the test partnership's store: SQLite in dir, or a
// fresh PostgreSQL database of the test's own when onPostgres.
func openTestStore(t testing.TB, dir string, busy time.Duration) folder.Backend {
	t.Helper()
	db := ""
	if onPostgres {
		db = pgtest.URL(t)
	}
	return openTestStoreIn(t, dir, busy, db)
}

// openTestStoreIn opens dir's store in db: a PostgreSQL database other
// partnerships may share, or "" for SQLite in dir.
func openTestStoreIn(t testing.TB, dir string, busy time.Duration, db string) folder.Backend {
	t.Helper()
	opts := folder.Store{BusyTimeout: busy, Now: func() time.Time { return today }, DB: db}
	store, err := folder.OpenStore(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}
