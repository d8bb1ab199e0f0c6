package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestServer_Review: with review required, an editor's value and file
// answer 201 saying they await review; the director's metrics count them,
// the funder's do not; the admin's queue lists them; approved, the funder
// counts them; returned, nobody does and the editor sees the note. Only
// admins review (DESIGN §12).
func TestServer_Review(t *testing.T) {
	app := newTestAppWith(t, appOptions{review: true})
	ada, ed, fran := app.login(t, "ada"), app.login(t, "ed"), app.login(t, "fran")
	trainees := func(c *client) string {
		t.Helper()
		_, m := c.json("GET", "/api/metrics", nil)
		for _, k := range m["kpis"].([]any) {
			k := k.(map[string]any)
			if k["id"] == "trainees-graduating" {
				var out []string
				for _, v := range k["values"].([]any) {
					v := v.(map[string]any)
					out = append(out, fmt.Sprintf("%v=%v", v["period"], v["value"]))
				}
				return strings.Join(out, " ")
			}
		}
		return ""
	}
	code, resp := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "trainees-graduating", "period": "2024/25", "value": 19})
	if code != http.StatusCreated || resp["review"] != "pending" {
		t.Fatalf("editor's value: %d %v, want 201 awaiting review", code, resp)
	}
	status, body, _ := ed.form("/kpis/trainees-graduating", url.Values{"period": {"2023/24"}, "value": {"18"}}, true)
	if status != http.StatusCreated || !strings.Contains(body, "It awaits an admin&#39;s review") {
		t.Errorf("editor's form: %d, want it to say it awaits review", status)
	}
	// In the history the pending values are marked so, not struck out as
	// superseded: 19 for 2024/25 and 18 for 2023/24, the 17 it would
	// replace still current for the funder until then.
	if n := strings.Count(body, `<tr class="record-pending">`); n != 2 || !strings.Contains(body, `<span class="tag">pending</span>`) {
		t.Errorf("the history marks %d values pending, want 2", n)
	}
	if status, body := ed.upload("/api/imports", "more.csv", "activity,date,participant,school\nscitt,2024-10-01,Z1,wsh\n", true, true); status != http.StatusCreated || !strings.Contains(body, `"review":"pending"`) {
		t.Errorf("editor's upload: %d %s", status, body)
	}
	// kpis.csv holds 2022/23 = 14 and 2023/24 = 17.
	if got := trainees(ada); got != "2022/23=14 2023/24=18 2024/25=19" {
		t.Errorf("the director's trainees %s, want the pending 18 and 19 counted", got)
	}
	if got := trainees(fran); got != "2022/23=14 2023/24=17" {
		t.Errorf("the funder's trainees %s, want the pending values left out", got)
	}
	_, m := ada.json("GET", "/api/metrics", nil)
	if r, _ := m["review"].(map[string]any); r["pending"] != 3.0 {
		t.Errorf("review counts %v, want 3 pending", m["review"])
	}

	// The queue, for admins only.
	for _, c := range []*client{ed, fran} {
		if code, _ := c.json("GET", "/api/review", nil); code != http.StatusForbidden {
			t.Errorf("%s GET /api/review: %d, want 403", c.Role, code)
		}
		if code, _ := c.json("POST", "/api/review/1/approve", nil); code != http.StatusForbidden {
			t.Errorf("%s approve: %d, want 403", c.Role, code)
		}
		if status, _, _ := c.form("/review", url.Values{"action": {"approve-all"}}, true); status != http.StatusForbidden {
			t.Errorf("%s approve-all: %d, want 403", c.Role, status)
		}
	}
	if status, _ := fran.get("/review"); status != http.StatusForbidden {
		t.Errorf("funder GET /review: %d, want 403", status)
	}
	code, resp = ada.json("GET", "/api/review", nil)
	items, _ := resp["items"].([]any)
	if code != http.StatusOK || len(items) != 3 {
		t.Fatalf("queue: %d %v", code, resp)
	}
	first := items[0].(map[string]any)
	if first["kind"] != "kpi value" || first["who"] != "ed" || first["what"] != "trainees-graduating 2024/25 partnership-wide = 19" {
		t.Errorf("first item %v", first)
	}
	id := func(i int) string { return fmt.Sprint(items[i].(map[string]any)["id"]) }
	// Approve the 2024/25 value through the API, return the 2023/24 one on
	// the page, approve the file with "approve all".
	if code, resp := ada.json("POST", "/api/review/"+id(0)+"/approve", nil); code != http.StatusOK || resp["status"] != "approved" {
		t.Errorf("approve: %d %v", code, resp)
	}
	if code, _ := ada.json("POST", "/api/review/"+id(1)+"/return", map[string]any{"note": ""}); code != http.StatusBadRequest {
		t.Errorf("return without a note: %d, want 400", code)
	}
	status, body, _ = ada.form("/review", url.Values{"action": {"return"}, "id": {id(1)}, "note": {"17 is right: see the SCITT's register"}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Returned item "+id(1)) {
		t.Errorf("return on the page: %d", status)
	}
	status, body, _ = ada.form("/review", url.Values{"action": {"approve-all"}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Approved 1 item") || !strings.Contains(body, "Nothing awaits review") {
		t.Errorf("approve all: %d\n%s", status, body)
	}
	if got := trainees(fran); got != "2022/23=14 2023/24=17 2024/25=19" {
		t.Errorf("the funder's trainees after the review %s, want 19 approved and 17 kept", got)
	}
	if got := trainees(ada); got != "2022/23=14 2023/24=17 2024/25=19" {
		t.Errorf("the director's trainees after the review %s: the returned 18 counts nowhere", got)
	}
	// The editor sees what became of theirs, the note too.
	if status, body := ed.get("/review"); status != http.StatusOK || !strings.Contains(body, "17 is right: see the SCITT&#39;s register") || !strings.Contains(body, "approved by ada") {
		t.Errorf("editor's review page: %d\n%s", status, body)
	}
	// An admin's own writes are approved as they land.
	if code, resp := ada.json("POST", "/api/kpi-values", map[string]any{"kpi": "careers-encounters", "period": "2024/25", "value": 500}); code != http.StatusCreated || resp["review"] != nil {
		t.Errorf("admin's value: %d %v, want it approved as it lands", code, resp)
	}
}

// TestPages_Status: what is missing this year, within a login's scope; a
// funder may not see it. In 2024/25 the worked example has reach rows for
// the fair and reading buddies, none for the SCITT, and no trainees value.
func TestPages_Status(t *testing.T) {
	app := newTestApp(t)
	status, body := app.login(t, "ada").get("/status")
	if status != http.StatusOK || !strings.Contains(body, "What's missing for 2024/25") {
		t.Fatalf("GET /status: %d", status)
	}
	for _, want := range []string{`<a href="/activities/scitt">`, `<a href="/kpis/trainees-graduating">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the admin's status lacks %s", want)
		}
	}
	if status, _ := app.login(t, "fran").get("/status"); status != http.StatusForbidden {
		t.Errorf("funder GET /status: %d, want 403", status)
	}
}

// TestPages_Formatting: the pages write numbers as the report does. The
// trainees are 12 → 20 with 17 logged: progress (17 − 12)/8 = 62.5%, not
// 62% or 63%; a logged 1234.5 reads 1,234.5.
func TestPages_Formatting(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	if code, _ := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "careers-encounters", "period": "2024/25", "value": 1234.5}); code != http.StatusCreated {
		t.Fatalf("log: %d", code)
	}
	_, body := ed.get("/kpis")
	for _, want := range []string{"62.5%", "1,234.5"} {
		if !strings.Contains(body, want) {
			t.Errorf("/kpis lacks %s", want)
		}
	}
}
