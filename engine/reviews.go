package engine

import (
	"context"

	"github.com/schoolstogether/impact/toc"
)

// Reviews is the review queue (DESIGN §12): with `review: required`, what
// an editor logs or imports is one item, pending until an admin approves
// it or returns it with a note. Pending data counts in directors' views
// and not in funders'; returned data counts nowhere. Approvals and returns
// are audited, and refused in a locked period as any write is.
type Reviews interface {
	// ReviewItems lists the items of a status (every status when ""),
	// oldest first.
	ReviewItems(ctx context.Context, status toc.ReviewStatus) ([]ReviewItem, error)
	// Approve approves pending items, audited as who; every pending one
	// when ids is empty. An id that is not pending is EINVALID, and
	// nothing is approved.
	Approve(ctx context.Context, ids []int64, who string) ([]ReviewItem, error)
	// Return sends a pending item back with a note for its author: its
	// rows stop counting. The note is required.
	Return(ctx context.Context, id int64, note, who string) (ReviewItem, error)
	// ReviewCounts counts the items by status.
	ReviewCounts(ctx context.Context) (toc.ReviewCounts, error)
}

// ReviewItem is one KPI value or imported file an editor wrote while
// review was required.
type ReviewItem struct {
	ID         int64            `json:"id"`
	Kind       string           `json:"kind"` // "kpi value" or "import"
	Who        string           `json:"who"`
	When       string           `json:"when"` // RFC 3339, UTC
	What       string           `json:"what"`
	Rows       int64            `json:"rows"`
	Status     toc.ReviewStatus `json:"status"`
	ReviewedBy string           `json:"reviewed_by,omitempty"`
	ReviewedAt string           `json:"reviewed_at,omitempty"`
	Note       string           `json:"note,omitempty"`
}
