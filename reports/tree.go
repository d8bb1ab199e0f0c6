package reports

import (
	"fmt"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

// treeObjective is the theory of change drawn as a tree: objective →
// outcomes → KPIs → the activities that move them.
type treeObjective struct {
	Title       string
	Description string
	Outcomes    []treeOutcome
}

type treeOutcome struct {
	Title       string
	Description string
	KPIs        []treeKPI
}

type treeKPI struct {
	Title       string
	Description string
	Status      string // met, on-track, behind, no-data: a CSS class
	StatusText  string
	Detail      string
	Activities  []treeActivity
}

type treeActivity struct {
	Title    string
	Strategy string
	Gap      bool
}

// statusText names a KPI status for people.
func statusText(status string) string {
	switch status {
	case "met":
		return "Met"
	case "on-track":
		return "On track"
	case "behind":
		return "Behind"
	}
	return "No data yet"
}

// tree keeps the KPIs the report covers and, under each, the in-scope
// activities that serve it; branches left empty are dropped.
func tree(s *scope) []treeObjective {
	results := map[string]*metrics.KPIResult{}
	for i := range s.res.KPIs {
		results[s.res.KPIs[i].ID] = &s.res.KPIs[i]
	}
	var out []treeObjective
	for _, o := range s.toc.Objectives {
		to := treeObjective{Title: o.Title, Description: o.Description}
		for _, oc := range o.Outcomes {
			tc := treeOutcome{Title: oc.Title, Description: oc.Description}
			for _, k := range oc.KPIs {
				var acts []treeActivity
				for _, a := range s.activities {
					if a.def != nil && contains(a.def.KPIs, k.ID) {
						acts = append(acts, treeActivity{Title: a.title(), Strategy: s.strategyTitle(&a), Gap: a.EvidenceGap})
					}
				}
				r := results[k.ID]
				if r == nil && len(acts) == 0 {
					continue
				}
				tk := treeKPI{Title: k.Title, Description: k.Description, Status: "no-data", Activities: acts}
				tk.Detail = fmt.Sprintf("%s in %s → target %s in %s", measured(k.Baseline.Value, k.Unit), k.Baseline.Period, format.Measured(k.Target.Value, k.Unit), k.Target.Period)
				if r != nil {
					tk.Status = r.Status
					if r.Latest != nil {
						tk.Detail += fmt.Sprintf("; latest %s in %s", format.Measured(r.Latest.Value, k.Unit), r.Latest.Period)
					}
				}
				tk.StatusText = statusText(tk.Status)
				tc.KPIs = append(tc.KPIs, tk)
			}
			if len(tc.KPIs) > 0 {
				to.Outcomes = append(to.Outcomes, tc)
			}
		}
		if len(to.Outcomes) > 0 {
			out = append(out, to)
		}
	}
	return out
}

// strategyTitle is the title of an activity's measurement strategy.
func (s *scope) strategyTitle(a *scoped) string {
	if a.StrategyTitle != "" {
		return a.StrategyTitle
	}
	if st, ok := s.toc.StrategiesInForce()[a.Strategy]; ok {
		return st.Title
	}
	return a.Strategy
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// measured is a KPI's first value in the tree, its unit in words after it
// ("12 trainees"), or as a symbol ("68%") as format.Measured writes it.
func measured(x float64, unit string) string {
	m := format.Measured(x, unit)
	if unit != "" && m == format.Number(x, 2) {
		return m + " " + unit
	}
	return m
}
