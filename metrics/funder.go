package metrics

import "github.com/schoolstogether/impact/toc"

// ForFunder returns the funder's view of a director's result (DESIGN §7.8,
// §13), the one place where one becomes the other: counts of people from 1
// to minCell−1 become "<minCell"; further counts become "c" until none of
// those can be worked out from what stays visible (protect, in
// disclosure.go); shares, ratios and costs built on a hidden count become
// null; an effect size with a hidden group keeps its entry with its
// statistics null and reason "suppressed"; no lead is named. A funder
// limited to some activities gets a result computed for those alone
// (Options.Activities) before it comes here. r itself is left as it is.
func ForFunder(r *Result, minCell int) *Result { return ForFunderWith(r, minCell, nil) }

// ForFunderWith is ForFunder remembering the hidden cells in p: a result
// whose counts are those p protected last takes the same cells at once.
func ForFunderWith(r *Result, minCell int, p *Protection) *Result {
	f := copyResult(r)
	f.Audience = toc.Funder
	counts := f.counts(r)
	key := protectionKey(counts, minCell)
	if !p.recall(counts, key) {
		d := newDisclosure(minCell)
		for _, c := range counts {
			d.add(c.view, c.truth.N)
			if c.view.N >= 1 && c.view.N < minCell {
				*c.view = Count{Suppressed: true, MinCell: minCell}
			}
		}
		f.relations(d)
		d.treasure(&f.Reach.Participants)
		for i := range f.Activities {
			d.treasure(&f.Activities[i].Participants)
		}
		d.protect()
		p.keep(counts, key)
	}
	f.nullDerived()
	for i := range f.Activities {
		a := &f.Activities[i]
		a.Leads = nil
		a.NextStep = NextStepInGeneral(a.RequiredLevel, a.AchievedLevel) // its counts could give a small group away
		a.ComparisonPool = nil                                           // pupils' counts, for the director only
		if a.EEF != nil {
			b := *a.EEF
			b.own(a) // from the effect sizes and cost the funder sees
			a.EEF = &b
		}
	}
	f.Health.Risks = r.Health.Risks.forFunder()
	return f
}

// copyResult copies r deeply enough that its counts can be hidden.
func copyResult(r *Result) *Result {
	f := *r
	f.Breakdowns = r.Breakdowns.clone()
	f.Reach.ByPeriod = append([]PeriodReach{}, r.Reach.ByPeriod...)
	f.Activities = append([]ActivityResult{}, r.Activities...)
	for i := range f.Activities {
		a := &f.Activities[i]
		a.Breakdowns = a.Breakdowns.clone()
		a.EffectSizes = append([]EffectSize{}, a.EffectSizes...)
		for j := range a.EffectSizes {
			e := &a.EffectSizes[j]
			e.Subgroups = append([]EffectSubgroup{}, e.Subgroups...)
		}
	}
	f.Schools = append([]SchoolResult{}, r.Schools...)
	return &f
}

// viewCount is a count of the funder's view beside the director's.
type viewCount struct{ view, truth *Count }

// counts pairs every count of people in f with r's: f is a copy of r, so
// they are walked in the same order.
func (f *Result) counts(r *Result) []viewCount {
	var out []viewCount
	pair := func(v, t *Count) { out = append(out, viewCount{v, t}) }
	// whom pairs a participants, disadvantaged and known trio.
	whom := func(vp, vd, vk, tp, td, tk *Count) { pair(vp, tp); pair(vd, td); pair(vk, tk) }
	breakdowns := func(v, t *Breakdowns) {
		vl, tl := v.lists(), t.lists()
		for i := range vl {
			for j := range *vl[i] {
				pair(&(*vl[i])[j].Participants, &(*tl[i])[j].Participants)
			}
		}
	}
	whom(&f.Reach.Participants, &f.Reach.Disadvantaged, &f.Reach.Known, &r.Reach.Participants, &r.Reach.Disadvantaged, &r.Reach.Known)
	for i := range f.Reach.ByPeriod {
		v, t := &f.Reach.ByPeriod[i], &r.Reach.ByPeriod[i]
		whom(&v.Participants, &v.Disadvantaged, &v.Known, &t.Participants, &t.Disadvantaged, &t.Known)
	}
	breakdowns(&f.Breakdowns, &r.Breakdowns)
	for i := range f.Activities {
		v, t := &f.Activities[i], &r.Activities[i]
		whom(&v.Participants, &v.Disadvantaged, &v.Known, &t.Participants, &t.Disadvantaged, &t.Known)
		breakdowns(&v.Breakdowns, &t.Breakdowns)
		for j := range v.EffectSizes {
			ve, te := &v.EffectSizes[j], &t.EffectSizes[j]
			pair(&ve.NIntervention, &te.NIntervention)
			pair(&ve.NComparison, &te.NComparison)
			for k := range ve.Subgroups {
				pair(&ve.Subgroups[k].NIntervention, &te.Subgroups[k].NIntervention)
				pair(&ve.Subgroups[k].NComparison, &te.Subgroups[k].NComparison)
			}
		}
	}
	for i := range f.Schools {
		pair(&f.Schools[i].Participants, &r.Schools[i].Participants)
	}
	return out
}

