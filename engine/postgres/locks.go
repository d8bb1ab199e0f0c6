package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Lock closes a period to writes, audited.
func (s *Store) Lock(ctx context.Context, p toc.Period, who string) (engine.Lock, error) {
	if who == "" {
		who = engine.OSUser()
	}
	l := engine.Lock{Period: p, At: s.now(), Who: who}
	err := s.write(ctx, func(tx pgx.Tx) error {
		var by string
		err := tx.QueryRow(ctx, "SELECT locked_by FROM locks WHERE partnership = $1 AND period = $2", s.pid, int(p)).Scan(&by)
		if err == nil {
			return toc.Errorf(toc.EINVALID, "%s is locked already (by %s)", p, by)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("read locks: %w", err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO locks (partnership, period, locked_at, locked_by) VALUES ($1, $2, $3, $4)", s.pid, int(p), l.At, who); err != nil {
			return fmt.Errorf("lock %s: %w", p, err)
		}
		return s.audit(ctx, tx, l.At, who, "lock", p.String(), 0, "")
	})
	return l, err
}

// Unlock opens a locked period again, audited.
func (s *Store) Unlock(ctx context.Context, p toc.Period, who string) error {
	if who == "" {
		who = engine.OSUser()
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "DELETE FROM locks WHERE partnership = $1 AND period = $2", s.pid, int(p))
		if err != nil {
			return fmt.Errorf("unlock %s: %w", p, err)
		}
		if tag.RowsAffected() == 0 {
			return toc.Errorf(toc.EINVALID, "%s is not locked (see impact lock)", p)
		}
		return s.audit(ctx, tx, s.now(), who, "unlock", p.String(), 0, "")
	})
}

// ListLocks lists the locked periods, oldest first.
func (s *Store) ListLocks(ctx context.Context) ([]engine.Lock, error) {
	return s.queryLocks(ctx, s.pool)
}

func (s *Store) queryLocks(ctx context.Context, q querier) ([]engine.Lock, error) {
	rows, err := q.Query(ctx, "SELECT period, locked_at, locked_by FROM locks WHERE partnership = $1 ORDER BY period", s.pid)
	if err != nil {
		return nil, fmt.Errorf("read locks: %w", err)
	}
	defer rows.Close()
	var out []engine.Lock
	for rows.Next() {
		var l engine.Lock
		var period int64
		if err := rows.Scan(&period, &l.At, &l.Who); err != nil {
			return nil, fmt.Errorf("read locks: %w", err)
		}
		l.Period = toc.Period(period)
		out = append(out, l)
	}
	return out, rows.Err()
}

// checkUnlocked refuses a write dated in a locked period.
func (s *Store) checkUnlocked(ctx context.Context, tx pgx.Tx, what string, p toc.Period) error {
	l := engine.Lock{Period: p}
	err := tx.QueryRow(ctx, "SELECT locked_at, locked_by FROM locks WHERE partnership = $1 AND period = $2", s.pid, int(p)).Scan(&l.At, &l.Who)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read locks: %w", err)
	}
	return toc.Errorf(toc.ECONFLICT, "%s: %s", what, l.Refusal())
}

// checkImportUnlocked refuses to revert (or review) an import with rows
// dated in a locked period.
func (s *Store) checkImportUnlocked(ctx context.Context, tx pgx.Tx, id int64, file string) error {
	var l engine.Lock
	var period int64
	err := tx.QueryRow(ctx, `SELECT l.period, l.locked_at, l.locked_by FROM locks l WHERE l.partnership = $1 AND l.period IN (
			SELECT period FROM participation WHERE partnership = $1 AND import_id = $2
			UNION SELECT period FROM outcomes WHERE partnership = $1 AND import_id = $2 AND period IS NOT NULL
			UNION SELECT period FROM kpi_values WHERE partnership = $1 AND import_id = $2
			UNION SELECT period FROM pupil_facts WHERE partnership = $1 AND import_id = $2 AND period IS NOT NULL)
		ORDER BY l.period LIMIT 1`, s.pid, id).Scan(&period, &l.At, &l.Who)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read locks: %w", err)
	}
	l.Period = toc.Period(period)
	return toc.Errorf(toc.ECONFLICT, "import %d (%s) has rows dated %s: %s", id, file, l.Period, l.Refusal())
}
