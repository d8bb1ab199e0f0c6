package pseudonym

import "strings"

// Index numbers the distinct participants of an import in the order they
// first appear, hashing each identifier once. It keeps the identifiers in
// memory only as long as the import lasts. Not safe for concurrent use.
type Index struct {
	h     *Hasher
	index map[string]int32
	fresh [][Size]byte // pseudonyms numbered since the last TakeFresh
	next  int32
	upper []byte
}

// NewIndex returns an empty index hashing under the key.
func (k *Key) NewIndex() *Index {
	return &Index{h: k.Hasher(), index: map[string]int32{}}
}

// Of returns the number of a trimmed participant identifier, upper-casing
// it first, as DESIGN §6 asks.
func (x *Index) Of(id []byte) int32 {
	key := id
	for _, c := range id {
		if c >= 'a' && c <= 'z' || c >= 0x80 {
			key = x.normal(id)
			break
		}
	}
	if i, ok := x.index[string(key)]; ok {
		return i
	}
	i := x.next
	x.next++
	x.index[string(key)] = i
	var sum [Size]byte
	copy(sum[:], x.h.Sum(string(key)))
	x.fresh = append(x.fresh, sum)
	return i
}

func (x *Index) normal(id []byte) []byte {
	x.upper = append(x.upper[:0], strings.ToUpper(string(id))...)
	return x.upper
}

// TakeFresh returns the pseudonyms numbered since the last call, in order.
func (x *Index) TakeFresh() [][Size]byte {
	f := x.fresh
	x.fresh = nil
	return f
}
