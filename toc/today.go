package toc

import (
	"fmt"
	"time"
)

// Written data is never dated after today, nor given a period after the
// current academic year (DESIGN §11): a typo there would move as_of, and
// every figure with it, for everyone. Withdrawing a value already stored
// is not refused.

// CheckPeriod refuses a period after the academic year containing today.
func CheckPeriod(p Period, today time.Time) error {
	if cur := PeriodOf(today); p > cur {
		return fmt.Errorf("%s is after the current academic year %s: expected a year that has begun (today is %s)", p, cur, Day(today))
	}
	return nil
}

// CheckDate refuses a date (year, month, day) after today.
func CheckDate(y, m, d int, today time.Time) error {
	ty, tm, td := today.Date()
	if y > ty || y == ty && (m > int(tm) || m == int(tm) && d > td) {
		return fmt.Errorf("%04d-%02d-%02d is after today (%s): expected a date that has passed", y, m, d, Day(today))
	}
	return nil
}

// Day writes a date in words: "1 December 2026".
func Day(t time.Time) string { return t.Format("2 January 2006") }
