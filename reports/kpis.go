package reports

import (
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// kpiSection is the progress of every KPI towards its target.
type kpiSection struct {
	Figures []kpiFigure
	Rows    []kpiRow
}

// kpiFigure is one KPI's small chart.
type kpiFigure struct {
	Title, Unit, Status, StatusText string
	Description                     string
	Notes                           []noteItem // what happened, beside the chart
	Href                            string     // the app's page of the KPI, on the dashboard
	Chart                           template.HTML
	PartnershipWide                 bool // the whole partnership's values, in a view of some activities
}

type kpiRow struct {
	Title, Baseline, Target, Latest, Progress, Expected, Status, StatusText string
	Href                                                                    string
	PartnershipWide                                                         bool
}

func kpis(s *scope) (kpiSection, error) {
	var sec kpiSection
	for i := range s.res.KPIs {
		k := &s.res.KPIs[i]
		title := s.kpiTitle(k)
		unit := k.Unit
		if d := s.toc.KPI(k.ID); d != nil && unit == "" {
			unit = d.Unit
		}
		id := fmt.Sprintf("kpi%d", i+1)
		h, err := renderChart(id, kpiChart(id, k))
		if err != nil {
			return sec, err
		}
		status := k.Status
		if status == "" {
			status = "no-data"
		}
		fig := kpiFigure{Title: title, Href: s.href("kpis", k.ID), Unit: unit, Status: status, StatusText: statusText(status), Chart: h, PartnershipWide: k.PartnershipWide,
			Notes: s.narrative.kpi[k.ID]}
		if d := s.toc.KPI(k.ID); d != nil {
			fig.Description = d.Description
		}
		sec.Figures = append(sec.Figures, fig)
		row := kpiRow{Title: title, Href: s.href("kpis", k.ID), Status: status, StatusText: statusText(status), PartnershipWide: k.PartnershipWide,
			Baseline: point(k.Baseline, unit), Target: point(k.Target, unit), Latest: format.Dash,
			Progress: format.Percent(k.Progress), Expected: format.Percent(k.Expected)}
		if k.Latest != nil {
			row.Latest = point(*k.Latest, unit)
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec, nil
}

// point writes a KPI value with its period: "17 (2023/24)", "68% (2021/22)".
func point(p toc.Point, unit string) string {
	return fmt.Sprintf("%s (%s)", format.Measured(p.Value, unit), p.Period)
}

// kpiChart draws the recorded values against the plan — the straight line
// from the baseline to the target, through any milestones — over every
// year from the first to the last.
func kpiChart(id string, k *metrics.KPIResult) *chart {
	first, last := k.Baseline.Period, k.Target.Period
	if first > last {
		first, last = last, first
	}
	values := map[toc.Period]float64{}
	for _, v := range k.Values {
		values[v.Period] = v.Value
	}
	if k.Latest != nil {
		values[k.Latest.Period] = k.Latest.Value
	}
	for p := range values {
		first, last = min(first, p), max(last, p)
	}
	// The plan: baseline, milestones, target, joined by straight lines.
	planned := map[toc.Period]float64{}
	for _, pt := range append(append([]toc.Point{k.Baseline}, k.Milestones...), k.Target) {
		planned[pt.Period] = pt.Value
	}
	var periods []string
	var recorded, plan []opts.LineData
	for p := first; p <= last; p++ {
		periods = append(periods, p.String())
		if v, ok := values[p]; ok {
			recorded = append(recorded, opts.LineData{Value: v})
		} else {
			recorded = append(recorded, opts.LineData{Value: missing})
		}
		if v, ok := planned[p]; ok {
			plan = append(plan, opts.LineData{Value: v})
		} else {
			plan = append(plan, opts.LineData{Value: missing})
		}
	}
	planLine := map[string]any{"connectNulls": true, "symbol": "diamond", "symbolSize": 8, "color": colMuted,
		"lineStyle": map[string]any{"type": "dashed", "width": 1.5, "color": colMuted}}
	if k.Baseline.Period == k.Target.Period {
		// A target for the baseline's own year is a level to hold: a line.
		planLine["markLine"] = map[string]any{"silent": true, "symbol": []any{"none", "none"},
			"lineStyle": map[string]any{"type": "dashed", "color": colMuted},
			"label":     map[string]any{"formatter": "target", "color": colMuted, "position": "insideEndTop"},
			"data":      []any{map[string]any{"yAxis": k.Target.Value}}}
	}
	c := charts.NewLine()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization(id, halfWidth, 210)))
	planName := "Baseline to target"
	if len(k.Milestones) > 0 {
		planName = "Plan: baseline, milestones, target"
	}
	c.SetXAxis(periods).
		AddSeries(planName, plan).
		AddSeries("Recorded", recorded)
	y := axisStyle("")
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis"},
		"grid":    map[string]any{"left": 48, "right": 30, "top": 36, "bottom": 28},
		"xAxis":   []any{map[string]any{"boundaryGap": false, "axisLabel": map[string]any{"color": colMuted}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"yAxis":   []any{y},
		"series": []any{
			planLine,
			map[string]any{"connectNulls": true, "symbol": "circle", "symbolSize": 7, "color": colPrimary,
				"lineStyle": map[string]any{"width": 2.5, "color": colPrimary}},
		},
	})
	return chartOf(c, &c.BaseConfiguration, extra)
}
