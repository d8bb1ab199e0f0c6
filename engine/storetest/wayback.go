package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testFuture: nothing dated after today (2025-03-01 in the suite) or in a
// later academic year than 2024/25 is written, by hand or by import.
func testFuture(t *testing.T, open Opener) {
	f := newFixture(t, open)
	before, _ := f.st.DataVersion(f.ctx)
	_, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "trainees", Period: 2204, Value: 19}, "ann")
	want := "--period: 2204/05 is after the current academic year 2024/25: expected a year that has begun (today is 1 March 2025)"
	if toc.ErrorCode(err) != toc.EINVALID || err.Error() != want {
		t.Errorf("a value for 2204/05: %v\nwant %s", err, want)
	}
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "trainees", Period: 2024, Value: 19}, "ann"); err != nil {
		t.Errorf("a value for the current year: %v", err)
	}
	after, _ := f.st.DataVersion(f.ctx)
	_, err = f.importCSV(false,
		"late.csv", "activity,date,participant\nfair,31/12/9999,A1\nfair,2025-03-02,A2\nfair,2025-03-01,A3\n",
		"kpis.csv", "kpi,period,value\ntrainees,2025/26,3\n")
	var list toc.List
	if !errors.As(err, &list) {
		t.Fatalf("future rows: %v, want a list of problems", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	same(t, "problems", got, []string{
		"late.csv:2:2: date: 9999-12-31 is after today (1 March 2025): expected a date that has passed",
		"late.csv:3:2: date: 2025-03-02 is after today (1 March 2025): expected a date that has passed",
		"kpis.csv:2:2: period: 2025/26 is after the current academic year 2024/25: expected a year that has begun (today is 1 March 2025)",
	})
	if v, _ := f.st.DataVersion(f.ctx); v != after || after == before {
		t.Error("a refused write changed the store, or the good one did not")
	}
}

// testWithdraw: a withdrawn value stops counting, stays in the history, and
// the value it had superseded counts again.
func testWithdraw(t *testing.T, open Opener) {
	f := newFixture(t, open)
	for _, v := range []float64{17, 18} {
		if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: v}, "ann"); err != nil {
			t.Fatal(err)
		}
	}
	w, r, err := f.st.WithdrawKPI(f.ctx, f.p, "trainees", 2023, "", "bob")
	if err != nil || w == nil || w.Value != 18 || w.Status != toc.Withdrawn || r == nil || r.Value != 17 {
		t.Fatalf("withdraw = %+v, %+v, %v; want 18 withdrawn, 17 back in force", w, r, err)
	}
	if got := inForce(t, f, "trainees"); got != "2023/24 - 17" {
		t.Errorf("in force after the withdrawal: %s, want 2023/24 - 17", got)
	}
	history, _ := engine.ReadKPIHistory(f.ctx, f.st, "trainees")
	var got []string
	for _, h := range history {
		got = append(got, fmt.Sprintf("%v %s", h.Value, h.Status))
	}
	same(t, "history", got, []string{"17 current", "18 withdrawn"})
	if _, r, err := f.st.WithdrawKPI(f.ctx, f.p, "trainees", 2023, "", "bob"); err != nil || r != nil {
		t.Errorf("withdrawing 17 too: restored %+v, %v; want nothing left", r, err)
	}
	if got := inForce(t, f, "trainees"); got != "" {
		t.Errorf("in force after both withdrawals: %q, want nothing", got)
	}
	before, _ := f.st.DataVersion(f.ctx)
	if _, _, err := f.st.WithdrawKPI(f.ctx, f.p, "trainees", 2023, "", "bob"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("withdrawing with nothing in force: %v, want invalid", err)
	}
	if _, _, err := f.st.WithdrawKPI(f.ctx, f.p, "nope", 2023, "", "bob"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("withdrawing an unknown KPI: %v, want invalid", err)
	}
	if after, _ := f.st.DataVersion(f.ctx); after != before {
		t.Error("a refused withdrawal wrote")
	}
	trail, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 1})
	if len(trail) != 1 || trail[0].Action != "withdraw" || trail[0].Who != "bob" {
		t.Errorf("the audit's last entry %+v, want bob's withdrawal", trail)
	}
}

