package sqlite

import (
	"context"
	"fmt"
)

// DataVersion changes whenever data a page shows may have changed: every
// write is in the audit log, in the transaction that makes it, so the
// newest audit entry's id is the version, also for writes by other
// processes (impact import while the server runs). Entries that change no
// figure — logins, users, subject access requests — are passed over, so a
// login does not make every page be computed again.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, `SELECT coalesce((SELECT id FROM audit
		WHERE action NOT IN ('login', 'logout', 'login-failed', 'user-add', 'user-remove', 'user-reset', 'user-password', 'pupil')
		ORDER BY id DESC LIMIT 1), 0)`).Scan(&v); err != nil {
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
