package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/toc"
)

// TestStore_OtherProcess: a write through one store (its own pool, as
// another process's would be) moves the versions another store of the
// partnership reads, and shows in its next snapshot.
func TestStore_OtherProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p, dir := pgtest.URL(t), testToC(t), t.TempDir()
	server, cli := open(t, url, dir), open(t, url, dir)
	data0, _ := server.DataVersion(ctx)
	evidence0, _ := server.EvidenceVersion(ctx)

	if _, err := cli.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann"); err != nil {
		t.Fatal(err)
	}
	data1, _ := server.DataVersion(ctx)
	evidence1, _ := server.EvidenceVersion(ctx)
	if data1 == data0 || evidence1 != evidence0 {
		t.Errorf("after another's KPI value: data %d → %d, evidence %d → %d; want data moved, evidence not", data0, data1, evidence0, evidence1)
	}
	mustImport(t, cli, p, "participation.csv", participationCSV)
	data2, _ := server.DataVersion(ctx)
	evidence2, _ := server.EvidenceVersion(ctx)
	if data2 == data1 || evidence2 == evidence1 {
		t.Errorf("after another's import: data %d → %d, evidence %d → %d; want both moved", data1, data2, evidence1, evidence2)
	}
	if n := rows(t, server); n != 2 {
		t.Errorf("the server reads %d rows of the other's import, want 2", n)
	}
	// A login moves neither.
	if _, err := cli.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleAdmin}, p); err != nil {
		t.Fatal(err)
	}
	if d, _ := server.DataVersion(ctx); d != data2 {
		t.Errorf("a new login moved the data version %d → %d", data2, d)
	}
	// A session started through one works through the other, and ends
	// on both.
	pw, err := cli.ResetPassword(ctx, "root", "ann")
	if err != nil {
		t.Fatal(err)
	}
	u, err := server.Authenticate(ctx, "ann", pw)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := server.CreateSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if sess, err := cli.Session(ctx, token); err != nil || sess.User.Name != "ann" {
		t.Errorf("the session through the other store: %+v, %v", sess, err)
	}
	if err := cli.EndSession(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Session(ctx, token); !errors.Is(err, engine.ErrNoSession) {
		t.Errorf("a session ended through the other store: %v, want ErrNoSession", err)
	}
}

// TestOpen_SharedPool: the stores of several partnerships can share one
// pool (a server of many); closing one leaves the pool to the others.
func TestOpen_SharedPool(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var stores []*postgres.Store
	for range 3 {
		s, err := postgres.Open(ctx, "", t.TempDir(), postgres.Options{Pool: pool})
		if err != nil {
			t.Fatal(err)
		}
		s.Now = clock
		stores = append(stores, s)
	}
	mustImport(t, stores[0], p, "participation.csv", participationCSV)
	stores[0].Close()
	mustImport(t, stores[1], p, "participation.csv", participationCSV)
	if n := rows(t, stores[1]); n != 2 {
		t.Errorf("the second partnership reads %d rows, want its 2", n)
	}
	if n := rows(t, stores[2]); n != 0 {
		t.Errorf("the third partnership reads %d rows, want none", n)
	}
	for _, s := range stores[1:] {
		s.Close()
	}
}

// TestStore_Busy: a write that waits past the busy timeout for another's
// write to the same partnership gives up with EBUSY, saying it waited; one
// to another partnership does not wait.
func TestStore_Busy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p, dir := pgtest.URL(t), testToC(t), t.TempDir()
	open(t, url, dir).Close() // the partnership meets the database
	waited := make(chan bool, 1)
	s, err := postgres.Open(ctx, url, dir, postgres.Options{BusyTimeout: 1500 * time.Millisecond, OnWait: func() { waited <- true }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other := open(t, url, t.TempDir())

	// Another process holds the partnership's write lock.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT 1 FROM partnerships WHERE uid = $1 FOR UPDATE", s.Partnership()); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := other.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 1}, "ann"); err != nil || time.Since(start) > time.Second {
		t.Errorf("a write to another partnership: %v after %v, want it done at once", err, time.Since(start))
	}
	_, err = s.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann")
	if toc.ErrorCode(err) != toc.EBUSY {
		t.Errorf("a write past the busy timeout: %v, want EBUSY", err)
	}
	select {
	case <-waited:
	default:
		t.Error("OnWait was not called")
	}
	tx.Rollback(ctx)
	if _, err := s.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann"); err != nil {
		t.Errorf("a write once the lock is free: %v", err)
	}
}

// TestOpen_Migrations: processes opening a new database at once migrate
// it once; a database of a newer impact is refused.
func TestOpen_Migrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(ctx, url, t.TempDir())
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("open at once: %v", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var partnerships int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM partnerships").Scan(&partnerships); err != nil || partnerships != 8 {
		t.Errorf("%d partnerships, %v; want 8", partnerships, err)
	}
	if _, err := conn.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')"); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, url, t.TempDir()); toc.ErrorCode(err) != toc.ENEWER {
		t.Errorf("a database of a newer impact: %v, want ENEWER", err)
	}
}

// TestSnapshot_ReadWithin: what EachParticipation and EachPupilFact call
// may read the snapshot too, as the SQLite store allows.
func TestSnapshot_ReadWithin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	s := open(t, url, t.TempDir())
	mustImport(t, s, p, "participation.csv", participationCSV)
	mustImport(t, s, p, "pupils.csv", "participant,year_group,sex\nA1,5,F\n")
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	n := 0
	err = snap.EachParticipation(ctx, []string{"fair"}, func(*toc.ParticipationRow) error {
		_, err := snap.KPIValues(ctx, []string{"trainees"})
		n++
		return err
	})
	if err != nil || n != 2 {
		t.Errorf("reads within EachParticipation: %d rows, %v", n, err)
	}
	err = snap.EachPupilFact(ctx, func(*toc.PupilFact) error {
		_, err := snap.Outcomes(ctx, []string{"fair"})
		return err
	})
	if err != nil {
		t.Errorf("reads within EachPupilFact: %v", err)
	}
	stop := errors.New("stop")
	if err := snap.EachParticipation(ctx, []string{"fair"}, func(*toc.ParticipationRow) error { return stop }); err != stop {
		t.Errorf("fn's error came back as %v", err)
	}
}

// TestAuthenticate_Nul: a login name with a NUL, which PostgreSQL cannot
// hold, is an unknown name, not a failure of the store.
func TestAuthenticate_Nul(t *testing.T) {
	t.Parallel()
	s := open(t, pgtest.URL(t), t.TempDir())
	if _, err := s.Authenticate(context.Background(), "ann\x00", "pw"); !errors.Is(err, engine.ErrBadLogin) {
		t.Errorf("a name with a NUL: %v, want ErrBadLogin", err)
	}
	if err := s.LoginFailed(context.Background(), "ann\x00", "127.0.0.1", 1); err != nil {
		t.Errorf("auditing a failed login of a name with a NUL: %v", err)
	}
}
