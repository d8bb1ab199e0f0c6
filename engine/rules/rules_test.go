package rules_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

// asOf is 2024/25, the academic year the tests plan in.
const asOf = toc.Period(2024)

// tocWith is a small valid toc.yaml: schools rgs and wsh, one KPI k, the
// activities given (each a flow mapping without the kpis, provider,
// impacts it shares with the others) and, after them, extra sections.
func tocWith(activities []string, extra string) string {
	var b strings.Builder
	b.WriteString(`partnership: Test
schools:
  - {id: rgs, name: Royal Grammar School}
  - {id: wsh, name: West Hill Primary}
objectives:
  - id: o
    title: O
    outcomes:
      - id: u
        title: U
        kpis:
          - {id: k, title: K, direction: increase, baseline: {period: 2021/22, value: 1}, target: {period: 2024/25, value: 2}}
activities:
`)
	for _, a := range activities {
		fmt.Fprintf(&b, "  - {%s, kpis: [k], provider: rgs, internal_impact: 1, external_impact: 1}\n", a)
	}
	b.WriteString(extra)
	return b.String()
}

// mustPlan plans src and fails the test on any problem.
func mustPlan(t *testing.T, src string) *toc.Plan {
	t.Helper()
	plan, err := rules.Parse("toc.yaml", []byte(src), asOf)
	if err != nil {
		t.Fatalf("ParsePlan: %v\n%s", err, src)
	}
	return plan
}

// choice is one expected row of a plan.
type choice struct {
	id, strategy string
	rule, level  int
}

func checkChoices(t *testing.T, plan *toc.Plan, want []choice) {
	t.Helper()
	if len(plan.Choices) != len(want) {
		t.Fatalf("got %d choices, want %d", len(plan.Choices), len(want))
	}
	for i, w := range want {
		c := plan.Choices[i]
		got := choice{c.Activity, c.Strategy.ID, c.Rule, c.Strategy.RequiredLevel}
		if got != w {
			t.Errorf("choice %d: got %+v, want %+v", i, got, w)
		}
	}
}

// TestLoadPlan_Cases runs every case folder of testdata/toc through the
// whole of check (read, compile the rules, plan) and compares its problems
// with expected.txt, the exact lines `impact check` prints. The positions
// there were checked by hand against DESIGN section 5.
func TestLoadPlan_Cases(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/toc/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no case folders: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = rules.Parse("toc.yaml", src, asOf)
			if err == nil {
				t.Fatalf("no error, want:\n%s", want)
			}
			if code := toc.ErrorCode(err); code != toc.EINVALID {
				t.Errorf("code %q, want %q", code, toc.EINVALID)
			}
			if got := err.Error() + "\n"; got != string(want) {
				t.Errorf("got:\n%swant:\n%s", got, want)
			}
		})
	}
}

// TestLoadPlan_Partnerships plans the example partnerships of
// testdata/partnerships; the strategies were worked out by hand from the
// rules in force.
func TestLoadPlan_Partnerships(t *testing.T) {
	t.Run("TyneValleyBuiltinRules", func(t *testing.T) {
		plan, err := rules.Load("../../testdata/partnerships/tyne-valley/toc.yaml", asOf)
		if err != nil {
			t.Fatal(err)
		}
		// certainty/participation -> the first built-in rule that is true.
		checkChoices(t, plan, []choice{
			{"scitt", "robust", 1, 3},                 // high/low
			{"reading-buddies", "pre-post", 5, 2},     // medium/medium: only rule 5
			{"coding-clubs", "review", 4, 1},          // low/medium: rule 2 needs high participation
			{"careers-fair", "count", 2, 1},           // low/high
			{"shared-music", "sample", 3, 2},          // high/medium
			{"zones-of-regulation", "pre-post", 5, 2}, // medium/low
			{"year6-swimming", "sample", 3, 2},        // high/high: rule 1 needs low participation
			{"pupil-premium-network", "review", 4, 1}, // low/low
			{"maths-masterclasses", "pre-post", 5, 2}, // medium/high
		})
	})
	t.Run("CustomRules", func(t *testing.T) {
		plan, err := rules.Load("../../testdata/partnerships/custom-rules/toc.yaml", asOf)
		if err != nil {
			t.Fatal(err)
		}
		checkChoices(t, plan, []choice{
			// high, participation_level 2, funding 7000+5000 = 12000 >= 10000
			{"phonics-catch-up", "robust", 1, 3},
			// started 2024/25: years_running 2024-2024+1 = 1 < 2
			{"debating-league", "pilot", 2, 1},
			// since 2020/21 (5 years), targets_disadvantaged, certainty medium
			{"pp-tutoring", "pp-tracking", 3, 2},
			// 2018/19 to ended 2022/23: 5 years; high participation; count
			// overridden to level 2
			{"sports-festivals", "count", 4, 2},
			// low/low, 3 years, not targeted: the YAML boolean `when: true`
			{"governor-training", "pre-post", 5, 2},
			// high/high with 3000: not rule 1; starts 2025/26, after as_of,
			// so years_running is max(0, 2024-2025+1) = 0 < 2
			{"stem-hub", "pilot", 2, 1},
		})
	})
}

