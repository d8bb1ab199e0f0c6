package storetest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testReview: what an editor writes while review is required is pending —
// in the director's snapshot, not in the approved one — until approved;
// returned, it counts nowhere and the earlier value is back in force.
func testReview(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("kpis.csv", kpisCSV)
	approved := func(kpi string) string {
		t.Helper()
		snap, err := f.st.ApprovedSnapshot(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		values, _ := snap.KPIValues(f.ctx, []string{kpi})
		var out []string
		for _, v := range values {
			out = append(out, v.Period.String()+"="+trimFloat(v.Value))
		}
		return strings.Join(out, " ")
	}
	directed := func(kpi string) string {
		t.Helper()
		values, _ := f.snapshot().KPIValues(f.ctx, []string{kpi})
		var out []string
		for _, v := range values {
			out = append(out, v.Period.String()+"="+trimFloat(v.Value))
		}
		return strings.Join(out, " ")
	}
	// A pending correction of trainees 2022/23 (14 → 15) and a new value.
	for _, v := range []toc.KPIRecord{{KPI: "trainees", Period: 2022, Value: 15, Pending: true}, {KPI: "trainees", Period: 2024, Value: 19, Pending: true}} {
		if _, err := f.st.LogKPI(f.ctx, f.p, v, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	// And a pending file of participation.
	res, err := f.st.Import(f.ctx, f.p, []engine.ImportFile{engine.ImportBytes("p.csv", []byte(participationCSV))}, engine.ImportOptions{Who: "ed", Pending: true})
	if err != nil || res.Rows() != 4 {
		t.Fatalf("pending import: %+v %v", res, err)
	}
	if got := directed("trainees"); got != "2022/23=15 2024/25=19" {
		t.Errorf("director's trainees %s, want the pending values counted", got)
	}
	if got := approved("trainees"); got != "2022/23=14" {
		t.Errorf("approved trainees %s, want the pending values left out", got)
	}
	snap, _ := f.st.ApprovedSnapshot(f.ctx)
	if rows := participation(t, snap, allActivities...); len(rows) != 0 {
		t.Errorf("approved participation %v, want none (the file is pending)", rows)
	}
	snap.Close()
	items, err := f.st.ReviewItems(f.ctx, toc.ReviewPending)
	if err != nil || len(items) != 3 || items[0].Kind != "kpi value" || items[2].Kind != "import" || items[2].Rows != 4 || items[0].Who != "ed" ||
		items[0].What != "trainees 2022/23 partnership-wide = 15" {
		t.Fatalf("pending items %+v, %v", items, err)
	}
	if imports, _ := f.st.ListImports(f.ctx); imports[1].Status != toc.Pending {
		t.Errorf("the pending file lists as %s", imports[1].Status)
	}
	if hist, _ := engine.ReadKPIHistory(f.ctx, f.st, "trainees"); len(hist) != 3 || hist[1].Status != toc.Pending {
		t.Errorf("history %+v, want the 2022/23 correction pending", hist)
	}
	if c, _ := f.st.ReviewCounts(f.ctx); c != (toc.ReviewCounts{Pending: 3}) {
		t.Errorf("counts %+v", c)
	}

	// Approve the new value and the file; return the correction.
	if got, err := f.st.Approve(f.ctx, []int64{items[1].ID, items[2].ID}, "ada"); err != nil || len(got) != 2 || got[0].ReviewedBy != "ada" {
		t.Fatalf("approve: %+v %v", got, err)
	}
	if _, err := f.st.Return(f.ctx, items[0].ID, "", "ada"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("a return without a note: %v, want invalid", err)
	}
	r, err := f.st.Return(f.ctx, items[0].ID, "2022/23 was 14: the register says so", "ada")
	if err != nil || r.Status != toc.ReviewReturned || r.Note == "" {
		t.Fatalf("return: %+v %v", r, err)
	}
	if got := approved("trainees"); got != "2022/23=14 2024/25=19" {
		t.Errorf("approved trainees after the review %s, want 14 back and 19", got)
	}
	if got := directed("trainees"); got != "2022/23=14 2024/25=19" {
		t.Errorf("director's trainees after the review %s: the returned 15 counts nowhere", got)
	}
	snap, _ = f.st.ApprovedSnapshot(f.ctx)
	if rows := participation(t, snap, allActivities...); len(rows) != 4 {
		t.Errorf("approved participation %v, want the file's 4 rows", rows)
	}
	snap.Close()
	if _, err := f.st.Approve(f.ctx, []int64{items[0].ID}, "ada"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("approving a returned item: %v, want invalid", err)
	}
	if _, err := f.st.Approve(f.ctx, nil, "ada"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("approving all with none pending: %v, want invalid", err)
	}
	if c, _ := f.st.ReviewCounts(f.ctx); c != (toc.ReviewCounts{Approved: 2, Returned: 1}) {
		t.Errorf("counts %+v", c)
	}
	lines, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 3})
	if len(lines) != 3 || lines[0].Action != "return" || lines[1].Action != "approve" || lines[0].Who != "ada" {
		t.Errorf("audit %+v", lines)
	}

	// A locked year refuses approvals of its items.
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "gap", Period: 2023, Value: 11, Pending: true}, "ed"); err != nil {
		t.Fatal(err)
	}
	f.st.Lock(f.ctx, 2023, "ada")
	if _, err := f.st.Approve(f.ctx, nil, "ada"); toc.ErrorCode(err) != toc.ECONFLICT {
		t.Errorf("approving an item of a locked year: %v, want conflict", err)
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
