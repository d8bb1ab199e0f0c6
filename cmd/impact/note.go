package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runNote(args []string) error {
	f := a.newFlags("note", "note (--kpi ID | --activity ID) --period YYYY/YY [--share] TEXT... | note --activity ID --period YYYY/YY --case-study --title T [--share] FILE.md | note --list [--json] | note --withdraw ID [--dir DIR]",
		`Keeps the story beside the numbers. A note is dated commentary on a KPI or
an activity for an academic year ("two trainees deferred to the spring"); a
case study is a titled story of an activity, written in Markdown in a file
(- reads it from standard input). The report prints each beside the numbers
it explains.

Funders see a note or case study only when it is given --share: without it,
it is for the director's report alone. Notes given with a KPI value
(impact log --note) are never shared.

--list lists the notes in force; --withdraw ID takes one out of the reports
(it stays in the store and the audit log). A note dated in a locked year is
refused, as every write is.`,
		`  impact note --kpi trainees-graduating --period 2024/25 "Two trainees deferred to the spring."
  impact note --activity reading-buddies --period 2024/25 --share "Hollins joined in January."
  impact note --activity reading-buddies --period 2024/25 --case-study --title "Amira's year" --share amira.md
  impact note --list
  impact note --withdraw 3`)
	kpi := f.String("kpi", "", "the KPI `ID` the note explains")
	activity := f.String("activity", "", "the activity `ID` the note or case study is about")
	period := f.String("period", "", "the academic year it is about, like 2024/25")
	share := f.Bool("share", false, "share it with funders (their reports and logins)")
	caseStudy := f.Bool("case-study", false, "record a case study from FILE.md (- for standard input)")
	title := f.String("title", "", "the case study's title")
	list := f.Bool("list", false, "list the notes in force instead")
	asJSON := f.Bool("json", false, "with --list, print JSON")
	withdraw := f.String("withdraw", "", "take the note `ID` out of the reports")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for _, mode := range []string{"list", "withdraw"} {
		if !set[mode] {
			continue
		}
		for _, n := range []string{"kpi", "activity", "period", "share", "case-study", "title"} {
			if set[n] {
				return usageError("--%s takes no --%s (see impact note --help)", mode, n)
			}
		}
		if len(rest) > 0 {
			return usageError("--%s takes no text, got %q (see impact note --help)", mode, rest[0])
		}
	}
	if *asJSON && !*list {
		return usageError("--json goes with --list (see impact note --help)")
	}
	switch {
	case *list:
		return a.noteList(f, *asJSON)
	case set["withdraw"]:
		id, err := strconv.ParseInt(*withdraw, 10, 64)
		if err != nil || id <= 0 {
			return usageError("--withdraw: expected a note's number from impact note --list, got %q", *withdraw)
		}
		return a.noteWithdraw(f, id)
	}
	if !set["period"] {
		return usageError("missing --period (see impact note --help)")
	}
	n := toc.Note{KPI: strings.TrimSpace(*kpi), Activity: strings.TrimSpace(*activity), Shared: *share, CaseStudy: *caseStudy, Title: strings.TrimSpace(*title)}
	if n.Period, err = toc.ParsePeriod(strings.TrimSpace(*period)); err != nil {
		return toc.Errorf(toc.EINVALID, "--period: %w", err)
	}
	if set["title"] && !n.CaseStudy {
		return usageError("--title goes with --case-study (see impact note --help)")
	}
	if n.CaseStudy {
		if len(rest) != 1 {
			return usageError("--case-study reads one Markdown file (- for standard input), got %d arguments (see impact note --help)", len(rest))
		}
		if n.Body, err = a.readCaseStudy(rest[0]); err != nil {
			return err
		}
	} else {
		if len(rest) == 0 {
			return usageError("expected the note's text (see impact note --help)")
		}
		n.Body = strings.Join(rest, " ")
	}
	n.Body = strings.ReplaceAll(n.Body, "\r\n", "\n")

	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	n, err = p.Store.AddNote(ctx, p.Plan.ToC, n, engine.OSUser())
	if err != nil {
		return err
	}
	what := "note"
	if n.CaseStudy {
		what = "case study"
	}
	who := "the director's report only"
	if n.Shared {
		who = "the director's and funders' reports"
	}
	fmt.Fprintf(a.Stdout, "noted %s %d on %s%s %s, for %s\n", what, n.ID, n.KPI, n.Activity, n.Period, who)
	return nil
}

// readCaseStudy reads a case study's Markdown from a file or standard
// input, refusing one past the limit before reading it all.
func (a *App) readCaseStudy(path string) (string, error) {
	var r io.Reader = a.Stdin
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return "", toc.Errorf(toc.EINVALID, "case study: %v", err)
		}
		defer file.Close()
		r = file
	}
	b, err := io.ReadAll(io.LimitReader(r, 4*toc.MaxCaseStudy+1))
	if err != nil {
		return "", toc.Errorf(toc.EINVALID, "case study %s: %v", path, err)
	}
	if len(b) > 4*toc.MaxCaseStudy {
		return "", toc.Errorf(toc.EINVALID, "case study %s: over %d characters, expected at most that", path, toc.MaxCaseStudy)
	}
	return strings.TrimPrefix(string(b), "\ufeff"), nil
}

func (a *App) noteList(f *flags, asJSON bool) error {
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	notes, err := p.Store.ListNotes(ctx, engine.NoteQuery{})
	if err != nil {
		return err
	}
	if asJSON {
		type row struct {
			ID        int64      `json:"id"`
			KPI       string     `json:"kpi,omitempty"`
			Activity  string     `json:"activity,omitempty"`
			Period    toc.Period `json:"period"`
			CaseStudy bool       `json:"case_study"`
			Title     string     `json:"title,omitempty"`
			Text      string     `json:"text"`
			Shared    bool       `json:"shared"`
			At        string     `json:"at"`
			By        string     `json:"by"`
		}
		rows := make([]row, 0, len(notes))
		for _, n := range notes {
			rows = append(rows, row{n.ID, n.KPI, n.Activity, n.Period, n.CaseStudy, n.Title, n.Body, n.Shared, n.At, n.By})
		}
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(notes) == 0 {
		fmt.Fprintln(a.Stdout, "no notes yet: impact note --kpi ID --period 2024/25 \"what happened\" adds one")
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NOTE\tYEAR\tABOUT\tSHARED\tTEXT")
	for _, n := range notes {
		text := n.Body
		if n.CaseStudy {
			text = "case study: " + n.Title
		}
		if first, _, more := strings.Cut(text, "\n"); more || len([]rune(first)) > 60 {
			text = string([]rune(first)[:min(60, len([]rune(first)))]) + "…"
		}
		shared := "no"
		if n.Shared {
			shared = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s%s\t%s\t%s\n", n.ID, n.Period, n.KPI, n.Activity, shared, strings.ReplaceAll(text, "\t", " "))
	}
	return tw.Flush()
}

func (a *App) noteWithdraw(f *flags, id int64) error {
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Store.WithdrawNote(ctx, id, engine.OSUser()); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "withdrew note %d: it has left the reports and stays in the audit log\n", id)
	return nil
}
