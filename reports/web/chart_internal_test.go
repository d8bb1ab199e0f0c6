package web

import (
	"math"
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

// TestTickStep: round steps, worked by hand. 12..20 padded by 5% of its
// span is 11.6..20.4: a step of 1 needs 12 ticks (11..22), 2 needs 7
// (10..22). 0..0.37 (a rate): 0.05 needs 9 (0..0.4), 0.1 needs 5. 310..600:
// 20 needs 16 (300..600), 25 needs 13, 50 needs 7 (300, 350, ..., 600).
func TestTickStep(t *testing.T) {
	for _, c := range []struct{ lo, hi, want float64 }{
		{11.6, 20.4, 2},
		{0, 0.37, 0.1},
		{310, 600, 50},
		{-3, 3, 1},
	} {
		if got := tickStep(c.lo, c.hi, 7); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("tickStep(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
	// The KPI page's chart: baseline 12, target 20, values 14, 17 and 19.
	k := &toc.KPI{ID: "k", Title: "Trainees", Baseline: toc.Point{Period: 2021, Value: 12}, Target: toc.Point{Period: 2024, Value: 20}}
	svg := string(trajectorySVG(k, []toc.Point{{Period: 2022, Value: 14}, {Period: 2023, Value: 17}, {Period: 2024, Value: 19}}))
	var ticks []string
	for _, part := range strings.Split(svg, `text-anchor="end">`)[1:] {
		ticks = append(ticks, part[:strings.Index(part, "<")])
	}
	if got := strings.Join(ticks, " "); got != "10 12 14 16 18 20 22" {
		t.Errorf("the value axis is marked %s, want 10 12 14 16 18 20 22", got)
	}
}
