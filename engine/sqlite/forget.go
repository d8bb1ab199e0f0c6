package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Forget erases every row of the pupils the identifiers name, in one
// transaction, and remembers a keyed hash of each so imports skip them
// (DESIGN §13). The writer's connection has secure_delete on, so the
// erased rows are overwritten with zeros; the WAL that still holds their
// old pages is then checkpointed and truncated.
func (s *Store) Forget(ctx context.Context, ids []engine.Identifier, who string) (engine.Forgotten, error) {
	if len(ids) == 0 {
		return engine.Forgotten{}, toc.Errorf(toc.EUSAGE, "name at least one pupil to forget")
	}
	if s.key == nil {
		return engine.Forgotten{}, s.keyErr
	}
	var out engine.Forgotten
	err := s.Write(ctx, func(tx *sql.Tx) error {
		found, err := s.heldPupils(ctx, tx, ids)
		if err != nil {
			return err
		}
		if out, err = erase(ctx, tx, found); err != nil {
			return err
		}
		for _, p := range found {
			h := s.key.Forgotten(p)
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO forgotten (hash) VALUES (?)", h[:]); err != nil {
				return fmt.Errorf("forget: %w", err)
			}
		}
		return auditForget(ctx, tx, s.now(), who, "on request", out)
	})
	if err != nil {
		return engine.Forgotten{}, err
	}
	out.Cleared = s.clearWAL(ctx)
	return out, nil
}

// ForgetExpired erases the pupils whose latest row lies before keepFrom;
// a row without a date counts from the academic year it was imported in.
func (s *Store) ForgetExpired(ctx context.Context, keepFrom toc.Period, who string) (engine.Forgotten, error) {
	var out engine.Forgotten
	err := s.Write(ctx, func(tx *sql.Tx) error {
		found, err := expiredPupils(ctx, tx, keepFrom)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return nil
		}
		if out, err = erase(ctx, tx, found); err != nil {
			return err
		}
		return auditForget(ctx, tx, s.now(), who, "rows older than "+keepFrom.String(), out)
	})
	if err != nil {
		return engine.Forgotten{}, err
	}
	if out.Pupils > 0 {
		out.Cleared = s.clearWAL(ctx)
	} else {
		out.Cleared = true
	}
	return out, nil
}

// heldPupils finds the pupils the identifiers name: their pupils.id and
// pseudonym. Identifiers the store does not hold come back as problems, and
// nothing is found.
func (s *Store) heldPupils(ctx context.Context, tx *sql.Tx, ids []engine.Identifier) (map[int64][]byte, error) {
	found := map[int64][]byte{}
	var probs toc.List
	for _, id := range ids {
		p := s.key.Pseudonym(id.ID)
		var n int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM pupils WHERE pseudonym = ?", p[:]).Scan(&n)
		if err == nil {
			found[n] = p[:]
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("find pupils: %w", err)
		}
		msg, err := s.notHeld(ctx, tx, p)
		if err != nil {
			return nil, err
		}
		if len(probs) < engine.MaxImportProblems {
			probs = append(probs, &toc.Error{Code: toc.EINVALID, File: id.File, Line: id.Line, Col: id.Col, Message: msg(id.ID)})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return found, nil
}

// notHeld says why the store holds no pupil with a pseudonym: forgotten
// before, or never met.
func (s *Store) notHeld(ctx context.Context, tx *sql.Tx, p [pseudonym.Size]byte) (func(string) string, error) {
	h := s.key.Forgotten(p[:])
	var forgotten bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM forgotten WHERE hash = ?)", h[:]).Scan(&forgotten); err != nil {
		return nil, fmt.Errorf("find pupils: %w", err)
	}
	if forgotten {
		return func(id string) string {
			return fmt.Sprintf("%s was forgotten already: %s holds nothing about them (nothing was changed)", quoteID(id), DBFile)
		}, nil
	}
	return func(id string) string {
		return fmt.Sprintf("%s: no pupil with this identifier is held in %s (check it against the files imported; nothing was changed)", quoteID(id), DBFile)
	}, nil
}

