package sqlite

import (
	"context"
	"fmt"
	"math"

	"github.com/schoolstogether/impact/engine"
)

// AuditTrail returns up to limit entries of the audit log older than the
// entry before (every entry when before is 0), newest first.
func (s *Store) AuditTrail(ctx context.Context, before int64, limit int) ([]engine.AuditLine, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.read.QueryContext(ctx, "SELECT id, at, who, action, detail, rows FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?", before, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []engine.AuditLine
	for rows.Next() {
		var l engine.AuditLine
		if err := rows.Scan(&l.ID, &l.At, &l.Who, &l.Action, &l.Detail, &l.Rows); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
