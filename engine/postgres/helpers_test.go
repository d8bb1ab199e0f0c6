package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/toc"
)

// tocYAML is the partnership of these tests: two schools, two activities
// serving two KPIs.
const tocYAML = `partnership: Postgres Test Partnership
schools:
  - {id: rgs, name: Royal Grammar School}
  - {id: wsh, name: West Hill Primary}
objectives:
  - id: grow
    title: Grow
    outcomes:
      - id: teachers
        title: Teachers
        kpis:
          - {id: trainees, title: Trainees, direction: increase, baseline: {period: 2021/22, value: 12}, target: {period: 2024/25, value: 20}}
          - {id: encounters, title: Encounters, direction: increase, baseline: {period: 2022/23, value: 200}, target: {period: 2024/25, value: 600}}
activities:
  - {id: scitt, title: SCITT, kpis: [trainees], certainty: high, participation: low, provider: rgs, partners: [wsh], started: 2019/20, internal_impact: 3, external_impact: 4}
  - {id: fair, title: Fair, kpis: [encounters], certainty: low, participation: high, provider: rgs, partners: [wsh], started: 2023/24, internal_impact: 1, external_impact: 3}
`

const participationCSV = "activity,date,participant,school\n" +
	"fair,2023-10-12,A1,wsh\n" +
	"fair,2023-10-12,B2,rgs\n"

func testToC(t testing.TB) *toc.Partnership {
	t.Helper()
	p, err := toc.Parse("toc.yaml", []byte(tocYAML))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// clock is the fixed time of these tests.
func clock() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC) }

// open opens dir's store in the database at url, closed at the test's end.
func open(t testing.TB, url, dir string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	s.Now = clock
	t.Cleanup(func() { s.Close() })
	return s
}

func mustImport(t testing.TB, s engine.Store, p *toc.Partnership, name, content string) engine.ImportResult {
	t.Helper()
	res, err := s.Import(context.Background(), p, []engine.ImportFile{engine.ImportBytes(name, []byte(content))}, engine.ImportOptions{Who: "tester"})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

// rows counts a store's participation rows of every activity.
func rows(t testing.TB, s engine.Store) int {
	t.Helper()
	ctx := context.Background()
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	n := 0
	if err := snap.EachParticipation(ctx, []string{"scitt", "fair"}, func(*toc.ParticipationRow) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
