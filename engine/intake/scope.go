package intake

import (
	"fmt"
	"strings"
)

// Scope is what the writer of a file may write (DESIGN §12): an editor
// limited to some activities, some schools, or both. Rows outside it are
// refused like bad rows, at their cells. A nil Scope limits nothing.
type Scope struct {
	Activities []bool          // by activity index; nil: every activity
	Schools    []bool          // by school index; nil: every school
	KPIs       map[string]bool // the KPIs the activities serve; nil: every KPI
	// Names are the editor's activities and schools, for messages.
	ActivityNames, SchoolNames []string
}

// activity checks an activity's row against the scope.
func (s *Scope) activity(r *row, act int32) bool {
	if s == nil || s.Activities == nil || s.Activities[act] {
		return true
	}
	_, col := r.cell(ColActivity)
	r.bad(col, ColActivity, fmt.Sprintf("%s is outside your activities (%s)", r.rd.spec.Lookup.ActivityID(act), strings.Join(s.ActivityNames, ", ")))
	return false
}

// kpi checks a KPI value's KPI against the scope.
func (s *Scope) kpi(r *row, kpi string) bool {
	if s == nil || s.KPIs == nil || s.KPIs[kpi] {
		return true
	}
	_, col := r.cell(ColKPI)
	r.bad(col, ColKPI, fmt.Sprintf("%s is outside your activities: none of %s serves it", kpi, strings.Join(s.ActivityNames, ", ")))
	return false
}

// school checks a row's school against the scope: with schools, a row
// naming none is outside it. pupils says the row is a pupils file's,
// which only an editor with schools may write.
func (s *Scope) school(r *row, school int32, pupils bool) bool {
	if s == nil || s.Schools == nil && !pupils {
		return true
	}
	if s.Schools != nil && school >= 0 && s.Schools[school] {
		return true
	}
	_, col := r.cell(ColSchool)
	switch {
	case s.Schools == nil:
		r.bad(col, ColSchool, "pupils' characteristics are outside your scope: only an editor limited to schools may import them, for those schools")
	case school < 0:
		r.bad(col, ColSchool, fmt.Sprintf("expected one of your schools (%s): a row naming no school is outside them", strings.Join(s.SchoolNames, ", ")))
	default:
		r.bad(col, ColSchool, fmt.Sprintf("%s is outside your schools (%s)", r.rd.spec.Lookup.SchoolID(school), strings.Join(s.SchoolNames, ", ")))
	}
	return false
}
