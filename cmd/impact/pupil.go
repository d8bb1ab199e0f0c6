package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
)

func (a *App) runPupil(args []string) error {
	f := a.newFlags("pupil", "pupil IDENTIFIER [--json] [--dir DIR]",
		`Prints everything held about one pupil, for a subject access request under
UK GDPR: every participation row (activity, date, school, disadvantaged, the
register mark), outcome (activity, measure, group, scores), characteristics
row (year group, sex, SEN, EAL, looked after) and the imports they came
from. impact holds no names and not the identifier itself, only a keyed hash
of it, so the identifier is looked up under impact.key.

The request is recorded in the audit log by how many rows it returned, never
by whose they were. An identifier not held exits 1.`,
		`  impact pupil A123456789012
  impact pupil A123456789012 --json > subject-access.json`)
	asJSON := f.Bool("json", false, "print the rows as a JSON object {participation, outcomes, characteristics, imports}")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("expected one pupil's identifier (see impact pupil --help)")
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	rec, err := p.Store.Pupil(ctx, engine.Identifier{ID: rest[0]}, engine.OSUser())
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(emptyLists(rec))
	}
	return a.printPupil(rec, storeName(f))
}

// emptyLists makes a record's missing lists empty, so JSON shows [] and
// not null.
func emptyLists(r engine.PupilRecord) engine.PupilRecord {
	if r.Participation == nil {
		r.Participation = []engine.PupilParticipation{}
	}
	if r.Outcomes == nil {
		r.Outcomes = []engine.PupilOutcome{}
	}
	if r.Characteristics == nil {
		r.Characteristics = []engine.PupilCharacteristics{}
	}
	if r.Imports == nil {
		r.Imports = []engine.ImportRecord{}
	}
	return r
}

// printPupil writes a pupil's record as tables, one a kind of row.
func (a *App) printPupil(r engine.PupilRecord, where string) error {
	w := a.Stdout
	fmt.Fprintf(w, "held in %s about this pupil: %s (the request is in the audit log, without the identifier)\n",
		where, plural(r.Rows(), "row", "rows"))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	section := func(title string, n int, header string) bool {
		tw.Flush()
		fmt.Fprintf(w, "\n%s: %s\n", title, plural(n, "row", "rows"))
		if n > 0 {
			fmt.Fprintln(tw, header)
		}
		return n > 0
	}
	if section("Participation", len(r.Participation), "  DATE\tYEAR\tACTIVITY\tSCHOOL\tDISADVANTAGED\tMARK\tIMPORT") {
		for _, p := range r.Participation {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%d\n", p.Date, p.Period, p.Activity, dash(p.School), p.Disadvantaged, dash(p.Attended), p.Import)
		}
	}
	if section("Outcomes", len(r.Outcomes), "  ACTIVITY\tMEASURE\tGROUP\tPRE\tPOST\tSCHOOL\tDISADVANTAGED\tDATE\tIMPORT") {
		for _, o := range r.Outcomes {
			pre := "-"
			if o.Pre != nil {
				pre = strconv.FormatFloat(*o.Pre, 'f', -1, 64)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", o.Activity, o.Measure, o.Group, pre, strconv.FormatFloat(o.Post, 'f', -1, 64),
				dash(o.School), o.Disadvantaged, dash(o.Date), o.Import)
		}
	}
	if section("Characteristics", len(r.Characteristics), "  YEAR\tSCHOOL\tYEAR GROUP\tSEX\tSEN\tEAL\tLOOKED AFTER\tDISADVANTAGED\tIMPORT") {
		for _, c := range r.Characteristics {
			period := "undated"
			if c.Period != nil {
				period = c.Period.String()
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", period, dash(c.School), c.YearGroup, c.Sex, c.SEN, c.EAL, c.LookedAfter, c.Disadvantaged, c.Import)
		}
	}
	if section("Imports they came from", len(r.Imports), "  IMPORT\tFILE\tKIND\tWHEN\tBY\tSTATUS") {
		for _, im := range r.Imports {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", im.ID, im.File, im.Kind, im.When, im.Who, im.Status)
		}
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
