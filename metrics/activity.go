package metrics

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/schoolstogether/impact/toc"
)

// outcomesByActivity groups outcome rows by activity.
func outcomesByActivity(rows []toc.OutcomeRow) map[string][]toc.OutcomeRow {
	out := map[string][]toc.OutcomeRow{}
	for _, r := range rows {
		out[r.Activity] = append(out[r.Activity], r)
	}
	return out
}

// activity is everything about one activity: strategy and evidence (§7.4),
// effect sizes (§7.5), mutuality (§7.6), sustainability (§7.7) and its own
// reach and disadvantage targeting (§7.1, §7.2).
func activity(plan *toc.Plan, a *toc.Activity, t *Tally, outcomes []toc.OutcomeRow, marks toc.Attendance, asOf toc.Period) ActivityResult {
	choice := plan.Choice(a.ID)
	at := t.acts[a.ID]
	var g *group
	var sessions, active, rows int
	if at != nil {
		g, sessions, active, rows = &at.group, len(at.dates), len(at.periods), at.rows
	}
	c := t.counts(g)
	effects, evidence := effectSizes(outcomes, t)
	r := ActivityResult{
		ID: a.ID, Title: a.Title,
		Strategy: choice.Strategy.ID, StrategyTitle: choice.Strategy.Title, Rule: choice.Rule,
		Participants: Count{N: c.participants}, Disadvantaged: Count{N: c.disadvantaged}, Known: Count{N: c.known},
		Sessions:       sessions,
		AttendanceRate: AttendanceRate(marks),
		Breakdowns:     t.breakdowns(g),
		AchievedLevel:  AchievedLevel(rows > 0 || len(outcomes) > 0, evidence),
		RequiredLevel:  choice.Strategy.RequiredLevel,
		EffectSizes:    effects,
		Internal:       a.InternalImpact,
		External:       a.ExternalImpact,
		Quadrant:       Quadrant(a.InternalImpact, a.ExternalImpact),
		YearsRunning:   a.YearsRunning(asOf),
		KeyPersonRisk:  len(a.Leads) < 2,
		Leads:          a.Leads,
		LeadCount:      len(a.Leads),
		FundingSources: fundingSources(a),
		FundingTotal:   a.FundingTotal(),
		ActivePeriods:  active,
	}
	r.EvidenceGap = r.AchievedLevel < r.RequiredLevel
	r.NextStep = NextStep(r.RequiredLevel, r.AchievedLevel, evidence)
	var costed bool
	r.Cost, costed = CostOf(plan.ToC, a)
	if c.participants > 0 && costed {
		r.CostPerParticipant = ptr(r.Cost.Total / float64(c.participants))
	}
	if until, ok := FundedUntil(a); ok {
		r.FundedUntil = &until
	}
	r.EEF = benchmark(plan.ToC.Strands, a)
	if r.RequiredLevel >= LevelComparison {
		r.ComparisonPool = t.comparisonPool(a.ID, asOf)
	}
	var reached []*toc.School
	if g != nil {
		reached = reachedSchools(plan.ToC, t, g)
	}
	d := Shares(c.disadvantaged, c.known, reached)
	r.ParticipantShare, r.PopulationShare, r.TargetingRatio = d.ParticipantShare, d.PopulationShare, d.TargetingRatio
	r.EEF.own(&r)
	if pool := r.ComparisonPool; pool != nil && r.EvidenceGap && pool.Matched > 0 {
		r.NextStep += fmt.Sprintf(" (the pupils files hold matches for %s of its participants among pupils not taking part)", strconv.Itoa(pool.Matched))
	}
	return r
}

func fundingSources(a *toc.Activity) int {
	seen := map[string]bool{}
	for _, f := range a.Funding {
		seen[f.Source] = true
	}
	return len(seen)
}

// AttendanceRate is the share of register marks that are attendances
// (DESIGN §11), nil without marks.
func AttendanceRate(a toc.Attendance) *float64 {
	if a.Attended+a.Absent == 0 {
		return nil
	}
	return ptr(float64(a.Attended) / float64(a.Attended+a.Absent))
}

// effectSizes computes one effect size per measure of an activity's
// outcome rows, measures in alphabetical order, with its subgroups (the
// pupils' flags are the tally's), and what each measure holds as evidence.
func effectSizes(rows []toc.OutcomeRow, t *Tally) ([]EffectSize, []MeasureEvidence) {
	type scores struct{ intervention, comparison []Score }
	type measure struct {
		all, dis, others scores
	}
	byMeasure := map[string]*measure{}
	var measures []string
	for _, r := range rows {
		s := byMeasure[r.Measure]
		if s == nil {
			s = &measure{}
			byMeasure[r.Measure] = s
			measures = append(measures, r.Measure)
		}
		sc := Score{Pre: r.Pre, Post: r.Post}
		groups := []*scores{&s.all}
		switch t.flag(r.Pupil) {
		case toc.FlagYes:
			groups = append(groups, &s.dis)
		case toc.FlagNo:
			groups = append(groups, &s.others)
		}
		for _, g := range groups {
			if r.Group == toc.GroupComparison {
				g.comparison = append(g.comparison, sc)
			} else {
				g.intervention = append(g.intervention, sc)
			}
		}
	}
	sort.Strings(measures)
	effects := make([]EffectSize, 0, len(measures))
	evidence := make([]MeasureEvidence, 0, len(measures))
	for _, m := range measures {
		all := byMeasure[m]
		s := all.all
		e := Effect(m, s.intervention, s.comparison)
		e.Subgroups = []EffectSubgroup{
			{SubgroupDisadvantaged, Effect(m, all.dis.intervention, all.dis.comparison)},
			{SubgroupOthers, Effect(m, all.others.intervention, all.others.comparison)},
		}
		effects = append(effects, e)
		ev := MeasureEvidence{Measure: m, Intervention: len(s.intervention), Comparison: len(s.comparison)}
		for _, sc := range s.intervention {
			if sc.Pre != nil {
				ev.InterventionPrePost++
			}
		}
		evidence = append(evidence, ev)
	}
	return effects, evidence
}
