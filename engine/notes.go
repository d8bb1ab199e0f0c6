package engine

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/schoolstogether/impact/toc"
)

// Notes keep the partnership's narrative beside its numbers (DESIGN §14):
// commentary on a KPI or an activity for a period, and case studies of
// activities. A note dated in a locked period is refused as any write is;
// a withdrawn note leaves the reports but stays in the store and the
// audit.
type Notes interface {
	// AddNote records a note, checked by CheckNote, audited as who.
	AddNote(ctx context.Context, p *toc.Partnership, n toc.Note, who string) (toc.Note, error)
	// ListNotes returns the notes in force a query asks for, by period,
	// then in the order written.
	ListNotes(ctx context.Context, q NoteQuery) ([]toc.Note, error)
	// WithdrawNote takes a note out of the reports, audited as who.
	WithdrawNote(ctx context.Context, id int64, who string) error
}

// NoteQuery picks notes: a funder's view asks for shared ones only.
type NoteQuery struct {
	SharedOnly bool
}

// NotesFor returns the notes an audience may read: a funder only those
// marked shared (DESIGN §14).
func NotesFor(ctx context.Context, n Notes, audience toc.Audience) ([]toc.Note, error) {
	return n.ListNotes(ctx, NoteQuery{SharedOnly: audience == toc.Funder})
}

// CheckNote checks a note against the theory of change: a KPI or an
// activity of it (one, not both; a case study is of an activity and has a
// title), a period not in the future, and text within the limits with no
// control character.
func CheckNote(p *toc.Partnership, n toc.Note, today time.Time) error {
	switch {
	case (n.KPI == "") == (n.Activity == ""):
		return toc.Errorf(toc.EINVALID, "a note is about one KPI (--kpi) or one activity (--activity)")
	case n.KPI != "" && p.KPI(n.KPI) == nil:
		return toc.Errorf(toc.EINVALID, "--kpi: expected a KPI id of %s, got %q", TocName(p), n.KPI)
	case n.Activity != "" && p.Activity(n.Activity) == nil:
		return toc.Errorf(toc.EINVALID, "--activity: expected an activity id of %s, got %q", TocName(p), n.Activity)
	case n.CaseStudy && n.Activity == "":
		return toc.Errorf(toc.EINVALID, "a case study is of an activity: give --activity")
	case n.CaseStudy && strings.TrimSpace(n.Title) == "":
		return toc.Errorf(toc.EINVALID, "a case study needs a --title")
	}
	if err := toc.CheckPeriod(n.Period, today); err != nil {
		return toc.Errorf(toc.EINVALID, "--period: %w", err)
	}
	limit, what := toc.MaxNoteText, "the note"
	if n.CaseStudy {
		limit, what = toc.MaxCaseStudy, "the case study"
	}
	if err := checkText(what, n.Body, limit, true); err != nil {
		return err
	}
	return checkText("--title", n.Title, toc.MaxNoteTitle, false)
}

// checkText refuses overlong and control-laden text, and empty text when
// it is required.
func checkText(what, s string, limit int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return toc.Errorf(toc.EINVALID, "%s is empty: expected some text", what)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return toc.Errorf(toc.EINVALID, "%s: %d characters, expected at most %d", what, n, limit)
	}
	if !utf8.ValidString(s) {
		return toc.Errorf(toc.EINVALID, "%s: expected UTF-8 text", what)
	}
	if i := strings.IndexFunc(s, toc.UnsafeRune); i >= 0 {
		return toc.Errorf(toc.EINVALID, "%s: expected plain text, got the control character %U", what, []rune(s[i:])[0])
	}
	return nil
}

// NotesOf returns the notes about a KPI or an activity, in order.
func NotesOf(notes []toc.Note, kpi, activity string) []toc.Note {
	return slices.DeleteFunc(slices.Clone(notes), func(n toc.Note) bool {
		return (kpi != "" && n.KPI != kpi) || (activity != "" && n.Activity != activity)
	})
}

// NarrativeFor gathers what an audience's report prints beside its
// numbers: the notes it may read and, for a director, the notes logged
// with the KPI values in force in snap (pending ones included, as a
// director's figures include them) — the read the numbers came from. A
// funder gets no value notes at all.
func NarrativeFor(ctx context.Context, n Notes, snap Snapshot, audience toc.Audience, kpis []string) ([]toc.Note, []toc.KPIRecord, error) {
	notes, err := NotesFor(ctx, n, audience)
	if err != nil || audience == toc.Funder {
		return notes, nil, err
	}
	var values []toc.KPIRecord
	for _, k := range kpis {
		history, err := snap.KPIHistory(ctx, k)
		if err != nil {
			return nil, nil, err
		}
		for _, v := range history {
			if strings.TrimSpace(v.Note) != "" && (v.Status == toc.Current || v.Status == toc.Pending) {
				values = append(values, v)
			}
		}
	}
	return notes, values, nil
}
