package web

import (
	"context"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// The web app computes metrics in metrics.Compute's two parts so that a
// logged KPI value costs milliseconds, not a re-read of every
// participation row: the evidence of a scope (participation and outcome
// rows, tallied) changes only with an import and is cached by the evidence
// version; KPI values are read afresh for every data version.

// readEvidence tallies the rows of the activities in one snapshot.
func readEvidence(ctx context.Context, store *engine.Store, acts []string) (*metrics.Evidence, error) {
	facts, err := store.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()
	return metrics.ReadEvidence(ctx, facts, acts)
}

// buildMetrics combines a scope's evidence with its current KPI values.
func buildMetrics(ctx context.Context, store *engine.Store, plan *engine.Plan, ev *metrics.Evidence, opts metrics.Options) (*metrics.Result, error) {
	facts, err := store.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	defer facts.Close()
	return metrics.FromEvidence(ctx, facts, plan, ev, opts)
}

func actIDs(acts []*toc.Activity) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.ID
	}
	return out
}
