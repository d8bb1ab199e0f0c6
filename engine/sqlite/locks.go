package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Lock closes a period to writes, audited.
func (s *Store) Lock(ctx context.Context, p toc.Period, who string) (engine.Lock, error) {
	if who == "" {
		who = engine.OSUser()
	}
	l := engine.Lock{Period: p, At: s.now(), Who: who}
	err := s.Write(ctx, func(tx *sql.Tx) error {
		locks, err := readLocks(ctx, tx)
		if err != nil {
			return err
		}
		if old, ok := locks[p]; ok {
			return toc.Errorf(toc.EINVALID, "%s is locked already (by %s)", p, old.Who)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO locks (period, locked_at, locked_by) VALUES (?, ?, ?)", int(p), l.At, who); err != nil {
			return fmt.Errorf("lock %s: %w", p, err)
		}
		return audit(ctx, tx, l.At, who, "lock", p.String(), 0, "")
	})
	return l, err
}

// Unlock opens a locked period again, audited.
func (s *Store) Unlock(ctx context.Context, p toc.Period, who string) error {
	if who == "" {
		who = engine.OSUser()
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM locks WHERE period = ?", int(p))
		if err != nil {
			return fmt.Errorf("unlock %s: %w", p, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return toc.Errorf(toc.EINVALID, "%s is not locked (see impact lock)", p)
		}
		return audit(ctx, tx, s.now(), who, "unlock", p.String(), 0, "")
	})
}

// ListLocks lists the locked periods, oldest first.
func (s *Store) ListLocks(ctx context.Context) ([]engine.Lock, error) {
	return queryLocks(ctx, s.read)
}

// readLocks reads the locked periods within a write, so that a lock taken
// by another process a moment before counts.
func readLocks(ctx context.Context, tx *sql.Tx) (map[toc.Period]engine.Lock, error) {
	locks, err := queryLocks(ctx, tx)
	out := make(map[toc.Period]engine.Lock, len(locks))
	for _, l := range locks {
		out[l.Period] = l
	}
	return out, err
}

func queryLocks(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]engine.Lock, error) {
	rows, err := db.QueryContext(ctx, "SELECT period, locked_at, locked_by FROM locks ORDER BY period")
	if err != nil {
		return nil, fmt.Errorf("read locks: %w", err)
	}
	defer rows.Close()
	var out []engine.Lock
	for rows.Next() {
		var l engine.Lock
		if err := rows.Scan(&l.Period, &l.At, &l.Who); err != nil {
			return nil, fmt.Errorf("read locks: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// checkUnlocked refuses a write dated in a locked period.
func checkUnlocked(ctx context.Context, tx *sql.Tx, what string, p toc.Period) error {
	var l engine.Lock
	err := tx.QueryRowContext(ctx, "SELECT period, locked_at, locked_by FROM locks WHERE period = ?", int(p)).Scan(&l.Period, &l.At, &l.Who)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read locks: %w", err)
	}
	return toc.Errorf(toc.ECONFLICT, "%s: %s", what, l.Refusal())
}

// checkImportUnlocked refuses to revert an import with rows dated in a
// locked period.
func checkImportUnlocked(ctx context.Context, tx *sql.Tx, id int64, file string) error {
	var l engine.Lock
	err := tx.QueryRowContext(ctx, `SELECT l.period, l.locked_at, l.locked_by FROM locks l WHERE l.period IN (
			SELECT period FROM participation WHERE import_id = ?1
			UNION SELECT period FROM outcomes WHERE import_id = ?1 AND period IS NOT NULL
			UNION SELECT period FROM kpi_values WHERE import_id = ?1
			UNION SELECT period FROM pupil_facts WHERE import_id = ?1 AND period IS NOT NULL)
		ORDER BY l.period LIMIT 1`, id).Scan(&l.Period, &l.At, &l.Who)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read locks: %w", err)
	}
	return toc.Errorf(toc.ECONFLICT, "import %d (%s) has rows dated %s: %s", id, file, l.Period, l.Refusal())
}
