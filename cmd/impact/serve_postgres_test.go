package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine/postgres/pgtest"
)

// TestServe_TwoServersOnePostgres (DESIGN §15): two impact serve
// processes on one PostgreSQL database serve the same partnership. A
// session made through one works on the other, and a KPI value logged
// through one shows in the other's metrics within a second.
func TestServe_TwoServersOnePostgres(t *testing.T) {
	url := pgtest.URL(t)
	env := map[string]string{"IMPACT_TODAY": "2025-03-01", "IMPACT_DB": url}
	dir := smallFolder(t)
	runCLI(t, env, "import", "--dir", dir, filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv")).want(t, 0)
	password := lastLinePassword.FindStringSubmatch(runCLI(t, env, "user", "add", "ed", "--role", "editor", "--dir", dir).want(t, 0).stdout)[1]
	bin := filepath.Join(t.TempDir(), "impact")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	serve := func() string {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--dir", dir)
		cmd.Env = []string{"IMPACT_TODAY=2025-03-01", "IMPACT_DB=" + url, "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
		stdout, _ := cmd.StdoutPipe()
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			if err := cmd.Wait(); err != nil {
				t.Errorf("serve after SIGTERM: %v\n%s", err, errb.String())
			}
		})
		line, err := bufio.NewReader(stdout).ReadString('\n')
		addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)`).FindStringSubmatch(line)
		if err != nil || addr == nil {
			t.Fatalf("serve said %q (%v), stderr %s", line, err, errb.String())
		}
		return "http://" + addr[1]
	}
	a, b := serve(), serve()

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(a+"/api/login", "application/json", strings.NewReader(fmt.Sprintf(`{"name":"ed","password":%q}`, password)))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("log in on the first server: %v %v", resp, err)
	}
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	// The session cookie of the first server, sent to the second.
	cookies := jar.Cookies(mustURL(t, a))
	latest := func(base string) (int, float64) {
		req, _ := http.NewRequest("GET", base+"/api/metrics", nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m struct {
			KPIs []struct {
				ID     string `json:"id"`
				Latest *struct {
					Period string  `json:"period"`
					Value  float64 `json:"value"`
				} `json:"latest"`
			} `json:"kpis"`
		}
		json.NewDecoder(resp.Body).Decode(&m)
		for _, k := range m.KPIs {
			if k.ID == "careers-encounters" && k.Latest != nil && k.Latest.Period == "2024/25" {
				return resp.StatusCode, k.Latest.Value
			}
		}
		return resp.StatusCode, 0
	}
	if status, _ := latest(b); status != http.StatusOK {
		t.Fatalf("the first server's session on the second: %d, want 200", status)
	}
	req, _ := http.NewRequest("POST", a+"/api/kpi-values", strings.NewReader(`{"kpi":"careers-encounters","period":"2024/25","value":4321}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", login.CSRF)
	resp, err = c.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("log a value through the first server: %v %v", resp, err)
	}
	resp.Body.Close()
	logged := time.Now()
	for {
		if _, v := latest(b); v == 4321 {
			break
		}
		if time.Since(logged) > time.Second {
			t.Fatal("the value logged through the first server did not show on the second within a second")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func mustURL(t *testing.T, s string) *neturl.URL {
	u, err := neturl.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestServe_Partnerships: impact serve --partnerships DIR --db URL serves
// each folder of DIR at its own host name, from one database, and lists
// them at the bare host.
func TestServe_Partnerships(t *testing.T) {
	url := pgtest.URL(t)
	env := map[string]string{"IMPACT_TODAY": "2025-03-01", "IMPACT_DB": url}
	root := t.TempDir()
	for _, name := range []string{"alpha", "beta"} {
		dir := filepath.Join(root, name)
		if err := os.CopyFS(dir, os.DirFS(smallFolder(t))); err != nil {
			t.Fatal(err)
		}
		runCLI(t, env, "import", "--dir", dir, filepath.Join(dir, "participation.csv")).want(t, 0)
		runCLI(t, env, "user", "add", "ed", "--role", "editor", "--dir", dir).want(t, 0)
	}
	if err := os.Mkdir(filepath.Join(root, "not-a-partnership"), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "impact")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--partnerships", root)
	cmd.Env = []string{"IMPACT_TODAY=2025-03-01", "IMPACT_DB=" + url, "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	stdout, _ := cmd.StdoutPipe()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	rd := bufio.NewReader(stdout)
	var said []string
	for range 3 {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("serve said %q (%v), stderr %s", said, err, errb.String())
		}
		said = append(said, line)
	}
	port := regexp.MustCompile(`localhost:(\d+)`).FindStringSubmatch(said[0])
	if port == nil || !strings.Contains(said[0], "serving 2 partnerships") || !strings.Contains(said[1], "alpha.localhost:"+port[1]) {
		t.Fatalf("serve said %q", said)
	}
	get := func(host, path string) (int, string) {
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port[1]+path, nil)
		req.Host = host + ":" + port[1]
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	if code, page := get("localhost", "/"); code != 200 || !strings.Contains(page, "beta.localhost") {
		t.Errorf("the index: %d\n%s", code, page)
	}
	if code, page := get("beta.localhost", "/login"); code != 200 || !strings.Contains(page, "password") {
		t.Errorf("beta's login page: %d", code)
	}
}
