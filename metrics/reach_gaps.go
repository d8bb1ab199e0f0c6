package metrics

import (
	"sort"

	"github.com/schoolstogether/impact/toc"
)

// ReachGaps are where the partnership is not yet reaching the pupils who
// most need it (issue 16, README "Health").
type ReachGaps struct {
	// Schools are the schools of toc.yaml with a disadvantaged share that
	// no row names yet, highest share first.
	Schools []UnreachedSchool `json:"schools"`
	// Activities are those whose targeting ratio is below 1, lowest first.
	Activities []Undertargeted `json:"activities"`
}

// UnreachedSchool is a school no row names yet.
type UnreachedSchool struct {
	School           string  `json:"school"`
	Name             string  `json:"name"`
	DisadvantagedPct float64 `json:"disadvantaged_pct"`
	Pupils           *int    `json:"pupils"`
	// InActivities counts the activities that name it as provider or
	// partner: in the plan, not yet in the data.
	InActivities int `json:"in_activities"`
}

// Undertargeted is an activity reaching disadvantaged pupils less than in
// proportion.
type Undertargeted struct {
	Activity       string  `json:"activity"`
	TargetingRatio float64 `json:"targeting_ratio"`
}

// reachGaps reads the gaps off a result (a funder's, once its hidden
// ratios are null, leaves those activities out).
func reachGaps(p *toc.Partnership, r *Result) ReachGaps {
	g := ReachGaps{Schools: []UnreachedSchool{}, Activities: []Undertargeted{}}
	acts, _, _ := Scope(p, nil)
	for _, s := range r.Schools {
		ts := p.School(s.ID)
		if ts == nil || ts.DisadvantagedPct == nil || s.Participants.N > 0 || s.Participants.Suppressed {
			continue
		}
		provides, receives := SchoolGives(s.ID, acts)
		g.Schools = append(g.Schools, UnreachedSchool{School: s.ID, Name: s.Name, DisadvantagedPct: *ts.DisadvantagedPct,
			Pupils: ts.Pupils, InActivities: provides + receives})
	}
	sort.SliceStable(g.Schools, func(i, j int) bool { return g.Schools[i].DisadvantagedPct > g.Schools[j].DisadvantagedPct })
	for _, a := range r.Activities {
		if a.TargetingRatio != nil && *a.TargetingRatio < 1 {
			g.Activities = append(g.Activities, Undertargeted{Activity: a.ID, TargetingRatio: *a.TargetingRatio})
		}
	}
	sort.SliceStable(g.Activities, func(i, j int) bool { return g.Activities[i].TargetingRatio < g.Activities[j].TargetingRatio })
	return g
}