// testRevert: a reverted import's rows stop counting and stay, marked; the
// rows it had superseded count again.
func testRevert(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("participation.csv", participationCSV, "outcomes.csv", outcomesCSV, "kpis.csv", kpisCSV)
	f.mustImport("outcomes-fix.csv", outcomesFixCSV,
		"kpis-fix.csv", "kpi,period,value\ntrainees,2022/23,15\n",
		"more.csv", "activity,date,participant\nreading,2024-09-09,Z9\n")
	imports, err := f.st.ListImports(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, im := range imports {
		got = append(got, fmt.Sprintf("%d %s %s %d %s %s", im.ID, im.File, im.Kind, im.Rows, im.Who, im.Status))
	}
	ids := map[string]int64{}
	for _, im := range imports {
		ids[im.File] = im.ID
	}
	same(t, "imports", got, []string{
		fmt.Sprintf("%d participation.csv participation 4 tester current", ids["participation.csv"]),
		fmt.Sprintf("%d outcomes.csv outcomes 2 tester current", ids["outcomes.csv"]),
		fmt.Sprintf("%d kpis.csv kpi values 5 tester current", ids["kpis.csv"]),
		fmt.Sprintf("%d outcomes-fix.csv outcomes 1 tester current", ids["outcomes-fix.csv"]),
		fmt.Sprintf("%d kpis-fix.csv kpi values 1 tester current", ids["kpis-fix.csv"]),
		fmt.Sprintf("%d more.csv participation 1 tester current", ids["more.csv"]),
	})
	for _, name := range []string{"outcomes-fix.csv", "kpis-fix.csv", "more.csv"} {
		r, err := f.st.RevertImport(f.ctx, ids[name], "bob")
		if err != nil || r.Status != toc.Reverted || r.File != name {
			t.Fatalf("revert %s = %+v, %v", name, r, err)
		}
	}
	snap := f.snapshot()
	// A1's SCITT grade is 6 again, trainees 2022/23 is 14 again, and Z9's
	// row no longer counts: reading is back to A1 alone in 2024/25.
	outcomes, _ := snap.Outcomes(f.ctx, []string{"scitt"})
	if len(outcomes) != 2 || outcomes[1].Post != 6 {
		t.Errorf("outcomes after the revert: %+v, want A1's first grade (6) back", outcomes)
	}
	if got := inForce(t, f, "trainees"); got != "2022/23 - 14" {
		t.Errorf("trainees in force: %s, want 2022/23 - 14", got)
	}
	same(t, "reading", participation(t, snap, "reading"), []string{"reading 2024-09-02 2024/25 p1 - unknown"})
	history, _ := engine.ReadKPIHistory(f.ctx, f.st, "trainees")
	if len(history) != 2 || history[1].Status != toc.Reverted || history[0].Status != toc.Current {
		t.Errorf("history %+v, want 14 current and 15 reverted", history)
	}
	if _, err := f.st.RevertImport(f.ctx, ids["more.csv"], "bob"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("reverting twice: %v, want invalid", err)
	}
	if _, err := f.st.RevertImport(f.ctx, 999, "bob"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("reverting an unknown import: %v, want not found", err)
	}
	if imports, _ := f.st.ListImports(f.ctx); imports[5].Status != toc.Reverted || imports[0].Status != toc.Current {
		t.Errorf("statuses after the reverts: %+v", imports)
	}
}

// inForce lists the values in force of a KPI as "period school value".
func inForce(t *testing.T, f *fixture, kpi string) string {
	t.Helper()
	values, err := f.snapshot().KPIValues(f.ctx, []string{kpi})
	if err != nil {
		t.Fatal(err)
	}
	s := ""
	for _, v := range values {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%s %s %v", v.Period, orDash(v.School), v.Value)
	}
	return s
}
