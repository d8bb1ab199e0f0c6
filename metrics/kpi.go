package metrics

import (
	"sort"

	"github.com/schoolstogether/impact/toc"
)

// KPI statuses (DESIGN §7.3).
const (
	StatusNoData  = "no-data"
	StatusMet     = "met"
	StatusOnTrack = "on-track"
	StatusBehind  = "behind"
)

// KPIProgress is a KPI's progress from its baseline towards its target
// (DESIGN §7.3), given its current logged values in any order. Of two
// values for the same period and school the later logged wins; a period's
// value is its school-less value when there is one, else the KPI's
// aggregate (sum or mean) of its schools' values.
func KPIProgress(k *toc.KPI, values []toc.KPIValue) KPIResult {
	r := KPIResult{
		ID: k.ID, Title: k.Title, Unit: k.Unit, Direction: string(k.Direction),
		Baseline: k.Baseline, Target: k.Target, Milestones: k.Milestones, Values: periodValues(k, values), Status: StatusNoData,
	}
	if len(r.Values) == 0 {
		return r
	}
	latest := r.Values[len(r.Values)-1]
	r.Latest = &latest
	var progress float64
	if span := k.Target.Value - k.Baseline.Value; span != 0 {
		progress = (latest.Value - k.Baseline.Value) / span
	} else if (k.Direction == toc.Decrease && latest.Value <= k.Baseline.Value) ||
		(k.Direction != toc.Decrease && latest.Value >= k.Baseline.Value) {
		progress = 1
	}
	expected := 1.0
	if years := int(k.Target.Period - k.Baseline.Period); years != 0 {
		expected = min(1, max(0, float64(latest.Period-k.Baseline.Period)/float64(years)))
	}
	if span := k.Target.Value - k.Baseline.Value; len(k.Milestones) > 0 && span != 0 {
		// DESIGN §12: the path through the milestones, as a fraction of the
		// way from baseline to target.
		expected = min(1, max(0, (k.Planned(latest.Period)-k.Baseline.Value)/span))
	}
	r.Progress, r.Expected = &progress, &expected
	switch {
	case progress >= 1:
		r.Status = StatusMet
	case progress >= expected:
		r.Status = StatusOnTrack
	default:
		r.Status = StatusBehind
	}
	return r
}

// periodValues is the KPI's value of each period that has one, ascending.
func periodValues(k *toc.KPI, values []toc.KPIValue) []toc.Point {
	type key struct {
		period toc.Period
		school string
	}
	last := map[key]toc.KPIValue{}
	for _, v := range values {
		if v.KPI != k.ID {
			continue
		}
		kk := key{v.Period, v.School}
		if old, ok := last[kk]; !ok || v.ID > old.ID {
			last[kk] = v
		}
	}
	// Sorted by period and school, so sums add up in the same order every run.
	kept := make([]toc.KPIValue, 0, len(last))
	for _, v := range last {
		kept = append(kept, v)
	}
	sort.Slice(kept, func(i, j int) bool {
		if kept[i].Period != kept[j].Period {
			return kept[i].Period < kept[j].Period
		}
		return kept[i].School < kept[j].School
	})
	out := []toc.Point{}
	for i := 0; i < len(kept); {
		p := kept[i].Period
		var whole *float64
		var sum float64
		n := 0
		for ; i < len(kept) && kept[i].Period == p; i++ {
			if kept[i].School == "" {
				whole = ptr(kept[i].Value)
				continue
			}
			sum += kept[i].Value
			n++
		}
		v := sum
		switch {
		case whole != nil:
			v = *whole
		case k.Aggregate == toc.Mean:
			v = sum / float64(n)
		}
		out = append(out, toc.Point{Period: p, Value: v})
	}
	return out
}