// TestRules_Plan checks the built-in rules of DESIGN section 5.1 for every
// pair of certainty and participation. By hand, in rule order: 1 needs
// high/low; 2 low/high; 3 any high; 4 any low; 5 the rest (medium).
func TestRules_Plan(t *testing.T) {
	tests := []struct {
		certainty, participation string
		want                     choice
	}{
		{"high", "low", choice{"", "robust", 1, 3}},
		{"high", "medium", choice{"", "sample", 3, 2}},
		{"high", "high", choice{"", "sample", 3, 2}},
		{"medium", "low", choice{"", "pre-post", 5, 2}},
		{"medium", "medium", choice{"", "pre-post", 5, 2}},
		{"medium", "high", choice{"", "pre-post", 5, 2}},
		{"low", "low", choice{"", "review", 4, 1}},
		{"low", "medium", choice{"", "review", 4, 1}},
		{"low", "high", choice{"", "count", 2, 1}},
	}
	var acts []string
	var want []choice
	for _, tt := range tests {
		id := tt.certainty + "-" + tt.participation
		acts = append(acts, fmt.Sprintf("id: %s, title: T, certainty: %s, participation: %s, started: 2020/21", id, tt.certainty, tt.participation))
		w := tt.want
		w.id = id
		want = append(want, w)
	}
	plan := mustPlan(t, tocWith(acts, ""))
	for i, w := range want {
		t.Run(w.id, func(t *testing.T) {
			c := plan.Choices[i]
			got := choice{c.Activity, c.Strategy.ID, c.Rule, c.Strategy.RequiredLevel}
			if got != w {
				t.Errorf("got %+v, want %+v", got, w)
			}
		})
	}
	t.Run("Titles", func(t *testing.T) {
		if got := plan.Choice("high-low").Strategy.Title; got != "Robust outcomes: grades, certificates, a comparison group" {
			t.Errorf("robust title %q", got)
		}
		if got := plan.Choice("nope"); got.Activity != "" || got.Rule != 0 {
			t.Errorf("Choice of an unknown activity: %+v, want zero", got)
		}
	})
}

