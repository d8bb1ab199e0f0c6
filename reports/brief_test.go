package reports_test

import (
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// TestWrite_School: a school's report for its governors, worked by hand
// from the small example's toc.yaml and expected-metrics.json. Hollins
// (hcs) runs nothing and takes part in reading-buddies and careers-fair,
// both run by the Royal Grammar School (external impact 4 and 3); 16 of
// its pupils were reached. The Royal Grammar School runs all three.
func TestWrite_School(t *testing.T) {
	in := smallInput(t, toc.Director)
	in.School = "hcs"
	page := html.UnescapeString(write(t, in))
	for _, want := range []string{
		"<h1>Hollins Community Special School</h1>",
		`<p class="card-label">Our pupils reached</p><p class="card-value">16</p>`,
		`<p class="card-label">What we give</p><p class="card-value">0</p>`,
		`<p class="card-label">What we get</p><p class="card-value">2</p>`,
		"We work with 1 other school of the partnership.",
		`<th scope="row">Activity reading-buddies</th><td>Royal Grammar School</td><td class="n">12</td><td class="n">2 of 2</td><td>4 of 5 to us</td>`,
		`<th scope="row">Activity careers-fair</th><td>Royal Grammar School</td><td class="n">29</td><td class="n">1 of 1</td><td>3 of 5 to us</td>`,
		"We run no activity for other schools yet.",
		// The ledger to as_of 2024/25: reading-buddies from 2022/23 (3 years)
		// and careers-fair from 2023/24 (2), both from rgs: 5 got, 0 given.
		"Over the years we have given 0 activity-years to other schools and received 5. With 0 schools the exchange goes both ways, across all projects; with 1 it goes one way so far.",
		`<th scope="row">Royal Grammar School</th><td>—</td><td>Activity reading-buddies, Activity careers-fair (5 years)</td><td>one way</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the school's report lacks %s", want)
		}
	}
	if strings.Contains(page, "echarts") {
		t.Error("the school's report carries the charting library it does not use")
	}

	in.School = "rgs"
	page = html.UnescapeString(write(t, in))
	for _, want := range []string{
		`<p class="card-label">What we give</p><p class="card-value">3</p>`,
		"We work with 3 other schools of the partnership.",
		`<th scope="row">Activity reading-buddies</th><td>West Hill Primary, Kingsfield Primary and Hollins Community Special School</td>`,
		"<td>4 of 5 to us, 4 of 5 to them</td>",
		"No activity of another school names us as a partner.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the provider's report lacks %s", want)
		}
	}

	in.School = "nowhere"
	if err := writeErr(in); err == nil || !strings.Contains(err.Error(), `--school: no school "nowhere" in toc.yaml`) {
		t.Errorf("an unknown school: %v", err)
	}
}

// TestWrite_Summary: the one-page summary holds the headline figures, every
// KPI's row and the evidence gaps, and no chart.
func TestWrite_Summary(t *testing.T) {
	in := smallInput(t, toc.Funder)
	in.Summary = true
	page := html.UnescapeString(write(t, in))
	for _, want := range []string{"<p class=\"kicker\">Impact summary</p>", "<h1>Tyne Valley Schools Partnership</h1>",
		`<p class="card-label">Pupils reached</p><p class="card-value">51</p>`, "None: every activity has the evidence its strategy needs.",
		"<dd>Funder</dd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the summary lacks %s", want)
		}
	}
	if n := len(regexp.MustCompile(`<span class="status status-`).FindAllString(page, -1)); n != 3 {
		t.Errorf("the summary has %d KPI rows, want the example's 3", n)
	}
	if strings.Contains(page, "echarts") || strings.Contains(page, `class="item"`) {
		t.Error("the summary carries charts")
	}
}

func writeErr(in reports.Input) error { return reports.Write(io.Discard, in) }
