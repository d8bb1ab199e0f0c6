package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/toc"
)

// bigCSV is n participation rows of n distinct pupils, then extra.
func bigCSV(n int, extra string) string {
	var b strings.Builder
	b.WriteString("activity,date,participant,school,disadvantaged\n")
	for i := range n {
		fmt.Fprintf(&b, "fair,2023-10-12,P%06d,wsh,%s\n", i, map[bool]string{true: "yes", false: "no"}[i%2 == 1])
	}
	b.WriteString(extra)
	return b.String()
}

// TestImport_Large: an import of 150,000 rows — pupils and rows by COPY,
// read back in three chunks — takes over a second of the store's own,
// which is no wait for another's.
func TestImport_Large(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("imports 150,000 rows")
	}
	ctx := context.Background()
	url, p, dir := pgtest.URL(t), testToC(t), t.TempDir()
	open(t, url, dir).Close()
	var waited atomic.Bool
	s, err := postgres.Open(ctx, url, dir, postgres.Options{OnWait: func() { waited.Store(true) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = clock
	const n = 150_000
	res := mustImport(t, s, p, "big.csv", bigCSV(n, ""))
	if res.Rows() != n || res.Files[0].Pupils != n {
		t.Fatalf("imported %d rows of %d pupils, want %d of %d", res.Rows(), res.Files[0].Pupils, n, n)
	}
	if waited.Load() {
		t.Error("OnWait was called for the store's own long write")
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	pupils := map[int64]bool{}
	yes := 0
	err = snap.EachParticipation(ctx, []string{"fair"}, func(r *toc.ParticipationRow) error {
		pupils[r.Pupil] = true
		if r.Disadvantaged == toc.FlagYes {
			yes++
		}
		return nil
	})
	if err != nil || len(pupils) != n || yes != n/2 {
		t.Errorf("read back %d pupils, %d disadvantaged, %v; want %d and %d", len(pupils), yes, err, n, n/2)
	}
}

// TestImport_Refused: a bad row after 20,000 good ones, an import
// cancelled midway and a dry run leave nothing behind, and the store
// takes the next import.
func TestImport_Refused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	s := open(t, url, t.TempDir())
	mustImport(t, s, p, "kpis.csv", "kpi,period,value\ntrainees,2022/23,14\n")
	state := func() string {
		d, _ := s.DataVersion(ctx)
		e, _ := s.EvidenceVersion(ctx)
		imps, _ := s.ListImports(ctx)
		audit, _ := s.AuditTrail(ctx, engine.AuditQuery{Limit: 100})
		return fmt.Sprintf("data %d evidence %d imports %d audit %d rows %d", d, e, len(imps), len(audit), rows(t, s))
	}
	before := state()
	tables := func() string {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var pupils, part int64
		if err := conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM pupils), (SELECT count(*) FROM participation)").Scan(&pupils, &part); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d pupils, %d participation rows", pupils, part)
	}

	_, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("big.csv", []byte(bigCSV(20000, "fair,2023-10-32,P20000,wsh,yes\n")))}, engine.ImportOptions{Who: "tester"})
	if want := `big.csv:20002:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2023-10-32"`; err == nil || err.Error() != want {
		t.Errorf("a bad row after 20,000: %v, want %s", err, want)
	}

	cctx, cancel := context.WithCancel(ctx)
	_, err = s.Import(cctx, p, []engine.ImportFile{engine.ImportBytes("big.csv", []byte(bigCSV(50000, "")))}, engine.ImportOptions{Who: "tester",
		Progress: func(rows, _ int64) {
			if rows > 10000 {
				cancel()
			}
		}})
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled import: %v, want context.Canceled", err)
	}

	res, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("part.csv", []byte(participationCSV))}, engine.ImportOptions{Who: "tester", DryRun: true})
	if err != nil || res.Rows() != 2 {
		t.Errorf("a dry run: %+v, %v; want it to say 2 rows", res, err)
	}
	if got := state(); got != before {
		t.Errorf("after the refused imports: %s, want %s", got, before)
	}
	if got := tables(); got != "0 pupils, 0 participation rows" {
		t.Errorf("after the refused imports the database holds %s", got)
	}
	mustImport(t, s, p, "part.csv", participationCSV)
	if n := rows(t, s); n != 2 {
		t.Errorf("%d rows after the next import, want 2", n)
	}
}

// TestImport_NoIdentifierInDatabase: no identifier of an imported file is
// anywhere in the database, in any case, in any table.
func TestImport_NoIdentifierInDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	s := open(t, url, t.TempDir())
	var ids []string
	var part, out strings.Builder
	part.WriteString("activity,date,participant,school\n")
	out.WriteString("activity,participant,measure,group,pre,post\n")
	for i := range 500 {
		id := fmt.Sprintf("K%012d", 900000000000+i*7919) // UPN-like, unlike any other bytes
		ids = append(ids, id)
		fmt.Fprintf(&part, "fair,2023-10-12,%s,wsh\n", strings.ToLower(id))
		fmt.Fprintf(&out, "scitt,%s,grade,intervention,2,3\n", id)
	}
	mustImport(t, s, p, "part.csv", part.String())
	mustImport(t, s, p, "out.csv", out.String())
	mustImport(t, s, p, "pupils.csv", "participant,year_group,sex\n"+strings.Join(ids[:100], ",5,F\n")+",5,F\n")
	if _, err := s.Pupil(ctx, engine.Identifier{ID: ids[0]}, "dpo"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, []engine.Identifier{{ID: ids[1]}}, "dpo"); err != nil {
		t.Fatal(err)
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tables []string
	rs, err := conn.Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var name string
		if err := rs.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rs.Close()
	if len(tables) < 15 {
		t.Fatalf("only tables %v", tables)
	}
	for _, table := range tables {
		var dump string
		if err := conn.QueryRow(ctx, "SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM "+pgx.Identifier{table}.Sanitize()+" t").Scan(&dump); err != nil {
			t.Fatal(err)
		}
		dump = strings.ToUpper(dump)
		for _, id := range ids {
			if strings.Contains(dump, id) {
				t.Errorf("table %s holds the identifier %s", table, id)
				break
			}
		}
	}
}

// TestImport_NulRefused: PostgreSQL holds no NUL character: a note or a
// measure with one is refused as invalid, and nothing is written.
func TestImport_NulRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	s := open(t, url, t.TempDir())
	_, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("kpis.csv", []byte("kpi,period,value,note\ntrainees,2022/23,14,a\x00b\n"))}, engine.ImportOptions{Who: "tester"})
	if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("a note with a NUL: %v, want EINVALID naming it", err)
	}
	_, err = s.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 1, Note: "a\x00"}, "ann")
	if toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("a logged note with a NUL: %v, want EINVALID", err)
	}
	if imps, _ := s.ListImports(ctx); len(imps) != 0 {
		t.Errorf("imports %+v after the refusals", imps)
	}
}
