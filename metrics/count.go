package metrics

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// MarshalJSON writes the count as an integer, as "<N" when suppressed, or
// as "c" when hidden to protect another (written as is, so an encoder that
// does not escape HTML prints "<6", not "\u003c6").
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return []byte(`"` + c.String() + `"`), nil
	}
	return []byte(strconv.Itoa(c.N)), nil
}

// UnmarshalJSON reads an integer or a suppressed "<N".
func (c *Count) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s == "c" {
			*c = Count{Suppressed: true, Complementary: true}
			return nil
		}
		n, err := strconv.Atoi(strings.TrimPrefix(s, "<"))
		if err != nil || !strings.HasPrefix(s, "<") {
			return fmt.Errorf("count: expected an integer, \"<N\" or \"c\", got %q", s)
		}
		*c = Count{Suppressed: true, MinCell: n}
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("count: expected an integer, \"<N\" or \"c\", got %s", b)
	}
	*c = Count{N: n}
	return nil
}

// String writes the count for people: "12", "<6" when suppressed, "c" when
// hidden to protect another.
func (c Count) String() string {
	if c.Complementary {
		return "c"
	}
	if c.Suppressed {
		return "<" + strconv.Itoa(c.MinCell)
	}
	return strconv.Itoa(c.N)
}
