package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runStatus(args []string) error {
	f := a.newFlags("status", "status [--period 2024/25] [--json] [--dir DIR]",
		`Says what is missing for the current academic year (or --period): the
activities running that year with no rows yet, the KPIs with no value, the
schools that gave a school-level KPI no value, the items awaiting review, and
the locked years. The web app's "What's missing" page shows the same, each
editor within their own activities and schools.`,
		`  impact status
  impact status --period 2023/24 --json`)
	period := f.String("period", "", "the academic `YEAR` to look at, like 2024/25 (default: the current one)")
	asJSON := f.Bool("json", false, "print the report as JSON: {period, activities_without_rows, kpis_without_value, schools_without_value, pending_reviews, locked}")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("status takes no arguments, got %q (see impact status --help)", strings.Join(rest, " "))
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	p := toc.PeriodOf(today)
	if *period != "" {
		if p, err = parsePeriodArg(*period); err != nil {
			return err
		}
	}
	ctx := context.Background()
	fo, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer fo.Close()
	rep, err := engine.Missing(ctx, fo.Store, fo.Plan.ToC, p, engine.Scope{}, "")
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(rep)
	}
	w := a.Stdout
	fmt.Fprintf(w, "What's missing for %s\n", p)
	named := func(list []engine.Named) string {
		parts := make([]string, len(list))
		for i, n := range list {
			parts[i] = n.ID
		}
		return strings.Join(parts, ", ")
	}
	nothing := true
	if n := len(rep.ActivitiesWithoutRows); n > 0 {
		nothing = false
		fmt.Fprintf(w, "  %s running with no rows yet: %s\n", plural(n, "activity", "activities"), named(rep.ActivitiesWithoutRows))
	}
	if n := len(rep.KPIsWithoutValue); n > 0 {
		nothing = false
		fmt.Fprintf(w, "  %s with no value: %s\n", plural(n, "KPI", "KPIs"), named(rep.KPIsWithoutValue))
	}
	for _, m := range rep.SchoolsWithoutValue {
		nothing = false
		fmt.Fprintf(w, "  %s: no value from %s\n", m.KPI, strings.Join(m.Schools, ", "))
	}
	if rep.PendingReviews > 0 {
		nothing = false
		fmt.Fprintf(w, "  %s awaiting review: impact review\n", plural(rep.PendingReviews, "item", "items"))
	}
	if nothing {
		fmt.Fprintln(w, "  nothing: every running activity has rows and every KPI a value")
	}
	if len(rep.Locked) > 0 {
		years := make([]string, len(rep.Locked))
		for i, l := range rep.Locked {
			years[i] = l.String()
		}
		fmt.Fprintf(w, "  locked: %s\n", strings.Join(years, ", "))
	}
	return nil
}
