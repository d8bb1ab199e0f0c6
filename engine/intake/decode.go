package intake

import (
	"errors"

	"github.com/schoolstogether/impact/toc"
)

// The checks of each kind of row (DESIGN §6, §11). A good row goes into
// the batch; a bad one is reported, cell by cell.

func (rd *Reader) participation(r *row) {
	act, ok1 := r.activity()
	y, m, d, ok2 := r.date(true)
	pupil, ok3 := r.participant()
	school, ok4 := r.school()
	flag, ok5 := r.flag(ColDisadvantaged)
	var f Fact
	ok6 := r.characteristics(&f)
	attended, ok7 := int8(-1), true
	if b, col := r.cell(ColMark); rd.index(ColMark) >= 0 {
		a, msg := ParseMark(b)
		switch {
		case msg != "":
			r.bad(col, ColMark, msg)
			ok7 = false
		case a == NoSession:
			if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 {
				rd.sum.Skipped++
			}
			return // not a possible session: no row
		case a == Absent:
			attended = 0
		default:
			attended = 1
		}
	}
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return
	}
	if !rd.spec.Scope.activity(r, act) || !rd.spec.Scope.school(r, school, false) {
		return
	}
	period := PeriodOfDate(y, m)
	rd.batch.Participation = append(rd.batch.Participation, Participation{
		Activity: act, School: school, Date: rd.date(y, m, d), Period: period, Pupil: pupil, Flag: flag, Attended: attended,
	})
	rd.sum.PerActivity[act]++
	f.Pupil, f.Period, f.Dated, f.School = pupil, period, true, school
	rd.fact(f, false)
}

func (rd *Reader) outcome(r *row) {
	var o Outcome
	var ok [10]bool
	o.Activity, ok[0] = r.activity()
	o.Pupil, ok[1] = r.participant()
	o.Measure, ok[2] = r.text(ColMeasure, true, "the name of the measure (a test, a grade)")
	g, col := r.cell(ColGroup)
	group, msg := ParseGroup(g)
	if ok[3] = msg == ""; !ok[3] {
		r.bad(col, ColGroup, msg)
	}
	o.Group = group
	o.Post, _, ok[4] = r.number(ColPost, true)
	o.Pre, o.HasPre, ok[5] = r.number(ColPre, false)
	o.School, ok[6] = r.school()
	o.Flag, ok[7] = r.flag(ColDisadvantaged)
	var y, m, d int
	y, m, d, ok[8] = r.date(false)
	var f Fact
	ok[9] = r.characteristics(&f)
	for _, v := range ok {
		if !v {
			return
		}
	}
	if !rd.spec.Scope.activity(r, o.Activity) || !rd.spec.Scope.school(r, o.School, false) {
		return
	}
	o.Date = -1
	if y != 0 {
		o.Date, o.Period = rd.date(y, m, d), PeriodOfDate(y, m)
	}
	rd.batch.Outcomes = append(rd.batch.Outcomes, o)
	rd.sum.PerActivity[o.Activity]++
	f.Pupil, f.Period, f.Dated, f.School = o.Pupil, o.Period, y != 0, o.School
	rd.fact(f, false)
}

func (rd *Reader) kpiValue(r *row) {
	var v toc.KPIRecord
	var ok [5]bool
	b, col := r.cell(ColKPI)
	if len(b) == 0 {
		r.bad(col, ColKPI, "expected a KPI id of toc.yaml, got an empty cell")
	} else if id, msg := rd.spec.Lookup.KPI(b); msg != "" {
		r.bad(col, ColKPI, msg)
	} else {
		v.KPI, ok[0] = id, true
	}
	b, col = r.cell(ColPeriod)
	if len(b) == 0 {
		r.bad(col, ColPeriod, "expected an academic year like 2023/24, got an empty cell")
	} else if p, err := toc.ParsePeriod(string(b)); err != nil {
		r.bad(col, ColPeriod, err.Error())
	} else if err := toc.CheckPeriod(p, rd.spec.Today); err != nil {
		r.bad(col, ColPeriod, err.Error())
	} else if why := rd.spec.Locked[p]; why != "" {
		r.bad(col, ColPeriod, why)
	} else {
		v.Period, ok[1] = p, true
	}
	v.Value, _, ok[2] = r.number(ColValue, true)
	var school int32
	school, ok[3] = r.school()
	v.School = rd.spec.Lookup.SchoolID(school)
	v.Note, ok[4] = r.text(ColNote, false, "")
	for _, o := range ok {
		if !o {
			return
		}
	}
	if !rd.spec.Scope.kpi(r, v.KPI) || !rd.spec.Scope.school(r, school, false) {
		return
	}
	rd.batch.KPIValues = append(rd.batch.KPIValues, v)
}

// pupil checks a row of a pupils file: what a school's system says of a
// pupil, with an optional period (its latest in scope when none).
func (rd *Reader) pupil(r *row) {
	var f Fact
	var ok [5]bool
	f.Pupil, ok[0] = r.participant()
	f.School, ok[1] = r.school()
	f.Disadvantaged, ok[2] = r.flag(ColDisadvantaged)
	ok[3] = r.characteristics(&f)
	ok[4] = true
	if b, col := r.cell(ColPeriod); len(b) > 0 {
		p, err := toc.ParsePeriod(string(b))
		if err == nil {
			err = toc.CheckPeriod(p, rd.spec.Today)
		}
		if why := rd.spec.Locked[p]; err == nil && why != "" {
			err = errors.New(why)
		}
		if err != nil {
			r.bad(col, ColPeriod, err.Error())
			ok[4] = false
		}
		f.Period, f.Dated = p, true
	}
	for _, o := range ok {
		if !o {
			return
		}
	}
	if !rd.spec.Scope.school(r, f.School, true) {
		return
	}
	rd.fact(f, true)
}
