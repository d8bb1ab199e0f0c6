package reports_test

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestWrite_PendingReview: the stamp says how much data awaiting review a
// report holds — a director's includes it, flagged; a funder's leaves it
// out and says so (DESIGN §12) — and says nothing when none awaits.
func TestWrite_PendingReview(t *testing.T) {
	for _, c := range []struct {
		audience toc.Audience
		pending  int
		want     string
	}{
		{toc.Director, 2, "<dt>Review</dt><dd>2 items awaiting review included: not yet approved for funders</dd>"},
		{toc.Funder, 1, "<dt>Review</dt><dd>1 item awaiting review left out</dd>"},
		{toc.Funder, 0, ""},
	} {
		in := smallInput(t, c.audience)
		in.Result.Review.Pending = c.pending
		page := write(t, in)
		if c.want == "" && strings.Contains(page, "<dt>Review</dt>") || c.want != "" && !strings.Contains(page, c.want) {
			t.Errorf("%s with %d pending: want %q in the stamp", c.audience, c.pending, c.want)
		}
	}
}
