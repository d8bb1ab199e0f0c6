package web

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestTrajectorySVG_Milestones: the plan runs from the baseline through
// each milestone to the target, and each milestone is a point of its own.
func TestTrajectorySVG_Milestones(t *testing.T) {
	k := &toc.KPI{ID: "k", Title: "Trainees", Direction: toc.Increase,
		Baseline: toc.Point{Period: 2021, Value: 12}, Target: toc.Point{Period: 2024, Value: 20},
		Milestones: []toc.Point{{Period: 2022, Value: 13}, {Period: 2023, Value: 16}}}
	svg := string(trajectorySVG(k, []toc.Point{{Period: 2023, Value: 17}}))
	plan := svg[strings.Index(svg, `<polyline class="plan" points="`):]
	plan = plan[len(`<polyline class="plan" points="`):strings.Index(plan, `">`)]
	if n := len(strings.Fields(plan)); n != 4 {
		t.Errorf("plan through %d points (%s), want baseline, two milestones, target", n, plan)
	}
	for _, want := range []string{`class="milestone" cx=`, `data-period="2022/23" data-value="13"`, `data-period="2023/24" data-value="16"`, `milestone 16 in 2023/24`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
}
