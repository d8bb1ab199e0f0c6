package metrics

import (
	"hash/maphash"
	"sync"
)

// Protection remembers the counts of the last funder view it protected, so
// that a result with the same counts of people — after a KPI value is
// logged, which moves no count — is given the same hidden cells without
// working them out again: complementary suppression costs the demo a
// second and a half, and a stream of logged values would pay it at every
// one. The cells a funder sees depend on the director's counts alone, so
// equal counts mean an equal pattern. Safe for concurrent use; the zero
// Protection is empty.
type Protection struct {
	mu    sync.Mutex
	key   uint64
	n     int
	views []Count
}

var protectionSeed = maphash.MakeSeed()

// protectionKey fingerprints the director's counts a view is made from,
// in their order, and min_cell.
func protectionKey(counts []viewCount, minCell int) uint64 {
	var h maphash.Hash
	h.SetSeed(protectionSeed)
	var b [8]byte
	put := func(v int) {
		for i := range b {
			b[i] = byte(uint64(v) >> (8 * i))
		}
		h.Write(b[:])
	}
	put(minCell)
	put(len(counts))
	for _, c := range counts {
		put(c.truth.N)
	}
	return h.Sum64()
}

// recall gives the views the protected counts had, when counts are the
// ones remembered.
func (p *Protection) recall(counts []viewCount, key uint64) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.views == nil || p.key != key || p.n != len(counts) {
		return false
	}
	for i, c := range counts {
		*c.view = p.views[i]
	}
	return true
}

// keep remembers the views of counts once they are protected.
func (p *Protection) keep(counts []viewCount, key uint64) {
	if p == nil {
		return
	}
	views := make([]Count, len(counts))
	for i, c := range counts {
		views[i] = *c.view
	}
	p.mu.Lock()
	p.key, p.n, p.views = key, len(counts), views
	p.mu.Unlock()
}
