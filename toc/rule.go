package toc

// Rule picks a measurement strategy for the activities its When expression
// (written in expr) is true for. The engine compiles and evaluates it.
type Rule struct {
	When     string
	Strategy string
	Pos      Pos // of the when value
	// TextPos is where the text of When starts in toc.yaml when every
	// character of it stands on one line as written (a plain scalar, or a
	// quoted one without escapes), so that a column inside the expression
	// maps to a column of the file; zero otherwise.
	TextPos Pos
	// StrategyPos is the position of the strategy value.
	StrategyPos Pos
}

// Strategy is a way to measure an activity, with the evidence level it
// requires: 1 counts, 2 measures before and after, 3 compares with a group
// that did not take part.
type Strategy struct {
	ID            string
	Title         string
	RequiredLevel int
	Pos           Pos
}
