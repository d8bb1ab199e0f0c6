package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// uploadData is what the upload page shows after an import.
type uploadData struct {
	File       string
	Rows       int64
	Pending    bool           // the file awaits review
	Activities []toc.Activity // for a register's activity
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.render(w, http.StatusOK, "upload", s.view(sess, "Upload a file", s.uploadData(r.Context(), "", 0)))
}

// uploadData is the upload page's, with the activities a register may be
// for (none when toc.yaml cannot be read: the page says why elsewhere).
func (s *Server) uploadData(ctx context.Context, file string, rows int64) uploadData {
	d := uploadData{File: file, Rows: rows}
	if plan, err := s.toc.plan(ctx); err == nil {
		d.Activities = plan.ToC.Activities
	}
	return d
}

// uploadSubmit imports a file from the upload form and shows its problems
// as the command line prints them: FILE:ROW:COLUMN: message.
func (s *Server) uploadSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, name, err := s.receive(w, r, sess)
	if err == nil {
		d := s.uploadData(r.Context(), name, res.Rows())
		d.Pending = res.Pending
		s.render(w, http.StatusCreated, "upload", s.view(sess, "Upload a file", d))
		return
	}
	if statusOf(err) >= 500 {
		s.fail(w, r, err)
		return
	}
	v := s.view(sess, "Upload a file", s.uploadData(r.Context(), "", 0))
	var list toc.List
	if errors.As(err, &list) {
		for _, e := range list {
			v.Errors = append(v.Errors, e.Error())
		}
	} else {
		v.Errors = []string{publicMessage(err)}
	}
	s.render(w, statusOf(err), "upload", v)
}
