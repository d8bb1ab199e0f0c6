package toc

import (
	"github.com/goccy/go-yaml/ast"
)

func (d *decoder) rules(p *Partnership, n ast.Node) {
	items, _ := d.seq(n, "rules", false)
	p.Rules = []Rule{}
	for _, item := range items {
		f, ok := d.mapping(item, "rule", "!when", "!strategy")
		if !ok {
			continue
		}
		var r Rule
		good := true
		if v, ok := f.get("when"); ok {
			r.Pos = posOf(v)
			r.When, ok = d.text(v, "when")
			good = good && ok
		}
		if v, ok := f.get("strategy"); ok {
			r.StrategyPos = posOf(v)
			r.Strategy, ok = d.id(v, "strategy")
			good = good && ok
		}
		if good {
			p.Rules = append(p.Rules, r)
		}
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
		f, ok := d.mapping(mv.Value, "strategy "+id, "!title", "!required_level")
		if !ok {
			continue
		}
		s := Strategy{ID: id, Pos: posOf(mv.Key)}
		good := true
		if v, ok := f.get("title"); ok {
			s.Title, ok = d.text(v, "strategy title")
			good = good && ok
		}
		if v, ok := f.get("required_level"); ok {
			s.RequiredLevel, ok = d.integer(v, "required_level", 1, 3)
			good = good && ok
		}
		if good {
			p.Strategies = append(p.Strategies, s)
		}
	}
}
