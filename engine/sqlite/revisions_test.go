package sqlite_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
)

func TestStore_SyncToC(t *testing.T) {
	s := mustOpen(t)
	fixedClock(s)
	v1 := []byte("partnership: A\n")
	v2 := []byte("partnership: B\n")
	steps := []struct {
		src     []byte
		changed bool
		id      int64
	}{
		{v1, true, 1},  // the first toc.yaml the store sees
		{v1, false, 1}, // unchanged
		{v2, true, 2},  // edited
		{v1, true, 3},  // edited back: a new revision, not the old one
	}
	for i, st := range steps {
		rev, changed, err := s.SyncToC(t.Context(), "toc.yaml", st.src, "ana")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(st.src)
		if changed != st.changed || rev.ID != st.id || rev.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("step %d: revision %+v changed %v, want id %d changed %v", i, rev, changed, st.id, st.changed)
		}
	}
	got := query(t, s, "SELECT id, recorded_by, source FROM toc_revisions ORDER BY id")
	if strings.Join(got, ";") != "1|ana|partnership: A\n;2|ana|partnership: B\n;3|ana|partnership: A\n" {
		t.Errorf("revisions %q", got)
	}
	audit := query(t, s, "SELECT who, action, detail FROM audit ORDER BY id")
	if strings.Join(audit, ";") != "ana|toc-revision|toc.yaml: revision 1;ana|toc-revision|toc.yaml: revision 2;ana|toc-revision|toc.yaml: revision 3" {
		t.Errorf("audit %q", audit)
	}
	cur, err := s.CurrentRevision(t.Context())
	if err != nil || cur.ID != 3 {
		t.Errorf("current revision %+v, %v; want 3", cur, err)
	}
}

func TestStore_Dropped(t *testing.T) {
	p := smallToC(t)
	s := mustOpen(t)
	for _, f := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
		b, _ := os.ReadFile(smallDir + "/" + f)
		mustImport(t, s, p, f, string(b))
	}
	if d, err := s.Dropped(t.Context(), p); err != nil || len(d) != 0 {
		t.Fatalf("dropped with the same ToC: %v, %v", d, err)
	}
	// A later toc.yaml without careers-fair and reading-age-gap.
	later := *p
	later.Activities = nil
	for _, a := range p.Activities {
		if a.ID != "careers-fair" {
			later.Activities = append(later.Activities, a)
		}
	}
	later.Objectives = append(later.Objectives[:0:0], p.Objectives...)
	later.Objectives[0].Outcomes = nil
	for _, o := range p.Objectives[0].Outcomes {
		if o.ID != "better-readers" {
			later.Objectives[0].Outcomes = append(later.Objectives[0].Outcomes, o)
		}
	}
	before := state(t, s)
	d, err := s.Dropped(t.Context(), &later)
	if err != nil {
		t.Fatal(err)
	}
	// careers-fair: its participation lines of participation.csv (none in
	// outcomes.csv); reading-age-gap: the wsh and kfs values of kpis.csv.
	wantRows := count(t, s, "SELECT COUNT(*) FROM participation WHERE activity = 'careers-fair'")
	want := []engine.Dropped{{Kind: "activity", ID: "careers-fair", Rows: int64(wantRows)}, {Kind: "KPI", ID: "reading-age-gap", Rows: 2}}
	if len(d) != 2 || d[0] != want[0] || d[1] != want[1] {
		t.Errorf("dropped %+v, want %+v", d, want)
	}
	if wantRows != 48 {
		t.Errorf("careers-fair has %d rows in participation.csv, want 48 (grep -c '^careers-fair,')", wantRows)
	}
	if state(t, s) != before {
		t.Error("Dropped changed the database")
	}
}
