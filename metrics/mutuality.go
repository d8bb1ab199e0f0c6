package metrics

import "github.com/schoolstogether/impact/toc"

// Mutuality quadrants (DESIGN §7.6): where an activity's benefit to its
// provider (internal) and to its partners (external) put it.
const (
	QuadrantWinWin  = "win-win" // both high: the sweet spot
	QuadrantOutward = "outward" // partners benefit, the provider less so
	QuadrantInward  = "inward"  // the provider benefits, partners less so
	QuadrantLow     = "low"
)

// Quadrant places internal and external impact (0..5) in a quadrant; high
// is toc.HighImpact or more.
func Quadrant(internal, external int) string {
	in, ex := internal >= toc.HighImpact, external >= toc.HighImpact
	switch {
	case in && ex:
		return QuadrantWinWin
	case ex:
		return QuadrantOutward
	case in:
		return QuadrantInward
	}
	return QuadrantLow
}

// SchoolGives counts the activities among acts that a school delivers and
// those it is a partner of.
func SchoolGives(school string, acts []*toc.Activity) (provides, receives int) {
	for _, a := range acts {
		if a.Provider == school {
			provides++
		}
		for _, p := range a.Partners {
			if p == school {
				receives++
				break
			}
		}
	}
	return provides, receives
}
