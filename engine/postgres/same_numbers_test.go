package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/demo"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// TestSameNumbers: the demo partnership imported into SQLite and into
// PostgreSQL gives the same numbers (DESIGN §15), for a director and for
// a funder, after the same corrections.
func TestSameNumbers(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the demo partnership's import takes some seconds")
	}
	ctx := context.Background()
	// The demo's rows run to the summer of 2025.
	late := func() time.Time { return time.Date(2025, 9, 1, 9, 30, 0, 0, time.UTC) }
	gen := demo.Generate(demo.Seed)
	src := gen.Files[0].Body
	lite, pg := t.TempDir(), t.TempDir()
	var stores []engine.Store
	var plan *toc.Plan
	for _, dir := range []string{lite, pg} {
		path := filepath.Join(dir, "toc.yaml")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var err error
		if plan, err = rules.Parse(path, src, 2024); err != nil {
			t.Fatal(err)
		}
		var st engine.Store
		if dir == lite {
			s, err := sqlite.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			s.Now, st = late, s
		} else {
			s, err := postgres.Open(ctx, pgtest.URL(t), dir)
			if err != nil {
				t.Fatal(err)
			}
			s.Now, st = late, s
		}
		t.Cleanup(func() { st.Close() })
		for _, batch := range gen.Imports() {
			var files []engine.ImportFile
			for _, f := range batch {
				files = append(files, engine.ImportBytes(f.Name, f.Body))
			}
			opts := engine.ImportOptions{Who: "test", Activity: batch[0].Activity, Date: batch[0].Date}
			if _, err := st.Import(ctx, plan.ToC, files, opts); err != nil {
				t.Fatalf("import into %T: %v", st, err)
			}
		}
		// A correction and a revert, so that what is in force is worked
		// out, not merely every row.
		imports, err := st.ListImports(ctx)
		if err != nil || len(imports) < 3 {
			t.Fatalf("imports %d, %v", len(imports), err)
		}
		if _, err := st.RevertImport(ctx, imports[2].ID, "test"); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, st)
	}
	for _, audience := range []toc.Audience{toc.Director, toc.Funder} {
		var out []string
		var reached []string
		for _, st := range stores {
			snap, err := engine.SnapshotFor(ctx, st, audience)
			if err != nil {
				t.Fatal(err)
			}
			res, err := metrics.Compute(ctx, snap, plan, metrics.Options{Audience: audience, Today: late()})
			snap.Close()
			if err != nil {
				t.Fatalf("metrics of %T: %v", st, err)
			}
			b, err := json.MarshalIndent(res, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
			reached = append(reached, fmt.Sprint(res.Reach.Participants))
		}
		if out[0] != out[1] {
			diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: difflib.SplitLines(out[0]), B: difflib.SplitLines(out[1]),
				FromFile: "sqlite", ToFile: "postgres", Context: 2})
			if len(diff) > 4000 {
				diff = diff[:4000] + "…"
			}
			t.Errorf("the %s's numbers differ between the stores:\n%s", audience, diff)
		}
		if reached[0] == "0" || reached[0] == "" {
			t.Errorf("the %s's reach is %s: the demo reached no one?", audience, reached[0])
		}
		t.Logf("%s: reached %s pupils on both", audience, reached[0])
	}
}
