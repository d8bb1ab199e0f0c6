package web

import (
	"context"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// The web app computes metrics in two parts so that a logged KPI value
// costs milliseconds, not a re-read of every participation row: the
// evidence of a scope (participation and outcome rows, tallied) changes
// only with an import and is cached by the evidence version; KPI values
// are read afresh for every data version and combined with it by
// metrics.Build. It is metrics.Compute cut in two; a test checks that both
// give the same result.

// evidence is what the participation and outcome rows of a scope say.
type evidence struct {
	tally    *metrics.Tally // read-only once built: Build only reads it
	outcomes []engine.OutcomeRow
	latest   toc.Period // the latest period of a dated row of the scope
	hasDated bool
}

// readEvidence tallies the rows of the activities in one snapshot.
func readEvidence(ctx context.Context, store *engine.Store, acts []string) (*evidence, error) {
	facts, err := store.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()
	ev := &evidence{tally: metrics.NewTally()}
	see := func(p toc.Period) {
		if !ev.hasDated || p > ev.latest {
			ev.latest, ev.hasDated = p, true
		}
	}
	err = facts.EachParticipation(ctx, acts, func(r *engine.ParticipationRow) error {
		ev.tally.AddParticipation(r)
		see(r.Period)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ev.outcomes, err = facts.Outcomes(ctx, acts); err != nil {
		return nil, err
	}
	for i := range ev.outcomes {
		ev.tally.AddOutcome(&ev.outcomes[i])
		if p := ev.outcomes[i].Period; p != nil {
			see(*p)
		}
	}
	return ev, nil
}

// buildMetrics combines a scope's evidence with its current KPI values.
// as_of is, as in metrics.Compute, the latest period of any row or value
// in the whole database.
func buildMetrics(ctx context.Context, store *engine.Store, plan *engine.Plan, ev *evidence, opts metrics.Options) (*metrics.Result, error) {
	_, kpis, err := metrics.Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	facts, err := store.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()
	in := metrics.Input{Tally: ev.tally, Outcomes: ev.outcomes}
	if in.KPIValues, err = facts.KPIValues(ctx, kpiIDs(kpis)); err != nil {
		return nil, err
	}
	if len(opts.Activities) == 0 {
		in.AsOf, in.HasAsOf = ev.latest, ev.hasDated
		for _, v := range in.KPIValues {
			if !in.HasAsOf || v.Period > in.AsOf {
				in.AsOf, in.HasAsOf = v.Period, true
			}
		}
	} else {
		allActs, allKPIs, _ := metrics.Scope(plan.ToC, nil)
		if in.AsOf, in.HasAsOf, err = facts.LatestPeriod(ctx, actIDs(allActs), kpiIDs(allKPIs)); err != nil {
			return nil, err
		}
	}
	return metrics.Build(plan, in, opts)
}

func actIDs(acts []*toc.Activity) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.ID
	}
	return out
}

func kpiIDs(kpis []*toc.KPI) []string {
	out := make([]string, len(kpis))
	for i, k := range kpis {
		out[i] = k.ID
	}
	return out
}
