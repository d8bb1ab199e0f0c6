package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
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
	anyRole access = iota // every logged-in user
	writer                // editors and admins
	admin                 // admins only
)

// authed is a handler that runs with a live session.
type authed func(w http.ResponseWriter, r *http.Request, sess *engine.Session)

// guard checks, in this order, a session (else 401 for the API, a
// redirect to the login page elsewhere), the CSRF token of a write (403),
// and the role (403), then runs h.
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
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// Bound the body before a form is parsed for its token: an
			// upload is the largest thing anyone sends.
			r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload)
			token := r.Header.Get(csrfHeader)
			if !api && token == "" {
				if err := s.parseForm(r); err != nil {
					s.fail(w, r, err)
					return
				}
				token = r.FormValue(csrfField)
			}
			if !sameToken(token, sess.CSRF) {
				msg := "missing or wrong CSRF token: send the csrf_token of your login (header " + csrfHeader + ")"
				if !api {
					msg = "this form is out of date or did not come from impact: go back, reload the page and try again"
				}
				s.deny(w, r, sess, msg)
				return
			}
		}
		switch {
		case need == writer && !sess.User.Role.CanWrite():
			s.deny(w, r, sess, "read-only login: funders cannot change data")
			return
		case need == admin && sess.User.Role != toc.RoleAdmin:
			s.deny(w, r, sess, "only an admin may do this")
			return
		}
		h(w, r, sess)
	}
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
	if status >= 500 {
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
		v.CanWrite, v.IsAdmin = u.Role.CanWrite(), u.Role == toc.RoleAdmin
	}
	return v
}

// login checks a name and password and starts a session. Failures all
// look alike and are slowed when repeated, by at most a second.
func (s *Server) login(w http.ResponseWriter, r *http.Request, name, password string) (*engine.Session, error) {
	s.hashing <- struct{}{}
	u, err := s.store.Authenticate(r.Context(), name, password)
	<-s.hashing
	if errors.Is(err, engine.ErrBadLogin) {
		time.Sleep(s.throttle.delay("name:"+strings.ToLower(name), "addr:"+clientAddr(r)))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	s.throttle.clear("name:" + strings.ToLower(name))
	token, sess, err := s.store.CreateSession(r.Context(), u)
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

// decodeJSON reads a request's JSON body, at most 1 MiB, refusing
// unknown fields so that a misspelt field is not silently ignored.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return invalidField(typ.Field, "field %q: expected a %s, got a JSON %s", typ.Field, typ.Type, typ.Value)
		case errors.As(err, &syn):
			return toc.Errorf(toc.EINVALID, "request body: expected JSON, error at byte %d: %w", syn.Offset, err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return invalidField(f, "unknown field %q", f)
		}
		return toc.Errorf(toc.EINVALID, "request body: expected a JSON object: %w", err)
	}
	return nil
}

// randomString returns 32 random bytes, URL-safe base64.
func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// parseForm reads a posted form, multipart or not, within the body's
// bound.
func (s *Server) parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return invalidField("file", "the upload is larger than %s: import it with impact import instead", byteSize(s.maxUpload))
	case err != nil:
		return toc.Errorf(toc.EINVALID, "could not read the form: %w", err)
	}
	return nil
}
