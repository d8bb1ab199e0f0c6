package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runForget(args []string) error {
	f := a.newFlags("forget", "forget IDENTIFIER... | forget --file FILE | forget --expired [--dir DIR]",
		`Erases pupils, as UK GDPR's right to erasure asks: every participation
row, outcome and characteristic of theirs, and the pupil, in one go. If any
identifier is not held, nothing is erased and each such one is named. Once
it returns, nothing of them is left in impact.db or its write-ahead log.

The audit log records only how many pupils and rows went, never who. What
stays is a keyed one-way hash of each pupil's pseudonym — not the pseudonym,
and nothing without impact.key — so that importing an old file again skips
them, saying how many.

  --file FILE  the pupils of a file: a CSV or .xlsx whose participant column
               is found as in imports (participant, UPN, Adno…), or a plain
               list, one identifier a line
  --expired    the pupils whose latest row is more than privacy.retain_years
               academic years before this one (set in toc.yaml); a row
               without a date counts from the day it was imported. These
               are not remembered: new rows of theirs are new data.

Backups taken before still hold the pupils: delete them, or keep them only as
long as your retention policy allows.`,
		`  impact forget A123456789012
  impact forget --file "erasure requests.csv"
  impact forget --expired`)
	file := f.String("file", "", "forget the pupils listed in `FILE`")
	expired := f.Bool("expired", false, "forget the pupils held longer than privacy.retain_years")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	switch {
	case *expired && (len(rest) > 0 || *file != ""):
		return usageError("--expired forgets by age alone: give no identifiers or --file with it")
	case !*expired && len(rest) == 0 && *file == "":
		return usageError("expected the identifiers of the pupils to forget, --file FILE or --expired (see impact forget --help)")
	}
	ids := make([]engine.Identifier, 0, len(rest))
	for _, id := range rest {
		ids = append(ids, engine.Identifier{ID: id})
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	if *file != "" {
		listed, err := readIdentifiers(*file, p.Plan.ToC.Imports)
		if err != nil {
			return err
		}
		ids = append(ids, listed...)
	}
	var got engine.Forgotten
	if *expired {
		years := p.Plan.ToC.Privacy.RetainYears
		if years == 0 {
			return toc.Errorf(toc.EINVALID, "%s sets no privacy.retain_years: add it (say retain_years: 7 under privacy:) to say how many academic years pupils' rows are kept", engine.TocName(p.Plan.ToC))
		}
		today, err := a.today()
		if err != nil {
			return err
		}
		keepFrom := toc.PeriodOf(today) - toc.Period(years)
		if got, err = p.Store.ForgetExpired(ctx, keepFrom, engine.OSUser()); err != nil {
			return err
		}
		if got.Pupils == 0 {
			fmt.Fprintf(a.Stdout, "no pupil's latest row is before %s (privacy.retain_years: %d): nothing to forget\n", keepFrom, years)
			return nil
		}
		fmt.Fprintf(a.Stdout, "forgot %s whose latest row was before %s (privacy.retain_years: %d)\n", plural(got.Pupils, "pupil", "pupils"), keepFrom, years)
	} else {
		if got, err = p.Store.Forget(ctx, ids, engine.OSUser()); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "forgot %s; later imports will skip them\n", plural(got.Pupils, "pupil", "pupils"))
	}
	fmt.Fprintf(a.Stdout, "  removed: %s, %s and %s\n",
		plural(int(got.Participation), "participation row", "participation rows"),
		plural(int(got.Outcomes), "outcome row", "outcome rows"),
		plural(int(got.Facts), "characteristics row", "characteristics rows"))
	fmt.Fprintln(a.Stdout, "  the audit log records these counts only, never who")
	if folder.IsPostgres(f.db) {
		a.warn([]string{"PostgreSQL's own write-ahead log, replicas and dumps may hold the erased rows until the server recycles them: see the README (\"PostgreSQL\")"})
	} else if got.Cleared {
		fmt.Fprintf(a.Stdout, "  nothing of them is left in %s or its write-ahead log\n", sqlite.DBFile)
	} else {
		a.warn([]string{fmt.Sprintf("another impact (the web app?) is reading this partnership, so %s-wal may hold the erased rows until it stops: stop it, then run any impact command here", sqlite.DBFile)})
	}
	a.warn([]string{"backups taken before now still hold these pupils: delete them, or keep them only as long as your retention policy allows"})
	return nil
}

// readIdentifiers reads the pupils of impact forget --file.
func readIdentifiers(name string, own toc.Imports) ([]engine.Identifier, error) {
	r, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, toc.Errorf(toc.EINVALID, "%s: no such file", name)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer r.Close()
	return engine.ReadIdentifiers(name, r, own)
}
