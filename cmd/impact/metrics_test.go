package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runIn runs `impact ARGS --dir dir` in-process with today 2025-03-01.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	r := storeRun(t, dir, false, args...)
	return r.code, r.stdout, r.stderr
}

// copyFolder copies the files of src into a new temporary folder.
func copyFolder(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, stderr := runIn(t, dir, args...)
	if code != 0 {
		t.Fatalf("impact %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

// golden compares got with the file, or rewrites it under -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/impact -run TestApp_RunMetrics -update to write it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func TestApp_RunMetrics(t *testing.T) {
	t.Run("SmallWorkedExample", func(t *testing.T) {
		dir := copyFolder(t, "../../testdata/partnerships/small")
		mustRun(t, dir, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "outcomes.csv"), filepath.Join(dir, "kpis.csv"))
		var got, want map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, dir, "metrics", "--json")), &got); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "expected-metrics.json"))
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		// The numbers are checked to 1e-9 in metrics.TestCompute; here the
		// command's whole output has every key with the same integers and
		// strings.
		if g, w := got["reach"].(map[string]any)["participants"], want["reach"].(map[string]any)["participants"]; g != w {
			t.Errorf("reach.participants = %v, want %v", g, w)
		}
		for _, k := range []string{"partnership", "as_of", "periods", "reach", "disadvantage", "kpis", "activities", "schools"} {
			if _, ok := got[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
	})

	// The rich partnership was imported under toc-import.yaml, which has an
	// activity that toc.yaml has since dropped (its rows run into 2025/26,
	// hence today in that year); a correction superseded one outcome row.
	mustRun := func(t *testing.T, dir string, args ...string) string {
		t.Helper()
		r := storeRunOn(t, "2025-10-15", dir, false, args...)
		if r.code != 0 {
			t.Fatalf("impact %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		return r.stdout
	}
	dir := copyFolder(t, "../../testdata/metrics/rich")
	final, _ := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	older, _ := os.ReadFile(filepath.Join(dir, "toc-import.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), older, 0o644); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	mustRun(t, dir, "import", in("participation.csv"), in("attendance-uk.csv"), in("outcomes.csv"), in("kpis.csv"))
	mustRun(t, dir, "import", in("outcomes-corrected.csv"))
	if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), final, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, file, args string }{
		{"DirectorJSON", "metrics.json", "--json"},
		{"FunderJSON", "funder.json", "--json --audience funder"},
		{"ScopedFunderJSON", "funder-scoped.json", "--json --audience funder --activity maths-circle --activity reading-recovery"},
		{"Tables", "metrics.txt", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := mustRun(t, dir, append([]string{"metrics"}, strings.Fields(c.args)...)...)
			golden(t, filepath.Join("../../testdata/metrics/rich", c.file), out)
		})
	}

	t.Run("Errors", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"UnknownActivity", []string{"--activity", "nope"}, 1, `impact metrics: unknown activity "nope": expected an activity id of`},
			{"UnknownAudience", []string{"--audience", "governor"}, 2, `impact metrics: --audience "governor": expected director or funder`},
			{"UnknownFlag", []string{"--csv"}, 2, "unknown flag -csv"},
			{"Argument", []string{"extra"}, 2, `metrics takes no arguments, got "extra"`},
		} {
			t.Run(c.name, func(t *testing.T) {
				code, out, stderr := runIn(t, dir, append([]string{"metrics"}, c.args...)...)
				if code != c.code || out != "" || !strings.Contains(stderr, c.stderr) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, no output, one line with %q", code, out, stderr, c.code, c.stderr)
				}
			})
		}
	})
	t.Run("InvalidToC", func(t *testing.T) {
		bad := t.TempDir()
		if err := os.WriteFile(filepath.Join(bad, "toc.yaml"), []byte("partnership: x\nschools: []\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runIn(t, bad, "metrics")
		if code != 1 || !strings.Contains(stderr, "toc.yaml:") {
			t.Errorf("exit %d, stderr %q; want 1 and toc.yaml:LINE:COL problems", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(bad, "impact.db")); err == nil {
			t.Error("impact.db written for an invalid toc.yaml")
		}
	})
	t.Run("UnknownActivityWritesNothing", func(t *testing.T) {
		fresh := t.TempDir()
		runCLI(t, nil, "init", fresh).want(t, exitOK)
		before := folderSums(t, fresh)
		for _, args := range [][]string{
			{"metrics", "--dir", fresh, "--activity", "nope"},
			{"report", "--dir", fresh, "--out", filepath.Join(fresh, "r.html"), "--activity", "nope"},
		} {
			runCLI(t, nil, args...).want(t, exitInvalid)
		}
		if after := folderSums(t, fresh); !reflect.DeepEqual(before, after) {
			t.Errorf("an unknown --activity changed the folder: %d files before, %d after", len(before), len(after))
		}
	})
}
