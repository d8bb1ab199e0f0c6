package metrics_test

import (
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

func school(id string, pupils *int, pct *float64) *toc.School {
	return &toc.School{ID: id, Pupils: pupils, DisadvantagedPct: pct}
}

func intp(v int) *int           { return &v }
func floatp(v float64) *float64 { return &v }

func TestShares(t *testing.T) {
	a := school("a", intp(200), floatp(10))
	b := school("b", intp(300), floatp(30))
	noFigures := school("c", nil, nil)
	noPct := school("d", intp(1000), nil)
	t.Run("SchoolsWithoutFiguresLeftOut", func(t *testing.T) {
		// (200·0.10 + 300·0.30)/(200 + 300) = 110/500 = 0.22; 3 of 5 known = 0.6;
		// 0.6/0.22 = 2.727272727.
		d := metrics.Shares(3, 5, []*toc.School{a, noFigures, b, noPct})
		near(t, "participant_share", d.ParticipantShare, 0.6)
		near(t, "population_share", d.PopulationShare, 0.22)
		near(t, "targeting_ratio", d.TargetingRatio, 0.6/0.22)
	})
	t.Run("NoneKnown", func(t *testing.T) {
		d := metrics.Shares(0, 0, []*toc.School{a})
		if d.ParticipantShare != nil || d.TargetingRatio != nil {
			t.Errorf("shares = %v, %v, want null", d.ParticipantShare, d.TargetingRatio)
		}
		near(t, "population_share", d.PopulationShare, 0.10)
	})
	t.Run("NoSchoolWithFigures", func(t *testing.T) {
		d := metrics.Shares(1, 4, []*toc.School{noFigures, noPct})
		near(t, "participant_share", d.ParticipantShare, 0.25)
		if d.PopulationShare != nil || d.TargetingRatio != nil {
			t.Errorf("population, ratio = %v, %v, want null", d.PopulationShare, d.TargetingRatio)
		}
	})
	t.Run("NoDisadvantagedPupilsInSchools", func(t *testing.T) {
		// A population share of 0 leaves the ratio undefined.
		d := metrics.Shares(1, 4, []*toc.School{school("e", intp(100), floatp(0))})
		near(t, "population_share", d.PopulationShare, 0)
		if d.TargetingRatio != nil {
			t.Errorf("ratio = %v, want null", *d.TargetingRatio)
		}
	})
}

func TestAchievedLevel(t *testing.T) {
	for _, c := range []struct {
		name     string
		hasRows  bool
		measures []metrics.MeasureEvidence
		want     int
	}{
		{"NoRows", false, nil, 0},
		{"ParticipationOnly", true, nil, 1},
		{"OutcomeRowsOnly", false, []metrics.MeasureEvidence{{Intervention: 1}}, 1},
		{"NinePrePost", true, []metrics.MeasureEvidence{{Intervention: 12, InterventionPrePost: 9}}, 1},
		{"TenPrePost", true, []metrics.MeasureEvidence{{Intervention: 10, InterventionPrePost: 10}}, 2},
		{"TenAndNineComparison", true, []metrics.MeasureEvidence{{Intervention: 10, InterventionPrePost: 10, Comparison: 9}}, 2},
		{"TenAndTenWithoutPre", true, []metrics.MeasureEvidence{{Intervention: 10, Comparison: 10}}, 3},
		{"LevelsFromDifferentMeasures", true, []metrics.MeasureEvidence{{Intervention: 9, Comparison: 30}, {Intervention: 11, InterventionPrePost: 11}}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := metrics.AchievedLevel(c.hasRows, c.measures); got != c.want {
				t.Errorf("AchievedLevel = %d, want %d", got, c.want)
			}
		})
	}
}

func TestQuadrant(t *testing.T) {
	for _, c := range []struct {
		internal, external int
		want               string
	}{
		{3, 3, "win-win"}, {5, 4, "win-win"}, {2, 3, "outward"}, {0, 5, "outward"},
		{3, 2, "inward"}, {2, 2, "low"}, {0, 0, "low"},
	} {
		t.Run(c.want, func(t *testing.T) {
			if got := metrics.Quadrant(c.internal, c.external); got != c.want {
				t.Errorf("Quadrant(%d, %d) = %q, want %q", c.internal, c.external, got, c.want)
			}
		})
	}
}

func TestSchoolGives(t *testing.T) {
	acts := []*toc.Activity{
		{ID: "1", Provider: "a", Partners: []string{"b"}},
		{ID: "2", Provider: "b", Partners: []string{"a", "c"}},
		{ID: "3", Provider: "a", Partners: []string{"c"}},
	}
	for _, c := range []struct {
		school             string
		provides, receives int
	}{{"a", 2, 1}, {"b", 1, 1}, {"c", 0, 2}, {"d", 0, 0}} {
		t.Run(c.school, func(t *testing.T) {
			p, r := metrics.SchoolGives(c.school, acts)
			if p != c.provides || r != c.receives {
				t.Errorf("SchoolGives(%s) = %d, %d, want %d, %d", c.school, p, r, c.provides, c.receives)
			}
		})
	}
}
