package sqlite_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// TestStore_Import_NoIdentifierInFiles greps the raw bytes of the database
// and its WAL, while the store is still open (so the WAL holds the latest
// pages) and after it is closed, for every participant identifier of the
// imported CSVs, in every case they could be stored in.
func TestStore_Import_NoIdentifierInFiles(t *testing.T) {
	p := smallToC(t)
	dir := t.TempDir()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var part, out strings.Builder
	part.WriteString("activity,date,participant,school\n")
	out.WriteString("activity,participant,measure,group,pre,post\n")
	for i := range 500 {
		id := fmt.Sprintf("K%012d", 900000000000+i*7919) // UPN-like, unlike any other bytes
		ids = append(ids, id)
		fmt.Fprintf(&part, "careers-fair,2023-10-12,%s,wsh\n", strings.ToLower(id))
		fmt.Fprintf(&out, "scitt,%s,grade,intervention,2,3\n", id)
	}
	for _, f := range []string{"participation.csv", "outcomes.csv"} {
		b, err := os.ReadFile(filepath.Join(smallDir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			cells := strings.Split(line, ",")
			if len(cells) > 2 {
				ids = append(ids, cells[map[string]int{"participation.csv": 2, "outcomes.csv": 1}[f]])
			}
		}
		mustImport(t, s, p, f, string(b))
	}
	mustImport(t, s, p, "part.csv", part.String(), "out.csv", out.String())

	grep := func(when string) {
		files, _ := filepath.Glob(filepath.Join(dir, sqlite.DBFile+"*"))
		if len(files) == 0 {
			t.Fatal("no database files")
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				for _, form := range []string{id, strings.ToLower(id), strings.ToUpper(id)} {
					if bytes.Contains(b, []byte(form)) {
						t.Errorf("%s: %s holds the identifier %q", when, filepath.Base(f), form)
					}
				}
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, sqlite.DBFile+"-wal")); err != nil || fi.Size() == 0 {
		t.Fatalf("want a WAL with the imports in it: %v", err)
	}
	grep("while open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	grep("after closing")
	if len(ids) != 500+80+32 {
		t.Errorf("grepped for %d identifiers, want 612", len(ids))
	}
}

func TestStore_Open_MissingKey(t *testing.T) {
	t.Run("KeyLostWithPupils", func(t *testing.T) {
		p := smallToC(t)
		dir := t.TempDir()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		mustImport(t, s, p, "a.csv", "activity,date,participant\ncareers-fair,2023-10-12,P1\n")
		s.Close()
		if err := os.Remove(filepath.Join(dir, pseudonym.KeyFile)); err != nil {
			t.Fatal(err)
		}
		// The store opens, with no new key: reading and KPI values work.
		s, err = sqlite.Open(dir)
		if err != nil {
			t.Fatalf("open without the key: %v", err)
		}
		defer s.Close()
		if _, err := os.Stat(filepath.Join(dir, pseudonym.KeyFile)); err == nil {
			t.Error("a new key was written in the lost one's place")
		}
		if n := count(t, s, "SELECT COUNT(*) FROM participation"); n != 1 {
			t.Errorf("%d participation rows, want 1", n)
		}
		mustImport(t, s, p, "k.csv", "kpi,period,value\ntrainees-graduating,2023/24,3\n")
		// Pupils cannot be imported until the key is back.
		before := state(t, s)
		_, err = importCSV(s, p, false, "b.csv", "activity,date,participant\ncareers-fair,2023-10-12,P2\n")
		want := filepath.Join(dir, pseudonym.KeyFile) + " is missing but impact.db holds pseudonymised pupils: restore the key from your backup; " +
			"a new key would not match them (without a backup, start a new partnership folder)"
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want %s", err, want)
		}
		if toc.ErrorCode(err) != toc.EINTERNAL {
			t.Errorf("code %q, want EINTERNAL (exit 3)", toc.ErrorCode(err))
		}
		if state(t, s) != before {
			t.Error("the database changed")
		}
	})
	t.Run("NewKeyWithoutPupils", func(t *testing.T) {
		dir := t.TempDir()
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		os.Remove(filepath.Join(dir, pseudonym.KeyFile))
		s, err = sqlite.Open(dir)
		if err != nil {
			t.Fatalf("reopen without pupils: %v", err)
		}
		s.Close()
	})
}
