package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// The pupils page answers pupils' rights (DESIGN §13) for admins: what is
// held about one pupil, erasure on request, and erasure of pupils held
// past privacy.retain_years — what impact pupil and impact forget do.

// maxForgetList bounds the identifiers of one erasure from the page: a
// class list, a leavers' list; a longer one goes through impact forget
// --file.
const maxForgetList = 10_000

// pupilsData is what the pupils page shows.
type pupilsData struct {
	RetainYears int
	KeepFrom    toc.Period // rows before it are past retention
	Record      *engine.PupilRecord
	Forgotten   *engine.Forgotten
	Expired     bool // Forgotten came from the retention button
}

func (s *Server) pupilsPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showPupils(w, r, sess, http.StatusOK, pupilsData{}, "", nil)
}

func (s *Server) showPupils(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, d pupilsData, notice string, errs []string) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.RetainYears = plan.ToC.Privacy.RetainYears
	d.KeepFrom = toc.PeriodOf(s.today()) - toc.Period(d.RetainYears)
	v := s.view(sess, "Pupils' rights", d)
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "pupils", v)
}

// pupilAccess answers a subject access request: the identifier comes in a
// POST, so it is in no URL or log.
func (s *Server) pupilAccess(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id := strings.TrimSpace(r.PostFormValue("identifier"))
	if id == "" {
		s.showPupils(w, r, sess, http.StatusBadRequest, pupilsData{}, "", []string{"identifier: expected a pupil's identifier (their UPN, say)"})
		return
	}
	rec, err := s.store.Pupil(r.Context(), engine.Identifier{ID: id}, sess.User.Name)
	if err != nil {
		s.pupilsError(w, r, sess, err)
		return
	}
	s.showPupils(w, r, sess, http.StatusOK, pupilsData{Record: &rec}, "", nil)
}

// pupilForget erases the pupils of a list, one identifier a line.
func (s *Server) pupilForget(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	var ids []engine.Identifier
	for i, line := range strings.Split(r.PostFormValue("identifiers"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			ids = append(ids, engine.Identifier{ID: line, File: "the list", Line: i + 1})
		}
	}
	var errs []string
	switch {
	case len(ids) == 0:
		errs = append(errs, "identifiers: expected the identifiers of the pupils to forget, one a line")
	case len(ids) > maxForgetList:
		errs = append(errs, fmt.Sprintf("identifiers: more than %d pupils at once: use impact forget --file", maxForgetList))
	case r.PostFormValue("confirm") != "yes":
		errs = append(errs, "confirm: tick the box to say you understand that forgetting cannot be undone")
	}
	if errs != nil {
		s.showPupils(w, r, sess, http.StatusBadRequest, pupilsData{}, "", errs)
		return
	}
	got, err := s.store.Forget(r.Context(), ids, sess.User.Name)
	if err != nil {
		s.pupilsError(w, r, sess, err)
		return
	}
	s.showPupils(w, r, sess, http.StatusOK, pupilsData{Forgotten: &got}, "", nil)
}

// pupilExpire erases the pupils held past privacy.retain_years.
func (s *Server) pupilExpire(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	years := plan.ToC.Privacy.RetainYears
	if years == 0 {
		s.showPupils(w, r, sess, http.StatusBadRequest, pupilsData{}, "", []string{"toc.yaml sets no privacy.retain_years: add it to say how long pupils' rows are kept"})
		return
	}
	got, err := s.store.ForgetExpired(r.Context(), toc.PeriodOf(s.today())-toc.Period(years), sess.User.Name)
	if err != nil {
		s.pupilsError(w, r, sess, err)
		return
	}
	s.showPupils(w, r, sess, http.StatusOK, pupilsData{Forgotten: &got, Expired: true}, "", nil)
}

// pupilsError shows what a user can mend beside the forms: identifiers not
// held, a missing key.
func (s *Server) pupilsError(w http.ResponseWriter, r *http.Request, sess *engine.Session, err error) {
	if statusOf(err) >= 500 && toc.ErrorCode(err) != toc.EBUSY {
		s.fail(w, r, err)
		return
	}
	var list toc.List
	var errs []string
	if errors.As(err, &list) {
		for _, e := range list {
			errs = append(errs, e.Error())
		}
	} else {
		errs = []string{publicMessage(err)}
	}
	s.showPupils(w, r, sess, statusOf(err), pupilsData{}, "", errs)
}
