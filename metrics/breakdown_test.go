package metrics_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// forWhom are rows and facts of the four schools worked by hand for
// DESIGN §11.1. Six participants: pupils 1–4 in x (rows dated 2023/24 and
// 2024/25), pupil 5 in x through an undated outcome row only, pupil 6 in y;
// pupil 7 is a comparison pupil and never counts.
func forWhom() metrics.Input {
	in := metrics.Input{Tally: metrics.NewTally(), AsOf: 2024, HasAsOf: true}
	for _, r := range []toc.ParticipationRow{
		{Activity: "x", Date: "2023-10-01", Period: 2023, Pupil: 1, School: "a", Disadvantaged: yes},
		{Activity: "x", Date: "2024-10-01", Period: 2024, Pupil: 1, School: "a"},
		{Activity: "x", Date: "2024-10-01", Period: 2024, Pupil: 2, School: "a", Disadvantaged: no},
		{Activity: "x", Date: "2024-10-01", Period: 2024, Pupil: 3, School: "b"},
		{Activity: "x", Date: "2024-10-01", Period: 2024, Pupil: 4, School: "b", Disadvantaged: no},
		{Activity: "y", Date: "2024-11-01", Period: 2024, Pupil: 6, School: "a"},
	} {
		in.Tally.AddParticipation(&r)
	}
	in.Outcomes = []toc.OutcomeRow{
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 5, Post: 3},
		{Activity: "x", Measure: "m", Group: "comparison", Pupil: 7, Post: 2, Disadvantaged: yes},
	}
	for i := range in.Outcomes {
		in.Tally.AddOutcome(&in.Outcomes[i])
	}
	p := func(y toc.Period) *toc.Period { return &y }
	for i, f := range []toc.PupilFact{
		// Pupil 1: year 5 in 2023/24 is year 6 in its latest period,
		// 2024/25. Female undated (so in 2024/25) beats male of 2023/24.
		{Pupil: 1, Period: p(2023), Year: toc.YearOf(5)},
		{Pupil: 1, Sex: toc.SexFemale},
		{Pupil: 1, Period: p(2023), Sex: toc.SexMale},
		// Pupil 2: within 2024/25 the later import wins (8 over 7); a
		// value for 2025/26, after the pupil's rows, is not used.
		{Pupil: 2, Period: p(2024), Year: toc.YearOf(7)},
		{Pupil: 2, Period: p(2024), Year: toc.YearOf(8)},
		{Pupil: 2, Period: p(2025), Year: toc.YearOf(10), SEN: toc.SENSupport},
		{Pupil: 2, SEN: toc.SENEHCP},
		// Pupil 3: a pupils file says disadvantaged; year 13 two years
		// before is no longer known.
		{Pupil: 3, Disadvantaged: toc.FlagYes},
		{Pupil: 3, Period: p(2022), Year: toc.Year13},
		// Pupil 4 is looked after; pupil 5 (no dated row) is male, with EAL.
		{Pupil: 4, LookedAfter: toc.FlagYes},
		{Pupil: 5, Period: p(2023), Sex: toc.SexMale, EAL: toc.FlagYes},
		// Pupil 6: N1 in 2023/24 is N2 in 2024/25.
		{Pupil: 6, Period: p(2023), Year: toc.YearN1},
		// Pupil 7 is no participant; pupil 99 is in no row.
		{Pupil: 7, Sex: toc.SexFemale},
		{Pupil: 99, Sex: toc.SexFemale},
	} {
		f.Order = int64(i + 1)
		in.Tally.AddFact(&f)
	}
	return in
}

// show writes a breakdown as "group n, …".
func show(gs []metrics.GroupCount) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.Group + " " + g.Participants.String()
	}
	return strings.Join(parts, ", ")
}

