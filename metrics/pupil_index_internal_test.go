package metrics

import "testing"

// Pupils are numbered in the order met whatever their ids: ones near the
// count met through the slice, negative and far ones through the map (a
// far one first, then ids that reach it), and one met again keeps its
// number.
func TestPupilIndex(t *testing.T) {
	x := pupilIndex{big: map[int64]int32{}}
	// 5, 1: the slice; 2^40, -3: the map; 70,000: past 4×3+4,096, the map;
	// then 4,099: 4×6+4,096 = 4,120, the slice; 0: the slice.
	ids := []int64{5, 1, 1 << 40, -3, 70_000, 4_099, 0}
	for i, id := range ids {
		if _, ok := x.of(id); ok {
			t.Fatalf("id %d found before it was met", id)
		}
		x.set(id, int32(i))
	}
	for i, id := range ids {
		if got, ok := x.of(id); !ok || got != int32(i) {
			t.Errorf("of(%d) = %d, %v; want %d", id, got, ok, i)
		}
	}
	for _, id := range []int64{2, 4, 6, 4_098, 69_999, 1<<40 + 1, -2} {
		if _, ok := x.of(id); ok {
			t.Errorf("of(%d): found, never met", id)
		}
	}
	if x.n != len(ids) || len(x.big) != 3 || len(x.small) != 4_100 {
		t.Errorf("%d numbered, %d in the map, slice of %d; want %d, 3 (2^40, -3, 70,000) and 4,100", x.n, len(x.big), len(x.small), len(ids))
	}
}
