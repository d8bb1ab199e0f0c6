// Package rules compiles a partnership's Fiennes rules with expr, once, and
// picks every activity's measurement strategy with them (DESIGN §5.1).
package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

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

// Compile compiles the rules in force: the partnership's own when it has a
// rules: section, else the built-in ones. Every rule that fails to
// compile, is not boolean, or names an unknown strategy is reported in a
// toc.List, positioned at the rule in toc.yaml.
func Compile(p *toc.Partnership) (*Rules, error) {
	src := p.RulesInForce()
	r := &Rules{strategies: p.StrategiesInForce()}
	var errs toc.List
	problem := func(pos toc.Pos, format string, args ...any) {
		errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(format, args...)})
	}
	for i, tr := range src {
		// An empty when or strategy was already reported by toc; the rule
		// keeps its place so that later rules keep their numbers.
		var prog *vm.Program
		if tr.When != "" {
			var err error
			prog, err = expr.Compile(tr.When, expr.Env(Env{}), expr.AsBool(), expr.MaxNodes(maxRuleNodes))
			if err != nil {
				problem(errorPos(tr, err), "rule %d: when %s: %s", i+1, quoteRule(tr.When), exprMessage(err))
			}
		}
		if _, ok := r.strategies[tr.Strategy]; !ok && tr.Strategy != "" {
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
// one line, and says what was expected.
func exprMessage(err error) string {
	msg := exprWhere(err)
	var want string
	switch {
	case strings.HasPrefix(msg, "unknown name "):
		want = "expected one of the variables " + envVariables
	case strings.HasPrefix(msg, "expected bool"):
		want = `expected a true/false expression such as certainty == "high" && participation_level >= 2`
	case strings.Contains(msg, "mismatched types"):
		want = "expected values of the same type: certainty and participation are text, targets_disadvantaged true/false, the others numbers"
	case strings.Contains(msg, "maximum allowed nodes"):
		want = fmt.Sprintf("expected a shorter rule (at most %d operands and operators)", maxRuleNodes)
	default:
		want = `expected an expr expression such as certainty == "high" && participation_level >= 2`
	}
	return msg + ": " + want
}

// errorPos places a compile error in toc.yaml: at the rule's when value
// plus expr's own column inside it (DESIGN §5), so the position points at
// the offending token; at the when value itself when expr gives no position
// (a rule that is not boolean) or the text does not stand on one line as
// written.
func errorPos(tr toc.Rule, err error) toc.Pos {
	var fe *file.Error
	if !errors.As(err, &fe) || fe.Snippet == "" || fe.Line != 1 || tr.TextPos.Line == 0 {
		return tr.Pos
	}
	return toc.Pos{Line: tr.TextPos.Line, Col: tr.TextPos.Col + fe.Column}
}

// exprWhere is expr's message on one line with its line:column inside the
// rule. expr gives no position when the whole rule is not boolean, so that
// one points at the rule's start.
func exprWhere(err error) string {
	msg, line, col := err.Error(), 1, 1
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
		if fe.Snippet != "" {
			line, col = fe.Line, fe.Column+1
		}
	}
	return fmt.Sprintf("%s (%d:%d)", strings.Join(strings.Fields(msg), " "), line, col)
}

// Choose evaluates the rules in order for one activity and returns the
// strategy of the first that is true; ok is false when none is. An error is
// a *RunError.
func (r *Rules) Choose(a *toc.Activity, asOf toc.Period) (toc.Choice, bool, error) {
	return r.choose(&vm.VM{}, a, asOf)
}

// RunError is a rule that compiled but failed while evaluated for an
// activity (an index out of range, a conversion that cannot be made).
type RunError struct {
	Rule     int // 1-based index in the rules in force
	When     string
	Pos      toc.Pos // of the rule's when value
	Activity string
	Err      error
}

// Error says which rule failed for which activity, on one line.
func (e *RunError) Error() string {
	return fmt.Sprintf("rule %d: when %s fails for activity %q: %s: expected a rule that gives true or false for every activity",
		e.Rule, quoteRule(e.When), e.Activity, exprWhere(e.Err))
}

// Unwrap returns expr's error.
func (e *RunError) Unwrap() error { return e.Err }

func (r *Rules) choose(machine *vm.VM, a *toc.Activity, asOf toc.Period) (toc.Choice, bool, error) {
	env := NewEnv(a, asOf)
	for i, ru := range r.rules {
		if ru.prog == nil {
			continue // a rule toc.yaml got wrong, already reported
		}
		out, err := machine.Run(ru.prog, env)
		if err != nil {
			return toc.Choice{Activity: a.ID}, false, &RunError{Rule: i + 1, When: ru.When, Pos: ru.Pos, Activity: a.ID, Err: err}
		}
		if b, _ := out.(bool); b {
			return toc.Choice{Activity: a.ID, Strategy: r.strategies[ru.Strategy], Rule: i + 1, When: ru.When}, true, nil
		}
	}
	return toc.Choice{Activity: a.ID}, false, nil
}

// Plan picks every activity's strategy. An activity that no rule matches is
// reported in a toc.List at its id; a rule that fails while evaluated, at
// the rule, once, for the first activity it fails for.
func (r *Rules) Plan(p *toc.Partnership, asOf toc.Period) ([]toc.Choice, error) {
	var machine vm.VM // one VM reused: a compiled program is shared, a VM is not
	out := make([]toc.Choice, 0, len(p.Activities))
	var errs toc.List
	failed := map[int]bool{}
	for i := range p.Activities {
		a := &p.Activities[i]
		c, ok, err := r.choose(&machine, a, asOf)
		var re *RunError
		switch {
		case errors.As(err, &re):
			if !failed[re.Rule] {
				failed[re.Rule] = true
				errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: re.Pos.Line, Col: re.Pos.Col, Message: re.Error(), Err: re})
			}
		case err != nil:
			errs = append(errs, &toc.Error{Code: toc.EINVALID, File: p.File, Line: a.Pos.Line, Col: a.Pos.Col, Message: err.Error(), Err: err})
		case !ok && a.Certainty.Rank() > 0 && a.Participation.Rank() > 0:
			// (an activity whose levels toc.yaml got wrong is reported once, there)
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

// quoteRule quotes a rule's text for a message, shortened when long.
func quoteRule(when string) string {
	const limit = 60
	if r := []rune(when); len(r) > limit {
		return strconv.Quote(string(r[:limit])) + "…"
	}
	return strconv.Quote(when)
}
