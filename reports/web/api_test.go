package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/reports/web"
)

func TestServer_APILogin(t *testing.T) {
	app := newTestApp(t)
	t.Run("OK", func(t *testing.T) {
		c := app.client(t)
		resp := c.do("POST", "/api/login", strings.NewReader(`{"name":"ed","password":"`+app.Passwords["ed"]+`"}`), "application/json", false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
		var cookie *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "impact_session" {
				cookie = ck
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", cookie)
		}
		if len(cookie.Value) < 40 {
			t.Errorf("session token %q: want at least 32 random bytes", cookie.Value)
		}
	})
	t.Run("Body", func(t *testing.T) {
		c := app.login(t, "fay")
		if c.Role != "funder" || len(c.CSRF) < 40 {
			t.Errorf("role %q, csrf_token %q: want funder and a long token", c.Role, c.CSRF)
		}
	})
	t.Run("ErrSameAnswerUnknownOrWrong", func(t *testing.T) {
		c := app.client(t)
		s1, b1 := c.json("POST", "/api/login", map[string]string{"name": "ed", "password": "wrong"})
		s2, b2 := c.json("POST", "/api/login", map[string]string{"name": "nobody", "password": "wrong"})
		if s1 != http.StatusUnauthorized || s2 != http.StatusUnauthorized || b1["error"] != b2["error"] {
			t.Errorf("wrong password: %d %v; unknown user: %d %v; want the same 401", s1, b1, s2, b2)
		}
	})
	t.Run("RepeatedFailuresHoldTheNameBack", func(t *testing.T) {
		c := app.client(t)
		// Three failures for a name are answered 401; after the fourth, its
		// logins are refused for a second (then 2, 4 … s: see TestThrottle),
		// the right password included, with Retry-After.
		for i := range 4 {
			if s, _ := c.json("POST", "/api/login", map[string]string{"name": "ada", "password": "guess"}); s != http.StatusUnauthorized {
				t.Errorf("failure %d: %d, want 401", i+1, s)
			}
		}
		resp := c.do("POST", "/api/login", strings.NewReader(`{"name":"ada","password":"`+app.Passwords["ada"]+`"}`), "application/json", false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("a login while held back: %d, Retry-After %q; want 429, 1", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		// Another name from the same address is not held back by ada's.
		if s, _ := c.json("POST", "/api/login", map[string]string{"name": "ed", "password": app.Passwords["ed"]}); s != http.StatusOK {
			t.Errorf("another login: %d, want 200", s)
		}
		// Every failure is in the audit, rate-limited: the first of the
		// streak at once.
		n := 0
		lines, err := app.Store.AuditTrail(context.Background(), engine.AuditQuery{Action: "login-failed", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if strings.HasSuffix(l.Detail, `"ada" from 127.0.0.1`) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d audit entries of ada's failures, want 1 (the first; then at most one a minute)", n)
		}
	})
	t.Run("ErrBadJSON", func(t *testing.T) {
		c := app.client(t)
		resp := c.do("POST", "/api/login", strings.NewReader(`{"name":`), "application/json", false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
}

func TestServer_APILogout(t *testing.T) {
	app := newTestApp(t)
	c := app.login(t, "ed")
	t.Run("ErrNoCSRF", func(t *testing.T) {
		resp := c.do("POST", "/api/logout", nil, "", false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if s, _ := c.json("POST", "/api/logout", nil); s != http.StatusNoContent {
			t.Fatalf("status %d, want 204", s)
		}
		if s, _ := c.json("GET", "/api/metrics", nil); s != http.StatusUnauthorized {
			t.Errorf("metrics after logout: %d, want 401", s)
		}
	})
}

func TestServer_APIMetrics(t *testing.T) {
	app := newTestApp(t)
	t.Run("ErrNoSession", func(t *testing.T) {
		if s, _ := app.client(t).json("GET", "/api/metrics", nil); s != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", s)
		}
	})
	t.Run("Director", func(t *testing.T) {
		for _, name := range []string{"ada", "ed"} {
			s, m := app.login(t, name).json("GET", "/api/metrics", nil)
			reach, _ := m["reach"].(map[string]any)
			// shared/examples/small: 51 participants, 17 disadvantaged.
			if s != 200 || m["audience"] != "director" || reach["participants"] != 51.0 || reach["disadvantaged"] != 17.0 {
				t.Errorf("%s: %d audience %v reach %v; want director, 51 participants, 17 disadvantaged", name, s, m["audience"], reach)
			}
			if acts := m["activities"].([]any); len(acts) != 3 {
				t.Errorf("%s: %d activities, want 3", name, len(acts))
			}
		}
	})
	t.Run("FunderLimitedToActivities", func(t *testing.T) {
		s, m := app.login(t, "fay").json("GET", "/api/metrics", nil)
		if s != 200 || m["audience"] != "funder" {
			t.Fatalf("%d audience %v, want 200 funder", s, m["audience"])
		}
		var acts, kpis []string
		for _, a := range m["activities"].([]any) {
			acts = append(acts, a.(map[string]any)["id"].(string))
		}
		for _, k := range m["kpis"].([]any) {
			kpis = append(kpis, k.(map[string]any)["id"].(string))
		}
		if !slices.Equal(acts, []string{"scitt"}) || !slices.Equal(kpis, []string{"trainees-graduating"}) {
			t.Errorf("activities %v, kpis %v: want only scitt and the KPI it serves", acts, kpis)
		}
	})
	t.Run("FunderSuppressesSmallCounts", func(t *testing.T) {
		_, m := app.login(t, "fran").json("GET", "/api/metrics", nil)
		// shared/examples/small: 5 disadvantaged participants in 2022/23
		// (expected-metrics.json), below min_cell 6; the 8 participants of
		// that year stay.
		p := m["reach"].(map[string]any)["by_period"].([]any)[0].(map[string]any)
		if p["period"] != "2022/23" || p["disadvantaged"] != "<6" || p["participants"] != 8.0 {
			t.Errorf("2022/23 reach for a funder = %v, want disadvantaged \"<6\" and participants 8", p)
		}
		if m["audience"] != "funder" {
			t.Errorf("audience %v, want funder", m["audience"])
		}
	})
}

func TestServer_APIKPIValues(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	t.Run("OK", func(t *testing.T) {
		s, m := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 19, "note": "from the API"})
		if s != http.StatusCreated || m["value"] != 19.0 || m["period"] != "2024/25" {
			t.Fatalf("%d %v, want 201 with the value", s, m)
		}
		got := kpiValues(t, app.Store, "trainees-graduating")
		if !slices.Contains(got, "2024/25/=19") {
			t.Errorf("store holds %v, want 2024/25 = 19", got)
		}
		_, metrics := ed.json("GET", "/api/metrics", nil)
		k := metrics["kpis"].([]any)[0].(map[string]any)
		// (19 − 12) / (20 − 12) = 0.875, and a new write is seen at once.
		if k["progress"] != 0.875 {
			t.Errorf("progress after the write = %v, want 0.875", k["progress"])
		}
	})
	t.Run("Supersedes", func(t *testing.T) {
		s, m := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "reading-age-gap", "period": "2023/24", "school": "wsh", "value": "11.5"})
		if s != http.StatusCreated || m["supersedes"] != 12.5 {
			t.Errorf("%d %v, want 201 superseding 12.5 (kpis.csv)", s, m)
		}
	})
	bad := []struct {
		name  string
		body  map[string]any
		field string
		msg   string
	}{
		{"ErrUnknownKPI", map[string]any{"kpi": "nope", "period": "2024/25", "value": 1}, "kpi", `expected a KPI id of`},
		{"ErrMissingKPI", map[string]any{"period": "2024/25", "value": 1}, "kpi", "required"},
		{"ErrPeriod", map[string]any{"kpi": "trainees-graduating", "period": "2024/26", "value": 1}, "period", "consecutive years"},
		{"ErrPeriodShape", map[string]any{"kpi": "trainees-graduating", "period": "2024", "value": 1}, "period", "academic year like 2023/24"},
		{"ErrValue", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": "many"}, "value", "expected a number"},
		{"ErrValueMissing", map[string]any{"kpi": "trainees-graduating", "period": "2024/25"}, "value", "required"},
		{"ErrValueType", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": true}, "value", "expected a number"},
		{"ErrUnknownSchool", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 1, "school": "zzz"}, "school", `expected a school id`},
		{"ErrUnknownField", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 1, "colour": "red"}, "colour", "unknown field"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := kpiValues(t, app.Store, "trainees-graduating")
			s, m := ed.json("POST", "/api/kpi-values", tc.body)
			if s != http.StatusBadRequest || m["field"] != tc.field || !strings.Contains(m["error"].(string), tc.msg) {
				t.Errorf("%d %v, want 400 with field %q and %q", s, m, tc.field, tc.msg)
			}
			if after := kpiValues(t, app.Store, "trainees-graduating"); !slices.Equal(before, after) {
				t.Errorf("values changed from %v to %v on a refused write", before, after)
			}
		})
	}
	t.Run("ErrFunder", func(t *testing.T) {
		fay := app.login(t, "fay")
		s, _ := fay.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 1})
		if s != http.StatusForbidden {
			t.Errorf("funder with CSRF: %d, want 403", s)
		}
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		resp := ed.do("POST", "/api/kpi-values", strings.NewReader(`{"kpi":"trainees-graduating","period":"2024/25","value":1}`), "application/json", false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("no CSRF header: %d, want 403", resp.StatusCode)
		}
	})
	t.Run("ErrWrongCSRF", func(t *testing.T) {
		other := app.login(t, "ada")
		ed2 := *ed
		ed2.CSRF = other.CSRF // another session's token
		s, _ := ed2.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 1})
		if s != http.StatusForbidden {
			t.Errorf("another session's CSRF token: %d, want 403", s)
		}
	})
	t.Run("ErrNoSessionBeforeCSRF", func(t *testing.T) {
		anon := app.client(t)
		s, _ := anon.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 1})
		if s != http.StatusUnauthorized {
			t.Errorf("no session and no CSRF: %d, want 401 (session is checked first)", s)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		lines, err := app.Store.AuditTrail(context.Background(), engine.AuditQuery{Action: "log", Limit: 1})
		if err != nil || len(lines) != 1 {
			t.Fatalf("audit: %v %v", lines, err)
		}
		if who := lines[0].Who; who != "ed" {
			t.Errorf("last log audited as %q, want the login ed", who)
		}
	})
}

