package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/schoolstogether/impact/engine/sqlite"
)

// TestStore_Open_Upgrades: a database of schema 3 (before pupils'
// characteristics and the named pupils index) with pupils and rows in it
// opens upgraded — the pupils' unique index renamed and still unique, the
// rows intact, integrity_check clean.
func TestStore_Open_Upgrades(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.DBFile)+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"001_init.sql", "002_users.sql", "003_way_back.sql"} {
		b, err := os.ReadFile(filepath.Join("migrations", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 3",
		"INSERT INTO pupils (id, pseudonym) VALUES (1, x'01'), (2, x'02')",
		"INSERT INTO imports (id, file, hash, kind, rows, imported_at, imported_by) VALUES (1, 'p.csv', 'h', 'participation', 2, '2025-01-01T00:00:00Z', 'ana')",
		"INSERT INTO participation (import_id, activity, date, period, pupil) VALUES (1, 'a', '2024-10-01', 2024, 1), (1, 'a', '2024-10-01', 2024, 2)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version, pupils, rows int
	var index, ok string
	for q, dest := range map[string]any{
		"PRAGMA user_version":                                       &version,
		"SELECT COUNT(*) FROM pupils":                               &pupils,
		"SELECT COUNT(*) FROM participation WHERE attended IS NULL": &rows,
		"SELECT name FROM pragma_index_list('pupils') WHERE \"unique\" = 1 AND origin = 'c'": &index,
		"PRAGMA integrity_check": &ok,
	} {
		if err := s.DB().QueryRow(q).Scan(dest); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if version < 5 || pupils != 2 || rows != 2 || index != "pupils_pseudonym" || ok != "ok" {
		t.Errorf("upgraded: version %d, %d pupils, %d rows, index %q, integrity %q", version, pupils, rows, index, ok)
	}
	if _, err := s.DB().Exec("INSERT INTO pupils (pseudonym) VALUES (x'01')"); err == nil {
		t.Error("a second pupil of the same pseudonym was taken: the index is no longer unique")
	}
}

// TestStore_Import_RebuildsPupilsIndex: the first import into a store
// without pupils drops the pseudonyms' index and builds it again before it
// commits; a refused one leaves it as it was.
func TestStore_Import_RebuildsPupilsIndex(t *testing.T) {
	s := mustOpen(t)
	p := smallToC(t)
	index := func() string {
		var name string
		s.DB().QueryRow("SELECT name FROM pragma_index_list('pupils') WHERE \"unique\" = 1").Scan(&name)
		return name
	}
	if _, err := importCSV(s, p, false, "bad.csv", "activity,date,participant\ncareers-fair,2023-10-12,A1\ncareers-fair,not-a-date,A2\n"); err == nil {
		t.Fatal("a bad file was imported")
	}
	if got := index(); got != "pupils_pseudonym" {
		t.Fatalf("after a refused import: index %q", got)
	}
	mustImport(t, s, p, "p.csv", "activity,date,participant\ncareers-fair,2023-10-12,A1\ncareers-fair,2023-10-12,A2\n")
	if got := index(); got != "pupils_pseudonym" {
		t.Fatalf("after the first import: index %q", got)
	}
	// The second import looks its pupils up through the index: A1 is
	// known, A3 is new.
	mustImport(t, s, p, "q.csv", "activity,date,participant\ncareers-fair,2023-10-19,a1\ncareers-fair,2023-10-19,A3\n")
	var n int
	s.DB().QueryRow("SELECT COUNT(*) FROM pupils").Scan(&n)
	if n != 3 {
		t.Errorf("%d pupils, want 3 (A1, A2, A3)", n)
	}
}
