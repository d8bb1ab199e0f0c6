package postgres

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
)

// notData are the actions that change no figure a page shows: logins,
// users, subject access requests. They leave the data version as it is,
// so a login does not make every page be computed again.
var notData = []string{"login", "logout", "login-failed", "user-add", "user-remove", "user-reset", "user-password", "pupil"}

// evidenceActions are the actions that may change participation or
// outcome rows, or what of them counts: they move the evidence version on.
var evidenceActions = []string{"import", "revert", "forget", "approve", "return"}

// audit records one write in the partnership's audit log, within the
// transaction that makes it: at (RFC 3339, UTC), who (the OS user or the
// web login), the action, a line saying what, how many rows, and the
// SHA-256 of the file it came from, if any. It moves the partnership's
// versions on as the action asks, in the same transaction, so that every
// process reading the database sees them change with the write.
func (s *Store) audit(ctx context.Context, tx pgx.Tx, at, who, action, detail string, rows int64, fileHash string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO audit (partnership, id, at, who, action, detail, rows, file_hash)
		VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM audit WHERE partnership = $1), $2, $3, $4, $5, $6, $7)`,
		s.pid, at, who, action, detail, rows, fileHash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	data, evidence := 0, 0
	if !slices.Contains(notData, action) {
		data = 1
	}
	if slices.Contains(evidenceActions, action) {
		evidence = 1
	}
	if data+evidence == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, "UPDATE partnerships SET data_version = data_version + $2, evidence_version = evidence_version + $3 WHERE id = $1",
		s.pid, data, evidence); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditTrail returns the entries of the partnership's audit log a query
// asks for, newest first. Times are RFC 3339 in UTC, compared byte by
// byte, so a day compares as the prefix of a time.
func (s *Store) AuditTrail(ctx context.Context, q engine.AuditQuery) ([]engine.AuditLine, error) {
	before := q.Before
	if before <= 0 {
		before = math.MaxInt64
	}
	limit := q.Limit
	if limit < 0 {
		limit = 0
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, who, action, detail, rows FROM audit
		WHERE partnership = $1 AND id < $2 AND ($3 = '' OR who = $3) AND ($4 = '' OR action = $4) AND at >= $5
		ORDER BY id DESC LIMIT $6`,
		s.pid, before, q.Who, q.Action, q.Since, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []engine.AuditLine
	for rows.Next() {
		var l engine.AuditLine
		var n int64
		if err := rows.Scan(&l.ID, &l.At, &l.Who, &l.Action, &l.Detail, &n); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		l.Rows = int(n)
		out = append(out, l)
	}
	return out, rows.Err()
}

// DataVersion changes whenever data a page shows may have changed,
// whichever process wrote it: every write of data moves the partnership's
// counter on in its own transaction (audit).
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, "SELECT data_version FROM partnerships WHERE id = $1", s.pid).Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// EvidenceVersion changes whenever participation or outcome rows may have
// changed: an import, its revert, an erasure, a review of an import.
// Logging a KPI value leaves it as it is.
func (s *Store) EvidenceVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, "SELECT evidence_version FROM partnerships WHERE id = $1", s.pid).Scan(&v); err != nil {
		return 0, fmt.Errorf("evidence version: %w", err)
	}
	return v, nil
}