func TestServer_APIImports(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	csv := "kpi,period,value,school\ncareers-encounters,2024/25,410,\n"
	t.Run("OK", func(t *testing.T) {
		s, body := ed.upload("/api/imports", "encounters.csv", csv, true, true)
		if s != http.StatusCreated || !strings.Contains(body, `"rows":1`) {
			t.Fatalf("%d %s, want 201 with rows 1", s, body)
		}
		if got := kpiValues(t, app.Store, "careers-encounters"); !slices.Contains(got, "2024/25/=410") {
			t.Errorf("store holds %v, want 2024/25 = 410", got)
		}
	})
	t.Run("ErrImportedBefore", func(t *testing.T) {
		s, body := ed.upload("/api/imports", "again.csv", csv, true, true)
		if s != http.StatusConflict || !strings.Contains(body, "imported before") {
			t.Errorf("%d %s, want 409", s, body)
		}
	})
	t.Run("ErrRows", func(t *testing.T) {
		bad := "kpi,period,value\ncareers-encounters,2024/25,12\nnope,2024/25,x\ncareers-encounters,2024-25,3\n"
		s, body := ed.upload("/api/imports", "bad.csv", bad, true, true)
		// Row 3: unknown KPI (column 1) and a bad value (column 3); row 4:
		// a bad period (column 2). Rows count the header as row 1.
		for _, want := range []string{`"row":3,"column":1`, `"row":3,"column":3`, `"row":4,"column":2`} {
			if !strings.Contains(body, want) {
				t.Errorf("body %s lacks %s", body, want)
			}
		}
		if s != http.StatusBadRequest {
			t.Errorf("status %d, want 400", s)
		}
		if got := kpiValues(t, app.Store, "careers-encounters"); slices.Contains(got, "2024/25/=12") {
			t.Error("a refused file wrote its good row")
		}
	})
	t.Run("ErrNoFile", func(t *testing.T) {
		s, m := ed.json("POST", "/api/imports", map[string]any{})
		if s != http.StatusBadRequest || m["field"] != "file" {
			t.Errorf("%d %v, want 400 about file", s, m)
		}
	})
	t.Run("ErrFunder", func(t *testing.T) {
		s, _ := app.login(t, "fran").upload("/api/imports", "f.csv", "kpi,period,value\ncareers-encounters,2020/21,1\n", true, true)
		if s != http.StatusForbidden {
			t.Errorf("funder: %d, want 403", s)
		}
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		s, _ := ed.upload("/api/imports", "g.csv", "kpi,period,value\ncareers-encounters,2020/21,2\n", false, true)
		if s != http.StatusForbidden {
			t.Errorf("no CSRF: %d, want 403", s)
		}
	})
	t.Run("ErrNoSession", func(t *testing.T) {
		s, _ := app.client(t).upload("/api/imports", "h.csv", "kpi,period,value\n", false, true)
		if s != http.StatusUnauthorized {
			t.Errorf("no session: %d, want 401", s)
		}
	})
}

