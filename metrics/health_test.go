package metrics_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// healthy is a partnership whose health check can be worked out by hand:
// as_of 2024/25; one lead (kim) in all three running activities; "old"
// ended in 2022/23; s5 and s6 are never reached.
const healthy = `partnership: Healthy
schools:
  - {id: s1, name: S1, pupils: 400, disadvantaged_pct: 40}
  - {id: s2, name: S2, pupils: 200, disadvantaged_pct: 10}
  - {id: s3, name: S3, pupils: 100, disadvantaged_pct: 50}
  - {id: s4, name: S4, pupils: 300, disadvantaged_pct: 30}
  - {id: s5, name: S5, pupils: 250, disadvantaged_pct: 45}
  - {id: s6, name: S6, disadvantaged_pct: 20}
  - {id: s7, name: S7}
objectives:
  - id: o
    title: O
    outcomes:
      - id: oc
        title: OC
        kpis:
          - {id: k, title: K, direction: increase, baseline: {period: 2021/22, value: 0}, target: {period: 2024/25, value: 10}}
health:
  - period: 2023/24
    ratings:
      shared-identity: {rating: 2}
      common-purpose: {rating: 2}
      leadership: {rating: 2}
      management: {rating: 2}
      trust: {rating: 2}
      review: {rating: 2}
      commitment: {rating: 2}
  - period: 2024/25
    ratings:
      shared-identity: {rating: 3}
      common-purpose: {rating: 3}
      leadership: {rating: 4, evidence: Heads meet monthly}
      management: {rating: 3}
      trust: {rating: 3}
      review: {rating: 2}
      commitment: {rating: 3}
costs: {staff_hour: 30}
activities:
  - id: coding
    title: Coding clubs
    kpis: [k]
    certainty: high
    participation: low
    provider: s1
    partners: [s2, s3]
    leads: [kim]
    started: 2021/22
    internal_impact: 2
    external_impact: 4
    eef: digital-technology
    funding: [{source: Trust, period: 2024/25, amount: 1000}]
    in_kind: [{what: catering, period: 2024/25, value: 200}]
    staff_time: [{period: 2024/25, hours: 10}]
  - id: zones
    title: Zones of Regulation
    kpis: [k]
    certainty: medium
    participation: medium
    provider: s2
    partners: [s1]
    leads: [kim, lee]
    started: 2023/24
    internal_impact: 3
    external_impact: 3
    funding: [{source: Council, period: 2025/26, amount: 500}, {source: Trust, period: 2023/24, amount: 500}]
  - id: fair
    title: Careers fair
    kpis: [k]
    certainty: low
    participation: high
    provider: s1
    partners: [s4]
    leads: [kim]
    started: 2024/25
    ended: 2024/25
    internal_impact: 1
    external_impact: 3
  - id: old
    title: Old exchange
    kpis: [k]
    certainty: low
    participation: high
    provider: s3
    partners: [s1]
    started: 2019/20
    ended: 2022/23
    internal_impact: 1
    external_impact: 1
`

func healthyInput() metrics.Input {
	in := metrics.Input{Tally: metrics.NewTally(), AsOf: 2024, HasAsOf: true}
	part := func(act string, pupil int64, school string, f toc.Flag) {
		in.Tally.AddParticipation(&toc.ParticipationRow{Activity: act, Date: "2024-10-01", Period: 2024, Pupil: pupil, School: school, Disadvantaged: f})
	}
	for p, f := range map[int64]toc.Flag{1: yes, 2: yes, 3: no, 4: no} {
		part("coding", p, "s2", f)
	}
	part("coding", 5, "s3", yes)
	part("coding", 6, "s3", no)
	part("zones", 7, "s1", no)
	part("zones", 8, "s1", no)
	part("fair", 9, "s4", unknown)
	// Coding's pre-post measure: pre 10, 12, 8 (mean 10, sd 2); gains 0.5,
	// 0.5, 1 (mean 2/3).
	for i, s := range [][2]float64{{10, 10.5}, {12, 12.5}, {8, 9}} {
		pre := s[0]
		o := toc.OutcomeRow{Activity: "coding", Measure: "score", Group: toc.GroupIntervention, Pupil: int64(i + 1), Pre: &pre, Post: s[1]}
		in.Outcomes = append(in.Outcomes, o)
		in.Tally.AddOutcome(&o)
	}
	// A pupils file of 2024/25 (105's row is of 2023/24, in year 4 then).
	y24, y23 := toc.Period(2024), toc.Period(2023)
	const y4, y5, y6 = toc.YearGroup(7), toc.YearGroup(8), toc.YearGroup(9)
	fact := func(pupil int64, school string, period *toc.Period, y toc.YearGroup, sex toc.Sex, pp toc.Flag) {
		in.Tally.AddFact(&toc.PupilFact{Pupil: pupil, Period: period, School: school, Year: y, Sex: sex, Disadvantaged: pp, Order: pupil})
	}
	F, M := toc.SexFemale, toc.SexMale
	fact(1, "s2", &y24, y5, F, yes)
	fact(2, "s2", &y24, y5, M, yes)
	fact(3, "s2", &y24, y5, F, no)
	fact(4, "s2", &y24, y6, F, no)
	fact(5, "s3", &y24, y5, F, yes)
	fact(7, "s1", &y24, y5, F, no)
	fact(101, "s2", &y24, y5, F, yes)
	fact(102, "s2", &y24, y5, F, yes)
	fact(103, "s2", &y24, y5, M, no)
	fact(104, "s2", &y24, y6, F, no)
	fact(105, "s3", &y23, y4, F, yes)
	fact(106, "s2", &y24, y5, M, unknown)
	return in
}

