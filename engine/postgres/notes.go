package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// AddNote records a note about a KPI or an activity, audited as who.
func (s *Store) AddNote(ctx context.Context, p *toc.Partnership, n toc.Note, who string) (toc.Note, error) {
	if err := engine.CheckNote(p, n, s.today()); err != nil {
		return n, err
	}
	if who == "" {
		who = engine.OSUser()
	}
	n.At, n.By = s.now(), who
	what := "note on " + n.Activity + n.KPI
	if n.CaseStudy {
		what = "case study of " + n.Activity
	}
	what += " " + n.Period.String()
	err := s.write(ctx, func(tx pgx.Tx) error {
		if err := s.checkUnlocked(ctx, tx, what, n.Period); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO notes (partnership, id, kpi, activity, period, case_study, title, body, shared, at, who)
			VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM notes WHERE partnership = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			s.pid, n.KPI, n.Activity, int(n.Period), n.CaseStudy, n.Title, n.Body, n.Shared, n.At, who).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		detail := fmt.Sprintf("%d: %s", n.ID, what)
		if n.Shared {
			detail += ", shared with funders"
		}
		return s.audit(ctx, tx, n.At, who, "note", detail, 0, "")
	})
	return n, err
}

// ListNotes returns the notes in force, by period, then as written.
func (s *Store) ListNotes(ctx context.Context, q engine.NoteQuery) ([]toc.Note, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, kpi, activity, period, case_study, title, body, shared, at, who
		FROM notes WHERE partnership = $1 AND withdrawn_at IS NULL AND (shared OR NOT $2) ORDER BY period, id`, s.pid, q.SharedOnly)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	defer rows.Close()
	var out []toc.Note
	for rows.Next() {
		var n toc.Note
		var period int64
		if err := rows.Scan(&n.ID, &n.KPI, &n.Activity, &period, &n.CaseStudy, &n.Title, &n.Body, &n.Shared, &n.At, &n.By); err != nil {
			return nil, fmt.Errorf("notes: %w", err)
		}
		n.Period = toc.Period(period)
		out = append(out, n)
	}
	return out, rows.Err()
}

// WithdrawNote takes a note out of the reports; it stays, marked, with
// who withdrew it.
func (s *Store) WithdrawNote(ctx context.Context, id int64, who string) error {
	if who == "" {
		who = engine.OSUser()
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		var period int64
		var about string
		err := tx.QueryRow(ctx, "SELECT period, kpi || activity FROM notes WHERE partnership = $1 AND id = $2 AND withdrawn_at IS NULL", s.pid, id).Scan(&period, &about)
		if errors.Is(err, pgx.ErrNoRows) {
			return toc.Errorf(toc.ENOTFOUND, "no note %d in force (see impact note --list)", id)
		}
		if err != nil {
			return fmt.Errorf("withdraw note %d: %w", id, err)
		}
		what := fmt.Sprintf("note %d on %s %s", id, about, toc.Period(period))
		if err := s.checkUnlocked(ctx, tx, what, toc.Period(period)); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, "UPDATE notes SET withdrawn_at = $3, withdrawn_by = $4 WHERE partnership = $1 AND id = $2", s.pid, id, now, who); err != nil {
			return fmt.Errorf("withdraw note %d: %w", id, err)
		}
		return s.audit(ctx, tx, now, who, "note-withdraw", what, 0, "")
	})
}
