package sqlite_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/schoolstogether/impact/engine/sqlite"
)

// TestStore_ConcurrentProcesses: several processes log KPI values and
// import CSVs at once while others read. No one sees "database is
// locked" (or any error), and no write is lost.
func TestStore_ConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const writers, readers, rounds = 4, 2, 15
	dir := t.TempDir()
	tocPath, _ := filepath.Abs(smallDir + "/toc.yaml")
	// Nothing created beforehand: the readers race to create the database,
	// its schema and the key.
	stop := filepath.Join(t.TempDir(), "stop")
	env := []string{"IMPACT_TEST_TOC=" + tocPath, fmt.Sprintf("IMPACT_TEST_N=%d", rounds), "IMPACT_TEST_STOP=" + stop}

	type result struct {
		name        string
		out, stderr bytes.Buffer // a reader's are apart, read by two goroutines
		err         error
	}
	// Readers first, each waited for until it has read once: on a loaded
	// machine a child can take longer to start than the writers take to
	// finish, and a reader that never read proves nothing.
	var readerCmds []*exec.Cmd
	var readerOut []*result
	var copied sync.WaitGroup
	for i := range readers {
		cmd := childCmd(t, "read", dir, env...)
		r := &result{name: fmt.Sprintf("reader %d", i)}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = &r.stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewReader(stdout)
		first, err := lines.ReadString('\n')
		if first != "reading\n" {
			cmd.Wait()
			t.Fatalf("%s did not start reading: %q, %v\n%s", r.name, first, err, r.stderr.String())
		}
		copied.Add(1)
		go func() {
			defer copied.Done()
			io.Copy(&r.out, lines)
		}()
		readerCmds, readerOut = append(readerCmds, cmd), append(readerOut, r)
	}
	var wg sync.WaitGroup
	results := make([]*result, writers)
	for i := range writers {
		results[i] = &result{name: fmt.Sprintf("writer %d", i)}
		wg.Add(1)
		go func(r *result) {
			defer wg.Done()
			cmd := childCmd(t, "write", dir, append(env, fmt.Sprintf("IMPACT_TEST_ID=w%d", i))...)
			cmd.Stdout, cmd.Stderr = &r.out, &r.out
			r.err = cmd.Run()
		}(results[i])
	}
	wg.Wait()
	if err := os.WriteFile(stop, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	copied.Wait()
	for i, cmd := range readerCmds {
		readerOut[i].err = cmd.Wait()
	}
	for _, r := range append(results, readerOut...) {
		if r.err != nil || strings.Contains(r.out.String()+r.stderr.String(), "locked") {
			t.Errorf("%s: %v\n%s%s", r.name, r.err, r.out.String(), r.stderr.String())
		}
	}
	for _, r := range readerOut {
		if !strings.HasPrefix(r.out.String(), "reads ") || r.out.String() == "reads 0\n" {
			t.Errorf("%s did not read: %q", r.name, r.out.String())
		}
	}

	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Every child logged careers-encounters for periods 2000..2014 once
	// each: 4 × 15 = 60 values, of which the last per period is current
	// (15). Every child imported 15 files of 50 rows: 3,000 rows, 3,000
	// distinct pupils, 60 imports; 60 + 60 = 120 audit lines.
	checks := []struct {
		q    string
		want int
	}{
		{"SELECT COUNT(*) FROM kpi_values", writers * rounds},
		{"SELECT COUNT(*) FROM kpi_values WHERE " + inForceKPI, rounds},
		{"SELECT COUNT(*) FROM participation", writers * rounds * 50},
		{"SELECT COUNT(*) FROM pupils", writers * rounds * 50},
		{"SELECT COUNT(*) FROM imports", writers * rounds},
		{"SELECT COUNT(*) FROM audit", 2 * writers * rounds},
	}
	for _, c := range checks {
		if n := count(t, s, c.q); n != c.want {
			t.Errorf("%s = %d, want %d", c.q, n, c.want)
		}
	}
	if got := query(t, s, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
		t.Errorf("integrity_check: %v", got)
	}
}
