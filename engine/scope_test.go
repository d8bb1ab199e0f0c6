package engine_test

import (
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

const scopeTOC = `partnership: P
schools:
  - {id: rgs, name: RGS}
  - {id: wsh, name: WSH}
  - {id: kfs, name: KFS}
objectives:
  - id: o
    title: O
    outcomes:
      - id: oc
        title: OC
        kpis:
          - {id: trainees, title: T, direction: increase, baseline: {period: 2021/22, value: 1}, target: {period: 2024/25, value: 2}}
          - {id: gap, title: G, direction: decrease, baseline: {period: 2021/22, value: 2}, target: {period: 2024/25, value: 1}}
activities:
  - {id: scitt, title: S, kpis: [trainees], certainty: high, participation: low, provider: rgs, partners: [wsh], started: 2019/20, internal_impact: 3, external_impact: 3}
  - {id: reading, title: R, kpis: [gap], certainty: low, participation: high, provider: rgs, partners: [kfs], started: 2019/20, internal_impact: 3, external_impact: 3}
`

// TestScope_CheckNote: a scoped editor may write notes on their own
// activities and the KPIs those serve, and, with schools, on activities
// that involve one of them; nothing else.
func TestScope_CheckNote(t *testing.T) {
	p, err := toc.Parse("toc.yaml", []byte(scopeTOC))
	if err != nil {
		t.Fatal(err)
	}
	reading := engine.Scope{Activities: []string{"reading"}}
	wsh := engine.Scope{Schools: []string{"wsh"}}
	for _, c := range []struct {
		scope engine.Scope
		note  toc.Note
		field string // "" when allowed
	}{
		{engine.Scope{}, toc.Note{Activity: "scitt"}, ""},
		{reading, toc.Note{Activity: "reading"}, ""},
		{reading, toc.Note{KPI: "gap"}, ""},
		{reading, toc.Note{Activity: "scitt"}, "activity"},
		{reading, toc.Note{KPI: "trainees"}, "kpi"},
		{wsh, toc.Note{Activity: "scitt"}, ""},           // wsh is scitt's partner
		{wsh, toc.Note{KPI: "trainees"}, ""},             // served by scitt
		{wsh, toc.Note{Activity: "reading"}, "activity"}, // rgs with kfs
		{wsh, toc.Note{KPI: "gap"}, "kpi"},
		{engine.Scope{Activities: []string{"reading"}, Schools: []string{"wsh"}}, toc.Note{Activity: "reading"}, "activity"}, // both must hold
	} {
		field, err := c.scope.CheckNote(p, c.note)
		if field != c.field || (err == nil) != (c.field == "") || (err != nil && toc.ErrorCode(err) != toc.EFORBIDDEN) {
			t.Errorf("%+v writing %+v: field %q, %v; want field %q", c.scope, c.note, field, err, c.field)
		}
	}
}
