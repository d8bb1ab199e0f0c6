package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"slices"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	p, err := s.dashboardFor(r.Context(), scopeOf(sess.User), sess.User.Role)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.serve(w, r, "")
}

// report serves the report of the user's audience; ?download=1 saves it.
func (s *Server) report(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	sc := scopeOf(sess.User)
	p, err := s.reportFor(r.Context(), sc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	disposition := ""
	if r.URL.Query().Get("download") != "" {
		disposition = `attachment; filename="impact-report-` + string(sc.audience) + `.html"`
	}
	p.serve(w, r, disposition)
}

func (s *Server) logoutPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.render(w, http.StatusOK, "logout", s.view(sess, "Log out", nil))
}

func (s *Server) kpiList(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, plan, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type row struct {
		metrics.KPIResult
		Title, Outcome string
	}
	rows := make([]row, 0, len(res.KPIs))
	for _, k := range res.KPIs {
		rows = append(rows, row{KPIResult: k, Title: kpiTitle(plan.ToC, k.ID), Outcome: outcomeTitle(plan.ToC, k.ID)})
	}
	s.render(w, http.StatusOK, "kpis", s.view(sess, "KPIs", rows))
}

func kpiTitle(p *toc.Partnership, id string) string {
	if k := p.KPI(id); k != nil {
		return k.Title
	}
	return id
}

func outcomeTitle(p *toc.Partnership, kpi string) string {
	for _, o := range p.Objectives {
		for _, oc := range o.Outcomes {
			for _, k := range oc.KPIs {
				if k.ID == kpi {
					return oc.Title
				}
			}
		}
	}
	return ""
}

// kpiData is what the KPI page shows.
type kpiData struct {
	KPI        *toc.KPI
	Result     metrics.KPIResult
	Chart      template.HTML
	Activities []*toc.Activity
	Schools    []toc.School
	History    []toc.KPIRecord
	Form       kpiForm
}

// kpiForm is what was typed into the log form, kept when it is refused.
type kpiForm struct {
	Period, Value, School, Note string
}

func (s *Server) kpiPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showKPI(w, r, sess, http.StatusOK, kpiForm{}, "", nil)
}

func (s *Server) showKPI(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, form kpiForm, notice string, errs []string) {
	rd := s.read()
	defer rd.close()
	id := r.PathValue("id")
	res, plan, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(res.KPIs, func(k metrics.KPIResult) bool { return k.ID == id })
	if i < 0 {
		// Unknown, or outside a funder's activities: the same answer.
		s.fail(w, r, toc.Errorf(toc.ENOTFOUND, "no KPI %q among those you can see", id))
		return
	}
	k := plan.ToC.KPI(id)
	d := kpiData{KPI: k, Result: res.KPIs[i], Chart: trajectorySVG(k, res.KPIs[i].Values), Schools: plan.ToC.Schools, Form: form}
	sc := scopeOf(sess.User)
	for j := range plan.ToC.Activities {
		a := &plan.ToC.Activities[j]
		if slices.Contains(a.KPIs, id) && (len(sc.activities) == 0 || slices.Contains(sc.activities, a.ID)) {
			d.Activities = append(d.Activities, a)
		}
	}
	snap, err := rd.snapshot(r.Context(), sc.audience)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sess.User.Role.CanWrite() {
		if d.History, err = snap.KPIHistory(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		// A funder sees the values in force of approved data, not
		// corrections, pending values, notes or who.
		values, err := snap.KPIValues(r.Context(), []string{id})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, v := range values {
			d.History = append(d.History, toc.KPIRecord{Period: v.Period, School: v.School, Value: v.Value, Status: toc.Current})
		}
	}
	v := s.view(sess, k.Title, d)
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "kpi", v)
}

// kpiSubmit logs a value from the KPI page's form.
func (s *Server) kpiSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	form := kpiForm{Period: r.PostFormValue("period"), Value: r.PostFormValue("value"), School: r.PostFormValue("school"), Note: r.PostFormValue("note")}
	rec, old, err := s.logKPI(r, sess, r.PathValue("id"), form.Period, form.Value, form.School, form.Note)
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showKPI(w, r, sess, statusOf(err), form, "", []string{publicMessage(err)})
		return
	}
	notice := "Logged " + formatValue(rec.Value) + " for " + rec.Period.String()
	if old != nil {
		notice += ", superseding " + formatValue(old.Value)
	}
	if rec.Pending {
		notice += ". It awaits an admin's review: funders see it once it is approved"
	}
	s.showKPI(w, r, sess, http.StatusCreated, kpiForm{}, notice+".", nil)
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, _, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "activities", s.view(sess, "Activities", res.Activities))
}

