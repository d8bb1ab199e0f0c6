package rules

import (
	"errors"

	"github.com/schoolstogether/impact/toc"
)

// Load reads toc.yaml at path, compiles its rules and plans every
// activity with asOf the current academic year. Problems of all three steps
// come back together, sorted, as one toc.List, with the plan as far as it
// could be made.
func Load(path string, asOf toc.Period) (*toc.Plan, error) {
	p, err := toc.Load(path)
	return plan(p, err, asOf)
}

// Parse is Load for toc.yaml held in src; file names it in messages.
func Parse(file string, src []byte, asOf toc.Period) (*toc.Plan, error) {
	p, err := toc.Parse(file, src)
	return plan(p, err, asOf)
}

// plan compiles and applies the rules of a partnership as far as it could
// be read, adding their problems to those of reading it.
func plan(p *toc.Partnership, err error, asOf toc.Period) (*toc.Plan, error) {
	var errs toc.List
	if err != nil {
		if p == nil || !errors.As(err, &errs) {
			return nil, err
		}
	}
	plan := &toc.Plan{ToC: p}
	rules, err := Compile(p)
	if err != nil {
		var rerrs toc.List
		errors.As(err, &rerrs)
		errs = append(errs, rerrs...)
	} else {
		choices, err := rules.Plan(p, asOf)
		var perrs toc.List
		if errors.As(err, &perrs) {
			errs = append(errs, perrs...)
		}
		plan.Choices = choices
	}
	if len(errs) > 0 {
		errs.Sort()
		return plan, errs.Capped(toc.MaxProblems)
	}
	return plan, nil
}
