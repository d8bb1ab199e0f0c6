package postgres_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/toc"
)

// TestPartnerships_Apart: two partnerships in one database never see each
// other's rows, users, sessions or audit, and number their rows each from
// 1.
func TestPartnerships_Apart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	a, b := open(t, url, t.TempDir()), open(t, url, t.TempDir())
	if a.Partnership() == b.Partnership() {
		t.Fatalf("two folders share the id %s", a.Partnership())
	}
	bData0, _ := b.DataVersion(ctx)
	bEvidence0, _ := b.EvidenceVersion(ctx)

	// a writes one of everything.
	resA := mustImport(t, a, p, "participation.csv", participationCSV)
	if _, err := a.LogKPI(ctx, p, toc.KPIRecord{KPI: "trainees", Period: 2023, Value: 17}, "ann"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddNote(ctx, p, toc.Note{KPI: "trainees", Period: 2023, Body: "a's note"}, "ann"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lock(ctx, 2022, "ann"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.LogKPI(ctx, p, toc.KPIRecord{KPI: "encounters", Period: 2023, Value: 5, Pending: true}, "eda"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SyncToC(ctx, "toc.yaml", []byte(tocYAML), "ann"); err != nil {
		t.Fatal(err)
	}
	annPW, err := a.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleAdmin}, p)
	if err != nil {
		t.Fatal(err)
	}
	ann, err := a.Authenticate(ctx, "ann", annPW)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := a.CreateSession(ctx, ann)
	if err != nil {
		t.Fatal(err)
	}

	// b sees none of it.
	if n := rows(t, b); n != 0 {
		t.Errorf("b sees %d participation rows of a's", n)
	}
	snap, err := b.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := snap.KPIValues(ctx, []string{"trainees", "encounters"}); err != nil || len(v) != 0 {
		t.Errorf("b sees KPI values %+v, %v", v, err)
	}
	if h, err := snap.KPIHistory(ctx, "trainees"); err != nil || len(h) != 0 {
		t.Errorf("b sees KPI history %+v, %v", h, err)
	}
	snap.Close()
	for what, n := range map[string]func() (int, error){
		"imports":   func() (int, error) { l, err := b.ListImports(ctx); return len(l), err },
		"notes":     func() (int, error) { l, err := b.ListNotes(ctx, engine.NoteQuery{}); return len(l), err },
		"locks":     func() (int, error) { l, err := b.ListLocks(ctx); return len(l), err },
		"reviews":   func() (int, error) { l, err := b.ReviewItems(ctx, ""); return len(l), err },
		"revisions": func() (int, error) { l, err := b.ListRevisions(ctx); return len(l), err },
		"users":     func() (int, error) { l, err := b.Users(ctx); return len(l), err },
		"audit": func() (int, error) {
			l, err := b.AuditTrail(ctx, engine.AuditQuery{Limit: 100})
			return len(l), err
		},
	} {
		if got, err := n(); err != nil || got != 0 {
			t.Errorf("b sees %d %s of a's (%v)", got, what, err)
		}
	}
	if d, _ := b.DataVersion(ctx); d != bData0 {
		t.Errorf("a's writes moved b's data version from %d to %d", bData0, d)
	}
	if e, _ := b.EvidenceVersion(ctx); e != bEvidence0 {
		t.Errorf("a's import moved b's evidence version from %d to %d", bEvidence0, e)
	}
	if _, err := b.Authenticate(ctx, "ann", annPW); !errors.Is(err, engine.ErrBadLogin) {
		t.Errorf("a's login works on b: %v", err)
	}
	if _, err := b.Session(ctx, token); !errors.Is(err, engine.ErrNoSession) {
		t.Errorf("a's session works on b: %v", err)
	}
	if err := b.EndSession(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, token); err != nil {
		t.Errorf("b's logout of a's token ended a's session: %v", err)
	}
	if _, err := b.Pupil(ctx, engine.Identifier{ID: "A1"}, "dpo"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("b holds a's pupil A1: %v", err)
	}
	if err := b.Unlock(ctx, 2022, "bob"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("b unlocks a's lock: %v", err)
	}
	if _, err := b.Approve(ctx, nil, "bob"); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("b approves a's review items: %v", err)
	}
	if _, err := b.RevertImport(ctx, 1, "bob"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("b reverts a's import 1: %v", err)
	}
	if err := b.WithdrawNote(ctx, 1, "bob"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("b withdraws a's note 1: %v", err)
	}

	// b's own writes: the same names, the same content, numbered from 1.
	resB := mustImport(t, b, p, "participation.csv", participationCSV) // imported before by a, not by b
	if imps, _ := b.ListImports(ctx); len(imps) != 1 || imps[0].ID != 1 {
		t.Errorf("b's imports %+v, want one numbered 1", imps)
	}
	if resA.Files[0].Hash != resB.Files[0].Hash {
		t.Error("the same file hashes differently")
	}
	if _, err := b.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleFunder}, p); err != nil {
		t.Errorf("b cannot have an ann of its own: %v", err)
	}
	if users, _ := a.Users(ctx); len(users) != 1 || users[0].Role != toc.RoleAdmin {
		t.Errorf("a's users after b added its ann: %+v", users)
	}
	if _, err := b.Forget(ctx, []engine.Identifier{{ID: "A1"}}, "dpo"); err != nil {
		t.Fatal(err)
	}
	if n := rows(t, a); n != 2 {
		t.Errorf("b's erasure of A1 left a %d rows, want 2", n)
	}
	if rec, err := a.Pupil(ctx, engine.Identifier{ID: "A1"}, "dpo"); err != nil || len(rec.Participation) != 1 {
		t.Errorf("a's A1 after b forgot its own: %+v, %v", rec, err)
	}
	// b's expiry of everything it holds leaves a's pupils be.
	if got, err := b.ForgetExpired(ctx, 2030, "dpo"); err != nil || got.Pupils != 1 {
		t.Errorf("b's expiry: %+v, %v; want its one pupil left (B2)", got, err)
	}
	if n := rows(t, a); n != 2 {
		t.Errorf("b's expiry left a %d rows, want 2", n)
	}
	lines, _ := b.AuditTrail(ctx, engine.AuditQuery{Limit: 100})
	for _, l := range lines {
		if l.Who == "ann" || l.Who == "eda" {
			t.Errorf("b's audit holds a's entry %+v", l)
		}
	}
	if len(lines) != 4 || lines[len(lines)-1].ID != 1 {
		t.Errorf("b's audit %+v: want its import, user-add and two erasures, numbered from 1", lines)
	}
}

