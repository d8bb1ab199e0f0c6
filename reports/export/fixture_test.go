package export_test

import (
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
)

// hostile is text a user could type to attack a spreadsheet or an XML
// reader.
const hostile = `=HYPERLINK("http://x","y") <b>&amp;</b> ]]>`

// sampleTOC has a hostile activity title, a KPI in per cent and one in
// trainees, and an iati: block.
const sampleTOC = `partnership: "Tyne & Wear <Partnership>"
description: "Schools & <friends> working together"
schools:
  - {id: rgs, name: "Royal Grammar School", urn: "108516"}
  - {id: wsh, name: "West Hill & Co"}
  - {id: far, name: "Far Away School"}
objectives:
  - id: obj
    title: Develop teachers
    outcomes:
      - id: out
        title: More teachers
        kpis:
          - {id: trainees, title: Trainees graduating, description: "From the SCITT", unit: trainees, direction: increase, baseline: {period: 2021/22, value: 12}, target: {period: 2024/25, value: 20}}
          - {id: gap, title: Reading gap, unit: "%", direction: decrease, baseline: {period: 2021/22, value: 30}, target: {period: 2023/24, value: 20}}
activities:
  - id: scitt
    title: '=HYPERLINK("http://x","y") <b>&amp;</b> ]]>'
    kpis: [trainees, gap]
    certainty: high
    participation: low
    provider: rgs
    partners: [wsh]
    started: 2019/20
    internal_impact: 3
    external_impact: 4
    funding:
      - {source: "Local <foundation>", period: 2023/24, amount: 5000}
iati:
  identifier: GB-CHC-1-tw
  reporting_org: GB-CHC-1
`

// sample is an export of sampleTOC for the audience, with a result made
// by hand: one activity, one effect size with its subgroups, a KPI
// history with a note.
func sample(t *testing.T, aud toc.Audience) export.Input {
	t.Helper()
	p, err := toc.Parse("toc.yaml", []byte(sampleTOC))
	if err != nil {
		t.Fatal(err)
	}
	g, kind := -0.31, "comparison"
	months := -4
	hide := func(n int) metrics.Count {
		if aud == toc.Funder && n < 6 {
			return metrics.Count{N: n, Suppressed: true, MinCell: 6}
		}
		return metrics.Count{N: n}
	}
	values := []toc.KPIValue{{ID: 1, KPI: "trainees", Period: 2022, Value: 14}, {ID: 2, KPI: "trainees", Period: 2023, Value: 17}, {ID: 3, KPI: "gap", Period: 2022, Value: 26.5}}
	r := &metrics.Result{
		Partnership: p.Name, Audience: aud, AsOf: 2023, Periods: []toc.Period{2022, 2023},
		Reach: metrics.Reach{Participants: metrics.Count{N: 20}, Disadvantaged: hide(4), Known: metrics.Count{N: 20}, Schools: 2, Activities: 1,
			ByPeriod: []metrics.PeriodReach{{Period: 2023, Participants: metrics.Count{N: 20}, Disadvantaged: hide(4), Known: metrics.Count{N: 20}, Schools: 2}}},
		Breakdowns: metrics.Breakdowns{Disadvantaged: []metrics.GroupCount{{Group: "yes", Participants: hide(4)}, {Group: "no", Participants: metrics.Count{N: 16}}, {Group: "unknown"}}},
		KPIs:       []metrics.KPIResult{metrics.KPIProgress(p.KPI("trainees"), values), metrics.KPIProgress(p.KPI("gap"), values)},
		Activities: []metrics.ActivityResult{{
			ID: "scitt", Title: p.Activities[0].Title, Strategy: "robust", Rule: 1, Participants: metrics.Count{N: 20}, Disadvantaged: hide(4),
			Known: metrics.Count{N: 20}, Sessions: 3, AchievedLevel: 3, RequiredLevel: 3, Internal: 3, External: 4, Quadrant: "win-win",
			FundingTotal: 5000, FundingSources: 1,
			EffectSizes: []metrics.EffectSize{{Measure: "grade", Kind: &kind, NIntervention: metrics.Count{N: 12}, NComparison: metrics.Count{N: 11}, G: &g, Months: &months,
				Subgroups: []metrics.EffectSubgroup{{Group: "disadvantaged", EffectSize: metrics.EffectSize{Measure: "grade", NIntervention: hide(4)}}}}},
		}},
		Schools: []metrics.SchoolResult{{ID: "rgs", Name: "Royal Grammar School", Provides: 1, Participants: metrics.Count{N: 10}}, {ID: "wsh", Name: "West Hill & Co", Receives: 1, Participants: hide(3)}},
	}
	hist := []toc.KPIRecord{
		{KPI: "gap", Period: 2022, Value: 26.5, Status: toc.Current},
		{KPI: "trainees", Period: 2022, Value: 14, Status: toc.Current, Note: "two trainees deferred", LoggedBy: "j-smith", LoggedAt: "2023-07-01T09:00:00Z"},
		{KPI: "trainees", Period: 2023, Value: 16, Status: toc.Superseded, File: "kpis.csv"},
		{KPI: "trainees", Period: 2023, Value: 17, Status: toc.Current},
		{KPI: "dropped", Period: 2023, Value: 1, Status: toc.Current},
	}
	return export.Input{ToC: p, Result: r, History: hist}
}
