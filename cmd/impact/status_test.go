package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestApp_RunStatus: what is missing, worked out from the example's files:
// in 2023/24 every activity but the SCITT (whose outcome rows are undated)
// has rows, and reading-age-gap has values from wsh and kfs but not from
// reading buddies' third partner, hcs; in 2024/25 only the fair has rows
// and no KPI has a value.
func TestApp_RunStatus(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, append([]string{"import"}, in(dir, "participation.csv", "outcomes.csv", "kpis.csv")...)...).want(t, 0)
	r := storeRun(t, dir, false, "status", "--period", "2023/24").want(t, 0)
	for _, want := range []string{"What's missing for 2023/24", "1 activity running with no rows yet: scitt", "reading-age-gap: no value from hcs"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status 2023/24:\n%s\nwant %q", r.stdout, want)
		}
	}
	var rep struct {
		Period                string
		ActivitiesWithoutRows []struct{ ID string } `json:"activities_without_rows"`
		KPIsWithoutValue      []struct{ ID string } `json:"kpis_without_value"`
	}
	r = storeRun(t, dir, false, "status", "--json").want(t, 0) // today: 2024/25
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Period != "2024/25" || len(rep.ActivitiesWithoutRows) != 2 || len(rep.KPIsWithoutValue) != 3 {
		t.Errorf("status --json: %v %s", err, r.stdout)
	}
	storeRun(t, dir, false, "status", "--period", "24/25").want(t, 1)
	storeRun(t, dir, false, "status", "extra").want(t, 2)
}
