package sqlite_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

func TestStore_Backup(t *testing.T) {
	p := smallToC(t)

	t.Run("WhileWriting", func(t *testing.T) {
		dir := t.TempDir()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		mustImport(t, s, p, "first.csv", "activity,date,participant\ncareers-fair,2023-10-12,P0\n")
		// Another Store on the same folder stands for another process.
		w, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		var stop atomic.Bool
		var wg sync.WaitGroup
		var writes atomic.Int64
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				var b strings.Builder
				b.WriteString("activity,date,participant\n")
				for j := range 200 {
					fmt.Fprintf(&b, "careers-fair,2023-10-12,W%d-%d\n", i, j)
				}
				if _, err := importCSV(w, p, false, fmt.Sprintf("w%d.csv", i), b.String()); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
			}
		}()
		backups := t.TempDir()
		for i := range 5 {
			for writes.Load() <= int64(i) && !t.Failed() {
				runtime.Gosched() // each backup after one more import
			}
			dest := filepath.Join(backups, fmt.Sprintf("b%d.db", i))
			if err := s.Backup(t.Context(), dest); err != nil {
				t.Fatal(err)
			}
			// Restore: the copy as impact.db of a folder, with the key.
			rdir := t.TempDir()
			copyFile(t, dest, filepath.Join(rdir, sqlite.DBFile))
			copyFile(t, filepath.Join(dir, pseudonym.KeyFile), filepath.Join(rdir, pseudonym.KeyFile))
			r, err := sqlite.Open(rdir)
			if err != nil {
				t.Fatal(err)
			}
			if got := query(t, r, "PRAGMA integrity_check"); got[0] != "ok" {
				t.Errorf("backup %d: integrity_check %v", i, got)
			}
			// A consistent moment: every import's rows are all there.
			rows := count(t, r, "SELECT COUNT(*) FROM participation")
			sum := count(t, r, "SELECT SUM(rows) FROM imports")
			if rows != sum || rows < 1 {
				t.Errorf("backup %d: %d participation rows, imports say %d", i, rows, sum)
			}
			r.Close()
		}
		stop.Store(true)
		wg.Wait()
		if writes.Load() == 0 {
			t.Error("no import ran during the backups")
		}
		leftovers, _ := filepath.Glob(filepath.Join(backups, ".impact-backup-*"))
		if len(leftovers) != 0 {
			t.Errorf("temporary files left: %v", leftovers)
		}
	})

	t.Run("ErrExists", func(t *testing.T) {
		s := mustOpen(t)
		dest := filepath.Join(t.TempDir(), "b.db")
		if err := os.WriteFile(dest, []byte("precious"), 0o600); err != nil {
			t.Fatal(err)
		}
		err := s.Backup(t.Context(), dest)
		if toc.ErrorCode(err) != toc.ECONFLICT || err.Error() != dest+": already exists: impact backup never overwrites a file; give a new name" {
			t.Errorf("err = %v (%s), want ECONFLICT already exists", err, toc.ErrorCode(err))
		}
		if b, _ := os.ReadFile(dest); string(b) != "precious" {
			t.Error("the existing file was overwritten")
		}
	})

	t.Run("ErrNoFolder", func(t *testing.T) {
		s := mustOpen(t)
		dest := filepath.Join(t.TempDir(), "missing", "b.db")
		err := s.Backup(t.Context(), dest)
		if toc.ErrorCode(err) != toc.EINVALID || !strings.HasSuffix(err.Error(), ": no such folder "+filepath.Dir(dest)) {
			t.Errorf("err = %v, want EINVALID no such folder", err)
		}
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
