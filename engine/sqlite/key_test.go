package sqlite_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// TestStore_Open_AnotherKey: a valid key that is not the one the database
// was made with refuses imports of pupils (they would count twice) and
// leaves the store as it was; KPI values still import.
func TestStore_Open_AnotherKey(t *testing.T) {
	p := smallToC(t)
	dir := t.TempDir()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(smallDir, "participation.csv"))
	mustImport(t, s, p, "participation.csv", string(csv))
	s.Close()

	other := strings.Repeat("ab", 32) + "\n" // another valid key
	if err := os.WriteFile(filepath.Join(dir, pseudonym.KeyFile), []byte(other), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(dir)
	if err != nil {
		t.Fatalf("open with another key: %v (reading must still work)", err)
	}
	defer s.Close()
	before := state(t, s)
	_, err = importCSV(s, p, true, "participation.csv", string(csv))
	if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "is not the key impact.db was made with") {
		t.Fatalf("import under another key: %v, want it refused as invalid", err)
	}
	if after := state(t, s); after != before {
		t.Error("the refused import changed the store")
	}
	if _, err := importCSV(s, p, false, "kpis.csv", "kpi,period,value\ntrainees-graduating,2022/23,14\n"); err != nil {
		t.Errorf("KPI values under another key: %v, want them imported (no pupil in them)", err)
	}
}

// TestStore_Open_FileModes: the database, its WAL and shared memory, the
// key and backups are the owner's alone, whatever the umask; a key that
// others can read is made private, with a warning.
func TestStore_Open_FileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	p := smallToC(t)
	dir := t.TempDir()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, p, "kpis.csv", "kpi,period,value\ntrainees-graduating,2022/23,14\n")
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(t.Context(), backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{sqlite.DBFile, sqlite.DBFile + "-wal", sqlite.DBFile + "-shm", pseudonym.KeyFile, backup} {
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
		}
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(f), fi.Mode().Perm())
		}
	}
	s.Close()

	key := filepath.Join(dir, pseudonym.KeyFile)
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, _ := os.Stat(key); fi.Mode().Perm() != 0o600 {
		t.Errorf("a key readable by others was left mode %04o", fi.Mode().Perm())
	}
	if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "could be read by others (mode 0644): it is now mode 0600") {
		t.Errorf("warnings %q, want one saying the key was tightened", w)
	}
}
