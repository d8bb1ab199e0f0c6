//go:build load

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/reports/web"
	"github.com/schoolstogether/impact/toc"
)

// The scale of issue 15 on PostgreSQL: IMPACT_LOAD_PARTNERSHIPS (100)
// partnerships of IMPACT_LOAD_ROWS (100,000) participation rows each in
// one database, served by two servers (each its own stores over one
// connection pool). For IMPACT_LOAD_SECONDS (30): 20 funders read their
// portfolio of every partnership; 50 readers of /api/metrics and 5
// writers of KPI values, spread over both servers and the partnerships.
// Zero errors; every write present afterwards, read through the other
// server; the portfolio's p99 against a stylesheet's, measured in the
// same run. The servers' first computations (the portfolio and each
// partnership's metrics) are made and timed before the load starts.
//
//	IMPACT_TEST_PG_URL=… go test -tags load -run Partnerships_Load -v -timeout 60m ./reports/web
func TestPartnerships_Load(t *testing.T) {
	nParts, nRows, seconds := envInt("IMPACT_LOAD_PARTNERSHIPS", 100), envInt("IMPACT_LOAD_ROWS", 100_000), envInt("IMPACT_LOAD_SECONDS", 30)
	db := pgtest.URL(t)
	ctx := context.Background()
	src, err := os.ReadFile(filepath.Join(smallDir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString("activity,date,participant,school,disadvantaged\n")
	acts, schools := []string{"scitt", "reading-buddies", "careers-fair"}, []string{"wsh", "kfs", "hcs"}
	for i := range nRows {
		pupil := i % max(nRows/5, 1)
		fmt.Fprintf(&csv, "%s,2024-%02d-%02d,L%07d,%s,%s\n", acts[i%3], 9+i%4, 1+i%28, pupil, schools[pupil%3], [2]string{"yes", "no"}[pupil%3/2])
	}
	const password = "portfolio-load-test-password-7"
	root := t.TempDir()
	setup := time.Now()
	var dirs []string
	for i := range nParts {
		dir := filepath.Join(root, fmt.Sprintf("p%03d", i))
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := folder.OpenStore(dir, folder.Store{DB: db})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), toc.PeriodOf(today))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Import(ctx, plan.ToC, []engine.ImportFile{engine.ImportBytes("rows.csv", csv.Bytes())}, engine.ImportOptions{Who: "load"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []engine.User{{Name: "fiona", Role: toc.RoleFunder}, {Name: "ed", Role: toc.RoleEditor}} {
			pw, err := st.AddUser(ctx, "load", u, plan.ToC)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.ChangePassword(ctx, u.Name, pw, password); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
		dirs = append(dirs, dir)
	}
	t.Logf("setup: %d partnerships of %d rows in %s", nParts, nRows, time.Since(setup).Round(time.Second))

	// Two servers, as two impact serve --partnerships processes would be.
	var bases []string
	for range 2 {
		pools := &folder.Pools{}
		servers := map[string]*web.Server{}
		for _, dir := range dirs {
			st, err := folder.OpenStore(dir, folder.Store{DB: db, Pools: pools, BusyTimeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			srv, err := web.New(web.Config{Store: st, Dir: dir, Today: func() time.Time { return today }})
			if err != nil {
				t.Fatal(err)
			}
			servers[filepath.Base(dir)] = srv
			t.Cleanup(func() { st.Close() })
		}
		t.Cleanup(pools.Close)
		parts, err := web.NewPartnerships(servers, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(parts)
		t.Cleanup(ts.Close)
		bases = append(bases, ts.URL)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 200, MaxConnsPerHost: 200}
	do := func(base, host, method, path string, body io.Reader, header map[string]string, cookies []*http.Cookie) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(method, base+path, body)
		u, _ := url.Parse(base)
		req.Host = strings.Replace(u.Host, "127.0.0.1", host, 1)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := (&http.Client{Transport: transport, Timeout: 120 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	// Each funder's portfolio login, on either server; the portfolio warmed once.
	var portfolios [][]*http.Cookie
	for i := range 20 {
		resp, _, err := do(bases[i%2], "localhost", "POST", "/portfolio/login", strings.NewReader("name=fiona&password="+url.QueryEscape(password)),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, nil)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("portfolio login: %v %v", resp, err)
		}
		portfolios = append(portfolios, resp.Cookies())
	}
	warm := time.Now()
	for i := range 2 {
		if resp, body, err := do(bases[i], "localhost", "GET", "/api/portfolio", nil, nil, portfolios[i]); err != nil || resp.StatusCode != 200 || strings.Count(string(body), `"partnership"`) != nParts {
			t.Fatalf("warm the portfolio: %v %v", resp, err)
		}
	}
	t.Logf("first portfolio of %d partnerships on each server: %s", nParts, time.Since(warm).Round(time.Millisecond))
	// Editors' sessions, one per partnership, made through the first server.
	type editor struct {
		label, csrf string
		cookies     []*http.Cookie
	}
	var editors []editor
	for _, dir := range dirs {
		label := filepath.Base(dir)
		resp, body, err := do(bases[0], label+".localhost", "POST", "/api/login", strings.NewReader(`{"name":"ed","password":"`+password+`"}`), map[string]string{"Content-Type": "application/json"}, nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("ed's login at %s: %v %v", label, resp, err)
		}
		var l struct {
			CSRF string `json:"csrf_token"`
		}
		json.Unmarshal(body, &l)
		editors = append(editors, editor{label, l.CSRF, resp.Cookies()})
	}
	// Each partnership's metrics, as its editors see them, warmed on both
	// servers by 8 readers at once: the load below measures the servers
	// as they run, not their first minute (whose figure is logged here).
	warm = time.Now()
	var warming sync.WaitGroup
	next := atomic.Int64{}
	for range 8 {
		warming.Go(func() {
			for k := int(next.Add(1)) - 1; k < 2*len(editors); k = int(next.Add(1)) - 1 {
				e := editors[k/2]
				if resp, _, err := do(bases[k%2], e.label+".localhost", "GET", "/api/metrics", nil, nil, e.cookies); err != nil || resp.StatusCode != 200 {
					t.Errorf("warm %s's metrics: %v %v", e.label, resp, err)
				}
			}
		})
	}
	warming.Wait()
	t.Logf("first metrics of each partnership on each server: %s", time.Since(warm).Round(time.Millisecond))

	var (
		stop     atomic.Bool
		errCount atomic.Int64
		firstErr atomic.Value
		mu       sync.Mutex
		lat      = map[string][]time.Duration{}
		written  sync.Map // label → values written
	)
	record := func(kind string, d time.Duration) { mu.Lock(); lat[kind] = append(lat[kind], d); mu.Unlock() }
	fail := func(err error) {
		errCount.Add(1)
		firstErr.CompareAndSwap(nil, err)
	}
	check := func(kind string, start time.Time, resp *http.Response, err error, want int) {
		if err == nil && resp.StatusCode != want {
			err = fmt.Errorf("%s: %d", kind, resp.StatusCode)
		}
		if err != nil {
			fail(err)
			return
		}
		record(kind, time.Since(start))
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			for !stop.Load() {
				start := time.Now()
				resp, _, err := do(bases[i%2], "localhost", "GET", "/api/portfolio", nil, nil, portfolios[i])
				check("GET /api/portfolio", start, resp, err, 200)
			}
		})
	}
	for i := range 50 {
		wg.Go(func() {
			for k := 0; !stop.Load(); k++ {
				e := editors[(i*7+k)%len(editors)]
				start := time.Now()
				resp, _, err := do(bases[(i+k)%2], e.label+".localhost", "GET", "/api/metrics", nil, nil, e.cookies)
				check("GET /api/metrics", start, resp, err, 200)
			}
		})
	}
	for i := range 5 {
		wg.Go(func() {
			for k := 0; !stop.Load(); k++ {
				e := editors[(i*13+k)%len(editors)]
				v := float64(100000 + i*100000 + k)
				start := time.Now()
				resp, _, err := do(bases[(i+k)%2], e.label+".localhost", "POST", "/api/kpi-values",
					strings.NewReader(fmt.Sprintf(`{"kpi":"careers-encounters","period":"2024/25","school":"wsh","value":%v}`, v)),
					map[string]string{"Content-Type": "application/json", "X-CSRF-Token": e.csrf}, e.cookies)
				check("POST /api/kpi-values", start, resp, err, http.StatusCreated)
				if err == nil && resp.StatusCode == http.StatusCreated {
					vals, _ := written.LoadOrStore(e.label, &[]float64{})
					mu.Lock()
					*vals.(*[]float64) = append(*vals.(*[]float64), v)
					mu.Unlock()
				}
			}
		})
	}
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				start := time.Now()
				resp, _, err := do(bases[0], "localhost", "GET", "/static/style.css", nil, nil, nil)
				check("GET /static/style.css", start, resp, err, 200)
			}
		})
	}
	time.Sleep(time.Duration(seconds) * time.Second)
	stop.Store(true)
	wg.Wait()
	if n := errCount.Load(); n > 0 {
		t.Errorf("%d errors; the first: %v", n, firstErr.Load())
	}
	p99 := map[string]time.Duration{}
	for k, ds := range lat {
		slices.Sort(ds)
		p99[k] = ds[len(ds)*99/100]
		t.Logf("  %-24s %7d requests  %6.1f/s  p50 %8s  p99 %8s", k, len(ds), float64(len(ds))/float64(seconds),
			ds[len(ds)/2].Round(time.Millisecond), p99[k].Round(time.Millisecond))
	}
	if ref := p99["GET /static/style.css"]; ref > 0 {
		t.Logf("  p99 against the stylesheet's: portfolio %.1f×, metrics %.1f×",
			float64(p99["GET /api/portfolio"])/float64(ref), float64(p99["GET /api/metrics"])/float64(ref))
	}
	// Every write is in the store, read through the other server's store.
	total := 0
	written.Range(func(k, v any) bool {
		label, want := k.(string), *v.(*[]float64)
		total += len(want)
		st, err := folder.OpenStore(filepath.Join(root, label), folder.Store{DB: db})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		hist, err := engine.ReadKPIHistory(ctx, st, "careers-encounters")
		if err != nil {
			t.Fatal(err)
		}
		have := map[float64]bool{}
		for _, h := range hist {
			have[h.Value] = true
		}
		for _, v := range want {
			if !have[v] {
				t.Errorf("%s: the value %v written is not in the store", label, v)
			}
		}
		return true
	})
	t.Logf("  %d writes, every one present", total)
}

func envInt(name string, def int) int {
	if s := os.Getenv(name); s != "" {
		fmt.Sscan(s, &def)
	}
	return def
}
