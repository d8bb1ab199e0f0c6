package reports

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/reports/format"
)

// benchmarks sets each activity that names an EEF strand beside it: its
// own effect in months against the toolkit's, and what a month of
// progress costs per pupil.
func benchmarks(s *scope, sec *healthSection) error {
	var names []string
	var own, toolkit []opts.BarData
	for _, a := range s.activities {
		b := a.EEF
		if b == nil {
			continue
		}
		row := benchmarkRow{Title: a.title(), Strand: b.Title, G: format.Dash, Own: format.Dash, Toolkit: months(b.Months),
			Evidence: strings.Repeat("●", b.Evidence) + strings.Repeat("○", 5-b.Evidence), Cost: strings.Repeat("£", b.Cost), PerMonth: format.PoundsPtr(b.CostPerMonth)}
		o := opts.BarData{Value: missing}
		if b.G != nil && b.OwnMonths != nil {
			row.G, row.Own = format.Fixed(*b.G, 2), months(*b.OwnMonths)
			o = opts.BarData{Value: *b.OwnMonths}
		}
		sec.BenchmarkRows = append(sec.BenchmarkRows, row)
		names = append(names, shortLabel(a.title(), 34))
		own, toolkit = append(own, o), append(toolkit, opts.BarData{Value: b.Months})
	}
	if t := s.res.Toolkit; t != nil {
		sec.Toolkit = fmt.Sprintf("Toolkit figures from %s, as of %s", t.Source, t.AsOf)
		if t.Own {
			sec.Toolkit += ", in the partnership's own eef.yaml"
		}
		sec.Toolkit += ". The toolkit's figures change between versions: check them before quoting."
		if t.Note != "" {
			sec.Toolkit += " " + t.Note
		}
	}
	if len(names) == 0 {
		return nil
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("eef", chartWidth, clampHeight(80+40*len(names), 200))))
	c.AddSeries("Our measured progress", own).AddSeries("The EEF toolkit's average for the approach", toolkit)
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 230, "right": 24, "top": 36, "bottom": 44},
		"xAxis":   []any{merged(axisStyle("months of additional progress"), map[string]any{"type": "value", "minInterval": 1})},
		"yAxis": []any{map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"width": 220, "overflow": "truncate", "color": colInk, "fontSize": 11}, "axisTick": map[string]any{"show": false}}},
		"series": []any{map[string]any{"color": colPrimary, "barMaxWidth": 14}, map[string]any{"color": colNeutral, "barMaxWidth": 14}},
	})
	h, err := renderChart("eef", chartOf(c, &c.BaseConfiguration, extra))
	sec.Benchmarks = template.HTML(h)
	return err
}
