package sqlite

import (
	"context"
	"fmt"
)

// DataVersion changes whenever data a page shows may have changed: every
// write is in the audit log, in the transaction that makes it, so the
// newest audit entry's id is the version, also for writes by other
// processes (impact import while the server runs).
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit").Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// EvidenceVersion changes whenever participation or outcome rows may have
// changed: by an import, the revert of one, an erasure, or a review of
// an import (an approval changes what funders count), each in the
// audit log in the transaction that makes it, so the newest such entry's
// id is the version. Logging a KPI value leaves it as it is.
func (s *Store) EvidenceVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit WHERE action IN ('import', 'revert', 'forget', 'approve', 'return')").Scan(&v); err != nil {
		return 0, fmt.Errorf("evidence version: %w", err)
	}
	return v, nil
}
