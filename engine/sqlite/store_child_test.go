package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// The crash, concurrency and benchmark tests need other processes that use
// the store: they re-run this test binary with IMPACT_TEST_CHILD naming
// what to do, and TestChildProcess does it.

// childCmd returns a command running the test binary as a child that does
// action in the partnership folder dir.
func childCmd(t testing.TB, action, dir string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "IMPACT_TEST_CHILD="+action, "IMPACT_TEST_DIR="+dir)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// TestChildProcess is not a test of its own: it is the body of the child
// processes, and skips when run any other way.
func TestChildProcess(t *testing.T) {
	action := os.Getenv("IMPACT_TEST_CHILD")
	if action == "" {
		t.Skip("the body of child processes of other tests")
	}
	if err := child(action, os.Getenv("IMPACT_TEST_DIR")); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func child(action, dir string) error {
	ctx := context.Background()
	s, err := sqlite.Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := toc.Load(os.Getenv("IMPACT_TEST_TOC"))
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(os.Getenv("IMPACT_TEST_N"))
	switch action {
	case "import":
		// As impact import does (cmd/impact/memory.go).
		debug.SetMemoryLimit(80 << 20)
		// Import the files given, printing progress for the parent. A
		// small page cache makes the import spill its uncommitted pages
		// to the WAL, as a large one does.
		if kib := os.Getenv("IMPACT_TEST_CACHE_KIB"); kib != "" {
			err := s.Write(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, "PRAGMA cache_size = -"+kib)
				return err
			})
			if err != nil {
				return err
			}
		}
		if prof := os.Getenv("IMPACT_TEST_CPUPROFILE"); prof != "" {
			f, err := os.Create(prof)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		var files []engine.ImportFile
		for _, f := range strings.Split(os.Getenv("IMPACT_TEST_FILES"), ",") {
			files = append(files, engine.ImportPath(f))
		}
		_, err := s.Import(ctx, p, files, engine.ImportOptions{Who: "child", Progress: func(rows, _ int64) {
			fmt.Printf("rows %d\n", rows)
		}})
		return err
	case "write":
		// n rounds of a KPI value logged and a small CSV imported, each
		// CSV unique to this child and round.
		id := os.Getenv("IMPACT_TEST_ID")
		for i := range n {
			v := toc.KPIRecord{KPI: "careers-encounters", Period: toc.Period(2000 + i), School: "", Value: float64(i), Note: id}
			if _, err := s.LogKPI(ctx, p, v, "child-"+id); err != nil {
				return fmt.Errorf("log %d: %w", i, err)
			}
			var b strings.Builder
			b.WriteString("activity,date,participant\n")
			for j := range 50 {
				fmt.Fprintf(&b, "careers-fair,2023-10-12,%s-%d-%d\n", id, i, j)
			}
			if _, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes(fmt.Sprintf("%s-%d.csv", id, i), []byte(b.String()))},
				engine.ImportOptions{Who: "child-" + id}); err != nil {
				return fmt.Errorf("import %d: %w", i, err)
			}
		}
		return nil
	case "read":
		// Read until the parent's stop file appears, in and out of read
		// transactions, saying so after the first read; every error is
		// fatal.
		stop := os.Getenv("IMPACT_TEST_STOP")
		reads := 0
		for {
			var parts, values int
			if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM participation").Scan(&parts); err != nil {
				return fmt.Errorf("read: %w", err)
			}
			tx, err := s.DB().BeginTx(ctx, nil)
			if err != nil {
				return fmt.Errorf("read: %w", err)
			}
			err = tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM kpi_values").Scan(&values)
			tx.Rollback()
			if err != nil {
				return fmt.Errorf("read: %w", err)
			}
			if _, err := engine.ReadKPIHistory(ctx, s, "careers-encounters"); err != nil {
				return fmt.Errorf("read: %w", err)
			}
			if reads++; reads == 1 {
				fmt.Println("reading") // the parent starts the writers now
			}
			if _, err := os.Stat(stop); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		fmt.Printf("reads %d\n", reads)
		return nil
	}
	return fmt.Errorf("unknown child action %q", action)
}
