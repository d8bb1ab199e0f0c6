package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
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
	History    []toc.KPIRecord // one page of it, filtered
	Logged     int             // values in the whole history, before the filters
	Pager      pager
	Periods    []choice
	SchoolsIn  []choice
	Form       kpiForm
	Notes      []noteView
	Years      []string // the years a note may be about, newest first
	NoteOn     noteTarget
}

// historyPageSize is how many values a page of a KPI's history shows.
const historyPageSize = 50

// partnershipWide is the school filter's value for values logged for the
// whole partnership (no school id is "-").
const partnershipWide = "-"

// kpiForm is what was typed into the log form, kept when it is refused.
type kpiForm struct {
	Period, Value, School, Note string
}

func (s *Server) kpiPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showKPI(w, r, sess, http.StatusOK, kpiForm{}, noticeOf(r), nil)
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
	if err := d.page(r, plan.ToC); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Notes, err = s.notesOf(r, sess, id, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Years, d.NoteOn = notePeriods(plan.ToC, s.today()), noteTarget{Field: "kpi", ID: id, Page: "/kpis/" + url.PathEscape(id)}
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

// page filters the KPI's history by ?period= and ?school= (a school's id,
// or "-" for partnership-wide values) and keeps one page of it.
func (d *kpiData) page(r *http.Request, p *toc.Partnership) error {
	q := r.URL.Query()
	period, school := q.Get("period"), q.Get("school")
	periods, schools := []string{"", "Any year"}, []string{"", "Any school", partnershipWide, "The whole partnership"}
	seenP, seenS := map[string]bool{}, map[string]bool{}
	for _, h := range d.History {
		if ps := h.Period.String(); !seenP[ps] {
			seenP[ps] = true
			periods = append(periods, ps, ps)
		}
		if h.School != "" && !seenS[h.School] {
			seenS[h.School] = true
			schools = append(schools, h.School, schoolName(p, h.School))
		}
	}
	d.Periods, d.SchoolsIn = choices(period, periods...), choices(school, schools...)
	d.Logged = len(d.History)
	d.History = slices.DeleteFunc(d.History, func(h toc.KPIRecord) bool {
		return (period != "" && h.Period.String() != period) ||
			(school == partnershipWide && h.School != "") ||
			(school != "" && school != partnershipWide && h.School != school)
	})
	pg, lo, hi, err := paginate(r, len(d.History), historyPageSize)
	d.Pager, d.History = pg, d.History[lo:hi]
	return err
}