func healthyResult(t *testing.T, audience toc.Audience) *metrics.Result {
	t.Helper()
	plan, err := rules.Parse("toc.yaml", []byte(healthy), 2024)
	if err != nil {
		t.Fatal(err)
	}
	r, err := metrics.Build(plan, healthyInput(), metrics.Options{Audience: audience})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func activityOf(t *testing.T, r *metrics.Result, id string) *metrics.ActivityResult {
	for i := range r.Activities {
		if r.Activities[i].ID == id {
			return &r.Activities[i]
		}
	}
	t.Fatalf("no activity %s", id)
	return nil
}

// TestHealth_Stage: 2023/24 rates every factor 2 (mean 2); 2024/25 rates
// 3+3+4+3+3+2+3 = 21 over 7 = 3.0, lowest 2: change +1, improving. The
// oldest running activity, coding, has run 2021/22..2024/25: 4 years.
// Two-way ties: s1–s2 (coding one way, zones back) and s1–s3 (coding, and
// old back); s1–s4 one way: 3 of the 4 schools in a tie, 75%. Running
// activities (old ended 2022/23): coding, zones, fair; coding and fair
// have one lead: 2 of 3 stop if one person leaves, 67% > 50%, so the
// partnership is developing, held back by that alone.
func TestHealth_Stage(t *testing.T) {
	h := healthyResult(t, toc.Director).Health
	if h.Stage == nil || *h.Stage != metrics.StageDeveloping {
		t.Fatalf("stage = %v, want developing", h.Stage)
	}
	want := []string{"67% of activities stop if one person leaves: established needs half or fewer"}
	if !reflect.DeepEqual(h.ToNextStage, want) {
		t.Errorf("to_next_stage = %q, want %q", h.ToNextStage, want)
	}
	s := h.Signals
	near(t, "mean_rating", s.MeanRating, 3)
	near(t, "two_way_share", s.TwoWayShare, 0.75)
	near(t, "one_person_share", s.OnePersonShare, 2.0/3)
	if s.YearsRunning != 4 || *s.LowestRating != 2 {
		t.Errorf("years %d lowest %d, want 4 2", s.YearsRunning, *s.LowestRating)
	}
	if h.Trend == nil || *h.Trend != "improving" || len(h.Checks) != 2 || h.Checks[0].Mean != 2 {
		t.Errorf("trend %v checks %+v, want improving over 2 checks, first mean 2", h.Trend, h.Checks)
	}
	near(t, "change", h.Change, 1)
	if r := h.Checks[1].Ratings[2]; r.Factor != "leadership" || r.Rating != 4 || r.Evidence != "Heads meet monthly" {
		t.Errorf("2024/25 leadership = %+v", r)
	}
}

// TestHealth_StageRule: each condition of the rule, one at a time.
func TestHealth_StageRule(t *testing.T) {
	for _, c := range []struct {
		name  string
		edits []string
		want  string
	}{
		// A second lead for coding and fair: 0 of 3 on one person.
		{"Established", []string{"leads: [kim]\n    started: 2021/22", "leads: [kim, ann]\n    started: 2021/22",
			"leads: [kim]\n    started: 2024/25", "leads: [kim, ann]\n    started: 2024/25"}, metrics.StageEstablished},
		// 2024/25 mean (3+3+4+3+3+1+3)/7 = 20/7 = 2.86: below 3.
		{"MeanBelowThree", []string{"review: {rating: 2}\n      commitment: {rating: 3}", "review: {rating: 1}\n      commitment: {rating: 3}"}, metrics.StageDeveloping},
		// Every factor 1 in the latest year: mean 1 < 2.
		{"Emerging", []string{"{rating: 3}", "{rating: 1}", "{rating: 4, evidence: Heads meet monthly}", "{rating: 1}", "review: {rating: 2}\n      commitment", "review: {rating: 1}\n      commitment"}, metrics.StageEmerging},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := healthy
			for i := 0; i < len(c.edits); i += 2 {
				src = strings.ReplaceAll(src, c.edits[i], c.edits[i+1])
			}
			plan, err := rules.Parse("toc.yaml", []byte(src), 2024)
			if err != nil {
				t.Fatal(err)
			}
			r, err := metrics.Build(plan, healthyInput(), metrics.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Health.Stage == nil || *r.Health.Stage != c.want {
				t.Errorf("stage = %v (%q), want %s", r.Health.Stage, r.Health.ToNextStage, c.want)
			}
		})
	}
}

