package metrics_test

import (
	"testing"

	"github.com/schoolstogether/impact/metrics"
)

// TestNextStep: the cheapest change to reach the required level, worked
// by hand from the levels of DESIGN §7.4 (groups of 10).
func TestNextStep(t *testing.T) {
	for _, c := range []struct {
		name               string
		required, achieved int
		measures           []metrics.MeasureEvidence
		want               string
	}{
		{"NoGap", 2, 2, nil, ""},
		{"NoRows", 1, 0, nil, "record who took part: import a register or participation rows"},
		{"PrePostNoOutcomes", 2, 1, nil, "record before-and-after scores on one measure for 10 participants"},
		// 12 with a post score, 3 of them with a pre: 7 more pairs are
		// needed, and 9 pupils have a post score only.
		{"PreScoresOnly", 2, 1, []metrics.MeasureEvidence{{Measure: "reading-age", Intervention: 12, InterventionPrePost: 3}}, "add pre-scores for 7 pupils on reading-age"},
		// 5 with post, 2 with pre: 8 more pairs; 3 have post only, so 3
		// pre-scores and 5 new pupils with both.
		{"PreAndNew", 2, 1, []metrics.MeasureEvidence{{Measure: "m", Intervention: 5, InterventionPrePost: 2}}, "add pre-scores for 3 pupils and before-and-after scores for 5 more pupils on m"},
		// The nearer of two measures: b needs 1 more pair, a needs 6.
		{"NearerMeasure", 2, 1, []metrics.MeasureEvidence{{Measure: "a", Intervention: 4, InterventionPrePost: 4}, {Measure: "b", Intervention: 9, InterventionPrePost: 9}}, "add before-and-after scores for 1 more pupil on b"},
		{"ComparisonNone", 3, 2, []metrics.MeasureEvidence{{Measure: "grade", Intervention: 14, InterventionPrePost: 14}}, "add a comparison group of at least 10 on grade"},
		// 8 and 6: 2 + 4 = 6 more, against 0 + 10 on the other measure.
		{"ComparisonBoth", 3, 1, []metrics.MeasureEvidence{{Measure: "x", Intervention: 8, Comparison: 6}, {Measure: "y", Intervention: 12}}, "add scores for 2 more participants and 4 more pupils in the comparison group on x"},
		{"ComparisonParticipants", 3, 1, []metrics.MeasureEvidence{{Measure: "x", Intervention: 7, Comparison: 11}}, "add scores for 3 more participants on x"},
		{"ComparisonNoOutcomes", 3, 1, nil, "record outcome scores on one measure for 10 participants and a comparison group of 10"},
	} {
		if got := metrics.NextStep(c.required, c.achieved, c.measures); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := metrics.NextStepInGeneral(2, 1); got != "before-and-after scores on one measure for at least 10 participants" {
		t.Errorf("a funder's next step: %q", got)
	}
	if got := metrics.NextStepInGeneral(3, 3); got != "" {
		t.Errorf("no gap, a funder's next step: %q", got)
	}
}
