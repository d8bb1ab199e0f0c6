package toc

import (
	"fmt"
	"strconv"
	"time"
)

// Period is an English academic year, 1 September to 31 August, written
// "2023/24". Its value is the year it starts in.
type Period int

// ParsePeriod reads "YYYY/YY" where the second part is the next year.
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("expected an academic year like 2023/24, got %q", s)
	if len(s) != 7 || s[4] != '/' {
		return 0, bad
	}
	for i, c := range s {
		if i != 4 && (c < '0' || c > '9') {
			return 0, bad
		}
	}
	start, _ := strconv.Atoi(s[:4])
	end, _ := strconv.Atoi(s[5:])
	if (start+1)%100 != end {
		return 0, fmt.Errorf("expected an academic year of consecutive years like %d/%02d, got %q", start, (start+1)%100, s)
	}
	return Period(start), nil
}

// PeriodOf returns the academic year that contains the date.
func PeriodOf(t time.Time) Period {
	if t.Month() >= time.September {
		return Period(t.Year())
	}
	return Period(t.Year() - 1)
}

// String writes the period as "2023/24".
func (p Period) String() string {
	return fmt.Sprintf("%04d/%02d", int(p), (int(p)+1)%100)
}

// MarshalText writes the period as "2023/24".
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads "2023/24".
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
