package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testNotes: notes and case studies are kept as written, listed by
// period; a funder's list holds only the shared ones; a withdrawn note
// leaves every list; bad notes and notes dated in a locked period are
// refused and write nothing; each write is audited and moves the data
// version.
func testNotes(t *testing.T, open Opener) {
	f := newFixture(t, open)
	add := func(n toc.Note) toc.Note {
		t.Helper()
		got, err := f.st.AddNote(f.ctx, f.p, n, "ada")
		if err != nil {
			t.Fatalf("add %+v: %v", n, err)
		}
		return got
	}
	v0, _ := f.st.DataVersion(f.ctx)
	deferred := add(toc.Note{KPI: "trainees", Period: 2023, Body: "Two trainees deferred to the spring."})
	story := add(toc.Note{Activity: "reading", Period: 2022, CaseStudy: true, Title: "Amira's year", Body: "# Amira\n\nShe read *everything*.\n", Shared: true})
	add(toc.Note{Activity: "fair", Period: 2023, Body: "Hollins returned its forms late.", Shared: true})
	if v1, _ := f.st.DataVersion(f.ctx); v1 <= v0 {
		t.Errorf("data version %d then %d: a note changes what the reports say", v0, v1)
	}
	if deferred.ID == 0 || deferred.By != "ada" || deferred.At != "2025-03-01T09:30:00Z" {
		t.Errorf("the note came back as %+v", deferred)
	}
	list := func(q engine.NoteQuery) []string {
		t.Helper()
		notes, err := f.st.ListNotes(f.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range notes {
			out = append(out, fmt.Sprintf("%s%s %s %v %q %q", n.KPI, n.Activity, n.Period, n.Shared, n.Title, n.Body))
		}
		return out
	}
	same(t, "director's notes, by period", list(engine.NoteQuery{}), []string{
		`reading 2022/23 true "Amira's year" "# Amira\n\nShe read *everything*.\n"`,
		`trainees 2023/24 false "" "Two trainees deferred to the spring."`,
		`fair 2023/24 true "" "Hollins returned its forms late."`,
	})
	same(t, "funder's notes", list(engine.NoteQuery{SharedOnly: true}), []string{
		`reading 2022/23 true "Amira's year" "# Amira\n\nShe read *everything*.\n"`,
		`fair 2023/24 true "" "Hollins returned its forms late."`,
	})
	if err := f.st.WithdrawNote(f.ctx, story.ID, "ada"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.WithdrawNote(f.ctx, story.ID, "ada"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("withdrawing twice: %v, want not found", err)
	}
	same(t, "funder's notes after the withdrawal", list(engine.NoteQuery{SharedOnly: true}), []string{
		`fair 2023/24 true "" "Hollins returned its forms late."`,
	})
	lines, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 2})
	if len(lines) != 2 || lines[0].Action != "note-withdraw" || lines[1].Action != "note" || !strings.Contains(lines[1].Detail, "shared with funders") {
		t.Errorf("audit %+v: want the withdrawal after the shared note", lines)
	}

	audit0 := auditCount(t, f)
	for _, c := range []struct {
		n    toc.Note
		want string
	}{
		{toc.Note{Period: 2023, Body: "x"}, "one KPI (--kpi) or one activity (--activity)"},
		{toc.Note{KPI: "trainees", Activity: "scitt", Period: 2023, Body: "x"}, "one KPI (--kpi) or one activity"},
		{toc.Note{KPI: "nope", Period: 2023, Body: "x"}, `--kpi: expected a KPI id of toc.yaml, got "nope"`},
		{toc.Note{Activity: "nope", Period: 2023, Body: "x"}, `--activity: expected an activity id`},
		{toc.Note{KPI: "trainees", Period: 2023, CaseStudy: true, Title: "T", Body: "x"}, "a case study is of an activity"},
		{toc.Note{Activity: "scitt", Period: 2023, CaseStudy: true, Body: "x"}, "a case study needs a --title"},
		{toc.Note{Activity: "scitt", Period: 2030, Body: "x"}, "--period"},
		{toc.Note{Activity: "scitt", Period: 2023, Body: "  \n"}, "the note is empty"},
		{toc.Note{Activity: "scitt", Period: 2023, Body: "red \x1b[31m"}, "the control character U+001B"},
		{toc.Note{Activity: "scitt", Period: 2023, Body: strings.Repeat("é", toc.MaxNoteText+1)}, "4001 characters, expected at most 4000"},
	} {
		if _, err := f.st.AddNote(f.ctx, f.p, c.n, "ada"); toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("add %+v: %v, want invalid: %s", c.n, err, c.want)
		}
	}
	if _, err := f.st.Lock(f.ctx, 2023, "ada"); err != nil {
		t.Fatal(err)
	}
	audit0++ // the lock
	_, err := f.st.AddNote(f.ctx, f.p, toc.Note{Activity: "scitt", Period: 2023, Body: "after the report went out"}, "ed")
	if toc.ErrorCode(err) != toc.ECONFLICT || !strings.Contains(err.Error(), "2023/24 is locked") {
		t.Errorf("a note dated in a locked year: %v, want it refused", err)
	}
	if err := f.st.WithdrawNote(f.ctx, deferred.ID, "ed"); toc.ErrorCode(err) != toc.ECONFLICT {
		t.Errorf("withdrawing a note of a locked year: %v, want it refused", err)
	}
	if n := auditCount(t, f); n != audit0 {
		t.Errorf("audit entries %d, want %d: refused notes write nothing", n, audit0)
	}
	if got := len(list(engine.NoteQuery{})); got != 2 {
		t.Errorf("%d notes in force, want 2", got)
	}
}
