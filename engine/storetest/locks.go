package storetest

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testLocks: a locked period refuses every write dated in it — a logged
// value, imported rows of each kind, a withdrawal, a revert — with the
// reason, and writes nothing; other periods go on; unlocking opens it.
func testLocks(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("participation.csv", participationCSV, "kpis.csv", kpisCSV)
	imports, _ := f.st.ListImports(f.ctx)
	l, err := f.st.Lock(f.ctx, 2023, "ada")
	if err != nil || l.Period != 2023 || l.Who != "ada" {
		t.Fatalf("lock 2023/24: %+v, %v", l, err)
	}
	if _, err := f.st.Lock(f.ctx, 2023, "ada"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("locking twice: %v, want invalid", err)
	}
	audit0 := auditCount(t, f)
	const why = "2023/24 is locked (by ada on 1 March 2025)"
	refused := func(what string, err error, where string) {
		t.Helper()
		if err == nil || where == "" && toc.ErrorCode(err) != toc.ECONFLICT || !strings.Contains(err.Error(), why) || !strings.Contains(err.Error(), where) {
			t.Errorf("%s: %v, want it refused at %q because %s", what, err, where, why)
		}
	}
	_, err = f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "encounters", Period: 2023, Value: 1}, "ed")
	refused("a value for 2023/24", err, "")
	_, _, err = f.st.WithdrawKPI(f.ctx, f.p, "encounters", 2023, "", "ed")
	refused("withdrawing a 2023/24 value", err, "")
	_, err = f.st.RevertImport(f.ctx, imports[0].ID, "ed")
	refused("reverting participation.csv", err, "")
	// Rows: the second row is dated in 2023/24, at its date (column 2);
	// a KPI value at its period (column 2); a pupils row at its period.
	_, err = f.importCSV(false, "late.csv", "activity,date,participant\nreading,2024-09-09,Z9\nfair,2024-06-30,Z8\n")
	refused("a participation row of 2023/24", err, "late.csv:3:2: ")
	_, err = f.importCSV(false, "k.csv", "kpi,period,value\nencounters,2023/24,5\n")
	refused("a KPI value of 2023/24", err, "k.csv:2:2: ")
	_, err = f.importCSV(false, "p.csv", "participant,period,sex\nA1,2023/24,F\n")
	refused("a pupils row of 2023/24", err, "p.csv:2:2: ")
	if n := auditCount(t, f); n != audit0 {
		t.Errorf("refused writes left %d audit entries", n-audit0)
	}
	// Other years go on.
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "encounters", Period: 2024, Value: 400}, "ed"); err != nil {
		t.Errorf("a value for 2024/25: %v", err)
	}
	if locks, _ := f.st.ListLocks(f.ctx); len(locks) != 1 || locks[0].Period != 2023 {
		t.Errorf("locks %+v, want 2023/24", locks)
	}
	if err := f.st.Unlock(f.ctx, 2023, "ada"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Unlock(f.ctx, 2023, "ada"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("unlocking twice: %v, want invalid", err)
	}
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "encounters", Period: 2023, Value: 1}, "ed"); err != nil {
		t.Errorf("a value for 2023/24 once unlocked: %v", err)
	}
	lines, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 2})
	if len(lines) != 2 || lines[1].Action != "unlock" || lines[1].Detail != "2023/24" {
		t.Errorf("audit %+v, want the unlock", lines)
	}
}
