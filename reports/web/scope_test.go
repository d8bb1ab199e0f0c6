package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// TestServer_EditorScope: an editor limited to reading-buddies at kfs
// tries every write path of the app — the KPI form, the KPI API, the
// upload form and the upload API — for another activity and another
// school: each is refused by the server and nothing is written; the same
// paths inside the scope work (DESIGN §12).
func TestServer_EditorScope(t *testing.T) {
	app := newTestApp(t)
	pw, err := app.Store.AddUser(context.Background(), "setup", engine.User{Name: "kim", Role: toc.RoleEditor,
		Activities: []string{"reading-buddies"}, Schools: []string{"kfs"}}, app.ToC)
	if err != nil {
		t.Fatal(err)
	}
	app.Passwords["kim"] = pw
	kim := app.login(t, "kim")
	imports0, _ := app.Store.ListImports(context.Background())
	before := strings.Join(kpiValues(t, app.Store, "trainees-graduating"), " ") + strings.Join(kpiValues(t, app.Store, "reading-age-gap"), " ")

	// trainees-graduating is served by the SCITT alone: outside.
	status, body, _ := kim.form("/kpis/trainees-graduating", url.Values{"period": {"2024/25"}, "value": {"18"}}, true)
	if status != http.StatusForbidden || !strings.Contains(body, "trainees-graduating is outside your activities") {
		t.Errorf("form, another activity's KPI: %d", status)
	}
	code, resp := kim.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 18})
	if code != http.StatusForbidden || resp["field"] != "kpi" || !strings.Contains(resp["error"].(string), "outside your activities") {
		t.Errorf("API, another activity's KPI: %d %v, want 403 on field kpi", code, resp)
	}
	code, resp = kim.json("POST", "/api/kpi-values", map[string]any{"kpi": "reading-age-gap", "period": "2024/25", "value": 9, "school": "wsh"})
	if code != http.StatusForbidden || resp["field"] != "school" {
		t.Errorf("API, another school: %d %v, want 403 on field school", code, resp)
	}
	other := "activity,date,participant,school\nscitt,2024-10-01,Z1,kfs\nreading-buddies,2024-10-01,Z2,wsh\n"
	for _, api := range []bool{false, true} {
		path := "/upload"
		if api {
			path = "/api/imports"
		}
		status, body := kim.upload(path, "mine.csv", other, true, api)
		if status != http.StatusBadRequest || !strings.Contains(body, "scitt is outside your activities") || !strings.Contains(body, "wsh is outside your schools") {
			t.Errorf("%s with rows outside the scope: %d\n%.600s", path, status, body)
		}
	}
	if imports, _ := app.Store.ListImports(context.Background()); len(imports) != len(imports0) {
		t.Errorf("refused uploads left %d imports", len(imports)-len(imports0))
	}
	after := strings.Join(kpiValues(t, app.Store, "trainees-graduating"), " ") + strings.Join(kpiValues(t, app.Store, "reading-age-gap"), " ")
	if after != before {
		t.Errorf("refused writes changed KPI values:\n%s\n%s", before, after)
	}

	// Inside: reading-age-gap at kfs, a reading-buddies row at kfs.
	if code, resp := kim.json("POST", "/api/kpi-values", map[string]any{"kpi": "reading-age-gap", "period": "2024/25", "value": 9, "school": "kfs"}); code != http.StatusCreated {
		t.Errorf("inside the scope: %d %v", code, resp)
	}
	if status, body := kim.upload("/api/imports", "mine.csv", "activity,date,participant,school\nreading-buddies,2024-10-01,Z2,kfs\n", true, true); status != http.StatusCreated {
		t.Errorf("an upload inside the scope: %d %s", status, body)
	}
	// An unlimited editor is not refused.
	if code, _ := app.login(t, "ed").json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 18}); code != http.StatusCreated {
		t.Errorf("an unlimited editor: %d", code)
	}
}
