package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// addReview opens a pending review item for a write and returns its id.
func addReview(ctx context.Context, tx *sql.Tx, kind, who, at, what string, rows int64, period *int64) (int64, error) {
	res, err := tx.ExecContext(ctx, "INSERT INTO reviews (kind, status, who, at, what, rows, period) VALUES (?, 'pending', ?, ?, ?, ?, ?)",
		kind, who, at, what, rows, period)
	if err != nil {
		return 0, fmt.Errorf("add review item: %w", err)
	}
	return res.LastInsertId()
}

const reviewColumns = "id, kind, who, at, what, rows, status, COALESCE(reviewed_by, ''), COALESCE(reviewed_at, ''), note FROM reviews"

func scanReview(row interface{ Scan(...any) error }) (engine.ReviewItem, error) {
	var r engine.ReviewItem
	err := row.Scan(&r.ID, &r.Kind, &r.Who, &r.When, &r.What, &r.Rows, &r.Status, &r.ReviewedBy, &r.ReviewedAt, &r.Note)
	return r, err
}

// ReviewItems lists the items of a status, oldest first.
func (s *Store) ReviewItems(ctx context.Context, status toc.ReviewStatus) ([]engine.ReviewItem, error) {
	return queryReviews(ctx, s.read, "SELECT "+reviewColumns+" WHERE ? = '' OR status = ? ORDER BY id", string(status), string(status))
}

// queryReviews reads the review items a query selects.
func queryReviews(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]engine.ReviewItem, error) {
	rows, err := db.QueryContext(ctx, query, args...)
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
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'approved'),
		count(*) FILTER (WHERE status = 'returned') FROM reviews`).Scan(&c.Pending, &c.Approved, &c.Returned)
	if err != nil {
		return c, fmt.Errorf("review counts: %w", err)
	}
	return c, nil
}

// Approve approves pending items; every pending one when ids is empty.
func (s *Store) Approve(ctx context.Context, ids []int64, who string) ([]engine.ReviewItem, error) {
	if who == "" {
		who = engine.OSUser()
	}
	var out []engine.ReviewItem
	err := s.Write(ctx, func(tx *sql.Tx) error {
		items, err := pendingItems(ctx, tx, ids)
		if err != nil {
			return err
		}
		now := s.now()
		for _, r := range items {
			if err := checkReviewUnlocked(ctx, tx, r); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE reviews SET status = 'approved', reviewed_by = ?, reviewed_at = ? WHERE id = ?", who, now, r.ID); err != nil {
				return fmt.Errorf("approve: %w", err)
			}
			if err := audit(ctx, tx, now, who, "approve", fmt.Sprintf("item %d by %s: %s", r.ID, r.Who, r.What), r.Rows, ""); err != nil {
				return err
			}
			r.Status, r.ReviewedBy, r.ReviewedAt = toc.ReviewApproved, who, now
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

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
	err := s.Write(ctx, func(tx *sql.Tx) error {
		items, err := pendingItems(ctx, tx, []int64{id})
		if err != nil {
			return err
		}
		r = items[0]
		if err := checkReviewUnlocked(ctx, tx, r); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE reviews SET status = 'returned', reviewed_by = ?, reviewed_at = ?, note = ? WHERE id = ?", who, now, note, id); err != nil {
			return fmt.Errorf("return: %w", err)
		}
		r.Status, r.ReviewedBy, r.ReviewedAt, r.Note = toc.ReviewReturned, who, now, note
		return audit(ctx, tx, now, who, "return", fmt.Sprintf("item %d by %s: %s — %s", r.ID, r.Who, r.What, note), r.Rows, "")
	})
	return r, err
}

// maxReviewNote bounds a return's note: a paragraph.
const maxReviewNote = 2000

// pendingItems reads the pending items of ids (every pending one when ids
// is empty); an id not pending refuses them all.
func pendingItems(ctx context.Context, tx *sql.Tx, ids []int64) ([]engine.ReviewItem, error) {
	if len(ids) == 0 {
		out, err := queryReviews(ctx, tx, "SELECT "+reviewColumns+" WHERE status = 'pending' ORDER BY id")
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
		r, err := scanReview(tx.QueryRowContext(ctx, "SELECT "+reviewColumns+" WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
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
func checkReviewUnlocked(ctx context.Context, tx *sql.Tx, r engine.ReviewItem) error {
	var period sql.NullInt64
	var importID sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT period, (SELECT id FROM imports WHERE review_id = reviews.id) FROM reviews WHERE id = ?", r.ID).Scan(&period, &importID); err != nil {
		return fmt.Errorf("review item %d: %w", r.ID, err)
	}
	what := fmt.Sprintf("review item %d", r.ID)
	if period.Valid {
		return checkUnlocked(ctx, tx, what, toc.Period(period.Int64))
	}
	if importID.Valid {
		return checkImportUnlocked(ctx, tx, importID.Int64, what)
	}
	return nil
}
