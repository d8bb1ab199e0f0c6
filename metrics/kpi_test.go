package metrics_test

import (
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

func kpi(dir toc.Direction, agg toc.Aggregate, base toc.Period, bv float64, target toc.Period, tv float64) *toc.KPI {
	return &toc.KPI{ID: "k", Direction: dir, Aggregate: agg,
		Baseline: toc.Point{Period: base, Value: bv}, Target: toc.Point{Period: target, Value: tv}}
}

// val is a logged value; later ids were logged later.
func val(id int64, p toc.Period, school string, v float64) toc.KPIValue {
	return toc.KPIValue{ID: id, KPI: "k", Period: p, School: school, Value: v}
}

func TestKPIProgress(t *testing.T) {
	for _, c := range []struct {
		name               string
		k                  *toc.KPI
		values             []toc.KPIValue
		latest             *toc.Point
		progress, expected float64
		status             string
	}{
		{
			// (17 − 12)/(20 − 12) = 0.625; expected (2023 − 2021)/(2024 − 2021) = 2/3.
			name: "IncreaseBehind", k: kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20),
			values: []toc.KPIValue{val(1, 2022, "", 14), val(2, 2023, "", 17)},
			latest: &toc.Point{Period: 2023, Value: 17}, progress: 0.625, expected: 2.0 / 3, status: "behind",
		},
		{
			// (18 − 12)/8 = 0.75 ≥ expected 1/3 (one year of three).
			name: "OnTrack", k: kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20),
			values: []toc.KPIValue{val(1, 2022, "", 18)},
			latest: &toc.Point{Period: 2022, Value: 18}, progress: 0.75, expected: 1.0 / 3, status: "on-track",
		},
		{
			// Decrease with mean of schools: 2023 = (12.5 + 10.5)/2 = 11.5;
			// (11.5 − 14)/(8 − 14) = 2.5/6 = 0.41667; expected 1/2.
			name: "DecreaseMeanOfSchools", k: kpi(toc.Decrease, toc.Mean, 2022, 14, 2024, 8),
			values: []toc.KPIValue{val(1, 2023, "wsh", 12.5), val(2, 2023, "kfs", 10.5)},
			latest: &toc.Point{Period: 2023, Value: 11.5}, progress: 2.5 / 6, expected: 0.5, status: "behind",
		},
		{
			// A decreasing KPI that rose: (16 − 14)/(8 − 14) = −1/3, not clipped.
			name: "DecreaseWrongWay", k: kpi(toc.Decrease, toc.Mean, 2022, 14, 2024, 8),
			values: []toc.KPIValue{val(1, 2024, "", 16)},
			latest: &toc.Point{Period: 2024, Value: 16}, progress: -1.0 / 3, expected: 1, status: "behind",
		},
		{
			// Beyond the target: (26 − 12)/8 = 1.75, met.
			name: "MetBeyond", k: kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20),
			values: []toc.KPIValue{val(1, 2022, "", 26)},
			latest: &toc.Point{Period: 2022, Value: 26}, progress: 1.75, expected: 1.0 / 3, status: "met",
		},
		{
			// Sum of schools: 2023 = 4 + 6 = 10; the later kfs value 6 supersedes 5.
			// (10 − 0)/(20 − 0) = 0.5; expected (2023 − 2021)/(2025 − 2021) = 0.5: on track.
			name: "SumOfSchoolsLaterWins", k: kpi(toc.Increase, toc.Sum, 2021, 0, 2025, 20),
			values: []toc.KPIValue{val(1, 2023, "kfs", 5), val(2, 2023, "wsh", 4), val(3, 2023, "kfs", 6)},
			latest: &toc.Point{Period: 2023, Value: 10}, progress: 0.5, expected: 0.5, status: "on-track",
		},
		{
			// The school-less 7 wins over the schools' 4 + 6; given out of order.
			name: "SchoolLessWins", k: kpi(toc.Increase, toc.Sum, 2021, 0, 2025, 20),
			values: []toc.KPIValue{val(3, 2023, "kfs", 6), val(2, 2023, "", 7), val(1, 2023, "wsh", 4)},
			latest: &toc.Point{Period: 2023, Value: 7}, progress: 0.35, expected: 0.5, status: "behind",
		},
		{
			// Target equals baseline: at or above it for an increasing KPI is 1.
			name: "TargetEqualsBaselineReached", k: kpi(toc.Increase, toc.Sum, 2021, 10, 2024, 10),
			values: []toc.KPIValue{val(1, 2022, "", 10)},
			latest: &toc.Point{Period: 2022, Value: 10}, progress: 1, expected: 1.0 / 3, status: "met",
		},
		{
			// A decreasing KPI above an equal target and baseline is 0.
			name: "TargetEqualsBaselineMissed", k: kpi(toc.Decrease, toc.Sum, 2021, 10, 2024, 10),
			values: []toc.KPIValue{val(1, 2022, "", 11)},
			latest: &toc.Point{Period: 2022, Value: 11}, progress: 0, expected: 1.0 / 3, status: "behind",
		},
		{
			// Target period = baseline period: expected is 1.
			name: "TargetPeriodIsBaselinePeriod", k: kpi(toc.Increase, toc.Sum, 2023, 10, 2023, 20),
			values: []toc.KPIValue{val(1, 2023, "", 15)},
			latest: &toc.Point{Period: 2023, Value: 15}, progress: 0.5, expected: 1, status: "behind",
		},
		{
			// A value before the baseline: expected (2020 − 2021)/3 clipped to 0,
			// progress (13 − 12)/8 = 0.125 ≥ 0: on track.
			name: "LatestBeforeBaseline", k: kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20),
			values: []toc.KPIValue{val(1, 2020, "", 13)},
			latest: &toc.Point{Period: 2020, Value: 13}, progress: 0.125, expected: 0, status: "on-track",
		},
		{
			// A value after the target period: expected clipped to 1.
			name: "LatestAfterTarget", k: kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20),
			values: []toc.KPIValue{val(1, 2026, "", 16)},
			latest: &toc.Point{Period: 2026, Value: 16}, progress: 0.5, expected: 1, status: "behind",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := metrics.KPIProgress(c.k, c.values)
			if got.Latest == nil || *got.Latest != *c.latest {
				t.Fatalf("latest = %v, want %v", got.Latest, *c.latest)
			}
			near(t, "progress", got.Progress, c.progress)
			near(t, "expected", got.Expected, c.expected)
			if got.Status != c.status {
				t.Errorf("status = %q, want %q", got.Status, c.status)
			}
		})
	}
	t.Run("NoData", func(t *testing.T) {
		k := kpi(toc.Increase, toc.Sum, 2021, 12, 2024, 20)
		other := toc.KPIValue{ID: 1, KPI: "other", Period: 2022, Value: 3}
		got := metrics.KPIProgress(k, []toc.KPIValue{other})
		if got.Latest != nil || got.Progress != nil || got.Expected != nil || got.Status != "no-data" {
			t.Errorf("got latest %v progress %v expected %v status %q, want null, null, null, no-data",
				got.Latest, got.Progress, got.Expected, got.Status)
		}
		if got.Values == nil || len(got.Values) != 0 {
			t.Errorf("values = %v, want []", got.Values)
		}
	})
	t.Run("ValuesAscending", func(t *testing.T) {
		k := kpi(toc.Increase, toc.Mean, 2021, 0, 2025, 20)
		got := metrics.KPIProgress(k, []toc.KPIValue{val(4, 2024, "a", 3), val(1, 2022, "a", 1), val(2, 2022, "b", 2)})
		want := []toc.Point{{Period: 2022, Value: 1.5}, {Period: 2024, Value: 3}}
		if len(got.Values) != 2 || got.Values[0] != want[0] || got.Values[1] != want[1] {
			t.Errorf("values = %v, want %v", got.Values, want)
		}
	})
}

