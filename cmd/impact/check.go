package main

import (
	"fmt"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runCheck(args []string) error {
	f := a.newFlags("check", "check [--dir DIR]",
		`Validates toc.yaml and its rules: YAML syntax, fields, ids, references,
ranges, periods, the chain from KPIs to activities, and that every rule
compiles and every activity is matched by one. Every problem is printed as
toc.yaml:LINE:COL: message, and the exit code is 1 if there is any.`,
		`  impact check
  impact check --dir ../tyne-valley`)
	if _, err := a.parse(f, args); err != nil {
		return err
	}
	plan, err := a.loadPlan(f)
	if err != nil {
		return err
	}
	t := plan.ToC
	fmt.Fprintf(a.Stdout, "%s: ok — %s, %s, %s\n", f.tocPath(),
		plural(len(t.Schools), "school", "schools"), plural(len(t.KPIs()), "KPI", "KPIs"), plural(len(t.Activities), "activity", "activities"))
	return a.warnDropped(f)
}

// loadPlan reads toc.yaml of the folder and plans it for this academic year.
func (a *App) loadPlan(f *flags) (*toc.Plan, error) {
	asOf, err := a.currentPeriod()
	if err != nil {
		return nil, err
	}
	return rules.Load(f.tocPath(), asOf)
}

// plural writes n, with thousands separators, and the singular or plural
// noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}
