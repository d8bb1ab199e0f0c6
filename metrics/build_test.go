package metrics_test

import (
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// fourSchools is a partnership small enough to count by hand: school c gives
// no figures, school d is never reached, activity z starts after the data.
const fourSchools = `partnership: Four Schools
schools:
  - {id: a, name: A, pupils: 100, disadvantaged_pct: 20}
  - {id: b, name: B, pupils: 300, disadvantaged_pct: 40}
  - {id: c, name: C}
  - {id: d, name: D, pupils: 50, disadvantaged_pct: 90}
objectives:
  - id: o
    title: O
    outcomes:
      - id: oc
        title: OC
        kpis:
          - {id: k1, title: K1, direction: increase, baseline: {period: 2021/22, value: 0}, target: {period: 2024/25, value: 10}}
          - {id: k2, title: K2, direction: increase, baseline: {period: 2021/22, value: 0}, target: {period: 2024/25, value: 10}}
          - {id: k3, title: K3, direction: increase, baseline: {period: 2021/22, value: 0}, target: {period: 2024/25, value: 10}}
activities:
  - id: x
    title: X
    kpis: [k1]
    certainty: high
    participation: low
    provider: a
    partners: [b, c]
    leads: [p, q]
    started: 2022/23
    internal_impact: 4
    external_impact: 2
    funding:
      - {source: S1, period: 2023/24, amount: 600}
      - {source: S1, period: 2024/25, amount: 400}
  - id: y
    title: Y
    kpis: [k2]
    certainty: low
    participation: high
    provider: b
    partners: [a]
    started: 2023/24
    internal_impact: 1
    external_impact: 1
  - id: z
    title: Z
    kpis: [k3]
    certainty: medium
    participation: medium
    provider: a
    partners: [b]
    leads: [r]
    started: 2026/27
    internal_impact: 3
    external_impact: 3
privacy:
  min_cell: 3
`

func fourSchoolsPlan(t *testing.T) *toc.Plan {
	t.Helper()
	plan, err := rules.Parse("toc.yaml", []byte(fourSchools), 2024)
	if err != nil {
		t.Fatalf("ParsePlan: %v", err)
	}
	return plan
}

var (
	yes, no, unknown = toc.FlagYes, toc.FlagNo, toc.FlagUnknown
)

// fourSchoolsParticipation: pupil 1 is disadvantaged (one of its rows says
// so), pupil 2 is known not to be (from y's row), pupils 3 and 4 unknown.
var fourSchoolsParticipation = []toc.ParticipationRow{
	{Activity: "x", Date: "2023-10-01", Period: 2023, Pupil: 1, School: "b", Disadvantaged: yes},
	{Activity: "x", Date: "2023-10-01", Period: 2023, Pupil: 2, School: "b", Disadvantaged: unknown},
	{Activity: "x", Date: "2023-10-08", Period: 2023, Pupil: 1, School: "b", Disadvantaged: no},
	{Activity: "x", Date: "2024-10-01", Period: 2024, Pupil: 3, School: "c", Disadvantaged: unknown},
	{Activity: "y", Date: "2024-03-01", Period: 2023, Pupil: 2, School: "a", Disadvantaged: no},
	{Activity: "y", Date: "2024-03-01", Period: 2023, Pupil: 4, School: "", Disadvantaged: unknown},
}

func period(p toc.Period) *toc.Period { return &p }

// fourSchoolsOutcomes: pupil 5 takes part only through an undated
// intervention row; pupil 6 is a comparison pupil and never counts; pupil
// 1's dated intervention row of y falls in 2024/25.
var fourSchoolsOutcomes = []toc.OutcomeRow{
	{Activity: "x", Measure: "m", Group: "intervention", Pupil: 5, Post: 3, School: "a", Disadvantaged: yes},
	{Activity: "x", Measure: "m", Group: "comparison", Pupil: 6, Post: 2, School: "a", Disadvantaged: yes, Period: period(2022)},
	{Activity: "y", Measure: "m2", Group: "intervention", Pupil: 1, Post: 1, School: "b", Disadvantaged: unknown, Period: period(2024)},
}

func fourSchoolsInput(activities ...string) metrics.Input {
	in := metrics.Input{Tally: metrics.NewTally(), AsOf: 2024, HasAsOf: true}
	want := func(id string) bool {
		for _, a := range activities {
			if a == id {
				return true
			}
		}
		return len(activities) == 0
	}
	for i := range fourSchoolsParticipation {
		if r := &fourSchoolsParticipation[i]; want(r.Activity) {
			in.Tally.AddParticipation(r)
		}
	}
	for i := range fourSchoolsOutcomes {
		if r := &fourSchoolsOutcomes[i]; want(r.Activity) {
			in.Outcomes = append(in.Outcomes, *r)
			in.Tally.AddOutcome(r)
		}
	}
	in.KPIValues = []toc.KPIValue{{ID: 1, KPI: "k1", Period: 2021, Value: 4}}
	return in
}

func counts(t *testing.T, name string, got []metrics.Count, want ...int) {
	t.Helper()
	for i := range want {
		if got[i].Suppressed || got[i].N != want[i] {
			t.Errorf("%s[%d] = %s, want %d", name, i, got[i], want[i])
		}
	}
}

func TestBuild(t *testing.T) {
	plan := fourSchoolsPlan(t)
	r, err := metrics.Build(plan, fourSchoolsInput(), metrics.Options{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Run("Reach", func(t *testing.T) {
		// Participants 1, 2, 3, 4 (participation) and 5 (intervention outcome); 6
		// is comparison. Disadvantaged: 1 and 5. Known: 1, 2 and 5. Schools
		// named: b, c, a (d never; the empty school is none). Activities x and y.
		counts(t, "reach", []metrics.Count{r.Reach.Participants, r.Reach.Disadvantaged, r.Reach.Known}, 5, 2, 3)
		if r.Reach.Schools != 3 || r.Reach.Activities != 2 {
			t.Errorf("schools, activities = %d, %d, want 3, 2", r.Reach.Schools, r.Reach.Activities)
		}
	})
	t.Run("ByPeriod", func(t *testing.T) {
		// 2022/23 holds only a comparison row: no reach. 2023/24: pupils 1, 2, 4
		// (1 disadvantaged, 1 and 2 known) at a and b. 2024/25: pupil 3 (x at c)
		// and pupil 1 (y's dated outcome at b).
		bp := r.Reach.ByPeriod
		if len(bp) != 2 || bp[0].Period != 2023 || bp[1].Period != 2024 {
			t.Fatalf("by_period = %+v, want 2023/24 and 2024/25", bp)
		}
		counts(t, "2023/24", []metrics.Count{bp[0].Participants, bp[0].Disadvantaged, bp[0].Known}, 3, 1, 2)
		counts(t, "2024/25", []metrics.Count{bp[1].Participants, bp[1].Disadvantaged, bp[1].Known}, 2, 1, 1)
		if bp[0].Schools != 2 || bp[1].Schools != 2 {
			t.Errorf("schools = %d, %d, want 2, 2", bp[0].Schools, bp[1].Schools)
		}
	})
	t.Run("PeriodsAndAsOf", func(t *testing.T) {
		// 2021/22 from the KPI value, 2022/23 from the comparison row.
		want := []toc.Period{2021, 2022, 2023, 2024}
		if len(r.Periods) != len(want) {
			t.Fatalf("periods = %v, want %v", r.Periods, want)
		}
		for i := range want {
			if r.Periods[i] != want[i] {
				t.Errorf("periods = %v, want %v", r.Periods, want)
			}
		}
		if r.AsOf != 2024 {
			t.Errorf("as_of = %v, want 2024/25", r.AsOf)
		}
	})
	t.Run("Disadvantage", func(t *testing.T) {
		// 2/3 of the known; population over a and b (c gives no figures):
		// (100·0.20 + 300·0.40)/400 = 140/400 = 0.35; ratio (2/3)/0.35 = 1.904761905.
		near(t, "participant_share", r.Disadvantage.ParticipantShare, 2.0/3)
		near(t, "population_share", r.Disadvantage.PopulationShare, 0.35)
		near(t, "targeting_ratio", r.Disadvantage.TargetingRatio, 1.9047619047619047)
	})
	x, y, z := r.Activities[0], r.Activities[1], r.Activities[2]
	t.Run("ActivityX", func(t *testing.T) {
		// Pupils 1, 2, 3 and 5; 1 and 5 disadvantaged; 1, 2, 5 known (2 from y's row:
		// disadvantage is the pupil's, across the scope). Dates 2023-10-01, 2023-10-08,
		// 2024-10-01; periods 2023, 2024. Schools b, c, a → population 0.35.
		counts(t, "x", []metrics.Count{x.Participants, x.Disadvantaged, x.Known}, 4, 2, 3)
		if x.Sessions != 3 || x.ActivePeriods != 2 {
			t.Errorf("sessions, active periods = %d, %d, want 3, 2", x.Sessions, x.ActivePeriods)
		}
		near(t, "targeting_ratio", x.TargetingRatio, (2.0/3)/0.35)
		// Robust requires 3; one pupil a group reaches 1: a gap. Funding 600 + 400
		// from one source over 4 participants: 250. Years 2022/23..2024/25: 3.
		if x.Strategy != "robust" || x.Rule != 1 || x.RequiredLevel != 3 || x.AchievedLevel != 1 || !x.EvidenceGap {
			t.Errorf("strategy %s rule %d levels %d/%d gap %v, want robust 1 1/3 true", x.Strategy, x.Rule, x.AchievedLevel, x.RequiredLevel, x.EvidenceGap)
		}
		near(t, "cost_per_participant", x.CostPerParticipant, 250)
		if x.FundingSources != 1 || x.YearsRunning != 3 || x.KeyPersonRisk || x.Quadrant != "inward" {
			t.Errorf("sources %d years %d risk %v quadrant %s, want 1 3 false inward", x.FundingSources, x.YearsRunning, x.KeyPersonRisk, x.Quadrant)
		}
		if len(x.EffectSizes) != 1 || x.EffectSizes[0].Kind != nil || x.EffectSizes[0].Reason == nil {
			t.Errorf("effect sizes = %+v, want one with kind null and a reason", x.EffectSizes)
		}
	})
	t.Run("ActivityY", func(t *testing.T) {
		// Pupils 2, 4 and 1 (its outcome row); 1 disadvantaged; 1 and 2 known.
		// Schools a, b → 0.35; share 1/2; ratio 0.5/0.35 = 1.428571429.
		counts(t, "y", []metrics.Count{y.Participants, y.Disadvantaged, y.Known}, 3, 1, 2)
		near(t, "targeting_ratio", y.TargetingRatio, 0.5/0.35)
		if y.Sessions != 1 || y.ActivePeriods != 1 || y.CostPerParticipant != nil || !y.KeyPersonRisk || y.YearsRunning != 2 {
			t.Errorf("sessions %d periods %d cost %v risk %v years %d, want 1 1 null true 2",
				y.Sessions, y.ActivePeriods, y.CostPerParticipant, y.KeyPersonRisk, y.YearsRunning)
		}
		if y.AchievedLevel != 1 || y.RequiredLevel != 1 || y.EvidenceGap || y.Quadrant != "low" {
			t.Errorf("levels %d/%d gap %v quadrant %s, want 1/1 false low", y.AchievedLevel, y.RequiredLevel, y.EvidenceGap, y.Quadrant)
		}
	})
	t.Run("ActivityStartingAfterAsOf", func(t *testing.T) {
		// z starts in 2026/27, after as_of 2024/25: 0 years; no rows: level 0 < 2.
		if z.YearsRunning != 0 || z.AchievedLevel != 0 || !z.EvidenceGap || z.Participants.N != 0 || z.Sessions != 0 {
			t.Errorf("years %d level %d gap %v participants %d sessions %d, want 0 0 true 0 0",
				z.YearsRunning, z.AchievedLevel, z.EvidenceGap, z.Participants.N, z.Sessions)
		}
		if z.ParticipantShare != nil || z.PopulationShare != nil || z.TargetingRatio != nil || z.CostPerParticipant != nil {
			t.Errorf("shares and cost = %v %v %v %v, want null", z.ParticipantShare, z.PopulationShare, z.TargetingRatio, z.CostPerParticipant)
		}
		if z.EffectSizes == nil || len(z.EffectSizes) != 0 || z.Quadrant != "win-win" {
			t.Errorf("effect sizes %v quadrant %s, want [] win-win", z.EffectSizes, z.Quadrant)
		}
	})
	t.Run("Schools", func(t *testing.T) {
		// a delivers x, z and partners y; b delivers y and partners x, z; c partners
		// x; d nothing. Participants: a has 2 (y's pupil 2, x's outcome pupil 5;
		// comparison pupil 6 not), b 2 (pupils 1, 2), c 1, d 0.
		// The ledger in activity-years to as_of 2024/25: x (a → b, c) ran 3
		// years, y (b → a) 2, z (a → b) none yet. a gives 3 + 3 = 6 and gets 2,
		// two-way with b; b gives 2, gets 3; c gets 3.
		want := []metrics.SchoolResult{
			{ID: "a", Name: "A", Provides: 2, Receives: 1, Reciprocal: true, Participants: metrics.Count{N: 2},
				GiveAndGet: metrics.GiveAndGet{Gives: 6, Gets: 2, TwoWay: 1, Partners: 2}},
			{ID: "b", Name: "B", Provides: 1, Receives: 2, Reciprocal: true, Participants: metrics.Count{N: 2},
				GiveAndGet: metrics.GiveAndGet{Gives: 2, Gets: 3, TwoWay: 1, Partners: 1}},
			{ID: "c", Name: "C", Provides: 0, Receives: 1, Reciprocal: false, Participants: metrics.Count{N: 1},
				GiveAndGet: metrics.GiveAndGet{Gets: 3, Partners: 1}},
			{ID: "d", Name: "D", Provides: 0, Receives: 0, Reciprocal: false, Participants: metrics.Count{N: 0}},
		}
		for i := range want {
			if r.Schools[i] != want[i] {
				t.Errorf("school %d = %+v, want %+v", i, r.Schools[i], want[i])
			}
		}
	})
	t.Run("ScopedToOneActivity", func(t *testing.T) {
		// Only y's rows: pupil 1's flag comes from y's rows alone, which give
		// none; pupil 2 is known. Only y's KPI; a and b give and receive only y.
		r, err := metrics.Build(plan, fourSchoolsInput("y"), metrics.Options{Activities: []string{"y"}})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		counts(t, "reach", []metrics.Count{r.Reach.Participants, r.Reach.Disadvantaged, r.Reach.Known}, 3, 0, 1)
		if len(r.Activities) != 1 || r.Activities[0].ID != "y" || len(r.KPIs) != 1 || r.KPIs[0].ID != "k2" {
			t.Errorf("activities %d, kpis %+v, want y and k2", len(r.Activities), r.KPIs)
		}
		if a := r.Schools[0]; a.Provides != 0 || a.Receives != 1 || a.Reciprocal {
			t.Errorf("school a = %+v, want provides 0, receives 1", a)
		}
	})
	t.Run("UnknownActivity", func(t *testing.T) {
		_, err := metrics.Build(plan, fourSchoolsInput(), metrics.Options{Activities: []string{"nope"}})
		if toc.ErrorCode(err) != toc.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("AsOfTodayWithoutData", func(t *testing.T) {
		today := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		r, err := metrics.Build(plan, metrics.Input{}, metrics.Options{Today: today})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if r.AsOf != 2025 || r.Reach.Participants.N != 0 || len(r.Periods) != 0 || r.Activities[0].YearsRunning != 4 {
			t.Errorf("as_of %v participants %d periods %v years %d, want 2025/26 0 [] 4",
				r.AsOf, r.Reach.Participants.N, r.Periods, r.Activities[0].YearsRunning)
		}
	})
}
