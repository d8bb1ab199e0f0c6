package metrics_test

import (
	"fmt"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

func ExampleMonths() {
	// The EEF toolkit's months of additional progress for some effect sizes.
	for _, g := range []float64{0.05, 0.2, 0.44, 0.45, -0.3, 1.2} {
		fmt.Printf("g = %5.2f: %+d months\n", g, metrics.Months(g))
	}
	// Output:
	// g =  0.05: +1 months
	// g =  0.20: +3 months
	// g =  0.44: +5 months
	// g =  0.45: +6 months
	// g = -0.30: -4 months
	// g =  1.20: +12 months
}

func ExampleKPIProgress() {
	k := &toc.KPI{ID: "trainees", Direction: toc.Increase, Aggregate: toc.Sum,
		Baseline: toc.Point{Period: 2021, Value: 12}, Target: toc.Point{Period: 2024, Value: 20}}
	r := metrics.KPIProgress(k, []toc.KPIValue{
		{ID: 1, KPI: "trainees", Period: 2023, School: "rgs", Value: 10},
		{ID: 2, KPI: "trainees", Period: 2023, School: "wsh", Value: 7},
	})
	fmt.Printf("latest %v in %s: progress %.3f, expected %.3f: %s\n", r.Latest.Value, r.Latest.Period, *r.Progress, *r.Expected, r.Status)
	// Output: latest 17 in 2023/24: progress 0.625, expected 0.667: behind
}
