package reports

import (
	"fmt"
	"html/template"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/schoolstogether/impact/reports/format"
)

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
			Provides: format.Grouped(int64(r.Provides)), Receives: format.Grouped(int64(r.Receives)),
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
			return fmt.Sprintf("%s other schools (run)", format.Grouped(int64(others)))
		case id == "":
			return fmt.Sprintf("%s other schools (take part)", format.Grouped(int64(otherTakers)))
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
			colour, name = colNeutral, fmt.Sprintf("%s other schools", format.Grouped(int64(others)))
			if !giver {
				name = fmt.Sprintf("%s other schools", format.Grouped(int64(otherTakers)))
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
	c := charts.NewSankey()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("flows", chartWidth, height)))
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: "Activities run for partner schools", Type: "sankey", Data: nodes, Links: links})
	extra := baseOptions(map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"series": []any{map[string]any{
			"left": 200, "right": 200, "top": 8, "bottom": 8,
			"nodeWidth": 12, "nodeGap": 9, "nodeAlign": "justify", "layoutIterations": 32,
			"emphasis":  map[string]any{"focus": "adjacency"},
			"label":     map[string]any{"formatter": "{b}", "fontSize": 11, "color": colInk, "width": 185, "overflow": "truncate"},
			"lineStyle": map[string]any{"color": "source", "opacity": 0.3, "curveness": 0.5},
		}},
	})
	h, err := renderChart("flows", chartOf(c, &c.BaseConfiguration, extra))
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