func TestServer_TLS(t *testing.T) {
	app := newTestApp(t)
	srv, err := web.New(web.Config{Store: app.Store, Dir: app.Dir, Today: func() time.Time { return today }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	defer ts.Close()
	resp, err := ts.Client().Post(ts.URL+"/api/login", "application/json",
		strings.NewReader(`{"name":"ed","password":"`+app.Passwords["ed"]+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var secure bool
	for _, c := range resp.Cookies() {
		secure = c.Name == "impact_session" && c.Secure && c.HttpOnly
	}
	if resp.StatusCode != 200 || !secure {
		t.Errorf("login over TLS: %d, session cookie Secure and HttpOnly: %v; want 200, true", resp.StatusCode, secure)
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); hsts == "" {
		t.Error("no Strict-Transport-Security over TLS")
	}
}

func TestServer_SecureCookies(t *testing.T) {
	// Behind a reverse proxy that terminates TLS the app sees plain HTTP;
	// SecureCookies marks the cookie Secure all the same.
	app := newTestApp(t)
	srv, err := web.New(web.Config{Store: app.Store, Dir: app.Dir, SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/api/login", "application/json",
		strings.NewReader(`{"name":"ed","password":"`+app.Passwords["ed"]+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Cookies(); len(c) != 1 || !c[0].Secure {
		t.Errorf("cookies %v: want one Secure session cookie", c)
	}
}

func TestServer_UploadTooLarge(t *testing.T) {
	app := newTestApp(t)
	srv, err := web.New(web.Config{Store: app.Store, Dir: app.Dir, MaxUpload: 4096})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	app.URL = ts.URL
	ed := app.login(t, "ed")
	csv := "kpi,period,value\n" + strings.Repeat("careers-encounters,2020/21,1\n", 200) // 5.8 KB
	s, body := ed.upload("/api/imports", "big.csv", csv, true, true)
	if s != http.StatusBadRequest || !strings.Contains(body, "larger than") {
		t.Errorf("%d %s: want 400 saying the file is too large", s, body)
	}
	if s, page := ed.upload("/upload", "big.csv", csv, true, false); s != http.StatusBadRequest || !strings.Contains(page, "larger than 4096 bytes") {
		t.Errorf("upload form: %d, want 400 saying the file is too large", s)
	}
	if got := kpiValues(t, app.Store, "careers-encounters"); slices.Contains(got, "2020/21/=1") {
		t.Error("a refused upload was imported")
	}
}
