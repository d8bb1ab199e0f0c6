package metrics

// Disclosure control (DESIGN §13): a funder must not be able to work out a
// count hidden as "<N" from what stays visible. The funder's view is read
// as a system of linear relations between its counts — the groups of a
// breakdown add up to the participants, a distinct count is at least its
// largest part and at most the sum of its parts (activities, periods,
// schools), the same figure appears in two tables — and the bounds an
// attacker can derive for each hidden count are worked out by propagating
// intervals through those relations to a fixed point, as differences,
// bounds and their chains would be tried by hand. While a hidden count
// narrows to fewer than two of the values 1..N−1, one more count is
// hidden as "c" (complementary suppression, as DfE and ONS practise it):
// the smallest visible part of the same total whose hiding protects it,
// else a cell further along the relations, the participants reached last.
// The bounds themselves are in disclosure_bounds.go.

import (
	"math"
	"slices"
)

// triedComplements is how many candidates for a complementary cell are
// tried, best first, for one that protects the exposed cell alone.
const triedComplements = 6

// unbounded stands for "no bound" in the intervals.
const unbounded = math.MaxInt32

// cell is one count of the funder's view, with its true value.
type cell struct {
	c     *Count
	truth int
}

// relation is one thing a funder knows of how a total and its parts
// relate, by its kind.
type relation struct {
	total int   // index of the total's cell
	parts []int // indexes of the parts' cells
	kind  relKind
}

type relKind int

const (
	partsSum    relKind = iota // total = Σ parts
	partsAtMost                // each part ≤ total
	sumAtLeast                 // total ≤ Σ parts
	sumAtMost                  // Σ parts ≤ total
)

// disclosure is the system of one funder's view.
type disclosure struct {
	minCell   int
	cells     []cell
	index     map[*Count]int
	relations []relation
	precious  []bool  // by cell: hidden as "c" only when nothing else will do
	byCell    [][]int // the relations each cell is in, by index (made by protect)
}

func newDisclosure(minCell int) *disclosure {
	return &disclosure{minCell: minCell, index: map[*Count]int{}}
}

// treasure marks a count a reader looks for first (the participants
// reached, overall and by activity): the last to hide as "c".
func (d *disclosure) treasure(c *Count) {
	d.precious = append(d.precious, make([]bool, len(d.cells)-len(d.precious))...)
	d.precious[d.index[c]] = true
}

// add registers a count of the view with its true value; a count added
// twice is one cell.
func (d *disclosure) add(c *Count, truth int) int {
	if i, ok := d.index[c]; ok {
		return i
	}
	d.cells = append(d.cells, cell{c: c, truth: truth})
	d.index[c] = len(d.cells) - 1
	return len(d.cells) - 1
}

// relate adds a relation between cells already added, if it holds for the
// true values: one that does not hold (a pupil with no school, say) is no
// relation a funder could rely on.
func (d *disclosure) relate(kind relKind, total *Count, parts ...*Count) {
	r := relation{total: d.index[total], kind: kind}
	for _, p := range parts {
		r.parts = append(r.parts, d.index[p])
	}
	if len(r.parts) == 0 || !d.holds(r) {
		return
	}
	d.relations = append(d.relations, r)
}

func (d *disclosure) holds(r relation) bool {
	t := d.cells[r.total].truth
	sum, largest := 0, 0
	for _, p := range r.parts {
		sum += d.cells[p].truth
		largest = max(largest, d.cells[p].truth)
	}
	switch r.kind {
	case partsSum:
		return t == sum
	case partsAtMost:
		return largest <= t
	case sumAtLeast:
		return t <= sum
	default:
		return sum <= t
	}
}

// exposed returns the first "<N" cell a funder can narrow to fewer than
// two values, or −1.
func (d *disclosure) exposed(b bounds) int {
	for i, c := range d.cells {
		if !c.c.Suppressed || c.c.Complementary {
			continue
		}
		lo, hi := max(b.lo[i], 1), min(b.hi[i], d.minCell-1)
		if hi-lo < 1 {
			return i
		}
	}
	return -1
}