func TestBuild_Breakdowns(t *testing.T) {
	plan := fourSchoolsPlan(t)
	r, err := metrics.Build(plan, forWhom(), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Worked out from forWhom's comments: disadvantaged 1 (row) and 3
	// (pupils file); known no 2 and 4; 5 and 6 unknown.
	want := map[string]string{
		"disadvantaged": "yes 2, no 2, unknown 2",
		"year_group":    "N2 1, 6 1, 8 1, unknown 3",
		"sex":           "female 1, male 1, unknown 4",
		"sen":           "ehcp 1, unknown 5",
		"eal":           "yes 1, unknown 5",
		"looked_after":  "yes 1, unknown 5",
	}
	for _, b := range r.Breakdowns.Lists() {
		if got := show(b.Groups); got != want[b.Characteristic] {
			t.Errorf("%s: %s, want %s", b.Characteristic, got, want[b.Characteristic])
		}
		sum := 0
		for _, g := range b.Groups {
			sum += g.Participants.N
		}
		if sum != r.Reach.Participants.N {
			t.Errorf("%s sums to %d, not the %d participants", b.Characteristic, sum, r.Reach.Participants.N)
		}
	}
	if r.Reach.Disadvantaged.N != 2 || r.Reach.Known.N != 4 {
		t.Errorf("reach: %s disadvantaged of %s known, want 2 of 4 (the pupils file counts, §7.1)", r.Reach.Disadvantaged, r.Reach.Known)
	}
	// Per activity: x holds pupils 1–5, y pupil 6.
	x, y := r.Activities[0], r.Activities[1]
	if got := show(x.Breakdowns.YearGroup); got != "6 1, 8 1, unknown 3" {
		t.Errorf("x year_group: %s", got)
	}
	if got := show(y.Breakdowns.YearGroup); got != "N2 1, unknown 0" {
		t.Errorf("y year_group: %s", got)
	}
	if got := show(y.Breakdowns.Disadvantaged); got != "unknown 1" {
		t.Errorf("y disadvantaged: %s", got)
	}

	f, err := metrics.Build(plan, forWhom(), metrics.Options{Audience: toc.Funder})
	if err != nil {
		t.Fatal(err)
	}
	// min_cell 3: every count of 1 or 2 is "<3". Sex is female 1, male 1,
	// unknown 4 of 6 participants: with 6 and 4 shown, the two hidden
	// groups would add up to 2 and each be 1, so the 4 is hidden too, "c"
	// (the smallest visible count of the same total).
	if got := show(f.Breakdowns.Sex); got != "female <3, male <3, unknown c" {
		t.Errorf("funder sex: %s", got)
	}
}

func TestBuild_AttendanceRate(t *testing.T) {
	in := forWhom()
	in.Attendance = map[string]toc.Attendance{"x": {Attended: 3, Absent: 1}}
	r, err := metrics.Build(fourSchoolsPlan(t), in, metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Activities[0].AttendanceRate; got == nil || *got != 0.75 {
		t.Errorf("x: attendance rate %v, want 3 / (3 + 1) = 0.75", got)
	}
	if got := r.Activities[1].AttendanceRate; got != nil {
		t.Errorf("y: attendance rate %v, want null: no marks", *got)
	}
}

// TestBuild_Subgroups: each effect size comes with the same statistic over
// disadvantaged pupils alone and over known others.
func TestBuild_Subgroups(t *testing.T) {
	in := metrics.Input{Tally: metrics.NewTally(), AsOf: 2024, HasAsOf: true}
	pre := func(v float64) *float64 { return &v }
	in.Outcomes = []toc.OutcomeRow{
		// Disadvantaged: pre 10, 12, 14 and post 14, 15, 19.
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 1, Pre: pre(10), Post: 14, Disadvantaged: yes},
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 3, Pre: pre(12), Post: 15},
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 8, Pre: pre(14), Post: 19, Disadvantaged: yes},
		// Others: pre 10, 12, 14 and post 11, 12, 16.
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 2, Pre: pre(10), Post: 11, Disadvantaged: no},
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 4, Pre: pre(12), Post: 12, Disadvantaged: no},
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 9, Pre: pre(14), Post: 16, Disadvantaged: no},
		// Unknown: in the whole group only.
		{Activity: "x", Measure: "m", Group: "intervention", Pupil: 5, Pre: pre(11), Post: 13},
	}
	for i := range in.Outcomes {
		in.Tally.AddOutcome(&in.Outcomes[i])
	}
	in.Tally.AddFact(&toc.PupilFact{Pupil: 3, Disadvantaged: toc.FlagYes, Order: 1})
	r, err := metrics.Build(fourSchoolsPlan(t), in, metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := r.Activities[0].EffectSizes[0]
	if e.NIntervention.N != 7 || len(e.Subgroups) != 2 {
		t.Fatalf("entry: n %s, %d subgroups; want 7 and 2", e.NIntervention, len(e.Subgroups))
	}
	// Pre-post (DESIGN §7.5), n = 3, J = 1 − 3/(4·2 − 1) = 4/7:
	// disadvantaged gains 4, 3, 5 → mean 4, s_pre = 2, d = 2, g = 8/7;
	// r = 10/√(8·14) = 0.9449112, SE = √(2(1 − r)/3 + g²/6) = 0.5043935.
	// Others gains 1, 0, 2 → mean 1, d = 0.5, g = 2/7.
	dis, others := e.Subgroups[0], e.Subgroups[1]
	for _, c := range []struct {
		got  metrics.EffectSubgroup
		want string
		g    float64
	}{{dis, metrics.SubgroupDisadvantaged, 8.0 / 7}, {others, metrics.SubgroupOthers, 2.0 / 7}} {
		if c.got.Group != c.want || c.got.G == nil || math.Abs(*c.got.G-c.g) > 1e-12 || c.got.NIntervention.N != 3 ||
			c.got.Kind == nil || *c.got.Kind != metrics.KindPrePost {
			t.Errorf("%s: %s", c.want, fmt.Sprintf("%+v", c.got))
		}
	}
	if dis.SE == nil || math.Abs(*dis.SE-0.5043935) > 1e-6 {
		t.Errorf("disadvantaged SE %v, want 0.5043935", dis.SE)
	}
	if dis.Subgroups != nil {
		t.Error("a subgroup has subgroups of its own")
	}
}