// relations are what a funder knows of how the view's counts relate. Each
// is kept only where the true numbers obey it (disclosure.relate).
func (f *Result) relations(d *disclosure) {
	// Whom a count is of: disadvantaged ≤ known ≤ participants.
	trio := func(p, dis, known *Count) {
		d.relate(partsAtMost, known, dis)
		d.relate(partsAtMost, p, known)
	}
	// A breakdown's groups add up to its participants; its disadvantaged
	// groups are the disadvantaged and known counts beside it.
	breakdown := func(b *Breakdowns, p, dis, known *Count) {
		for _, l := range b.lists() {
			var parts []*Count
			for i := range *l {
				parts = append(parts, &(*l)[i].Participants)
			}
			d.relate(partsSum, p, parts...)
		}
		var yesNo []*Count
		for i := range b.Disadvantaged {
			switch g := &b.Disadvantaged[i]; g.Group {
			case "yes":
				d.relate(partsSum, dis, &g.Participants)
				yesNo = append(yesNo, &g.Participants)
			case "no":
				yesNo = append(yesNo, &g.Participants)
			}
		}
		d.relate(partsSum, known, yesNo...)
	}
	// A distinct count over parts (activities, periods, schools): at least
	// its largest part, at most their sum.
	distinct := func(total *Count, parts []*Count) {
		d.relate(partsAtMost, total, parts...)
		d.relate(sumAtLeast, total, parts...)
	}

	reach := &f.Reach
	trio(&reach.Participants, &reach.Disadvantaged, &reach.Known)
	breakdown(&f.Breakdowns, &reach.Participants, &reach.Disadvantaged, &reach.Known)
	var periods [3][]*Count
	for i := range reach.ByPeriod {
		p := &reach.ByPeriod[i]
		trio(&p.Participants, &p.Disadvantaged, &p.Known)
		periods[0] = append(periods[0], &p.Participants)
		periods[1] = append(periods[1], &p.Disadvantaged)
		periods[2] = append(periods[2], &p.Known)
	}
	var acts [3][]*Count
	groups := map[[2]string][]*Count{} // characteristic and group → the activities' counts
	for i := range f.Activities {
		a := &f.Activities[i]
		trio(&a.Participants, &a.Disadvantaged, &a.Known)
		breakdown(&a.Breakdowns, &a.Participants, &a.Disadvantaged, &a.Known)
		acts[0] = append(acts[0], &a.Participants)
		acts[1] = append(acts[1], &a.Disadvantaged)
		acts[2] = append(acts[2], &a.Known)
		for _, nb := range a.Breakdowns.Lists() {
			for j := range nb.Groups {
				k := [2]string{nb.Characteristic, nb.Groups[j].Group}
				groups[k] = append(groups[k], &nb.Groups[j].Participants)
			}
		}
		for j := range a.EffectSizes {
			e := &a.EffectSizes[j]
			d.relate(partsAtMost, &a.Participants, &e.NIntervention)
			var subI, subC []*Count
			for k := range e.Subgroups {
				s := &e.Subgroups[k]
				subI, subC = append(subI, &s.NIntervention), append(subC, &s.NComparison)
				if s.Group == SubgroupDisadvantaged {
					d.relate(partsAtMost, &a.Disadvantaged, &s.NIntervention)
				}
			}
			d.relate(sumAtMost, &e.NIntervention, subI...)
			d.relate(sumAtMost, &e.NComparison, subC...)
		}
	}
	for k, t := range [3]*Count{&reach.Participants, &reach.Disadvantaged, &reach.Known} {
		distinct(t, periods[k])
		distinct(t, acts[k])
	}
	for _, nb := range f.Breakdowns.Lists() {
		for j := range nb.Groups {
			distinct(&nb.Groups[j].Participants, groups[[2]string{nb.Characteristic, nb.Groups[j].Group}])
		}
	}
	var schools []*Count
	for i := range f.Schools {
		schools = append(schools, &f.Schools[i].Participants)
	}
	distinct(&reach.Participants, schools)
}

// nullDerived empties what is built on a hidden count: shares, ratios,
// costs and effect sizes.
func (f *Result) nullDerived() {
	if f.Reach.Disadvantaged.Suppressed || f.Reach.Known.Suppressed {
		f.Disadvantage.ParticipantShare, f.Disadvantage.TargetingRatio = nil, nil
	}
	effect := func(e *EffectSize) {
		if e.NIntervention.Suppressed || e.NComparison.Suppressed {
			e.G, e.SE, e.CILow, e.CIHigh, e.Months = nil, nil, nil, nil, nil
			e.Reason = ptr(ReasonSuppressed)
		}
	}
	for i := range f.Activities {
		a := &f.Activities[i]
		if a.Participants.Suppressed {
			a.CostPerParticipant = nil
		}
		if a.Disadvantaged.Suppressed || a.Known.Suppressed {
			a.ParticipantShare, a.TargetingRatio = nil, nil
		}
		for j := range a.EffectSizes {
			e := &a.EffectSizes[j]
			effect(e)
			for k := range e.Subgroups {
				effect(&e.Subgroups[k].EffectSize)
			}
		}
	}
}
