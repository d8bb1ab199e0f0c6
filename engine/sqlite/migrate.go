package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one file of migrations/: NNN_name.sql, applied once, in
// order, its number recorded in PRAGMA user_version.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := filepath.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: expected a name like 001_what.sql", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// migrate applies the migrations the database lacks, all in one write
// transaction, so two processes opening a new folder at once cannot both
// apply them, and a failed upgrade leaves the old schema intact.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	path := filepath.Join(s.dir, DBFile)
	// A quick look without the write lock: most opens find nothing to do.
	var have int
	if err := s.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if have > latest {
		return errNewer(path, have, latest)
	}
	if have == latest {
		return nil
	}
	if s.readOnly {
		return toc.Errorf(toc.EREADONLY, "%s needs upgrading to this impact's schema, but the folder %s is read-only: run impact where it can write", path, s.dir)
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		if have > latest {
			return errNewer(path, have, latest)
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migrate %s: %s: %w", path, m.name, err)
			}
			if after, ok := afterSQL[m.version]; ok {
				if err := after(ctx, tx); err != nil {
					return fmt.Errorf("migrate %s: %s: %w", path, m.name, err)
				}
			}
		}
		// PRAGMA takes no parameters; the value is an int from our own files.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", latest)); err != nil {
			return fmt.Errorf("migrate %s: %w", path, err)
		}
		return nil
	})
}

// afterSQL are the steps of a migration that SQL alone cannot take, run
// after its file.
var afterSQL = map[int]func(context.Context, *sql.Tx) error{
	4: looseImportKinds,
	5: namePupilsIndex,
}

// looseImportKinds drops the CHECK of imports.kind, which knew three kinds
// (a pupils file is a fourth; the importer checks the kind). SQLite cannot
// alter a constraint; removing a CHECK by editing the schema's text is the
// way its documentation gives for it, with the schema's version moved on so
// that every connection reads it again.
func looseImportKinds(ctx context.Context, tx *sql.Tx) error {
	const check = "kind        TEXT NOT NULL CHECK (kind IN ('kpi values', 'participation', 'outcomes')),"
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
		return err
	}
	for _, q := range []string{
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_schema SET sql = replace(sql, '" + strings.ReplaceAll(check, "'", "''") + "', 'kind        TEXT NOT NULL,') WHERE type = 'table' AND name = 'imports'",
		fmt.Sprintf("PRAGMA schema_version = %d", version+1),
		"PRAGMA writable_schema = OFF",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var ok string
	if err := tx.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("integrity check after loosening imports.kind: %v %v", ok, err)
	}
	return nil
}

// namePupilsIndex turns the index that pupils' UNIQUE constraint made
// (sqlite_autoindex_pupils_1) into the index pupils_pseudonym, which can be
// dropped and built again. The two are the same b-tree — a unique index of
// pseudonym — so only the schema's text changes, the documented way, and
// integrity_check then reads every entry of it against the table.
func namePupilsIndex(ctx context.Context, tx *sql.Tx) error {
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
		return err
	}
	for _, q := range []string{
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_schema SET sql = replace(sql, 'pseudonym BLOB NOT NULL UNIQUE', 'pseudonym BLOB NOT NULL') WHERE type = 'table' AND name = 'pupils'",
		"UPDATE sqlite_schema SET name = 'pupils_pseudonym', sql = 'CREATE UNIQUE INDEX pupils_pseudonym ON pupils (pseudonym)' WHERE type = 'index' AND name = 'sqlite_autoindex_pupils_1'",
		fmt.Sprintf("PRAGMA schema_version = %d", version+1),
		"PRAGMA writable_schema = OFF",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'pupils_pseudonym'").Scan(&n); err != nil || n != 1 {
		return fmt.Errorf("name the pupils' index: %d found, %v", n, err)
	}
	var ok string
	if err := tx.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("integrity check after naming the pupils' index: %v %v", ok, err)
	}
	return nil
}
