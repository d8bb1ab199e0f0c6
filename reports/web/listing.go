package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// pager is one page of a long list: where it sits in the whole, and links
// to the pages either side that keep the list's filters.
type pager struct {
	Page, Pages     int
	From, To, Total int    // rows From..To (from 1) of Total
	Prev, Next      string // "" at either end
}

// paginate cuts a list of total rows into pages of size by the request's
// ?page= (from 1; past the end shows the last page) and returns the page
// and the half-open range of rows it holds.
func paginate(r *http.Request, total, size int) (pager, int, int, error) {
	p := pager{Page: 1, Total: total, Pages: max(1, (total+size-1)/size)}
	if s := r.URL.Query().Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, 0, 0, invalidField("page", "page=%q: expected a page number from 1", s)
		}
		p.Page = min(n, p.Pages)
	}
	lo, hi := (p.Page-1)*size, min(p.Page*size, total)
	p.From, p.To = min(lo+1, total), hi
	if p.Page > 1 {
		p.Prev = pageLink(r.URL, "page", strconv.Itoa(p.Page-1))
	}
	if p.Page < p.Pages {
		p.Next = pageLink(r.URL, "page", strconv.Itoa(p.Page+1))
	}
	return p, lo, hi, nil
}

// pageLink is the request's own path and query with one parameter set.
func pageLink(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return u.Path + "?" + q.Encode()
}

// choice is one option of a filter's select.
type choice struct {
	Value, Label string
	Selected     bool
}

// choices lists a filter's options, the one in force selected.
func choices(current string, pairs ...string) []choice {
	out := make([]choice, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, choice{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == current})
	}
	return out
}
