package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runImport(args []string) error {
	f := a.newFlags("import", "import [--again] [--dry-run] [--activity ID [--date DATE]] [--encoding ENC] [--sheet NAME] FILE... [--dir DIR]",
		`Imports files exported from school systems (SIMS, Arbor, Bromcom,
ScholarPack) or spreadsheets, all in one go: if any row of any file is
wrong, every problem is listed as FILE:ROW:COLUMN: message and nothing is
imported. Files are CSV (UTF-8, UTF-16 or Windows-1252; commas, semicolons
or tabs) or .xlsx (the first sheet, or --sheet). The kind of each file comes
from its header row (names in any case and order, as school systems write
them: UPN, Pupil Premium, NC Year…):

  kpi values     kpi, period, value; optional school, note
  participation  activity (or --activity), date, participant;
                 optional school, disadvantaged, mark, characteristics
  outcomes       activity, participant, measure, group, post;
                 optional pre, school, disadvantaged, date, characteristics
  pupils         participant and characteristics; optional period, school

Characteristics are year_group, sex, sen, eal and looked_after. Columns of
personal data (names, dates of birth, addresses, contacts) are dropped
before anything reads them, and named in the summary; columns school systems
add that impact does not use (Reg Group, Form, House…) are ignored; others
are an error unless toc.yaml's imports maps or ignores them.

Dates are YYYY-MM-DD or DD/MM/YYYY (a time after them is dropped), periods
academic years like 2024/25, group intervention or comparison, flags
yes/no (Y/N, 1/0, true/false, Eligible) or empty for unknown, a mark a DfE
register code (/ \ L attend; N O … are absences, counted only in the
attendance rate). The participant column never reaches the database: it is
replaced by a keyed hash (see impact.key). A KPI value for the same KPI,
year and school as an earlier one corrects it, as does an outcome row for
the same activity, measure, group and pupil; the earlier rows stay in the
history. A file imported before is refused unless --again is given.`,
		`  impact import attendance-autumn.csv
  impact import participation.csv outcomes.csv kpis.csv
  impact import --activity reading-buddies --date 2024-10-07 register.csv
  impact import --dry-run "Pupil list.xlsx"
  impact import --again attendance-autumn.csv`)
	again := f.Bool("again", false, "import files even if the same content was imported before")
	dryRun := f.Bool("dry-run", false, "check everything and say what would be imported, writing nothing")
	activity := f.String("activity", "", "the activity `ID` of every row, for a file without an activity column (a register)")
	date := f.String("date", "", "the `DATE` of every row, for a file without a date column (with --activity)")
	encoding := f.String("encoding", "", "read CSVs as `ENC`: utf-8 or windows-1252 (found from the file when not given)")
	sheet := f.String("sheet", "", "read the sheet `NAME` of a workbook (.xlsx) rather than the first")
	files, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("expected one or more files to import (see impact import --help)")
	}
	switch strings.ToLower(*encoding) {
	case "", intake.UTF8, intake.Windows1252:
	default:
		return usageError("--encoding %q: expected utf-8 or windows-1252", *encoding)
	}
	if *date != "" && *activity == "" {
		return usageError("--date goes with --activity: it dates a register of one activity")
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
		Activity: *activity, Date: *date,
		Encoding: strings.ToLower(*encoding), Sheet: *sheet,
		DryRun: *dryRun,
	})
	bar.finish()
	if err != nil {
		return err
	}
	for _, f := range res.Files {
		a.summarise(f, *activity, *date)
	}
	if res.ForgottenPupils > 0 {
		a.warn([]string{fmt.Sprintf("skipped %s forgotten on request (impact forget): their rows were not imported", plural(res.ForgottenPupils, "pupil", "pupils"))})
	}
	rows := plural(int(res.Rows()), "row", "rows")
	if *dryRun {
		fmt.Fprintf(a.Stdout, "dry run: would import %s from %s; nothing was written\n", rows, plural(len(res.Files), "file", "files"))
		return nil
	}
	fmt.Fprintf(a.Stdout, "imported %s from %s\n", rows, plural(len(res.Files), "file", "files"))
	return nil
}

// summarise says what was read of one file: its rows, encoding, columns
// mapped, filled, ignored and dropped, rows per activity and pupils.
func (a *App) summarise(f engine.ImportedFile, activity, date string) {
	fmt.Fprintf(a.Stdout, "%s: %s %s (%s)\n", f.Name, thousands(f.Rows), f.Kind.Noun(f.Rows), encodingName(f.Encoding))
	var read []string
	for _, m := range f.Mapped {
		if strings.ReplaceAll(toc.NormalHeader(m.Header), " ", "_") == m.Column {
			read = append(read, m.Column)
		} else {
			read = append(read, m.Header+" → "+m.Column)
		}
	}
	fmt.Fprintf(a.Stdout, "  columns: %s\n", strings.Join(read, ", "))
	var filled []string
	for _, c := range f.Filled {
		switch c {
		case intake.ColActivity:
			filled = append(filled, "activity "+activity)
		case intake.ColDate:
			filled = append(filled, "date "+date)
		}
	}
	if len(filled) > 0 {
		fmt.Fprintf(a.Stdout, "  every row: %s\n", strings.Join(filled, ", "))
	}
	if len(f.Ignored) > 0 {
		fmt.Fprintf(a.Stdout, "  ignored columns: %s\n", strings.Join(f.Ignored, ", "))
	}
	if len(f.Dropped) > 0 {
		fmt.Fprintf(a.Stdout, "  dropped personal columns: %s\n", strings.Join(f.Dropped, ", "))
	}
	if len(f.PerActivity) > 0 {
		ids := make([]string, 0, len(f.PerActivity))
		for id := range f.PerActivity {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = id + " " + thousands(f.PerActivity[id])
		}
		fmt.Fprintf(a.Stdout, "  rows per activity: %s\n", strings.Join(parts, ", "))
	}
	if f.Kind != intake.KindKPIValues {
		fmt.Fprintf(a.Stdout, "  pupils: %s\n", thousands(int64(f.Pupils)))
	}
	if f.Forgotten > 0 {
		fmt.Fprintf(a.Stdout, "  skipped: %s of pupils forgotten on request\n", plural(int(f.Forgotten), "row", "rows"))
	}
	if f.Skipped > 0 {
		fmt.Fprintf(a.Stdout, "  skipped: %s marked as no possible session (X, Y, Z, #)\n", plural(int(f.Skipped), "row", "rows"))
	}
}

// encodingName is how the summary names a file's encoding.
func encodingName(enc string) string {
	switch enc {
	case intake.UTF8:
		return "UTF-8"
	case intake.UTF16:
		return "UTF-16"
	case intake.Windows1252:
		return "Windows-1252"
	case intake.XLSX:
		return "Excel workbook"
	}
	return enc
}
