package engine

import (
	"slices"
	"strings"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// Scope is what an editor may write (DESIGN §12): rows of their activities
// and, when they have schools, of those schools. Both given, a write must
// satisfy both. The zero Scope limits nothing: admins, the command line,
// editors given neither.
type Scope struct {
	Activities []string
	Schools    []string
}

// WriteScope is what a login may write.
func (u User) WriteScope() Scope {
	if u.Role != toc.RoleEditor {
		return Scope{}
	}
	return Scope{Activities: u.Activities, Schools: u.Schools}
}

// Limited reports whether the scope limits anything.
func (s Scope) Limited() bool { return len(s.Activities) > 0 || len(s.Schools) > 0 }

// CheckKPI says whether a KPI value is in scope: one of the activities
// serves the KPI and, with schools, its school is one of them. The error is
// EFORBIDDEN and names the field at fault (kpi or school).
func (s Scope) CheckKPI(p *toc.Partnership, kpi, school string) (field string, err error) {
	if len(s.Activities) > 0 && !slices.ContainsFunc(s.Activities, func(a string) bool {
		act := p.Activity(a)
		return act != nil && slices.Contains(act.KPIs, kpi)
	}) {
		return "kpi", toc.Errorf(toc.EFORBIDDEN, "kpi: %s is outside your activities: none of %s serves it", kpi, strings.Join(s.Activities, ", "))
	}
	if len(s.Schools) > 0 && !slices.Contains(s.Schools, school) {
		if school == "" {
			return "school", toc.Errorf(toc.EFORBIDDEN, "school: expected one of your schools (%s): a partnership-wide value is outside them", strings.Join(s.Schools, ", "))
		}
		return "school", toc.Errorf(toc.EFORBIDDEN, "school: %s is outside your schools (%s)", school, strings.Join(s.Schools, ", "))
	}
	return "", nil
}

// intake is the scope as an import checks it, row by row; nil when it
// limits nothing.
func (s Scope) intake(p *toc.Partnership) *intake.Scope {
	if !s.Limited() {
		return nil
	}
	out := &intake.Scope{ActivityNames: s.Activities, SchoolNames: s.Schools}
	if len(s.Activities) > 0 {
		out.Activities = make([]bool, len(p.Activities))
		out.KPIs = map[string]bool{}
		for _, id := range s.Activities {
			if i := p.ActivityIndex(id); i >= 0 {
				out.Activities[i] = true
				for _, k := range p.Activities[i].KPIs {
					out.KPIs[k] = true
				}
			}
		}
	}
	if len(s.Schools) > 0 {
		out.Schools = make([]bool, len(p.Schools))
		for i, sc := range p.Schools {
			out.Schools[i] = slices.Contains(s.Schools, sc.ID)
		}
	}
	return out
}

// IntakeScope is the scope of an import's options as the reader checks it.
func (o ImportOptions) IntakeScope(p *toc.Partnership) *intake.Scope { return o.Scope.intake(p) }

// CheckNote says whether a note is in scope: an activity's note is of one
// of the activities, a KPI's note of a KPI one of them serves; with
// schools, the activity (or one serving the KPI) involves one of the
// schools, as provider or partner. The error is EFORBIDDEN and names the
// field at fault (activity or kpi).
func (s Scope) CheckNote(p *toc.Partnership, n toc.Note) (field string, err error) {
	field, about := "activity", n.Activity
	serves := func(a *toc.Activity) bool { return a.ID == n.Activity }
	if n.KPI != "" {
		field, about = "kpi", n.KPI
		serves = func(a *toc.Activity) bool { return slices.Contains(a.KPIs, n.KPI) }
	}
	mine := func(a *toc.Activity) bool {
		if len(s.Activities) > 0 && !slices.Contains(s.Activities, a.ID) {
			return false
		}
		return len(s.Schools) == 0 || slices.Contains(s.Schools, a.Provider) ||
			slices.ContainsFunc(a.Partners, func(sc string) bool { return slices.Contains(s.Schools, sc) })
	}
	for i := range p.Activities {
		if a := &p.Activities[i]; serves(a) && mine(a) {
			return "", nil
		}
	}
	if !s.Limited() {
		return "", nil // an unknown id: CheckNote says so
	}
	return field, toc.Errorf(toc.EFORBIDDEN, "%s: %s is outside your activities and schools", field, about)
}
