package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
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

// TestServer_UploadSeveral: several files in one upload go in one
// transaction, as impact import's do: all of them, or — one bad row in
// the second — none.
func TestServer_UploadSeveral(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	send := func(files ...[2]string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf_token", ed.CSRF)
		for _, f := range files {
			fw, _ := mw.CreateFormFile("file", f[0])
			io.WriteString(fw, f[1])
		}
		mw.Close()
		resp := ed.do("POST", "/upload", &buf, mw.FormDataContentType(), false)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	imports0, _ := app.Store.ListImports(context.Background())
	good := [2]string{"a.csv", "activity,date,participant,school\nscitt,2024-10-01,Z1,wsh\n"}
	bad := [2]string{"b.csv", "activity,date,participant,school\nscitt,2024-10-02,Z2,nowhere\n"}
	status, body := send(good, bad)
	if status != http.StatusBadRequest || !strings.Contains(body, "b.csv:2:4") {
		t.Errorf("a bad second file: %d, want 400 placing b.csv's row\n%.500s", status, body)
	}
	if imports, _ := app.Store.ListImports(context.Background()); len(imports) != len(imports0) {
		t.Fatal("the refused upload imported its first file")
	}
	status, body = send(good, [2]string{"c.csv", "kpi,period,value\ncareers-encounters,2024/25,420\n"})
	if status != http.StatusCreated || !strings.Contains(body, "Imported 2 rows from a.csv, c.csv.") {
		t.Errorf("two good files: %d\n%.500s", status, body)
	}
	if imports, _ := app.Store.ListImports(context.Background()); len(imports) != len(imports0)+2 {
		t.Errorf("%d imports, want both files", len(imports)-len(imports0))
	}
}
