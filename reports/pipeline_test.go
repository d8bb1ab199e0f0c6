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
	if len(files) > 0 {
		if _, err := st.Import(ctx, plan.ToC, files, engine.ImportOptions{Who: "test"}); err != nil {
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
	return reports.Input{ToC: plan.ToC, Result: res, Stamp: reports.Stamp{Made: made, Revision: revision(rev), Audience: audience}}
}

// revision names the store's revision by its number alone, so that the
// golden files do not change with the bytes of toc.yaml.
func revision(r engine.Revision) string { return strconv.FormatInt(r.ID, 10) }

// demoInput is the demo partnership of DESIGN §10 through the real
// importer and metrics.
func demoInput(t testing.TB, audience toc.Audience) reports.Input {
	t.Helper()
	p := demo.Generate(demo.Seed)
	var files []engine.ImportFile
	for _, f := range p.Files[1:] {
		files = append(files, engine.ImportBytes(f.Name, f.Body))
	}
	return computed(t, files, p.Files[0].Body, audience)
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
