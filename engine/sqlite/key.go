package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// checkKey compares the key with the check value the database keeps of
// the key it was made with (DESIGN §13), recording it the first time. A
// different key refuses every import of pupils: under it the same pupils
// would become new ones.
func (s *Store) checkKey(ctx context.Context) error {
	if s.key == nil {
		return nil
	}
	var have string
	err := s.read.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = 'key_check'").Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if s.readOnly {
			return nil
		}
		return s.Write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO settings (name, value) VALUES ('key_check', ?)", s.key.Check()); err != nil {
				return fmt.Errorf("record the key's check value: %w", err)
			}
			return nil
		})
	case err != nil:
		return fmt.Errorf("open store: %w", err)
	case have != s.key.Check():
		s.key = nil
		s.keyErr = toc.Errorf(toc.EINVALID, "%s is not the key %s was made with: imports of pupils are refused, since under another key the same pupils would count again; "+
			"put the partnership's own key back (from your backup) — a new key needs a new partnership folder, re-imported from the source files",
			filepath.Join(s.dir, pseudonym.KeyFile), DBFile)
	}
	return nil
}
