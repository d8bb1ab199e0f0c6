package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestServe_Process runs impact serve as a user would, built and started
// as its own process on a free loopback port: --max-upload is the cap on
// an upload (a file over it is refused, one under it imported), and
// SIGTERM stops the server cleanly.
func TestServe_Process(t *testing.T) {
	dir := newPartnershipDir(t)
	bin := filepath.Join(t.TempDir(), "impact")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// With no login yet, serve says how to make one.
	lonely := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--dir", dir)
	lonely.Env = []string{"IMPACT_TODAY=2025-03-01", "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	lonelyOut, _ := lonely.StdoutPipe()
	var lonelyErr bytes.Buffer
	lonely.Stderr = &lonelyErr
	if err := lonely.Start(); err != nil {
		t.Fatal(err)
	}
	bufio.NewReader(lonelyOut).ReadString('\n')
	lonely.Process.Signal(syscall.SIGTERM)
	lonely.Wait()
	if !strings.Contains(lonelyErr.String(), "no login exists yet, so nobody can log in: impact user add NAME --role admin") {
		t.Errorf("serve with no login: stderr %q, want the warning", lonelyErr.String())
	}

	code, out, stderr := runUserCmd(t, dir, "user", "add", "ed", "--role", "editor")
	if code != 0 {
		t.Fatalf("user add: exit %d: %s", code, stderr)
	}
	password := lastLinePassword.FindStringSubmatch(out)[1]
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--max-upload", "1KiB", "--dir", dir)
	cmd.Env = []string{"IMPACT_TODAY=2025-03-01", "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	stdout, _ := cmd.StdoutPipe()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)`).FindStringSubmatch(line)
	if err != nil || addr == nil {
		t.Fatalf("serve said %q (%v), stderr %s", line, err, errb.String())
	}
	if !strings.Contains(line, "serving "+partnershipName(t, dir)+" (") {
		t.Errorf("serve said %q, want the partnership's name", line)
	}
	base := "http://" + addr[1]

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(base+"/api/login", "application/json", strings.NewReader(fmt.Sprintf(`{"name":"ed","password":%q}`, password)))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	upload := func(rows int) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "register.csv")
		io.WriteString(fw, "activity,date,participant\n")
		for i := range rows {
			fmt.Fprintf(fw, "careers-fair,2023-10-12,U%07d\n", i) // 32 bytes a row
		}
		mw.Close()
		req, _ := http.NewRequest("POST", base+"/api/imports", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-CSRF-Token", login.CSRF)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// 40 rows are 1,306 bytes of file, over 1 KiB; 20 rows are 666, and
	// with some 200 bytes of multipart headers still under it.
	if s, body := upload(40); s != http.StatusBadRequest || !strings.Contains(body, "larger than 1024 bytes") {
		t.Errorf("an upload over --max-upload: %d %s, want 400 naming the cap", s, body)
	}
	if s, body := upload(20); s != http.StatusCreated || !strings.Contains(body, `"rows":20`) {
		t.Errorf("an upload under --max-upload: %d %s, want 201 and 20 rows", s, body)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, errb.String())
	}
	if strings.Contains(errb.String(), "no login") {
		t.Errorf("serve with a login warned of none: %q", errb.String())
	}
}

// partnershipName is the name toc.yaml gives the partnership.
func partnershipName(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^partnership: "?([^"\n]+)"?`).FindSubmatch(b)
	if m == nil {
		t.Fatal("toc.yaml names no partnership")
	}
	return string(m[1])
}

// TestParseSize: sizes as people write them.
func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"256MiB": 256 << 20, "1GiB": 1 << 30, "500MB": 500e6, "64 KiB": 64 << 10, "4096": 4096, "10b": 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0", "-1MiB", "lots", "1.5GiB", "MiB", "99999999999GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}
