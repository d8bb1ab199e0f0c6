package metrics

import (
	"sort"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// Options say which metrics to compute and for whom.
type Options struct {
	// Activities scopes everything to these activity ids; none means all.
	Activities []string
	// Audience is toc.Director (the default when empty) or toc.Funder.
	Audience toc.Audience
	// Today fixes as_of when the database holds no data yet.
	Today time.Time
	// Review counts the store's review items (DESIGN §12), for the
	// result's review object; the caller reads them from the store.
	Review toc.ReviewCounts
	// Protection, when set, remembers a funder view's hidden cells
	// between results with the same counts (see Protection): the web app
	// keeps one per view.
	Protection *Protection
}

// Input is what Build needs from the store for one scope.
type Input struct {
	// AsOf is the latest period of any participation row, dated outcome
	// row or KPI value in the whole database; HasAsOf is false when there
	// is none.
	AsOf    toc.Period
	HasAsOf bool
	// Tally has counted every participation and outcome row of the scope.
	Tally *Tally
	// Outcomes are the scope's current outcome rows, in any order.
	Outcomes []toc.OutcomeRow
	// KPIValues are the current values of the scope's KPIs, in any order.
	KPIValues []toc.KPIValue
	// Attendance is what the register marks of the scope's activities say.
	Attendance map[string]toc.Attendance
}

// Scope returns the activities and KPIs that opts.Activities selects, in
// toc.yaml order: every activity and KPI when it is empty, else those
// activities and the KPIs they serve. An unknown id is an EINVALID error.
func Scope(p *toc.Partnership, activities []string) ([]*toc.Activity, []*toc.KPI, error) {
	if len(activities) == 0 {
		acts := make([]*toc.Activity, len(p.Activities))
		for i := range p.Activities {
			acts[i] = &p.Activities[i]
		}
		return acts, p.KPIs(), nil
	}
	want := map[string]bool{}
	for _, id := range activities {
		if p.Activity(id) == nil {
			return nil, nil, toc.Errorf(toc.EINVALID, "unknown activity %q: expected an activity id of %s", id, p.File)
		}
		want[id] = true
	}
	var acts []*toc.Activity
	served := map[string]bool{}
	for i := range p.Activities {
		if a := &p.Activities[i]; want[a.ID] {
			acts = append(acts, a)
			for _, k := range a.KPIs {
				served[k] = true
			}
		}
	}
	var kpis []*toc.KPI
	for _, k := range p.KPIs() {
		if served[k.ID] {
			kpis = append(kpis, k)
		}
	}
	return acts, kpis, nil
}

func ids[T any](xs []*T, id func(*T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// Build computes every metric of DESIGN §7 for the scope of opts from what
// was read of the store, for the audience of opts.
func Build(plan *toc.Plan, in Input, opts Options) (*Result, error) {
	p := plan.ToC
	acts, kpis, err := Scope(p, opts.Activities)
	if err != nil {
		return nil, err
	}
	t := in.Tally
	if t == nil {
		t = NewTally()
	}
	r := &Result{
		Partnership: p.Name,
		Audience:    toc.Director,
		AsOf:        toc.PeriodOf(opts.Today),
		Review:      opts.Review,
		KPIs:        make([]KPIResult, 0, len(kpis)),
		Activities:  make([]ActivityResult, 0, len(acts)),
		Schools:     make([]SchoolResult, 0, len(p.Schools)),
	}
	if in.HasAsOf {
		r.AsOf = in.AsOf
	}
	r.Periods = periods(t, in)
	r.Reach, r.Disadvantage = reach(p, t)
	r.Breakdowns = t.breakdowns(&t.all)

	for _, k := range kpis {
		kr := KPIProgress(k, in.KPIValues)
		// A KPI's values are the partnership's, not the chosen activities'
		// (DESIGN §13): a view of some activities says so.
		kr.PartnershipWide = len(opts.Activities) > 0
		r.KPIs = append(r.KPIs, kr)
	}
	outcomes := outcomesByActivity(in.Outcomes)
	for _, a := range acts {
		ar := activity(plan, a, t, outcomes[a.ID], in.Attendance[a.ID], r.AsOf)
		if ar.Participants.N > 0 {
			r.Reach.Activities++
		}
		r.Activities = append(r.Activities, ar)
	}
	for i := range p.Schools {
		s := &p.Schools[i]
		provides, receives := SchoolGives(s.ID, acts)
		var n int
		if j, ok := t.schoolIdx[s.ID]; ok {
			n = t.schoolN[j]
		}
		r.Schools = append(r.Schools, SchoolResult{
			ID: s.ID, Name: s.Name, Provides: provides, Receives: receives,
			Reciprocal: provides > 0 && receives > 0, Participants: Count{N: n},
		})
	}
	r.Health = health(p, acts, t, r.AsOf)
	for i := range r.Schools {
		r.Schools[i].GiveAndGet = giveAndGet(r.Schools[i].ID, r.Health.Ties)
	}
	r.Health.ReachGaps = reachGaps(p, r)
	for _, a := range acts {
		if a.EEF != "" {
			r.Toolkit = toolkit(p.Strands)
			break
		}
	}
	switch opts.Audience {
	case "", toc.Director:
		return r, nil
	case toc.Funder:
		f := ForFunderWith(r, p.Privacy.MinCell, opts.Protection)
		f.Health.ReachGaps = reachGaps(p, f)
		return f, nil
	}
	return nil, toc.Errorf(toc.EUSAGE, "unknown audience %q: expected director or funder", opts.Audience)
}

// periods is every period of a row or KPI value of the scope, ascending.
func periods(t *Tally, in Input) []toc.Period {
	seen := map[toc.Period]bool{}
	for p := range t.periods {
		seen[p] = true
	}
	for _, o := range in.Outcomes {
		if o.Period != nil {
			seen[*o.Period] = true
		}
	}
	for _, v := range in.KPIValues {
		seen[v.Period] = true
	}
	out := make([]toc.Period, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// reach is DESIGN §7.1 and the overall §7.2.
func reach(p *toc.Partnership, t *Tally) (Reach, Disadvantage) {
	c := t.counts(&t.all)
	r := Reach{
		Participants: Count{N: c.participants}, Disadvantaged: Count{N: c.disadvantaged}, Known: Count{N: c.known},
		Schools:  t.all.schools.count(),
		ByPeriod: make([]PeriodReach, 0, len(t.periods)),
	}
	ps := make([]toc.Period, 0, len(t.periods))
	for period := range t.periods {
		ps = append(ps, period)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	for _, period := range ps {
		g := t.periods[period]
		pc := t.counts(g)
		r.ByPeriod = append(r.ByPeriod, PeriodReach{
			Period: period, Participants: Count{N: pc.participants}, Disadvantaged: Count{N: pc.disadvantaged},
			Known: Count{N: pc.known}, Schools: g.schools.count(),
		})
	}
	return r, Shares(c.disadvantaged, c.known, reachedSchools(p, t, &t.all))
}

// reachedSchools are the schools of the ToC that a group's rows name, in
// toc.yaml order.
func reachedSchools(p *toc.Partnership, t *Tally, g *group) []*toc.School {
	var out []*toc.School
	for i := range p.Schools {
		if j, ok := t.schoolIdx[p.Schools[i].ID]; ok && g.schools.has(j) {
			out = append(out, &p.Schools[i])
		}
	}
	return out
}
