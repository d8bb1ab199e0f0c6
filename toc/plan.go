package toc

// Plan is a theory of change with every activity's measurement strategy
// chosen by the rules in force (package rules makes it).
type Plan struct {
	ToC     *Partnership
	Choices []Choice // one per activity, in toc.yaml order
}

// Choice is the strategy the rules pick for one activity.
type Choice struct {
	Activity string
	Strategy Strategy
	Rule     int    // 1-based index of the rule that matched in the rules in force
	When     string // that rule's expression
}

// Choice returns the choice for an activity id, or a zero Choice.
func (p *Plan) Choice(activity string) Choice {
	for _, c := range p.Choices {
		if c.Activity == activity {
			return c
		}
	}
	return Choice{}
}
