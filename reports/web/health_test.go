package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestServer_Health: the health page, a school's page and GET /api/health
// for each role; a funder's name no lead and count no lead's pupils. The
// small example: scitt (rgs → wsh, kfs; leads j-smith, a-patel),
// reading-buddies (rgs → wsh, kfs, hcs; m-jones), careers-fair (rgs →
// wsh, kfs, hcs; no lead); as_of 2024/25. Running: all three; one-person:
// reading-buddies and careers-fair, 2 of 3.
func TestServer_Health(t *testing.T) {
	app := newTestApp(t)
	_, admin := app.login(t, "ada").get("/health")
	for _, want := range []string{
		"<h1>Partnership health</h1>",
		"Stage: not yet rated",
		"2 of 3 running activities (66.7%)",
		`<th scope="row">m-jones</th>`,
		`<a href="/schools/hcs">Hollins Community Special School</a>`,
	} {
		if !strings.Contains(admin, want) {
			t.Errorf("the admin's health page lacks %s", want)
		}
	}
	_, funder := app.login(t, "fran").get("/health")
	if !strings.Contains(funder, `<th scope="row">Lead 1</th>`) {
		t.Error("the funder's health page does not list leads unnamed")
	}
	for _, leak := range []string{"j-smith", "a-patel", "m-jones", "Pupils reached"} {
		if strings.Contains(funder, leak) {
			t.Errorf("the funder's health page shows %q", leak)
		}
	}
	// hcs gets reading-buddies (2022/23..2024/25: 3 years) and careers-fair
	// (2023/24..2024/25: 2) from rgs and gives nothing back.
	code, school := app.login(t, "ed").get("/schools/hcs")
	if code != 200 || !strings.Contains(school, "gives 0 activity-years, gets 5; both ways with 0 of the 1 schools it works with") {
		t.Errorf("hcs's page (%d) lacks its give and get:\n%s", code, school)
	}
	if code, _ := app.login(t, "ed").get("/schools/nowhere"); code != 404 {
		t.Errorf("an unknown school's page: %d, want 404", code)
	}
	code, body := app.login(t, "fran").get("/api/health")
	var h struct {
		Risks struct {
			KeyPeople []map[string]any `json:"key_people"`
			OnePerson int              `json:"one_person"`
		} `json:"risks"`
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil || code != 200 {
		t.Fatalf("GET /api/health: %d %v", code, err)
	}
	if h.Risks.OnePerson != 2 || len(h.Risks.KeyPeople) != 3 || h.Risks.KeyPeople[0]["lead"] != "Lead 1" || h.Risks.KeyPeople[0]["participants"] != nil {
		t.Errorf("the funder's health JSON = %+v", h.Risks)
	}
	_, page := app.login(t, "ed").get("/kpis")
	if !strings.Contains(page, `<a href="/health">Health</a>`) {
		t.Error("the app's pages do not link to the health check")
	}
}
