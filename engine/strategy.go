package engine

import "github.com/schoolstogether/impact/toc"

// BuiltinStrategies are the measurement strategies every partnership has,
// after Fiennes: the more certain an activity's impact and the fewer who take
// part, the more robust the measurement it deserves.
var BuiltinStrategies = []toc.Strategy{
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
var BuiltinRules = []toc.Rule{
	{When: `certainty == "high" && participation == "low"`, Strategy: "robust"},
	{When: `certainty == "low" && participation == "high"`, Strategy: "count"},
	{When: `certainty == "high"`, Strategy: "sample"},
	{When: `certainty == "low"`, Strategy: "review"},
	{When: `true`, Strategy: "pre-post"},
}

// strategies returns the built-in strategies overridden and extended by the
// partnership's own, keyed by id.
func strategies(p *toc.Partnership) map[string]toc.Strategy {
	m := make(map[string]toc.Strategy, len(BuiltinStrategies)+len(p.Strategies))
	for _, s := range BuiltinStrategies {
		m[s.ID] = s
	}
	for _, s := range p.Strategies {
		m[s.ID] = s
	}
	return m
}
