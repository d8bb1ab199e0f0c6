package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// At a terminal an import shows a bar that counts rows, not bytes; when
// stderr is not a terminal it prints nothing.
func TestApp_ImportProgress(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, nil, "init", dir).want(t, exitOK)
	var csv strings.Builder
	csv.WriteString("activity,date,participant,school,disadvantaged\n")
	const rows = 1500
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&csv, "careers-fair,2023-10-12,UPN%010d,wsh,no\n", i)
	}
	path := filepath.Join(dir, "fair.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(terminal bool) string {
		var out, errb bytes.Buffer
		app := &App{
			Stdout: &out, Stderr: &errb, StderrIsTerminal: terminal,
			Getenv: func(string) string { return "" },
			Now:    func() time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) },
		}
		if code := app.Run([]string{"import", "--again", "--dir", dir, path}); code != exitOK {
			t.Fatalf("import exit %d: %s", code, errb.String())
		}
		return errb.String()
	}
	if got := run(false); got != "" {
		t.Errorf("not a terminal, yet stderr = %q", got)
	}
	got := run(true)
	// The file is 63 kB: a bar fed bytes as rows would say "63,…".
	if !strings.Contains(got, "1,500 rows") {
		t.Errorf("the bar does not count the 1,500 rows: %q", got)
	}
}
