package metrics

// Counts are the result's counts of people, in a fixed order: a funder's
// view and the director's result it came from list theirs alike.
func (r *Result) Counts() []Count {
	var out []Count
	for _, c := range r.counts(r) {
		out = append(out, *c.view)
	}
	return out
}
