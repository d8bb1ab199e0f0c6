package toc_test

import (
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestParse_RuleTextPos checks where the text of a rule starts, so that a
// column inside the expression maps to a column of toc.yaml.
func TestParse_RuleTextPos(t *testing.T) {
	const head = "partnership: P\nschools: [{id: a, name: A}]\nobjectives: []\nactivities: []\nrules:\n"
	for _, c := range []struct {
		name, rule string
		want       toc.Pos
	}{
		// "  - when: " is 10 characters: the value starts at column 11.
		{"Plain", "  - when: leads > 1\n    strategy: count\n", toc.Pos{Line: 6, Col: 11}},
		{"DoubleQuoted", "  - when: \"leads > 1\"\n    strategy: count\n", toc.Pos{Line: 6, Col: 12}},
		{"SingleQuoted", "  - when: 'leads > 1'\n    strategy: count\n", toc.Pos{Line: 6, Col: 12}},
		{"Escaped", "  - when: \"certainty == \\\"high\\\"\"\n    strategy: count\n", toc.Pos{}},
		{"DoubledQuote", "  - when: 'certainty == ''high'''\n    strategy: count\n", toc.Pos{}},
		{"Folded", "  - when: leads > 1 &&\n      partners > 1\n    strategy: count\n", toc.Pos{}},
		{"Literal", "  - when: |\n      leads > 1\n    strategy: count\n", toc.Pos{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _ := toc.Parse("toc.yaml", []byte(head+c.rule))
			if len(p.Rules) != 1 {
				t.Fatalf("got %d rules", len(p.Rules))
			}
			if got := p.Rules[0].TextPos; got != c.want {
				t.Errorf("TextPos = %+v, want %+v (when %q)", got, c.want, p.Rules[0].When)
			}
		})
	}
}
