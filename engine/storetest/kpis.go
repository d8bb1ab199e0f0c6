package storetest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func testKPIs(t *testing.T, open Opener) {
	f := newFixture(t, open)
	log := func(v toc.KPIRecord, who string) *toc.KPIRecord {
		t.Helper()
		old, err := f.st.LogKPI(f.ctx, f.p, v, who)
		if err != nil {
			t.Fatalf("LogKPI %+v: %v", v, err)
		}
		return old
	}
	if old := log(toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17, Note: "two deferred"}, "ann"); old != nil {
		t.Errorf("the first value superseded %+v", old)
	}
	f.clock.add(1e9 * 60)
	old := log(toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 18}, "bob")
	if old == nil || old.Value != 17 || old.LoggedBy != "ann" || old.LoggedAt != "2025-03-01T09:30:00Z" || old.Note != "two deferred" {
		t.Errorf("the second value superseded %+v, want 17 logged by ann at 2025-03-01T09:30:00Z", old)
	}
	// A school's value and another year's stand apart from the whole
	// partnership's.
	if old := log(toc.KPIRecord{KPI: "trainees", Period: 2023, School: "wsh", Value: 3}, "ann"); old != nil {
		t.Errorf("a school's value superseded %+v", old)
	}
	log(toc.KPIRecord{KPI: "trainees", Period: 2022, Value: 14}, "ann")

	history, err := engine.ReadKPIHistory(f.ctx, f.st, "trainees")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range history {
		got = append(got, fmt.Sprintf("%s %s %v %v %s %s %q %q", h.Period, orDash(h.School), h.Value, h.Status, h.LoggedBy, h.LoggedAt, h.Note, h.File))
	}
	// By period, then school (partnership-wide first), then as logged.
	same(t, "history", got, []string{
		`2022/23 - 14 current ann 2025-03-01T09:31:00Z "" ""`,
		`2023/24 - 17 superseded ann 2025-03-01T09:30:00Z "two deferred" ""`,
		`2023/24 - 18 current bob 2025-03-01T09:31:00Z "" ""`,
		`2023/24 wsh 3 current ann 2025-03-01T09:31:00Z "" ""`,
	})
	// An imported value says which file it came from.
	f.mustImport("kpis.csv", kpisCSV)
	history, _ = engine.ReadKPIHistory(f.ctx, f.st, "trainees")
	if last := history[0]; last.Period != 2022 || last.Status != toc.Superseded || history[1].File != "kpis.csv" || history[1].Status != toc.Current {
		t.Errorf("after kpis.csv: %+v, want the logged 2022/23 value superseded by the file's", history[:2])
	}

	for _, c := range []struct {
		name string
		v    toc.KPIRecord
		want string
	}{
		{"UnknownKPI", toc.KPIRecord{KPI: "happiness", Period: 2023, Value: 1}, `--kpi: expected a KPI id of toc.yaml, got "happiness"`},
		{"UnknownSchool", toc.KPIRecord{KPI: "trainees", Period: 2023, School: "eton", Value: 1}, `--school: expected a school id of toc.yaml, got "eton"`},
		{"NotFinite", toc.KPIRecord{KPI: "trainees", Period: 2023, Value: math.Inf(1)}, `--value: expected a finite number, got +Inf`},
	} {
		t.Run("Err"+c.name, func(t *testing.T) {
			before, _ := f.st.DataVersion(f.ctx)
			_, err := f.st.LogKPI(f.ctx, f.p, c.v, "ann")
			if toc.ErrorCode(err) != toc.EINVALID || err.Error() != c.want {
				t.Errorf("err = %v, want %s", err, c.want)
			}
			if after, _ := f.st.DataVersion(f.ctx); after != before {
				t.Error("a refused value was written")
			}
		})
	}
}

func testRevisions(t *testing.T, open Opener) {
	f := newFixture(t, open)
	if rev, err := f.st.CurrentRevision(f.ctx); err != nil || rev.ID != 0 {
		t.Errorf("a new store's revision = %+v, %v; want none", rev, err)
	}
	first, changed, err := f.st.SyncToC(f.ctx, "toc.yaml", []byte(tocYAML), "ann")
	if err != nil || !changed || first.ID == 0 || len(first.Hash) != 64 || first.RecordedAt != "2025-03-01T09:30:00Z" {
		t.Fatalf("first sync = %+v, %v, %v; want a new revision", first, changed, err)
	}
	if again, changed, _ := f.st.SyncToC(f.ctx, "toc.yaml", []byte(tocYAML), "ann"); changed || again != first {
		t.Errorf("the same file again = %+v, %v; want %+v unchanged", again, changed, first)
	}
	edited := tocYAML + "# a comment\n"
	second, changed, _ := f.st.SyncToC(f.ctx, "toc.yaml", []byte(edited), "bob")
	if !changed || second.ID <= first.ID || second.Hash == first.Hash {
		t.Errorf("an edited file = %+v, %v; want a later revision", second, changed)
	}
	if cur, _ := f.st.CurrentRevision(f.ctx); cur != second {
		t.Errorf("CurrentRevision = %+v, want %+v", cur, second)
	}

	// Rows of an activity and a KPI that toc.yaml then drops are kept and
	// listed.
	f.mustImport("participation.csv", participationCSV, "kpis.csv", kpisCSV)
	without, err := toc.Parse("toc.yaml", []byte(dropFair(tocYAML)))
	if err != nil {
		t.Fatal(err)
	}
	dropped, err := f.st.Dropped(f.ctx, without)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dropped {
		got = append(got, fmt.Sprintf("%s %s %d", d.Kind, d.ID, d.Rows))
	}
	same(t, "dropped", got, []string{"activity fair 3", "KPI encounters 2"})
	if d, _ := f.st.Dropped(f.ctx, f.p); len(d) != 0 {
		t.Errorf("nothing dropped, yet Dropped = %v", d)
	}
}

// dropFair removes the fair and its KPI from the suite's toc.yaml.
func dropFair(src string) string {
	var out strings.Builder
	for _, line := range strings.SplitAfter(src, "\n") {
		if !strings.Contains(line, "id: fair") && !strings.Contains(line, "id: encounters") {
			out.WriteString(line)
		}
	}
	return out.String()
}
