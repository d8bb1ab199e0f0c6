package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// Locks close academic years to writes once their figures have gone out
// (DESIGN §12): a locked period refuses every write dated in it — KPI
// values, imported rows, withdrawals and reverts — with toc.ECONFLICT and
// the reason. Erasure is not a write the lock refuses: the law comes
// before a report's figures.
type Locks interface {
	// Lock closes a period, audited as who; locking it again is EINVALID.
	Lock(ctx context.Context, p toc.Period, who string) (Lock, error)
	// Unlock opens a locked period again, audited; an unlocked one is
	// EINVALID.
	Unlock(ctx context.Context, p toc.Period, who string) error
	// ListLocks lists the locked periods, oldest first.
	ListLocks(ctx context.Context) ([]Lock, error)
}

// Lock is one locked period: when and by whom.
type Lock struct {
	Period toc.Period `json:"period"`
	At     string     `json:"at"` // RFC 3339, UTC
	Who    string     `json:"who"`
}

// Refusal is the reason a write dated in the locked period is refused.
func (l Lock) Refusal() string {
	return fmt.Sprintf("%s is locked (by %s on %s): its figures have gone out; an admin can unlock it with impact unlock %s", l.Period, l.Who, dayOf(l.At), l.Period)
}

// dayOf writes an RFC 3339 time's date in words, or the time as it is.
func dayOf(at string) string {
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		return toc.Day(t)
	}
	return at
}
