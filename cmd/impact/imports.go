package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
)

func (a *App) runImports(args []string) error {
	f := a.newFlags("imports", "imports [--json] | imports revert ID [--dir DIR]",
		`Lists every file imported, with its number, kind, rows, who imported it,
when, and its status: current, or reverted.

  revert ID  stops the rows of import ID counting: they stay in the store,
             marked, for the audit, and the rows they had corrected (outcome
             rows, KPI values) count again. Reverting twice is refused.`,
		`  impact imports
  impact imports --json | jq '.[] | select(.status == "current") | .file'
  impact imports revert 12`)
	asJSON := f.Bool("json", false, "print a JSON list of {id, file, kind, rows, who, when, status}")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
	case rest[0] == "revert" && len(rest) == 2:
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil || id <= 0 {
			return usageError("revert %q: expected an import's number (see impact imports)", rest[1])
		}
		return a.revertImport(f, id)
	case rest[0] == "revert":
		return usageError("revert: expected one import number (see impact imports --help)")
	default:
		return usageError("unknown verb %q: expected revert, or nothing (see impact imports --help)", rest[0])
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	list, err := p.Store.ListImports(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []engine.ImportRecord{}
		}
		return a.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.Stdout, "nothing imported yet: impact import FILE.csv")
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFILE\tKIND\tROWS\tBY\tWHEN\tSTATUS")
	for _, im := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", im.ID, im.File, im.Kind, thousands(im.Rows), im.Who, im.When, im.Status)
	}
	return tw.Flush()
}

func (a *App) revertImport(f *flags, id int64) error {
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := p.Store.RevertImport(ctx, id, engine.OSUser())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "reverted import %d (%s, %s %s): its rows stay, marked, and no longer count\n", r.ID, r.File, thousands(r.Rows), r.Kind.Noun(r.Rows))
	return nil
}
