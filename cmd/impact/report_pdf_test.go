package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestApp_RunReportPDF: --pdf prints the report through Chromium, with or
// without --out; with no Chromium it exits 3 saying how to install one,
// and writes nothing; an existing file that is not a PDF is refused.
func TestApp_RunReportPDF(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv")).want(t, 0)
	out := t.TempDir()
	env := map[string]string{"IMPACT_DIR": dir, "IMPACT_TODAY": "2025-03-01", "IMPACT_CHROMIUM": "/no/such/chromium"}
	r := runCLI(t, env, "report", "--pdf", filepath.Join(out, "r.pdf")).want(t, exitInternal)
	if !strings.Contains(r.stderr, "no Chromium to print with: install one (Debian and Ubuntu: apt-get install chromium)") {
		t.Errorf("no browser: %q", r.stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a refused print wrote %d files", len(entries))
	}
	notPDF := filepath.Join(out, "toc.yaml")
	os.WriteFile(notPDF, []byte("partnership: x\n"), 0o644)
	delete(env, "IMPACT_CHROMIUM")
	if r := runCLI(t, env, "report", "--pdf", notPDF).want(t, exitInvalid); !strings.Contains(r.stderr, "is not a .pdf file") {
		t.Errorf("replacing toc.yaml: %q", r.stderr)
	}
	runCLI(t, env, "report").want(t, exitUsage)

	if _, err := exec.LookPath("chromium"); err != nil && os.Getenv("CI") != "true" {
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	r = runCLI(t, env, "report", "--pdf", filepath.Join(out, "r.pdf"), "--out", filepath.Join(out, "r.html"), "--audience", "funder").want(t, 0)
	if !strings.Contains(r.stdout, "r.pdf") || !strings.Contains(r.stdout, "r.html") {
		t.Errorf("stdout %q: want both files named", r.stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "r.pdf")); !strings.HasPrefix(string(b), "%PDF-") {
		t.Error("--pdf wrote no PDF")
	}
}

// TestApp_RunReportBrief: --summary and --school write their reports; a
// school that is not in toc.yaml, or both flags, are refused.
func TestApp_RunReportBrief(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv")).want(t, 0)
	out := t.TempDir()
	storeRun(t, dir, false, "report", "--summary", "--out", filepath.Join(out, "s.html")).want(t, 0)
	if b, _ := os.ReadFile(filepath.Join(out, "s.html")); !strings.Contains(string(b), "Impact summary") {
		t.Error("--summary wrote no summary")
	}
	storeRun(t, dir, false, "report", "--school", "wsh", "--out", filepath.Join(out, "w.html")).want(t, 0)
	if b, _ := os.ReadFile(filepath.Join(out, "w.html")); !strings.Contains(string(b), "<h1>West Hill Primary</h1>") {
		t.Error("--school wrote no school report")
	}
	if r := storeRun(t, dir, false, "report", "--school", "nowhere", "--out", filepath.Join(out, "n.html")).want(t, 1); !strings.Contains(r.stderr, `--school: no school "nowhere" in`) {
		t.Errorf("an unknown school: %q", r.stderr)
	}
	storeRun(t, dir, false, "report", "--school", "wsh", "--summary", "--out", filepath.Join(out, "n.html")).want(t, 2)
	if _, err := os.Stat(filepath.Join(out, "n.html")); err == nil {
		t.Error("a refused report was written")
	}
}
