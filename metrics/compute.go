package metrics

import (
	"context"

	"github.com/schoolstogether/impact/toc"
)

// Facts is what the metrics read of a store: one consistent snapshot of
// its rows (a store's engine.Snapshot is one). Rows of activities and KPIs
// that the plan's toc.yaml lacks are never asked for; superseded rows are
// never given.
type Facts interface {
	// EachParticipation calls fn for every participation row of the
	// activities, absences left out; fn copies what it keeps.
	EachParticipation(ctx context.Context, activities []string, fn func(*toc.ParticipationRow) error) error
	// Attendance returns what each activity's register marks say.
	Attendance(ctx context.Context, activities []string) (map[string]toc.Attendance, error)
	// EachPupilFact calls fn for every fact of a pupil's characteristics,
	// in the order imported; fn copies what it keeps.
	EachPupilFact(ctx context.Context, fn func(*toc.PupilFact) error) error
	// Outcomes returns the current outcome rows of the activities.
	Outcomes(ctx context.Context, activities []string) ([]toc.OutcomeRow, error)
	// KPIValues returns the current values of the KPIs.
	KPIValues(ctx context.Context, kpis []string) ([]toc.KPIValue, error)
	// LatestPeriod is the latest period of any participation row, dated
	// outcome row or KPI value of the activities and KPIs.
	LatestPeriod(ctx context.Context, activities, kpis []string) (toc.Period, bool, error)
}

// Compute computes every metric of DESIGN §7 for the scope and audience of
// opts from one snapshot of a store. The command line, the report and the
// web app all call it. Participation rows are streamed through a Tally,
// never held in memory.
func Compute(ctx context.Context, facts Facts, plan *toc.Plan, opts Options) (*Result, error) {
	acts, _, err := Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	ev, err := ReadEvidence(ctx, facts, ids(acts, func(a *toc.Activity) string { return a.ID }))
	if err != nil {
		return nil, err
	}
	return FromEvidence(ctx, facts, plan, ev, opts)
}

// Evidence is what the participation and outcome rows of some activities
// say, tallied. It changes only with an import, so the web app keeps it
// while KPI values come and go; it is read-only once built.
type Evidence struct {
	Tally      *Tally
	Outcomes   []toc.OutcomeRow
	Attendance map[string]toc.Attendance
	latest     toc.Period // the latest period of a dated row
	hasDated   bool
}

// ReadEvidence tallies the rows of the activities, streaming the
// participation rows.
func ReadEvidence(ctx context.Context, facts Facts, activities []string) (*Evidence, error) {
	ev := &Evidence{Tally: NewTally()}
	see := func(p toc.Period) {
		if !ev.hasDated || p > ev.latest {
			ev.latest, ev.hasDated = p, true
		}
	}
	err := facts.EachParticipation(ctx, activities, func(r *toc.ParticipationRow) error {
		ev.Tally.AddParticipation(r)
		see(r.Period)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ev.Outcomes, err = facts.Outcomes(ctx, activities); err != nil {
		return nil, err
	}
	for i := range ev.Outcomes {
		ev.Tally.AddOutcome(&ev.Outcomes[i])
		if p := ev.Outcomes[i].Period; p != nil {
			see(*p)
		}
	}
	// Last: facts are placed by the pupils' latest periods in scope.
	err = facts.EachPupilFact(ctx, func(f *toc.PupilFact) error {
		ev.Tally.AddFact(f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ev.Attendance, err = facts.Attendance(ctx, activities); err != nil {
		return nil, err
	}
	return ev, nil
}

// FromEvidence combines the evidence of opts' activities with the KPI
// values in force and computes the result. as_of is the latest period of
// any row or value in the whole database, whatever the scope.
func FromEvidence(ctx context.Context, facts Facts, plan *toc.Plan, ev *Evidence, opts Options) (*Result, error) {
	_, kpis, err := Scope(plan.ToC, opts.Activities)
	if err != nil {
		return nil, err
	}
	kpiID := func(k *toc.KPI) string { return k.ID }
	in := Input{Tally: ev.Tally, Outcomes: ev.Outcomes, Attendance: ev.Attendance}
	if in.KPIValues, err = facts.KPIValues(ctx, ids(kpis, kpiID)); err != nil {
		return nil, err
	}
	if len(opts.Activities) == 0 {
		// The scope is the whole ToC: as_of is the latest period read.
		in.AsOf, in.HasAsOf = ev.latest, ev.hasDated
		for _, v := range in.KPIValues {
			if !in.HasAsOf || v.Period > in.AsOf {
				in.AsOf, in.HasAsOf = v.Period, true
			}
		}
	} else {
		all, allKPIs, _ := Scope(plan.ToC, nil)
		in.AsOf, in.HasAsOf, err = facts.LatestPeriod(ctx, ids(all, func(a *toc.Activity) string { return a.ID }), ids(allKPIs, kpiID))
		if err != nil {
			return nil, err
		}
	}
	return Build(plan, in, opts)
}
