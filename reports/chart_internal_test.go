package reports

import "testing"

// TestShortLabel: long names keep their distinguishing suffix; short ones
// are untouched. Lengths counted by hand: "Year 9 maths masterclasses
// (Jarrow hub)" is 39 characters, its tail " (Jarrow hub)" 13.
func TestShortLabel(t *testing.T) {
	for _, c := range []struct {
		name string
		most int
		want string
	}{
		{"Choir festival", 44, "Choir festival"},
		{"Year 9 maths masterclasses (Jarrow hub)", 30, "Year 9 maths mas… (Jarrow hub)"},
		{"Year 9 maths masterclasses (Hexham hub)", 30, "Year 9 maths mas… (Hexham hub)"},
		{"Zones of Regulation training for secondary staff", 30, "Zones of Regulation training…"},
		{"A (a tail far too long to keep whole here)", 20, "A (a tail far too l…"},
	} {
		if got := shortLabel(c.name, c.most); got != c.want {
			t.Errorf("shortLabel(%q, %d) = %q, want %q", c.name, c.most, got, c.want)
		}
		if n := len([]rune(shortLabel(c.name, c.most))); n > c.most {
			t.Errorf("shortLabel(%q, %d) is %d long", c.name, c.most, n)
		}
	}
}
