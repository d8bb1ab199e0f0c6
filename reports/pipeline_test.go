package reports_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/demo"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// made is the fixed "made" time of every test report.
var made = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// computed imports files (toc.yaml first) through the real importer into a
// fresh store and computes the metrics for the audience, as `impact
// report` does.
func computed(t testing.TB, files []engine.ImportFile, tocYAML []byte, audience toc.Audience) reports.Input {
	t.Helper()
	return computedBatches(t, tocYAML, audience, batch{files: files})
}

// batch is one import: its files and options, as one `impact import`;
// or, with notes, what `impact note` adds.
type batch struct {
	files []engine.ImportFile
	opts  engine.ImportOptions
	notes []toc.Note
}

// computedBatches is computed with one import per batch, in order.
func computedBatches(t testing.TB, tocYAML []byte, audience toc.Audience, batches ...batch) reports.Input {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "toc.yaml")
	if err := os.WriteFile(path, tocYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := rules.Parse(path, tocYAML, 2024)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	rev, _, err := st.SyncToC(ctx, path, tocYAML, "test")
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	for _, b := range batches {
		for _, n := range b.notes {
			if _, err := st.AddNote(ctx, plan.ToC, n, "test"); err != nil {
				t.Fatalf("note: %v", err)
			}
		}
		if len(b.files) == 0 {
			continue
		}
		b.opts.Who = "test"
		if _, err := st.Import(ctx, plan.ToC, b.files, b.opts); err != nil {
			t.Fatalf("import: %v", err)
		}
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	res, err := metrics.Compute(ctx, snap, plan, metrics.Options{Audience: audience, Today: made})
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	in := reports.Input{ToC: plan.ToC, Result: res, Stamp: reports.Stamp{Made: made, Revision: revision(rev), Audience: audience}}
	if in.Notes, in.ValueNotes, err = engine.NarrativeFor(ctx, st, snap, audience, res.KPIIDs()); err != nil {
		t.Fatal(err)
	}
	return in
}

// revision names the store's revision by its number alone, so that the
// golden files do not change with the day the test runs.
func revision(r engine.Revision) string { return "version " + strconv.FormatInt(r.ID, 10) }

// demoInput is the demo partnership of DESIGN §10 through the real
// importer and metrics.
func demoInput(t testing.TB, audience toc.Audience) reports.Input {
	t.Helper()
	p := demo.Generate(demo.Seed)
	var batches []batch
	for _, files := range p.Imports() {
		b := batch{opts: engine.ImportOptions{Activity: files[0].Activity, Date: files[0].Date}}
		for _, f := range files {
			b.files = append(b.files, engine.ImportBytes(f.Name, f.Body))
		}
		batches = append(batches, b)
	}
	batches = append(batches, batch{notes: demo.Notes})
	return computedBatches(t, p.Files[0].Body, audience, batches...)
}

// misInput is the worked example of testdata/partnerships/mis, imported as
// its README says.
func misInput(t testing.TB, audience toc.Audience) reports.Input {
	t.Helper()
	dir := filepath.Join("..", "testdata", "partnerships", "mis")
	src, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	file := func(n string) []engine.ImportFile {
		return []engine.ImportFile{engine.ImportPath(filepath.Join(dir, n))}
	}
	return computedBatches(t, src, audience,
		batch{files: file("sims-register.csv"), opts: engine.ImportOptions{Activity: "reading-buddies", Date: "2024-10-07"}},
		batch{files: file("arbor-marks.csv"), opts: engine.ImportOptions{Activity: "coding-club"}},
		batch{files: file("pupils.csv")})
}

// smallInput is the worked example of testdata/partnerships/small.
func smallInput(t testing.TB, audience toc.Audience) reports.Input {
	t.Helper()
	dir := filepath.Join("..", "testdata", "partnerships", "small")
	src, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var files []engine.ImportFile
	for _, n := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
		files = append(files, engine.ImportPath(filepath.Join(dir, n)))
	}
	return computed(t, files, src, audience)
}
