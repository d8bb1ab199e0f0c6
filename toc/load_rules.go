package toc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

func (d *decoder) rules(p *Partnership, n ast.Node) {
	items, _ := d.seq(n, "rules", false)
	p.Rules = []Rule{}
	for i, item := range items {
		// A rule with a problem keeps its place, empty where it is wrong, so
		// later rules keep their numbers in messages and the engine does not
		// report the same mistake again.
		f, ok := d.mapping(item, fmt.Sprintf("rule %d", i+1), "!when", "!strategy")
		if !ok {
			p.Rules = append(p.Rules, Rule{Pos: posOf(item), StrategyPos: posOf(item)})
			continue
		}
		r := Rule{Pos: f.start, StrategyPos: f.start}
		if v, ok := f.get("when"); ok {
			r.Pos = posOf(v)
			if b, ok := unwrap(v).(*ast.BoolNode); ok {
				r.When = strconv.FormatBool(b.Value) // True, TRUE: expr knows only true
			} else {
				r.When, _ = d.text(v, fmt.Sprintf("rule %d: when", i+1))
				r.TextPos = textPos(v, r.Pos, r.When)
			}
		}
		if v, ok := f.get("strategy"); ok {
			r.StrategyPos = posOf(v)
			if id, ok := d.id(v, fmt.Sprintf("rule %d: strategy", i+1)); ok {
				r.Strategy = id
			}
		}
		p.Rules = append(p.Rules, r)
	}
}

func (d *decoder) strategies(p *Partnership, n ast.Node) {
	n = unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		d.errorf(posOf(n), "strategies: expected a mapping of strategy ids to {title, required_level}, got %s", kind(n))
		return
	}
	ids := seen{}
	for _, mv := range values {
		id, ok := d.id(mv.Key, "strategy id")
		if !ok {
			continue
		}
		d.unique(ids, id, mv.Key, "strategy")
		// Kept even when a field is wrong, so rules naming it are not also
		// reported as naming an unknown strategy.
		s := Strategy{ID: id, Pos: posOf(mv.Key)}
		if f, ok := d.mapping(mv.Value, "strategy "+id, "!title", "!required_level"); ok {
			if v, ok := f.get("title"); ok {
				s.Title, _ = d.text(v, "strategy title")
			}
			if v, ok := f.get("required_level"); ok {
				s.RequiredLevel, _ = d.integer(v, "required_level", 1, 3)
			}
		}
		p.Strategies = append(p.Strategies, s)
	}
}

// textPos is where a scalar's text starts when it is written on one line
// character for character: plain, or quoted with no escapes.
func textPos(n ast.Node, pos Pos, text string) Pos {
	str, ok := unwrap(n).(*ast.StringNode)
	if !ok || str.Token == nil || strings.ContainsAny(text, "\n\r") {
		return Pos{}
	}
	tk := str.Token
	switch tk.Type {
	case token.StringType:
		if strings.TrimSpace(tk.Origin) != text {
			return Pos{} // folded over lines
		}
		return pos
	case token.DoubleQuoteType:
		if strings.Contains(text, `\`) || strings.Contains(tk.Origin, `\`) {
			return Pos{}
		}
		return Pos{pos.Line, pos.Col + 1}
	case token.SingleQuoteType:
		if strings.Contains(tk.Origin, "''") {
			return Pos{}
		}
		return Pos{pos.Line, pos.Col + 1}
	}
	return Pos{}
}
