package metrics

import "slices"

// pupilIndex numbers the pupils a Tally meets, densely, in the order met.
// The stores' pupil ids are themselves small and dense (1, 2, 3, … a
// partnership), so most are found in a slice by id; a map takes the ids
// far beyond the pupils met so far (the slice grows only with the pupils).
// A map of a million pupils was the tally's largest cost after its
// bitsets: a cache miss a row, and some 40 MB.
type pupilIndex struct {
	small []int32 // by id: dense index + 1, 0 for not met (or in big)
	big   map[int64]int32
	n     int // pupils numbered
}

func (x *pupilIndex) of(id int64) (int32, bool) {
	if id >= 0 && id < int64(len(x.small)) && x.small[id] != 0 {
		return x.small[id] - 1, true
	}
	if len(x.big) == 0 {
		return 0, false
	}
	i, ok := x.big[id]
	return i, ok
}

// set numbers a pupil not met before.
func (x *pupilIndex) set(id int64, i int32) {
	x.n++
	if id < 0 || id >= int64(4*x.n+4096) {
		x.big[id] = i
		return
	}
	if need := int(id) + 1; need > len(x.small) {
		// The words past the length were never written: they are zero.
		x.small = slices.Grow(x.small, need-len(x.small))[:need]
	}
	x.small[id] = i + 1
}