// TestHealth_Risks: kim leads coding, zones and fair (3 of 3 running,
// sole lead of coding and fair; pupils 1–6, 7–8 and 9: all 9); lee leads
// zones (1 of 3; pupils 7, 8: 2/9). Coding's funding ends in 2024/25 (this
// year), zones' in 2025/26 (next); coding has one source.
func TestHealth_Risks(t *testing.T) {
	r := healthyResult(t, toc.Director).Health.Risks
	if r.Running != 3 || r.OnePerson != 2 || len(r.Unled) != 0 {
		t.Errorf("running %d one-person %d unled %v, want 3 2 []", r.Running, r.OnePerson, r.Unled)
	}
	if len(r.KeyPeople) != 2 {
		t.Fatalf("key people = %+v", r.KeyPeople)
	}
	kim, lee := r.KeyPeople[0], r.KeyPeople[1]
	if kim.Lead != "kim" || kim.Activities != 3 || kim.ActivityShare != 1 || !reflect.DeepEqual(kim.SoleLeadOf, []string{"coding", "fair"}) || *kim.Participants != 9 {
		t.Errorf("kim = %+v", kim)
	}
	near(t, "kim participant_share", kim.ParticipantShare, 1)
	if lee.Lead != "lee" || lee.Activities != 1 || len(lee.SoleLeadOf) != 0 || *lee.Participants != 2 {
		t.Errorf("lee = %+v", lee)
	}
	near(t, "lee participant_share", lee.ParticipantShare, 2.0/9)
	wantEnd := []metrics.FundingEnd{
		{Activity: "coding", Until: 2024, Sources: 1, When: "ends this year"},
		{Activity: "zones", Until: 2025, Sources: 2, When: "ends next year"},
	}
	if !reflect.DeepEqual(r.FundingEnding, wantEnd) || !reflect.DeepEqual(r.SingleSource, []string{"coding"}) {
		t.Errorf("funding ending %+v single source %v", r.FundingEnding, r.SingleSource)
	}
	// A funder sees no name and no pupil count.
	f := healthyResult(t, toc.Funder).Health.Risks
	if f.KeyPeople[0].Lead != "Lead 1" || f.KeyPeople[0].Participants != nil || f.KeyPeople[0].ParticipantShare != nil || f.KeyPeople[0].Activities != 3 {
		t.Errorf("funder's key person = %+v", f.KeyPeople[0])
	}
	b, _ := json.Marshal(healthyResult(t, toc.Funder))
	if strings.Contains(string(b), "kim") || strings.Contains(string(b), "comparison_pool") {
		t.Error("the funder's JSON names a lead or carries a comparison pool")
	}
}

// TestHealth_Costs: coding costs £1,000 + £200 catering + 10 hours at £30
// = £1,500 over 6 participants: £250 each. Its own effect: d = (2/3)/2 =
// 1/3, J = 1 − 3/(4·2 − 1) = 4/7, g = 4/21 = 0.190476; 19 → 3 months
// (toolkit: digital technology, 4 months, 4 padlocks); £250 / 3 = £83.33
// per pupil per month of progress.
func TestHealth_Costs(t *testing.T) {
	r := healthyResult(t, toc.Director)
	c := activityOf(t, r, "coding")
	if c.Cost != (metrics.Cost{Funding: 1000, InKind: 200, StaffHours: 10, StaffTimeValue: 300, Total: 1500}) {
		t.Errorf("cost = %+v", c.Cost)
	}
	near(t, "cost_per_participant", c.CostPerParticipant, 250)
	b := c.EEF
	if b == nil || b.Strand != "digital-technology" || b.Months != 4 || b.Evidence != 4 || *b.Measure != "score" || *b.OwnMonths != 3 {
		t.Fatalf("benchmark = %+v", b)
	}
	near(t, "g", b.G, 4.0/21)
	near(t, "cost_per_month", b.CostPerMonth, 250.0/3)
	if r.Toolkit == nil || r.Toolkit.AsOf != "2024-01" || r.Toolkit.Own {
		t.Errorf("toolkit = %+v", r.Toolkit)
	}
	if z := activityOf(t, r, "zones"); z.EEF != nil || *z.FundedUntil != 2025 {
		t.Errorf("zones eef %v funded until %v", z.EEF, z.FundedUntil)
	}
}

