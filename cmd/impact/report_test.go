package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestApp_RunReport(t *testing.T) {
	dir := copyFolder(t, "../../testdata/partnerships/small")
	in := func(name string) string { return filepath.Join(dir, name) }
	mustRun(t, dir, "import", in("participation.csv"), in("outcomes.csv"), in("kpis.csv"))

	t.Run("Director", func(t *testing.T) {
		out := mustRun(t, dir, "report", "--out", in("report.html"))
		if !strings.HasPrefix(out, "wrote "+in("report.html")+" (") || !strings.Contains(out, "for a director") {
			t.Errorf("stdout %q, want a line saying what was written", out)
		}
		page := string(mustReadFile(t, in("report.html")))
		for _, want := range []string{
			"<!DOCTYPE html>",
			"<h1>Tyne Valley Schools Partnership</h1>",
			"1 March 2025, 00:00 UTC", // IMPACT_TODAY=2025-03-01
			"<dd>2024/25</dd>",        // as_of: the latest period of any row
			"<dd>version 1, ",         // the first toc.yaml the store saw, and its day
			"Partnership director",
			"j-smith", // a director sees who leads
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
	})

	t.Run("FunderScoped", func(t *testing.T) {
		mustRun(t, dir, "report", "--out", in("scitt.html"), "--audience", "funder", "--activity", "scitt")
		page := string(mustReadFile(t, in("scitt.html")))
		if !strings.Contains(page, "<dd>Funder</dd>") || !strings.Contains(page, "1 of the partnership&#39;s 3 activities") {
			t.Errorf("the stamp does not say funder, scoped to one activity")
		}
		for _, hidden := range []string{"j-smith", "a-patel", "Activity careers-fair"} {
			if strings.Contains(page, hidden) {
				t.Errorf("a funder's report scoped to scitt shows %q", hidden)
			}
		}
	})

	t.Run("ReplacesAnOldReport", func(t *testing.T) {
		old := in("old.html")
		if err := os.WriteFile(old, []byte("<p>last year's report</p>"), 0o600); err != nil {
			t.Fatal(err)
		}
		mustRun(t, dir, "report", "--out", old)
		b := mustReadFile(t, old)
		if strings.Contains(string(b), "last year") || !strings.HasPrefix(string(b), "<!DOCTYPE html>") {
			t.Errorf("the old report was not replaced")
		}
		if info, _ := os.Stat(old); info.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644: a report is for sharing", info.Mode().Perm())
		}
	})

	t.Run("Errors", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"NoOut", nil, 2, "--out FILE.html or --pdf FILE.pdf is required"},
			{"UnknownAudience", []string{"--out", in("x.html"), "--audience", "governor"}, 2, `--audience "governor": expected director or funder`},
			{"UnknownActivity", []string{"--out", in("x.html"), "--activity", "nope"}, 1, `unknown activity "nope"`},
			{"Argument", []string{"--out", in("x.html"), "extra"}, 2, `report takes no arguments, got "extra"`},
			{"WouldReplaceToC", []string{"--out", in("toc.yaml")}, 1, "refusing to replace " + in("toc.yaml")},
			{"WouldReplaceFolder", []string{"--out", dir}, 1, "refusing to replace"},
			{"NoSuchFolder", []string{"--out", in("missing/x.html")}, 3, "write " + in("missing/x.html")},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := folderSums(t, dir)
				code, out, stderr := runIn(t, dir, append([]string{"report"}, c.args...)...)
				if code != c.code || out != "" || !strings.Contains(stderr, c.stderr) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, no output, one line with %q", code, out, stderr, c.code, c.stderr)
				}
				after := folderSums(t, dir)
				for path, sum := range after {
					if before[path] != sum && filepath.Base(path) != "impact.db" && !strings.HasPrefix(filepath.Base(path), "impact.db-") {
						t.Errorf("%s was written by a refused report", path)
					}
				}
			})
		}
	})
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("FailureKeepsTheOldFile", func(t *testing.T) {
		_, err := writeAtomic(path, func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("half a report ", 100000))
			return errors.New("boom")
		})
		if err == nil || err.Error() != "boom" {
			t.Fatalf("writeAtomic: %v, want boom", err)
		}
		if b := mustReadFile(t, path); string(b) != "old" {
			t.Errorf("the old file became %.20q…", b)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%d files in the folder, want the old one alone: a temporary file was left", len(entries))
		}
	})
	t.Run("SuccessReplaces", func(t *testing.T) {
		n, err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new report"); return err })
		if err != nil || n != int64(len("new report")) {
			t.Fatalf("writeAtomic: %d, %v", n, err)
		}
		if b := mustReadFile(t, path); string(b) != "new report" {
			t.Errorf("file holds %q", b)
		}
	})
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
