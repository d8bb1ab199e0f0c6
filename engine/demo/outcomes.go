package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// outcomes writes outcome measures for the activities that collect them:
// a comparison group of non-participants for the robust ones, before and
// after measures for others, and too few rows for some (evidence gaps).
func (g *gen) outcomes() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"activity", "participant", "measure", "group", "pre", "post", "school", "disadvantaged", "date"})
	for i := range g.activities {
		a := &g.activities[i]
		if a.measure == "" {
			continue
		}
		for _, p := range Years[2:] {
			cohort := g.cohorts[cohortKey{i, p}]
			if !a.active(p) || len(cohort) == 0 {
				continue
			}
			day := time.Date(int(p)+1, time.July, 10, 0, 0, 0, 0, time.UTC)
			if a.outcome == "few" {
				cohort = cohort[:min(6, len(cohort))]
			}
			withPre := a.outcome != "comparison" || a.measure == "gcse-maths-grade"
			for _, m := range cohort {
				g.outcomeRow(w, a, m, "intervention", withPre, a.effect, day)
			}
			if a.outcome == "comparison" {
				for k := 0; k < len(cohort); k++ {
					s, n := g.pupil(a)
					g.outcomeRow(w, a, member{s, n + 1}, "comparison", withPre, 0, day)
				}
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

func (g *gen) outcomeRow(w *csv.Writer, a *activity, m member, group string, withPre bool, effect float64, day time.Time) {
	pre := a.mean + g.r.NormFloat64()*a.sd
	var post float64
	var preText string
	if withPre {
		post = pre + a.sd*(0.15+effect) + g.r.NormFloat64()*a.sd*0.6
		preText = fmtNum(pre)
	} else {
		post = a.mean + a.sd*effect + g.r.NormFloat64()*a.sd
	}
	id := pupilID(m.s, m.n)
	if a.id == "scitt" {
		id = fmt.Sprintf("TR%c%05d", group[0]-32, m.n) // trainees, not pupils
	} else {
		g.saw(m, toc.PeriodOf(day))
	}
	w.Write([]string{a.id, id, a.measure, group, preText, fmtNum(post), m.s.id, flag(m.s, m.n), day.Format("2006-01-02")})
}

// kpiValues logs every KPI for the years after its baseline, moving towards
// its target at the KPI's own pace; some per school, one corrected.
func (g *gen) kpiValues() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"kpi", "period", "value", "school", "note"})
	for _, k := range kpiSpecs {
		for _, p := range Years {
			if p <= k.basePeriod {
				continue
			}
			span := float64(k.targetPeriod - k.basePeriod)
			f := 1.0
			if span > 0 {
				f = float64(p-k.basePeriod) / span
			}
			v := k.base + (k.target-k.base)*f*k.pace*(1+g.r.NormFloat64()*0.04)
			if k.target == k.base {
				v = k.target * 1.1
			}
			if !k.perSchool {
				if k.agg == toc.Sum {
					v = float64(int(v + 0.5))
				}
				w.Write([]string{k.id, p.String(), fmtNum(v), "", valueNotes[k.id+" "+p.String()]})
				continue
			}
			for _, s := range g.schools[12:20] {
				sv := v + g.r.NormFloat64()*2
				w.Write([]string{k.id, p.String(), fmtNum(sv), s.id, ""})
			}
		}
	}
	// A correction, as happens: the later line supersedes the first.
	w.Write([]string{"careers-encounters", "2023/24", "4210", "", "provisional"})
	w.Write([]string{"careers-encounters", "2023/24", "4630", "", "late returns from two schools"})
	w.Flush()
	return b.Bytes()
}
