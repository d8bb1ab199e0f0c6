package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"
)

// exec binds every kind of value in one call into C, and what it bound
// is what SQLite stored, type and bytes; a statement it ran, or failed to
// run, runs again with new values.
func TestExec(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "CREATE TABLE t (n INTEGER NOT NULL, x, s TEXT, e TEXT, b BLOB, z BLOB)"); err != nil {
		t.Fatal(err)
	}
	run := func(fill func(ps *params)) error {
		return conn.Raw(func(dc any) error {
			st, err := dc.(driver.Conn).Prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
			if err != nil {
				return err
			}
			defer st.Close()
			var ps params
			fill(&ps)
			return exec(st, &ps)
		})
	}
	if err := run(func(ps *params) {
		ps.int(-1 << 40)
		ps.null()
		ps.text("Ysgol y Môr")
		ps.text("")
		ps.blob([]byte{0, 1, 0xff})
		ps.blob(nil)
	}); err != nil {
		t.Fatal(err)
	}
	var got string
	q := `SELECT n || '|' || typeof(x) || '|' || s || '|' || typeof(e) || length(e) || '|' || hex(b) || '|' || typeof(z) || length(z) FROM t`
	if err := conn.QueryRowContext(ctx, q).Scan(&got); err != nil {
		t.Fatal(err)
	}
	// -1<<40 = -1,099,511,627,776; an empty text is text of length 0, an
	// empty blob a blob of length 0 (not NULL).
	if want := "-1099511627776|null|Ysgol y Môr|text0|0001FF|blob0"; got != want {
		t.Errorf("stored %q, want %q", got, want)
	}

	// Too few values: refused before anything is bound.
	err = run(func(ps *params) { ps.int(1) })
	if err == nil || !strings.Contains(err.Error(), "1 parameters for a statement of 6") {
		t.Errorf("one value for six: %v", err)
	}
	// SQLite's own refusal comes back with its message.
	err = run(func(ps *params) {
		ps.null()
		for range 5 {
			ps.null()
		}
	})
	if err == nil || !strings.Contains(err.Error(), "NOT NULL constraint failed: t.n") {
		t.Errorf("NULL into n: %v", err)
	}
	if err := run(func(ps *params) {
		ps.int(2)
		for range 5 {
			ps.null()
		}
	}); err != nil {
		t.Errorf("after a refusal: %v", err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 2 {
		t.Errorf("%d rows (%v), want the first and the last", n, err)
	}
}

// A statement of another driver has no SQLite statement to run.
func TestStmtHandle_OtherDriver(t *testing.T) {
	_, err := stmtHandle(otherStmt{})
	if err == nil || !strings.Contains(err.Error(), "a statement of sqlite.otherStmt, not the SQLite driver's") {
		t.Errorf("stmtHandle(otherStmt) = %v", err)
	}
}

type otherStmt struct{ driver.Stmt }
