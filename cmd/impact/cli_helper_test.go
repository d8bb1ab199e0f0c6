package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cliResult is what one run of the command printed and returned.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs impact in-process with only the environment given (no
// IMPACT_DIR or IMPACT_TODAY unless env has them) and a clock stopped at
// 2025-03-01, in the academic year 2024/25.
func runCLI(t *testing.T, env map[string]string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) },
	}
	code := app.Run(args)
	return cliResult{code, out.String(), errb.String()}
}

// want fails the test unless the run exited with code.
func (r cliResult) want(t *testing.T, code int) cliResult {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// folderSums fingerprints every file under dir (path -> SHA-256 of its
// content and its mode), to show a refused command wrote nothing.
func folderSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sums[path] = string(sum[:]) + info.Mode().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// writeTOC writes a toc.yaml into a new folder and returns the folder.
func writeTOC(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
