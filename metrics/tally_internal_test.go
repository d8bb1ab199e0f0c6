package metrics

import (
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// A school's participants are the distinct pupils of the rows naming it,
// however many rows, and a pupil rows place in two schools counts in both.
func TestTally_SchoolPupils(t *testing.T) {
	tl := NewTally()
	for _, r := range []struct {
		pupil  int64
		school string
	}{
		{1, "x"}, {1, "y"}, {1, "x"}, {1, "y"}, // pupil 1: x and y
		{2, "x"}, {2, "x"}, // pupil 2: x
		{3, "y"}, {3, "x"}, {3, "z"}, {3, "y"}, // pupil 3: y, x and z
		{4, ""}, // no school
	} {
		tl.AddParticipation(&toc.ParticipationRow{Activity: "a", Date: "2024-01-08", Period: 2023, Pupil: r.pupil, School: r.school})
	}
	// x: pupils 1, 2, 3; y: 1, 3; z: 3.
	want := map[string]int{"x": 3, "y": 2, "z": 1}
	for id, n := range want {
		if got := tl.schoolN[tl.schoolIdx[id]]; got != n {
			t.Errorf("school %s: %d pupils, want %d", id, got, n)
		}
	}
	if len(tl.schoolN) != 3 {
		t.Errorf("%d schools counted, want 3 (a row naming none names no school)", len(tl.schoolN))
	}
}
