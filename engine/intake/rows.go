package intake

import (
	"fmt"
	"time"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// The checked rows a Reader hands a store. Activities and schools are
// indexes into the partnership's lists (-1: none), dates indexes into the
// dates a Reader has met (Batch.Dates), pupils the numbers of a
// pseudonym.Index: no identifier and no string a store would copy per row.

// Participation is one attendance of a pupil at an activity.
type Participation struct {
	Activity int32
	School   int32
	Date     int32
	Period   toc.Period
	Pupil    int32
	Flag     toc.Flag
	Attended int8 // -1 no register mark, 0 absent, 1 attended
}

// Outcome is one outcome score of a pupil on a measure.
type Outcome struct {
	Activity int32
	Measure  string
	Group    string // toc.GroupIntervention or toc.GroupComparison
	Pupil    int32
	Pre      float64
	HasPre   bool
	Post     float64
	School   int32
	Flag     toc.Flag
	Date     int32 // -1 when the row gives none
	Period   toc.Period
}

// Fact is what a row says of a pupil: its characteristics in a period.
type Fact struct {
	Pupil         int32
	Period        toc.Period
	Dated         bool // false: the pupil's latest period in scope
	School        int32
	Year          toc.YearGroup
	Sex           toc.Sex
	SEN           toc.SEN
	EAL           toc.Flag
	LookedAfter   toc.Flag
	Disadvantaged toc.Flag // from a pupils file only
}

// values is a fact's values but its period in one number, to tell a
// repeat from a change; never 0.
func (f *Fact) values() uint64 {
	return 1<<40 | uint64(f.Disadvantaged)<<32 | uint64(f.School+1)<<16 | uint64(f.Year)<<8 | uint64(f.Sex)<<6 | uint64(f.SEN)<<4 | uint64(f.EAL)<<2 | uint64(f.LookedAfter)
}

// factsSeen is what a Reader recorded of one pupil's facts: the values of
// the last, and the periods given facts with those values since they last
// changed — bit i for the period base+i, bit 63 for undated rows, the
// window of periods centred on the first. A fact
// with the same values in such a period is a repeat: the latest fact of
// that period already says it (DESIGN §11: within a period the latest
// imported wins).
type factsSeen struct {
	values uint64
	mask   uint64
	base   int32
	based  bool
}

// repeat reports whether f repeats what the pupil's facts already say,
// and records it as said when not.
func (s *factsSeen) repeat(f *Fact) bool {
	if v := f.values(); s.values != v {
		s.values, s.mask, s.based = v, 0, false
	}
	bit := uint64(1) << 63
	if f.Dated {
		if !s.based { // a window of 63 years about the first period
			s.base, s.based = int32(f.Period)-31, true
		}
		i := int(f.Period) - int(s.base)
		if i < 0 || i >= 63 {
			return false // outside the window: recorded again, never skipped
		}
		bit = 1 << uint(i)
	}
	if s.mask&bit != 0 {
		return true
	}
	s.mask |= bit
	return false
}

// Batch is the rows checked since the last batch, with the pseudonyms and
// dates met for the first time among them, in order.
type Batch struct {
	Participation []Participation
	Outcomes      []Outcome
	KPIValues     []toc.KPIRecord
	Facts         []Fact
	Fresh         [][pseudonym.Size]byte
	Dates         []string // YYYY-MM-DD, numbered on from the last batch's
}

// Spec is what a file is read against.
type Spec struct {
	Lookup *Lookup
	// Pupils numbers the participants; nil when the key is missing (only
	// KPI values can be read then).
	Pupils *pseudonym.Index
	// Today is the date no row may lie after.
	Today time.Time
	// Locked gives the refusal of each locked period: no row may be dated
	// in one (DESIGN §12).
	Locked map[toc.Period]string
	// Scope is what the writer may write; nil for anything.
	Scope *Scope
	// Activity and Date fill the columns of a file without them
	// (--activity, --date); Activity is an index, -1 for none.
	Activity int32
	Date     [3]int // y, m, d; zero for none
}

// bad is a problem found in a row: its 1-based column, the column's name
// and what was expected.
type bad struct {
	Row, Col int
	Msg      string
}

func (b *bad) Error() string { return fmt.Sprintf("%d:%d: %s", b.Row, b.Col, b.Msg) }
