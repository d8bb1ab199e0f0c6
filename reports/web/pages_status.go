package web

import (
	"net/http"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// statusPage shows what is missing for the current academic year (DESIGN
// §12), as impact status does: an editor sees their own activities and
// schools, and their own items awaiting review.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who := ""
	if sess.User.Role != toc.RoleAdmin {
		who = sess.User.Name
	}
	rep, err := engine.Missing(r.Context(), s.store, plan.ToC, toc.PeriodOf(s.today()), sess.User.WriteScope(), who)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "status", s.view(sess, "What's missing", rep))
}
