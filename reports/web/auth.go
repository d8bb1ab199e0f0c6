package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Cookie names.
const (
	sessionCookie = "impact_session"
	loginCookie   = "impact_login" // the login form's CSRF token, before there is a session
	csrfHeader    = "X-CSRF-Token"
	csrfField     = "csrf_token"
)

// sessionUser is the logged-in user as pages see it.
type sessionUser = engine.User

// access is what a route requires beyond a session.
type access int

const (
	anyRole  access = iota // every logged-in user
	writer                 // editors and admins
	uploader               // editors and admins, streaming a multipart upload
	admin                  // admins only
)

// maxFormBody bounds every request body but an upload's.
const maxFormBody = 1 << 20

// authed is a handler that runs with a live session.
type authed func(w http.ResponseWriter, r *http.Request, sess *engine.Session)

// guard checks, in this order, a session (else 401 for the API, a
// redirect to the login page elsewhere), the role (403) — before a byte of
// the body is read — and then the CSRF token of a write (403), then runs h.
// An upload (access uploader) streams: its handler checks the token, which
// comes before the file.
func (s *Server) guard(need access, h authed) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/api/")
		sess, err := s.session(r)
		if err != nil {
			if !errors.Is(err, engine.ErrNoSession) {
				s.fail(w, r, err)
				return
			}
			if api {
				s.writeJSON(w, http.StatusUnauthorized, apiError{Error: "not logged in: POST /api/login first"})
				return
			}
			if r.Method != http.MethodGet {
				// A form posted after the session expired: start over.
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		switch {
		case (need == writer || need == uploader) && !sess.User.Role.CanWrite():
			s.deny(w, r, sess, "read-only login: funders cannot change data")
			return
		case need == admin && sess.User.Role != toc.RoleAdmin:
			s.deny(w, r, sess, "only an admin may do this")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && need != uploader {
			// Forms and JSON are small: an upload is the only large body.
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
			token := r.Header.Get(csrfHeader)
			if !api && token == "" {
				if err := s.parseForm(r); err != nil {
					s.fail(w, r, err)
					return
				}
				token = r.FormValue(csrfField)
			}
			if !sameToken(token, sess.CSRF) {
				s.deny(w, r, sess, csrfMessage(api))
				return
			}
			// A write is answered once the metrics readers use are up to
			// date with it: the writer waits for that, readers never.
			defer s.afterWrite(r.Context(), sess)
		}
		h(w, s.withNeed(r, sess), sess)
	}
}

// csrfMessage says why a write without the session's token is refused.
func csrfMessage(api bool) string {
	if api {
		return "missing or wrong CSRF token: send the csrf_token of your login (header " + csrfHeader + ")"
	}
	return "this form is out of date or did not come from impact: go back, reload the page and try again"
}

// session returns the session of the request's cookie.
func (s *Server) session(r *http.Request) (*engine.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, engine.ErrNoSession
	}
	return s.store.Session(r.Context(), c.Value)
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// deny answers 403, as JSON for the API and as a page elsewhere.
func (s *Server) deny(w http.ResponseWriter, r *http.Request, sess *engine.Session, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeJSON(w, http.StatusForbidden, apiError{Error: msg})
		return
	}
	s.render(w, http.StatusForbidden, "error", s.view(sess, "Not allowed", msg))
}

// fail answers an error with its status, as JSON for the API and as a page
// elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeError(w, r, err)
		return
	}
	status := statusOf(err)
	retry(w, err)
	if status >= 500 && toc.ErrorCode(err) != toc.EBUSY {
		s.logf("%s %s: %v", r.Method, r.URL.Path, err)
	}
	sess, _ := s.session(r)
	s.render(w, status, "error", s.view(sess, http.StatusText(status), publicMessage(err)))
}

// view is the common part of every page for a session (nil: logged out).
func (s *Server) view(sess *engine.Session, title string, data any) view {
	v := view{Title: title, Data: data}
	if sess != nil {
		u := sess.User
		v.User, v.CSRF = &u, sess.CSRF
		v.CanWrite, v.IsAdmin, v.IsFunder = u.Role.CanWrite(), u.Role == toc.RoleAdmin, u.Role == toc.RoleFunder
		if v.CanWrite {
			v.TocProblem = s.toc.broken(context.Background())
		}
	}
	return v
}

