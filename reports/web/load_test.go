//go:build load

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/demo"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/reports/web"
	"github.com/schoolstogether/impact/toc"
)

// The load test of issue 6: for 30 s (IMPACT_LOAD_SECONDS), 50 readers of
// /api/metrics and the dashboard and 5 writers posting KPI values, over
// loopback, on the demo partnership (IMPACT_LOAD_DIR, else one generated
// here from the demo's seed). Zero errors, and every write is in the store
// afterwards.
//
//	go test -tags load -run Load -v ./reports/web

const (
	loadReaders = 50
	loadWriters = 5
)

func TestServer_Load(t *testing.T) {
	seconds := 30
	if s := os.Getenv("IMPACT_LOAD_SECONDS"); s != "" {
		fmt.Sscan(s, &seconds)
	}
	dir := loadPartnership(t)
	store, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), toc.PeriodOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	passwords := map[string]string{}
	users := []engine.User{{Name: "load-editor", Role: toc.RoleEditor}, {Name: "load-funder", Role: toc.RoleFunder}}
	for _, u := range users {
		if _, err := store.AddUser(ctx, "load", u, plan.ToC); err != nil && toc.ErrorCode(err) != toc.ECONFLICT {
			t.Fatal(err)
		}
		pw, err := store.ResetPassword(ctx, "load", u.Name)
		if err != nil {
			t.Fatal(err)
		}
		passwords[u.Name] = pw
	}
	// The reference, measured in the same run: what one request would cost
	// if the app recomputed per request — the director's metrics and report.
	refStart := time.Now()
	snap, err := store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := metrics.Compute(ctx, snap, plan, metrics.Options{Today: time.Now()})
	snap.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.Write(io.Discard, reports.Input{ToC: plan.ToC, Result: res}); err != nil {
		t.Fatal(err)
	}
	reference := time.Since(refStart)

	srv, err := web.New(web.Config{Store: store, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 200, MaxConnsPerHost: 200}

	login := func(name string) (*http.Client, string) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: transport, Timeout: 60 * time.Second}
		resp, err := c.Post(ts.URL+"/api/login", "application/json",
			strings.NewReader(fmt.Sprintf(`{"name":%q,"password":%q}`, name, passwords[name])))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			CSRF string `json:"csrf_token"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 200 {
			t.Fatalf("login %s: %d %v", name, resp.StatusCode, err)
		}
		return c, body.CSRF
	}

	// Warm the caches once, so the run measures the steady state.
	warm, _ := login("load-editor")
	for _, p := range []string{"/api/metrics", "/"} {
		resp, err := warm.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	var (
		stop     atomic.Bool
		errCount atomic.Int64
		mu       sync.Mutex
		lat      = map[string][]time.Duration{}
		firstErr atomic.Value
	)
	record := func(kind string, d time.Duration) {
		mu.Lock()
		lat[kind] = append(lat[kind], d)
		mu.Unlock()
	}
	fail := func(err error) {
		errCount.Add(1)
		firstErr.CompareAndSwap(nil, err.Error())
	}
	var wg sync.WaitGroup
	for i := range loadReaders {
		// One reader in five is a funder: a second cache key, the funder view.
		name := "load-editor"
		if i%5 == 4 {
			name = "load-funder"
		}
		c, _ := login(name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; !stop.Load(); n++ {
				// The static stylesheet is the reference of issue 13: a
				// request that computes nothing, under the same load.
				path, kind := "/api/metrics", "GET /api/metrics"
				switch (n + i) % 3 {
				case 1:
					path, kind = "/", "GET / (dashboard)"
				case 2:
					path, kind = "/static/style.css", "GET /static/style.css"
				}
				start := time.Now()
				resp, err := c.Get(ts.URL + path)
				if err != nil {
					fail(err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					fail(fmt.Errorf("%s: %d %v", path, resp.StatusCode, err))
					continue
				}
				record(kind, time.Since(start))
			}
		}()
	}
	kpis := plan.ToC.KPIs()
	written := make([][]string, loadWriters)
	for i := range loadWriters {
		c, csrf := login("load-editor")
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; !stop.Load(); n++ {
				k := kpis[(i*7+n)%len(kpis)]
				note := fmt.Sprintf("load w%d n%d", i, n)
				body := fmt.Sprintf(`{"kpi":%q,"period":"2024/25","value":%d,"note":%q}`, k.ID, n, note)
				req, _ := http.NewRequest("POST", ts.URL+"/api/kpi-values", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-CSRF-Token", csrf)
				start := time.Now()
				resp, err := c.Do(req)
				if err != nil {
					fail(err)
					continue
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					fail(fmt.Errorf("POST /api/kpi-values: %d %s", resp.StatusCode, msg))
					continue
				}
				record("POST /api/kpi-values", time.Since(start))
				written[i] = append(written[i], k.ID+"|"+note)
			}
		}()
	}
	// The freshness probe: a value posted, then read back at once by
	// another session; how long until a read shows it.
	var stale []time.Duration
	probe, probeCSRF := login("load-editor")
	reader, _ := login("load-funder")
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 1; !stop.Load(); n++ {
			value := 1_000_000 + n
			// 2023/24: the writers post 2024/25 only.
			body := fmt.Sprintf(`{"kpi":%q,"period":"2023/24","value":%d}`, kpis[0].ID, value)
			req, _ := http.NewRequest("POST", ts.URL+"/api/kpi-values", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", probeCSRF)
			resp, err := probe.Do(req)
			if err != nil {
				fail(err)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			acked := time.Now()
			for !stop.Load() {
				resp, err := reader.Get(ts.URL + "/api/metrics")
				if err != nil {
					fail(err)
					break
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(b), fmt.Sprintf(`"value":%d`, value)) {
					stale = append(stale, time.Since(acked))
					break
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
	}()
	start := time.Now()
	time.Sleep(time.Duration(seconds) * time.Second)
	stop.Store(true)
	wg.Wait()
	elapsed := time.Since(start)

	if n := errCount.Load(); n != 0 {
		t.Errorf("%d errors; the first: %v", n, firstErr.Load())
	}
	// Every write acknowledged is in the store, superseded or current.
	notes := map[string]bool{}
	for _, k := range kpis {
		hist, err := engine.ReadKPIHistory(ctx, store, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hist {
			notes[k.ID+"|"+h.Note] = true
		}
	}
	var writes, missing int
	for _, ws := range written {
		for _, w := range ws {
			writes++
			if !notes[w] {
				missing++
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged writes are missing from the store", missing, writes)
	}

	var total int
	kinds := make([]string, 0, len(lat))
	for k, ds := range lat {
		kinds = append(kinds, k)
		total += len(ds)
	}
	slices.Sort(kinds)
	t.Logf("%d s, %d readers, %d writers, %s: %d requests, %.0f requests/s, %d errors, %d writes all present: %v",
		seconds, loadReaders, loadWriters, dir, total, float64(total)/elapsed.Seconds(), errCount.Load(), writes, missing == 0)
	t.Logf("  reference: one uncached metrics.Compute + reports.Write of the director's view took %s, single-threaded (at most %.0f dashboards/s per core without the cache)",
		reference.Round(100*time.Microsecond), float64(time.Second)/float64(reference))
	p99 := map[string]time.Duration{}
	for _, k := range kinds {
		ds := lat[k]
		slices.Sort(ds)
		p99[k] = ds[len(ds)*99/100]
		t.Logf("  %-24s %7d requests  %6.0f/s  p50 %8s  p99 %8s", k, len(ds), float64(len(ds))/elapsed.Seconds(),
			ds[len(ds)/2].Round(100*time.Microsecond), ds[len(ds)*99/100].Round(100*time.Microsecond))
	}
	if ref := p99["GET /static/style.css"]; ref > 0 {
		t.Logf("  p99 against the stylesheet's: /api/metrics %.2f×, dashboard %.2f×",
			float64(p99["GET /api/metrics"])/float64(ref), float64(p99["GET / (dashboard)"])/float64(ref))
	}
	if len(stale) > 0 {
		slices.Sort(stale)
		t.Logf("  freshness: %d probes; a read after the write's answer showed it within p50 %s, max %s",
			len(stale), stale[len(stale)/2].Round(100*time.Microsecond), stale[len(stale)-1].Round(100*time.Microsecond))
		if stale[len(stale)-1] > time.Second {
			t.Errorf("a read showed a write %s after it was answered, want within 1 s", stale[len(stale)-1])
		}
	}
}

// loadPartnership returns IMPACT_LOAD_DIR, or a copy of the demo
// partnership generated and imported into a temporary folder.
func loadPartnership(t *testing.T) string {
	if dir := os.Getenv("IMPACT_LOAD_DIR"); dir != "" {
		return dir
	}
	dir := t.TempDir()
	p := demo.Generate(demo.Seed)
	for _, f := range p.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), toc.PeriodOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, files := range p.Imports() {
		var in []engine.ImportFile
		for _, f := range files {
			in = append(in, engine.ImportPath(filepath.Join(dir, f.Name)))
		}
		opts := engine.ImportOptions{Who: "load", Activity: files[0].Activity, Date: files[0].Date}
		if _, err := store.Import(context.Background(), plan.ToC, in, opts); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