// protect hides, as "c", counts until no "<N" can be narrowed to fewer
// than two values.
func (d *disclosure) protect() {
	d.precious = append(d.precious, make([]bool, len(d.cells)-len(d.precious))...)
	d.byCell = make([][]int, len(d.cells))
	for k, r := range d.relations {
		d.byCell[r.total] = append(d.byCell[r.total], k)
		for _, p := range r.parts {
			d.byCell[p] = append(d.byCell[p], k)
		}
	}
	for {
		b := d.initial()
		d.propagate(b)
		i := d.exposed(b)
		if i < 0 {
			return
		}
		j := d.complement(i)
		if j < 0 {
			return // every cell related to it is hidden: nothing more to hide
		}
		d.cells[j].c.hideComplementary(d.minCell)
	}
}

// effective reports whether hiding cell j leaves cell i with two values or
// more; j is shown again after.
func (d *disclosure) effective(i, j int) bool {
	saved := *d.cells[j].c
	d.cells[j].c.hideComplementary(d.minCell)
	b := d.initial()
	d.propagate(b)
	*d.cells[j].c = saved
	lo, hi := max(b.lo[i], 1), min(b.hi[i], d.minCell-1)
	return hi-lo >= 1
}

// complement chooses the count to hide for exposed cell i, nearest first:
// the smallest visible part of a relation it is in (the next-smallest
// cell of the same total), else the smallest visible cell of the
// relations it is connected to, one relation further each time. Zeros are
// never hidden (DESIGN §13 shows a zero as 0), and precious counts — the
// participants a reader looks for first — only when no ordinary one of the
// same reach protects it. Of the candidates, the first whose hiding alone
// saves i wins; failing that, the best is hidden and the search goes on.
func (d *disclosure) complement(i int) int {
	// candidates are the visible non-zero cells of the relations of cells,
	// each once: their parts only, or all of their cells.
	candidates := func(cells []int, partsOnly bool) []int {
		var out []int
		seen := make([]bool, len(d.cells))
		seen[i] = true
		add := func(j int) {
			if !seen[j] && !d.cells[j].c.Suppressed && d.cells[j].c.N > 0 {
				out = append(out, j)
			}
			seen[j] = true
		}
		for _, c := range cells {
			for _, k := range d.byCell[c] {
				r := d.relations[k]
				if !partsOnly {
					add(r.total)
				}
				for _, p := range r.parts {
					add(p)
				}
			}
		}
		return out
	}
	// pick tries the few smallest ordinary cells, then the few smallest
	// precious ones, for one that protects i alone.
	pick := func(cands []int) (int, bool) {
		if len(cands) == 0 {
			return -1, false
		}
		var tried []int
		for _, precious := range []bool{false, true} {
			var group []int
			for _, j := range cands {
				if d.precious[j] == precious {
					group = append(group, j)
				}
			}
			slices.SortFunc(group, func(a, b int) int { return d.cells[a].c.N - d.cells[b].c.N })
			tried = append(tried, group[:min(len(group), triedComplements)]...)
		}
		for _, j := range tried {
			if d.effective(i, j) {
				return j, true
			}
		}
		return tried[0], false
	}
	fallback, ok := pick(candidates([]int{i}, true))
	if ok {
		return fallback
	}
	frontier, reached := []int{i}, make([]bool, len(d.cells))
	reached[i] = true
	for depth := 0; len(frontier) > 0 && depth < 4; depth++ {
		j, ok := pick(candidates(frontier, false))
		if ok {
			return j
		}
		if fallback < 0 {
			fallback = j
		}
		var next []int
		for _, c := range frontier {
			for _, k := range d.byCell[c] {
				r := d.relations[k]
				for _, q := range append([]int{r.total}, r.parts...) {
					if !reached[q] {
						reached[q] = true
						next = append(next, q)
					}
				}
			}
		}
		frontier = next
	}
	// No one cell saves it: hide the best candidate and look again.
	return fallback
}

// hideComplementary hides a count to protect another: "c".
func (c *Count) hideComplementary(minCell int) {
	*c = Count{Suppressed: true, Complementary: true, MinCell: minCell}
}
