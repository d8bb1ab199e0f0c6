package toc

import "github.com/goccy/go-yaml/ast"

func (d *decoder) objectives(p *Partnership, n ast.Node) {
	items, _ := d.seq(n, "objectives", true)
	objIDs, outIDs, kpiIDs := seen{}, seen{}, seen{}
	for _, item := range items {
		f, ok := d.mapping(item, "objective", "!id", "!title", "description", "!outcomes")
		if !ok {
			continue
		}
		var o Objective
		if v, ok := f.get("id"); ok {
			o.ID, _ = d.id(v, "objective id")
			o.Pos = posOf(v)
			d.unique(objIDs, o.ID, v, "objective")
		}
		if v, ok := f.get("title"); ok {
			o.Title, _ = d.text(v, "objective title")
		}
		o.Description = d.description(f, "objective")
		if v, ok := f.get("outcomes"); ok {
			outs, _ := d.seq(v, "outcomes", true)
			for _, on := range outs {
				if out, ok := d.outcome(on, o.ID, outIDs, kpiIDs); ok {
					o.Outcomes = append(o.Outcomes, out)
				}
			}
		}
		p.Objectives = append(p.Objectives, o)
	}
}

func (d *decoder) outcome(n ast.Node, objective string, outIDs, kpiIDs seen) (Outcome, bool) {
	var o Outcome
	f, ok := d.mapping(n, "outcome", "!id", "!title", "description", "!kpis")
	if !ok {
		return o, false
	}
	if v, ok := f.get("id"); ok {
		o.ID, _ = d.id(v, "outcome id")
		o.Pos = posOf(v)
		d.unique(outIDs, o.ID, v, "outcome")
	}
	if v, ok := f.get("title"); ok {
		o.Title, _ = d.text(v, "outcome title")
	}
	o.Description = d.description(f, "outcome")
	if v, ok := f.get("kpis"); ok {
		kpis, _ := d.seq(v, "kpis", true)
		for _, kn := range kpis {
			if k, ok := d.kpi(kn, kpiIDs); ok {
				k.Outcome, k.Objective = o.ID, objective
				o.KPIs = append(o.KPIs, k)
			}
		}
	}
	return o, true
}

func (d *decoder) kpi(n ast.Node, ids seen) (KPI, bool) {
	k := KPI{Aggregate: Sum}
	f, ok := d.mapping(n, "KPI", "!id", "!title", "description", "unit", "!direction", "aggregate", "!baseline", "!target", "milestones")
	if !ok {
		return k, false
	}
	if v, ok := f.get("id"); ok {
		k.ID, _ = d.id(v, "KPI id")
		k.Pos = posOf(v)
		d.unique(ids, k.ID, v, "KPI")
	}
	if v, ok := f.get("title"); ok {
		k.Title, _ = d.text(v, "KPI title")
	}
	k.Description = d.description(f, "KPI")
	if v, ok := f.get("unit"); ok {
		k.Unit, _ = d.text(v, "unit")
	}
	dirOK := false
	if v, ok := f.get("direction"); ok {
		var s string
		s, dirOK = d.oneOf(v, "direction", string(Increase), string(Decrease))
		k.Direction = Direction(s)
	}
	if v, ok := f.get("aggregate"); ok {
		if s, ok := d.oneOf(v, "aggregate", string(Sum), string(Mean)); ok {
			k.Aggregate = Aggregate(s)
		}
	}
	baseOK, targetOK := false, false
	var targetNode ast.Node
	var targetFields fields
	if v, ok := f.get("baseline"); ok {
		k.Baseline, _, baseOK = d.point(v, "baseline")
	}
	if v, ok := f.get("target"); ok {
		targetNode = v
		k.Target, targetFields, targetOK = d.point(v, "target")
	}
	if v, ok := f.get("milestones"); ok && baseOK && targetOK {
		d.milestones(&k, v)
	}
	if baseOK && targetOK {
		if k.Target.Period < k.Baseline.Period {
			pos := posOf(targetNode)
			if pn, ok := targetFields.get("period"); ok {
				pos = posOf(pn)
			}
			d.errorf(pos, "target period %s is before the baseline period %s: expected the same year or later", k.Target.Period, k.Baseline.Period)
		}
		wrong := (k.Direction == Increase && k.Target.Value < k.Baseline.Value) ||
			(k.Direction == Decrease && k.Target.Value > k.Baseline.Value)
		if dirOK && wrong {
			pos := posOf(targetNode)
			if vn, ok := targetFields.get("value"); ok {
				pos = posOf(vn)
			}
			side := "at least"
			if k.Direction == Decrease {
				side = "at most"
			}
			d.errorf(pos, "target %v is on the wrong side of the baseline %v for a KPI that should %s: expected %s %v",
				k.Target.Value, k.Baseline.Value, k.Direction, side, k.Baseline.Value)
		}
	}
	return k, true
}

// milestones reads a KPI's milestones: points in periods strictly between
// its baseline's and its target's, each later than the one before.
func (d *decoder) milestones(k *KPI, n ast.Node) {
	items, _ := d.seq(n, "milestones", false)
	after := k.Baseline.Period
	for _, item := range items {
		pt, f, ok := d.point(item, "milestone")
		if !ok {
			continue
		}
		pos := posOf(item)
		if pn, ok := f.get("period"); ok {
			pos = posOf(pn)
		}
		switch {
		case pt.Period <= k.Baseline.Period || pt.Period >= k.Target.Period:
			d.errorf(pos, "milestone period %s: expected a year after the baseline (%s) and before the target (%s)", pt.Period, k.Baseline.Period, k.Target.Period)
		case pt.Period <= after:
			d.errorf(pos, "milestone period %s: expected a year after the milestone before it (%s)", pt.Period, after)
		default:
			k.Milestones = append(k.Milestones, pt)
			after = pt.Period
		}
	}
}

// point reads {period, value}, returning its fields for later positions.
func (d *decoder) point(n ast.Node, what string) (Point, fields, bool) {
	var pt Point
	f, ok := d.mapping(n, what, "!period", "!value")
	if !ok {
		return pt, f, false
	}
	pOK, vOK := false, false
	if v, ok := f.get("period"); ok {
		pt.Period, pOK = d.period(v, what+" period")
	}
	if v, ok := f.get("value"); ok {
		pt.Value, vOK = d.number(v, what+" value")
	}
	return pt, f, pOK && vOK
}