// TestCompileRules covers the rules: and strategies: sections of toc.yaml.
func TestCompileRules(t *testing.T) {
	one := []string{"id: a, title: A, certainty: low, participation: high, started: 2020/21"}
	t.Run("CustomRulesReplaceBuiltins", func(t *testing.T) {
		// Built in, low/high is count by rule 2; here the only rule says review.
		plan := mustPlan(t, tocWith(one, "rules:\n  - when: participation_level == 3\n    strategy: review\n"))
		checkChoices(t, plan, []choice{{"a", "review", 1, 1}})
	})
	t.Run("OverrideBuiltinLevel", func(t *testing.T) {
		plan := mustPlan(t, tocWith(one, "strategies:\n  count: {title: Heads and a survey, required_level: 2}\n"))
		checkChoices(t, plan, []choice{{"a", "count", 2, 2}})
		if got := plan.Choices[0].Strategy.Title; got != "Heads and a survey" {
			t.Errorf("title %q, want the overriding one", got)
		}
	})
	t.Run("NewStrategy", func(t *testing.T) {
		plan := mustPlan(t, tocWith(one, `rules:
  - when: certainty == "high"
    strategy: robust
  - when: partners == 0 && leads == 0
    strategy: solo-survey
strategies:
  solo-survey: {title: A survey by the provider alone, required_level: 1}
`))
		checkChoices(t, plan, []choice{{"a", "solo-survey", 2, 1}})
	})
	t.Run("WhenTrueIsAYAMLBoolean", func(t *testing.T) {
		for _, when := range []string{"true", "True", "'true'", "\"true\""} {
			plan := mustPlan(t, tocWith(one, "rules:\n  - when: false\n    strategy: count\n  - when: "+when+"\n    strategy: review\n"))
			checkChoices(t, plan, []choice{{"a", "review", 2, 1}})
		}
	})
	t.Run("EmptyRulesMatchNothing", func(t *testing.T) {
		_, err := rules.Parse("toc.yaml", []byte(tocWith(one, "rules: []\n")), asOf)
		want := "toc.yaml:14:10: no rule matches activity \"a\": add a rule that does, or end the rules with `when: true`"
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
	t.Run("NumbersSurviveABadRule", func(t *testing.T) {
		// Rule 1 lacks its when and rule 2 is no rule at all (toc reports
		// both); rule 3 keeps number 3.
		src := tocWith(one, "rules:\n  - strategy: count\n  - true\n  - when: nonsense > 1\n    strategy: count\n")
		_, err := rules.Parse("toc.yaml", []byte(src), asOf)
		want := "toc.yaml:16:5: rule 1 is missing required field \"when\"\n" +
			"toc.yaml:17:5: rule 2: expected a mapping of when, strategy…, got true\n" +
			"toc.yaml:18:11: rule 3: when \"nonsense > 1\": unknown name nonsense (1:1): expected one of the variables " +
			"certainty, participation, certainty_level, participation_level, partners, leads, years_running, funding_total, " +
			"targets_disadvantaged, internal_impact, external_impact"
		if err == nil || err.Error() != want {
			t.Errorf("got:\n%v\nwant:\n%s", err, want)
		}
	})
	t.Run("BadStrategyIsStillKnown", func(t *testing.T) {
		// The level is wrong, but the rule naming it is not also told the
		// strategy is unknown.
		src := tocWith(one, "rules:\n  - when: true\n    strategy: mine\nstrategies:\n  mine: {title: Mine, required_level: 0}\n")
		_, err := rules.Parse("toc.yaml", []byte(src), asOf)
		want := "toc.yaml:19:39: required_level: expected a whole number from 1 to 3, got 0"
		if err == nil || err.Error() != want {
			t.Errorf("got:\n%v\nwant:\n%s", err, want)
		}
	})
	t.Run("LongRuleIsShortenedInMessages", func(t *testing.T) {
		when := strings.Repeat("partners > 0 && ", 10) + "nope"
		_, err := rules.Parse("toc.yaml", []byte(tocWith(one, "rules:\n  - when: "+when+"\n    strategy: count\n")), asOf)
		// 60 runes: three times "partners > 0 && " (16) and "partners > 0" (12).
		// The position is the when value (column 11) plus expr's 160 columns to "nope".
		want := `toc.yaml:16:171: rule 1: when "partners > 0 && partners > 0 && partners > 0 && partners > 0"…: unknown name nope (1:161)`
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("got:\n%v\nwant prefix:\n%s", err, want)
		}
	})
	t.Run("TooManyNodes", func(t *testing.T) {
		when := strings.Repeat("1+", 600) + "1 > 0"
		_, err := rules.Parse("toc.yaml", []byte(tocWith(one, "rules:\n  - when: "+when+"\n    strategy: count\n")), asOf)
		if err == nil || !strings.Contains(err.Error(), "expected a shorter rule (at most 500 operands and operators)") {
			t.Errorf("got %v, want a too-long rule", err)
		}
	})
	t.Run("RunTimeFailureOncePerRule", func(t *testing.T) {
		two := append(one, "id: b, title: B, certainty: high, participation: low, started: 2020/21")
		_, err := rules.Parse("toc.yaml", []byte(tocWith(two, "rules:\n  - when: int(certainty) > 0\n    strategy: count\n")), asOf)
		want := `toc.yaml:17:11: rule 1: when "int(certainty) > 0" fails for activity "a": invalid operation: int(low) (1:1): expected a rule that gives true or false for every activity`
		if err == nil || err.Error() != want {
			t.Errorf("got:\n%v\nwant:\n%s", err, want)
		}
	})
}

// TestRules_Choose checks that every variable of the environment is what
// DESIGN section 5.1 says, one rule at a time, for an activity whose
// values were chosen to tell them apart.
func TestRules_Choose(t *testing.T) {
	ended := toc.Period(2023)
	a := &toc.Activity{
		ID: "x", Certainty: toc.High, Participation: toc.Medium,
		Partners: []string{"wsh", "kfs"}, Leads: []string{"j-smith"},
		Started: 2019, Ended: &ended, // 2019/20 to 2023/24: 5 years
		InternalImpact: 3, ExternalImpact: 4, TargetsDisadvantaged: true,
		Funding: []toc.Funding{{Source: "A", Period: 2022, Amount: 5000}, {Source: "B", Period: 2023, Amount: 1200.5}},
	}
	tests := []struct {
		when string
		want bool
	}{
		{`certainty == "high"`, true},
		{`participation == "medium"`, true},
		{`certainty_level == 3 && participation_level == 2`, true},
		{`partners == 2`, true},
		{`leads == 1`, true},
		{`years_running == 5`, true},
		{`funding_total == 6200.5`, true},
		{`targets_disadvantaged`, true},
		{`internal_impact == 3 && external_impact == 4`, true},
		{`certainty in ["low", "medium"]`, false},
		{`funding_total > 6200.5`, false},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			p := &toc.Partnership{File: "toc.yaml", HasRules: true, Rules: []toc.Rule{{When: tt.when, Strategy: "count"}}}
			compiled, err := rules.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			_, ok, err := compiled.Choose(a, asOf)
			if err != nil || ok != tt.want {
				t.Errorf("matched %v (err %v), want %v", ok, err, tt.want)
			}
		})
	}
	t.Run("RunError", func(t *testing.T) {
		p := &toc.Partnership{File: "toc.yaml", HasRules: true, Rules: []toc.Rule{{When: "[true][leads]", Strategy: "count", Pos: toc.Pos{Line: 9, Col: 11}}}}
		compiled, err := rules.Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, ok, err := compiled.Choose(a, asOf)
		var re *rules.RunError
		if ok || !errors.As(err, &re) || re.Rule != 1 || re.Activity != "x" || re.Pos != (toc.Pos{Line: 9, Col: 11}) {
			t.Fatalf("got ok=%v err=%#v, want a RunError of rule 1 for x at 9:11", ok, err)
		}
		want := `rule 1: when "[true][leads]" fails for activity "x": index out of range: 1 (array length is 1) (1:7): expected a rule that gives true or false for every activity`
		if re.Error() != want {
			t.Errorf("got %q\nwant %q", re.Error(), want)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		// A *Rules is shared by goroutines (the web app's requests); run
		// with -race.
		compiled, err := rules.Compile(&toc.Partnership{})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b := *a
				b.Participation = []toc.Level{toc.Low, toc.Medium}[g%2]
				want := map[toc.Level]string{toc.Low: "robust", toc.Medium: "sample"}[b.Participation]
				for range 200 {
					c, ok, err := compiled.Choose(&b, asOf)
					if err != nil || !ok || c.Strategy.ID != want {
						t.Errorf("goroutine %d: %+v %v %v, want %s", g, c, ok, err, want)
						return
					}
				}
			}()
		}
		wg.Wait()
	})
}

