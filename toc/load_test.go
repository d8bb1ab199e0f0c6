package toc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// base is a small valid toc.yaml; the tests edit its lines, so its line
// numbers are part of the expected positions.
const base = `partnership: P
schools:
  - id: rgs
    name: RGS
  - id: wsh
    name: WSH
objectives:
  - id: obj
    title: Obj
    outcomes:
      - id: out
        title: Out
        kpis:
          - id: k1
            title: K1
            direction: increase
            baseline: {period: 2021/22, value: 12}
            target: {period: 2024/25, value: 20}
activities:
  - id: a1
    title: A1
    kpis: [k1]
    certainty: high
    participation: low
    provider: rgs
    partners: [wsh]
    started: 2019/20
    internal_impact: 3
    external_impact: 4
`

// edit replaces each old text of base, which must occur exactly once.
func edit(t *testing.T, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

// TestParse_Errors checks the exact message and position of each problem,
// for what the case folders of testdata/toc do not already show: columns
// on unusual lines, every kind of duplicate, nulls, aliases and the order
// of many problems. Columns count characters, as editors do; each was
// worked out by counting on the edited line.
func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name string
		src  func(t *testing.T) string
		want []string
	}{
		{"TrailingSpacesKeepTheColumn", func(t *testing.T) string {
			// "    internal_impact: " is 21 characters.
			return edit(t, base, "    internal_impact: 3\n", "    internal_impact: 7   \n")
		}, []string{"toc.yaml:28:22: internal_impact: expected a whole number from 0 to 5, got 7"}},
		{"TrailingSpacesOnAKey", func(t *testing.T) string {
			return edit(t, base, "    name: WSH\n", "    nam:   \n")
		}, []string{
			`toc.yaml:5:5: school is missing required field "name"`,
			`toc.yaml:6:5: unknown field "nam" in school: expected one of id, name, phase, pupils, disadvantaged_pct, urn, laestab`,
		}},
		{"WindowsLineEndings", func(t *testing.T) string {
			return strings.ReplaceAll(edit(t, base, "    internal_impact: 3\n", "    internal_impact: 7  \n"), "\n", "\r\n")
		}, []string{"toc.yaml:28:22: internal_impact: expected a whole number from 0 to 5, got 7"}},
		{"ColumnsCountCharactersNotBytes", func(t *testing.T) string {
			// "    partners: [" is 15 characters: é at 16, wsh at 19, the
			// second wsh at 24 (25 in bytes, é being two).
			return edit(t, base, "partners: [wsh]", "partners: [é, wsh, wsh]")
		}, []string{
			`toc.yaml:26:16: partners: bad id "é": expected lower-case letters, digits and hyphens, starting with a letter or digit`,
			`toc.yaml:26:24: partners: "wsh" is listed twice: give each partner once`,
		}},
		{"RepeatedKey", func(t *testing.T) string {
			return edit(t, base, "    name: RGS\n", "    name: RGS\n    name: Royal Grammar\n")
		}, []string{`toc.yaml:5:5: field "name" repeated in school: give it once`}},
		{"DuplicateIDsOfEveryKind", func(t *testing.T) string {
			return edit(t, base,
				"      - id: out\n", "      - id: out\n        title: Out\n        kpis: [{id: k1, title: K, direction: increase, baseline: {period: 2021/22, value: 1}, target: {period: 2022/23, value: 2}}]\n      - id: out\n",
				"external_impact: 4\n", "external_impact: 4\n  - {id: a1, title: A, kpis: [k1, k1], certainty: low, participation: low, provider: wsh, started: 2020/21, internal_impact: 0, external_impact: 0}\n",
			) + "objectives2: x\n"
		}, []string{
			// The inserted outcome (lines 12-13) comes first, so the later
			// of each pair is the original: out at 14 ("      - id: " is
			// 12 characters), k1 at 17.
			`toc.yaml:14:13: outcome: duplicate id "out": ids must be unique`,
			`toc.yaml:17:17: KPI: duplicate id "k1": ids must be unique`,
			// line 33: "  - {id: " is 9 characters, a1 at 10; "a1, title: A,
			// kpis: [" ends at 30, k1 at 31, the second at 35.
			`toc.yaml:33:10: activity: duplicate id "a1": ids must be unique`,
			`toc.yaml:33:35: kpis: "k1" is listed twice: give it once`,
			`toc.yaml:34:1: unknown field "objectives2" in the theory of change: expected one of partnership, description, schools, objectives, activities, rules, strategies, privacy, imports, review, iati, health, costs`,
		}},
		{"DuplicateObjectiveAndStrategy", func(t *testing.T) string {
			return edit(t, base,
				"activities:\n", "  - id: obj\n    title: Again\n    outcomes: [{id: out2, title: O2, kpis: [{id: k2, title: K2, direction: increase, baseline: {period: 2021/22, value: 1}, target: {period: 2022/23, value: 2}}]}]\nactivities:\n",
				"kpis: [k1]", "kpis: [k1, k2]",
			) + "strategies:\n  mine: {title: M, required_level: 1}\n  mine: {title: N, required_level: 2}\n"
		}, []string{
			`toc.yaml:19:9: objective: duplicate id "obj": ids must be unique`,
			// base's 29 lines and 3 more: strategies at 33, the second mine at 35
			`toc.yaml:35:3: strategy: duplicate id "mine": ids must be unique`,
		}},
		{"MissingSections", func(t *testing.T) string { return "partnership: P\n" }, []string{
			`toc.yaml:1:1: the theory of change is missing required field "schools"`,
			`toc.yaml:1:1: the theory of change is missing required field "objectives"`,
			`toc.yaml:1:1: the theory of change is missing required field "activities"`,
		}},
		{"EmptyLists", func(t *testing.T) string {
			return edit(t, base, "kpis: [k1]", "kpis: []", "  - id: wsh\n    name: WSH\n", "", "partners: [wsh]", "partners: []")
		}, []string{
			// the KPI is now served by nothing
			`toc.yaml:12:17: KPI "k1" is served by no activity: list it in the kpis of the activity that moves it, or remove it`,
			`toc.yaml:20:11: kpis: expected at least one entry`,
		}},
		{"NullValues", func(t *testing.T) string {
			return edit(t, base, "partnership: P\n", "partnership:\n", "    title: A1\n", "    title: ~\n")
		}, []string{
			`toc.yaml:1:13: partnership: expected text, got nothing`,
			`toc.yaml:21:12: activity title: expected text, got nothing`,
		}},
		{"EmptyText", func(t *testing.T) string {
			return edit(t, base, "    name: RGS\n", "    name: \"  \"\n")
		}, []string{`toc.yaml:4:11: school name: expected text, got an empty string`}},
		{"Alias", func(t *testing.T) string {
			return edit(t, base, "  - id: wsh\n    name: WSH\n", "  - &first {id: wsh, name: WSH}\n  - *first\n")
		}, []string{`toc.yaml:6:5: school: expected a mapping of id, name…, got an alias, which impact does not follow: write the value out in full`}},
		{"WrongKinds", func(t *testing.T) string {
			return edit(t, base, "schools:\n", "schools: []\nprivacy: 6\nschools2:\n")
		}, []string{
			`toc.yaml:2:10: schools: expected at least one entry`,
			`toc.yaml:3:10: privacy: expected a mapping of fields, got 6`,
			`toc.yaml:4:1: unknown field "schools2" in the theory of change: expected one of partnership, description, schools, objectives, activities, rules, strategies, privacy, imports, review, iati, health, costs`,
			// rgs and wsh went to schools2, so the references fail; two lines
			// more than base
			`toc.yaml:27:15: provider: unknown school "rgs": expected the id of one of the schools`,
			`toc.yaml:28:16: partners: unknown school "wsh": expected the id of one of the schools`,
		}},
		{"ChoicesAndNumbers", func(t *testing.T) string {
			return edit(t, base,
				"    name: RGS\n", "    name: RGS\n    phase: infant\n    pupils: 99999999999999999999\n    disadvantaged_pct: .nan\n",
				"            direction: increase\n", "            direction: up\n            aggregate: median\n",
				"    participation: low\n", "    participation: LOW\n    leads: [j-smith, {name: x}]\n    targets_disadvantaged: yes\n")
		}, []string{
			`toc.yaml:5:12: phase: expected one of primary, secondary, all-through, special, college, other, got "infant"`,
			// too big for a 64-bit integer, YAML reads it as text
			`toc.yaml:6:13: pupils: expected a whole number of at least 0, got "99999999999999999999"`,
			`toc.yaml:7:24: disadvantaged_pct: expected a number, got .nan`,
			`toc.yaml:19:24: direction: expected one of increase, decrease, got "up"`,
			`toc.yaml:20:24: aggregate: expected one of sum, mean, got "median"`,
			`toc.yaml:28:20: participation: expected one of low, medium, high, got "LOW"`,
			`toc.yaml:29:22: lead: expected text, got a mapping`,
			`toc.yaml:30:28: targets_disadvantaged: expected true or false, got "yes"`,
		}},
		{"Periods", func(t *testing.T) string {
			return edit(t, base,
				"baseline: {period: 2021/22, value: 12}", "baseline: {period: 2021, value: 12}",
				"target: {period: 2024/25, value: 20}", "target: {period: \"2024/2025\", value: x}",
				"    started: 2019/20\n", "    started: 2099/00\n    ended: 2019/20\n")
		}, []string{
			`toc.yaml:17:32: baseline period: expected an academic year like 2023/24, got "2021"`,
			`toc.yaml:18:30: target period: expected an academic year like 2023/24, got "2024/2025"`,
			`toc.yaml:18:50: target value: expected a number, got "x"`,
			// 2099/00 is a good period: the year after 2099 ends in 00.
			`toc.yaml:28:12: ended 2019/20 is before started 2099/00: expected the same year or later`,
		}},
		{"SortedAcrossSections", func(t *testing.T) string {
			// The unserved KPI is found after the activities are read, but
			// is printed before them, in line order.
			return edit(t, base, "kpis: [k1]", "kpis: [k2]", "    external_impact: 4\n", "    external_impact: -1\n")
		}, []string{
			`toc.yaml:14:17: KPI "k1" is served by no activity: list it in the kpis of the activity that moves it, or remove it`,
			`toc.yaml:22:12: kpis: unknown KPI "k2": expected one of the KPIs of the objectives`,
			`toc.yaml:29:22: external_impact: expected a whole number from 0 to 5, got -1`,
		}},
		{"FundingEntries", func(t *testing.T) string {
			return base + "    funding:\n      - {source: Rotary, period: 2023/24}\n      - {source: Trust, period: 2023/24, amount: 1e400}\n      - Rotary 500\n"
		}, []string{
			`toc.yaml:31:9: funding entry is missing required field "amount"`,
			// "      - {source: Trust, period: 2023/24, amount: " is 49
			// characters; 1e400 overflows a float, so YAML reads it as text
			`toc.yaml:32:50: funding amount: expected a number, got "1e400"`,
			`toc.yaml:33:9: funding entry: expected a mapping of source, period, amount…, got "Rotary 500"`,
		}},
		{"Rules", func(t *testing.T) string {
			return base + "rules:\n  - when: true\n  - {when: [x], strategy: Count}\n  - true\nstrategies: [count]\n"
		}, []string{
			`toc.yaml:31:5: rule 1 is missing required field "strategy"`,
			// "  - {when: " is 11 characters; "[x], strategy: " 15 more
			`toc.yaml:32:12: rule 2: when: expected text, got a list`,
			`toc.yaml:32:27: rule 2: strategy: bad id "Count": expected lower-case letters, digits and hyphens, starting with a letter or digit`,
			`toc.yaml:33:5: rule 3: expected a mapping of when, strategy…, got true`,
			`toc.yaml:34:13: strategies: expected a mapping of strategy ids to {title, required_level}, got a list`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src(t)
			_, err := toc.Parse("toc.yaml", []byte(src))
			want := strings.Join(tt.want, "\n")
			if err == nil {
				t.Fatalf("no error, want:\n%s", want)
			}
			if got := err.Error(); got != want {
				t.Errorf("got:\n%s\nwant:\n%s\nsource:\n%s", got, want, numbered(src))
			}
			if toc.ErrorCode(err) != toc.EINVALID {
				t.Errorf("code %q, want %q", toc.ErrorCode(err), toc.EINVALID)
			}
		})
	}
}

