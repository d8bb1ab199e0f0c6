package reports

import (
	"fmt"
	"html/template"
	"math"
	"sort"
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

	c := newScatter()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("quadrant", chartWidth, 500)))
	var extraSeries []any
	for i, q := range quadrants {
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: q.Name, Type: "scatter", Data: series[q.Key]})
		es := map[string]any{"color": quadrantColour[q.Key],
			"itemStyle":   map[string]any{"borderColor": "#fff", "borderWidth": 1, "opacity": 0.95},
			"label":       map[string]any{"fontSize": 10, "width": 120, "overflow": "truncate"},
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
	c.extra = baseOptions(map[string]any{
		"legend": legend(),
		"grid":   map[string]any{"left": 56, "right": 24, "top": 36, "bottom": 48},
		"xAxis":  []any{axis("Benefit to the school that runs it (internal impact, 0–5)")},
		"yAxis":  []any{axis("Benefit to partner schools (external impact, 0–5)")},
		"series": extraSeries,
	})
	h, err := renderChart("quadrant", c)
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

// flowsSection shows which schools run activities for which.
type flowsSection struct {
	Chart   template.HTML
	Empty   bool
	Schools []schoolRow
}

type schoolRow struct {
	Name, Provides, Receives, Participants string
	Reciprocal                             bool
}

// flowNodes is how many schools a side of the flows chart names; the
// rest share one node, so that a hundred schools stay readable.
const flowNodes = 20

func flows(s *scope) (flowsSection, error) {
	var sec flowsSection
	for _, r := range s.res.Schools {
		sec.Schools = append(sec.Schools, schoolRow{Name: s.schoolName(r.ID),
			Provides: grouped(int64(r.Provides)), Receives: grouped(int64(r.Receives)),
			Participants: countText(r.Participants), Reciprocal: r.Reciprocal})
	}
	type pair struct{ from, to string }
	weight := map[pair]int{}
	gives, takes := map[string]int{}, map[string]int{}
	for _, a := range s.activities {
		if a.def == nil {
			continue
		}
		for _, p := range a.def.Partners {
			weight[pair{a.def.Provider, p}]++
			gives[a.def.Provider]++
			takes[p]++
		}
	}
	sec.Empty = len(weight) == 0
	givers, others := topSchools(s, gives, flowNodes)
	takers, otherTakers := topSchools(s, takes, flowNodes)

	// Nodes are keyed by side and school, so a school that both runs and
	// takes part in activities is two nodes and reciprocal pairs make no
	// cycle (echarts' sankey refuses cycles). A band's tooltip shows the
	// keys, so they are names with their side; labels show the name alone.
	names := map[string]int{}
	for _, sc := range s.toc.Schools {
		names[sc.Name]++
	}
	key := func(id string, giver bool) string {
		n := s.schoolName(id)
		switch {
		case id == "" && giver:
			return fmt.Sprintf("%s other schools (run)", grouped(int64(others)))
		case id == "":
			return fmt.Sprintf("%s other schools (take part)", grouped(int64(otherTakers)))
		case names[n] > 1:
			n += " [" + id + "]"
		}
		if giver {
			return n + " (runs)"
		}
		return n + " (takes part)"
	}
	var nodes []any
	node := func(id string, giver bool) {
		colour, name := colPrimary, s.schoolName(id)
		if !giver {
			colour = colGood
		}
		if id == "" {
			colour, name = colNeutral, fmt.Sprintf("%s other schools", grouped(int64(others)))
			if !giver {
				name = fmt.Sprintf("%s other schools", grouped(int64(otherTakers)))
			}
		} else if gives[id] > 0 && takes[id] > 0 {
			colour = colReciprocal
		}
		n := map[string]any{"id": key(id, giver), "name": name, "depth": 1,
			"itemStyle": map[string]any{"color": colour, "borderWidth": 0}}
		if giver {
			n["depth"] = 0
			n["label"] = map[string]any{"position": "left"}
		}
		nodes = append(nodes, n)
	}
	for _, id := range givers {
		node(id, true)
	}
	for _, id := range takers {
		node(id, false)
	}
	shown := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	isGiver, isTaker := shown(givers), shown(takers)
	bands := map[pair]int{}
	var order []pair
	for _, a := range s.activities {
		if a.def == nil {
			continue
		}
		for _, p := range a.def.Partners {
			k := pair{a.def.Provider, p}
			if !isGiver[k.from] {
				k.from = ""
			}
			if !isTaker[k.to] {
				k.to = ""
			}
			if bands[k] == 0 {
				order = append(order, k)
			}
			bands[k]++
		}
	}
	var links []any
	for _, k := range order {
		links = append(links, map[string]any{"source": key(k.from, true), "target": key(k.to, false), "value": bands[k]})
	}
	height := clampHeight(40+24*max(len(givers), len(takers)), 260)
	c := newSankey()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("flows", chartWidth, height)))
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: "Activities run for partner schools", Type: "sankey", Data: nodes, Links: links})
	c.extra = baseOptions(map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"series": []any{map[string]any{
			"left": 200, "right": 200, "top": 8, "bottom": 8,
			"nodeWidth": 12, "nodeGap": 9, "nodeAlign": "justify", "layoutIterations": 32,
			"emphasis":  map[string]any{"focus": "adjacency"},
			"label":     map[string]any{"formatter": "{b}", "fontSize": 11, "color": colInk, "width": 185, "overflow": "truncate"},
			"lineStyle": map[string]any{"color": "source", "opacity": 0.3, "curveness": 0.5},
		}},
	})
	h, err := renderChart("flows", c)
	sec.Chart = h
	return sec, err
}

// topSchools picks the n schools with the most activities on one side, in
// toc.yaml order; when there are more, the last place goes to "" (the
// others, whose number is returned too).
func topSchools(s *scope, count map[string]int, n int) ([]string, int) {
	var ids []string
	for _, sc := range s.toc.Schools {
		if count[sc.ID] > 0 {
			ids = append(ids, sc.ID)
		}
	}
	if len(ids) <= n {
		return ids, 0
	}
	ranked := append([]string{}, ids...)
	sort.SliceStable(ranked, func(i, j int) bool { return count[ranked[i]] > count[ranked[j]] })
	keep := map[string]bool{}
	for _, id := range ranked[:n-1] {
		keep[id] = true
	}
	var out []string
	for _, id := range ids {
		if keep[id] {
			out = append(out, id)
		}
	}
	return append(out, ""), len(ids) - (n - 1)
}

// colReciprocal marks a school that both runs and receives activities.
const colReciprocal = "#7b5ea7"