// TestKPIProgress_Milestones: with milestones the expected path runs
// straight from the baseline through each milestone to the target, and
// expected is how far along that path the latest period's planned value
// lies (DESIGN §12).
func TestKPIProgress_Milestones(t *testing.T) {
	withMilestones := func(k *toc.KPI, ms ...toc.Point) *toc.KPI { k.Milestones = ms; return k }
	for _, c := range []struct {
		name               string
		k                  *toc.KPI
		values             []toc.KPIValue
		progress, expected float64
		status             string
	}{
		{
			// Front-loaded: 10 in 2021/22, 20 by 2022/23, 30 by 2025/26. In
			// 2022/23 the plan is 20: expected (20 − 10)/(30 − 10) = 0.5, and
			// 18 is (18 − 10)/20 = 0.4, behind — on track (0.25) without the
			// milestone.
			name: "FrontLoaded", k: withMilestones(kpi(toc.Increase, toc.Sum, 2021, 10, 2025, 30), toc.Point{Period: 2022, Value: 20}),
			values: []toc.KPIValue{val(1, 2022, "", 18)}, progress: 0.4, expected: 0.5, status: "behind",
		},
		{
			// Between the milestone and the target: in 2023/24 the plan is
			// 20 + (30 − 20) × 1/3 = 23.33…, expected 13.33…/20 = 2/3; 24 is
			// 0.7, on track.
			name: "AfterTheMilestone", k: withMilestones(kpi(toc.Increase, toc.Sum, 2021, 10, 2025, 30), toc.Point{Period: 2022, Value: 20}),
			values: []toc.KPIValue{val(1, 2023, "", 24)}, progress: 0.7, expected: 2.0 / 3, status: "on-track",
		},
		{
			// Decreasing, back-loaded: 14 in 2022/23, 13 by 2024/25, 8 by
			// 2025/26. In 2023/24 the plan is 13.5: expected (13.5 − 14)/(8 −
			// 14) = 1/12; 12 is 2/6 = 1/3, on track.
			name: "DecreaseBackLoaded", k: withMilestones(kpi(toc.Decrease, toc.Mean, 2022, 14, 2025, 8), toc.Point{Period: 2024, Value: 13}),
			values: []toc.KPIValue{val(1, 2023, "", 12)}, progress: 1.0 / 3, expected: 1.0 / 12, status: "on-track",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := metrics.KPIProgress(c.k, c.values)
			near(t, "progress", r.Progress, c.progress)
			near(t, "expected", r.Expected, c.expected)
			if r.Status != c.status {
				t.Errorf("status %s, want %s", r.Status, c.status)
			}
			if len(r.Milestones) != len(c.k.Milestones) {
				t.Errorf("milestones %v, want %v", r.Milestones, c.k.Milestones)
			}
		})
	}
}
