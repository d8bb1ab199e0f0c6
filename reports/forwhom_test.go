package reports_test

import (
	"html"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestWrite_ForWhom reads the "For whom" section of the worked MIS example
// (testdata/partnerships/mis): six pupils reached, A100000000001–006, with
// characteristics from the SIMS register and the pupils file.
func TestWrite_ForWhom(t *testing.T) {
	page := html.UnescapeString(write(t, misInput(t, toc.Director)))
	start, end := strings.Index(page, `<section id="for-whom">`), strings.Index(page, `<section id="mutuality">`)
	if start < 0 || end < start {
		t.Fatalf("the report has no For whom section")
	}
	sec := page[start:end]
	for _, want := range []string{
		// Pupil Premium: 001, 003 (Y) and 004 (Yes in pupils.csv) of 6 = 50%;
		// their schools: (1300×9.5 + 240×38) / 1540 = 21470/1540 = 13.9%.
		`Pupil Premium pupils made up 50% of those reached whose status is known, against 13.9% in their schools.`,
		// Girls: 001 F, 002 Female, 004 Girl (pupils.csv) of 6; boys 003, 005, 006.
		`50% of the pupils reached were girls and 50% boys.`,
		// Year 5: 001, 002 ("Year 5"), 006; year 6: 003 (Y6), 004; year 12: 005.
		`Pupils reached were from year 5 to year 12; the largest group was year 5 (50%).`,
		// SEN known for 001 N, 002 K, 003 E, 004 N: (1 + 1) of 4.
		`50% had special educational needs (an EHC plan or SEN support).`,
		// EAL known for 001 N, 002 Y, 003 N, 005 N: 1 of 4.
		`25% speak English as an additional language.`,
		// The groups table: 3 disadvantaged of 6, 2 SEN not known.
		`<th scope="rowgroup" rowspan="3">Pupil Premium</th><td>yes</td><td class="n">3</td><td class="n">50%</td>`,
		`<td>not known</td><td class="n">2</td><td class="n"></td>`,
		// Reading buddies: 001–005. PP 001, 003, 004 of 5 = 60%; SEN 2 of 4
		// known; EAL 1 of 4; girls 001, 002, 004 of 5.
		`<th scope="row">Sixth-form reading buddies</th><td class="n">5</td><td class="n">60%</td><td class="n">50%</td><td class="n">25%</td><td class="n">60%</td><td class="n">—</td>`,
		// Nobody's care status is known: "—", not 0.
		// Coding club: 001, 003, 006 attended (007 only absent). PP 001, 003 of
		// 3 = 66.7%; SEN 003 of 001, 003 = 50%; EAL none of 001, 003; girls
		// 001 of 3 = 33.3%.
		`<th scope="row">Primary coding club</th><td class="n">3</td><td class="n">66.7%</td><td class="n">50%</td><td class="n">0%</td><td class="n">33.3%</td><td class="n">—</td>`,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("For whom lacks %s", want)
		}
	}
	if strings.Contains(sec, "looked-after child") {
		t.Errorf("no pupil's care status is known, yet the section counts looked-after children")
	}
	opt := options(t, write(t, misInput(t, toc.Director)))
	// Year groups 5, 6, 12 and "not known": 3, 2, 1 and 0 pupils.
	years := series(t, opt["chart_years"], 0)
	for i, want := range []float64{3, 2, 1, 0} {
		if v := years[i].(map[string]any)["value"]; v != want {
			t.Errorf("year-group bar %d = %v, want %v", i, v, want)
		}
	}
}

// TestWrite_ForWhomFunder: with min_cell 6 (the default) every group of the
// MIS example's six pupils is below it, so a funder sees each as "<6" and
// no share, sentence or chart value built on one.
func TestWrite_ForWhomFunder(t *testing.T) {
	raw := write(t, misInput(t, toc.Funder))
	page := html.UnescapeString(raw)
	sec := page[strings.Index(page, `<section id="for-whom">`):strings.Index(page, `<section id="mutuality">`)]
	for _, leak := range []string{"% of the pupils reached were girls", "had special educational needs", "largest group", `<td class="n">3</td>`, `<td class="n">50%</td>`} {
		if strings.Contains(sec, leak) {
			t.Errorf("a funder's For whom shows %q", leak)
		}
	}
	if !strings.Contains(sec, `<td>yes</td><td class="n"><6</td>`) {
		t.Errorf("a funder's For whom does not show small groups as <6")
	}
	for _, id := range []string{"chart_forwhom", "chart_years"} {
		for _, s := range seriesAll(t, options(t, raw)[id]) {
			for _, d := range s {
				if v, ok := d.(map[string]any)["value"]; ok && v != "-" && v != nil {
					t.Errorf("%s carries %v for a funder", id, v)
				}
			}
		}
	}
}

// seriesAll is the data of each series of a chart; none when it is not drawn.
func seriesAll(t *testing.T, opts map[string]any) [][]any {
	t.Helper()
	ss, _ := opts["series"].([]any)
	var out [][]any
	for i := range ss {
		out = append(out, series(t, opts, i))
	}
	return out
}
