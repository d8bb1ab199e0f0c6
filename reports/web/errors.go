package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/schoolstogether/impact/toc"
)

// statuses maps error codes to HTTP statuses: the web app's counterpart of
// the command line's exit-code table.
var statuses = map[toc.Code]int{
	toc.EINVALID:   http.StatusBadRequest,
	toc.ENOTFOUND:  http.StatusNotFound,
	toc.ECONFLICT:  http.StatusConflict,
	toc.EFORBIDDEN: http.StatusForbidden,
	toc.EUSAGE:     http.StatusBadRequest,
	toc.ENEWER:     http.StatusInternalServerError,
	toc.EREADONLY:  http.StatusServiceUnavailable,
	toc.EBUSY:      http.StatusServiceUnavailable,
	toc.EINTERNAL:  http.StatusInternalServerError,
}

// statusOf returns the HTTP status of an error.
func statusOf(err error) int {
	if s, ok := statuses[toc.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// publicMessage is what a user may read of an error: its own message for
// the errors a user causes, a generic one for internal errors, whose detail
// goes to the server's log instead.
func publicMessage(err error) string {
	if code := toc.ErrorCode(err); statusOf(err) >= 500 && code != toc.EBUSY && code != toc.EREADONLY {
		return "internal error: see the server's log"
	}
	var e *toc.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// writeJSON writes v as JSON with a status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.logf("write response: %v", err)
	}
}

// apiError is the body of every JSON error; Field names the request field
// at fault, when one is.
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// writeError answers an API request with an error's status and message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	retry(w, err)
	if status >= 500 && toc.ErrorCode(err) != toc.EBUSY {
		s.logf("%s %s: %v", r.Method, r.URL.Path, err)
	}
	s.writeJSON(w, status, apiError{Error: publicMessage(err), Field: fieldOf(err)})
}

// fieldError is an error about one field of a request: EINVALID, or
// EFORBIDDEN for a field outside an editor's scope.
type fieldError struct {
	field string
	err   *toc.Error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// invalidField returns an EINVALID error about a request field.
func invalidField(field, format string, args ...any) error {
	return &fieldError{field: field, err: toc.Errorf(toc.EINVALID, format, args...)}
}

// fieldOf returns the request field an error is about, or "".
func fieldOf(err error) string {
	var f *fieldError
	if errors.As(err, &f) {
		return f.field
	}
	return ""
}

// retry tells the client when to try again after a busy answer (503): the
// seconds an error says, else five.
func retry(w http.ResponseWriter, err error) {
	if toc.ErrorCode(err) != toc.EBUSY {
		return
	}
	seconds := retryAfter(5)
	errors.As(err, &seconds)
	w.Header().Set("Retry-After", strconv.Itoa(int(seconds)))
}