// quoteID writes an identifier for a message, quoted, control characters
// escaped.
func quoteID(id string) string { return fmt.Sprintf("%q", strings.TrimSpace(id)) }

// expiredPupils finds the pupils whose latest row lies before keepFrom,
// with their pseudonyms.
func expiredPupils(ctx context.Context, tx *sql.Tx, keepFrom toc.Period) (map[int64][]byte, error) {
	// The academic year an import was made in: its year, less one before
	// September.
	const imported = "(CAST(substr(i.imported_at, 1, 4) AS INTEGER) - (substr(i.imported_at, 6, 2) < '09'))"
	rows, err := tx.QueryContext(ctx, `
		SELECT u.id, u.pseudonym FROM pupils u JOIN (
			SELECT pupil, max(period) AS latest FROM (
				SELECT pupil, period FROM participation
				UNION ALL SELECT o.pupil, coalesce(o.period, `+imported+`) FROM outcomes o JOIN imports i ON i.id = o.import_id
				UNION ALL SELECT f.pupil, coalesce(f.period, `+imported+`) FROM pupil_facts f JOIN imports i ON i.id = f.import_id
			) GROUP BY pupil
		) l ON l.pupil = u.id
		WHERE l.latest < ?`, int(keepFrom))
	if err != nil {
		return nil, fmt.Errorf("find expired pupils: %w", err)
	}
	defer rows.Close()
	found := map[int64][]byte{}
	for rows.Next() {
		var id int64
		var p []byte
		if err := rows.Scan(&id, &p); err != nil {
			return nil, fmt.Errorf("find expired pupils: %w", err)
		}
		found[id] = p
	}
	return found, rows.Err()
}

// erase deletes every row of the pupils, then the pupils, counting them.
// The pupils' ids go through a temporary table, so each table is read
// once however many pupils there are.
func erase(ctx context.Context, tx *sql.Tx, pupils map[int64][]byte) (engine.Forgotten, error) {
	out := engine.Forgotten{Pupils: len(pupils)}
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS forget_pupils (id INTEGER PRIMARY KEY)"); err != nil {
		return out, fmt.Errorf("forget: %w", err)
	}
	add, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO temp.forget_pupils (id) VALUES (?)")
	if err != nil {
		return out, fmt.Errorf("forget: %w", err)
	}
	defer add.Close()
	for id := range pupils {
		if _, err := add.ExecContext(ctx, id); err != nil {
			return out, fmt.Errorf("forget: %w", err)
		}
	}
	for _, d := range []struct {
		table string
		n     *int64
	}{{"participation", &out.Participation}, {"outcomes", &out.Outcomes}, {"pupil_facts", &out.Facts}, {"pupils", nil}} {
		col := "pupil"
		if d.table == "pupils" {
			col = "id"
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM "+d.table+" WHERE "+col+" IN (SELECT id FROM temp.forget_pupils)")
		if err != nil {
			return out, fmt.Errorf("forget: %w", err)
		}
		if d.n != nil {
			if *d.n, err = res.RowsAffected(); err != nil {
				return out, fmt.Errorf("forget: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.forget_pupils"); err != nil {
		return out, fmt.Errorf("forget: %w", err)
	}
	return out, nil
}

// auditForget records an erasure by its counts alone: no identifier, no
// pseudonym, nothing that tells who.
func auditForget(ctx context.Context, tx *sql.Tx, now, who, why string, f engine.Forgotten) error {
	detail := fmt.Sprintf("%d %s (%s): %d participation, %d outcome and %d characteristics rows",
		f.Pupils, plural(f.Pupils, "pupil", "pupils"), why, f.Participation, f.Outcomes, f.Facts)
	return audit(ctx, tx, now, who, "forget", detail, f.Rows(), "")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clearWAL copies the WAL into the database and truncates it, so that no
// old page of an erased pupil stays in it. It is false when another
// process's read kept the WAL in use past the busy timeout.
func (s *Store) clearWAL(ctx context.Context) bool {
	var busy, log, done int
	if err := s.write.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &done); err != nil {
		return false
	}
	return busy == 0
}