// TestHealth_Ledger: coding s1 → s2, s3 for 4 years (2021/22..2024/25);
// zones s2 → s1 for 2; fair s1 → s4 for 1; old s3 → s1 for 4
// (2019/20..2022/23). s1 gives 4+4+1 = 9 and gets 2+4 = 6, two-way with
// s2 and s3.
func TestHealth_Ledger(t *testing.T) {
	r := healthyResult(t, toc.Director)
	ties := r.Health.Ties
	if len(ties) != 3 {
		t.Fatalf("ties = %+v", ties)
	}
	got := []string{}
	for _, x := range ties {
		got = append(got, strings.Join([]string{x.A, x.B, itoa(x.AGives), itoa(x.BGives), map[bool]string{true: "two-way", false: "one-way"}[x.TwoWay]}, " "))
	}
	want := []string{"s1 s2 4 2 two-way", "s1 s3 4 4 two-way", "s1 s4 1 0 one-way"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ties = %q, want %q", got, want)
	}
	if g := r.Schools[0].GiveAndGet; g != (metrics.GiveAndGet{Gives: 9, Gets: 6, TwoWay: 2, Partners: 3}) {
		t.Errorf("s1 give and get = %+v", g)
	}
	if p := ties[1].BToA[0]; p.Activity != "old" || len(p.Periods) != 4 || p.Periods[3] != 2022 {
		t.Errorf("s3 → s1 = %+v", p)
	}
}

// TestHealth_ReachGaps: s5 (45%) and s6 (20%) give a disadvantaged share
// and no row names them; s7 gives none. Zones reaches 0 disadvantaged of 2
// known against s1's 40%: ratio 0. Coding: 3 of 6 against (200·10% +
// 100·50%)/300 = 23.3%: 2.14, above 1. A funder's view hides zones' 2
// pupils, so its ratio, so it is not listed.
func TestHealth_ReachGaps(t *testing.T) {
	g := healthyResult(t, toc.Director).Health.ReachGaps
	if len(g.Schools) != 2 || g.Schools[0].School != "s5" || g.Schools[0].DisadvantagedPct != 45 || g.Schools[1].School != "s6" || g.Schools[0].InActivities != 0 {
		t.Errorf("unreached schools = %+v", g.Schools)
	}
	if !reflect.DeepEqual(g.Activities, []metrics.Undertargeted{{Activity: "zones", TargetingRatio: 0}}) {
		t.Errorf("undertargeted = %+v", g.Activities)
	}
	if f := healthyResult(t, toc.Funder).Health.ReachGaps; len(f.Activities) != 0 {
		t.Errorf("funder's undertargeted = %+v, want none", f.Activities)
	}
}

// TestHealth_ComparisonPool: coding (robust: a comparison group) has
// pupils 1–5 in the pupils file (6 is not). Cells and non-participants:
// s2 Y5 F PP (pupil 1): 101, 102 → 1 matched; s2 Y5 M PP (2): none;
// s2 Y5 F not PP (3): none (103 is male); s2 Y6 F not PP (4): 104 → 1;
// s3 Y5 F PP (5): 105, in year 4 in 2023/24, so year 5 now → 1. 106's
// Pupil Premium is unknown: never matched. Matched 3 of 5, available 2 +
// 1 + 1 = 4: not enough for 10.
func TestHealth_ComparisonPool(t *testing.T) {
	r := healthyResult(t, toc.Director)
	p := activityOf(t, r, "coding").ComparisonPool
	if p == nil || *p != (metrics.ComparisonPool{Participants: 5, Matched: 3, Available: 4, Enough: false}) {
		t.Errorf("pool = %+v", p)
	}
	if z := activityOf(t, r, "zones"); z.ComparisonPool != nil {
		t.Errorf("zones (pre-post) has a pool: %+v", z.ComparisonPool)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
