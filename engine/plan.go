package engine

import (
	"errors"

	"github.com/schoolstogether/impact/toc"
)

// Plan is a theory of change with its rules compiled and every activity's
// strategy chosen.
type Plan struct {
	ToC     *toc.Partnership
	Rules   *Rules
	Choices []Choice // one per activity, in toc.yaml order
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

// LoadPlan reads toc.yaml at path, compiles its rules and plans every
// activity with asOf the current academic year. Problems of all three steps
// come back together, sorted, as one toc.List.
func LoadPlan(path string, asOf toc.Period) (*Plan, error) {
	p, err := toc.Load(path)
	return plan(p, err, asOf)
}

// ParsePlan is LoadPlan for toc.yaml held in src; file names it in messages.
func ParsePlan(file string, src []byte, asOf toc.Period) (*Plan, error) {
	p, err := toc.Parse(file, src)
	return plan(p, err, asOf)
}

// plan compiles and applies the rules of a partnership as far as it could
// be read, adding their problems to those of reading it.
func plan(p *toc.Partnership, err error, asOf toc.Period) (*Plan, error) {
	var errs toc.List
	if err != nil {
		if !errors.As(err, &errs) {
			return nil, err
		}
	}
	plan := &Plan{ToC: p}
	rules, err := CompileRules(p)
	if err != nil {
		var rerrs toc.List
		errors.As(err, &rerrs)
		errs = append(errs, rerrs...)
	} else {
		plan.Rules = rules
		choices, err := rules.Plan(p, asOf)
		var perrs toc.List
		if errors.As(err, &perrs) {
			errs = append(errs, perrs...)
		}
		plan.Choices = choices
	}
	if len(errs) > 0 {
		errs.Sort()
		return plan, errs
	}
	return plan, nil
}
