package main

import (
	"context"
	"encoding/json"

	"github.com/schoolstogether/impact/metrics"
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
	audience := f.String("audience", metrics.AudienceDirector, "who the numbers are for: director or funder")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit the metrics to this activity `ID` (repeat for more)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("metrics takes no arguments, got %q (see impact metrics --help)", rest[0])
	}
	if *audience != metrics.AudienceDirector && *audience != metrics.AudienceFunder {
		return usageError("--audience %q: expected director or funder", *audience)
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, plan, err := a.openStore(ctx, f, inScope(acts))
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := metrics.Compute(ctx, st, plan, metrics.Options{Activities: acts, Audience: *audience, Today: today})
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
