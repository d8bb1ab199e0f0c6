package reports

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/schoolstogether/impact/toc"
)

// mutualitySection places every activity by its benefit to the school that
// runs it and to its partners (Schools Together's first pillar).
type mutualitySection struct {
	Chart     template.HTML
	Quadrants []quadrantRow
}

type quadrantRow struct {
	Key, Name, Meaning string
	Count              int
	Examples           string // a few titles, "and N more"
}

// quadrants in the order a reader meets them, with their plain meaning.
var quadrants = []quadrantRow{
	{Key: "win-win", Name: "Win-win", Meaning: "high benefit to both the school that runs it and its partners"},
	{Key: "outward", Name: "Outward", Meaning: "mostly benefits partner schools"},
	{Key: "inward", Name: "Inward", Meaning: "mostly benefits the school that runs it"},
	{Key: "low", Name: "Low", Meaning: "low benefit to both: worth a second look"},
}

// quadrantName is a quadrant's name for people.
func quadrantName(key string) string {
	for _, q := range quadrants {
		if q.Key == key {
			return q.Name
		}
	}
	return key
}

var quadrantColour = map[string]string{"win-win": colGood, "outward": colPrimary, "inward": colWarn, "low": colNeutral}

// nudge moves a score a little towards its own side of the line at 3, so
// that a point for a score of 3 sits clearly among the high ones.
func nudge(score int) float64 {
	if score >= toc.HighImpact {
		return float64(score) + 0.2
	}
	return float64(score) - 0.2
}

func mutuality(s *scope) (mutualitySection, error) {
	var sec mutualitySection
	// Activities sharing both scores share one point, sized by how many
	// they are: a lone activity is labelled with its title, a group with
	// its number; the tooltip names them all.
	type cell struct {
		x, y   int
		titles []string
	}
	var cells []*cell
	at := map[[2]int]*cell{}
	byQuadrant := map[string][]string{}
	cellQuadrant := map[*cell]string{}
	for _, a := range s.activities {
		byQuadrant[a.Quadrant] = append(byQuadrant[a.Quadrant], a.title())
		k := [2]int{a.Internal, a.External}
		c := at[k]
		if c == nil {
			c = &cell{x: a.Internal, y: a.External}
			at[k] = c
			cells = append(cells, c)
			cellQuadrant[c] = a.Quadrant
		}
		c.titles = append(c.titles, a.title())
	}
	for _, q := range quadrants {
		q.Count = len(byQuadrant[q.Key])
		q.Examples = examples(byQuadrant[q.Key], 5)
		sec.Quadrants = append(sec.Quadrants, q)
	}
	series := map[string][]any{}
	for _, c := range cells {
		n := len(c.titles)
		point := map[string]any{"name": examples(c.titles, 8), "value": []float64{nudge(c.x), nudge(c.y)},
			"symbolSize": math.Round(12 + 7*math.Sqrt(float64(n-1)))}
		if n == 1 {
			point["label"] = map[string]any{"show": true, "formatter": "{b}", "position": "right", "color": colInk}
		} else {
			point["label"] = map[string]any{"show": true, "formatter": fmt.Sprint(n), "position": "inside", "color": "#fff", "fontWeight": "bold"}
		}
		q := cellQuadrant[c]
		series[q] = append(series[q], point)
	}

	c := charts.NewScatter()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("quadrant", chartWidth, 500)))
	var extraSeries []any
	for i, q := range quadrants {
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: q.Name, Type: "scatter", Data: series[q.Key]})
		es := map[string]any{"color": quadrantColour[q.Key],
			"itemStyle":   map[string]any{"borderColor": "#fff", "borderWidth": 1, "opacity": 0.95},
			"label":       map[string]any{"fontSize": 10, "width": 150, "overflow": "truncate"},
			"labelLayout": map[string]any{"hideOverlap": true},
		}
		if i == 0 {
			es["markLine"] = map[string]any{"silent": true, "symbol": []any{"none", "none"},
				"lineStyle": map[string]any{"color": colInk, "type": "solid", "width": 1.5},
				"label":     map[string]any{"show": false},
				"data":      []any{map[string]any{"xAxis": toc.HighImpact}, map[string]any{"yAxis": toc.HighImpact}}}
			es["markArea"] = map[string]any{"silent": true, "data": quadrantAreas()}
		}
		extraSeries = append(extraSeries, es)
	}
	axis := func(name string) map[string]any {
		return merged(axisStyle(name), map[string]any{"type": "value", "min": -1, "max": 6, "interval": 1,
			"splitLine": map[string]any{"show": false},
			"axisLabel": map[string]any{"showMinLabel": false, "showMaxLabel": false, "color": colMuted}})
	}
	extra := baseOptions(map[string]any{
		"legend": legend(),
		"grid":   map[string]any{"left": 56, "right": 24, "top": 36, "bottom": 48},
		"xAxis":  []any{axis("Benefit to the school that runs it (internal impact, 0–5)")},
		"yAxis":  []any{axis("Benefit to partner schools (external impact, 0–5)")},
		"series": extraSeries,
	})
	h, err := renderChart("quadrant", chartOf(c, &c.BaseConfiguration, extra))
	sec.Chart = h
	return sec, err
}

// examples names up to n titles and counts the rest.
func examples(titles []string, n int) string {
	if len(titles) <= n {
		return strings.Join(titles, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(titles[:n], "; "), len(titles)-n)
}

// quadrantAreas tints the four quadrants and names them in their corners.
func quadrantAreas() []any {
	area := func(x0, y0, x1, y1 float64, name, colour, pos string) []any {
		return []any{
			map[string]any{"coord": []float64{x0, y0}, "name": name,
				"itemStyle": map[string]any{"color": colour, "opacity": 0.08},
				"label":     map[string]any{"position": pos, "color": colMuted, "fontWeight": "bold", "fontSize": 13}},
			map[string]any{"coord": []float64{x1, y1}},
		}
	}
	lo, mid, hi := -1.0, float64(toc.HighImpact), 6.0
	return []any{
		area(mid, mid, hi, hi, "Win-win", colGood, "insideTopRight"),
		area(lo, mid, mid, hi, "Outward", colPrimary, "insideTopLeft"),
		area(mid, lo, hi, mid, "Inward", colWarn, "insideBottomRight"),
		area(lo, lo, mid, mid, "Low on both", colNeutral, "insideBottomLeft"),
	}
}
