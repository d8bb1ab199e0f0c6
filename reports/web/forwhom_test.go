package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// uploadFields posts a file through the upload form with fields before it,
// as a browser sends them.
func (c *client) uploadFields(name string, content []byte, fields map[string]string) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.CSRF)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	resp := c.do("POST", "/upload", &buf, mw.FormDataContentType(), false)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServer_ForWhom: an editor uploads a SIMS register of one reading
// buddies session through the form — Windows-1252, a surname column, the
// activity and date chosen beside the file — and the activity's page then
// says who it reached.
func TestServer_ForWhom(t *testing.T) {
	app := newTestApp(t)
	ed := app.login(t, "ed")
	register, err := charmap.Windows1252.NewEncoder().String("UPN,Legal Surname,NC Year Actual,Gender,SEN Status,EAL,School\r\n" +
		"H000000002000,Brontë,Year 4,F,K,N,West Hill Primary\r\n" +
		"H000000002001,Nguyen,4,M,N,Y,kfs\r\n" +
		"H000000002002,O'Brien,Y5,Girl,E,N,wsh\r\n")
	if err != nil {
		t.Fatal(err)
	}
	_, page := ed.get("/upload")
	if !strings.Contains(page, `<option value="reading-buddies">`) || !strings.Contains(page, `accept=".csv,.xlsx`) {
		t.Fatalf("the upload form offers no activity for a register, or no Excel file")
	}

	t.Run("NoDate", func(t *testing.T) {
		s, page := ed.uploadFields("register.csv", []byte(register), map[string]string{"activity": "reading-buddies"})
		if s != http.StatusBadRequest || !strings.Contains(page, "date") {
			t.Errorf("a register without dates and no date chosen: %d, want 400 naming the date\n%s", s, page)
		}
	})
	s, page := ed.uploadFields("register.csv", []byte(register), map[string]string{"activity": "reading-buddies", "date": "2025-01-15"})
	if s != http.StatusCreated || !strings.Contains(page, "Imported 3 rows from register.csv") {
		t.Fatalf("%d, want 201 and 3 rows\n%s", s, page)
	}
	s, page = ed.get("/activities/reading-buddies")
	if s != http.StatusOK {
		t.Fatalf("activity page: %d", s)
	}
	// Reading buddies has 12 participants (8 registered, 4 more measured);
	// the register knows three of them: 2000 and 2002 girls, 2001 a boy
	// (2 of 3 = 66.7%, 1 of 3 = 33.3%, as the report writes shares), 2000 and 2001 in year 4, 2002 in year 5;
	// SEN K, N, E; EAL N, Y, N.
	for _, want := range []string{
		`<th scope="rowgroup" rowspan="3">Sex</th><td>girls</td><td class="num">2</td><td class="num">66.7%</td>`,
		`<td>boys</td><td class="num">1</td><td class="num">33.3%</td>`,
		`<td>not known</td><td class="num">9</td><td class="num">—</td>`,
		`<th scope="rowgroup" rowspan="3">Year group</th><td>year 4</td><td class="num">2</td><td class="num">66.7%</td>`,
		`<td>EHC plan</td><td class="num">1</td><td class="num">33.3%</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the activity page lacks %s", want)
		}
	}
	if strings.Contains(page, "Looked after") {
		t.Errorf("no record gives care status, yet the page lists it")
	}
	if s, page = ed.get("/"); !strings.Contains(page, `<section id="for-whom">`) {
		t.Errorf("the dashboard (%d) has no For whom section", s)
	}
}

// TestServer_ScopedFunderKPIs: fay funds the SCITT alone; the KPIs she sees
// are the partnership's figures, and say so (DESIGN §13) — fran, who funds
// everything, sees no such label.
func TestServer_ScopedFunderKPIs(t *testing.T) {
	app := newTestApp(t)
	const label = "partnership-wide: not only your activities' result"
	if _, page := app.login(t, "fay").get("/kpis"); !strings.Contains(html.UnescapeString(page), label) {
		t.Errorf("fay's KPIs are not labelled partnership-wide")
	}
	if _, page := app.login(t, "fran").get("/kpis"); strings.Contains(html.UnescapeString(page), label) {
		t.Errorf("fran's KPIs are labelled partnership-wide")
	}
	_, m := app.login(t, "fay").json("GET", "/api/metrics", nil)
	kpis, _ := m["kpis"].([]any)
	if len(kpis) == 0 || kpis[0].(map[string]any)["partnership_wide"] != true {
		t.Errorf("fay's /api/metrics KPIs lack partnership_wide: %v", kpis)
	}
	if _, page := app.login(t, "fay").get("/report.html"); !strings.Contains(page, `<span class="flag">partnership-wide</span>`) {
		t.Errorf("fay's report does not mark its KPIs partnership-wide")
	}
}
