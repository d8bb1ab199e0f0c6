package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// The evidence files of the suite. A1 and a1 are one pupil (identifiers
// are upper-cased before they are hashed); A1 takes part in the fair and
// in reading and has an outcome in the SCITT.
const (
	participationCSV = "activity,date,participant,school,disadvantaged\n" +
		"fair,2023-10-12,A1,wsh,yes\n" +
		"fair,12/10/2023,a1,wsh,\n" +
		"fair,2023-10-12,B2,kfs,no\n" +
		"reading,2024-09-02,A1,,\n"
	outcomesCSV = "activity,participant,measure,group,post,pre,school,date\n" +
		"scitt,A1,grade,intervention,6,4,wsh,2024-06-30\n" +
		"scitt,C3,grade,comparison,5,,wsh,\n"
	outcomesFixCSV = "activity,participant,measure,group,post,pre,school,date\n" +
		"scitt,a1,grade,intervention,7,4,wsh,2024-06-30\n"
	kpisCSV = "kpi,period,value,school,note\n" +
		"trainees,2022/23,14,,\n" +
		"gap,2023/24,12.5,wsh,\n" +
		"gap,2023/24,10.5,kfs,\n" +
		"encounters,2023/24,310,,\n" +
		"encounters,2023/24,330,,late returns\n"
)

var allActivities, allKPIs = []string{"scitt", "reading", "fair"}, []string{"trainees", "gap", "encounters"}

func testImport(t *testing.T, open Opener) {
	f := newFixture(t, open)
	evidence0, _ := f.st.EvidenceVersion(f.ctx)
	data0, _ := f.st.DataVersion(f.ctx)
	res := f.mustImport("participation.csv", participationCSV, "outcomes.csv", outcomesCSV, "kpis.csv", kpisCSV)
	var got []string
	for _, file := range res.Files {
		got = append(got, fmt.Sprintf("%s %s %d %d", file.Name, file.Kind, file.Rows, len(file.Hash)))
	}
	same(t, "imported files", got, []string{"participation.csv participation 4 64", "outcomes.csv outcomes 2 64", "kpis.csv kpi values 5 64"})
	if res.Rows() != 11 {
		t.Errorf("Rows() = %d, want 4 + 2 + 5 = 11", res.Rows())
	}
	if v, _ := f.st.EvidenceVersion(f.ctx); v == evidence0 {
		t.Error("EvidenceVersion did not change with an import")
	}
	if v, _ := f.st.DataVersion(f.ctx); v == data0 {
		t.Error("DataVersion did not change with an import")
	}
	// A correction of A1's grade supersedes the first row.
	f.mustImport("outcomes-fix.csv", outcomesFixCSV)

	snap := f.snapshot()
	// Sorted by activity, date, school and flag (unknown, no, yes), pupils
	// numbered as they first appear: B2 p1, A1 p2.
	same(t, "participation", participation(t, snap, allActivities...), []string{
		"fair 2023-10-12 2023/24 p1 kfs no",
		"fair 2023-10-12 2023/24 p2 wsh unknown",
		"fair 2023-10-12 2023/24 p2 wsh yes",
		"reading 2024-09-02 2024/25 p2 - unknown",
	})
	same(t, "participation of reading alone", participation(t, snap, "reading"), []string{"reading 2024-09-02 2024/25 p1 - unknown"})
	same(t, "participation of no activity", participation(t, snap), nil)

	outcomes, err := snap.Outcomes(f.ctx, []string{"scitt"})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, o := range outcomes {
		pre, period := "-", "-"
		if o.Pre != nil {
			pre = fmt.Sprint(*o.Pre)
		}
		if o.Period != nil {
			period = o.Period.String()
		}
		got = append(got, fmt.Sprintf("%s %s %s pre %s post %v %s %s %s", o.Activity, o.Measure, o.Group, pre, o.Post, o.School, flagName(o.Disadvantaged), period))
	}
	// Comparison before intervention; A1's first row superseded by the fix.
	same(t, "outcomes", got, []string{
		"scitt grade comparison pre - post 5 wsh unknown -",
		"scitt grade intervention pre 4 post 7 wsh unknown 2023/24",
	})
	if len(outcomes) == 2 {
		var a1 int64 = -1
		snap.EachParticipation(f.ctx, []string{"reading"}, func(r *toc.ParticipationRow) error { a1 = r.Pupil; return nil })
		if outcomes[1].Pupil != a1 || outcomes[0].Pupil == a1 {
			t.Errorf("A1 is pupil %d in reading and %d in the SCITT's outcomes (C3 %d): the same pupil must match across files", a1, outcomes[1].Pupil, outcomes[0].Pupil)
		}
	}

	values, err := snap.KPIValues(f.ctx, allKPIs)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, v := range values {
		got = append(got, fmt.Sprintf("%s %s %s %v", v.KPI, v.Period, orDash(v.School), v.Value))
	}
	// By KPI, period and order logged; 330 supersedes 310.
	same(t, "KPI values", got, []string{"encounters 2023/24 - 330", "gap 2023/24 wsh 12.5", "gap 2023/24 kfs 10.5", "trainees 2022/23 - 14"})

	for _, c := range []struct {
		acts, kpis []string
		want       string
	}{
		{allActivities, allKPIs, "2024/25 true"}, // reading's row of 2024-09-02
		{[]string{"fair"}, []string{"trainees"}, "2023/24 true"},
		{[]string{"scitt"}, nil, "2023/24 true"}, // a dated outcome
		{nil, []string{"trainees"}, "2022/23 true"},
		{nil, nil, "0 false"},
	} {
		p, ok, err := snap.LatestPeriod(f.ctx, c.acts, c.kpis)
		got := fmt.Sprintf("%v %v", p, ok)
		if !ok {
			got = fmt.Sprintf("%d %v", int(p), ok)
		}
		if err != nil || got != c.want {
			t.Errorf("LatestPeriod(%v, %v) = %s, %v; want %s", c.acts, c.kpis, got, err, c.want)
		}
	}
}

