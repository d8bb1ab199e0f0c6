package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// activitiesPageSize is how many activities a page of the list shows.
const activitiesPageSize = 20

// activitiesData is one page of the activity list and its filters.
type activitiesData struct {
	Rows       []metrics.ActivityResult
	Pager      pager
	Search     string
	Strategies []choice
	Schools    []choice
	Evidence   []choice
}

// activityList lists the activities in view, filtered by ?q= (words of
// the title), ?strategy=, ?school= (provider or partner) and
// ?evidence=gap|met, a page at a time.
func (s *Server) activityList(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, plan, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	search, strategy, school, evidence := strings.TrimSpace(q.Get("q")), q.Get("strategy"), q.Get("school"), q.Get("evidence")
	rows := slices.DeleteFunc(slices.Clone(res.Activities), func(a metrics.ActivityResult) bool {
		act := plan.ToC.Activity(a.ID)
		return !containsFold(a.Title, search) ||
			(strategy != "" && a.Strategy != strategy) ||
			(school != "" && (act == nil || (act.Provider != school && !slices.Contains(act.Partners, school)))) ||
			(evidence == "gap" && !a.EvidenceGap) || (evidence == "met" && a.EvidenceGap)
	})
	d := activitiesData{Search: search, Evidence: choices(evidence, "", "Any evidence", "gap", "With an evidence gap", "met", "Evidence as required")}
	var lo, hi int
	if d.Pager, lo, hi, err = paginate(r, len(rows), activitiesPageSize); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = rows[lo:hi]
	strategies := []string{"", "Any strategy"}
	seen := map[string]bool{}
	for _, a := range res.Activities {
		if !seen[a.Strategy] {
			seen[a.Strategy] = true
			strategies = append(strategies, a.Strategy, a.StrategyTitle)
		}
	}
	d.Strategies = choices(strategy, strategies...)
	schools := []string{"", "Any school"}
	for _, sc := range plan.ToC.Schools {
		schools = append(schools, sc.ID, sc.Name)
	}
	d.Schools = choices(school, schools...)
	s.render(w, http.StatusOK, "activities", s.view(sess, "Activities", d))
}

// containsFold says whether every word of query is in text, ignoring case.
func containsFold(text, query string) bool {
	text = strings.ToLower(text)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// activityData is what the activity page shows.
type activityData struct {
	Result      metrics.ActivityResult
	Description string
	Provider    string
	Partners    []string
	KPIs        []*toc.KPI
	ForWhom     []groupRow
	Notes       []noteView
	Years       []string // the years a note may be about, newest first
	NoteOn      noteTarget
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
	s.showActivity(w, r, sess, http.StatusOK, noticeOf(r), nil)
}

// showActivity shows an activity's page, with a notice or the problems of
// a form sent from it.
func (s *Server) showActivity(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, notice string, errs []string) {
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
	d := activityData{Result: res.Activities[i], Description: a.Description, Provider: schoolName(plan.ToC, a.Provider)}
	d.ForWhom = forWhom(&d.Result.Breakdowns)
	for _, p := range a.Partners {
		d.Partners = append(d.Partners, schoolName(plan.ToC, p))
	}
	for _, k := range a.KPIs {
		if kk := plan.ToC.KPI(k); kk != nil {
			d.KPIs = append(d.KPIs, kk)
		}
	}
	if d.Notes, err = s.notesOf(r, sess, "", id); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Years, d.NoteOn = notePeriods(plan.ToC, s.today()), noteTarget{Field: "activity", ID: id, Page: "/activities/" + url.PathEscape(id), CaseStudies: true}
	v := s.view(sess, d.Result.Title, d)
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "activity", v)
}

func schoolName(p *toc.Partnership, id string) string {
	if sc := p.School(id); sc != nil {
		return sc.Name
	}
	return id
}
