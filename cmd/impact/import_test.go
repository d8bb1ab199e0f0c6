package main

import (
	"os"
	"path/filepath"
	"testing"
)

// One row is "1 row", in the summary and per file.
func TestApp_RunImport_OneRow(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, nil, "init", dir).want(t, exitOK)
	path := filepath.Join(dir, "one.csv")
	if err := os.WriteFile(path, []byte("activity,date,participant\ncareers-fair,2023-10-12,UPN1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := runCLI(t, nil, "import", "--dir", dir, path).want(t, exitOK).stdout
	want := path + ": 1 participation row (UTF-8)\n  columns: activity, date, participant\n" +
		"  rows per activity: careers-fair 1\n  pupils: 1\nimported 1 row from 1 file\n"
	if got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
