package web

import (
	"net/http"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// The years page lets an admin lock an academic year once its figures
// have gone out, and open it again (DESIGN §12): what impact lock and
// impact unlock do.

// yearRow is one academic year on the page.
type yearRow struct {
	Period toc.Period
	Lock   *engine.Lock
}

func (s *Server) yearsPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showYears(w, r, sess, http.StatusOK, "", nil)
}

func (s *Server) showYears(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, notice string, errs []string) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	locks, err := s.store.ListLocks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	locked := map[toc.Period]*engine.Lock{}
	for i := range locks {
		locked[locks[i].Period] = &locks[i]
	}
	current := toc.PeriodOf(s.today())
	var rows []yearRow
	for p := current; p >= firstPeriod(plan.ToC, current); p-- {
		rows = append(rows, yearRow{Period: p, Lock: locked[p]})
		delete(locked, p)
	}
	for _, l := range locked { // locked years outside the theory of change's span
		rows = append(rows, yearRow{Period: l.Period, Lock: l})
	}
	v := s.view(sess, "Years", rows)
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "years", v)
}

// firstPeriod is the earliest year the theory of change speaks of: an
// activity's start or a KPI's baseline, and never more than 20 years back.
func firstPeriod(p *toc.Partnership, current toc.Period) toc.Period {
	first := current
	for _, a := range p.Activities {
		first = min(first, a.Started)
	}
	for _, k := range p.KPIs() {
		first = min(first, k.Baseline.Period)
	}
	return max(first, current-20)
}

// yearSubmit locks or unlocks the year of the form.
func (s *Server) yearSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	p, err := toc.ParsePeriod(r.PostFormValue("period"))
	if err != nil {
		s.showYears(w, r, sess, http.StatusBadRequest, "", []string{err.Error()})
		return
	}
	notice := "Locked " + p.String() + ": writes dated in it are refused until it is unlocked."
	if r.PostFormValue("action") == "unlock" {
		err = s.store.Unlock(r.Context(), p, sess.User.Name)
		notice = "Unlocked " + p.String() + "."
	} else {
		_, err = s.store.Lock(r.Context(), p, sess.User.Name)
	}
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showYears(w, r, sess, statusOf(err), "", []string{publicMessage(err)})
		return
	}
	s.showYears(w, r, sess, http.StatusOK, notice, nil)
}
