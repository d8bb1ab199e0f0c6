package main

import (
	"context"
	"encoding/json"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runMetrics(args []string) error {
	f := a.newFlags("metrics", "metrics [--json] [--audience director|funder] [--activity ID]... [--dir DIR]",
		`Computes the numbers of the four pillars of partnership from the evidence
store: reach and disadvantage targeting, KPI progress against baseline and
target, each activity's strategy, evidence level and effect sizes (Hedges' g
with a 95% interval and the EEF's months of progress), mutuality, and
sustainability. Without --json it prints tables: headline figures, then
KPIs, activities, effect sizes and schools.

--audience funder gives what a funder sees: counts of fewer than
privacy.min_cell pupils show as "<N", and the shares, costs and effect
sizes built on them are withheld. --activity limits everything to those
activities (and the KPIs they serve).`,
		`  impact metrics
  impact metrics --json | jq '.activities[] | select(.evidence_gap) | .id'
  impact metrics --audience funder --activity scitt --activity careers-fair`)
	asJSON := f.Bool("json", false, "print the JSON object of DESIGN §7.9")
	audience := f.String("audience", string(toc.Director), "who the numbers are for: director or funder")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit the metrics to this activity `ID` (repeat for more)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("metrics takes no arguments, got %q (see impact metrics --help)", rest[0])
	}
	aud, err := audienceFlag(*audience)
	if err != nil {
		return err
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, inScope(acts))
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := compute(ctx, p, metrics.Options{Activities: acts, Audience: aud, Today: today})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return writeMetricsTables(a.Stdout, r)
}

// compute computes the metrics of an open partnership from one snapshot
// of its store: a funder's counts approved data only (DESIGN §12).
func compute(ctx context.Context, p *folder.Folder, opts metrics.Options) (*metrics.Result, error) {
	return computeAnd(ctx, p, opts, nil)
}

// computeAnd is compute, then, when also is not nil, also on the same
// snapshot and the result: what else an export reads sees the same data.
func computeAnd(ctx context.Context, p *folder.Folder, opts metrics.Options, also func(engine.Snapshot, *metrics.Result) error) (*metrics.Result, error) {
	var err error
	if opts.Review, err = p.Store.ReviewCounts(ctx); err != nil {
		return nil, err
	}
	snap, err := engine.SnapshotFor(ctx, p.Store, opts.Audience)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	r, err := metrics.Compute(ctx, snap, p.Plan, opts)
	if err != nil || also == nil {
		return r, err
	}
	return r, also(snap, r)
}

// audienceFlag reads --audience.
func audienceFlag(s string) (toc.Audience, error) {
	aud, err := toc.ParseAudience(s)
	if err != nil || s == "" {
		return "", usageError("--audience %q: expected director or funder", s)
	}
	return aud, nil
}
