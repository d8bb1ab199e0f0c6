package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Uploads stream (DESIGN §16): the multipart body is read part by part as
// it arrives and the file goes straight into the importer — nothing of it
// is held whole or spooled to disk, where a pupil's identifier would sit
// in clear. The fields a form sends before the file (its CSRF token, the
// "again" box) are read first; the role was checked before any of it.

// maxUploads is how many uploads run at once; the next is told to retry.
const maxUploads = 2

// receive imports the file of an upload as the session's user and returns
// what it wrote and the file's name.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, sess *engine.Session) (engine.ImportResult, string, error) {
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		return engine.ImportResult{}, "", busy("other uploads are being imported: try again in a minute", 30)
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return engine.ImportResult{}, "", invalidField("file", "expected a multipart/form-data upload with the file in the field \"file\"")
	}
	r.Body = http.MaxBytesReader(w, s.uploadBody(w, r), s.maxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return engine.ImportResult{}, "", invalidField("file", "expected a multipart/form-data upload: %w", err)
	}
	token := r.Header.Get(csrfHeader)
	q := r.URL.Query()
	yes := func(v string) bool { return v == "1" || v == "true" }
	// A register exported from the MIS for one session names its activity
	// and date beside the file, as impact import --activity --date does.
	opts := engine.ImportOptions{Again: yes(q.Get("again")), Activity: q.Get("activity"), Date: q.Get("date")}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return engine.ImportResult{}, "", invalidField("file", "file: expected a CSV or Excel (.xlsx) file in the multipart field \"file\"")
		}
		if err != nil {
			return engine.ImportResult{}, "", uploadError(err, s.maxUpload)
		}
		switch part.FormName() {
		case csrfField, "again", "activity", "date":
			v, err := io.ReadAll(io.LimitReader(part, 1024))
			if err != nil {
				return engine.ImportResult{}, "", uploadError(err, s.maxUpload)
			}
			switch part.FormName() {
			case csrfField:
				token = string(v)
			case "again":
				opts.Again = yes(string(v))
			case "activity":
				opts.Activity = strings.TrimSpace(string(v))
			case "date":
				opts.Date = strings.TrimSpace(string(v))
			}
		case "file":
			if !sameToken(token, sess.CSRF) {
				return engine.ImportResult{}, "", &toc.Error{Code: toc.EFORBIDDEN, Message: csrfMessage(strings.HasPrefix(r.URL.Path, "/api/"))}
			}
			// The files after this one are met as the body streams on:
			// all of them go into one transaction, as impact import's do.
			names := []string{partName(part)}
			opts.Next = func() (*engine.ImportFile, error) {
				for {
					next, err := mr.NextPart()
					if errors.Is(err, io.EOF) {
						return nil, nil
					}
					if err != nil {
						return nil, uploadError(err, s.maxUpload)
					}
					if next.FormName() == "file" {
						names = append(names, partName(next))
						return streamed(names[len(names)-1], next), nil
					}
					next.Close()
				}
			}
			res, err := s.importStream(r.Context(), sess, names[0], part, opts)
			if err != nil {
				return engine.ImportResult{}, strings.Join(names, ", "), uploadError(err, s.maxUpload)
			}
			return res, strings.Join(names, ", "), nil
		}
		part.Close()
	}
}

// partName is an uploaded file's name, its folders left out.
func partName(part *multipart.Part) string {
	name := filepath.Base(part.FileName())
	if name == "" || name == "." || name == "/" {
		name = "upload.csv"
	}
	return name
}

