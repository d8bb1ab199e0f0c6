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

// TestPages_Pupils: an admin sees what is held about a pupil and forgets
// pupils from the page; the dashboard's numbers follow at once; nobody
// else may reach it.
func TestPages_Pupils(t *testing.T) {
	app := newTestApp(t)
	ada := app.login(t, "ada")
	if status, body := ada.get("/pupils"); status != http.StatusOK || !strings.Contains(body, "Forget pupils") || !strings.Contains(body, "sets no retention period") {
		t.Fatalf("GET /pupils: %d", status)
	}
	for _, name := range []string{"ed", "fay", "fran"} {
		c := app.login(t, name)
		if status, _ := c.get("/pupils"); status != http.StatusForbidden {
			t.Errorf("%s GET /pupils: %d, want 403", name, status)
		}
		if status, _, _ := c.form("/pupils/forget", url.Values{"identifiers": {"H000000002007"}, "confirm": {"yes"}}, true); status != http.StatusForbidden {
			t.Errorf("%s POST /pupils/forget: %d, want 403", name, status)
		}
	}

	// Subject access: H000000002007's four reading-buddies rows at kfs
	// and one outcome (testdata/partnerships/small).
	status, body, _ := ada.form("/pupils/access", url.Values{"identifier": {"h000000002007"}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Held about this pupil: 5 rows") || strings.Count(body, "<td>reading-buddies</td>") != 5 {
		t.Fatalf("access: %d\n%s", status, body)
	}
	// Dates in words: the participation.csv row of 2023-01-16.
	if !strings.Contains(body, `<td class="date">16 January 2023</td>`) {
		t.Error("the pupil's rows do not give their dates in words")
	}
	if strings.Contains(body, "H000000002007") || strings.Contains(body, "h000000002007") {
		t.Error("the page echoes the identifier back")
	}
	before := reach(t, app)

	// Refused whole: the list's second line is not held.
	status, body, _ = ada.form("/pupils/forget", url.Values{"identifiers": {"H000000002007\nZ999\n"}, "confirm": {"yes"}}, true)
	if status != http.StatusBadRequest || !strings.Contains(body, "the list:2: &#34;Z999&#34;: no pupil with this identifier") {
		t.Fatalf("forget with an unknown pupil: %d\n%s", status, body)
	}
	status, body, _ = ada.form("/pupils/forget", url.Values{"identifiers": {"H000000002007"}}, true)
	if status != http.StatusBadRequest || !strings.Contains(body, "tick the box") {
		t.Fatalf("forget unconfirmed: %d", status)
	}
	if got := reach(t, app); got != before {
		t.Fatalf("refused requests changed the reach: %d → %d", before, got)
	}

	status, body, _ = ada.form("/pupils/forget", url.Values{"identifiers": {"H000000002007\n\nH000000002006"}, "confirm": {"yes"}}, true)
	if status != http.StatusOK || !strings.Contains(body, "Forgot 2 pupils; later imports will skip them: 8 participation, 2 outcome and 0 characteristics rows removed.") ||
		!strings.Contains(body, "Backups taken before now still hold these pupils") {
		t.Fatalf("forget: %d\n%s", status, body)
	}
	if got := reach(t, app); got != before-2 {
		t.Errorf("reach after forgetting two pupils: %d, want %d", got, before-2)
	}
	lines, _ := app.Store.AuditTrail(context.Background(), engine.AuditQuery{Limit: 2}) // the forget, then reach's login
	if len(lines) != 2 || lines[1].Action != "forget" || lines[1].Who != "ada" || lines[1].Rows != 10 {
		t.Errorf("audit %+v, want ada's forget of 10 rows", lines)
	}
	if _, err := app.Store.Pupil(context.Background(), engine.Identifier{ID: "H000000002006"}, "test"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("H000000002006 after the page forgot them: %v", err)
	}
}

// reach is the partnership's reach as the director's metrics say.
func reach(t *testing.T, app *testApp) int {
	t.Helper()
	status, m := app.login(t, "ada").json("GET", "/api/metrics", nil)
	if status != http.StatusOK {
		t.Fatalf("metrics: %d", status)
	}
	r, _ := m["reach"].(map[string]any)
	n, _ := r["participants"].(float64)
	return int(n)
}
