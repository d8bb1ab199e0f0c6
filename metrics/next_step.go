package metrics

import "fmt"

// NextStep is the cheapest change that would bring an activity's evidence
// to the level its strategy requires (issue 16; the levels of DESIGN
// §7.4): the fewest pupils' scores to add, on the measure nearest to it.
// It is "" when the activity has the evidence it needs.
//
//   - level 1 needs any row: record who took part.
//   - level 2 needs one measure with pre and post for MinEvidenceGroup
//     intervention pupils: on the measure with most such pupils, pupils
//     with a post score only need a pre-score; the rest, both.
//   - level 3 needs one measure with MinEvidenceGroup pupils in each
//     group: on the measure needing fewest more, that many intervention
//     and comparison pupils' scores.
func NextStep(required, achieved int, measures []MeasureEvidence) string {
	if achieved >= required {
		return ""
	}
	const n = MinEvidenceGroup
	switch required {
	case LevelCounted:
		return "record who took part: import a register or participation rows"
	case LevelPrePost:
		best, need := -1, n+1
		for i, m := range measures {
			if k := max(0, n-m.InterventionPrePost); k < need {
				best, need = i, k
			}
		}
		if best < 0 {
			return fmt.Sprintf("record before-and-after scores on one measure for %d participants", n)
		}
		m := measures[best]
		postOnly := min(m.Intervention-m.InterventionPrePost, need)
		switch {
		case postOnly == need:
			return fmt.Sprintf("add pre-scores for %s on %s", pupils(need), m.Measure)
		case postOnly > 0:
			return fmt.Sprintf("add pre-scores for %s and before-and-after scores for %s on %s", pupils(postOnly), more(need-postOnly), m.Measure)
		}
		return fmt.Sprintf("add before-and-after scores for %s on %s", more(need), m.Measure)
	case LevelComparison:
		best, cost := -1, 2*n+1
		for i, m := range measures {
			if k := max(0, n-m.Intervention) + max(0, n-m.Comparison); k < cost {
				best, cost = i, k
			}
		}
		if best < 0 {
			return fmt.Sprintf("record outcome scores on one measure for %d participants and a comparison group of %d", n, n)
		}
		m := measures[best]
		addI, addC := max(0, n-m.Intervention), max(0, n-m.Comparison)
		comparison := fmt.Sprintf("%s in the comparison group", more(addC))
		if m.Comparison == 0 {
			comparison = fmt.Sprintf("a comparison group of at least %d", n)
		}
		switch {
		case addI == 0:
			return fmt.Sprintf("add %s on %s", comparison, m.Measure)
		case addC == 0:
			return fmt.Sprintf("add scores for %d more participants on %s", addI, m.Measure)
		}
		return fmt.Sprintf("add scores for %d more participants and %s on %s", addI, comparison, m.Measure)
	}
	return ""
}

// NextStepInGeneral is NextStep for a funder: the rule, no count, so that
// no small group's size can be worked out from what is missing.
func NextStepInGeneral(required, achieved int) string {
	if achieved >= required {
		return ""
	}
	switch required {
	case LevelCounted:
		return NextStep(required, achieved, nil)
	case LevelPrePost:
		return fmt.Sprintf("before-and-after scores on one measure for at least %d participants", MinEvidenceGroup)
	}
	return fmt.Sprintf("outcome scores on one measure for at least %d participants and %d in a comparison group", MinEvidenceGroup, MinEvidenceGroup)
}

// more is "1 more pupil", "5 more pupils".
func more(k int) string {
	if k == 1 {
		return "1 more pupil"
	}
	return fmt.Sprintf("%d more pupils", k)
}

func pupils(k int) string {
	if k == 1 {
		return "1 pupil"
	}
	return fmt.Sprintf("%d pupils", k)
}
