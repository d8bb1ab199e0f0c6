package reports

import (
	"html/template"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

// reachSection is how many pupils took part each year, and how many of
// them were disadvantaged.
type reachSection struct {
	Chart template.HTML
	Rows  []reachRow
}

// Empty says that no pupil has been recorded yet.
func (r reachSection) Empty() bool { return len(r.Rows) == 0 }

type reachRow struct {
	Period, Participants, Disadvantaged, Known, Share, Schools string
}

// share is disadvantaged / known, undefined when either is suppressed or
// nobody's status is known.
func share(disadvantaged, known metrics.Count) *float64 {
	if disadvantaged.Suppressed || known.Suppressed || known.N == 0 {
		return nil
	}
	x := float64(disadvantaged.N) / float64(known.N)
	return &x
}

func reach(s *scope) (reachSection, error) {
	var sec reachSection
	var periods []string
	var all, dis []opts.BarData
	for _, p := range s.res.Reach.ByPeriod {
		periods = append(periods, p.Period.String())
		all = append(all, barValue(p.Participants))
		dis = append(dis, barValue(p.Disadvantaged))
		sec.Rows = append(sec.Rows, reachRow{
			Period: p.Period.String(), Participants: countText(p.Participants),
			Disadvantaged: countText(p.Disadvantaged), Known: countText(p.Known),
			Share: format.Percent(share(p.Disadvantaged, p.Known)), Schools: format.Grouped(int64(p.Schools)),
		})
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("reach", chartWidth, 300)))
	c.SetXAxis(periods).
		AddSeries("All participants", all).
		AddSeries("Disadvantaged participants", dis)
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 56, "right": 16, "top": 36, "bottom": 30},
		"xAxis":   []any{map[string]any{"axisLabel": map[string]any{"color": colInk}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}, "axisTick": map[string]any{"show": false}}},
		"yAxis":   []any{merged(axisStyle("pupils"), map[string]any{"nameLocation": "end", "nameGap": 10, "minInterval": 1})},
		"series": []any{
			map[string]any{"color": colPrimary, "barMaxWidth": 90, "label": map[string]any{"show": true, "position": "top", "color": colInk}},
			map[string]any{"color": colDisadvantaged, "barGap": "-100%", "barMaxWidth": 90, "label": map[string]any{"show": true, "position": "insideTop", "color": "#fff"}},
		},
	})
	h, err := renderChart("reach", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

// barValue is a count as a bar, labelled with its thousands separated:
// no bar when the count is suppressed.
func barValue(c metrics.Count) opts.BarData {
	if c.Suppressed {
		return opts.BarData{Value: missing}
	}
	return opts.BarData{Value: c.N, Label: &opts.Label{Formatter: format.Grouped(int64(c.N))}}
}

// merged returns a with b laid over it.
func merged(a, b map[string]any) map[string]any {
	merge(a, b)
	return a
}

// targetingSection compares, per activity, the share of its participants
// who are disadvantaged with the share in the schools it reached.
type targetingSection struct {
	Chart      template.HTML
	Population string // the overall population share
	Rows       []targetingRow
	Drawn      int // activities in the chart
}

type targetingRow struct {
	Title, Participants, Disadvantaged, Known, Share, Population, Ratio string
	Href                                                                string
	Targets                                                             bool
}

func targeting(s *scope) (targetingSection, error) {
	sec := targetingSection{Population: format.Percent(s.res.Disadvantage.PopulationShare)}
	var drawn []*scoped
	for i := range s.activities {
		a := &s.activities[i]
		sec.Rows = append(sec.Rows, targetingRow{Title: a.title(), Href: s.href("activities", a.ID), Participants: countText(a.Participants),
			Disadvantaged: countText(a.Disadvantaged), Known: countText(a.Known),
			Share: format.Percent(a.ParticipantShare), Population: format.Percent(a.PopulationShare), Ratio: format.Times(a.TargetingRatio),
			Targets: a.def != nil && a.def.TargetsDisadvantaged})
		if format.Defined(a.ParticipantShare) || format.Defined(a.PopulationShare) {
			drawn = append(drawn, a)
		}
	}
	// Ranked by the share of disadvantaged participants, so the chart reads
	// from the activities that reach them most; undefined shares go last.
	sort.SliceStable(drawn, func(i, j int) bool {
		a, b := drawn[i].ParticipantShare, drawn[j].ParticipantShare
		if !format.Defined(b) {
			return format.Defined(a)
		}
		return format.Defined(a) && *a > *b
	})
	sec.Drawn = len(drawn)
	var names []string
	var bars []opts.BarData
	var dots [][2]any
	for i, a := range drawn {
		names = append(names, shortLabel(a.title(), 44))
		if format.Defined(a.ParticipantShare) {
			bars = append(bars, opts.BarData{Value: round(pct(a.ParticipantShare), 1)})
		} else {
			bars = append(bars, opts.BarData{Value: missing})
		}
		if format.Defined(a.PopulationShare) {
			dots = append(dots, [2]any{round(pct(a.PopulationShare), 1), i})
		}
	}
	height := clampHeight(80+20*len(names), 180)
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("targeting", chartWidth, height)))
	c.SetXAxis(names).XYReversal().AddSeries("Disadvantaged share of its participants", bars)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: "Disadvantaged share in its schools", Type: "scatter", Data: dots})
	series := []any{
		map[string]any{"color": colDisadvantaged, "barMaxWidth": 14, "barCategoryGap": "30%"},
		map[string]any{"color": colReference, "symbol": "diamond", "symbolSize": 9, "z": 3},
	}
	if format.Defined(s.res.Disadvantage.PopulationShare) {
		series[0].(map[string]any)["markLine"] = map[string]any{
			"silent": true, "symbol": []any{"none", "none"},
			"lineStyle": map[string]any{"color": colMuted, "type": "dashed"},
			"label":     map[string]any{"formatter": "all schools reached", "color": colMuted, "position": "start"},
			"data":      []any{map[string]any{"xAxis": round(pct(s.res.Disadvantage.PopulationShare), 1)}},
		}
	}
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 250, "right": 24, "top": 48, "bottom": 40},
		"xAxis":   []any{merged(axisStyle("% disadvantaged"), map[string]any{"type": "value", "min": 0, "max": 100})},
		"yAxis": []any{map[string]any{"type": "category", "inverse": true,
			"axisLabel": map[string]any{"width": 240, "overflow": "truncate", "color": colInk, "fontSize": 10, "interval": 0},
			"axisTick":  map[string]any{"show": false}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"series": series,
	})
	h, err := renderChart("targeting", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

// pct turns a share into a percentage.
func pct(p *float64) *float64 {
	x := *p * 100
	return &x
}
