package reports_test

import (
	"bytes"
	"fmt"
	"regexp"
	"time"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func ExampleWrite() {
	p, err := toc.Parse("toc.yaml", []byte(`partnership: Tyne Valley Schools Partnership
schools:
  - {id: rgs, name: Royal Grammar School}
  - {id: wsh, name: West Hill Primary}
objectives:
  - id: grow-teachers
    title: Develop and grow teachers
    outcomes:
      - id: more-teachers
        title: More new maths and physics teachers
        kpis:
          - id: trainees
            title: Trainees graduating from the SCITT
            direction: increase
            baseline: {period: 2021/22, value: 12}
            target: {period: 2024/25, value: 20}
activities:
  - id: scitt
    title: Maths and physics SCITT
    kpis: [trainees]
    certainty: high
    participation: low
    provider: rgs
    partners: [wsh]
    started: 2019/20
    internal_impact: 3
    external_impact: 4
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// What metrics.Compute returns for a partnership with no data yet.
	res := &metrics.Result{
		Partnership: p.Name, Audience: toc.Director, AsOf: 2024,
		KPIs:       []metrics.KPIResult{{ID: "trainees", Baseline: p.KPIs()[0].Baseline, Target: p.KPIs()[0].Target, Status: "no-data"}},
		Activities: []metrics.ActivityResult{{ID: "scitt", Strategy: "robust", Rule: 1, RequiredLevel: 3, EvidenceGap: true, Internal: 3, External: 4, Quadrant: "win-win", YearsRunning: 6, KeyPersonRisk: true}},
		Schools:    []metrics.SchoolResult{{ID: "rgs", Provides: 1}, {ID: "wsh", Receives: 1}},
	}
	var page bytes.Buffer
	err = reports.Write(&page, reports.Input{ToC: p, Result: res,
		Stamp: reports.Stamp{Made: time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC), Revision: "1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(regexp.MustCompile(`<title>.*</title>`).FindString(page.String()))
	fmt.Println(len(regexp.MustCompile(`<div class="item" id="chart_`).FindAllIndex(page.Bytes(), -1)), "charts")
	// Output:
	// <title>Tyne Valley Schools Partnership — impact report</title>
	// 8 charts
}
