package metrics

// Evidence levels an activity can achieve (DESIGN §7.4).
const (
	LevelNone       = 0 // no rows
	LevelCounted    = 1 // participation or outcome rows
	LevelPrePost    = 2 // a measure with pre and post for enough intervention participants
	LevelComparison = 3 // a measure with enough participants in both groups
)

// MinEvidenceGroup is the group size that levels 2 and 3 ask for.
const MinEvidenceGroup = 10

// MeasureEvidence is what one outcome measure of an activity holds:
// intervention participants with a post score, those of them with a pre
// score too, and comparison participants.
type MeasureEvidence struct {
	Measure                                       string
	Intervention, InterventionPrePost, Comparison int
}

// AchievedLevel is the evidence level an activity's rows reach.
func AchievedLevel(hasRows bool, measures []MeasureEvidence) int {
	level := LevelNone
	if hasRows || len(measures) > 0 {
		level = LevelCounted
	}
	for _, m := range measures {
		if m.Intervention >= MinEvidenceGroup && m.Comparison >= MinEvidenceGroup {
			return LevelComparison
		}
		if m.InterventionPrePost >= MinEvidenceGroup {
			level = LevelPrePost
		}
	}
	return level
}
