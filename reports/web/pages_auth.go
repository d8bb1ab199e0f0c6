package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/schoolstogether/impact/engine"
)

// loginForm is what the login page shows.
type loginForm struct {
	Name string
	Next string
}

// safeNext keeps a redirect after login on this site: a clean path of its
// own, never a URL. Browsers ignore tabs and newlines in a Location and
// read a backslash as a slash, so "/\t/evil.example" would leave the site:
// any control character, space or backslash, and anything that parses
// with a scheme or a host, gives "/".
func safeNext(next string) string {
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || strings.HasPrefix(u.Path, "/api/") {
		return "/"
	}
	return u.RequestURI()
}

// loginPage shows the login form. Its CSRF token lives in a cookie of its
// own (double submit), since there is no session yet.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if sess, err := s.session(r); err == nil && sess != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginForm{Next: safeNext(r.URL.Query().Get("next"))}, nil)
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, f loginForm, errs []string) {
	token, err := randomString()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/login", MaxAge: 3600,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure || r.TLS != nil})
	v := view{Title: "Log in", CSRF: token, Errors: errs, Data: f}
	s.render(w, status, "login", v)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := loginForm{Name: r.PostFormValue("name"), Next: safeNext(r.PostFormValue("next"))}
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostFormValue(csrfField), c.Value) {
		s.showLogin(w, r, http.StatusForbidden, f, []string{"the login form had expired: please log in again"})
		return
	}
	_, err = s.login(w, r, f.Name, r.PostFormValue("password"))
	var many *tooManyLogins
	if errors.As(err, &many) {
		s.refuseLogin(w, many)
		s.showLogin(w, r, http.StatusTooManyRequests, f, []string{many.Error()})
		return
	}
	if errors.Is(err, engine.ErrBadLogin) {
		s.showLogin(w, r, http.StatusUnauthorized, f, []string{"unknown name or wrong password"})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request, _ *engine.Session) {
	if err := s.logout(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.render(w, http.StatusOK, "password", s.view(sess, "Change your password", nil))
}

// passwordSubmit changes the user's password, which ends every session of
// theirs, then logs this browser in again with the new one.
func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	current, next := r.PostFormValue("current"), r.PostFormValue("new")
	if next != r.PostFormValue("repeat") {
		v := s.view(sess, "Change your password", nil)
		v.Errors = []string{"the two new passwords differ"}
		s.render(w, http.StatusBadRequest, "password", v)
		return
	}
	s.hashing <- struct{}{}
	err := s.store.ChangePassword(r.Context(), sess.User.Name, current, next)
	<-s.hashing
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		v := s.view(sess, "Change your password", nil)
		v.Errors = []string{publicMessage(err)}
		s.render(w, statusOf(err), "password", v)
		return
	}
	newSess, err := s.login(w, r, sess.User.Name, next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.view(newSess, "Change your password", nil)
	v.Notice = "Your password is changed; your other sessions are logged out."
	s.render(w, http.StatusOK, "password", v)
}