// streamed is an ImportFile read once from a stream: an upload's part.
func streamed(name string, r io.Reader) *engine.ImportFile {
	return &engine.ImportFile{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

// An upload is read as fast as it is imported, so the server, not the
// client, sets its pace: it may take up to UploadTimeout as long as the
// body keeps coming, each read within the read timeout.
const UploadTimeout = 10 * time.Minute

// uploadBody is the request's body under the deadlines of an upload: the
// response may be written until UploadTimeout and the write timeout have
// passed; each read must arrive within the read timeout of the last, until
// UploadTimeout.
func (s *Server) uploadBody(w http.ResponseWriter, r *http.Request) io.ReadCloser {
	rc := http.NewResponseController(w)
	end := time.Now().Add(UploadTimeout)
	if err := rc.SetWriteDeadline(end.Add(s.writeTimeout)); err != nil {
		return r.Body // not a connection with deadlines (a test recorder): the server's own apply
	}
	return &paced{ReadCloser: r.Body, rc: rc, end: end, step: s.readTimeout}
}

// paced moves the read deadline of a connection on before each read.
type paced struct {
	io.ReadCloser
	rc       *http.ResponseController
	end      time.Time
	step     time.Duration
	deadline time.Time
}

func (p *paced) Read(b []byte) (int, error) {
	now := time.Now()
	// Moved at most once a second: a read is a few KiB.
	if p.deadline.Sub(now) < p.step-time.Second {
		p.deadline = now.Add(p.step)
		if p.deadline.After(p.end) {
			p.deadline = p.end
		}
		p.rc.SetReadDeadline(p.deadline)
	}
	n, err := p.ReadCloser.Read(b)
	if err != nil {
		// The body is all read, but the import may go on: the server's
		// background read of the connection must not time out and cancel it.
		p.rc.SetReadDeadline(p.end)
		p.deadline = p.end
	}
	return n, err
}

// importStream imports one file read from r as the session's user.
// opts carries Again, Activity and Date; Who is the session's user.
func (s *Server) importStream(ctx context.Context, sess *engine.Session, name string, r io.Reader, opts engine.ImportOptions) (engine.ImportResult, error) {
	plan, err := s.toc.plan(ctx)
	if err != nil {
		return engine.ImportResult{}, err
	}
	opts.Who, opts.Scope, opts.Pending = sess.User.Name, sess.User.WriteScope(), awaitsReview(plan.ToC, sess)
	return s.store.Import(ctx, plan.ToC, []engine.ImportFile{*streamed(name, r)}, opts)
}

// uploadError says what went wrong reading an upload: too large is the
// user's to mend.
func uploadError(err error, max int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return invalidField("file", "file: larger than %s: import it with impact import instead", byteSize(max))
	}
	return err
}

// busy is a 503 for a request to retry after seconds.
func busy(msg string, seconds int) error {
	return &toc.Error{Code: toc.EBUSY, Message: msg, Err: retryAfter(seconds)}
}

// retryAfter carries the Retry-After of a busy answer.
type retryAfter int

func (r retryAfter) Error() string { return "retry after " + strconv.Itoa(int(r)) + " s" }

// importResponse is the answer to a successful POST /api/imports.
type importResponse struct {
	Rows   int64  `json:"rows"`
	Kind   string `json:"kind"`
	Review string `json:"review,omitempty"` // "pending" when it awaits review
}

// rowError is one bad row of an import, as the command line prints it.
type rowError struct {
	Row     int    `json:"row"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// defaultMaxUpload is the largest file the app takes unless told otherwise
// (impact serve --max-upload):
// a million participation rows are about 40 MB.
const defaultMaxUpload = 256 << 20

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, _, err := s.receive(w, r, sess)
	if err != nil {
		status := statusOf(err)
		if status >= 500 || fieldOf(err) != "" || toc.ErrorCode(err) == toc.EFORBIDDEN {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, status, importErrors{Error: importSummary(err), Errors: rowErrors(err)})
		return
	}
	resp := importResponse{Rows: res.Rows()}
	if res.Pending {
		resp.Review = string(toc.ReviewPending)
	}
	if len(res.Files) > 0 {
		resp.Kind = string(res.Files[0].Kind)
	}
	s.writeJSON(w, http.StatusCreated, resp)
}

// rowErrors lists an import's positioned problems.
func rowErrors(err error) []rowError {
	var list toc.List
	if !errors.As(err, &list) {
		var e *toc.Error
		if errors.As(err, &e) {
			list = toc.List{e}
		}
	}
	out := make([]rowError, 0, len(list))
	for _, e := range list {
		out = append(out, rowError{Row: e.Line, Column: e.Col, Message: e.Message})
	}
	return out
}

// importErrors is the answer to a refused import.
type importErrors struct {
	Error  string     `json:"error"`
	Errors []rowError `json:"errors"`
}

// importSummary says in one line why an import was refused.
func importSummary(err error) string {
	var list toc.List
	if errors.As(err, &list) && len(list) > 0 {
		if list[0].Code == toc.ECONFLICT {
			return list[0].Message
		}
		n := len(list)
		more := ""
		if n >= engine.MaxImportProblems {
			more = " (the first " + strconv.Itoa(n) + " shown)"
		}
		return fmt.Sprintf("%d problem%s in %s%s: nothing was imported", n, plural(n), list[0].File, more)
	}
	return publicMessage(err)
}
