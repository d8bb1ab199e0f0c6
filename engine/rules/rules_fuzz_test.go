package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

// FuzzCompileRules compiles arbitrary rule text: first as a toc.Rule, then
// inside a toc.yaml through the whole of check (ParsePlan, what LoadPlan
// does after reading the file). Neither may panic; problems are positioned
// and one line each; and when the YAML carries the text unchanged, both
// ways agree on whether the rule compiles.
//
//	go test ./engine -run '^$' -fuzz FuzzCompileRules -fuzztime 5m -parallel 1
func FuzzCompileRules(f *testing.F) {
	for _, r := range toc.BuiltinRules {
		f.Add(r.When)
	}
	when := regexp.MustCompile(`(?m)^  - when: (.*)$`)
	files, _ := filepath.Glob("../../testdata/toc/rule-*/toc.yaml")
	more, _ := filepath.Glob("../../testdata/partnerships/*/toc.yaml")
	for _, path := range append(files, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, m := range when.FindAllStringSubmatch(string(src), -1) {
			f.Add(m[1])
		}
	}
	for _, s := range []string{"", "nil", `certainty matches "("`, "int(certainty) > 0", "[true][leads]",
		"let x = leads; x > 1", `leads > 0 ? true : "x"`, "years_running in 1..3", "funding_total / 0 > 1",
		"certainty == \"high\" &&\n  participation == \"low\""} {
		f.Add(s)
	}
	a := toc.Activity{ID: "x", Certainty: toc.High, Participation: toc.Low, Partners: []string{"b"}, Started: 2020, Provider: "a", Pos: toc.Pos{Line: 2, Col: 9}}
	f.Fuzz(func(t *testing.T, when string) {
		p := &toc.Partnership{File: "toc.yaml", HasRules: true, Activities: []toc.Activity{a},
			Rules: []toc.Rule{{When: when, Strategy: "count", Pos: toc.Pos{Line: 3, Col: 11}, StrategyPos: toc.Pos{Line: 4, Col: 15}}}}
		compiled, direct := rules.Compile(p)
		if direct != nil {
			checkProblems(t, direct, nil)
		} else if _, err := compiled.Plan(p, asOf); err != nil {
			checkProblems(t, err, nil)
		}

		src := tocWith([]string{"id: x, title: X, certainty: high, participation: low, partners: [wsh], started: 2020/21"},
			"rules:\n  - when: |-\n"+indent(when, "      ")+"\n    strategy: count\n")
		plan, err := rules.Parse("toc.yaml", []byte(src), asOf)
		if err != nil {
			// YAML breaks lines at \r\n, \n and a lone \r.
			checkProblems(t, err, strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n"))
		}
		if plan == nil || plan.ToC == nil || len(plan.ToC.Rules) != 1 || plan.ToC.Rules[0].When != when {
			return // YAML changed or refused the text; nothing to compare
		}
		var compileErr bool
		var list toc.List
		if errors.As(err, &list) {
			for _, e := range list {
				var re *rules.RunError // failed while evaluated, not compiled
				compileErr = compileErr || strings.HasPrefix(e.Message, "rule 1: when ") && !errors.As(e, &re)
			}
		}
		if compileErr != (direct != nil) {
			t.Errorf("rule %q: compiled directly: %v; in toc.yaml: %v", when, direct, err)
		}
	})
}

// checkProblems asserts that err is a list of one-line problems placed in
// toc.yaml: on one of lines, at most just past its end, when lines is given.
func checkProblems(t *testing.T, err error, lines []string) {
	t.Helper()
	var list toc.List
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %v, want a toc.List", err, err)
	}
	for _, e := range list {
		if e.File != "toc.yaml" || e.Line < 1 || e.Col < 1 || e.Code != toc.EINVALID {
			t.Fatalf("badly placed: %#v", e)
		}
		if lines != nil && (e.Line > len(lines) || e.Col > utf8.RuneCountInString(lines[e.Line-1])+1) {
			t.Errorf("placed outside the file: %#v", e)
		}
		if strings.ContainsAny(e.Error(), "\n\r") {
			t.Errorf("not one line: %q", e.Error())
		}
	}
}

// indent prefixes every line of s, for a YAML block scalar.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
