package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// TestApp_RunReview: the CLI lists the items an editor left pending,
// approves and returns them, and metrics --json counts them as it goes:
// the funder's view counts an item only once it is approved.
func TestApp_RunReview(t *testing.T) {
	dir := smallFolder(t)
	if r := storeRun(t, dir, false, "review").want(t, 0); !strings.Contains(r.stdout, "toc.yaml does not require it") {
		t.Errorf("review with none: %q", r.stdout)
	}
	// Two values an editor logged through the web app.
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := rules.Load(dir+"/toc.yaml", 2024)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []toc.KPIRecord{{KPI: "trainees-graduating", Period: 2023, Value: 17, Pending: true}, {KPI: "trainees-graduating", Period: 2024, Value: 19, Pending: true}} {
		if _, err := s.LogKPI(context.Background(), plan.ToC, v, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var items []struct {
		ID   int64
		What string
	}
	r := storeRun(t, dir, false, "review", "--json").want(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) != 2 || items[0].What != "trainees-graduating 2023/24 partnership-wide = 17" {
		t.Fatalf("review --json: %v %s", err, r.stdout)
	}
	values := func(audience string) string {
		var m struct {
			KPIs []struct {
				ID     string
				Values []struct{ Value float64 }
			}
			Review toc.ReviewCounts
		}
		json.Unmarshal([]byte(storeRun(t, dir, false, "metrics", "--json", "--audience", audience).want(t, 0).stdout), &m)
		var out []string
		for _, v := range m.KPIs[0].Values {
			out = append(out, fmt.Sprint(v.Value))
		}
		return strings.Join(out, " ") + fmt.Sprintf(" %+v", m.Review)
	}
	if got := values("director"); got != "17 19 {Pending:2 Approved:0 Returned:0}" {
		t.Errorf("director: %s", got)
	}
	if got := values("funder"); got != " {Pending:2 Approved:0 Returned:0}" {
		t.Errorf("funder: %q, want no values yet", got)
	}
	if r := storeRun(t, dir, false, "review").want(t, 0); !strings.Contains(r.stdout, "trainees-graduating 2024/25 partnership-wide = 19  ed") {
		t.Errorf("review:\n%s", r.stdout)
	}
	storeRun(t, dir, false, "review", "approve", fmt.Sprint(items[1].ID)).want(t, 0)
	storeRun(t, dir, false, "review", "return", fmt.Sprint(items[0].ID)).want(t, 2) // no note
	r = storeRun(t, dir, false, "review", "return", fmt.Sprint(items[0].ID), "--note", "the register says 16").want(t, 0)
	if !strings.Contains(r.stdout, "returned item") || !strings.Contains(r.stdout, "to ed") {
		t.Errorf("return: %q", r.stdout)
	}
	if got := values("funder"); got != "19 {Pending:0 Approved:1 Returned:1}" {
		t.Errorf("funder after the review: %q", got)
	}
	if got := values("director"); got != "19 {Pending:0 Approved:1 Returned:1}" {
		t.Errorf("director after the review: %q (the returned 17 counts nowhere)", got)
	}
	storeRun(t, dir, false, "review", "approve", "--all").want(t, 1) // nothing pending
	storeRun(t, dir, false, "review", "approve", fmt.Sprint(items[0].ID)).want(t, 1)
	storeRun(t, dir, false, "review", "approve").want(t, 2)
	storeRun(t, dir, false, "review", "frobnicate").want(t, 2)
}
