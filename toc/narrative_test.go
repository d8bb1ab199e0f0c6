package toc_test

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestParse_Descriptions: a description on the partnership, an objective,
// an outcome, a KPI and an activity, plain or as a block; each read as
// written, and refused with its position when it is not text, carries a
// control character or runs past MaxDescription.
func TestParse_Descriptions(t *testing.T) {
	src := edit(t, base,
		"partnership: P\n", "partnership: P\ndescription: Four schools in the Tyne valley.\n",
		"    title: Obj\n", "    title: Obj\n    description: Grow our own teachers.\n",
		"        title: Out\n", "        title: Out\n        description: |\n          More trainees qualify.\n          And stay.\n",
		"            title: K1\n", "            title: K1\n            description: \"Trainees graduating: from the SCITT's records.\"\n",
		"    title: A1\n", "    title: A1\n    description: >\n      A school-centred\n      training course.\n",
	)
	p, err := toc.Parse("toc.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{p.Description, p.Objectives[0].Description, p.Objectives[0].Outcomes[0].Description,
		p.Objectives[0].Outcomes[0].KPIs[0].Description, p.Activities[0].Description}
	want := []string{"Four schools in the Tyne valley.", "Grow our own teachers.", "More trainees qualify.\nAnd stay.",
		"Trainees graduating: from the SCITT's records.", "A school-centred training course."}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("description %d = %q, want %q", i, got[i], want[i])
		}
	}
	if base := mustParse(t, base); base.Description != "" || base.Activities[0].Description != "" {
		t.Error("a file without descriptions reads some")
	}

	for _, c := range []struct{ name, old, new, want string }{
		// Line 2 is "description: ..." after the edit; the value starts at column 14.
		{"NotText", "partnership: P\n", "partnership: P\ndescription: [a, b]\n", "toc.yaml:2:14: the partnership's description: expected text, got a list"},
		{"ControlCharacter", "    title: A1\n", "    title: A1\n    description: \"bad \\u001b[31m\"\n", "toc.yaml:22:18: activity description: expected plain text, got the control character U+001B"},
		{"TooLong", "    title: A1\n", "    title: A1\n    description: " + strings.Repeat("x", toc.MaxDescription+1) + "\n", "toc.yaml:22:18: activity description: 4001 characters, expected at most 4000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := toc.Parse("toc.yaml", []byte(edit(t, base, c.old, c.new)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

func mustParse(t *testing.T, src string) *toc.Partnership {
	t.Helper()
	p, err := toc.Parse("toc.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
