package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestApp_ReadOnlyFolder: in a folder that cannot be written (a share
// opened read-only, a CD) the commands that read work, saying so, and the
// ones that write say the folder is read-only (exit 3). Today's main said
// "unable to open database file: no such file or directory" to all.
func TestApp_ReadOnlyFolder(t *testing.T) {
	dir := smallFolder(t)
	if r := storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv")); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	os.WriteFile(filepath.Join(dir, "toc.yaml"), append(mustReadFile(t, filepath.Join(dir, "toc.yaml")), "# edited\n"...), 0o644)
	run := readOnly(t, dir)
	out := t.TempDir()
	os.Chmod(out, 0o777) // the report goes somewhere writable
	if r := run("plan"); r.code != exitOK || !strings.Contains(r.stdout, "scitt") {
		t.Errorf("impact plan (no store needed): exit %d, %q", r.code, r.stderr)
	}
	for _, c := range []struct {
		args   []string
		code   int
		stdout string // a part of it
	}{
		{[]string{"check"}, exitOK, "ok — 4 schools"},
		{[]string{"metrics", "--json"}, exitOK, `"participants": 37`},
		{[]string{"report", "--out", filepath.Join(out, "report.html")}, exitOK, "wrote"},
		{[]string{"log", "--history", "careers-encounters"}, exitOK, "330"},
	} {
		r := run(c.args...)
		if r.code != c.code || !strings.Contains(r.stdout, c.stdout) || !strings.Contains(r.stderr, "is read-only: reading only, nothing will be recorded") ||
			!strings.Contains(r.stderr, "toc.yaml has changed, but the folder is read-only: this version is not recorded as a revision") {
			t.Errorf("impact %s: exit %d\nstdout %q\nstderr %q\nwant exit %d, %q and the read-only warning", strings.Join(c.args, " "), r.code, r.stdout, r.stderr, c.code, c.stdout)
		}
	}
	for _, args := range [][]string{
		{"log", "--kpi", "careers-encounters", "--period", "2024/25", "--value", "3"},
		{"import", filepath.Join(dir, "outcomes.csv")},
		{"user", "add", "ann", "--role", "admin"},
	} {
		r := run(args...)
		if r.code != exitInternal || !strings.Contains(r.stderr, "is read-only: nothing can be recorded there") {
			t.Errorf("impact %s: exit %d, %q; want 3 and that the folder is read-only", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

// readOnly makes dir read-only and returns a way to run impact there with
// today 2025-03-01. As root, whom permissions do not stop, impact runs as
// the user nobody (built for the purpose), and the folder's files are made
// readable by all, as on a share.
func readOnly(t *testing.T, dir string) func(args ...string) cliResult {
	t.Helper()
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		return func(args ...string) cliResult { return storeRun(t, dir, false, args...) }
	}
	bin := filepath.Join(t.TempDir(), "impact")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, p := range []string{filepath.Dir(bin), filepath.Dir(dir), filepath.Dir(filepath.Dir(dir))} {
		os.Chmod(p, 0o755)
	}
	os.Chmod(bin, 0o755)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chmod(filepath.Join(dir, e.Name()), 0o644)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) cliResult {
		cmd := exec.Command(bin, append(args, "--dir", dir)...)
		cmd.Env = []string{"IMPACT_TODAY=2025-03-01", "HOME=/", "PATH=/usr/bin:/bin"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return cliResult{code, stdout.String(), stderr.String()}
	}
}
