package toc

import "github.com/goccy/go-yaml/ast"

var activityFields = []string{"!id", "!title", "description", "!kpis", "!certainty", "!participation", "!provider", "partners", "leads",
	"!started", "ended", "!internal_impact", "!external_impact", "targets_disadvantaged", "funding",
	"in_kind", "staff_time", "eef"}

// activities reads the activities and returns the set of KPI ids they serve.
func (d *decoder) activities(p *Partnership, n ast.Node) map[string]bool {
	served := map[string]bool{}
	items, _ := d.seq(n, "activities", false)
	ids := seen{}
	levels := []string{string(Low), string(Medium), string(High)}
	for _, item := range items {
		f, ok := d.mapping(item, "activity", activityFields...)
		if !ok {
			continue
		}
		a := Activity{Pos: f.start}
		if v, ok := f.get("id"); ok {
			a.ID, _ = d.id(v, "activity id")
			a.Pos = posOf(v)
			d.unique(ids, a.ID, v, "activity")
		}
		if v, ok := f.get("title"); ok {
			a.Title, _ = d.text(v, "activity title")
		}
		a.Description = d.description(f, "activity")
		if v, ok := f.get("kpis"); ok {
			a.KPIs = d.refs(v, "kpis", true, func(id string) bool { return p.KPI(id) != nil }, "KPI", "KPIs of the objectives")
			for _, k := range a.KPIs {
				served[k] = true
			}
		}
		if v, ok := f.get("certainty"); ok {
			s, _ := d.oneOf(v, "certainty", levels...)
			a.Certainty = Level(s)
		}
		if v, ok := f.get("participation"); ok {
			s, _ := d.oneOf(v, "participation", levels...)
			a.Participation = Level(s)
		}
		isSchool := func(id string) bool { return p.School(id) != nil }
		if v, ok := f.get("provider"); ok {
			if id, ok := d.id(v, "provider"); ok {
				if !isSchool(id) {
					d.errorf(posOf(v), "provider: unknown school %q: expected the id of one of the schools", id)
				}
				a.Provider = id
			}
		}
		if v, ok := f.get("partners"); ok {
			a.Partners = d.partners(v, a.Provider, isSchool)
		}
		if v, ok := f.get("leads"); ok {
			items, _ := d.seq(v, "leads", false)
			for _, ln := range items {
				if s, ok := d.text(ln, "lead"); ok {
					a.Leads = append(a.Leads, s)
				}
			}
		}
		startOK := false
		if v, ok := f.get("started"); ok {
			a.Started, startOK = d.period(v, "started")
		}
		if v, ok := f.get("ended"); ok {
			if e, ok := d.period(v, "ended"); ok {
				a.Ended = &e
				if startOK && e < a.Started {
					d.errorf(posOf(v), "ended %s is before started %s: expected the same year or later", e, a.Started)
				}
			}
		}
		if v, ok := f.get("internal_impact"); ok {
			a.InternalImpact, _ = d.integer(v, "internal_impact", 0, 5)
		}
		if v, ok := f.get("external_impact"); ok {
			a.ExternalImpact, _ = d.integer(v, "external_impact", 0, 5)
		}
		if v, ok := f.get("targets_disadvantaged"); ok {
			a.TargetsDisadvantaged, _ = d.boolean(v, "targets_disadvantaged")
		}
		if v, ok := f.get("funding"); ok {
			a.Funding = d.funding(v)
		}
		if v, ok := f.get("in_kind"); ok {
			a.InKind = d.inKind(v)
		}
		if v, ok := f.get("staff_time"); ok {
			a.StaffTime = d.staffHours(v)
			if len(a.StaffTime) > 0 {
				d.staffTime = append(d.staffTime, f.m["staff_time"].keyPos)
			}
		}
		if v, ok := f.get("eef"); ok {
			if id, ok := d.id(v, "eef"); ok {
				a.EEF = id
				d.eefRefs = append(d.eefRefs, eefRef{id, posOf(v)})
			}
		}
		p.Activities = append(p.Activities, a)
	}
	return served
}

// refs reads a list of ids that must each satisfy known.
func (d *decoder) refs(n ast.Node, what string, nonEmpty bool, known func(string) bool, kindName, where string) []string {
	items, _ := d.seq(n, what, nonEmpty)
	var out []string
	got := seen{}
	for _, item := range items {
		id, ok := d.id(item, what)
		if !ok {
			continue
		}
		if !known(id) {
			d.errorf(posOf(item), "%s: unknown %s %q: expected one of the %s", what, kindName, id, where)
			continue
		}
		if got[id] {
			d.errorf(posOf(item), "%s: %q is listed twice: give it once", what, id)
			continue
		}
		got[id] = true
		out = append(out, id)
	}
	return out
}

// partners reads the partner schools: known, not repeated, not the provider.
func (d *decoder) partners(n ast.Node, provider string, isSchool func(string) bool) []string {
	items, _ := d.seq(n, "partners", false)
	var out []string
	got := seen{}
	for _, item := range items {
		id, ok := d.id(item, "partners")
		if !ok {
			continue
		}
		switch {
		case !isSchool(id):
			d.errorf(posOf(item), "partners: unknown school %q: expected the id of one of the schools", id)
		case id == provider:
			d.errorf(posOf(item), "partners: %q is the provider: a school cannot be a partner of its own activity", id)
		case got[id]:
			d.errorf(posOf(item), "partners: %q is listed twice: give each partner once", id)
		default:
			got[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (d *decoder) funding(n ast.Node) []Funding {
	items, _ := d.seq(n, "funding", false)
	var out []Funding
	for _, item := range items {
		f, ok := d.mapping(item, "funding entry", "!source", "!period", "!amount")
		if !ok {
			continue
		}
		var fu Funding
		good := true
		if v, ok := f.get("source"); ok {
			fu.Source, ok = d.text(v, "funding source")
			good = good && ok
		}
		if v, ok := f.get("period"); ok {
			fu.Period, ok = d.period(v, "funding period")
			good = good && ok
		}
		if v, ok := f.get("amount"); ok {
			fu.Amount, ok = d.pounds(v, "funding amount")
			good = good && ok
		}
		if good {
			out = append(out, fu)
		}
	}
	return out
}
