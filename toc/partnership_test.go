package toc_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestLoad_Partnership reads the example partnership of DESIGN section 5
// and checks the model it builds, defaults included.
func TestLoad_Partnership(t *testing.T) {
	p, err := toc.Load("../testdata/partnerships/tyne-valley/toc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Schools", func(t *testing.T) {
		if len(p.Schools) != 8 {
			t.Fatalf("%d schools, want 8", len(p.Schools))
		}
		rgs := p.School("rgs")
		if rgs == nil || rgs.Name != "Royal Grammar School" || rgs.Phase != "secondary" || *rgs.Pupils != 1300 || *rgs.DisadvantagedPct != 9.5 {
			t.Errorf("rgs: %+v", rgs)
		}
		if rgs.Pos != (toc.Pos{Line: 8, Col: 9}) {
			t.Errorf("rgs at %v, want 8:9 (its id value)", rgs.Pos)
		}
		hcs := p.School("hcs")
		if hcs == nil || hcs.Pupils != nil || hcs.DisadvantagedPct != nil {
			t.Errorf("hcs gives no figures: %+v", hcs)
		}
		if p.School("nope") != nil {
			t.Error("School(nope) is not nil")
		}
	})
	t.Run("KPIs", func(t *testing.T) {
		kpis := p.KPIs()
		if len(kpis) != 10 || kpis[0].ID != "trainees-graduating" || kpis[9].ID != "pp-attainment-gap" {
			t.Fatalf("%d KPIs, first %s", len(kpis), kpis[0].ID)
		}
		k := p.KPI("reading-age-gap")
		want := toc.KPI{ID: "reading-age-gap", Title: "Average gap between reading age and real age", Unit: "months",
			Direction: toc.Decrease, Aggregate: toc.Mean, Baseline: toc.Point{Period: 2022, Value: 14},
			Target: toc.Point{Period: 2024, Value: 8}, Outcome: "better-readers", Objective: "raise-attainment", Pos: toc.Pos{Line: 81, Col: 17}}
		if k == nil || !reflect.DeepEqual(*k, want) {
			t.Errorf("got %+v\nwant %+v", k, want)
		}
		if got := p.KPI("trainees-in-post").Aggregate; got != toc.Sum {
			t.Errorf("aggregate left out: %q, want sum", got)
		}
	})
	t.Run("Activities", func(t *testing.T) {
		a := p.Activity("scitt")
		if a == nil {
			t.Fatal("no scitt")
		}
		if a.Certainty != toc.High || a.Participation != toc.Low || a.Provider != "rgs" ||
			len(a.Partners) != 2 || len(a.Leads) != 2 || a.Started != 2019 || a.Ended != nil ||
			a.InternalImpact != 3 || a.ExternalImpact != 4 || a.TargetsDisadvantaged {
			t.Errorf("scitt: %+v", a)
		}
		if got := a.FundingTotal(); got != 50000 { // 24000 + 26000
			t.Errorf("funding total %v, want 50000", got)
		}
		if a.Funding[1] != (toc.Funding{Source: "National Maths and Physics SCITT", Period: 2024, Amount: 26000}) {
			t.Errorf("funding: %+v", a.Funding[1])
		}
		if sw := p.Activity("year6-swimming"); sw.Ended == nil || *sw.Ended != 2023 || !sw.TargetsDisadvantaged {
			t.Errorf("year6-swimming: %+v", sw)
		}
		if got := p.Activity("careers-fair"); len(got.Leads) != 0 {
			t.Errorf("leads: [] read as %v", got.Leads)
		}
	})
	t.Run("Defaults", func(t *testing.T) {
		if p.HasRules || p.Rules != nil || len(p.Strategies) != 0 {
			t.Errorf("rules %v (has %v), strategies %v: want none", p.Rules, p.HasRules, p.Strategies)
		}
		if p.Privacy.MinCell != 6 || p.File != "../testdata/partnerships/tyne-valley/toc.yaml" {
			t.Errorf("min cell %d, file %q", p.Privacy.MinCell, p.File)
		}
	})
}

// TestLoad_Rules reads custom rules and strategies with their positions.
func TestLoad_Rules(t *testing.T) {
	p, err := toc.Load("../testdata/partnerships/custom-rules/toc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasRules || len(p.Rules) != 5 {
		t.Fatalf("has %v, %d rules, want 5", p.HasRules, len(p.Rules))
	}
	first := toc.Rule{When: `certainty == "high" && participation_level <= 2 && funding_total >= 10000`, Strategy: "robust",
		Pos: toc.Pos{Line: 179, Col: 11}, TextPos: toc.Pos{Line: 179, Col: 11}, StrategyPos: toc.Pos{Line: 180, Col: 15}}
	if p.Rules[0] != first {
		t.Errorf("rule 1: %+v\nwant %+v", p.Rules[0], first)
	}
	if p.Rules[4].When != "true" { // a YAML boolean
		t.Errorf("rule 5 when %q, want true", p.Rules[4].When)
	}
	want := []toc.Strategy{
		{ID: "pilot", Title: "Pilot: case studies and a review after the first year", RequiredLevel: 1, Pos: toc.Pos{Line: 191, Col: 3}},
		{ID: "pp-tracking", Title: "Track Pupil Premium pupils' outcomes before and after", RequiredLevel: 2, Pos: toc.Pos{Line: 192, Col: 3}},
		{ID: "count", Title: "Count participants and survey a sample", RequiredLevel: 2, Pos: toc.Pos{Line: 193, Col: 3}},
	}
	for i, w := range want {
		if p.Strategies[i] != w {
			t.Errorf("strategy %d: %+v, want %+v", i, p.Strategies[i], w)
		}
	}
	t.Run("EmptyRules", func(t *testing.T) {
		p, err := toc.Parse("toc.yaml", []byte(base+"rules: []\n"))
		if err != nil || !p.HasRules || len(p.Rules) != 0 {
			t.Errorf("rules: [] gave has=%v %v (%v), want has and none", p.HasRules, p.Rules, err)
		}
	})
}

// TestLoad_Missing says how to get a toc.yaml.
func TestLoad_Missing(t *testing.T) {
	_, err := toc.Load(t.TempDir() + "/toc.yaml")
	if toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("code %q, want invalid", toc.ErrorCode(err))
	}
	if err == nil || err.Error() == "" || !strings.Contains(err.Error(), "impact init") {
		t.Errorf("got %v, want a hint to run impact init", err)
	}
}
