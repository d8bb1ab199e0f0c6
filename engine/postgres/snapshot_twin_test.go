package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/toc"
)

// TestSnapshot_Twin: participation is read a chunk ahead on a second
// connection (snapshot_twin.go). That read sees what the snapshot saw —
// the import reverted after the snapshot began still counts in it — and
// over three chunks every row comes, once, in the order imported; fn's
// error stops the read.
func TestSnapshot_Twin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p := pgtest.URL(t), testToC(t)
	s := open(t, url, t.TempDir())
	// 140,000 rows: chunks of 65,536 ids make three. Pupil P<i> on row i
	// (pupils.id = i+1, numbered as first met), every row in force.
	const n = 140_000
	var csv strings.Builder
	csv.WriteString("activity,date,participant,school\n")
	for i := range n {
		fmt.Fprintf(&csv, "fair,2023-10-12,P%d,wsh\n", i)
	}
	mustImport(t, s, p, "participation.csv", csv.String())
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	imports, err := s.ListImports(ctx)
	if err != nil || len(imports) != 1 {
		t.Fatalf("imports %v, %v", imports, err)
	}
	if _, err := s.RevertImport(ctx, imports[0].ID, "ann"); err != nil {
		t.Fatal(err)
	}
	var pupils []int64
	err = snap.EachParticipation(ctx, []string{"fair"}, func(r *toc.ParticipationRow) error {
		if len(pupils)%50_000 == 0 { // the snapshot itself, read meanwhile
			if _, err := snap.KPIValues(ctx, []string{"trainees"}); err != nil {
				return err
			}
		}
		pupils = append(pupils, r.Pupil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pupils) != n {
		t.Fatalf("%d rows through the snapshot begun before the revert, want %d", len(pupils), n)
	}
	for i, id := range pupils {
		if id != int64(i+1) {
			t.Fatalf("row %d is pupil %d, want %d: out of order or repeated", i, id, i+1)
		}
	}
	if got := rows(t, s); got != 0 {
		t.Errorf("a new snapshot after the revert: %d rows, want 0", got)
	}
	stop := errors.New("stop")
	seen := 0
	err = snap.EachParticipation(ctx, []string{"fair"}, func(*toc.ParticipationRow) error {
		if seen++; seen == 70_000 {
			return stop
		}
		return nil
	})
	if err != stop || seen != 70_000 {
		t.Errorf("stopped at row 70,000 of the second chunk: %d rows, %v", seen, err)
	}
}
