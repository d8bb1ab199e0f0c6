package storetest

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testScope: an editor's import holding rows outside their activities or
// schools is refused at those rows' cells, and nothing is written; rows
// inside go in (DESIGN §12).
func testScope(t *testing.T, open Opener) {
	f := newFixture(t, open)
	eda := engine.Scope{Activities: []string{"reading"}, Schools: []string{"wsh"}}
	imp := func(scope engine.Scope, name, content string) error {
		_, err := f.st.Import(f.ctx, f.p, []engine.ImportFile{engine.ImportBytes(name, []byte(content))}, engine.ImportOptions{Who: "eda", Scope: scope})
		return err
	}
	for _, c := range []struct{ name, content, want string }{
		{"p.csv", "activity,date,participant,school\nfair,2024-10-01,A1,wsh\n", "p.csv:2:1: activity: fair is outside your activities (reading)"},
		{"p.csv", "activity,date,participant,school\nreading,2024-10-01,A1,kfs\n", "p.csv:2:4: school: kfs is outside your schools (wsh)"},
		{"p.csv", "activity,date,participant,school\nreading,2024-10-01,A1,\n", "p.csv:2:4: school: expected one of your schools (wsh): a row naming no school is outside them"},
		{"o.csv", "activity,participant,measure,group,post,school\nscitt,A1,grade,intervention,5,wsh\n", "o.csv:2:1: activity: scitt is outside your activities (reading)"},
		{"k.csv", "kpi,period,value,school\ntrainees,2023/24,5,wsh\n", "k.csv:2:1: kpi: trainees is outside your activities: none of reading serves it"},
		{"k.csv", "kpi,period,value,school\ngap,2023/24,5,\n", "k.csv:2:4: school: expected one of your schools"},
		{"u.csv", "participant,school,sex\nA1,kfs,F\n", "u.csv:2:2: school: kfs is outside your schools (wsh)"},
	} {
		err := imp(eda, c.name, c.content)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v, want %s", c.name, c.content, err, c.want)
		}
	}
	if imports, _ := f.st.ListImports(f.ctx); len(imports) != 0 {
		t.Fatalf("refused imports left %d imports", len(imports))
	}
	// Activities alone: a pupils file is outside them (it has no activity).
	if err := imp(engine.Scope{Activities: []string{"reading"}}, "u.csv", "participant,school,sex\nA1,wsh,F\n"); err == nil || !strings.Contains(err.Error(), "only an editor limited to schools") {
		t.Errorf("pupils file from an editor without schools: %v", err)
	}
	// Inside the scope: in.
	for _, c := range [][2]string{
		{"p.csv", "activity,date,participant,school\nreading,2024-10-01,A1,wsh\n"},
		{"k.csv", "kpi,period,value,school\ngap,2023/24,5,wsh\n"},
		{"u.csv", "participant,school,sex\nA1,wsh,F\n"},
	} {
		if err := imp(eda, c[0], c[1]); err != nil {
			t.Errorf("%s inside the scope: %v", c[0], err)
		}
	}
	if _, err := (engine.Scope{Activities: []string{"reading"}, Schools: []string{"wsh"}}).CheckKPI(f.p, "gap", "wsh"); err != nil {
		t.Errorf("CheckKPI of gap at wsh: %v", err)
	}
	if field, err := eda.CheckKPI(f.p, "encounters", "wsh"); field != "kpi" || toc.ErrorCode(err) != toc.EFORBIDDEN {
		t.Errorf("CheckKPI of encounters: %s %v, want kpi forbidden", field, err)
	}
	if field, err := eda.CheckKPI(f.p, "gap", ""); field != "school" || toc.ErrorCode(err) != toc.EFORBIDDEN {
		t.Errorf("CheckKPI of a partnership-wide gap: %s %v, want school forbidden", field, err)
	}
}
