package engine

import (
	"context"
	"slices"

	"github.com/schoolstogether/impact/toc"
)

// StatusReport is what is missing for an academic year (DESIGN §12, impact
// status): activities running that year with no rows, KPIs with no value,
// partner schools that gave a school-level KPI (one given per school in
// some year) no value, pending reviews and locked years — within a scope,
// so each editor sees their own.
type StatusReport struct {
	Period                toc.Period       `json:"period"`
	ActivitiesWithoutRows []Named          `json:"activities_without_rows"`
	KPIsWithoutValue      []Named          `json:"kpis_without_value"`
	SchoolsWithoutValue   []MissingSchools `json:"schools_without_value"`
	PendingReviews        int              `json:"pending_reviews"`
	Locked                []toc.Period     `json:"locked"`
}

// Named is an activity or KPI, by id and title.
type Named struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// MissingSchools is a school-level KPI and the schools that gave it no
// value for the year.
type MissingSchools struct {
	KPI     string   `json:"kpi"`
	Title   string   `json:"title"`
	Schools []string `json:"schools"`
}

// Missing reports the empty places of one year within a scope; who is the
// login whose pending items count ("" for everyone's).
func Missing(ctx context.Context, st Store, p *toc.Partnership, period toc.Period, scope Scope, who string) (StatusReport, error) {
	rep := StatusReport{Period: period, ActivitiesWithoutRows: []Named{}, KPIsWithoutValue: []Named{}, SchoolsWithoutValue: []MissingSchools{}, Locked: []toc.Period{}}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return rep, err
	}
	defer snap.Close()
	rows, err := snap.RowsIn(ctx, period)
	if err != nil {
		return rep, err
	}
	inSchools := func(ids ...string) bool {
		return len(scope.Schools) == 0 || slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(scope.Schools, id) })
	}
	var running []*toc.Activity
	for i := range p.Activities {
		a := &p.Activities[i]
		if a.Started > period || a.Ended != nil && *a.Ended < period {
			continue
		}
		if len(scope.Activities) > 0 && !slices.Contains(scope.Activities, a.ID) || !inSchools(append([]string{a.Provider}, a.Partners...)...) {
			continue
		}
		running = append(running, a)
		if rows[a.ID] == 0 {
			rep.ActivitiesWithoutRows = append(rep.ActivitiesWithoutRows, Named{a.ID, a.Title})
		}
	}
	var kpis []string
	for _, k := range p.KPIs() {
		if slices.ContainsFunc(running, func(a *toc.Activity) bool { return slices.Contains(a.KPIs, k.ID) }) {
			kpis = append(kpis, k.ID)
		}
	}
	values, err := snap.KPIValues(ctx, kpis)
	if err != nil {
		return rep, err
	}
	for _, id := range kpis {
		k := p.KPI(id)
		gave, schoolLevel := map[string]bool{}, false
		has := false
		for _, v := range values {
			if v.KPI != id {
				continue
			}
			schoolLevel = schoolLevel || v.School != ""
			if v.Period == period {
				has, gave[v.School] = true, true
			}
		}
		if !has {
			rep.KPIsWithoutValue = append(rep.KPIsWithoutValue, Named{k.ID, k.Title})
		}
		if !schoolLevel {
			continue
		}
		var missing []string
		for _, a := range running {
			if !slices.Contains(a.KPIs, id) {
				continue
			}
			// The partners measure what an activity moves; the provider
			// delivers it.
			for _, sc := range a.Partners {
				if !gave[sc] && inSchools(sc) && !slices.Contains(missing, sc) {
					missing = append(missing, sc)
				}
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			rep.SchoolsWithoutValue = append(rep.SchoolsWithoutValue, MissingSchools{KPI: k.ID, Title: k.Title, Schools: missing})
		}
	}
	items, err := st.ReviewItems(ctx, toc.ReviewPending)
	if err != nil {
		return rep, err
	}
	for _, it := range items {
		if who == "" || it.Who == who {
			rep.PendingReviews++
		}
	}
	locks, err := st.ListLocks(ctx)
	if err != nil {
		return rep, err
	}
	for _, l := range locks {
		rep.Locked = append(rep.Locked, l.Period)
	}
	return rep, nil
}
