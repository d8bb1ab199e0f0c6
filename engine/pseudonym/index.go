package pseudonym

import (
	"bytes"
	"hash/maphash"
	"strings"
)

// Limits of one import's participants (DESIGN §16): memory stays bounded
// for any file under the upload cap. A million pupils is a census of a
// large local authority; the identifiers of a UPN's length take 13 MiB.
const (
	MaxParticipants     = 1_000_000 // "a million" in the error that names it
	MaxParticipantBytes = 32 << 20
)

// Index numbers the distinct participants of an import in the order they
// first appear, hashing each identifier once. It keeps the identifiers in
// memory only as long as the import lasts, packed end to end: about 25
// bytes a pupil with a UPN's 13 characters, where a map of strings took
// some 70. Not safe for concurrent use.
type Index struct {
	h     *Hasher
	seed  maphash.Seed
	ids   [][]byte // the identifiers, end to end in blocks of idBlock bytes
	start []uint32 // by number: where its identifier starts, counting across blocks
	slots []uint32 // open addressing on maphash: a tag of the hash and number+1 (slot), 0 for empty
	size  int      // bytes of identifiers held
	fresh [][Size]byte
	upper []byte
}

// NewIndex returns an empty index hashing under the key.
func (k *Key) NewIndex() *Index {
	return &Index{h: k.Hasher(), seed: maphash.MakeSeed(), slots: make([]uint32, 1024)}
}

// A slot holds number+1 in its low numberBits and the top bits of the
// identifier's hash above them, so that a probe compares identifiers only
// when their tags agree: at three quarters full, a new identifier probes
// eight slots on average, and comparing each one's identifier was a
// fifth of a census import's reading.
const (
	numberBits = 20
	numberMask = 1<<numberBits - 1
	_          = uint(numberMask - MaxParticipants) // MaxParticipants+1 must fit
)

// slot is what a slot holds for the number n of an identifier hashed to h.
func slot(h uint64, n int32) uint32 {
	return uint32(h>>(64-(32-numberBits)))<<numberBits | uint32(n+1)
}

// Of returns the number of a trimmed participant identifier, upper-casing
// it first, as DESIGN §6 asks. It is false, and numbers nothing, when the
// identifier is new and the import already holds MaxParticipants or
// MaxParticipantBytes of identifiers.
func (x *Index) Of(id []byte) (int32, bool) {
	key := id
	for _, c := range id {
		if c >= 'a' && c <= 'z' || c >= 0x80 {
			key = x.normal(id)
			break
		}
	}
	mask := uint64(len(x.slots) - 1)
	h := maphash.Bytes(x.seed, key)
	tag := slot(h, -1)
	i := h & mask
	for ; x.slots[i] != 0; i = (i + 1) & mask {
		if x.slots[i]&^numberMask != tag {
			continue
		}
		if n := int32(x.slots[i]&numberMask) - 1; bytes.Equal(x.id(n), key) {
			return n, true
		}
	}
	n := int32(len(x.start))
	if n >= MaxParticipants || x.size+len(key) > MaxParticipantBytes || len(key) > idBlock {
		return 0, false
	}
	x.add(key)
	x.slots[i] = slot(h, n)
	if 4*len(x.start) > 3*len(x.slots) {
		x.grow()
	}
	var sum [Size]byte
	copy(sum[:], x.h.sum(key))
	x.fresh = append(x.fresh, sum)
	return n, true
}

// Len is how many participants the index has numbered.
func (x *Index) Len() int { return len(x.start) }

// idBlock is the size of a block of identifiers: they are kept in blocks,
// not one slice, so that holding them never takes twice their size while
// a slice grows. An identifier (a cell, at most 4 KiB) never spans two.
const idBlock = 1 << 20

// add keeps a new identifier, numbering it len(x.start).
func (x *Index) add(id []byte) {
	last := len(x.ids) - 1
	if last < 0 || len(x.ids[last])+len(id) > idBlock {
		x.ids = append(x.ids, make([]byte, 0, max(idBlock, len(id))))
		last++
	}
	x.start = append(x.start, uint32(last*idBlock+len(x.ids[last])))
	x.ids[last] = append(x.ids[last], id...)
	x.size += len(id)
}

// id is the identifier numbered n.
func (x *Index) id(n int32) []byte {
	b, off := x.start[n]/idBlock, x.start[n]%idBlock
	block := x.ids[b]
	end := uint32(len(block))
	if next := int(n) + 1; next < len(x.start) && x.start[next]/idBlock == b {
		end = x.start[next] % idBlock
	}
	return block[off:end]
}

// grow doubles the slots, placing every identifier again.
func (x *Index) grow() {
	x.slots = make([]uint32, 2*len(x.slots))
	mask := uint64(len(x.slots) - 1)
	for n := range int32(len(x.start)) {
		h := maphash.Bytes(x.seed, x.id(n))
		i := h & mask
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = slot(h, n)
	}
}

func (x *Index) normal(id []byte) []byte {
	x.upper = append(x.upper[:0], strings.ToUpper(string(id))...)
	return x.upper
}

// TakeFresh returns the pseudonyms numbered since the last call, in order.
func (x *Index) TakeFresh() [][Size]byte {
	f := x.fresh
	x.fresh = make([][Size]byte, 0, cap(f)) // the next batch's, grown once
	return f
}
