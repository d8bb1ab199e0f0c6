package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/toc"
)

// copyTables are the tables a partnership's SQLite store is copied from,
// in an order that keeps every reference satisfied.
var copyTables = []string{
	"toc_revisions", "pupils", "reviews", "imports", "participation", "outcomes", "pupil_facts",
	"kpi_values", "audit", "users", "user_activities", "user_schools", "sessions", "forgotten", "locks", "notes",
}

// Copied counts the rows a copy moved, by table, in copyTables order.
type Copied struct {
	Tables []string
	Rows   []int64
}

// CopyFrom copies every row of a partnership's SQLite store (its database
// open as src) into this partnership, which must hold none yet: `impact
// migrate`. It is one transaction, under the partnership's write lock,
// and checks, before it commits, that each table holds as many of the
// partnership's rows as src does. Ids, pseudonyms, password hashes and
// sessions come across as they are, so logins keep working; the key stays
// in the folder, where it was.
func (s *Store) CopyFrom(ctx context.Context, src *sql.DB) (Copied, error) {
	var out Copied
	err := s.write(ctx, func(tx pgx.Tx) error {
		for _, table := range copyTables {
			var n int64
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE partnership = $1", s.pid).Scan(&n); err != nil {
				return fmt.Errorf("copy: %w", err)
			}
			if n > 0 && table != "toc_revisions" {
				return &toc.Error{Code: toc.ECONFLICT, Message: fmt.Sprintf("the partnership has %s rows in the PostgreSQL database already: impact migrate copies into an empty partnership only", table)}
			}
		}
		// Opening the store may have recorded toc.yaml as a revision: the
		// SQLite store's own revisions replace it.
		if _, err := tx.Exec(ctx, "DELETE FROM toc_revisions WHERE partnership = $1", s.pid); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		for _, table := range copyTables {
			n, err := s.copyTable(ctx, tx, src, table)
			if err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			var want int64
			if err := src.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&want); err != nil {
				return fmt.Errorf("copy %s: count the SQLite rows: %w", table, err)
			}
			var got int64
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE partnership = $1", s.pid).Scan(&got); err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			if n != want || got != want {
				return fmt.Errorf("copy %s: %d rows in SQLite, %d copied, %d in PostgreSQL: nothing was copied", table, want, n, got)
			}
			out.Tables, out.Rows = append(out.Tables, table), append(out.Rows, got)
		}
		_, err := tx.Exec(ctx, "UPDATE partnerships SET data_version = data_version + 1, evidence_version = evidence_version + 1 WHERE id = $1", s.pid)
		return err
	})
	return out, err
}

// copyTable copies one table's rows with COPY, each value converted to its
// PostgreSQL column's type (SQLite keeps booleans as integers, and may
// hold a whole number in a REAL column as an integer).
func (s *Store) copyTable(ctx context.Context, tx pgx.Tx, src *sql.DB, table string) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'partnership' ORDER BY ordinal_position`, table)
	if err != nil {
		return 0, err
	}
	var cols, types []string
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			return 0, err
		}
		cols, types = append(cols, c), append(types, t)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	// The names are PostgreSQL's own, of this package's schema.
	lite, err := src.QueryContext(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+table)
	if err != nil {
		return 0, fmt.Errorf("read the SQLite rows: %w", err)
	}
	defer lite.Close()
	source := &sqliteRows{rows: lite, types: types, pid: s.pid, values: make([]any, len(cols)+1)}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, append([]string{"partnership"}, cols...), source)
	if err == nil {
		err = source.err
	}
	return n, err
}

// sqliteRows feeds SQLite's rows to COPY.
type sqliteRows struct {
	rows   *sql.Rows
	types  []string
	pid    int32
	values []any
	err    error
}

func (r *sqliteRows) Next() bool {
	if r.err != nil || !r.rows.Next() {
		if r.err == nil {
			r.err = r.rows.Err()
		}
		return false
	}
	raw := make([]any, len(r.types))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if r.err = r.rows.Scan(ptrs...); r.err != nil {
		return false
	}
	r.values[0] = r.pid
	for i, v := range raw {
		if r.values[i+1], r.err = convert(v, r.types[i]); r.err != nil {
			return false
		}
	}
	return true
}

func (r *sqliteRows) Values() ([]any, error) { return r.values, r.err }
func (r *sqliteRows) Err() error             { return r.err }

// convert turns a value as SQLite gives it into one of a PostgreSQL type.
func convert(v any, pgType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch pgType {
	case "boolean":
		if n, ok := v.(int64); ok {
			return n != 0, nil
		}
	case "double precision", "real", "numeric":
		switch n := v.(type) {
		case int64:
			return float64(n), nil
		case float64:
			return n, nil
		}
	case "bigint", "integer", "smallint":
		switch n := v.(type) {
		case int64:
			return n, nil
		case float64:
			return int64(n), nil
		}
	case "text":
		switch t := v.(type) {
		case string:
			return t, nil
		case []byte:
			return string(t), nil
		case int64, float64:
			return fmt.Sprint(t), nil
		}
	case "bytea":
		switch b := v.(type) {
		case []byte:
			return b, nil
		case string:
			return []byte(b), nil
		}
	}
	return nil, fmt.Errorf("a %T value for a %s column", v, pgType)
}
