package sqlite_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
)

// TestStore_Import_Killed: an import killed with SIGKILL at several points
// leaves a database that passes PRAGMA integrity_check and holds either
// the whole file or none of it; the file can then be imported again.
func TestStore_Import_Killed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and imports 200,000 rows")
	}
	const rows = 200000
	tocPath, _ := filepath.Abs(smallDir + "/toc.yaml")
	csvPath := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("activity,date,participant,school,disadvantaged\n")
	for i := range rows {
		fmt.Fprintf(w, "careers-fair,2023-10-12,P%07d,wsh,no\n", i%30000)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Kill once a quarter, a half and all of the rows were read: the
	// last may land before, during or after the commit.
	for _, at := range []int64{rows / 4, rows / 2, rows} {
		t.Run(fmt.Sprintf("KilledAt%d", at), func(t *testing.T) {
			dir := t.TempDir()
			s, err := sqlite.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			mustImport(t, s, smallToC(t), "first.csv", "activity,date,participant\nscitt,2023-10-12,T1\n")
			s.Close()

			cmd := childCmd(t, "import", dir, "IMPACT_TEST_TOC="+tocPath, "IMPACT_TEST_FILES="+csvPath, "IMPACT_TEST_CACHE_KIB=256")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				n, _ := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "rows "), 10, 64)
				if n >= at {
					break
				}
			}
			var walSize int64
			if fi, err := os.Stat(filepath.Join(dir, sqlite.DBFile+"-wal")); err == nil {
				walSize = fi.Size()
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			// The import has written pages to the WAL that no commit
			// covers: recovery must leave them out.
			if at < rows && walSize < 1<<20 {
				t.Errorf("WAL of %d bytes when killed, want uncommitted pages in it (over 1 MiB)", walSize)
			}

			s, err = sqlite.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := query(t, s, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
				t.Fatalf("integrity_check: %v", got)
			}
			n := count(t, s, "SELECT COUNT(*) FROM participation")
			imports := count(t, s, "SELECT COUNT(*) FROM imports")
			switch {
			case n == 1 && imports == 1:
				// None of it: import it again, which must not be refused.
				f := engine.ImportPath(csvPath)
				if _, err := s.Import(t.Context(), smallToC(t), []engine.ImportFile{f}, engine.ImportOptions{}); err != nil {
					t.Fatalf("import after the crash: %v", err)
				}
				if n := count(t, s, "SELECT COUNT(*) FROM participation"); n != 1+rows {
					t.Errorf("%d rows after importing again, want %d", n, 1+rows)
				}
			case n == 1+rows && imports == 2:
				t.Logf("killed after the commit: the whole file is in")
			default:
				t.Errorf("%d participation rows and %d imports: want 1 and 1 (none of the file) or %d and 2 (all of it)", n, imports, 1+rows)
			}
		})
	}
}
