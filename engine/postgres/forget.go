package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Forget erases every row of the pupils the identifiers name, in one
// transaction, and remembers a keyed hash of each so imports skip them
// (DESIGN §13). In PostgreSQL the erased rows' old versions stay in the
// tables' pages until a vacuum reclaims them, and in the server's WAL until
// it is recycled, neither of which a partnership's store can force on a
// shared database: Cleared is false.
func (s *Store) Forget(ctx context.Context, ids []engine.Identifier, who string) (engine.Forgotten, error) {
	if len(ids) == 0 {
		return engine.Forgotten{}, toc.Errorf(toc.EUSAGE, "name at least one pupil to forget")
	}
	if s.key == nil {
		return engine.Forgotten{}, s.keyErr
	}
	var out engine.Forgotten
	err := s.write(ctx, func(tx pgx.Tx) error {
		found, err := s.heldPupils(ctx, tx, ids)
		if err != nil {
			return err
		}
		if out, err = s.erase(ctx, tx, found); err != nil {
			return err
		}
		for _, p := range found {
			h := s.key.Forgotten(p)
			if _, err := tx.Exec(ctx, "INSERT INTO forgotten (partnership, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING", s.pid, h[:]); err != nil {
				return fmt.Errorf("forget: %w", err)
			}
		}
		return s.auditForget(ctx, tx, s.now(), who, "on request", out)
	})
	if err != nil {
		return engine.Forgotten{}, err
	}
	return out, nil
}

// ForgetExpired erases the pupils whose latest row lies before keepFrom;
// a row without a date counts from the academic year it was imported in.
func (s *Store) ForgetExpired(ctx context.Context, keepFrom toc.Period, who string) (engine.Forgotten, error) {
	var out engine.Forgotten
	err := s.write(ctx, func(tx pgx.Tx) error {
		found, err := s.expiredPupils(ctx, tx, keepFrom)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return nil
		}
		if out, err = s.erase(ctx, tx, found); err != nil {
			return err
		}
		return s.auditForget(ctx, tx, s.now(), who, "rows older than "+keepFrom.String(), out)
	})
	if err != nil {
		return engine.Forgotten{}, err
	}
	out.Cleared = out.Pupils == 0
	return out, nil
}

// heldPupils finds the pupils the identifiers name: their pupils.id and
// pseudonym. Identifiers the partnership does not hold come back as
// problems, and nothing is found.
func (s *Store) heldPupils(ctx context.Context, tx pgx.Tx, ids []engine.Identifier) (map[int64][]byte, error) {
	found := map[int64][]byte{}
	var probs toc.List
	for _, id := range ids {
		p := s.key.Pseudonym(id.ID)
		var n int64
		err := tx.QueryRow(ctx, "SELECT id FROM pupils WHERE partnership = $1 AND pseudonym = $2", s.pid, p[:]).Scan(&n)
		if err == nil {
			found[n] = p[:]
			continue
		}
		if !errors.Is(err, pgx.ErrNoRows) {
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

// notHeld says why the partnership holds no pupil with a pseudonym:
// forgotten before, or never met.
func (s *Store) notHeld(ctx context.Context, tx pgx.Tx, p [pseudonym.Size]byte) (func(string) string, error) {
	h := s.key.Forgotten(p[:])
	var forgotten bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM forgotten WHERE partnership = $1 AND hash = $2)", s.pid, h[:]).Scan(&forgotten); err != nil {
		return nil, fmt.Errorf("find pupils: %w", err)
	}
	if forgotten {
		return func(id string) string {
			return fmt.Sprintf("%s was forgotten already: the partnership's database holds nothing about them (nothing was changed)", trimID(id))
		}, nil
	}
	return func(id string) string {
		return fmt.Sprintf("%s: no pupil with this identifier is held in the partnership's database (check it against the files imported; nothing was changed)", trimID(id))
	}, nil
}

// expiredPupils finds the pupils whose latest row lies before keepFrom,
// with their pseudonyms.
func (s *Store) expiredPupils(ctx context.Context, tx pgx.Tx, keepFrom toc.Period) (map[int64][]byte, error) {
	// The academic year an import was made in: its year, less one before
	// September.
	const imported = "(substr(i.imported_at, 1, 4)::integer - CASE WHEN substr(i.imported_at, 6, 2) < '09' THEN 1 ELSE 0 END)"
	rows, err := tx.Query(ctx, `
		SELECT u.id, u.pseudonym FROM pupils u JOIN (
			SELECT pupil, max(period) AS latest FROM (
				SELECT pupil, period FROM participation WHERE partnership = $1
				UNION ALL SELECT o.pupil, coalesce(o.period, `+imported+`) FROM outcomes o
					JOIN imports i ON i.partnership = o.partnership AND i.id = o.import_id WHERE o.partnership = $1
				UNION ALL SELECT f.pupil, coalesce(f.period, `+imported+`) FROM pupil_facts f
					JOIN imports i ON i.partnership = f.partnership AND i.id = f.import_id WHERE f.partnership = $1
			) r GROUP BY pupil
		) l ON l.pupil = u.id
		WHERE u.partnership = $1 AND l.latest < $2`, s.pid, int(keepFrom))
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
// The pupils' ids go as one array, so each table is read once however
// many pupils there are.
func (s *Store) erase(ctx context.Context, tx pgx.Tx, pupils map[int64][]byte) (engine.Forgotten, error) {
	out := engine.Forgotten{Pupils: len(pupils)}
	ids := make([]int64, 0, len(pupils))
	for id := range pupils {
		ids = append(ids, id)
	}
	for _, d := range []struct {
		table string
		n     *int64
	}{{"participation", &out.Participation}, {"outcomes", &out.Outcomes}, {"pupil_facts", &out.Facts}, {"pupils", nil}} {
		col := "pupil"
		if d.table == "pupils" {
			col = "id"
		}
		tag, err := tx.Exec(ctx, "DELETE FROM "+d.table+" WHERE partnership = $1 AND "+col+" = ANY($2)", s.pid, ids)
		if err != nil {
			return out, fmt.Errorf("forget: %w", err)
		}
		if d.n != nil {
			*d.n = tag.RowsAffected()
		}
	}
	return out, nil
}

// auditForget records an erasure by its counts alone: no identifier, no
// pseudonym, nothing that tells who.
func (s *Store) auditForget(ctx context.Context, tx pgx.Tx, now, who, why string, f engine.Forgotten) error {
	detail := fmt.Sprintf("%d %s (%s): %d participation, %d outcome and %d characteristics rows",
		f.Pupils, plural(f.Pupils, "pupil", "pupils"), why, f.Participation, f.Outcomes, f.Facts)
	return s.audit(ctx, tx, now, who, "forget", detail, f.Rows(), "")
}

// trimID is an identifier as a message quotes it: trimmed, quoted,
// control characters escaped.
func trimID(id string) string { return fmt.Sprintf("%q", strings.TrimSpace(id)) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
