package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
)

// exportFormats are the formats of impact export, with the extension an
// existing --out must have to be replaced ("" for the csv folder).
var exportFormats = map[string]string{"xlsx": ".xlsx", "csv": "", "iati": ".xml"}

func (a *App) runExport(args []string) error {
	f := a.newFlags("export", "export --format xlsx|csv|iati --out PATH [--audience director|funder] [--activity ID]... [--dir DIR]",
		`Exports the numbers of impact metrics for the tools funders work in.

xlsx writes one Excel workbook with the sheets Summary, KPIs, KPI history,
Activities, Effect sizes, Schools, Reach by period and Breakdowns. Each
sheet's first row names its columns with the keys of impact metrics --json
(id, title, participants, …); numbers are stored as numbers, the header row
stays in view as you scroll, and the Summary sheet explains the marks.
csv writes the same tables as a folder of CSV files, one a sheet
(summary.csv, kpis.csv, kpi-history.csv, …), in UTF-8 as Excel reads it.
In both, text that begins with =, +, -, @, a tab or a carriage return
starts with ' so that no spreadsheet runs it as a formula.

iati writes IATI 2.03 activity XML: the partnership as one activity, its
schools as implementing organisations, and one outcome result per KPI with
its baseline and, for each academic year, a target and the actual value. It
needs an iati: block in toc.yaml (identifier, reporting_org, and
reporting_org_type, 80 when left out). IATI files are published, so iati
exports the funder's view unless --audience director is given, and takes
no --activity: it reports the whole partnership.

--audience funder exports exactly what impact metrics --audience funder
shows: approved data only, counts of fewer than privacy.min_cell pupils as
"<N", counts that would give one away as "c", and the KPI history as the
values in force, without the notes logged with them. --activity limits the
export to those activities (and the KPIs they serve).

The file, or the csv folder, is replaced whole, never left half-written; an
existing --out of another kind is refused, so a slip cannot overwrite
toc.yaml or the database.`,
		`  impact export --format xlsx --out impact.xlsx
  impact export --format xlsx --out for-the-foundation.xlsx --audience funder
  impact export --format csv --out impact-csv --activity scitt
  impact export --format iati --out iati-activity.xml`)
	format := f.String("format", "", "what to write: xlsx, csv or iati (required)")
	out := f.String("out", "", "write the export to `PATH`: a file, or a folder for csv (required)")
	audience := f.String("audience", string(toc.Director), "who the export is for: director or funder (iati: funder unless given)")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit the export to this activity `ID` (repeat for more; not with iati)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("export takes no arguments, got %q (see impact export --help)", rest[0])
	}
	ext, ok := exportFormats[*format]
	switch {
	case *format == "":
		return usageError("--format is required: xlsx, csv or iati (see impact export --help)")
	case !ok:
		return usageError("--format %q: expected xlsx, csv or iati", *format)
	case *out == "":
		return usageError("--out PATH is required: where to write the export (see impact export --help)")
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if *format == "iati" {
		if len(acts) > 0 {
			return usageError("--activity cannot be used with --format iati: an IATI activity reports the whole partnership")
		}
		if !set["audience"] {
			*audience = string(toc.Funder)
		}
	}
	aud, err := audienceFlag(*audience)
	if err != nil {
		return err
	}
	if ext != "" {
		if err := replaceable(*out, "an "+*format+" export", ext); err != nil {
			return err
		}
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, inScope(acts))
	if err != nil {
		return err
	}
	defer p.Close()
	if *format == "iati" && p.Plan.ToC.IATI == nil {
		return export.ErrNoIATI
	}
	in := export.Input{ToC: p.Plan.ToC}
	in.Result, err = computeAnd(ctx, p, metrics.Options{Activities: acts, Audience: aud, Today: today},
		func(snap engine.Snapshot, r *metrics.Result) (err error) {
			in.History, err = kpiHistory(ctx, snap, r)
			return err
		})
	if err != nil {
		return err
	}
	var size int64
	switch *format {
	case "xlsx":
		size, err = writeAtomic(*out, func(w io.Writer) error { return export.WriteXLSX(w, export.Sheets(in)) })
	case "csv":
		err = export.WriteCSVFolder(*out, export.Sheets(in))
	case "iati":
		size, err = writeAtomic(*out, func(w io.Writer) error { return export.WriteIATI(w, in, a.Now(), toc.PeriodOf(today)) })
	}
	if err != nil {
		return err
	}
	what := *out
	if size > 0 {
		what += " (" + byteSize(size) + ")"
	}
	fmt.Fprintf(a.Stdout, "wrote %s, %s for a %s\n", what, exportNames[*format], aud)
	return nil
}

// exportNames say what each format wrote.
var exportNames = map[string]string{"xlsx": "an Excel workbook", "csv": "a folder of CSV files", "iati": "IATI 2.03 activity XML"}

// kpiHistory is the KPI history an audience may see, of the result's KPIs:
// a director every value recorded, superseded and pending ones included;
// a funder the values in force of approved data (the snapshot is the
// funder's), without notes, authors or files — as the web app's KPI page
// shows them.
func kpiHistory(ctx context.Context, snap engine.Snapshot, r *metrics.Result) ([]toc.KPIRecord, error) {
	ids := make([]string, len(r.KPIs))
	for i, k := range r.KPIs {
		ids[i] = k.ID
	}
	var out []toc.KPIRecord
	if r.Audience == toc.Funder {
		values, err := snap.KPIValues(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, v := range values {
			out = append(out, toc.KPIRecord{KPI: v.KPI, Period: v.Period, School: v.School, Value: v.Value, Status: toc.Current})
		}
		return out, nil
	}
	for _, id := range ids {
		h, err := snap.KPIHistory(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, h...)
	}
	return out, nil
}
