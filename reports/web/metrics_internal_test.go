package web

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// TestServer_MetricsFor checks that the web app's metrics in two parts
// (cached evidence, fresh KPI values) are metrics.Compute's, byte for byte
// as JSON, for every audience and scope, before and after a logged value.
func TestServer_MetricsFor(t *testing.T) {
	const small = "../../testdata/partnerships/small"
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(small, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "toc.yaml"), src, 0o644)
	store, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	today := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	plan, err := rules.Parse("toc.yaml", src, toc.PeriodOf(today))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var files []engine.ImportFile
	for _, f := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
		files = append(files, engine.ImportPath(filepath.Join(small, f)))
	}
	if _, err := store.Import(ctx, plan.ToC, files, engine.ImportOptions{Who: "test"}); err != nil {
		t.Fatal(err)
	}
	scopes := []metrics.Options{
		{Audience: toc.Director},
		{Audience: toc.Funder},
		{Audience: toc.Funder, Activities: []string{"scitt"}},
		{Audience: toc.Director, Activities: []string{"reading-buddies", "careers-fair"}},
	}
	srv, err := New(Config{Store: store, Dir: dir, Today: func() time.Time { return today }})
	if err != nil {
		t.Fatal(err)
	}
	compare := func(t *testing.T) {
		for _, opts := range scopes {
			opts.Today = today
			snap, err := store.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, err := metrics.Compute(ctx, snap, plan, opts)
			snap.Close()
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srv.metricsFor(ctx, scope{audience: opts.Audience, activities: opts.Activities})
			if err != nil {
				t.Fatal(err)
			}
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if string(w) != string(g) {
				t.Errorf("%s %v:\n got %s\nwant %s", opts.Audience, opts.Activities, g, w)
			}
		}
	}
	t.Run("Imported", compare)
	t.Run("AfterLog", func(t *testing.T) {
		// A value in a later period moves as_of to 2025/26.
		if _, err := store.LogKPI(ctx, plan.ToC, toc.KPIRecord{KPI: "careers-encounters", Period: 2025, Value: 650}, "test"); err != nil {
			t.Fatal(err)
		}
		compare(t)
	})
}
