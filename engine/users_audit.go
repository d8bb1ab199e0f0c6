package engine

import (
	"context"
	"fmt"
	"math"
)

// AuditLine is one entry of the audit log, for the admins' page.
type AuditLine struct {
	ID     int64
	At     string // RFC 3339, UTC
	Who    string
	Action string
	Detail string
	Rows   int
}

// AuditTrail returns up to limit entries of the audit log older than the
// entry before (every entry when before is 0), newest first.
func (s *Store) AuditTrail(ctx context.Context, before int64, limit int) ([]AuditLine, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.read.QueryContext(ctx, "SELECT id, at, who, action, detail, rows FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?", before, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditLine
	for rows.Next() {
		var l AuditLine
		if err := rows.Scan(&l.ID, &l.At, &l.Who, &l.Action, &l.Detail, &l.Rows); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
