package web_test

import (
	"strings"
	"testing"
)

// TestServer_Health: the dashboard carries the partnership health check
// for every role, and the navigation leads to it; a funder's names no
// lead. The small example leads: j-smith and a-patel (scitt), m-jones
// (reading-buddies); careers-fair has none.
func TestServer_Health(t *testing.T) {
	app := newTestApp(t)
	_, admin := app.login(t, "ada").get("/")
	for _, want := range []string{`<a href="/#health">Health</a>`, `<section id="health">`, "Who the work rests on", "m-jones"} {
		if !strings.Contains(admin, want) {
			t.Errorf("the admin's dashboard lacks %s", want)
		}
	}
	_, funder := app.login(t, "fran").get("/")
	if !strings.Contains(funder, `<section id="health">`) || !strings.Contains(funder, "Lead 1") {
		t.Error("the funder's dashboard has no health check with unnamed leads")
	}
	for _, lead := range []string{"j-smith", "a-patel", "m-jones"} {
		if strings.Contains(funder, lead) {
			t.Errorf("the funder's dashboard names the lead %s", lead)
		}
	}
	_, page := app.login(t, "ed").get("/kpis")
	if !strings.Contains(page, `<a href="/#health">Health</a>`) {
		t.Error("the app's pages do not link to the health check")
	}
}
