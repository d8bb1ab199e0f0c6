package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// addReview opens a pending review item for a write and returns its id.
func (s *Store) addReview(ctx context.Context, tx pgx.Tx, kind, who, at, what string, rows int64, period *int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO reviews (partnership, id, kind, status, who, at, what, rows, period)
		VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM reviews WHERE partnership = $1), $2, 'pending', $3, $4, $5, $6, $7) RETURNING id`,
		s.pid, kind, who, at, what, rows, period).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add review item: %w", err)
	}
	return id, nil
}

const reviewColumns = "id, kind, who, at, what, rows, status, coalesce(reviewed_by, ''), coalesce(reviewed_at, ''), note FROM reviews WHERE partnership = $1"

func scanReview(row pgx.Row) (engine.ReviewItem, error) {
	var r engine.ReviewItem
	err := row.Scan(&r.ID, &r.Kind, &r.Who, &r.When, &r.What, &r.Rows, &r.Status, &r.ReviewedBy, &r.ReviewedAt, &r.Note)
	return r, err
}

// ReviewItems lists the items of a status, oldest first.
func (s *Store) ReviewItems(ctx context.Context, status toc.ReviewStatus) ([]engine.ReviewItem, error) {
	return queryReviews(ctx, s.pool, "SELECT "+reviewColumns+" AND ($2 = '' OR status = $2) ORDER BY id", s.pid, string(status))
}

// queryReviews reads the review items a query selects.
func queryReviews(ctx context.Context, q querier, query string, args ...any) ([]engine.ReviewItem, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("review items: %w", err)
	}
	defer rows.Close()
	var out []engine.ReviewItem
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, fmt.Errorf("review items: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewCounts counts the items by status.
func (s *Store) ReviewCounts(ctx context.Context) (toc.ReviewCounts, error) {
	var c toc.ReviewCounts
	var pending, approved, returned int64
	err := s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'approved'),
		count(*) FILTER (WHERE status = 'returned') FROM reviews WHERE partnership = $1`, s.pid).Scan(&pending, &approved, &returned)
	if err != nil {
		return c, fmt.Errorf("review counts: %w", err)
	}
	c.Pending, c.Approved, c.Returned = int(pending), int(approved), int(returned)
	return c, nil
}

// Approve approves pending items; every pending one when ids is empty.
func (s *Store) Approve(ctx context.Context, ids []int64, who string) ([]engine.ReviewItem, error) {
	if who == "" {
		who = engine.OSUser()
	}
	var out []engine.ReviewItem
	err := s.write(ctx, func(tx pgx.Tx) error {
		out = nil
		items, err := s.pendingItems(ctx, tx, ids)
		if err != nil {
			return err
		}
		now := s.now()
		for _, r := range items {
			if err := s.checkReviewUnlocked(ctx, tx, r); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE reviews SET status = 'approved', reviewed_by = $3, reviewed_at = $4 WHERE partnership = $1 AND id = $2", s.pid, r.ID, who, now); err != nil {
				return fmt.Errorf("approve: %w", err)
			}
			if err := s.audit(ctx, tx, now, who, "approve", fmt.Sprintf("item %d by %s: %s", r.ID, r.Who, r.What), r.Rows, ""); err != nil {
				return err
			}
			r.Status, r.ReviewedBy, r.ReviewedAt = toc.ReviewApproved, who, now
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// maxReviewNote bounds a return's note: a paragraph.
const maxReviewNote = 2000

// Return sends a pending item back with a note.
func (s *Store) Return(ctx context.Context, id int64, note, who string) (engine.ReviewItem, error) {
	if who == "" {
		who = engine.OSUser()
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return engine.ReviewItem{}, toc.Errorf(toc.EINVALID, "note: say why the item goes back, for its author to put right")
	}
	if len(note) > maxReviewNote {
		return engine.ReviewItem{}, toc.Errorf(toc.EINVALID, "note: at most %d bytes, got %d", maxReviewNote, len(note))
	}
	var r engine.ReviewItem
	err := s.write(ctx, func(tx pgx.Tx) error {
		items, err := s.pendingItems(ctx, tx, []int64{id})
		if err != nil {
			return err
		}
		r = items[0]
		if err := s.checkReviewUnlocked(ctx, tx, r); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, "UPDATE reviews SET status = 'returned', reviewed_by = $3, reviewed_at = $4, note = $5 WHERE partnership = $1 AND id = $2",
			s.pid, id, who, now, note); err != nil {
			return fmt.Errorf("return: %w", err)
		}
		r.Status, r.ReviewedBy, r.ReviewedAt, r.Note = toc.ReviewReturned, who, now, note
		return s.audit(ctx, tx, now, who, "return", fmt.Sprintf("item %d by %s: %s — %s", r.ID, r.Who, r.What, note), r.Rows, "")
	})
	return r, err
}

// pendingItems reads the pending items of ids (every pending one when ids
// is empty); an id not pending refuses them all.
func (s *Store) pendingItems(ctx context.Context, tx pgx.Tx, ids []int64) ([]engine.ReviewItem, error) {
	if len(ids) == 0 {
		out, err := queryReviews(ctx, tx, "SELECT "+reviewColumns+" AND status = 'pending' ORDER BY id", s.pid)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, toc.Errorf(toc.EINVALID, "nothing awaits review")
		}
		return out, nil
	}
	var out []engine.ReviewItem
	for _, id := range ids {
		r, err := scanReview(tx.QueryRow(ctx, "SELECT "+reviewColumns+" AND id = $2", s.pid, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, toc.Errorf(toc.ENOTFOUND, "no review item %d: see impact review", id)
		}
		if err != nil {
			return nil, fmt.Errorf("review items: %w", err)
		}
		if r.Status != toc.ReviewPending {
			return nil, toc.Errorf(toc.EINVALID, "review item %d was %s already (by %s)", id, r.Status, r.ReviewedBy)
		}
		out = append(out, r)
	}
	return out, nil
}

// checkReviewUnlocked refuses to approve or return an item dated in a
// locked period: either would change what its figures say.
func (s *Store) checkReviewUnlocked(ctx context.Context, tx pgx.Tx, r engine.ReviewItem) error {
	var period, importID *int64
	if err := tx.QueryRow(ctx, `SELECT period, (SELECT id FROM imports i WHERE i.partnership = $1 AND i.review_id = reviews.id)
		FROM reviews WHERE partnership = $1 AND id = $2`, s.pid, r.ID).Scan(&period, &importID); err != nil {
		return fmt.Errorf("review item %d: %w", r.ID, err)
	}
	what := fmt.Sprintf("review item %d", r.ID)
	if period != nil {
		return s.checkUnlocked(ctx, tx, what, toc.Period(*period))
	}
	if importID != nil {
		return s.checkImportUnlocked(ctx, tx, *importID, what)
	}
	return nil
}
