package postgres_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/sqlite"
)

// TestSchema_AsSQLite: every table and column of the SQLite store's
// schema, after all its migrations, has its like here, so that a
// migration added to one store and not the other fails. The SQLite
// store's settings (the key's check value) are the partnership's row;
// what is only here is the partnership every row is of, the order of
// users' limits (seq), and the migrations applied.
func TestSchema_AsSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	lite, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	want := map[string][]string{}
	rows, err := lite.DB().QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		want[table] = append(want[table], column)
	}
	rows.Close()
	if len(want) < 15 {
		t.Fatalf("the SQLite schema has only %d tables", len(want))
	}

	url := pgtest.URL(t)
	open(t, url, t.TempDir())
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	got := map[string][]string{}
	pr, err := conn.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for pr.Next() {
		var table, column string
		if err := pr.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		got[table] = append(got[table], column)
	}
	pr.Close()

	onlySQLite := map[string]bool{"settings": true}
	onlyHere := map[string]bool{"partnerships": true, "schema_migrations": true}
	extraColumns := []string{"partnership", "seq"}
	for table, columns := range want {
		if onlySQLite[table] {
			continue
		}
		have, ok := got[table]
		if !ok {
			t.Errorf("SQLite's table %s has no like here", table)
			continue
		}
		for _, c := range columns {
			if !slices.Contains(have, c) {
				t.Errorf("SQLite's column %s.%s has no like here", table, c)
			}
		}
		for _, c := range have {
			if !slices.Contains(columns, c) && !slices.Contains(extraColumns, c) {
				t.Errorf("column %s.%s is here alone", table, c)
			}
		}
		if !slices.Contains(have, "partnership") {
			t.Errorf("table %s names no partnership", table)
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok && !onlyHere[table] {
			t.Errorf("table %s is here alone", table)
		}
	}
}
