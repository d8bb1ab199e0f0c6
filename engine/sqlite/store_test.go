package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// mustOpen opens a store in a new temporary folder and closes it when the
// test ends.
func mustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestStore_Open(t *testing.T) {
	t.Run("NewFolder", func(t *testing.T) {
		s := mustOpen(t)
		var mode string
		if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
		var fk int
		if err := s.DB().QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
		}
		var v int
		if err := s.DB().QueryRow("PRAGMA user_version").Scan(&v); err != nil || v < 1 {
			t.Errorf("user_version = %d, %v; want the latest migration", v, err)
		}
		fi, err := os.Stat(filepath.Join(s.Dir(), pseudonym.KeyFile))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("key mode = %v, want 0600", fi.Mode().Perm())
		}
		b, _ := os.ReadFile(filepath.Join(s.Dir(), pseudonym.KeyFile))
		if got := len(strings.TrimSpace(string(b))); got != 64 {
			t.Errorf("key has %d hex digits, want 64", got)
		}
	})

	t.Run("ReopenKeepsKey", func(t *testing.T) {
		dir := t.TempDir()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		before, _ := os.ReadFile(filepath.Join(dir, pseudonym.KeyFile))
		s, err = sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		after, _ := os.ReadFile(filepath.Join(dir, pseudonym.KeyFile))
		if string(before) != string(after) {
			t.Error("reopening changed the key")
		}
	})

	t.Run("ErrNewer", func(t *testing.T) {
		dir := t.TempDir()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec("PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err = sqlite.Open(dir)
		if toc.ErrorCode(err) != toc.ENEWER {
			t.Fatalf("err = %v (code %q), want code ENEWER", err, toc.ErrorCode(err))
		}
		if !strings.Contains(err.Error(), "written by a newer impact (schema version 999") {
			t.Errorf("message %q does not say the database is newer", err)
		}
	})

	t.Run("UpgradesOlderFile", func(t *testing.T) {
		// A file written by an impact that knew only 001_init.sql: the
		// later migrations' tables are missing and user_version is 1.
		files, _ := filepath.Glob("migrations/*.sql")
		latest := len(files) // the files are numbered 001, 002, … without gaps
		if latest < 2 {
			t.Skip("only one migration")
		}
		dir := t.TempDir()
		init, err := os.ReadFile("migrations/001_init.sql")
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite3", filepath.Join(dir, sqlite.DBFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{string(init), "PRAGMA user_version = 1"} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var v, users int
		s.DB().QueryRow("PRAGMA user_version").Scan(&v)
		s.DB().QueryRow("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'users'").Scan(&users)
		if v != latest || users != 1 {
			t.Errorf("after upgrade: user_version %d, users table %d; want %d and 1", v, users, latest)
		}
	})

	t.Run("ErrNoFolder", func(t *testing.T) {
		_, err := sqlite.Open(filepath.Join(t.TempDir(), "missing"))
		if err == nil {
			t.Fatal("want an error for a missing folder")
		}
	})

	t.Run("ErrBadKey", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, pseudonym.KeyFile), []byte("not hex\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := sqlite.Open(dir)
		if err == nil || !strings.Contains(err.Error(), "expected 32 bytes as hex (64 hex digits)") {
			t.Fatalf("err = %v, want a bad-key message", err)
		}
	})
}

// TestStore_LongWriteIsNoWait: OnWait is for waiting on another writer; a
// write of this process's own that takes more than a second (a long
// import) is not one. `impact demo` used to say it was waiting for another
// impact in the middle of its own imports.
func TestStore_LongWriteIsNoWait(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a write for over a second")
	}
	var waited atomic.Bool
	s, err := sqlite.OpenWith(t.TempDir(), sqlite.Options{OnWait: func() { waited.Store(true) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Write(context.Background(), func(tx *sql.Tx) error {
		time.Sleep(1200 * time.Millisecond) // past the second OnWait waits for
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // a timer left running would fire by now
	if waited.Load() {
		t.Error("OnWait was called for the store's own long write")
	}
}
