package metrics

import (
	"context"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Compute reads the store and computes every metric of DESIGN §7 for the
// scope and audience of opts. The command line, the report and the web app
// all call it. It reads one snapshot of the store; participation rows are
// streamed through a Tally, never held in memory; rows of activities and
// KPIs that plan's toc.yaml lacks, and superseded rows, are left out.
func Compute(ctx context.Context, st *engine.Store, plan *engine.Plan, opts Options) (*Result, error) {
	acts, _, err := Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	facts, err := st.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()
	ev, err := ReadEvidence(ctx, facts, ids(acts, func(a *toc.Activity) string { return a.ID }))
	if err != nil {
		return nil, err
	}
	return FromEvidence(ctx, facts, plan, ev, opts)
}

// Evidence is what the participation and outcome rows of some activities
// say, tallied. It changes only with an import, so the web app keeps it
// while KPI values come and go; it is read-only once built.
type Evidence struct {
	Tally    *Tally
	Outcomes []engine.OutcomeRow
	latest   toc.Period // the latest period of a dated row
	hasDated bool
}

// ReadEvidence tallies the rows of the activities, streaming the
// participation rows.
func ReadEvidence(ctx context.Context, facts *engine.Facts, activities []string) (*Evidence, error) {
	ev := &Evidence{Tally: NewTally()}
	see := func(p toc.Period) {
		if !ev.hasDated || p > ev.latest {
			ev.latest, ev.hasDated = p, true
		}
	}
	err := facts.EachParticipation(ctx, activities, func(r *engine.ParticipationRow) error {
		ev.Tally.AddParticipation(r)
		see(r.Period)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ev.Outcomes, err = facts.Outcomes(ctx, activities); err != nil {
		return nil, err
	}
	for i := range ev.Outcomes {
		ev.Tally.AddOutcome(&ev.Outcomes[i])
		if p := ev.Outcomes[i].Period; p != nil {
			see(*p)
		}
	}
	return ev, nil
}

// FromEvidence combines the evidence of opts' activities with the KPI
// values in force and computes the result. as_of is the latest period of
// any row or value in the whole database, whatever the scope.
func FromEvidence(ctx context.Context, facts *engine.Facts, plan *engine.Plan, ev *Evidence, opts Options) (*Result, error) {
	_, kpis, err := Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	kpiID := func(k *toc.KPI) string { return k.ID }
	in := Input{Tally: ev.Tally, Outcomes: ev.Outcomes}
	if in.KPIValues, err = facts.KPIValues(ctx, ids(kpis, kpiID)); err != nil {
		return nil, err
	}
	if len(opts.Activities) == 0 {
		// The scope is the whole ToC: as_of is the latest period read.
		in.AsOf, in.HasAsOf = ev.latest, ev.hasDated
		for _, v := range in.KPIValues {
			if !in.HasAsOf || v.Period > in.AsOf {
				in.AsOf, in.HasAsOf = v.Period, true
			}
		}
	} else {
		all, allKPIs, _ := Scope(plan.ToC, nil)
		in.AsOf, in.HasAsOf, err = facts.LatestPeriod(ctx, ids(all, func(a *toc.Activity) string { return a.ID }), ids(allKPIs, kpiID))
		if err != nil {
			return nil, err
		}
	}
	return Build(plan, in, opts)
}
