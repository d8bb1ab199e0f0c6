package sqlite

import (
	"crypto/sha256"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Cell checks shared by the three kinds. Each reports a bad cell through
// r.bad and returns ok false.

// id reads a column naming an activity, KPI or school of the ToC; an empty
// optional cell is "".
func (r *row) id(name string, x intake.IDs, required bool) (string, bool) {
	b, col := r.cell(name)
	if len(b) == 0 {
		if required {
			r.bad(col, name, fmt.Sprintf("expected %s id of toc.yaml, got an empty cell", intake.Article(x.What)))
			return "", false
		}
		return "", true
	}
	id, msg := x.Lookup(b)
	if msg != "" {
		r.bad(col, name, msg)
		return "", false
	}
	return id, true
}

// date reads a date column; an empty optional cell gives ok with y == 0.
func (r *row) date(required bool) (y, m, d int, ok bool) {
	b, col := r.cell(intake.ColDate)
	if len(b) == 0 && !required {
		return 0, 0, 0, true
	}
	y, m, d, msg := intake.ParseDate(b)
	if msg != "" {
		r.bad(col, intake.ColDate, msg)
		return 0, 0, 0, false
	}
	if err := engine.CheckDate(y, m, d, r.today); err != nil {
		r.bad(col, intake.ColDate, err.Error())
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
	v, msg := intake.ParseNumber(b)
	if msg != "" {
		r.bad(col, name, msg)
		return 0, false, false
	}
	return v, true, true
}

// flag reads the optional disadvantaged column.
func (r *row) flag() (toc.Flag, bool) {
	b, col := r.cell(intake.ColDisadvantaged)
	f, msg := intake.ParseFlag(b)
	if msg != "" {
		r.bad(col, intake.ColDisadvantaged, msg)
		return 0, false
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
	if msg := intake.ValidText(b); msg != "" {
		r.bad(col, name, msg)
		return "", false
	}
	return string(b), true
}

// participant reads the participant column and returns the pseudonym
// index of its identifier; the identifier itself goes no further.
func (r *row) participant(x *pseudonym.Index) (int32, bool) {
	b, col := r.cell(intake.ColParticipant)
	if len(b) == 0 {
		r.bad(col, intake.ColParticipant, "expected the pupil's or staff member's identifier (a UPN, say), got an empty cell")
		return 0, false
	}
	if msg := intake.ValidText(b); msg != "" {
		r.bad(col, intake.ColParticipant, msg)
		return 0, false
	}
	return x.Of(b), true
}

// isoDate returns the date as YYYY-MM-DD, one string per distinct date.
func (im *importer) isoDate(y, m, d int) string {
	k := [3]int{y, m, d}
	s, ok := im.dates[k]
	if !ok {
		s = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		im.dates[k] = s
	}
	return s
}

// fresh is the pseudonyms a batch numbers for the first time: the writer
// turns them into pupils rows before it writes the batch's rows.
type fresh = [][sha256.Size]byte
