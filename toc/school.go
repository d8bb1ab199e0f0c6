package toc

// Phases a school may give.
var Phases = []string{"primary", "secondary", "all-through", "special", "college", "other"}

// School is a member of the partnership.
type School struct {
	ID    string
	Name  string
	Phase string // one of Phases, or empty
	// Pupils and DisadvantagedPct (pupils eligible for Pupil Premium, 0..100)
	// are nil when toc.yaml does not give them.
	Pupils           *int
	DisadvantagedPct *float64
	Pos              Pos // of the id value
}
