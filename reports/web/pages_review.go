package web

import (
	"net/http"
	"strconv"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// The review page (DESIGN §12): an admin's queue of what editors wrote
// while toc.yaml requires review — approve, approve all, or return with a
// note — and, for an editor, their own items with the notes of those
// returned.

// reviewData is what the review page shows.
type reviewData struct {
	Required bool // toc.yaml requires review
	Pending  []engine.ReviewItem
	Own      []engine.ReviewItem // an editor's items, newest first
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	s.showReview(w, r, sess, http.StatusOK, "", nil)
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, sess *engine.Session, status int, notice string, errs []string) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := reviewData{Required: plan.ToC.Review == toc.ReviewRequired}
	items, err := s.store.ReviewItems(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, it := range items {
		if it.Status == toc.ReviewPending && sess.User.Role == toc.RoleAdmin {
			d.Pending = append(d.Pending, it)
		}
		if it.Who == sess.User.Name {
			d.Own = append([]engine.ReviewItem{it}, d.Own...)
		}
	}
	v := s.view(sess, "Review", d)
	v.Notice, v.Errors = notice, errs
	s.render(w, status, "review", v)
}

// reviewSubmit approves or returns one item, or approves every pending
// one, from the page's forms.
func (s *Server) reviewSubmit(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	var notice string
	var err error
	switch action := r.PostFormValue("action"); action {
	case "approve-all":
		var done []engine.ReviewItem
		done, err = s.store.Approve(r.Context(), nil, sess.User.Name)
		notice = "Approved " + strconv.Itoa(len(done)) + " item" + plural(len(done)) + ": funders see them now."
	case "approve", "return":
		id, perr := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		if perr != nil || id <= 0 {
			s.showReview(w, r, sess, http.StatusBadRequest, "", []string{"id: expected a review item's number"})
			return
		}
		if action == "approve" {
			_, err = s.store.Approve(r.Context(), []int64{id}, sess.User.Name)
			notice = "Approved item " + strconv.FormatInt(id, 10) + ": funders see it now."
		} else {
			_, err = s.store.Return(r.Context(), id, r.PostFormValue("note"), sess.User.Name)
			notice = "Returned item " + strconv.FormatInt(id, 10) + " to its author, with your note: it counts nowhere now."
		}
	default:
		s.showReview(w, r, sess, http.StatusBadRequest, "", []string{"action: expected approve, return or approve-all"})
		return
	}
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showReview(w, r, sess, statusOf(err), "", []string{publicMessage(err)})
		return
	}
	s.showReview(w, r, sess, http.StatusOK, notice, nil)
}

// reviewList is GET /api/review's answer: the pending items, oldest first.
type reviewList struct {
	Items []reviewEntry `json:"items"`
}

// reviewEntry is one item as the API gives it (DESIGN §12).
type reviewEntry struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	Who  string `json:"who"`
	When string `json:"when"`
	What string `json:"what"`
	Rows int64  `json:"rows"`
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request, _ *engine.Session) {
	items, err := s.store.ReviewItems(r.Context(), toc.ReviewPending)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := reviewList{Items: []reviewEntry{}}
	for _, it := range items {
		out.Items = append(out.Items, reviewEntry{ID: it.ID, Kind: it.Kind, Who: it.Who, When: it.When, What: it.What, Rows: it.Rows})
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReviewApprove(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, invalidField("id", "id: expected a review item's number, got %q", r.PathValue("id")))
		return
	}
	done, err := s.store.Approve(r.Context(), []int64{id}, sess.User.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, done[0])
}

func (s *Server) apiReviewReturn(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, invalidField("id", "id: expected a review item's number, got %q", r.PathValue("id")))
		return
	}
	var req struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	item, err := s.store.Return(r.Context(), id, req.Note, sess.User.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, item)
}
