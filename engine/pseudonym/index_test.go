package pseudonym_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/pseudonym"
)

var key = pseudonym.FromBytes(bytes.Repeat([]byte{7}, 32))

// TestIndex_Numbers: participants are numbered in the order they first
// appear, the same pupil (in any case) keeps its number, and each new one's
// pseudonym is the HMAC of its upper-cased identifier.
func TestIndex_Numbers(t *testing.T) {
	x := key.NewIndex()
	var got []int32
	for _, id := range []string{"A1", "b2", "a1", "B2", "c3", "A1"} {
		n, ok := x.Of([]byte(id))
		if !ok {
			t.Fatalf("Of(%q) refused", id)
		}
		got = append(got, n)
	}
	if want := []int32{0, 1, 0, 1, 2, 0}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("numbers %v, want %v", got, want)
	}
	fresh := x.TakeFresh()
	h := key.Hasher()
	for i, id := range []string{"A1", "B2", "C3"} {
		if len(fresh) != 3 || !bytes.Equal(fresh[i][:], h.Sum(id)) {
			t.Fatalf("fresh pseudonym %d is not the HMAC of %s", i, id)
		}
	}
	if f := x.TakeFresh(); len(f) != 0 || x.Len() != 3 {
		t.Errorf("after TakeFresh: %d fresh, %d numbered; want 0 and 3", len(f), x.Len())
	}
}

// TestIndex_Grows: across many growths every identifier keeps its number,
// identifiers that are prefixes of others included.
func TestIndex_Grows(t *testing.T) {
	x := key.NewIndex()
	const n = 200_000
	id := func(i int) []byte { return fmt.Appendf(nil, "P%d", i) } // P1 is a prefix of P10…P19
	for i := range n {
		if got, _ := x.Of(id(i)); got != int32(i) {
			t.Fatalf("new identifier %s numbered %d, want %d", id(i), got, i)
		}
	}
	for i := range n {
		if got, _ := x.Of(id(i)); got != int32(i) {
			t.Fatalf("identifier %s met again numbered %d, want %d", id(i), got, i)
		}
	}
	if x.Len() != n {
		t.Errorf("Len %d, want %d", x.Len(), n)
	}
}

// TestIndex_Limits: past MaxParticipants, or MaxParticipantBytes of
// identifiers, a new participant is refused and nothing is numbered; those
// already numbered are still found.
func TestIndex_Limits(t *testing.T) {
	t.Run("Count", func(t *testing.T) {
		x := key.NewIndex()
		for i := range pseudonym.MaxParticipants {
			if _, ok := x.Of(fmt.Appendf(nil, "%d", i)); !ok {
				t.Fatalf("participant %d refused, under the limit", i)
			}
		}
		x.TakeFresh()
		if _, ok := x.Of([]byte("ONE-TOO-MANY")); ok {
			t.Fatal("participant 1,000,001 numbered")
		}
		if n, ok := x.Of([]byte("999999")); !ok || n != 999_999 {
			t.Errorf("a known participant at the limit: %d %v", n, ok)
		}
		if x.Len() != pseudonym.MaxParticipants || len(x.TakeFresh()) != 0 {
			t.Error("a refused participant was numbered")
		}
	})
	t.Run("Bytes", func(t *testing.T) {
		x := key.NewIndex()
		long := strings.Repeat("X", 4000)
		// 32 MiB / 4,004 bytes = 8,380.4: the 8,381st identifier is refused.
		for i := range 8380 {
			if _, ok := x.Of(fmt.Appendf(nil, "%s%04d", long, i)); !ok {
				t.Fatalf("identifier %d refused, under %d bytes", i, pseudonym.MaxParticipantBytes)
			}
		}
		if _, ok := x.Of([]byte(long + "8380")); ok {
			t.Error("an identifier past MaxParticipantBytes numbered")
		}
		// 261 identifiers fit a block of 1 MiB: numbers 261, 522… start new ones.
		for i := range 8380 {
			if n, _ := x.Of(fmt.Appendf(nil, "%s%04d", long, i)); n != int32(i) {
				t.Fatalf("identifier %d met again numbered %d", i, n)
			}
		}
	})
}

// BenchmarkIndex_Memory numbers a million distinct UPN-like identifiers
// and reports the bytes held per participant, against a map from
// identifier to number (the index before issue 10) measured in the same
// run.
//
//	go test ./engine/pseudonym -run '^$' -bench Index_Memory -benchtime 3x
func BenchmarkIndex_Memory(b *testing.B) {
	const n = 1_000_000
	ids := make([][]byte, n)
	for i := range ids {
		ids[i] = fmt.Appendf(nil, "K%012d", i*7919) // 13 characters, as a UPN
	}
	held := func(fill func() any) float64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		keep := fill()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(keep)
		return float64(after.HeapAlloc-before.HeapAlloc) / n
	}
	var ours, theirs float64
	for range b.N {
		ours = held(func() any {
			x := key.NewIndex()
			for _, id := range ids {
				x.Of(id)
				if x.Len()%4096 == 0 {
					x.TakeFresh() // as a Reader does, batch by batch
				}
			}
			x.TakeFresh()
			return x
		})
		theirs = held(func() any {
			m := map[string]int32{}
			for i, id := range ids {
				m[string(id)] = int32(i)
			}
			return m
		})
	}
	b.ReportMetric(ours, "B/participant")
	b.ReportMetric(theirs, "B/participant-map")
	b.ReportMetric(ours/theirs, "x-map")
}
