package engine

import (
	"errors"
	"fmt"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/schoolstogether/impact/toc"
)

// maxRuleNodes bounds a rule's size so a hostile toc.yaml cannot make
// compilation or evaluation expensive.
const maxRuleNodes = 500

// Rules are a partnership's rules compiled once; a *Rules is safe for
// concurrent use.
type Rules struct {
	rules      []rule
	strategies map[string]toc.Strategy
}

type rule struct {
	toc.Rule
	prog *vm.Program
}

// Choice is the strategy the rules pick for one activity.
type Choice struct {
	Activity string
	Strategy toc.Strategy
	Rule     int // 1-based index of the rule that matched in the rules in force
}

// CompileRules compiles the rules in force: the partnership's own when it
// has a rules: section, else the built-in ones. Every rule that fails to
// compile, is not boolean, or names an unknown strategy is reported in a
// toc.List, positioned at the rule in toc.yaml.
func CompileRules(p *toc.Partnership) (*Rules, error) {
	src := BuiltinRules
	if p.HasRules {
		src = p.Rules
	}
	r := &Rules{strategies: strategies(p)}
	var errs toc.List
	problem := func(pos toc.Pos, format string, args ...any) {
		errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(format, args...)})
	}
	for i, tr := range src {
		prog, err := expr.Compile(tr.When, expr.Env(Env{}), expr.AsBool(), expr.MaxNodes(maxRuleNodes))
		if err != nil {
			problem(tr.Pos, "rule %d: when %q: %s: expected a true/false expression over %s", i+1, tr.When, exprMessage(err), envVariables)
		}
		if _, ok := r.strategies[tr.Strategy]; !ok {
			problem(tr.StrategyPos, "rule %d: unknown strategy %q: expected a built-in strategy (robust, count, sample, review, pre-post) or one under strategies:", i+1, tr.Strategy)
		}
		r.rules = append(r.rules, rule{Rule: tr, prog: prog})
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return r, nil
}

// envVariables lists the variables of Env for error messages.
const envVariables = "certainty, participation, certainty_level, participation_level, partners, leads, years_running, funding_total, targets_disadvantaged, internal_impact, external_impact"

// exprMessage keeps expr's message and its line:column inside the rule, on
// one line.
func exprMessage(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		if fe.Snippet == "" {
			return fe.Message
		}
		return fmt.Sprintf("%s (%d:%d)", fe.Message, fe.Line, fe.Column+1)
	}
	return err.Error()
}

// Choose evaluates the rules in order for one activity and returns the
// strategy of the first that is true; ok is false when none is.
func (r *Rules) Choose(a *toc.Activity, asOf toc.Period) (Choice, bool, error) {
	return r.choose(&vm.VM{}, a, asOf)
}

func (r *Rules) choose(machine *vm.VM, a *toc.Activity, asOf toc.Period) (Choice, bool, error) {
	env := NewEnv(a, asOf)
	for i, ru := range r.rules {
		out, err := machine.Run(ru.prog, env)
		if err != nil {
			return Choice{}, false, fmt.Errorf("rule %d for activity %s: %w", i+1, a.ID, err)
		}
		if b, _ := out.(bool); b {
			return Choice{Activity: a.ID, Strategy: r.strategies[ru.Strategy], Rule: i + 1}, true, nil
		}
	}
	return Choice{Activity: a.ID}, false, nil
}

// Plan picks every activity's strategy. An activity that no rule matches,
// or whose rules fail at run time, is reported in a toc.List at its id.
func (r *Rules) Plan(p *toc.Partnership, asOf toc.Period) ([]Choice, error) {
	var machine vm.VM // one VM reused: a compiled program is shared, a VM is not
	out := make([]Choice, 0, len(p.Activities))
	var errs toc.List
	for i := range p.Activities {
		a := &p.Activities[i]
		c, ok, err := r.choose(&machine, a, asOf)
		switch {
		case err != nil:
			errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: a.Pos.Line, Col: a.Pos.Col, Message: err.Error()})
		case !ok:
			errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: a.Pos.Line, Col: a.Pos.Col,
				Message: fmt.Sprintf("no rule matches activity %q: add a rule that does, or end the rules with `when: true`", a.ID)})
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		errs.Sort()
		return out, errs
	}
	return out, nil
}
