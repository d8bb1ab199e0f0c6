package metrics

import "math/bits"

// bitset is a set of small non-negative integers: the dense indexes that
// stand for pupils while rows are counted. 10,000 pupils take 1.25 KB.
type bitset []uint64

func (b *bitset) add(i int32) {
	w := int(i >> 6)
	if w >= len(*b) {
		grown := make(bitset, w+1, 2*(w+1))
		copy(grown, *b)
		*b = grown
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

func (b bitset) has(i int32) bool {
	w := int(i >> 6)
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// countAnd is the size of the intersection of b and c.
func (b bitset) countAnd(c bitset) int {
	n := 0
	for i := 0; i < len(b) && i < len(c); i++ {
		n += bits.OnesCount64(b[i] & c[i])
	}
	return n
}

// each calls fn for every member, ascending.
func (b bitset) each(fn func(i int32)) {
	for w, word := range b {
		for word != 0 {
			fn(int32(w<<6 + bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// or adds every member of c to b.
func (b *bitset) or(c bitset) {
	if len(c) > len(*b) {
		grown := make(bitset, len(c))
		copy(grown, *b)
		*b = grown
	}
	for i, w := range c {
		(*b)[i] |= w
	}
}
