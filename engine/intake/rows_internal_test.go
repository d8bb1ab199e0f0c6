package intake

import (
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestFactsSeen_Repeat: a fact is skipped only when the latest fact of its
// period already says the same — so that "the latest imported wins" stays
// true of what is written.
func TestFactsSeen_Repeat(t *testing.T) {
	f := func(period int, sex toc.Sex) *Fact {
		return &Fact{Period: toc.Period(period), Dated: period > 0, Sex: sex}
	}
	F, M := toc.SexFemale, toc.SexMale
	var s factsSeen
	for i, c := range []struct {
		fact   *Fact
		repeat bool
	}{
		{f(2023, F), false}, // first
		{f(2023, F), true},  // the same again
		{f(2024, F), false}, // another period
		{f(2023, F), true},  // 2023 still says F
		{f(2023, M), false}, // a change
		{f(2024, F), false}, // 2024 said F, but M came since: written again, in order
		{f(2023, F), false}, // 2023's latest is M: F must be written
		{f(0, F), false},    // undated
		{f(0, F), true},
		{f(2021, F), false}, // before the first period, inside the window
		{f(2021, F), true},
		{f(2023-32, F), false}, // outside the window of periods: never skipped
		{f(2023-32, F), false},
	} {
		if got := s.repeat(c.fact); got != c.repeat {
			t.Errorf("fact %d (%d, %s): repeat %v, want %v", i+1, c.fact.Period, c.fact.Sex, got, c.repeat)
		}
	}
}
