package reports

import (
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/reports/format"
)

// sustainSection is Schools Together's pillar of sustainability: how long
// activities have run, whether they rest on one person, how they are funded.
type sustainSection struct {
	Chart   template.HTML
	Rows    []sustainRow
	Summary []summaryLine
}

// summaryLine is a number and what it counts.
type summaryLine struct {
	Value int
	Text  string
}

// sustainRow is one line of the activity register: everything about an
// activity at a glance.
type sustainRow struct {
	Title, Strategy, Evidence, Quadrant, QuadrantKey string
	Href                                             string
	Started, Years, Sources, Funding, Cost, Periods  string
	Leads                                            []string
	Risk, Gap                                        bool
}

func sustainability(s *scope) (sustainSection, error) {
	var sec sustainSection
	var atRisk, lasting, unfunded int
	most := 1
	for _, a := range s.activities {
		most = max(most, a.YearsRunning)
	}
	safe, risky := make([]int, most+1), make([]int, most+1)
	for _, a := range s.activities {
		y := max(a.YearsRunning, 0)
		if a.KeyPersonRisk {
			risky[y]++
			atRisk++
		} else {
			safe[y]++
		}
		if a.YearsRunning >= 3 {
			lasting++
		}
		row := sustainRow{Title: a.title(), Href: s.href("activities", a.ID), Strategy: shortStrategy(s.strategyTitle(&a)),
			Evidence: fmt.Sprintf("%d of %d", a.AchievedLevel, a.RequiredLevel), Gap: a.EvidenceGap,
			Quadrant: quadrantName(a.Quadrant), QuadrantKey: a.Quadrant,
			Years: format.Grouped(int64(a.YearsRunning)), Risk: a.KeyPersonRisk,
			Sources: format.Grouped(int64(a.FundingSources)), Funding: format.Pounds(a.FundingTotal),
			Cost: format.PoundsPtr(a.CostPerParticipant), Periods: format.Grouped(int64(a.ActivePeriods)), Started: format.Dash}
		if a.def != nil {
			row.Started = a.def.Started.String()
			row.Funding = format.Pounds(a.def.FundingTotal())
			row.Leads = leadsText(a.Leads, a.LeadCount)
			if len(a.def.Funding) == 0 {
				unfunded++
			}
		}
		sec.Rows = append(sec.Rows, row)
	}
	verb := func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	}
	sec.Summary = []summaryLine{
		{lasting, verb(lasting, "activity has", "activities have") + " run for three years or more."},
		{atRisk, verb(atRisk, "rests", "rest") + " on fewer than two leads."},
		{unfunded, verb(unfunded, "has", "have") + " no funding recorded."},
	}
	var years []string
	var safeBars, riskyBars []opts.BarData
	for y := 0; y <= most; y++ {
		if y == 0 && safe[0]+risky[0] == 0 {
			continue // nothing has yet to start
		}
		years = append(years, plural(y, "year", "years"))
		safeBars = append(safeBars, opts.BarData{Value: safe[y]})
		riskyBars = append(riskyBars, opts.BarData{Value: risky[y]})
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("sustain", chartWidth, 280)))
	c.SetXAxis(years).
		AddSeries("Two or more leads", safeBars, charts.WithBarChartOpts(opts.BarChart{Stack: "all"})).
		AddSeries("Key-person risk: fewer than two leads", riskyBars, charts.WithBarChartOpts(opts.BarChart{Stack: "all"}))
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 48, "right": 16, "top": 36, "bottom": 48},
		"xAxis": []any{map[string]any{"name": "running for", "nameLocation": "middle", "nameGap": 28,
			"nameTextStyle": map[string]any{"color": colMuted}, "axisLabel": map[string]any{"color": colInk, "interval": 0},
			"axisTick": map[string]any{"show": false}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"yAxis": []any{merged(axisStyle("activities"), map[string]any{"nameLocation": "end", "nameGap": 10, "minInterval": 1})},
		"series": []any{
			map[string]any{"color": colPrimary, "barMaxWidth": 56},
			map[string]any{"color": colWarn, "barMaxWidth": 56},
		},
	})
	h, err := renderChart("sustain", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

// leadsText says who leads an activity: their names, or in a funder's
// result, which names none (DESIGN §7.8), how many there are.
func leadsText(names []string, count int) []string {
	switch {
	case count == 0:
		return []string{"none named"}
	case len(names) == 0:
		return []string{plural(count, "lead", "leads")}
	}
	return names
}