func testImportRefused(t *testing.T, open Opener) {
	t.Run("BadRows", func(t *testing.T) {
		f := newFixture(t, open)
		before, _ := f.st.DataVersion(f.ctx)
		bad := "activity,date,participant\nfair,2023-13-01,A1\nnope,2023-10-12,B2\n"
		_, err := f.importCSV(false, "good.csv", participationCSV, "bad.csv", bad)
		var list toc.List
		if !errors.As(err, &list) {
			t.Fatalf("err = %v, want a toc.List", err)
		}
		var got []string
		for _, e := range list {
			got = append(got, fmt.Sprintf("%s %s:%d:%d", e.Code, e.File, e.Line, e.Col))
		}
		same(t, "problems", got, []string{"invalid bad.csv:2:2", "invalid bad.csv:3:1"})
		if after, _ := f.st.DataVersion(f.ctx); after != before {
			t.Error("a refused import changed the data version")
		}
		same(t, "participation after a refused import", participation(t, f.snapshot(), allActivities...), nil)
	})
	t.Run("ImportedBefore", func(t *testing.T) {
		f := newFixture(t, open)
		f.mustImport("participation.csv", participationCSV)
		_, err := f.importCSV(false, "again.csv", participationCSV)
		if toc.ErrorCode(err) != toc.ECONFLICT {
			t.Fatalf("the same content again: err = %v, want a conflict", err)
		}
		if _, err := f.importCSV(true, "again.csv", participationCSV); err != nil {
			t.Fatalf("--again: %v", err)
		}
		if n := len(participation(t, f.snapshot(), allActivities...)); n != 8 {
			t.Errorf("%d rows after importing the file twice, want 8", n)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		f := newFixture(t, open)
		_, err := f.importCSV(false, "empty.csv", "activity,date,participant\n")
		var list toc.List
		if !errors.As(err, &list) || len(list) != 1 || list[0].Line != 2 {
			t.Errorf("a header alone: err = %v, want one problem at row 2", err)
		}
	})
}

func testSnapshot(t *testing.T, open Opener) {
	f := newFixture(t, open)
	old := f.snapshot()
	// A read started before the import keeps seeing the store as it was.
	same(t, "before", participation(t, old, allActivities...), nil)
	f.mustImport("participation.csv", participationCSV)
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann"); err != nil {
		t.Fatal(err)
	}
	same(t, "the old snapshot after an import", participation(t, old, allActivities...), nil)
	if v, _ := old.KPIValues(f.ctx, allKPIs); len(v) != 0 {
		t.Errorf("the old snapshot sees %d KPI values logged after it began", len(v))
	}
	if h, _ := old.KPIHistory(f.ctx, "trainees"); len(h) != 0 {
		t.Errorf("the old snapshot sees %d history entries logged after it began", len(h))
	}
	if n := len(participation(t, f.snapshot(), allActivities...)); n != 4 {
		t.Errorf("a new snapshot sees %d rows, want 4", n)
	}
	if err := old.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
