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
		// Reach 5, 2, 3: the 2 disadvantaged hide, so does the share built on it;
		// the population share stays (it rests on the schools' figures).
		if got := []string{r.Reach.Participants.String(), r.Reach.Disadvantaged.String(), r.Reach.Known.String()}; strings.Join(got, " ") != "5 <3 3" {
			t.Errorf("reach = %v, want 5 <3 3", got)
		}
		if r.Disadvantage.ParticipantShare != nil || r.Disadvantage.TargetingRatio != nil {
			t.Error("participant share and targeting ratio shown, want null")
		}
		near(t, "population_share", r.Disadvantage.PopulationShare, 0.35)
		// 2023/24: 3, 1, 2 → 3, <3, <3; 2024/25: 2, 1, 1 → all <3. Schools stay.
		bp := r.Reach.ByPeriod
		if s := bp[0].Participants.String() + " " + bp[0].Disadvantaged.String() + " " + bp[0].Known.String(); s != "3 <3 <3" {
			t.Errorf("2023/24 = %s, want 3 <3 <3", s)
		}
		if s := bp[1].Participants.String(); s != "<3" || bp[1].Schools != 2 {
			t.Errorf("2024/25 = %s, %d schools, want <3, 2", s, bp[1].Schools)
		}
		// x: 4 participants stay, so does its cost; 2 disadvantaged hide its share.
		x := r.Activities[0]
		if x.Participants.String() != "4" || x.Disadvantaged.String() != "<3" || x.Known.String() != "3" {
			t.Errorf("x = %s %s %s, want 4 <3 3", x.Participants, x.Disadvantaged, x.Known)
		}
		near(t, "x cost_per_participant", x.CostPerParticipant, 250)
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
		// z: zero participants are shown as 0, never "<3".
		if z := r.Activities[2]; z.Participants.String() != "0" {
			t.Errorf("z participants = %s, want 0", z.Participants)
		}
		// Schools: a 2 → <3, d 0 → 0; provides and receives stay.
		if a, d := r.Schools[0], r.Schools[3]; a.Participants.String() != "<3" || d.Participants.String() != "0" || a.Provides != 2 {
			t.Errorf("schools a %s (provides %d), d %s, want <3 (2), 0", a.Participants, a.Provides, d.Participants)
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
