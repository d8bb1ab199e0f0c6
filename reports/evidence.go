package reports

import (
	"fmt"
	"html/template"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// evidenceSection sets the evidence each activity has against what its
// strategy needs (Fiennes's proportionate measurement).
type evidenceSection struct {
	Chart      template.HTML
	Strategies []strategyRow
	Gaps       []gapRow
}

type strategyRow struct {
	Title    string
	Short    string // for axes and narrow tables
	Required int
	Total    int
	Levels   [4]int // activities at achieved level 0..3
	Gaps     int
}

type gapRow struct {
	Title, Strategy, Needs string
	Required, Achieved     int
}

// closing says what would lift an activity to a required level.
var closing = [4]string{
	"",
	"log who takes part, or any outcome rows",
	"before-and-after scores on one measure for 10 or more participants",
	"outcome scores on one measure for 10 or more participants and 10 or more in a comparison group",
}

func evidence(s *scope) (evidenceSection, error) {
	var sec evidenceSection
	index := map[string]int{}
	for _, a := range s.activities {
		i, ok := index[a.Strategy]
		if !ok {
			i = len(sec.Strategies)
			index[a.Strategy] = i
			title := s.strategyTitle(&a)
			sec.Strategies = append(sec.Strategies, strategyRow{Title: title, Short: shortStrategy(title), Required: a.RequiredLevel})
		}
		row := &sec.Strategies[i]
		row.Total++
		row.Levels[min(max(a.AchievedLevel, 0), 3)]++
		if a.EvidenceGap {
			row.Gaps++
			need := ""
			if a.RequiredLevel >= 1 && a.RequiredLevel <= 3 {
				need = closing[a.RequiredLevel]
			}
			if a.NextStep != "" {
				need = a.NextStep
			}
			sec.Gaps = append(sec.Gaps, gapRow{Title: a.title(), Strategy: s.strategyTitle(&a), Needs: need,
				Required: a.RequiredLevel, Achieved: a.AchievedLevel})
		}
	}
	var names []string
	var enough, short []opts.BarData
	for _, r := range sec.Strategies {
		names = append(names, fmt.Sprintf("%s\n(needs level %d)", r.Short, r.Required))
		enough = append(enough, stackValue(r.Total-r.Gaps))
		short = append(short, stackValue(r.Gaps))
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("evidence", chartWidth, 300)))
	c.SetXAxis(names).
		AddSeries("Has the evidence its strategy needs", enough, charts.WithBarChartOpts(opts.BarChart{Stack: "all"})).
		AddSeries("Evidence gap", short, charts.WithBarChartOpts(opts.BarChart{Stack: "all"}))
	label := map[string]any{"show": true, "position": "inside", "color": "#fff", "fontWeight": "bold"}
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 48, "right": 16, "top": 36, "bottom": 52},
		"xAxis": []any{map[string]any{"axisLabel": map[string]any{"color": colInk, "interval": 0, "width": 130, "overflow": "break", "lineHeight": 14},
			"axisTick": map[string]any{"show": false}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"yAxis": []any{merged(axisStyle("activities"), map[string]any{"nameLocation": "end", "nameGap": 10, "minInterval": 1})},
		"series": []any{
			map[string]any{"color": colGood, "barMaxWidth": 70, "label": label},
			map[string]any{"color": colBad, "barMaxWidth": 70, "label": label},
		},
	})
	h, err := renderChart("evidence", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

// stackValue is a part of a stacked bar: nothing drawn, and no "0"
// label, for none.
func stackValue(n int) opts.BarData {
	if n == 0 {
		return opts.BarData{Value: missing}
	}
	return opts.BarData{Value: n}
}

// shortStrategy keeps a strategy's title short enough for an axis: the
// built-in titles run on after a colon.
func shortStrategy(title string) string {
	for _, st := range toc.BuiltinStrategies {
		if st.Title == title {
			switch st.ID {
			case "robust":
				return "Robust outcomes"
			case "count":
				return "Count participants"
			case "sample":
				return "Sample outcomes"
			case "review":
				return "Case studies"
			case "pre-post":
				return "Before and after"
			}
		}
	}
	if r := []rune(title); len(r) > 28 {
		return string(r[:27]) + "…"
	}
	return title
}

// effectsSection is every effect size with its interval: a forest plot.
type effectsSection struct {
	Chart template.HTML
	Rows  []effectRow
	Drawn int
}

type effectRow struct {
	Title, Measure, Kind, N, G, Interval, Months, Note string
	Subgroup                                           bool // a row for the disadvantaged pupils or the others
}

// subgroupNames name an effect size's subgroups for people.
var subgroupNames = map[string]string{
	metrics.SubgroupDisadvantaged: "Disadvantaged pupils", metrics.SubgroupOthers: "Other pupils",
}

// effectRowOf is one effect size in the table.
func effectRowOf(e metrics.EffectSize, title string, minCell int) effectRow {
	kind := ""
	if e.Kind != nil {
		kind = *e.Kind
	}
	row := effectRow{Title: title, Measure: e.Measure, Kind: kindText(kind),
		N: countText(e.NIntervention), G: format.Dash, Interval: format.Dash, Months: format.Dash}
	if kind == "comparison" {
		row.N += " and " + countText(e.NComparison)
	}
	if e.Reason != nil {
		row.Note = reasonText(*e.Reason, minCell)
	}
	if format.Defined(e.G) {
		row.G = format.Fixed(*e.G, 2)
	}
	if format.Defined(e.CILow) && format.Defined(e.CIHigh) {
		row.Interval = format.Fixed(*e.CILow, 2) + " to " + format.Fixed(*e.CIHigh, 2)
	}
	if e.Months != nil {
		row.Months = months(*e.Months)
	}
	return row
}

func effects(s *scope) (effectsSection, error) {
	var sec effectsSection
	var names []string
	points := map[string][]opts.ScatterData{}
	whiskers := map[string][]any{}
	for _, a := range s.activities {
		drawnHere := 0
		for _, e := range a.EffectSizes {
			if format.Defined(e.G) && format.Defined(e.CILow) && format.Defined(e.CIHigh) {
				drawnHere++
			}
		}
		for _, e := range a.EffectSizes {
			kind := ""
			if e.Kind != nil {
				kind = *e.Kind
			}
			sec.Rows = append(sec.Rows, effectRowOf(e, a.title(), s.toc.Privacy.MinCell))
			// For whom it worked (DESIGN §11.1): the disadvantaged pupils and
			// the others, where either subgroup has an effect size.
			for _, sub := range e.Subgroups {
				if format.Defined(sub.G) {
					for _, sub := range e.Subgroups {
						row := effectRowOf(sub.EffectSize, subgroupNames[sub.Group], s.toc.Privacy.MinCell)
						row.Subgroup, row.Measure, row.Kind = true, "", ""
						sec.Rows = append(sec.Rows, row)
					}
					break
				}
			}
			if !format.Defined(e.G) || !format.Defined(e.CILow) || !format.Defined(e.CIHigh) {
				continue
			}
			i := len(names)
			label := shortLabel(a.title(), 44)
			if drawnHere > 1 {
				label += " · " + e.Measure
			}
			names = append(names, label)
			points[kind] = append(points[kind], opts.ScatterData{Name: a.title() + " · " + e.Measure, Value: []any{round(e.G, 3), i}})
			whiskers[kind] = append(whiskers[kind], []any{
				map[string]any{"coord": []any{round(e.CILow, 3), i}},
				map[string]any{"coord": []any{round(e.CIHigh, 3), i}},
			})
		}
	}
	sec.Drawn = len(names)
	lo, hi := 0.0, 0.0
	for _, a := range s.activities {
		for _, e := range a.EffectSizes {
			if format.Defined(e.G) && format.Defined(e.CILow) && format.Defined(e.CIHigh) {
				lo, hi = math.Min(lo, *e.CILow), math.Max(hi, *e.CIHigh)
			}
		}
	}
	lo, hi = math.Floor(lo*2)/2, math.Ceil(hi*2)/2 // whole halves, zero in view
	if lo == hi {
		hi = lo + 1
	}
	c := charts.NewScatter()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("effects", chartWidth, clampHeight(80+24*len(names), 200))))
	var series []any
	for _, k := range []struct{ kind, name, colour string }{
		{"comparison", "Against a comparison group", colPrimary},
		{"pre-post", "Before and after, no comparison group", colWarn},
	} {
		c.AddSeries(k.name, points[k.kind])
		ms := map[string]any{"color": k.colour, "symbol": "rect", "symbolSize": 10, "z": 3,
			"markLine": map[string]any{"silent": true, "symbol": []any{"none", "none"},
				"lineStyle": map[string]any{"color": k.colour, "type": "solid", "width": 2},
				"label":     map[string]any{"show": false},
				"data":      append([]any{}, whiskers[k.kind]...)}}
		series = append(series, ms)
	}
	// The line of no effect.
	zero := series[0].(map[string]any)["markLine"].(map[string]any)
	zero["data"] = append(zero["data"].([]any), map[string]any{"xAxis": 0,
		"lineStyle": map[string]any{"color": colInk, "type": "dashed", "width": 1}})
	extra := baseOptions(map[string]any{
		"legend": legend(),
		"grid":   map[string]any{"left": 270, "right": 24, "top": 36, "bottom": 44},
		"xAxis":  []any{merged(axisStyle("Hedges' g with its 95% interval (standard deviations)"), map[string]any{"type": "value", "min": lo, "max": hi})},
		"yAxis": []any{map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"width": 260, "overflow": "truncate", "color": colInk, "fontSize": 11},
			"axisTick":  map[string]any{"show": false}, "splitLine": map[string]any{"show": true, "lineStyle": map[string]any{"color": colGrid}}}},
		"series": series,
	})
	h, err := renderChart("effects", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

func kindText(kind string) string {
	switch kind {
	case "comparison":
		return "comparison group"
	case "pre-post":
		return "before and after"
	}
	return format.Dash
}

// reasonText says why an effect size is missing, in a reader's words.
func reasonText(reason string, minCell int) string {
	if reason == metrics.ReasonSuppressed {
		return fmt.Sprintf("hidden: a group has fewer than %d pupils", minCell)
	}
	return reason
}

// months writes the EEF's months of additional progress: "+3 months".
func months(m int) string {
	switch {
	case m == 1:
		return "+1 month"
	case m == -1:
		return format.Minus + "1 month"
	case m > 0:
		return fmt.Sprintf("+%d months", m)
	case m < 0:
		return fmt.Sprintf("%s%d months", format.Minus, -m)
	}
	return "0 months"
}
