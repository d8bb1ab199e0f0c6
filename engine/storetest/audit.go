package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func testAudit(t *testing.T, open Opener) {
	f := newFixture(t, open)
	versions := func() (int64, int64) {
		d, err1 := f.st.DataVersion(f.ctx)
		e, err2 := f.st.EvidenceVersion(f.ctx)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		return d, e
	}
	d0, e0 := versions()
	if _, err := f.st.AddUser(f.ctx, "root", engine.User{Name: "ann", Role: toc.RoleAdmin}, f.p); err != nil {
		t.Fatal(err)
	}
	d1, e1 := versions()
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann"); err != nil {
		t.Fatal(err)
	}
	d2, e2 := versions()
	f.mustImport("participation.csv", participationCSV)
	d3, e3 := versions()
	// A login's coming changes no figure a page shows: only the value and
	// the import move the data version on.
	if !(d0 == d1 && d1 < d2 && d2 < d3) {
		t.Errorf("data versions %d %d %d %d: want every write of data to move it on, and a new login not to", d0, d1, d2, d3)
	}
	if e0 != e1 || e1 != e2 || e3 == e2 {
		t.Errorf("evidence versions %d %d %d %d: want only the import to move it", e0, e1, e2, e3)
	}

	trail, err := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range trail {
		got = append(got, fmt.Sprintf("%s %s %s %d", l.Who, l.Action, l.At, l.Rows))
	}
	same(t, "audit trail, newest first", got, []string{
		"tester import 2025-03-01T09:30:00Z 4",
		"ann log 2025-03-01T09:30:00Z 1",
		"root user-add 2025-03-01T09:30:00Z 0",
	})
	if len(trail) == 3 {
		older, err := f.st.AuditTrail(f.ctx, engine.AuditQuery{Before: trail[0].ID, Limit: 1})
		if err != nil || len(older) != 1 || older[0].ID != trail[1].ID {
			t.Errorf("one entry before the newest = %+v, %v; want %+v", older, err, trail[1])
		}
	}

	// Filters: each picks out what the three entries above say it should.
	for _, c := range []struct {
		q    engine.AuditQuery
		want []string
	}{
		{engine.AuditQuery{Limit: 10, Who: "ann"}, []string{"ann log"}},
		{engine.AuditQuery{Limit: 10, Action: "import"}, []string{"tester import"}},
		{engine.AuditQuery{Limit: 10, Who: "ann", Action: "import"}, nil},
		{engine.AuditQuery{Limit: 10, Since: "2025-03-01"}, []string{"tester import", "ann log", "root user-add"}},
		{engine.AuditQuery{Limit: 10, Since: "2025-03-02"}, nil},
		{engine.AuditQuery{Limit: 10, Who: "o'brien; --"}, nil},
	} {
		lines, err := f.st.AuditTrail(f.ctx, c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		var got []string
		for _, l := range lines {
			got = append(got, l.Who+" "+l.Action)
		}
		same(t, fmt.Sprintf("audit trail of %+v", c.q), got, c.want)
	}
}

// testConcurrent: goroutines sharing one store import and log at once;
// none sees an error and no write is lost.
func testConcurrent(t *testing.T, open Opener) {
	f := newFixture(t, open)
	const goroutines, rounds = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds*3)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				csv := fmt.Sprintf("activity,date,participant\nfair,2023-10-12,G%d-%d\n", g, i)
				if _, err := f.importCSV(false, fmt.Sprintf("g%d-%d.csv", g, i), csv); err != nil {
					errs <- err
				}
				if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "encounters", Period: 2023, School: "wsh", Value: float64(i)}, "g"); err != nil {
					errs <- err
				}
				if _, err := engine.ReadKPIHistory(f.ctx, f.st, "encounters"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// 40 imports of one pupil each; 40 values of which one is current.
	if n := len(participation(t, f.snapshot(), "fair")); n != goroutines*rounds {
		t.Errorf("%d participation rows, want %d", n, goroutines*rounds)
	}
	history, _ := engine.ReadKPIHistory(f.ctx, f.st, "encounters")
	current := 0
	for _, h := range history {
		if h.Status == toc.Current {
			current++
		}
	}
	if len(history) != goroutines*rounds || current != 1 {
		t.Errorf("%d values, %d current; want %d and 1", len(history), current, goroutines*rounds)
	}
}
