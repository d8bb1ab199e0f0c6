package web

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// TestBuildMetrics checks that the web app's metrics in two parts (cached
// evidence, fresh KPI values) are metrics.Compute's, byte for byte as
// JSON, for every audience and scope, before and after a logged value.
func TestBuildMetrics(t *testing.T) {
	const small = "../../testdata/partnerships/small"
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(small, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "toc.yaml"), src, 0o644)
	store, err := engine.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	today := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	plan, err := engine.ParsePlan("toc.yaml", src, toc.PeriodOf(today))
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
		{Audience: metrics.AudienceDirector},
		{Audience: metrics.AudienceFunder},
		{Audience: metrics.AudienceFunder, Activities: []string{"scitt"}},
		{Audience: metrics.AudienceDirector, Activities: []string{"reading-buddies", "careers-fair"}},
	}
	compare := func(t *testing.T) {
		for _, opts := range scopes {
			opts.Today = today
			want, err := metrics.Compute(ctx, store, plan, opts)
			if err != nil {
				t.Fatal(err)
			}
			acts, _, _ := metrics.Scope(plan.ToC, opts.Activities)
			ev, err := readEvidence(ctx, store, actIDs(acts))
			if err != nil {
				t.Fatal(err)
			}
			got, err := buildMetrics(ctx, store, plan, ev, opts)
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
		if _, err := store.LogKPI(ctx, plan.ToC, engine.KPIRecord{KPI: "careers-encounters", Period: 2025, Value: 650}, "test"); err != nil {
			t.Fatal(err)
		}
		compare(t)
	})
}
