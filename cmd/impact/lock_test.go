package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestApp_RunLock: a locked year refuses the CLI's writes dated in it with
// the reason and exit 1, writing nothing; impact lock lists it; unlocked,
// the same write is taken.
func TestApp_RunLock(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "kpis.csv")).want(t, 0)
	if r := storeRun(t, dir, false, "lock").want(t, 0); !strings.Contains(r.stdout, "no academic year is locked") {
		t.Errorf("lock with none: %q", r.stdout)
	}
	storeRun(t, dir, false, "lock", "2023/24").want(t, 0)
	counts := tableCounts(t, dir)
	const why = "2023/24 is locked (by "
	r := storeRun(t, dir, false, "log", "--kpi", "careers-encounters", "--period", "2023/24", "--value", "400").want(t, 1)
	if !strings.Contains(r.stderr, why) {
		t.Errorf("log into a locked year: %q", r.stderr)
	}
	// kpis.csv's 2023/24 rows are refused at their period cells.
	r = storeRun(t, dir, false, "import", "--again", filepath.Join(dir, "kpis.csv")).want(t, 1)
	if !strings.Contains(r.stderr, "kpis.csv:3:2: period: "+why) {
		t.Errorf("import into a locked year: %q", r.stderr)
	}
	if got := tableCounts(t, dir); got != counts {
		t.Errorf("refused writes changed the store:\n%s\n%s", counts, got)
	}
	if r := storeRun(t, dir, false, "lock").want(t, 0); !strings.Contains(r.stdout, "2023/24") {
		t.Errorf("the list: %q", r.stdout)
	}
	storeRun(t, dir, false, "lock", "2023/24").want(t, 1)
	storeRun(t, dir, false, "lock", "23/24").want(t, 1)
	storeRun(t, dir, false, "unlock").want(t, 2)
	storeRun(t, dir, false, "unlock", "2023/24").want(t, 0)
	storeRun(t, dir, false, "unlock", "2023/24").want(t, 1)
	storeRun(t, dir, false, "log", "--kpi", "careers-encounters", "--period", "2023/24", "--value", "400").want(t, 0)
}
