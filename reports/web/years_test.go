package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPages_Years: an admin locks a year on the page; an editor's next
// write dated in it is refused, on the form and through the API, with the
// reason; unlocked, it is taken. Only admins reach the page.
func TestPages_Years(t *testing.T) {
	app := newTestApp(t)
	ada, ed := app.login(t, "ada"), app.login(t, "ed")
	status, body := ada.get("/years")
	if status != http.StatusOK || !strings.Contains(body, "<td class=\"date\">2024/25</td>") || !strings.Contains(body, "<td class=\"date\">2019/20</td>") {
		t.Fatalf("GET /years: %d — want every year from the SCITT's start (2019/20) to this one", status)
	}
	for _, c := range []*client{ed, app.login(t, "fran")} {
		if status, _ := c.get("/years"); status != http.StatusForbidden {
			t.Errorf("%s GET /years: %d, want 403", c.Role, status)
		}
		if status, _, _ := c.form("/years", url.Values{"period": {"2023/24"}, "action": {"lock"}}, true); status != http.StatusForbidden {
			t.Errorf("%s POST /years: %d, want 403", c.Role, status)
		}
	}
	status, body, _ = ada.form("/years", url.Values{"period": {"2023/24"}, "action": {"lock"}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Locked 2023/24") || !strings.Contains(body, "locked by ada") {
		t.Fatalf("lock: %d\n%s", status, body)
	}
	const why = "2023/24 is locked (by ada on 1 March 2025)"
	status, body, _ = ed.form("/kpis/careers-encounters", url.Values{"period": {"2023/24"}, "value": {"400"}}, true)
	if status != http.StatusConflict || !strings.Contains(body, why) {
		t.Errorf("editor's form for a locked year: %d, want 409 with %q", status, why)
	}
	code, resp := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "careers-encounters", "period": "2023/24", "value": 400})
	if msg, _ := resp["error"].(string); code != http.StatusConflict || !strings.Contains(msg, why) {
		t.Errorf("editor's API write for a locked year: %d %v, want 409 with the reason", code, resp)
	}
	if code, _ := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "careers-encounters", "period": "2024/25", "value": 400}); code != http.StatusCreated {
		t.Errorf("a write for an open year: %d, want 201", code)
	}
	if kv := kpiValues(t, app.Store, "careers-encounters"); strings.Contains(strings.Join(kv, " "), "2023/24/=400") || !strings.Contains(strings.Join(kv, " "), "2024/25/=400") {
		t.Errorf("the refused value was stored: %v", kv)
	}
	if status, _, _ := ada.form("/years", url.Values{"period": {"2023/24"}, "action": {"unlock"}}, true); status != http.StatusOK {
		t.Fatalf("unlock: %d", status)
	}
	if code, _ := ed.json("POST", "/api/kpi-values", map[string]any{"kpi": "careers-encounters", "period": "2023/24", "value": 400}); code != http.StatusCreated {
		t.Errorf("a write once unlocked: %d, want 201", code)
	}
}
