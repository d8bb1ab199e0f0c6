package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// audit records one write in the audit log, within the transaction that
// makes it: at (RFC 3339, UTC), who (the OS user or the web login), the
// action (log, import, toc-revision, user-add…), a line saying what, how
// many rows, and the SHA-256 of the file it came from, if any.
func audit(ctx context.Context, tx *sql.Tx, at, who, action, detail string, rows int64, fileHash string) error {
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO audit (at, who, action, detail, rows, file_hash) VALUES (?, ?, ?, ?, ?, ?)",
		at, who, action, detail, rows, fileHash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}
