package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// noteView is a note on a KPI's or an activity's page.
type noteView struct {
	toc.Note
	Body template.HTML // a case study's Markdown, rendered
}

// notesOf returns the notes about a KPI or an activity a login may read: a
// funder only the shared ones (DESIGN §14).
func (s *Server) notesOf(r *http.Request, sess *engine.Session, kpi, activity string) ([]noteView, error) {
	notes, err := engine.NotesFor(r.Context(), s.store, scopeOf(sess.User).audience)
	if err != nil {
		return nil, err
	}
	var out []noteView
	for _, n := range engine.NotesOf(notes, kpi, activity) {
		v := noteView{Note: n}
		if n.CaseStudy {
			if v.Body, err = reports.Markdown(n.Body); err != nil {
				return nil, err
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// noteTarget is what a page's notes are about: the form's field (kpi or
// activity), the id, and the page to come back to.
type noteTarget struct {
	Field, ID, Page string
	CaseStudies     bool // an activity's page takes case studies too
}

// noteRequest is a note as the forms and POST /api/notes send it.
type noteRequest struct {
	KPI       string `json:"kpi"`
	Activity  string `json:"activity"`
	Period    string `json:"period"`
	Text      string `json:"text"`
	Share     bool   `json:"share"`
	CaseStudy bool   `json:"case_study"`
	Title     string `json:"title"`
}

// addNote checks a note as impact note does, and the login's scope and
// role — only an admin shares a note with funders — and records it.
func (s *Server) addNote(r *http.Request, sess *engine.Session, req noteRequest) (toc.Note, error) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		return toc.Note{}, err
	}
	n := toc.Note{KPI: strings.TrimSpace(req.KPI), Activity: strings.TrimSpace(req.Activity), Shared: req.Share,
		CaseStudy: req.CaseStudy, Title: strings.TrimSpace(req.Title), Body: strings.ReplaceAll(req.Text, "\r\n", "\n")}
	if strings.TrimSpace(req.Period) == "" {
		return n, invalidField("period", "period: required, an academic year like 2024/25")
	}
	if n.Period, err = toc.ParsePeriod(strings.TrimSpace(req.Period)); err != nil {
		return n, invalidField("period", "period: %w", err)
	}
	if n.Shared && sess.User.Role != toc.RoleAdmin {
		return n, &fieldError{field: "share", err: toc.Errorf(toc.EFORBIDDEN, "share: only an admin shares a note with funders; leave it unshared and ask one")}
	}
	if field, err := sess.User.WriteScope().CheckNote(plan.ToC, n); err != nil {
		var e *toc.Error
		errors.As(err, &e)
		return n, &fieldError{field: field, err: e}
	}
	n, err = s.store.AddNote(r.Context(), plan.ToC, n, sess.User.Name)
	return n, withFlagField(err)
}

// noteSubmit adds a note from the form of a KPI's or an activity's page,
// and goes back to that page; a refused note is shown there with why.
func (s *Server) noteSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	req := noteRequest{KPI: r.PostFormValue("kpi"), Activity: r.PostFormValue("activity"), Period: r.PostFormValue("period"),
		Text: r.PostFormValue("text"), Share: r.PostFormValue("share") != "", CaseStudy: r.PostFormValue("case_study") != "", Title: r.PostFormValue("title")}
	back := "/activities/" + url.PathEscape(strings.TrimSpace(req.Activity))
	if strings.TrimSpace(req.KPI) != "" {
		back = "/kpis/" + url.PathEscape(strings.TrimSpace(req.KPI))
	}
	if _, err := s.addNote(r, sess, req); err != nil {
		if statusOf(err) >= 500 || (req.KPI == "" && req.Activity == "") {
			s.fail(w, r, err)
			return
		}
		r.SetPathValue("id", strings.TrimSpace(req.KPI+req.Activity))
		if req.KPI != "" {
			s.showKPI(w, r, sess, statusOf(err), kpiForm{}, "", []string{publicMessage(err)})
		} else {
			s.showActivity(w, r, sess, statusOf(err), "", []string{publicMessage(err)})
		}
		return
	}
	http.Redirect(w, r, back+"?noted=1#notes", http.StatusSeeOther)
}

// noteWithdraw takes a note out of the reports, from its page.
func (s *Server) noteWithdraw(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, invalidField("id", "expected a note's number"))
		return
	}
	if err := s.store.WithdrawNote(r.Context(), id, sess.User.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/kpis/") && !strings.HasPrefix(back, "/activities/") {
		back = "/"
	}
	http.Redirect(w, r, back+"#notes", http.StatusSeeOther)
}

// apiNote is POST /api/notes.
func (s *Server) apiNote(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	var req noteRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.addNote(r, sess, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, map[string]any{"id": n.ID, "period": n.Period, "shared": n.Shared, "case_study": n.CaseStudy})
}

// noticeOf is the notice a page shows after the redirect of a form.
func noticeOf(r *http.Request) string {
	if r.URL.Query().Get("noted") != "" {
		return "Note added."
	}
	return ""
}

// notePeriods are the academic years a note may be about: from the
// earliest baseline or start in toc.yaml to this one, newest first.
func notePeriods(p *toc.Partnership, today time.Time) []string {
	now := toc.PeriodOf(today)
	first := now
	for _, k := range p.KPIs() {
		first = min(first, k.Baseline.Period)
	}
	for _, a := range p.Activities {
		first = min(first, a.Started)
	}
	first = max(first, now-20)
	var out []string
	for y := now; y >= first; y-- {
		out = append(out, y.String())
	}
	return out
}
