package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// factsStore holds rows written straight into the tables, superseded and
// dropped ones among them, so that each query's filter shows:
//
//	participation: a 2023 ×2 (one without school, flag unknown), b 2024, gone 2026,
//	               b on 31 August and 1 September 2024 at ids 50000 and 50001
//	outcomes: a/m intervention pupil 1: superseded (2025) and in force (undated);
//	          a/m comparison pupil 2 (2022); gone/m 2027
//	kpi_values: k 2021 superseded, k 2021 in force, k school x 2022, dropped 2028
//
// (the later row of a key supersedes the earlier)
func factsStore(t *testing.T) engine.Snapshot {
	t.Helper()
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.Write(context.Background(), func(tx *sql.Tx) error {
		for _, q := range []string{
			`INSERT INTO imports (id, file, hash, kind, rows, imported_at, imported_by) VALUES (1, 'f', 'h', 'participation', 0, '', '')`,
			`INSERT INTO pupils (id, pseudonym) VALUES (1, x'01'), (2, x'02'), (3, x'03')`,
			`INSERT INTO participation (import_id, activity, date, period, pupil, school, disadvantaged) VALUES
			   (1, 'a', '2023-10-01', 2023, 1, 'x', 1),
			   (1, 'a', '2023-10-02', 2023, 2, '', NULL),
			   (1, 'b', '2024-10-01', 2024, 3, 'y', 0),
			   (1, 'gone', '2026-10-01', 2026, 3, 'y', 0)`,
			// Far ids, so the rows span chunks with empty ones between; the
			// last day of August and the first of September.
			`INSERT INTO participation (id, import_id, activity, date, period, pupil, school, disadvantaged) VALUES
			   (50000, 1, 'b', '2024-08-31', 2023, 2, 'y', 1),
			   (50001, 1, 'b', '2024-09-01', 2024, 2, 'y', 0)`,
			`INSERT INTO outcomes (import_id, activity, measure, grp, pupil, pre, post, school, disadvantaged, date, period) VALUES
			   (1, 'a', 'm', 'intervention', 1, 1, 2, 'x', 1, '2025-10-01', 2025),
			   (1, 'a', 'm', 'intervention', 1, NULL, 3, 'x', NULL, NULL, NULL),
			   (1, 'a', 'm', 'comparison', 2, 4, 5, '', 0, '2022-10-01', 2022),
			   (1, 'gone', 'm', 'intervention', 3, NULL, 1, '', NULL, '2027-10-01', 2027)`,
			`INSERT INTO kpi_values (kpi, period, school, value, logged_at, logged_by) VALUES
			   ('k', 2021, '', 1, '', ''),
			   ('k', 2021, '', 2, '', ''),
			   ('k', 2022, 'x', 3, '', ''),
			   ('dropped', 2028, '', 4, '', '')`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestFacts_EachParticipation(t *testing.T) {
	st := factsStore(t)
	ctx := context.Background()
	t.Run("OnlyTheActivitiesAsked", func(t *testing.T) {
		var got []toc.ParticipationRow
		err := st.EachParticipation(ctx, []string{"a", "b"}, func(r *toc.ParticipationRow) error {
			got = append(got, *r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []toc.ParticipationRow{
			{Activity: "a", Date: "2023-10-01", Period: 2023, Pupil: 1, School: "x", Disadvantaged: toc.FlagYes},
			{Activity: "a", Date: "2023-10-02", Period: 2023, Pupil: 2, School: "", Disadvantaged: toc.FlagUnknown},
			{Activity: "b", Date: "2024-10-01", Period: 2024, Pupil: 3, School: "y", Disadvantaged: toc.FlagNo},
			{Activity: "b", Date: "2024-08-31", Period: 2023, Pupil: 2, School: "y", Disadvantaged: toc.FlagYes},
			{Activity: "b", Date: "2024-09-01", Period: 2024, Pupil: 2, School: "y", Disadvantaged: toc.FlagNo},
		}
		if len(got) != len(want) {
			t.Fatalf("got %d rows %+v, want %d", len(got), got, len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	t.Run("NoActivities", func(t *testing.T) {
		n := 0
		err := st.EachParticipation(ctx, nil, func(*toc.ParticipationRow) error { n++; return nil })
		if err != nil || n != 0 {
			t.Errorf("got %d rows, err %v, want none", n, err)
		}
	})
	t.Run("StopsOnError", func(t *testing.T) {
		stop := context.Canceled
		n := 0
		err := st.EachParticipation(ctx, []string{"a", "b"}, func(*toc.ParticipationRow) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("got %d rows, err %v, want 1 and the callback's error", n, err)
		}
	})
}

func TestFacts_Outcomes(t *testing.T) {
	st := factsStore(t)
	got, err := st.Outcomes(context.Background(), []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	// The superseded row of pupil 1 and the dropped activity's row are left out.
	if len(got) != 2 {
		t.Fatalf("got %d rows %+v, want 2", len(got), got)
	}
	c, i := got[0], got[1] // ordered by group: comparison, intervention
	if c.Group != "comparison" || c.Pre == nil || *c.Pre != 4 || c.Post != 5 || c.Period == nil || *c.Period != 2022 || c.Disadvantaged != toc.FlagNo {
		t.Errorf("comparison row = %+v", c)
	}
	if i.Group != "intervention" || i.Pre != nil || i.Post != 3 || i.Period != nil || i.School != "x" || i.Disadvantaged != toc.FlagUnknown {
		t.Errorf("intervention row = %+v", i)
	}
}

func TestFacts_KPIValues(t *testing.T) {
	st := factsStore(t)
	got, err := st.KPIValues(context.Background(), []string{"k"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Value != 2 || got[0].Period != 2021 || got[1].School != "x" || got[1].Value != 3 {
		t.Errorf("got %+v, want k 2021 = 2 (current) and k 2022 x = 3", got)
	}
}

func TestFacts_LatestPeriod(t *testing.T) {
	st := factsStore(t)
	ctx := context.Background()
	for _, c := range []struct {
		name             string
		activities, kpis []string
		want             toc.Period
		ok               bool
	}{
		// The superseded 2025 outcome row does not count; b's 2024 row does.
		{"ToCActivities", []string{"a", "b"}, []string{"k"}, 2024, true},
		{"OnlyKPIs", nil, []string{"k"}, 2022, true},
		// a's rows: 2023 participation, 2022 comparison; its 2025 row is superseded.
		{"OneActivity", []string{"a"}, nil, 2023, true},
		{"DroppedActivity", []string{"gone"}, nil, 2027, true},
		{"Nothing", []string{"none"}, []string{"none"}, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := st.LatestPeriod(ctx, c.activities, c.kpis)
			if err != nil || got != c.want || ok != c.ok {
				t.Errorf("LatestPeriod = %v, %v, %v, want %v, %v", got, ok, err, c.want, c.ok)
			}
		})
	}
}

func TestFacts_EachParticipationManyChunks(t *testing.T) {
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	// 40,000 rows, pupil i for row i: ids 1..40000 span three chunks.
	err = st.Write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`INSERT INTO imports (id, file, hash, kind, rows, imported_at, imported_by) VALUES (1, 'f', 'h', 'participation', 0, '', '')`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
			 INSERT INTO pupils (id, pseudonym) SELECT i, randomblob(32) FROM n`,
			`INSERT INTO participation (id, import_id, activity, date, period, pupil, school, disadvantaged)
			 SELECT id, 1, 'a', '2023-10-01', 2023, id, 's', id % 2 FROM pupils`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n, yes int
	var sum int64
	err = f.EachParticipation(ctx, []string{"a"}, func(r *toc.ParticipationRow) error {
		n++
		sum += r.Pupil
		if r.Disadvantaged == toc.FlagYes {
			yes++
		}
		return nil
	})
	// 1 + 2 + … + 40000 = 40000·40001/2 = 800,020,000; odd pupils are flagged.
	if err != nil || n != 40000 || sum != 800020000 || yes != 20000 {
		t.Errorf("got %d rows, pupils summing to %d, %d flagged, err %v; want 40000, 800020000, 20000", n, sum, yes, err)
	}
}
