package engine

import (
	"context"
	"database/sql"
)

// auditUser records a change of logins in the audit log, in the
// transaction that makes it.
func auditUser(ctx context.Context, tx *sql.Tx, at, who, action, detail string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)", at, who, action, detail)
	return err
}
