package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// TestServer_Notes: notes and case studies through the pages' forms and
// the API, by role and scope (DESIGN §14): an editor writes unshared notes
// within their scope, only an admin shares one, a funder writes none and
// reads only the shared ones — on the pages and in the report.
func TestServer_Notes(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	pw, err := app.Store.AddUser(ctx, "setup", engine.User{Name: "kim", Role: toc.RoleEditor, Activities: []string{"reading-buddies"}}, app.ToC)
	if err != nil {
		t.Fatal(err)
	}
	app.Passwords["kim"] = pw
	ada, ed, kim, fay := app.login(t, "ada"), app.login(t, "ed"), app.login(t, "kim"), app.login(t, "fay")
	count := func() int {
		notes, err := app.Store.ListNotes(ctx, engine.NoteQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return len(notes)
	}

	status, _, resp := ed.form("/notes", url.Values{"kpi": {"trainees-graduating"}, "period": {"2023/24"}, "text": {"Recruitment is slow.\r\nTwo deferred."}}, true)
	if status != http.StatusSeeOther || resp.Header.Get("Location") != "/kpis/trainees-graduating?noted=1#notes" {
		t.Fatalf("editor's note: %d to %q", status, resp.Header.Get("Location"))
	}
	_, page := ed.get("/kpis/trainees-graduating?noted=1")
	if !strings.Contains(page, "Note added.") || !strings.Contains(page, `<p class="note-text">Recruitment is slow.`+"\n"+`Two deferred.</p>`) || !strings.Contains(page, "not shared") {
		t.Errorf("the KPI page does not show the editor's note")
	}

	// Refused: sharing as an editor, outside a scope, as a funder, a bad
	// year; nothing is written.
	for _, c := range []struct {
		who    *client
		fields url.Values
		status int
		says   string
	}{
		{ed, url.Values{"kpi": {"trainees-graduating"}, "period": {"2023/24"}, "text": {"x"}, "share": {"1"}}, 403, "only an admin shares a note with funders"},
		{kim, url.Values{"activity": {"scitt"}, "period": {"2023/24"}, "text": {"x"}}, 403, "activity: scitt is outside your activities"},
		{kim, url.Values{"kpi": {"trainees-graduating"}, "period": {"2023/24"}, "text": {"x"}}, 403, "kpi: trainees-graduating is outside your activities"},
		{fay, url.Values{"activity": {"scitt"}, "period": {"2023/24"}, "text": {"x"}}, 403, ""},
		{ed, url.Values{"activity": {"scitt"}, "period": {"2023/4"}, "text": {"x"}}, 400, "period:"},
		{ed, url.Values{"activity": {"scitt"}, "period": {"2023/24"}, "text": {" "}}, 400, "the note is empty"},
	} {
		status, body, _ := c.who.form("/notes", c.fields, true)
		if status != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s posting %v: %d, want %d saying %q\n%.300s", c.who.Role, c.fields, status, c.status, c.says, body)
		}
	}
	if n := count(); n != 1 {
		t.Errorf("%d notes, want 1: refused notes write nothing", n)
	}

	// The admin shares a case study of scitt; kim writes within her scope
	// through the API.
	study := url.Values{"activity": {"scitt"}, "period": {"2024/25"}, "case_study": {"1"}, "title": {"Sam's year"}, "share": {"1"},
		"text": {"# Sam\n\nQualified in **July**. <script>window.__pwned=1</script>"}}
	if status, body, _ := ada.form("/notes", study, true); status != http.StatusSeeOther {
		t.Fatalf("admin's case study: %d\n%.300s", status, body)
	}
	if code, resp := kim.json("POST", "/api/notes", map[string]any{"activity": "reading-buddies", "period": "2024/25", "text": "Hollins joined."}); code != http.StatusCreated || resp["shared"] != false {
		t.Errorf("kim's note through the API: %d %v", code, resp)
	}
	if code, resp := kim.json("POST", "/api/notes", map[string]any{"activity": "scitt", "period": "2024/25", "text": "x"}); code != http.StatusForbidden || resp["field"] != "activity" {
		t.Errorf("kim's note on scitt through the API: %d %v, want 403 on activity", code, resp)
	}

	// fay (a funder of scitt) reads the shared case study, rendered, its
	// script dropped (its text stays, inert), and not the editor's
	// unshared note.
	_, page = fay.get("/activities/scitt")
	if !strings.Contains(page, "<h4>Sam</h4>") || !strings.Contains(page, "<strong>July</strong>") || strings.Contains(page, "<script>window") {
		t.Errorf("the funder's activity page does not show the case study safely")
	}
	if strings.Contains(page, `id="note-form"`) || strings.Contains(page, "shared with funders") {
		t.Error("a funder sees the note form or the sharing tags")
	}
	if _, page = fay.get("/kpis/trainees-graduating"); strings.Contains(page, "Recruitment is slow") {
		t.Error("a funder reads an unshared note")
	}
	_, report := fay.get("/report.html")
	if !strings.Contains(report, "Sam&#39;s year") && !strings.Contains(report, "Sam's year") || strings.Contains(report, "Recruitment is slow") {
		t.Error("the funder's report does not hold the shared case study alone")
	}
	if _, report = ada.get("/report.html"); !strings.Contains(report, "Recruitment is slow") {
		t.Error("the director's report lacks the editor's note")
	}

	// Withdrawal: admins only.
	notes, _ := app.Store.ListNotes(ctx, engine.NoteQuery{})
	first := notes[0].ID
	if status, _, _ := ed.form("/notes/"+itoa(int(first))+"/withdraw", url.Values{"back": {"/kpis/trainees-graduating"}}, true); status != http.StatusForbidden {
		t.Errorf("an editor withdrawing: %d, want 403", status)
	}
	if status, _, resp := ada.form("/notes/"+itoa(int(first))+"/withdraw", url.Values{"back": {"/kpis/trainees-graduating"}}, true); status != http.StatusSeeOther || resp.Header.Get("Location") != "/kpis/trainees-graduating#notes" {
		t.Errorf("admin withdrawing: %d to %q", status, resp.Header.Get("Location"))
	}
	if _, page = ada.get("/kpis/trainees-graduating"); strings.Contains(page, "Recruitment is slow") {
		t.Error("a withdrawn note is still shown")
	}
}
