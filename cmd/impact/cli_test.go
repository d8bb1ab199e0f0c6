package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestApp_RunInit covers `impact init`: what it writes passes check, and
// a folder that already has a toc.yaml is refused untouched.
func TestApp_RunInit(t *testing.T) {
	t.Run("WritesAPartnershipThatPassesCheck", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "riverside")
		r := runCLI(t, nil, "init", dir).want(t, 0)
		for _, name := range []string{"toc.yaml", "kpis.csv", "outcomes.csv", "participation.csv", "pupils.csv", "register.csv", "eef.yaml"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("init did not write %s: %v", name, err)
			}
			if !strings.Contains(r.stdout, "wrote "+filepath.Join(dir, name)+"\n") {
				t.Errorf("stdout does not say it wrote %s:\n%s", name, r.stdout)
			}
		}
		check := runCLI(t, nil, "check", "--dir", dir).want(t, 0)
		// (three of each: the plural; one of each is tested below)
		if want := filepath.Join(dir, "toc.yaml") + ": ok — 3 schools, 3 KPIs, 3 activities\n"; check.stdout != want || check.stderr != "" {
			t.Errorf("check printed %q and %q, want %q", check.stdout, check.stderr, want)
		}
		// scitt high/low: rule 1; reading-buddies medium/medium: rule 5;
		// careers-fair low/high: rule 2.
		plan := runCLI(t, nil, "plan", "--json", "--dir", dir).want(t, 0)
		want := `[{"id":"scitt","strategy":"robust","rule":1,"required_level":3},` +
			`{"id":"reading-buddies","strategy":"pre-post","rule":5,"required_level":2},` +
			`{"id":"careers-fair","strategy":"count","rule":2,"required_level":1}]`
		sameJSON(t, plan.stdout, want)
	})
	t.Run("TemplatesImport", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "riverside")
		runCLI(t, nil, "init", dir).want(t, 0)
		in := func(n string) string { return filepath.Join(dir, n) }
		runCLI(t, nil, "import", "--dir", dir, in("participation.csv"), in("outcomes.csv"), in("kpis.csv"), in("pupils.csv")).want(t, 0)
		r := runCLI(t, nil, "import", "--dir", dir, "--activity", "reading-buddies", "--date", "2024-01-15", in("register.csv")).want(t, 0)
		if !strings.Contains(r.stdout, "dropped personal columns: Legal Surname, Legal Forename\n") {
			t.Errorf("the register's names were not dropped:\n%s", r.stdout)
		}
		var m struct {
			Reach      struct{ Participants int } `json:"reach"`
			Breakdowns map[string][]struct {
				Group        string `json:"group"`
				Participants int    `json:"participants"`
			} `json:"breakdowns"`
		}
		if err := json.Unmarshal([]byte(runCLI(t, nil, "metrics", "--json", "--dir", dir).want(t, 0).stdout), &m); err != nil {
			t.Fatal(err)
		}
		// A, B (participation), C (both), D (register) and T0001 (scitt's
		// trainee); E was marked absent (N) only. Sex: A F, B Male, C Girl
		// (and F in the register), D M; the trainee not known.
		sex := fmt.Sprint(m.Breakdowns["sex"])
		if m.Reach.Participants != 5 || sex != "[{female 2} {male 2} {unknown 1}]" {
			t.Errorf("the templates give %d participants, sex %s; want 5, [{female 2} {male 2} {unknown 1}]", m.Reach.Participants, sex)
		}
	})
	t.Run("IntoTheDirFlag", func(t *testing.T) {
		dir := t.TempDir()
		runCLI(t, nil, "init", "--dir", dir).want(t, 0)
		runCLI(t, map[string]string{"IMPACT_DIR": dir}, "check").want(t, 0)
	})
	t.Run("RefusesAFolderWithTOC", func(t *testing.T) {
		dir := writeTOC(t, "partnership: Ours, half written\n")
		before := folderSums(t, dir)
		r := runCLI(t, nil, "init", dir).want(t, 1)
		want := "impact init: " + filepath.Join(dir, "toc.yaml") + " already exists: init writes a new partnership only into a folder without one\n"
		if r.stderr != want || r.stdout != "" {
			t.Errorf("stderr %q stdout %q, want %q", r.stderr, r.stdout, want)
		}
		if after := folderSums(t, dir); !maps.Equal(before, after) {
			t.Errorf("init changed the folder: %d files before, %d after", len(before), len(after))
		}
	})
	t.Run("TwoFolders", func(t *testing.T) {
		r := runCLI(t, nil, "init", t.TempDir(), t.TempDir()).want(t, 2)
		if r.stderr != "impact init: init takes one folder, got 2 arguments\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}

// TestApp_RunCheck covers the exit codes of check and its exact output for
// every case folder of testdata/toc.
func TestApp_RunCheck(t *testing.T) {
	t.Run("ExamplePartnerships", func(t *testing.T) {
		for name, want := range map[string]string{
			"tyne-valley":  "8 schools, 10 KPIs, 9 activities",
			"custom-rules": "4 schools, 6 KPIs, 6 activities",
		} {
			dir := filepath.Join("..", "..", "testdata", "partnerships", name)
			r := runCLI(t, nil, "check", "--dir", dir).want(t, 0)
			if r.stdout != filepath.Join(dir, "toc.yaml")+": ok — "+want+"\n" || r.stderr != "" {
				t.Errorf("%s: stdout %q stderr %q", name, r.stdout, r.stderr)
			}
		}
	})
	t.Run("Cases", func(t *testing.T) {
		// Each case runs in its folder, so messages start "toc.yaml:" as
		// in expected.txt, which was checked by hand.
		dirs, _ := filepath.Glob("../../testdata/toc/*")
		if len(dirs) < 25 {
			t.Fatalf("only %d case folders", len(dirs))
		}
		for _, dir := range dirs {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(abs, "expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			t.Run(filepath.Base(dir), func(t *testing.T) {
				t.Chdir(abs)
				r := runCLI(t, nil, "check").want(t, 1)
				if r.stderr != string(want) || r.stdout != "" {
					t.Errorf("stderr:\n%swant:\n%sstdout: %q", r.stderr, want, r.stdout)
				}
			})
		}
	})
	t.Run("OneOfEach", func(t *testing.T) {
		src, err := os.ReadFile("../../testdata/toc/out-of-range/toc.yaml")
		if err != nil {
			t.Fatal(err)
		}
		// the case's base: one KPI and one activity, but two schools
		dir := writeTOC(t, strings.Replace(string(src), "internal_impact: 6", "internal_impact: 3", 1))
		r := runCLI(t, nil, "check", "--dir", dir).want(t, 0)
		if want := filepath.Join(dir, "toc.yaml") + ": ok — 2 schools, 1 KPI, 1 activity\n"; r.stdout != want {
			t.Errorf("stdout %q, want %q", r.stdout, want)
		}
	})
	t.Run("NoTOC", func(t *testing.T) {
		dir := t.TempDir()
		r := runCLI(t, nil, "check", "--dir", dir).want(t, 1)
		want := "impact check: no theory of change at " + filepath.Join(dir, "toc.yaml") + ": run `impact init` to write one, or pass --dir\n"
		if r.stderr != want {
			t.Errorf("stderr %q, want %q", r.stderr, want)
		}
	})
	t.Run("UnreadableTOCIsExit3", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "toc.yaml"), 0o755); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, nil, "check", "--dir", dir).want(t, 3)
		if !strings.HasPrefix(r.stderr, "impact check: read theory of change: ") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("stderr %q", r.stderr)
		}
	})
	t.Run("UsageIsExit2", func(t *testing.T) {
		r := runCLI(t, nil, "check", "--verbose").want(t, 2)
		if r.stderr != "impact check: unknown flag -verbose (see impact check --help)\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}

// TestApp_RunPlan covers plan's table and JSON.
func TestApp_RunPlan(t *testing.T) {
	t.Run("SmallExampleJSON", func(t *testing.T) {
		// shared/examples/small sits beside the repository; its expected
		// plan was computed from DESIGN by separate code.
		small := filepath.Join("..", "..", "..", "shared", "examples", "small")
		want, err := os.ReadFile(filepath.Join(small, "expected-plan.json"))
		if err != nil {
			t.Skipf("no worked example beside the repository: %v", err)
		}
		src, err := os.ReadFile(filepath.Join(small, "toc.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, nil, "plan", "--json", "--dir", writeTOC(t, string(src))).want(t, 0)
		sameJSON(t, r.stdout, string(want))
	})
	t.Run("CustomRulesJSON", func(t *testing.T) {
		// Worked out in engine's TestLoadPlan_Partnerships.
		r := runCLI(t, nil, "plan", "--json", "--dir", "../../testdata/partnerships/custom-rules").want(t, 0)
		sameJSON(t, r.stdout, `[
			{"id": "phonics-catch-up", "strategy": "robust", "rule": 1, "required_level": 3},
			{"id": "debating-league", "strategy": "pilot", "rule": 2, "required_level": 1},
			{"id": "pp-tutoring", "strategy": "pp-tracking", "rule": 3, "required_level": 2},
			{"id": "sports-festivals", "strategy": "count", "rule": 4, "required_level": 2},
			{"id": "governor-training", "strategy": "pre-post", "rule": 5, "required_level": 2},
			{"id": "stem-hub", "strategy": "pilot", "rule": 2, "required_level": 1}]`)
	})
	t.Run("Table", func(t *testing.T) {
		r := runCLI(t, nil, "plan", "--dir", "../../testdata/partnerships/tyne-valley").want(t, 0)
		// The columns, then the rule's text after the six of them.
		want := [][]string{
			{"ACTIVITY", "CERTAINTY", "PARTICIPATION", "STRATEGY", "LEVEL", "RULE", "WHEN"},
			{"scitt", "high", "low", "robust", "3", "1", `certainty == "high" && participation == "low"`},
			{"reading-buddies", "medium", "medium", "pre-post", "2", "5", "true"},
			{"coding-clubs", "low", "medium", "review", "1", "4", `certainty == "low"`},
			{"careers-fair", "low", "high", "count", "1", "2", `certainty == "low" && participation == "high"`},
			{"shared-music", "high", "medium", "sample", "2", "3", `certainty == "high"`},
			{"zones-of-regulation", "medium", "low", "pre-post", "2", "5", "true"},
			{"year6-swimming", "high", "high", "sample", "2", "3", `certainty == "high"`},
			{"pupil-premium-network", "low", "low", "review", "1", "4", `certainty == "low"`},
			{"maths-masterclasses", "medium", "high", "pre-post", "2", "5", "true"},
		}
		lines := strings.Split(r.stdout, "\n")
		for i, w := range want {
			f := strings.Fields(lines[i])
			if len(f) < 7 || !slices.Equal(f[:6], w[:6]) || strings.Join(f[6:], " ") != w[6] {
				t.Errorf("line %d: %q, want %q", i+1, f, w)
			}
		}
	})
	t.Run("InvalidIsExit1", func(t *testing.T) {
		r := runCLI(t, nil, "plan", "--json", "--dir", "../../testdata/toc/activity-no-rule-matches").want(t, 1)
		if r.stdout != "" || !strings.HasSuffix(r.stderr, "no rule matches activity \"scitt\": add a rule that does, or end the rules with `when: true`\n") {
			t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
		}
	})
}

// TestApp_Run covers help, usage mistakes and the exit codes of DESIGN
// section 4 that every command shares.
func TestApp_Run(t *testing.T) {
	t.Run("HelpForEveryCommand", func(t *testing.T) {
		names := slices.Sorted(maps.Keys(commands))
		for _, name := range names {
			for _, flag := range []string{"--help", "-h"} {
				r := runCLI(t, nil, name, flag)
				if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: impact "+name) || r.stderr != "" {
					t.Errorf("impact %s %s: exit %d, stdout %.60q, stderr %q", name, flag, r.code, r.stdout, r.stderr)
				}
				if !strings.Contains(r.stdout, "\nExamples:\n") {
					t.Errorf("impact %s %s gives no examples", name, flag)
				}
			}
			if r := runCLI(t, nil, "help", name); r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: impact "+name) {
				t.Errorf("impact help %s: exit %d, stdout %.60q", name, r.code, r.stdout)
			}
		}
	})
	t.Run("Help", func(t *testing.T) {
		for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
			r := runCLI(t, nil, args...).want(t, 0)
			if !strings.HasPrefix(r.stdout, "impact evaluates a school partnership's impact") || !strings.Contains(r.stdout, "  check    validate toc.yaml and its rules\n") {
				t.Errorf("impact %s:\n%s", args[0], r.stdout)
			}
		}
	})
	t.Run("NoCommandIsUsage", func(t *testing.T) {
		r := runCLI(t, nil).want(t, 2)
		if r.stdout != "" || !strings.HasPrefix(r.stderr, "impact evaluates") {
			t.Errorf("stdout %q stderr %.40q", r.stdout, r.stderr)
		}
	})
	t.Run("UnknownCommand", func(t *testing.T) {
		r := runCLI(t, nil, "chek").want(t, 2)
		if r.stderr != "impact: unknown command \"chek\": run `impact help` for the commands\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
	t.Run("UnknownFlag", func(t *testing.T) {
		r := runCLI(t, nil, "plan", "--jsn").want(t, 2)
		if r.stderr != "impact plan: unknown flag -jsn (see impact plan --help)\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
	t.Run("FlagWithoutValue", func(t *testing.T) {
		r := runCLI(t, nil, "check", "--dir").want(t, 2)
		if r.stderr != "impact check: flag needs an argument: -dir (see impact check --help)\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}

// TestApp_Env covers where the partnership is (--dir, IMPACT_DIR, the
// current folder) and what "today" is (IMPACT_TODAY, else the clock).
func TestApp_Env(t *testing.T) {
	good := filepath.Join("..", "..", "testdata", "partnerships", "tyne-valley")
	t.Run("IMPACT_DIR", func(t *testing.T) {
		r := runCLI(t, map[string]string{"IMPACT_DIR": good}, "check").want(t, 0)
		if !strings.HasPrefix(r.stdout, filepath.Join(good, "toc.yaml")+": ok") {
			t.Errorf("stdout %q", r.stdout)
		}
	})
	t.Run("DirFlagBeatsIMPACT_DIR", func(t *testing.T) {
		runCLI(t, map[string]string{"IMPACT_DIR": t.TempDir()}, "check", "--dir", good).want(t, 0)
		runCLI(t, map[string]string{"IMPACT_DIR": good}, "check", "--dir", t.TempDir()).want(t, 1)
	})
	t.Run("CurrentFolderByDefault", func(t *testing.T) {
		abs, err := filepath.Abs(good)
		if err != nil {
			t.Fatal(err)
		}
		t.Chdir(abs)
		if r := runCLI(t, nil, "check").want(t, 0); !strings.HasPrefix(r.stdout, "toc.yaml: ok") {
			t.Errorf("stdout %q", r.stdout)
		}
	})
	t.Run("IMPACT_TODAY", func(t *testing.T) {
		// Started 2021/22; robust from its third year. years_running =
		// this year - 2021 + 1: 2 in 2022/23, 3 in 2023/24, 4 in 2024/25.
		dir := writeTOC(t, `partnership: P
schools: [{id: rgs, name: RGS}]
objectives:
  - id: o
    title: O
    outcomes: [{id: u, title: U, kpis: [{id: k, title: K, direction: increase, baseline: {period: 2021/22, value: 1}, target: {period: 2024/25, value: 2}}]}]
activities:
  - {id: a, title: A, kpis: [k], certainty: low, participation: low, provider: rgs, started: 2021/22, internal_impact: 1, external_impact: 1}
rules:
  - when: years_running >= 3
    strategy: robust
  - when: true
    strategy: count
`)
		for today, want := range map[string]string{
			"2023-08-31": `[{"id":"a","strategy":"count","rule":2,"required_level":1}]`,  // 2022/23
			"2023-09-01": `[{"id":"a","strategy":"robust","rule":1,"required_level":3}]`, // 2023/24
			"":           `[{"id":"a","strategy":"robust","rule":1,"required_level":3}]`, // the clock: 2025-03-01
		} {
			r := runCLI(t, map[string]string{"IMPACT_TODAY": today}, "plan", "--json", "--dir", dir).want(t, 0)
			sameJSON(t, r.stdout, want)
		}
		r := runCLI(t, map[string]string{"IMPACT_TODAY": "2025-02-30"}, "plan", "--dir", dir).want(t, 2)
		if r.stderr != "impact plan: IMPACT_TODAY=\"2025-02-30\": expected a date YYYY-MM-DD\n" {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}

// sameJSON compares two JSON documents by value, whatever their layout.
func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestPlan_NextSteps: once a store holds rows, plan ends with the evidence
// gaps and the cheapest next step for each. The small example's
// participation rows alone: scitt (robust, level 3) has no row of its own,
// level 0; reading-buddies (pre-post, level 2) has rows but no scores,
// level 1; careers-fair (count, 1) has what it needs.
func TestPlan_NextSteps(t *testing.T) {
	dir := smallFolder(t)
	env := map[string]string{"IMPACT_TODAY": "2025-03-01"}
	before := runCLI(t, env, "plan", "--dir", dir).want(t, 0)
	if strings.Contains(before.stdout, "Evidence gaps") {
		t.Errorf("plan without a store speaks of gaps:\n%s", before.stdout)
	}
	runCLI(t, env, "import", "--dir", dir, filepath.Join(dir, "participation.csv")).want(t, 0)
	r := runCLI(t, env, "plan", "--dir", dir).want(t, 0)
	_, steps, ok := strings.Cut(r.stdout, "Evidence gaps, and the next step for each (from what the store holds now):\n")
	if !ok {
		t.Fatalf("no next steps:\n%s", r.stdout)
	}
	want := [][]string{
		{"ACTIVITY", "HAS", "NEEDS", "NEXT STEP"},
		{"scitt", "0", "3", "record outcome scores on one measure for 10 participants and a comparison group of 10"},
		{"reading-buddies", "1", "2", "record before-and-after scores on one measure for 10 participants"},
	}
	lines := strings.Split(strings.TrimSpace(steps), "\n")
	if len(lines) != len(want) {
		t.Fatalf("next steps:\n%s", steps)
	}
	for i, w := range want {
		f := strings.Fields(lines[i])
		if got := append(f[:3:3], strings.Join(f[3:], " ")); !slices.Equal(got, w) {
			t.Errorf("line %d = %q, want %q", i, got, w)
		}
	}
}
