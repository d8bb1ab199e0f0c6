package reports_test

import (
	"html"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestWrite_Narrative: descriptions, notes, value notes and a case study
// are printed beside the numbers they explain; a funder's report holds
// shared notes only and no value note, even if handed more; a case study's
// Markdown cannot run or fetch anything.
func TestWrite_Narrative(t *testing.T) {
	hostile := "# Kai\n\nHe read **everything**.\n\n<script>window.__pwned=1</script>\n\n" +
		"[click](javascript:alert(1)) ![a picture](http://example.invalid/x.png)\n"
	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		in := smallInput(t, aud)
		in.ToC.Description = "Four schools in the Tyne valley."
		in.ToC.Activities[1].Description = "Sixth-formers read with Year 3."
		in.Notes = []toc.Note{
			{ID: 1, KPI: "trainees-graduating", Period: 2023, Body: "Private: recruitment is slow."},
			{ID: 2, KPI: "reading-age-gap", Period: 2023, Shared: true, Body: "Shared: the gap narrowed."},
			{ID: 3, Activity: "reading-buddies", Period: 2023, Shared: true, CaseStudy: true, Title: "Kai's year", Body: hostile},
		}
		page := write(t, in)
		shown := html.UnescapeString(page)
		has := func(s string) bool { return strings.Contains(shown, s) }
		for _, want := range []string{"Four schools in the Tyne valley.", "Sixth-formers read with Year 3.", "2023/24:</span> Shared: the gap narrowed.",
			"Case study, 2023/24: <strong>Kai's year</strong>", "<h4>Kai</h4>", "<strong>everything</strong>", "a picture", "In their own words"} {
			if !has(want) {
				t.Errorf("%s report lacks %q", aud, want)
			}
		}
		// smallInput's kpis.csv logs 17 for 2023/24 with "two trainees deferred".
		director := aud == toc.Director
		if got := has("Private: recruitment is slow."); got != director {
			t.Errorf("%s report shows the unshared note: %v", aud, got)
		}
		if got := has("(with the value):</span> two trainees deferred"); got != director {
			t.Errorf("%s report shows the value note: %v", aud, got)
		}
		study := page[strings.Index(page, `<div class="case-study">`):]
		study = study[:strings.Index(study, "</article>")]
		if !strings.Contains(study, `<a href="">click</a>`) {
			t.Errorf("%s report: the javascript: link is not emptied:\n%s", aud, study)
		}
		for _, bad := range []string{"<script", "__pwned", "javascript:", "example.invalid", "<img"} {
			if strings.Contains(study, bad) {
				t.Errorf("%s report carries %q from the case study", aud, bad)
			}
		}
	}
}