// numbered shows a source with line numbers for a failing test.
func numbered(src string) string {
	var b strings.Builder
	for i, line := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d %s\n", i+1, line)
	}
	return b.String()
}

// TestParse_Accepts checks files that are valid however they are spelled.
func TestParse_Accepts(t *testing.T) {
	tests := map[string]string{
		"ByteOrderMark":   "\xef\xbb\xbf" + base,
		"WindowsEndings":  strings.ReplaceAll(base, "\n", "\r\n"),
		"FlowStyle":       strings.Replace(base, "  - id: wsh\n    name: WSH\n", "  - {id: wsh, name: WSH, phase: primary, pupils: 210, disadvantaged_pct: 31}\n", 1),
		"CommentsAndDocs": "# our partnership\n---\n" + base + "# end\n",
		"QuotedValues":    strings.Replace(base, "    started: 2019/20\n", "    started: \"2019/20\"\n", 1),
		"AnchorsAreFine":  strings.Replace(base, "    name: RGS\n", "    name: &n RGS\n", 1),
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := toc.Parse("toc.yaml", []byte(src))
			if err != nil {
				t.Fatalf("unexpected problems:\n%v", err)
			}
			if p.Name != "P" || len(p.Schools) != 2 || p.Activities[0].Started != 2019 {
				t.Errorf("read %q, %d schools, started %v", p.Name, len(p.Schools), p.Activities[0].Started)
			}
		})
	}
}
