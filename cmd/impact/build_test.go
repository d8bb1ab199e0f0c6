package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports/browsertest"
)

// TestBuild_PlainGoBuild builds impact as a Go user's `go build` (or `go
// install`) would, from the tracked files alone — no npm, no make — runs
// the demo, and opens its report in headless Chromium with the network
// off: every chart must draw.
func TestBuild_PlainGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds impact")
	}
	src := trackedCopy(t)
	bin := filepath.Join(t.TempDir(), "impact")
	build := exec.Command("go", "build", "-o", bin, "./cmd/impact")
	build.Dir = src
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/impact: %v\n%s", err, out)
	}
	demo := filepath.Join(t.TempDir(), "demo")
	if out, err := exec.Command(bin, "demo", "--out", demo).CombinedOutput(); err != nil {
		t.Fatalf("impact demo: %v\n%s", err, out)
	}
	browser := browsertest.Start(t, 1280, 900)
	v := browsertest.Open(t, browser, filepath.Join(demo, "report.html"), browsertest.Options{Offline: true})
	// The demo's report: 14 KPI trajectories and 12 other charts (3 of
	// them the health check's).
	if v.Charts != 26 || len(v.Blank) > 0 {
		t.Errorf("%d charts, %d with nothing drawn (%v): want 26, all drawn", v.Charts, len(v.Blank), v.Blank)
	}
	if len(v.Errors) > 0 || len(v.Requests) > 0 {
		t.Errorf("console errors %v, requests %v: want none offline", v.Errors, v.Requests)
	}
}

// trackedCopy copies the files git tracks (as they are in the work tree)
// into a new folder: what a fresh clone holds, with nothing a build or a
// `make` left behind. Outside a git checkout it is the module itself.
func trackedCopy(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Logf("not a git checkout (%v): building the module in place", err)
		return root
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in git
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
