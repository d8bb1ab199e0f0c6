package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

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

// auditData is one page of the audit log and its filters.
type auditData struct {
	Entries    []engine.AuditLine
	Older      string // the link to the page before, "" when there is no more
	Newest     string // the link back to the newest, "" on the newest page
	Who, Since string
	Actions    []choice
}

const auditPageSize = 200

// auditPage shows the audit log newest first, filtered by ?who=, ?action=
// and ?since=YYYY-MM-DD, paged back by ?before= (an entry's number).
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	q := r.URL.Query()
	aq := engine.AuditQuery{Limit: auditPageSize + 1, Who: strings.TrimSpace(q.Get("who")), Action: q.Get("action"), Since: q.Get("since")}
	if b := q.Get("before"); b != "" {
		var err error
		if aq.Before, err = strconv.ParseInt(b, 10, 64); err != nil || aq.Before <= 0 {
			s.fail(w, r, invalidField("before", "before=%q: expected an entry number", b))
			return
		}
	}
	if aq.Action != "" && !slices.Contains(engine.AuditActions, aq.Action) {
		s.fail(w, r, invalidField("action", "action=%q: expected one of %s", aq.Action, strings.Join(engine.AuditActions, ", ")))
		return
	}
	if aq.Since != "" {
		if _, err := time.Parse(time.DateOnly, aq.Since); err != nil {
			s.fail(w, r, invalidField("since", "since=%q: expected a date as YYYY-MM-DD", aq.Since))
			return
		}
	}
	lines, err := s.store.AuditTrail(r.Context(), aq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actions := []string{"", "Any action"}
	for _, a := range engine.AuditActions {
		actions = append(actions, a, a)
	}
	d := auditData{Entries: lines, Who: aq.Who, Since: aq.Since, Actions: choices(aq.Action, actions...)}
	if len(lines) > auditPageSize {
		d.Entries = lines[:auditPageSize]
		d.Older = pageLink(r.URL, "before", strconv.FormatInt(d.Entries[auditPageSize-1].ID, 10))
	}
	if aq.Before > 0 {
		u := *r.URL
		qq := u.Query()
		qq.Del("before")
		u.RawQuery = qq.Encode()
		d.Newest = u.String()
	}
	s.render(w, http.StatusOK, "audit", s.view(sess, "Audit log", d))
}