// login checks a name and password and starts a session. Failures all
// look alike; repeated, they stop logins for the name and the address for
// a while (throttle.go, 429), and they are audited.
func (s *Server) login(w http.ResponseWriter, r *http.Request, name, password string) (*engine.Session, error) {
	token, sess, err := s.startSession(r, name, password)
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		// MaxAge, not Expires: relative, so a skewed clock cannot drop it.
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(engine.SessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil,
	})
	return sess, nil
}

// startSession is login without the cookie: the session's token, for a
// portfolio that holds a session in each of a funder's partnerships.
func (s *Server) startSession(r *http.Request, name, password string) (string, *engine.Session, error) {
	keys := []string{"name:" + strings.ToLower(name), "addr:" + clientAddr(r)}
	if wait := s.throttle.wait(keys...); wait > 0 {
		return "", nil, &tooManyLogins{wait: wait}
	}
	s.hashing <- struct{}{}
	u, err := s.store.Authenticate(r.Context(), name, password)
	<-s.hashing
	if errors.Is(err, engine.ErrBadLogin) {
		if audit, n := s.throttle.fail(keys...); audit {
			if err := s.store.LoginFailed(r.Context(), name, clientAddr(r), n); err != nil {
				s.logf("audit a failed login: %v", err)
			}
		}
		return "", nil, err
	}
	if err != nil {
		return "", nil, err
	}
	s.throttle.clear("name:" + strings.ToLower(name))
	return s.store.CreateSession(r.Context(), u)
}

// tooManyLogins refuses a login while failed ones hold its name or
// address back.
type tooManyLogins struct{ wait time.Duration }

func (e *tooManyLogins) Error() string {
	return fmt.Sprintf("too many failed logins for this name or from this address: try again in %s", roundUp(e.wait))
}

// seconds is the wait in whole seconds, for Retry-After.
func (e *tooManyLogins) seconds() int { return int((e.wait + time.Second - 1) / time.Second) }

// roundUp writes a wait for people: "12 seconds", "4 minutes".
func roundUp(d time.Duration) string {
	if s := int((d + time.Second - 1) / time.Second); s < 120 {
		return strconv.Itoa(s) + " second" + plural(s)
	}
	m := int((d + time.Minute - 1) / time.Minute)
	return strconv.Itoa(m) + " minute" + plural(m)
}

// refuseLogin answers a throttled login: 429 with Retry-After.
func (s *Server) refuseLogin(w http.ResponseWriter, e *tooManyLogins) {
	w.Header().Set("Retry-After", strconv.Itoa(e.seconds()))
}

// logout ends the request's session and clears its cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil})
	return nil
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginRequest is the body of POST /api/login.
type loginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// loginResponse is the answer to a successful POST /api/login.
type loginResponse struct {
	CSRFToken string   `json:"csrf_token"`
	Role      toc.Role `json:"role"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	sess, err := s.login(w, r, req.Name, req.Password)
	var many *tooManyLogins
	if errors.As(err, &many) {
		s.refuseLogin(w, many)
		s.writeJSON(w, http.StatusTooManyRequests, apiError{Error: many.Error()})
		return
	}
	if errors.Is(err, engine.ErrBadLogin) {
		s.writeJSON(w, http.StatusUnauthorized, apiError{Error: "unknown name or wrong password"})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, loginResponse{CSRFToken: sess.CSRF, Role: sess.User.Role})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request, _ *engine.Session) {
	if err := s.logout(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// randomString returns 32 random bytes, URL-safe base64.
func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// parseForm reads a posted form (not an upload: those stream) within the
// body's bound.
func (s *Server) parseForm(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return toc.Errorf(toc.EINVALID, "expected a form, got an upload: uploads go to /upload or /api/imports")
	}
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return toc.Errorf(toc.EINVALID, "the form is larger than %s", byteSize(maxFormBody))
	case err != nil:
		return toc.Errorf(toc.EINVALID, "could not read the form: %w", err)
	}
	return nil
}
