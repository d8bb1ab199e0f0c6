package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/demo"
	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runDemo(args []string) error {
	f := a.newFlags("demo", "demo [--out DIR]",
		`Builds the demo partnership — invented, but shaped like a real one: about 60
projects run out of one secondary school, reaching more than 10,000 pupils in
104 schools over the academic years 2021/22 to 2024/25 — and writes its
report. Into DIR go toc.yaml, the CSV exports it was imported from, a case
study, impact.db (or, with --db postgres://…, the partnership's rows in that
database), impact.key and report.html. The data comes from a fixed seed: every run
writes the same partnership. DIR must be new or empty.`,
		`  impact demo                      # into ./impact-demo
  impact demo --out /tmp/tyne-valley
  cd impact-demo && impact metrics   # then explore it like any partnership`)
	out := f.String("out", "impact-demo", "the folder to write the demo into (new or empty)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("demo takes no arguments, got %q (see impact demo --help)", rest[0])
	}
	created, err := emptyFolder(*out)
	if err != nil {
		return err
	}
	if err := a.demo(*out, f.db); err != nil {
		created.undo()
		return err
	}
	return nil
}

// demo generates, imports and reports the demo partnership into dir.
func (a *App) demo(dir, db string) error {
	p := demo.Generate(demo.Seed)
	var total int64
	for _, file := range p.Files {
		if err := writeNew(filepath.Join(dir, file.Name), file.Body); err != nil {
			return err
		}
		if file.Name != "toc.yaml" {
			total += int64(len(file.Body))
		}
	}
	ctx := context.Background()
	pf, err := a.openFolder(ctx, &flags{dir: dir, db: db}, nil)
	if err != nil {
		return err
	}
	defer pf.Close()
	bar := a.newProgress("importing the demo", total, "rows")
	var rows, files, done int64
	for _, batch := range p.Imports() {
		var in []engine.ImportFile
		var size int64
		for _, f := range batch {
			in = append(in, engine.ImportPath(filepath.Join(dir, f.Name)))
			size += int64(len(f.Body))
		}
		// A register exported from the MIS for one session, as a user
		// would: impact import --activity ID --date DATE FILE.
		opts := engine.ImportOptions{Who: engine.OSUser(), Activity: batch[0].Activity, Date: batch[0].Date,
			Progress: func(r, b int64) { bar.imported(rows+r, done+b) }}
		res, err := pf.Store.Import(ctx, pf.Plan.ToC, in, opts)
		if err != nil {
			bar.finish()
			return fmt.Errorf("import the demo: %w", err)
		}
		done += size
		rows += res.Rows()
		files += int64(len(res.Files))
	}
	bar.finish()
	// The director's notes and case study, as impact note writes them.
	for _, n := range demo.Notes {
		if n.CaseStudy {
			if err := writeNew(filepath.Join(dir, demo.CaseStudyFile), []byte(n.Body)); err != nil {
				return err
			}
		}
		if _, err := pf.Store.AddNote(ctx, pf.Plan.ToC, n, engine.OSUser()); err != nil {
			return fmt.Errorf("the demo's notes: %w", err)
		}
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	in, err := reportInput(ctx, pf, today, toc.Director, nil)
	if err != nil {
		return err
	}
	report := filepath.Join(dir, "report.html")
	size, err := writeAtomic(report, func(w io.Writer) error { return reports.Write(w, in) })
	if err != nil {
		return err
	}
	r := in.Result
	fmt.Fprintf(a.Stdout, "%s: %d schools, %d activities, %s rows imported from %d files\n",
		in.ToC.Name, len(in.ToC.Schools), len(in.ToC.Activities), thousands(rows), files)
	fmt.Fprintf(a.Stdout, "reached %s pupils in %d schools, %s of them disadvantaged, up to %s\n",
		r.Reach.Participants, r.Reach.Schools, r.Reach.Disadvantaged, r.AsOf)
	fmt.Fprintf(a.Stdout, "wrote %s (%s): open it in a browser\n", report, byteSize(size))
	fmt.Fprintf(a.Stdout, "explore further: cd %s && impact metrics\n", dir)
	return nil
}

// reportInput computes the numbers of a report and stamps them.
func reportInput(ctx context.Context, p *folder.Folder, today time.Time, audience toc.Audience, acts []string) (reports.Input, error) {
	in := reports.Input{ToC: p.Plan.ToC, Stamp: reports.Stamp{Made: today, Revision: p.Revision.Name(), Audience: audience}}
	var err error
	in.Result, err = computeAnd(ctx, p, metrics.Options{Activities: acts, Audience: audience, Today: today}, func(snap engine.Snapshot, r *metrics.Result) (err error) {
		in.Notes, in.ValueNotes, err = engine.NarrativeFor(ctx, p.Store, snap, audience, r.KPIIDs())
		return err
	})
	return in, err
}

// createdFolder is a folder a command made, removed again if it fails.
type createdFolder struct {
	path string
	made bool
}

// undo removes what the command wrote, leaving an empty folder that
// existed before as it was.
func (c createdFolder) undo() {
	if c.made {
		os.RemoveAll(c.path)
		return
	}
	entries, _ := os.ReadDir(c.path)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(c.path, e.Name()))
	}
}

// emptyFolder makes sure dir is new or empty, creating it if needed.
func emptyFolder(dir string) (createdFolder, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return createdFolder{}, fmt.Errorf("create %s: %w", dir, err)
		}
		return createdFolder{path: dir, made: true}, nil
	case err != nil:
		return createdFolder{}, toc.Errorf(toc.ECONFLICT, "%s: %w: demo writes into a new or empty folder", dir, err)
	case len(entries) > 0:
		return createdFolder{}, toc.Errorf(toc.ECONFLICT, "%s is not empty: demo writes into a new or empty folder (choose one with --out)", dir)
	}
	return createdFolder{path: dir}, nil
}
