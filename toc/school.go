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
	// URN and LAEstab are the school's numbers in the DfE's register (the
	// unique reference number; the local authority and establishment
	// number), by which school systems' exports may name it; "" when not
	// given.
	URN, LAEstab string
	Pos          Pos // of the id value
}
