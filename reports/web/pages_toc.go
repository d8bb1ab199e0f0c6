package web

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/toc"
)

// The theory of change in the browser (DESIGN §12): an admin edits
// toc.yaml in a page — no script, so the numbered listing below the text
// carries the line numbers and each problem beside its line — and nothing
// is saved until it is valid; the revisions are listed with a diff of
// each.

// tocData is what the editor shows.
type tocData struct {
	Source   string
	Base     string // the hash of the file the edit started from
	Lines    []tocLine
	Unplaced []string // problems of no line
	Dropped  []engine.Dropped
}

// tocLine is one numbered line of the listing, with its problems.
type tocLine struct {
	N        int
	Text     string
	Problems []string
}

func (s *Server) tocPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	src, err := os.ReadFile(filepath.Join(s.toc.dir, folder.TocFile))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := tocData{Source: string(src), Base: folder.Hash(src)}
	var errs []string
	if _, err := folder.ReadPlanFrom(s.toc.dir, src, toc.PeriodOf(s.today())); err != nil {
		errs = d.place(err)
	} else {
		d.place(nil)
	}
	v := s.view(sess, "Theory of change", d)
	v.Errors = errs
	s.render(w, http.StatusOK, "toc", v)
}

func (s *Server) tocSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	src := r.PostFormValue("source")
	d := tocData{Source: src, Base: r.PostFormValue("base")}
	plan, rev, err := folder.SaveToC(r.Context(), s.store, s.toc.dir, []byte(src), d.Base, toc.PeriodOf(s.today()), sess.User.Name)
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		errs := d.place(err)
		v := s.view(sess, "Theory of change", d)
		v.Errors = errs
		s.render(w, statusOf(err), "toc", v)
		return
	}
	s.toc.plan(r.Context()) // serve the new one at once
	saved, _ := os.ReadFile(filepath.Join(s.toc.dir, folder.TocFile))
	d = tocData{Source: string(saved), Base: folder.Hash(saved)}
	d.place(nil)
	if d.Dropped, err = s.store.Dropped(r.Context(), plan.ToC); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.view(sess, "Theory of change", d)
	v.Notice = "Saved toc.yaml as revision " + strconv.FormatInt(rev.ID, 10) + "."
	s.render(w, http.StatusOK, "toc", v)
}

// place numbers the source's lines and puts each problem of err beside
// its line; it returns the problems as lines of text, for the summary.
func (d *tocData) place(err error) []string {
	lines := strings.Split(strings.ReplaceAll(d.Source, "\r\n", "\n"), "\n")
	d.Lines = make([]tocLine, len(lines))
	for i, l := range lines {
		d.Lines[i] = tocLine{N: i + 1, Text: l}
	}
	if err == nil {
		return nil
	}
	var list toc.List
	if !errors.As(err, &list) {
		var e *toc.Error
		if !errors.As(err, &e) {
			return []string{publicMessage(err)}
		}
		list = toc.List{e}
	}
	var out []string
	for _, e := range list {
		if e.File != "" { // the server's path is no business of the page's
			e = &toc.Error{Code: e.Code, File: folder.TocFile, Line: e.Line, Col: e.Col, Message: e.Message, More: e.More}
		}
		out = append(out, e.Error())
		if e.Line >= 1 && e.Line <= len(d.Lines) {
			msg := e.Message
			if e.Col > 0 {
				msg = "column " + strconv.Itoa(e.Col) + ": " + msg
			}
			d.Lines[e.Line-1].Problems = append(d.Lines[e.Line-1].Problems, msg)
		} else {
			d.Unplaced = append(d.Unplaced, e.Error())
		}
	}
	return out
}

// revisionsData lists toc.yaml's revisions, and one's diff.
type revisionsData struct {
	Revisions []engine.Revision
	Shown     *engine.Revision
	Diff      []diffLine
}

// diffLine is one line of a unified diff, classed for colour.
type diffLine struct {
	Class, Text string // "add", "del", "hunk" or ""
}

func (s *Server) revisionsPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	revs, err := s.store.ListRevisions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := revisionsData{Revisions: revs}
	if id := r.PathValue("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			s.fail(w, r, invalidField("id", "revision %q: expected a revision number", id))
			return
		}
		for i := range revs {
			if revs[i].ID == n {
				d.Shown = &revs[i]
			}
		}
		if d.Shown == nil {
			s.fail(w, r, toc.Errorf(toc.ENOTFOUND, "no revision %d of toc.yaml", n))
			return
		}
		if d.Diff, err = s.revisionDiff(r, n); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, http.StatusOK, "revisions", s.view(sess, "Revisions of toc.yaml", d))
}

// revisionDiff is the unified diff from the revision before n to n.
func (s *Server) revisionDiff(r *http.Request, n int64) ([]diffLine, error) {
	after, err := s.store.RevisionSource(r.Context(), n)
	if err != nil {
		return nil, err
	}
	before := ""
	if n > 1 {
		if before, err = s.store.RevisionSource(r.Context(), n-1); err != nil {
			return nil, err
		}
	}
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(before), B: difflib.SplitLines(after),
		FromFile: "revision " + strconv.FormatInt(n-1, 10), ToFile: "revision " + strconv.FormatInt(n, 10), Context: 3,
	})
	if err != nil {
		return nil, err
	}
	var out []diffLine
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		c := ""
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			c = "add"
		case strings.HasPrefix(l, "-"):
			c = "del"
		case strings.HasPrefix(l, "@@"):
			c = "hunk"
		}
		out = append(out, diffLine{Class: c, Text: l})
	}
	return out, nil
}
