package metrics

import (
	"math/rand/v2"
	"testing"
)

// A bitset holds exactly what was added, in any order, through growth
// in place and by copying, and a union holds both sides.
func TestBitset(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var b bitset
	want := map[int32]bool{}
	for range 20_000 {
		// Mostly ascending, as pupils are numbered, with some going back.
		i := int32(len(want)*3 + r.IntN(400) - 200)
		if i < 0 {
			i = 0
		}
		b.add(i)
		want[i] = true
	}
	for i := range int32(70_000) {
		if b.has(i) != want[i] {
			t.Fatalf("has(%d) = %v, want %v", i, b.has(i), want[i])
		}
	}
	if b.count() != len(want) {
		t.Errorf("count %d, want %d", b.count(), len(want))
	}
	// A union that lengthens a set within its capacity empties the words
	// it takes back: 1,000 was cut off and must not return.
	var c, d bitset
	c.add(5)
	c.add(1_000)
	c.add(200_000) // capacity for 6,250 words
	c = c[:1]      // the word of 5 only
	d.add(70_000)
	c.or(d) // 1,094 words, within the capacity
	if c.has(1_000) || !c.has(5) || !c.has(70_000) || c.count() != 2 {
		t.Errorf("union: has(1000) %v, has(5) %v, has(70000) %v, count %d; want false, true, true, 2",
			c.has(1_000), c.has(5), c.has(70_000), c.count())
	}
}

// BenchmarkBitset_Schools adds a million pupils, numbered in the order
// they are met, to the bitsets of 1,000 schools (pupil i at school
// i%1000), as a Tally does for BenchmarkScale's partnership: B/op is what
// the growth allocates (each school's set ends at 125 KB; 1,000 of them
// are 125 MB).
//
//	go test ./metrics -run '^$' -bench Bitset_Schools -benchmem
func BenchmarkBitset_Schools(b *testing.B) {
	for b.Loop() {
		schools := make([]bitset, 1000)
		for i := range int32(1_000_000) {
			schools[i%1000].add(i)
		}
	}
}