// activityData is what the activity page shows.
type activityData struct {
	Result   metrics.ActivityResult
	Provider string
	Partners []string
	KPIs     []*toc.KPI
	ForWhom  []groupRow
}

// groupRow is one group of a breakdown (DESIGN §11.1) on an activity's
// page: its share is of the participants whose record gives the
// characteristic, "—" for "not known" or when a count is hidden.
type groupRow struct {
	Characteristic string // on the first group of each characteristic
	Span           int
	Group          string
	Participants   metrics.Count
	Share          *float64
}

// forWhom lays out an activity's breakdowns, characteristics no pupil's
// record gives left out.
func forWhom(b *metrics.Breakdowns) []groupRow {
	var out []groupRow
	for _, nb := range b.Lists() {
		known, hidden := 0, false
		for _, g := range nb.Groups {
			hidden = hidden || g.Participants.Suppressed
			if g.Group != "unknown" {
				known += g.Participants.N
			}
		}
		if known == 0 && !hidden {
			continue
		}
		for i, g := range nb.Groups {
			row := groupRow{Group: reports.GroupName(nb.Characteristic, g.Group), Participants: g.Participants}
			if i == 0 {
				row.Characteristic, row.Span = reports.CharacteristicName(nb.Characteristic), len(nb.Groups)
			}
			if g.Group != "unknown" && !hidden && known > 0 {
				x := float64(g.Participants.N) / float64(known)
				row.Share = &x
			}
			out = append(out, row)
		}
	}
	return out
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id := r.PathValue("id")
	res, plan, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(res.Activities, func(a metrics.ActivityResult) bool { return a.ID == id })
	if i < 0 {
		s.fail(w, r, toc.Errorf(toc.ENOTFOUND, "no activity %q among those you can see", id))
		return
	}
	a := plan.ToC.Activity(id)
	d := activityData{Result: res.Activities[i], Provider: schoolName(plan.ToC, a.Provider)}
	d.ForWhom = forWhom(&d.Result.Breakdowns)
	for _, p := range a.Partners {
		d.Partners = append(d.Partners, schoolName(plan.ToC, p))
	}
	for _, k := range a.KPIs {
		if kk := plan.ToC.KPI(k); kk != nil {
			d.KPIs = append(d.KPIs, kk)
		}
	}
	s.render(w, http.StatusOK, "activity", s.view(sess, d.Result.Title, d))
}

func schoolName(p *toc.Partnership, id string) string {
	if sc := p.School(id); sc != nil {
		return sc.Name
	}
	return id
}

// uploadData is what the upload page shows after an import.
type uploadData struct {
	File       string
	Rows       int64
	Pending    bool           // the file awaits review
	Activities []toc.Activity // for a register's activity
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.render(w, http.StatusOK, "upload", s.view(sess, "Upload a file", s.uploadData(r.Context(), "", 0)))
}

// uploadData is the upload page's, with the activities a register may be
// for (none when toc.yaml cannot be read: the page says why elsewhere).
func (s *Server) uploadData(ctx context.Context, file string, rows int64) uploadData {
	d := uploadData{File: file, Rows: rows}
	if plan, err := s.toc.plan(ctx); err == nil {
		d.Activities = plan.ToC.Activities
	}
	return d
}

// uploadSubmit imports a file from the upload form and shows its problems
// as the command line prints them: FILE:ROW:COLUMN: message.
func (s *Server) uploadSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, name, err := s.receive(w, r, sess)
	if err == nil {
		d := s.uploadData(r.Context(), name, res.Rows())
		d.Pending = res.Pending
		s.render(w, http.StatusCreated, "upload", s.view(sess, "Upload a file", d))
		return
	}
	if statusOf(err) >= 500 {
		s.fail(w, r, err)
		return
	}
	v := s.view(sess, "Upload a file", s.uploadData(r.Context(), "", 0))
	var list toc.List
	if errors.As(err, &list) {
		for _, e := range list {
			v.Errors = append(v.Errors, e.Error())
		}
	} else {
		v.Errors = []string{publicMessage(err)}
	}
	s.render(w, statusOf(err), "upload", v)
}
