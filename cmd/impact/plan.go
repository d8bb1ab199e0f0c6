package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/metrics"
)

// planEntry is one element of `impact plan --json`.
type planEntry struct {
	ID            string `json:"id"`
	Strategy      string `json:"strategy"`
	Rule          int    `json:"rule"`
	RequiredLevel int    `json:"required_level"`
}

func (a *App) runPlan(args []string) error {
	f := a.newFlags("plan", "plan [--json] [--dir DIR]",
		`Shows every activity's measurement strategy and the rule that chose it.
Rules (built in, or your own under rules: in toc.yaml) look at an activity's
certainty of impact and its participation, after Fiennes: count heads at a
careers fair, measure grades against a comparison group for a SCITT.`,
		`  impact plan
  impact plan --json | jq '.[] | select(.strategy == "robust")'`)
	asJSON := f.Bool("json", false, "print a JSON list of {id, strategy, rule, required_level}")
	if _, err := a.parse(f, args); err != nil {
		return err
	}
	plan, err := a.loadPlan(f)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]planEntry, len(plan.Choices))
		for i, c := range plan.Choices {
			out[i] = planEntry{ID: c.Activity, Strategy: c.Strategy.ID, Rule: c.Rule, RequiredLevel: c.Strategy.RequiredLevel}
		}
		return a.printJSON(out)
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTIVITY\tCERTAINTY\tPARTICIPATION\tSTRATEGY\tLEVEL\tRULE\tWHEN")
	for i, c := range plan.Choices {
		act := plan.ToC.Activities[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", c.Activity, act.Certainty, act.Participation, c.Strategy.ID, c.Strategy.RequiredLevel, c.Rule, shortRule(c.When))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, "\nLEVEL is the evidence the strategy requires: 1 counts, 2 before-and-after measures, 3 a comparison group.")
	return a.printNextSteps(f)
}

// printNextSteps lists, once the folder has an evidence store, each
// activity short of the evidence its strategy requires and the cheapest
// change that would reach it (issue 16).
func (a *App) printNextSteps(f *flags) error {
	if !folder.HasStore(f.dir, f.db) {
		return nil // nothing imported yet: every activity is at level 0
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := compute(ctx, p, metrics.Options{Today: today})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	gaps := 0
	for _, act := range r.Activities {
		if !act.EvidenceGap {
			continue
		}
		if gaps == 0 {
			fmt.Fprintln(a.Stdout, "\nEvidence gaps, and the next step for each (from what the store holds now):")
			fmt.Fprintln(tw, "ACTIVITY\tHAS\tNEEDS\tNEXT STEP")
		}
		gaps++
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", act.ID, act.AchievedLevel, act.RequiredLevel, act.NextStep)
	}
	if gaps == 0 {
		fmt.Fprintln(a.Stdout, "\nEvery activity has the evidence its strategy requires.")
		return nil
	}
	return tw.Flush()
}

// shortRule puts a rule on one line of at most 50 characters for the table.
func shortRule(when string) string {
	r := []rune(strings.Join(strings.Fields(when), " "))
	if len(r) > 50 {
		return string(r[:49]) + "…"
	}
	return string(r)
}
