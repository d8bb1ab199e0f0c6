package intake

import (
	"fmt"
	"time"

	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// row is one data row being checked. Each helper reads one column,
// reports a bad cell through bad and returns ok false.
type row struct {
	rd    *Reader
	num   int // spreadsheet row
	cells [][]byte
}

// bad records a problem in a column (col 1-based; 0 for a column the
// command filled).
func (r *row) bad(col int, name, msg string) {
	rd := r.rd
	rd.failed.Store(true)
	if len(rd.probs) < rd.budget {
		rd.probs = append(rd.probs, &bad{r.num, col, name + ": " + msg})
	}
}

// cell returns a column's trimmed cell (nil when the row stops short or
// the column is absent) and its 1-based column.
func (r *row) cell(name string) ([]byte, int) {
	i := r.rd.index(name)
	if i < 0 {
		return nil, 0
	}
	if i >= len(r.cells) {
		return nil, i + 1
	}
	return r.cells[i], i + 1
}

// activity reads the activity column, or the one --activity gives.
func (r *row) activity() (int32, bool) {
	if r.rd.spec.Activity >= 0 && r.rd.index(ColActivity) < 0 {
		return r.rd.spec.Activity, true
	}
	b, col := r.cell(ColActivity)
	if len(b) == 0 {
		r.bad(col, ColActivity, "expected an activity id of toc.yaml, got an empty cell")
		return 0, false
	}
	i, msg := r.rd.spec.Lookup.Activity(b)
	if msg != "" {
		r.bad(col, ColActivity, msg)
		return 0, false
	}
	return i, true
}

// school reads the optional school column: -1 when empty.
func (r *row) school() (int32, bool) {
	b, col := r.cell(ColSchool)
	if len(b) == 0 {
		return -1, true
	}
	i, msg := r.rd.spec.Lookup.School(b)
	if msg != "" {
		r.bad(col, ColSchool, msg)
		return -1, false
	}
	return i, true
}

// date reads the date column, or the one --date gives; an empty optional
// cell gives ok with y == 0.
func (r *row) date(required bool) (y, m, d int, ok bool) {
	if fill := r.rd.spec.Date; fill[0] != 0 && r.rd.index(ColDate) < 0 {
		return fill[0], fill[1], fill[2], true
	}
	b, col := r.cell(ColDate)
	if len(b) == 0 && !required {
		return 0, 0, 0, true
	}
	var msg string
	if r.rd.sheet {
		y, m, d, msg = ParseSheetDate(b)
	} else {
		y, m, d, msg = ParseDate(b)
	}
	if msg != "" {
		r.bad(col, ColDate, msg)
		return 0, 0, 0, false
	}
	if err := toc.CheckDate(y, m, d, r.rd.spec.Today); err != nil {
		r.bad(col, ColDate, err.Error())
		return 0, 0, 0, false
	}
	if why := r.rd.spec.Locked[toc.PeriodOf(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))]; why != "" {
		r.bad(col, ColDate, why)
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// number reads a numeric column; an empty optional cell gives ok with
// present false.
func (r *row) number(name string, required bool) (v float64, present, ok bool) {
	b, col := r.cell(name)
	if len(b) == 0 && !required {
		return 0, false, true
	}
	v, msg := ParseNumber(b)
	if msg != "" {
		r.bad(col, name, msg)
		return 0, false, false
	}
	return v, true, true
}

// flag reads a yes-or-no column, unknown when empty or absent.
func (r *row) flag(name string) (toc.Flag, bool) {
	b, col := r.cell(name)
	if name == ColEAL && r.rd.h.FirstLanguage {
		return ParseFirstLanguage(b), true
	}
	f, msg := ParseFlag(b)
	if msg != "" {
		r.bad(col, name, msg)
		return toc.FlagUnknown, false
	}
	return f, true
}

// text reads a free-text column, as a new string.
func (r *row) text(name string, required bool, what string) (string, bool) {
	b, col := r.cell(name)
	if len(b) == 0 {
		if required {
			r.bad(col, name, fmt.Sprintf("expected %s, got an empty cell", what))
			return "", false
		}
		return "", true
	}
	if msg := ValidText(b); msg != "" {
		r.bad(col, name, msg)
		return "", false
	}
	return string(b), true
}

// participant reads the participant column and returns the pseudonym's
// number; the identifier itself goes no further.
func (r *row) participant() (int32, bool) {
	b, col := r.cell(ColParticipant)
	if len(b) == 0 {
		r.bad(col, ColParticipant, "expected the pupil's or staff member's identifier (a UPN, say), got an empty cell")
		return 0, false
	}
	if msg := ValidText(b); msg != "" {
		r.bad(col, ColParticipant, msg)
		return 0, false
	}
	n, ok := r.rd.spec.Pupils.Of(b)
	if !ok {
		r.bad(col, ColParticipant, fmt.Sprintf("expected at most a million participants in one import, and %d MiB of their identifiers: split the file, by school or by year, and import the parts one at a time",
			pseudonym.MaxParticipantBytes>>20))
		return 0, false
	}
	r.rd.met(n)
	return n, true
}

// characteristics reads a pupil's characteristics, those the file has.
func (r *row) characteristics(f *Fact) bool {
	ok := true
	if b, col := r.cell(ColYearGroup); len(b) > 0 {
		var msg string
		if f.Year, msg = ParseYearGroup(b); msg != "" {
			r.bad(col, ColYearGroup, msg)
			ok = false
		}
	}
	if b, col := r.cell(ColSex); len(b) > 0 {
		var msg string
		if f.Sex, msg = ParseSex(b); msg != "" {
			r.bad(col, ColSex, msg)
			ok = false
		}
	}
	if b, col := r.cell(ColSEN); len(b) > 0 {
		var msg string
		if f.SEN, msg = ParseSEN(b); msg != "" {
			r.bad(col, ColSEN, msg)
			ok = false
		}
	}
	var ok1, ok2 bool
	f.EAL, ok1 = r.flag(ColEAL)
	f.LookedAfter, ok2 = r.flag(ColLookedAfter)
	return ok && ok1 && ok2
}
