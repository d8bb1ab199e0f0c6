package reports_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// TestWrite_Milestones: a KPI's milestones are drawn on its chart, in the
// plan's series between the baseline and the target, and its status
// follows them. The worked example's trainees: 12 in 2021/22, target 20
// in 2024/25, 17 logged for 2023/24; a milestone of 16 for 2023/24 makes
// expected (16 − 12)/(20 − 12) = 0.5, so progress (17 − 12)/8 = 0.625 is
// on track — behind against the straight line's 2/3.
func TestWrite_Milestones(t *testing.T) {
	dir := filepath.Join("..", "testdata", "partnerships", "small")
	src, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const target = "            target: {period: 2024/25, value: 20}\n"
	if !strings.Contains(string(src), target) {
		t.Fatal("the example's trainees target moved: mend the test")
	}
	src = []byte(strings.Replace(string(src), target, target+"            milestones: [{period: 2023/24, value: 16}]\n", 1))
	in := computed(t, []engine.ImportFile{engine.ImportPath(filepath.Join(dir, "kpis.csv"))}, src, toc.Director)
	k := in.Result.KPIs[0]
	if k.ID != "trainees-graduating" || k.Status != "on-track" || k.Expected == nil || *k.Expected != 0.5 {
		t.Fatalf("trainees: %s expected %v, want on-track at 0.5", k.Status, k.Expected)
	}
	page := write(t, in)
	opts := options(t, page)["chart_kpi1"]
	if opts == nil {
		t.Fatal("no chart chart_kpi1")
	}
	plan := series(t, opts, 0)
	var got []any
	for _, d := range plan {
		got = append(got, d.(map[string]any)["value"])
	}
	// 2021/22 … 2024/25: baseline, nothing planned, the milestone, target.
	if len(got) != 4 || got[0] != 12.0 || got[2] != 16.0 || got[3] != 20.0 {
		t.Errorf("plan series %v, want 12, –, 16, 20", got)
	}
	if !strings.Contains(page, "Plan: baseline, milestones, target") {
		t.Error("the chart's legend does not name the milestones")
	}
}
