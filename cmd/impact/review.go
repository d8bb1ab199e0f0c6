package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runReview(args []string) error {
	f := a.newFlags("review", "review [--json] | review approve ID... | review approve --all | review return ID --note TEXT [--dir DIR]",
		`With review: required in toc.yaml, what an editor logs or imports through
the web app is one review item — a KPI value, or a file — pending until an
admin approves it. Pending data counts in the director's numbers (flagged)
but not in funders'; returned data counts nowhere, and its author sees the
note. The command line acts as an admin: its own writes are approved as they
land.

  review             lists the pending items, oldest first
  approve ID...      approves items (--all: every pending one)
  return ID --note   sends an item back to its author with a note

Approvals and returns are audited, and refused in a locked year.`,
		`  impact review
  impact review approve 12 13
  impact review approve --all
  impact review return 14 --note "2023/24 was 17: see the register"`)
	asJSON := f.Bool("json", false, "print the pending items as a JSON list of {id, kind, who, when, what, rows, status}")
	all := f.Bool("all", false, "with approve: every pending item")
	note := f.String("note", "", "with return: why the item goes back, for its author")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	verb := ""
	if len(rest) > 0 {
		verb, rest = rest[0], rest[1:]
	}
	var ids []int64
	for _, s := range rest {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return usageError("%q: expected a review item's number (see impact review)", s)
		}
		ids = append(ids, id)
	}
	switch {
	case verb == "" && len(ids) == 0:
	case verb == "approve" && (len(ids) > 0) != *all:
	case verb == "approve":
		return usageError("approve: expected item numbers, or --all")
	case verb == "return" && len(ids) == 1:
		if *note == "" {
			return usageError("return: missing --note TEXT, saying why the item goes back")
		}
	case verb == "return":
		return usageError("return: expected one item number and --note TEXT")
	default:
		return usageError("unknown verb %q: expected approve or return, or nothing (see impact review --help)", verb)
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	who := engine.OSUser()
	switch verb {
	case "approve":
		done, err := p.Store.Approve(ctx, ids, who)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "approved %s: funders count them now\n", plural(len(done), "item", "items"))
		return nil
	case "return":
		r, err := p.Store.Return(ctx, ids[0], *note, who)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "returned item %d (%s) to %s: it counts nowhere now\n", r.ID, r.What, r.Who)
		return nil
	}
	items, err := p.Store.ReviewItems(ctx, toc.ReviewPending)
	if err != nil {
		return err
	}
	if *asJSON {
		if items == nil {
			items = []engine.ReviewItem{}
		}
		return a.printJSON(items)
	}
	if len(items) == 0 {
		if p.Plan.ToC.Review != toc.ReviewRequired {
			fmt.Fprintln(a.Stdout, "nothing awaits review (toc.yaml does not require it: add review: required)")
		} else {
			fmt.Fprintln(a.Stdout, "nothing awaits review")
		}
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tWHAT\tBY\tWHEN\tROWS")
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.Kind, it.What, it.Who, it.When, thousands(it.Rows))
	}
	return tw.Flush()
}
