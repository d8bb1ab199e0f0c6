package metrics_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/metrics"
)

func TestForFunder(t *testing.T) {
	plan := fourSchoolsPlan(t) // privacy.min_cell: 3
	t.Run("FourSchools", func(t *testing.T) {
		director, err := metrics.Build(plan, fourSchoolsInput(), metrics.Options{})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := json.Marshal(director)
		r, err := metrics.Build(plan, fourSchoolsInput(), metrics.Options{Audience: "funder"})
		if err != nil {
			t.Fatal(err)
		}
		if after, _ := json.Marshal(director); string(after) != string(before) {
			t.Error("the director's result changed")
		}
		if r.Audience != "funder" {
			t.Errorf("audience = %q", r.Audience)
		}
		// Every count of 1 or 2 (min_cell 3) is hidden, as "<3"; every count
		// shown is the director's; a zero is always 0. Which further
		// counts become "c" is the protection's to choose (its own tests
		// and the attacker of cmd/impact check that no "<3" can be worked
		// out); here, reach is 5, 2, 3 with 2 unknown (5 − 3), so showing
		// both 5 and 3 would give the unknown group's hidden 2 away.
		dc, fc := director.Counts(), r.Counts()
		for i := range dc {
			d, f := dc[i], fc[i]
			switch {
			case d.N >= 1 && d.N < 3 && !f.Suppressed:
				t.Errorf("count %d: %d shown to a funder", i, d.N)
			case !f.Suppressed && f.N != d.N:
				t.Errorf("count %d: %d shown as %d", i, d.N, f.N)
			case d.N == 0 && f.Suppressed:
				t.Errorf("count %d: a zero shown as %s, want 0 (DESIGN §13)", i, f)
			case f.Suppressed && !f.Complementary && f.MinCell != 3:
				t.Errorf("count %d: %s, want <3", i, f)
			}
		}
		if r.Reach.Disadvantaged.String() != "<3" || r.Reach.Participants.String() != "c" {
			t.Errorf("reach = %s %s %s, want c <3 and the known hidden or shown", r.Reach.Participants, r.Reach.Disadvantaged, r.Reach.Known)
		}
		if r.Disadvantage.ParticipantShare != nil || r.Disadvantage.TargetingRatio != nil {
			t.Error("participant share and targeting ratio shown, want null")
		}
		near(t, "population_share", r.Disadvantage.PopulationShare, 0.35)
		if s := r.Reach.ByPeriod[1]; s.Participants.String() != "<3" || s.Schools != 2 {
			t.Errorf("2024/25 = %s, %d schools, want <3, 2", s.Participants, s.Schools)
		}
		// Shares and costs built on a hidden count are null.
		x := r.Activities[0]
		if x.Participants.Suppressed != (x.CostPerParticipant == nil) {
			t.Errorf("x participants %s with cost %v: a cost shows exactly when its count does", x.Participants, x.CostPerParticipant)
		}
		if x.ParticipantShare != nil || x.TargetingRatio != nil || x.PopulationShare == nil {
			t.Error("x shares: want participant share and ratio null, population kept")
		}
		e := x.EffectSizes[0]
		if e.NIntervention.String() != "<3" || e.NComparison.String() != "<3" || e.Reason == nil || *e.Reason != "suppressed" {
			t.Errorf("x effect = %s %s %v, want <3 <3 suppressed", e.NIntervention, e.NComparison, e.Reason)
		}
		// x is led by p and q (fourSchoolsPlan): the director reads their
		// names, the funder only that there are two.
		if d := director.Activities[0]; strings.Join(d.Leads, ",") != "p,q" || d.LeadCount != 2 {
			t.Errorf("director's x leads = %v (%d), want p,q (2)", d.Leads, d.LeadCount)
		}
		if x.Leads != nil || x.LeadCount != 2 {
			t.Errorf("funder's x leads = %v (%d), want none named, 2", x.Leads, x.LeadCount)
		}
		// Schools: a's 2 is "<3"; provides and receives stay.
		if a := r.Schools[0]; a.Participants.String() != "<3" || a.Provides != 2 {
			t.Errorf("school a %s (provides %d), want <3 (2)", a.Participants, a.Provides)
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r.Schools[0]); err != nil || !strings.Contains(b.String(), `"participants":"<3"`) {
			t.Errorf("school a marshals as %s (%v), want participants \"<3\"", b.String(), err)
		}
	})
	t.Run("EffectSizes", func(t *testing.T) {
		// Group sizes with min_cell 6: 12 and 5 suppress; 12 and 0 (pre-post) do not.
		comparison := metrics.Effect("c", posts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), posts(1, 2, 3, 4, 5))
		prePost := metrics.Effect("p", pairs(1, 2, 2, 4, 3, 5, 4, 4, 5, 7, 6, 9, 7, 8, 8, 10, 9, 9, 10, 13, 11, 12, 12, 15), nil)
		r := &metrics.Result{Activities: []metrics.ActivityResult{{
			Participants: metrics.Count{N: 12}, CostPerParticipant: floatp(10),
			EffectSizes: []metrics.EffectSize{comparison, prePost},
		}}}
		f := metrics.ForFunder(r, 6)
		got := f.Activities[0].EffectSizes
		if c := got[0]; c.G != nil || c.SE != nil || c.CILow != nil || c.CIHigh != nil || c.Months != nil ||
			c.Reason == nil || *c.Reason != "suppressed" || c.NComparison.String() != "<6" || c.NIntervention.String() != "12" ||
			c.Kind == nil || *c.Kind != "comparison" {
			t.Errorf("comparison = %+v, want kind kept, statistics null, reason suppressed, n 12 and <6", c)
		}
		if p := got[1]; p.G == nil || p.Reason != nil || p.NComparison.String() != "0" {
			t.Errorf("pre-post = %+v, want g kept", p)
		}
		if r.Activities[0].EffectSizes[0].G == nil {
			t.Error("the director's effect size changed")
		}
		near(t, "cost_per_participant", f.Activities[0].CostPerParticipant, 10)
	})
}
