package toc

// Rule picks a measurement strategy for the activities its When expression
// (written in expr) is true for; package rules compiles and evaluates it.
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

// BuiltinStrategies are the measurement strategies every partnership has,
// after Fiennes: the more certain an activity's impact and the fewer who take
// part, the more robust the measurement it deserves.
var BuiltinStrategies = []Strategy{
	{ID: "robust", Title: "Robust outcomes: grades, certificates, a comparison group", RequiredLevel: 3},
	{ID: "count", Title: "Count participants", RequiredLevel: 1},
	{ID: "sample", Title: "Outcome measures for a sample of participants", RequiredLevel: 2},
	{ID: "review", Title: "Case studies and review: pilot, or reconsider", RequiredLevel: 1},
	{ID: "pre-post", Title: "Before-and-after measures for participants", RequiredLevel: 2},
}

// BuiltinRules are used when toc.yaml has no rules: section.
//
// Certainty is how directly and surely an activity's effect on its KPIs can
// be attributed to it for each participant (a SCITT and its graduating
// trainees: high; a careers fair and later aspirations: low), not the
// strength of published research. Participation is how many take part.
var BuiltinRules = []Rule{
	{When: `certainty == "high" && participation == "low"`, Strategy: "robust"},
	{When: `certainty == "low" && participation == "high"`, Strategy: "count"},
	{When: `certainty == "high"`, Strategy: "sample"},
	{When: `certainty == "low"`, Strategy: "review"},
	{When: `true`, Strategy: "pre-post"},
}

// RulesInForce are the partnership's own rules when toc.yaml has a rules:
// section, else the built-in ones.
func (p *Partnership) RulesInForce() []Rule {
	if p.HasRules {
		return p.Rules
	}
	return BuiltinRules
}

// StrategiesInForce are the built-in strategies overridden and extended by
// the partnership's own, keyed by id.
func (p *Partnership) StrategiesInForce() map[string]Strategy {
	m := make(map[string]Strategy, len(BuiltinStrategies)+len(p.Strategies))
	for _, s := range BuiltinStrategies {
		m[s.ID] = s
	}
	for _, s := range p.Strategies {
		m[s.ID] = s
	}
	return m
}
