package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPages_DashboardLinks: the dashboard's KPIs and activities link to
// their pages; the report to download stands alone, without them.
func TestPages_DashboardLinks(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	status, dash := ada.get("/")
	if status != http.StatusOK {
		t.Fatalf("dashboard: %d", status)
	}
	for _, want := range []string{`<a href="/kpis/trainees-graduating">`, `<a href="/activities/scitt">`} {
		if !strings.Contains(dash, want) {
			t.Errorf("the dashboard lacks %s", want)
		}
	}
	_, report := ada.get("/report.html?download=1")
	if strings.Contains(report, `<a href="/kpis/`) || strings.Contains(report, `<a href="/activities/`) {
		t.Error("the downloaded report links to the app's pages")
	}
}
