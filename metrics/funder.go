package metrics

import "github.com/schoolstogether/impact/toc"

// ForFunder returns the funder's view of a director's result (DESIGN §7.8),
// the one place where one becomes the other: counts of people from 1 to
// minCell−1 become "<minCell"; shares, ratios and costs built on such a
// count become null; an effect size with a group below minCell keeps its
// entry with its statistics null and reason "suppressed"; no lead is
// named. A funder limited to some activities gets a result computed for
// those alone (Options.Activities) before it comes here. r itself is left
// as it is.
func ForFunder(r *Result, minCell int) *Result {
	f := *r
	f.Audience = toc.Funder
	hide := func(c *Count) bool {
		if c.Suppressed || (c.N >= 1 && c.N < minCell) {
			*c = Count{Suppressed: true, MinCell: minCell}
			return true
		}
		return false
	}

	breakdowns := func(b Breakdowns) Breakdowns {
		lists := []*[]GroupCount{&b.Disadvantaged, &b.YearGroup, &b.Sex, &b.SEN, &b.EAL, &b.LookedAfter}
		for _, l := range lists {
			*l = append([]GroupCount{}, *l...)
			for i := range *l {
				hide(&(*l)[i].Participants)
			}
		}
		return b
	}
	effect := func(e *EffectSize) {
		if hidI, hidC := hide(&e.NIntervention), hide(&e.NComparison); hidI || hidC {
			e.G, e.SE, e.CILow, e.CIHigh, e.Months = nil, nil, nil, nil, nil
			e.Reason = ptr(ReasonSuppressed)
		}
	}

	f.Breakdowns = breakdowns(r.Breakdowns)
	f.Reach.ByPeriod = append([]PeriodReach{}, r.Reach.ByPeriod...)
	hide(&f.Reach.Participants)
	if hidD, hidK := hide(&f.Reach.Disadvantaged), hide(&f.Reach.Known); hidD || hidK {
		f.Disadvantage.ParticipantShare, f.Disadvantage.TargetingRatio = nil, nil
	}
	for i := range f.Reach.ByPeriod {
		p := &f.Reach.ByPeriod[i]
		hide(&p.Participants)
		hide(&p.Disadvantaged)
		hide(&p.Known)
	}

	f.Activities = append([]ActivityResult{}, r.Activities...)
	for i := range f.Activities {
		a := &f.Activities[i]
		a.Leads = nil
		if hide(&a.Participants) {
			a.CostPerParticipant = nil
		}
		if hidD, hidK := hide(&a.Disadvantaged), hide(&a.Known); hidD || hidK {
			a.ParticipantShare, a.TargetingRatio = nil, nil
		}
		a.Breakdowns = breakdowns(a.Breakdowns)
		a.EffectSizes = append([]EffectSize{}, a.EffectSizes...)
		for j := range a.EffectSizes {
			e := &a.EffectSizes[j]
			effect(e)
			e.Subgroups = append([]EffectSubgroup{}, e.Subgroups...)
			for k := range e.Subgroups {
				effect(&e.Subgroups[k].EffectSize)
			}
		}
	}

	f.Schools = append([]SchoolResult{}, r.Schools...)
	for i := range f.Schools {
		hide(&f.Schools[i].Participants)
	}
	return &f
}