// TestPartnerships_Renamed: a partnership folder moved or renamed keeps
// its rows, for the id in it; a folder without one is a new partnership.
func TestPartnerships_Renamed(t *testing.T) {
	t.Parallel()
	url, p := pgtest.URL(t), testToC(t)
	root := t.TempDir()
	dir := filepath.Join(root, "north")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	s := open(t, url, dir)
	mustImport(t, s, p, "participation.csv", participationCSV)
	id := s.Partnership()
	s.Close()
	b, err := os.ReadFile(filepath.Join(dir, postgres.IDFile))
	if err != nil || strings.TrimSpace(string(b)) != id {
		t.Fatalf("%s holds %q, %v; want %s", postgres.IDFile, b, err, id)
	}

	moved := filepath.Join(root, "north-east")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	s = open(t, url, moved)
	if s.Partnership() != id || rows(t, s) != 2 {
		t.Errorf("the renamed folder is partnership %s with %d rows, want %s with 2", s.Partnership(), rows(t, s), id)
	}
	// The pupils match again: the key moved with the folder.
	mustImport(t, s, p, "more.csv", "activity,date,participant\nfair,2023-11-01,a1\n")
	if rec, err := s.Pupil(context.Background(), engine.Identifier{ID: "A1"}, "dpo"); err != nil || len(rec.Participation) != 2 {
		t.Errorf("A1 in the renamed folder: %+v, %v; want two rows", rec, err)
	}

	// A bad id is refused, not replaced.
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, postgres.IDFile), []byte("not an id\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(context.Background(), url, bad); toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("a folder with a bad id: %v, want EINVALID", err)
	}
}

// TestPartnerships_KeyCheck: each partnership checks its own key. A key
// not the one its rows were made with refuses imports of pupils there, and
// nowhere else.
func TestPartnerships_KeyCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	a := open(t, url, dirA)
	mustImport(t, a, p, "participation.csv", participationCSV)
	a.Close()
	open(t, url, dirB).Close()

	// a's folder gets b's key.
	key, err := os.ReadFile(filepath.Join(dirB, "impact.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirA, "impact.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	a, b := open(t, url, dirA), open(t, url, dirB)
	_, err = a.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("more.csv", []byte("activity,date,participant\nfair,2023-11-01,C3\n"))}, engine.ImportOptions{Who: "tester"})
	if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "is not the key") {
		t.Errorf("an import into a under b's key: %v, want it refused", err)
	}
	if n := rows(t, a); n != 2 {
		t.Errorf("a reads %d rows under the wrong key, want its 2", n)
	}
	mustImport(t, b, p, "participation.csv", participationCSV)

	// A lost key with pupils held: imports of pupils are refused, and no
	// new key is made.
	if err := os.Remove(filepath.Join(dirB, "impact.key")); err != nil {
		t.Fatal(err)
	}
	b = open(t, url, dirB)
	if _, err := os.Stat(filepath.Join(dirB, "impact.key")); err == nil {
		t.Error("a new key was made for a partnership that holds pupils")
	}
	_, err = b.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("more.csv", []byte("activity,date,participant\nfair,2023-11-01,C3\n"))}, engine.ImportOptions{Who: "tester"})
	if err == nil {
		t.Error("an import of pupils without the key was taken")
	}
}

// TestPartnerships_NoServer: a folder whose database cannot be reached
// gets no id: it has met no database.
func TestPartnerships_NoServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", dir); err == nil {
		t.Fatal("opened a store on no server")
	}
	if _, err := os.Stat(filepath.Join(dir, postgres.IDFile)); err == nil {
		t.Errorf("%s was written though no database was met", postgres.IDFile)
	}
}
