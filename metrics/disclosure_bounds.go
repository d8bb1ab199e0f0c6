package metrics

// The bounds a funder can work out for each count of a view: what it
// knows at first, then propagated through the relations of disclosure.go.

// bounds are each cell's interval as a funder can narrow it.
type bounds struct{ lo, hi []int }

// initial is what a funder knows of each cell before combining: a visible
// count is itself, "<N" is 1..N−1, "c" is any count.
func (d *disclosure) initial() bounds {
	b := bounds{lo: make([]int, len(d.cells)), hi: make([]int, len(d.cells))}
	for i, c := range d.cells {
		switch {
		case c.c.Complementary:
			b.lo[i], b.hi[i] = 0, unbounded
		case c.c.Suppressed:
			b.lo[i], b.hi[i] = 1, d.minCell-1
		default:
			b.lo[i], b.hi[i] = c.c.N, c.c.N
		}
	}
	return b
}

// propagate narrows the bounds through every relation until nothing
// changes: a worklist of relations, each looked at again when one of its
// cells narrows.
func (d *disclosure) propagate(b bounds) {
	queued := make([]bool, len(d.relations))
	work := make([]int, len(d.relations))
	for k := range work {
		work[k], queued[k] = k, true
	}
	set := func(i, lo, hi int) {
		changed := false
		if lo > b.lo[i] {
			b.lo[i], changed = lo, true
		}
		if hi < b.hi[i] {
			b.hi[i], changed = hi, true
		}
		if changed {
			for _, k := range d.byCell[i] {
				if !queued[k] {
					queued[k] = true
					work = append(work, k)
				}
			}
		}
	}
	// A chain of relations can narrow a "c" cell's wide bounds one unit at
	// a time; the cap stops that long before it matters to a "<N" cell,
	// whose bounds are 1..N−1 from the start.
	for steps := 0; len(work) > 0 && steps < 64*len(d.relations); steps++ {
		k := work[0]
		work = work[1:]
		queued[k] = false
		r := d.relations[k]
		sumLo, hi := 0, upper{}
		for _, p := range r.parts {
			sumLo += b.lo[p]
			hi.add(b.hi[p])
		}
		t := r.total
		switch r.kind {
		case partsSum: // total = Σ parts, both ways
			set(t, sumLo, hi.sum())
			for _, p := range r.parts {
				set(p, b.lo[t]-hi.without(b.hi[p]), subBound(b.hi[t], sumLo-b.lo[p]))
			}
		case partsAtMost: // each part ≤ total
			for _, p := range r.parts {
				set(t, b.lo[p], unbounded)
				set(p, 0, b.hi[t])
			}
		case sumAtLeast: // total ≤ Σ parts
			set(t, 0, hi.sum())
			for _, p := range r.parts {
				set(p, b.lo[t]-hi.without(b.hi[p]), unbounded)
			}
		case sumAtMost: // Σ parts ≤ total
			set(t, sumLo, unbounded)
			for _, p := range r.parts {
				set(p, 0, subBound(b.hi[t], sumLo-b.lo[p]))
			}
		}
	}
}

// upper is a sum of upper bounds, some of them unbounded.
type upper struct{ finite, unbounded int }

func (u *upper) add(hi int) {
	if hi >= unbounded {
		u.unbounded++
	} else {
		u.finite += hi
	}
}

func (u upper) sum() int {
	if u.unbounded > 0 {
		return unbounded
	}
	return u.finite
}

// without is the sum without one of its terms, hi: the others' bound.
func (u upper) without(hi int) int {
	if hi >= unbounded {
		if u.unbounded > 1 {
			return unbounded
		}
		return u.finite
	}
	if u.unbounded > 0 {
		return unbounded
	}
	return u.finite - hi
}

// subBound is a − b where a may be unbounded (b never is).
func subBound(a, b int) int {
	if a >= unbounded {
		return unbounded
	}
	return a - b
}
