package sqlite

import (
	"context"
	"fmt"
	"math"

	"github.com/schoolstogether/impact/engine"
)

// AuditTrail returns the entries of the audit log a query asks for,
// newest first. Times are stored as RFC 3339 in UTC, so a day compares as
// the prefix of a time.
func (s *Store) AuditTrail(ctx context.Context, q engine.AuditQuery) ([]engine.AuditLine, error) {
	before := q.Before
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, who, action, detail, rows FROM audit
		WHERE id < ? AND (? = '' OR who = ?) AND (? = '' OR action = ?) AND at >= ?
		ORDER BY id DESC LIMIT ?`,
		before, q.Who, q.Who, q.Action, q.Action, q.Since, q.Limit)
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
