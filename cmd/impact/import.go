package main

import (
	"context"
	"fmt"

	"github.com/schoolstogether/impact/engine"
)

func (a *App) runImport(args []string) error {
	f := a.newFlags("import", "import [--again] FILE.csv... [--dir DIR]",
		`Imports CSV files exported from school systems or spreadsheets, all in one
go: if any row of any file is wrong, every problem is listed as
FILE:ROW:COLUMN: message and nothing is imported. The kind of each file comes
from its header row (names in any case and order):

  kpi values     kpi, period, value; optional school, note
  participation  activity, date, participant; optional school, disadvantaged
  outcomes       activity, participant, measure, group, post;
                 optional pre, school, disadvantaged, date

Dates are YYYY-MM-DD or DD/MM/YYYY, periods academic years like 2024/25,
group is intervention or comparison, disadvantaged is yes/no (true/false,
y/n, 1/0) or empty for unknown. The participant column (a UPN, say) never
reaches the database: it is replaced by a keyed hash (see impact.key).
A KPI value for the same KPI, year and school as an earlier one corrects it,
as does an outcome row for the same activity, measure, group and pupil; the
earlier rows stay in the history. A file imported before is refused unless
--again is given.`,
		`  impact import attendance-autumn.csv
  impact import participation.csv outcomes.csv kpis.csv
  impact import --again attendance-autumn.csv`)
	again := f.Bool("again", false, "import files even if the same content was imported before")
	files, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("expected one or more CSV files (see impact import --help)")
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()

	in := make([]engine.ImportFile, len(files))
	var total int64
	for i, name := range files {
		in[i] = engine.ImportPath(name)
		total += in[i].Size
	}
	a.boundMemory()
	bar := a.newProgress("importing", total, "rows")
	res, err := p.Store.Import(ctx, p.Plan.ToC, in, engine.ImportOptions{
		Again:    *again,
		Who:      engine.OSUser(),
		Progress: bar.imported,
	})
	bar.finish()
	if err != nil {
		return err
	}
	for _, f := range res.Files {
		fmt.Fprintf(a.Stdout, "%s: %s %s\n", f.Name, thousands(f.Rows), f.Kind.Noun(f.Rows))
	}
	fmt.Fprintf(a.Stdout, "imported %s from %s\n", plural(int(res.Rows()), "row", "rows"), plural(len(res.Files), "file", "files"))
	return nil
}
