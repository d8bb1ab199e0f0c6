package web

import (
	"net/http"
	"strconv"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// usersData is what the users page shows.
type usersData struct {
	Users       []engine.User
	Activities  []toc.Activity
	Schools     []toc.School
	NewUser     string
	NewPassword string // shown once, after an add or a reset
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showUsers(w, r, sess, http.StatusOK, "", "", "", nil)
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, notice, newUser, password string, errs []string) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.view(sess, "Users", usersData{Users: users, Activities: plan.ToC.Activities, Schools: plan.ToC.Schools, NewUser: newUser, NewPassword: password})
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "users", v)
}

func (s *Server) userAdd(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	u := engine.User{Name: r.PostForm.Get("name"), Role: toc.Role(r.PostForm.Get("role")), Activities: r.PostForm["activity"], Schools: r.PostForm["school"]}
	pw, err := s.store.AddUser(r.Context(), sess.User.Name, u, plan.ToC)
	if err != nil {
		s.userError(w, r, sess, err)
		return
	}
	s.showUsers(w, r, sess, http.StatusCreated, "", u.Name, pw, nil)
}

func (s *Server) userReset(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	name := r.PathValue("name")
	pw, err := s.store.ResetPassword(r.Context(), sess.User.Name, name)
	if err != nil {
		s.userError(w, r, sess, err)
		return
	}
	s.showUsers(w, r, sess, http.StatusOK, "", name, pw, nil)
}

func (s *Server) userRemove(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	name := r.PathValue("name")
	if name == sess.User.Name {
		s.showUsers(w, r, sess, http.StatusConflict, "", "", "", []string{"you cannot remove your own login: ask another admin, or use impact user remove"})
		return
	}
	if err := s.store.RemoveUser(r.Context(), sess.User.Name, name); err != nil {
		s.userError(w, r, sess, err)
		return
	}
	s.showUsers(w, r, sess, http.StatusOK, "Removed "+name+".", "", "", nil)
}

func (s *Server) userError(w http.ResponseWriter, r *http.Request, sess *engine.Session, err error) {
	if statusOf(err) >= 500 {
		s.fail(w, r, err)
		return
	}
	s.showUsers(w, r, sess, statusOf(err), "", "", "", []string{publicMessage(err)})
}

// auditData is one page of the audit log.
type auditData struct {
	Entries []engine.AuditLine
	Older   int64 // the id to page back from, 0 when there is no more
}

const auditPageSize = 200

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		var err error
		if before, err = strconv.ParseInt(b, 10, 64); err != nil || before <= 0 {
			s.fail(w, r, invalidField("before", "before=%q: expected an entry number", b))
			return
		}
	}
	lines, err := s.store.AuditTrail(r.Context(), before, auditPageSize+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Entries: lines}
	if len(lines) > auditPageSize {
		d.Entries = lines[:auditPageSize]
		d.Older = d.Entries[auditPageSize-1].ID
	}
	s.render(w, http.StatusOK, "audit", s.view(sess, "Audit log", d))
}