// TestYearsRunning checks section 7.7 with as_of 2024/25:
// max(0, start year of the earlier of ended and as_of - start year + 1).
func TestYearsRunning(t *testing.T) {
	p := func(y int) *toc.Period { v := toc.Period(y); return &v }
	tests := []struct {
		name    string
		started toc.Period
		ended   *toc.Period
		want    int
	}{
		{"RunningSince2019", 2019, nil, 6},          // 2024 - 2019 + 1
		{"StartedThisYear", 2024, nil, 1},           // 2024 - 2024 + 1
		{"EndedBeforeAsOf", 2019, p(2021), 3},       // 2021 - 2019 + 1
		{"EndsAfterAsOf", 2022, p(2026), 3},         // as_of is earlier: 2024 - 2022 + 1
		{"EndedTheYearItStarted", 2020, p(2020), 1}, // 2020 - 2020 + 1
		{"StartsNextYear", 2025, nil, 0},            // max(0, 2024 - 2025 + 1)
		{"StartsInTwoYears", 2026, nil, 0},          // max(0, -1)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &toc.Activity{Started: tt.started, Ended: tt.ended}
			if got := a.YearsRunning(asOf); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
			if got := rules.NewEnv(a, asOf).YearsRunning; got != tt.want {
				t.Errorf("env: got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestLoadPlan_Errors covers what is not a problem of toc.yaml's content.
func TestLoadPlan_Errors(t *testing.T) {
	t.Run("MissingFile", func(t *testing.T) {
		_, err := rules.Load(filepath.Join(t.TempDir(), "toc.yaml"), asOf)
		if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "run `impact init`") {
			t.Errorf("got %v (%s), want an invalid error suggesting impact init", err, toc.ErrorCode(err))
		}
	})
}

// ExampleCompile compiles a partnership's rules once and picks the
// strategy of each activity.
func ExampleCompile() {
	p := &toc.Partnership{
		HasRules: true,
		Rules: []toc.Rule{
			{When: `certainty == "high" && funding_total >= 10000`, Strategy: "robust"},
			{When: `true`, Strategy: "count"},
		},
		Activities: []toc.Activity{
			{ID: "scitt", Certainty: toc.High, Funding: []toc.Funding{{Source: "DfE", Period: 2024, Amount: 25000}}},
			{ID: "careers-fair", Certainty: toc.Low},
		},
	}
	compiled, err := rules.Compile(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	choices, err := compiled.Plan(p, toc.Period(2024))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range choices {
		fmt.Printf("%s: %s (rule %d, level %d)\n", c.Activity, c.Strategy.ID, c.Rule, c.Strategy.RequiredLevel)
	}
	// Output:
	// scitt: robust (rule 1, level 3)
	// careers-fair: count (rule 2, level 1)
}

// ExampleParse reads toc.yaml from memory: every problem comes back at
// once, with its line and column. The activity no rule matches is not
// reported as well, since its certainty is already wrong.
func ExampleParse() {
	src := `partnership: Demo
schools:
  - {id: rgs, name: RGS}
objectives:
  - id: o
    title: O
    outcomes:
      - id: u
        title: U
        kpis:
          - {id: k, title: K, direction: increase, baseline: {period: 2023/24, value: 1}, target: {period: 2024/25, value: 2}}
activities:
  - {id: a, title: A, kpis: [k], certainty: sure, participation: low, provider: rgs, started: 2023/24, internal_impact: 1, external_impact: 9}
rules:
  - when: certainty == "high"
    strategy: robust
`
	_, err := rules.Parse("toc.yaml", []byte(src), toc.Period(2024))
	fmt.Println(err)
	// Output:
	// toc.yaml:13:45: certainty: expected one of low, medium, high, got "sure"
	// toc.yaml:13:141: external_impact: expected a whole number from 0 to 5, got 9
}
