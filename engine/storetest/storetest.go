// Package storetest is the suite every evidence store passes: what the
// command line and the web app rely on of an engine.Store, tested through
// the interface alone. A store's own tests call Run with a way to open it:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t testing.TB, dir string, now func() time.Time) engine.Store { … })
//	}
package storetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Opener opens a new, empty store for the partnership folder dir (where
// its key lives), whose clock (and today) is now. The store is closed by
// the suite.
type Opener func(t testing.TB, dir string, now func() time.Time) engine.Store

// Run runs the whole suite against the stores open makes.
func Run(t *testing.T, open Opener) {
	t.Run("Import", func(t *testing.T) { testImport(t, open) })
	t.Run("ImportRefused", func(t *testing.T) { testImportRefused(t, open) })
	t.Run("Snapshot", func(t *testing.T) { testSnapshot(t, open) })
	t.Run("KPIs", func(t *testing.T) { testKPIs(t, open) })
	t.Run("Future", func(t *testing.T) { testFuture(t, open) })
	t.Run("Withdraw", func(t *testing.T) { testWithdraw(t, open) })
	t.Run("Revert", func(t *testing.T) { testRevert(t, open) })
	t.Run("Forget", func(t *testing.T) { testForget(t, open) })
	t.Run("Pupil", func(t *testing.T) { testPupil(t, open) })
	t.Run("ForgetExpired", func(t *testing.T) { testForgetExpired(t, open) })
	t.Run("Locks", func(t *testing.T) { testLocks(t, open) })
	t.Run("Scope", func(t *testing.T) { testScope(t, open) })
	t.Run("Review", func(t *testing.T) { testReview(t, open) })
	t.Run("Notes", func(t *testing.T) { testNotes(t, open) })
	t.Run("Status", func(t *testing.T) { testStatus(t, open) })
	t.Run("Revisions", func(t *testing.T) { testRevisions(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open) })
}

// tocYAML is the partnership of the suite: four schools, three activities
// serving three KPIs.
const tocYAML = `partnership: Storetest Partnership
schools:
  - {id: rgs, name: Royal Grammar School, pupils: 1000, disadvantaged_pct: 10}
  - {id: wsh, name: West Hill Primary, pupils: 200, disadvantaged_pct: 30}
  - {id: kfs, name: Kingsfield Primary}
  - {id: hcs, name: Hollins School}
objectives:
  - id: grow
    title: Grow
    outcomes:
      - id: teachers
        title: Teachers
        kpis:
          - {id: trainees, title: Trainees, direction: increase, baseline: {period: 2021/22, value: 12}, target: {period: 2024/25, value: 20}}
          - {id: gap, title: Reading gap, direction: decrease, aggregate: mean, baseline: {period: 2022/23, value: 14}, target: {period: 2024/25, value: 8}}
          - {id: encounters, title: Encounters, direction: increase, baseline: {period: 2022/23, value: 200}, target: {period: 2024/25, value: 600}}
activities:
  - {id: scitt, title: SCITT, kpis: [trainees], certainty: high, participation: low, provider: rgs, partners: [wsh], started: 2019/20, internal_impact: 3, external_impact: 4}
  - {id: reading, title: Reading, kpis: [gap], certainty: medium, participation: medium, provider: rgs, partners: [wsh, kfs], started: 2022/23, internal_impact: 4, external_impact: 4}
  - {id: fair, title: Fair, kpis: [encounters], certainty: low, participation: high, provider: rgs, partners: [wsh, kfs, hcs], started: 2023/24, internal_impact: 1, external_impact: 3}
`

// clock is a settable clock for the store under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is one store of the suite with its partnership and clock.
type fixture struct {
	t     testing.TB
	ctx   context.Context
	st    engine.Store
	p     *toc.Partnership
	clock *clock
}

func newFixture(t testing.TB, open Opener) *fixture {
	t.Helper()
	p, err := toc.Parse("toc.yaml", []byte(tocYAML))
	if err != nil {
		t.Fatalf("the suite's toc.yaml: %v", err)
	}
	c := &clock{t: time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)}
	st := open(t, t.TempDir(), c.now)
	t.Cleanup(func() { st.Close() })
	return &fixture{t: t, ctx: context.Background(), st: st, p: p, clock: c}
}

// importCSV imports name, content pairs in one import.
func (f *fixture) importCSV(again bool, nameContent ...string) (engine.ImportResult, error) {
	var files []engine.ImportFile
	for i := 0; i+1 < len(nameContent); i += 2 {
		files = append(files, engine.ImportBytes(nameContent[i], []byte(nameContent[i+1])))
	}
	return f.st.Import(f.ctx, f.p, files, engine.ImportOptions{Again: again, Who: "tester"})
}

func (f *fixture) mustImport(nameContent ...string) engine.ImportResult {
	f.t.Helper()
	res, err := f.importCSV(false, nameContent...)
	if err != nil {
		f.t.Fatalf("import: %v", err)
	}
	return res
}

func (f *fixture) snapshot() engine.Snapshot {
	f.t.Helper()
	snap, err := f.st.Snapshot(f.ctx)
	if err != nil {
		f.t.Fatalf("snapshot: %v", err)
	}
	f.t.Cleanup(func() { snap.Close() })
	return snap
}

// participation lists a snapshot's participation rows of the activities
// as sorted lines "activity date period pupil school flag", pupils
// renumbered in order of first appearance in that sort (stores number
// pupils as they like).
func participation(t testing.TB, snap engine.Snapshot, activities ...string) []string {
	t.Helper()
	var rows []toc.ParticipationRow
	err := snap.EachParticipation(context.Background(), activities, func(r *toc.ParticipationRow) error {
		rows = append(rows, *r)
		return nil
	})
	if err != nil {
		t.Fatalf("EachParticipation: %v", err)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Activity != b.Activity {
			return a.Activity < b.Activity
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.School != b.School {
			return a.School < b.School
		}
		return a.Disadvantaged < b.Disadvantaged
	})
	return renumbered(rows)
}

func renumbered(rows []toc.ParticipationRow) []string {
	seen := map[int64]int{}
	out := make([]string, len(rows))
	for i, r := range rows {
		n, ok := seen[r.Pupil]
		if !ok {
			n = len(seen) + 1
			seen[r.Pupil] = n
		}
		out[i] = fmt.Sprintf("%s %s %s p%d %s %s", r.Activity, r.Date, r.Period, n, orDash(r.School), flagName(r.Disadvantaged))
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func flagName(f toc.Flag) string {
	switch f {
	case toc.FlagYes:
		return "yes"
	case toc.FlagNo:
		return "no"
	}
	return "unknown"
}

// same reports a difference between two lists of lines.
func same(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}
