package web

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// healthData is the partnership health check as a page shows it: the
// user's view of it (a funder's names no lead and counts no pupils).
type healthData struct {
	Health   metrics.Health
	Ratings  []factorRow
	Periods  []toc.Period
	Chart    template.HTML // the ratings drawn, an inline SVG
	Titles   map[string]string
	People   []metrics.KeyPerson
	Bench    []metrics.ActivityResult
	Toolkit  *metrics.Toolkit
	Schools  []metrics.SchoolResult
	MoreLead int
}

// factorRow is one success factor's ratings, a cell per year.
type factorRow struct {
	Title   string
	Ratings []int // 0: not rated that year
	Latest  string
}

func (s *Server) healthPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, _, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := res.Health
	d := healthData{Health: h, Titles: map[string]string{}, Toolkit: res.Toolkit, Schools: res.Schools}
	for _, a := range res.Activities {
		d.Titles[a.ID] = a.Title
		if a.EEF != nil {
			d.Bench = append(d.Bench, a)
		}
	}
	for _, c := range h.Checks {
		d.Periods = append(d.Periods, c.Period)
	}
	for _, f := range toc.Factors {
		row := factorRow{Title: f.Title, Ratings: make([]int, len(h.Checks))}
		for i, c := range h.Checks {
			for _, rt := range c.Ratings {
				if rt.Factor == f.ID {
					row.Ratings[i] = rt.Rating
					if i == len(h.Checks)-1 {
						row.Latest = rt.Evidence
					}
				}
			}
		}
		d.Ratings = append(d.Ratings, row)
	}
	d.Chart = ratingsSVG(d.Ratings, d.Periods)
	d.People = h.Risks.KeyPeople[:min(10, len(h.Risks.KeyPeople))]
	d.MoreLead = len(h.Risks.KeyPeople) - len(d.People)
	d.Schools = slices.DeleteFunc(d.Schools, func(sc metrics.SchoolResult) bool { return sc.GiveAndGet.Partners == 0 })
	slices.SortStableFunc(d.Schools, func(a, b metrics.SchoolResult) int {
		return (b.GiveAndGet.Gives + b.GiveAndGet.Gets) - (a.GiveAndGet.Gives + a.GiveAndGet.Gets)
	})
	s.render(w, http.StatusOK, "health", s.view(sess, "Partnership health", d))
}

// apiHealth is GET /api/health: the health object of the user's view.
func (s *Server) apiHealth(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, _, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, res.Health)
}

// schoolData is one school's give and get.
type schoolData struct {
	School metrics.SchoolResult
	About  *toc.School
	Ties   []schoolTie
	Titles map[string]string
}

// schoolTie is the school's exchange with one other school, from its side.
type schoolTie struct {
	With, WithID string
	Gave, Got    []metrics.Gift
	GaveN, GotN  int
	TwoWay       bool
}

func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id := r.PathValue("id")
	res, plan, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(res.Schools, func(sc metrics.SchoolResult) bool { return sc.ID == id })
	if i < 0 {
		s.fail(w, r, toc.Errorf(toc.ENOTFOUND, "no school %q in the theory of change", id))
		return
	}
	d := schoolData{School: res.Schools[i], About: plan.ToC.School(id), Titles: map[string]string{}}
	for _, a := range res.Activities {
		d.Titles[a.ID] = a.Title
	}
	for _, t := range metrics.TiesOf(id, res.Health.Ties) {
		st := schoolTie{With: schoolName(plan.ToC, t.B), WithID: t.B, Gave: t.AToB, Got: t.BToA, GaveN: t.AGives, GotN: t.BGives, TwoWay: t.TwoWay}
		if t.B == id {
			st = schoolTie{With: schoolName(plan.ToC, t.A), WithID: t.A, Gave: t.BToA, Got: t.AToB, GaveN: t.BGives, GotN: t.AGives, TwoWay: t.TwoWay}
		}
		d.Ties = append(d.Ties, st)
	}
	s.render(w, http.StatusOK, "school", s.view(sess, d.School.Name, d))
}
