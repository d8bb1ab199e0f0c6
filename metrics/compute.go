package metrics

import (
	"context"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Compute reads the store and computes every metric of DESIGN §7 for the
// scope and audience of opts. The command line, the report and the web app
// all call it. It reads one snapshot of the store; participation rows are
// streamed through a Tally, never held in memory; rows of activities and KPIs that plan's toc.yaml lacks, and
// superseded rows, are left out.
func Compute(ctx context.Context, st *engine.Store, plan *engine.Plan, opts Options) (*Result, error) {
	acts, kpis, err := Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	actIDs := ids(acts, func(a *toc.Activity) string { return a.ID })
	kpiIDs := ids(kpis, func(k *toc.KPI) string { return k.ID })
	in := Input{Tally: NewTally()}
	facts, err := st.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()

	var latest toc.Period
	seen := false
	see := func(p toc.Period) {
		if !seen || p > latest {
			latest, seen = p, true
		}
	}
	err = facts.EachParticipation(ctx, actIDs, func(r *engine.ParticipationRow) error {
		in.Tally.AddParticipation(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if in.Outcomes, err = facts.Outcomes(ctx, actIDs); err != nil {
		return nil, err
	}
	for i := range in.Outcomes {
		in.Tally.AddOutcome(&in.Outcomes[i])
	}
	if in.KPIValues, err = facts.KPIValues(ctx, kpiIDs); err != nil {
		return nil, err
	}

	if len(opts.Activities) == 0 {
		// The scope is the whole ToC: as_of is the latest period read.
		for p := range in.Tally.periods {
			see(p)
		}
		for _, o := range in.Outcomes {
			if o.Period != nil {
				see(*o.Period)
			}
		}
		for _, v := range in.KPIValues {
			see(v.Period)
		}
		in.AsOf, in.HasAsOf = latest, seen
	} else {
		all, allKPIs, _ := Scope(plan.ToC, nil)
		in.AsOf, in.HasAsOf, err = facts.LatestPeriod(ctx,
			ids(all, func(a *toc.Activity) string { return a.ID }),
			ids(allKPIs, func(k *toc.KPI) string { return k.ID }))
		if err != nil {
			return nil, err
		}
	}
	return Build(plan, in, opts)
}
