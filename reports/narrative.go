package reports

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// noteItem is one note as the report prints it, beside the numbers it
// explains.
type noteItem struct {
	Period string
	Text   string
	// With says where it came from when it is not a note of its own:
	// "with the value" for a note logged with a KPI value.
	With string
}

// caseStudy is a case study of an activity, its Markdown rendered.
type caseStudy struct {
	Title, Period string
	Body          template.HTML
}

// storyActivity is an activity told in words: what it is, its numbers in
// a line, and what its people wrote.
type storyActivity struct {
	Title, Href, Description string
	Facts                    string
	Notes                    []noteItem
	CaseStudies              []caseStudy
}

// narrative sorts the notes by what they explain. A funder's Input holds
// only shared notes already; value notes are never a funder's.
type narrative struct {
	kpi      map[string][]noteItem
	activity map[string][]toc.Note
}

func newNarrative(in Input, funder bool) narrative {
	n := narrative{kpi: map[string][]noteItem{}, activity: map[string][]toc.Note{}}
	for _, note := range in.Notes {
		if funder && !note.Shared {
			continue // a second guard: the caller asks the store for shared notes only
		}
		if note.KPI != "" {
			n.kpi[note.KPI] = append(n.kpi[note.KPI], noteItem{Period: note.Period.String(), Text: note.Body})
		} else {
			n.activity[note.Activity] = append(n.activity[note.Activity], note)
		}
	}
	if !funder {
		for _, v := range in.ValueNotes {
			if strings.TrimSpace(v.Note) == "" {
				continue
			}
			with := "with the value"
			if v.School != "" {
				with = fmt.Sprintf("with %s's value", schoolLabel(in.ToC, v.School))
			}
			n.kpi[v.KPI] = append(n.kpi[v.KPI], noteItem{Period: v.Period.String(), Text: v.Note, With: with})
		}
	}
	return n
}

func schoolLabel(p *toc.Partnership, id string) string {
	if sc := p.School(id); sc != nil && sc.Name != "" {
		return sc.Name
	}
	return id
}

// stories tells, for each activity with a description, notes or case
// studies, what it is and what happened, beside its own numbers.
func stories(s *scope, n narrative) ([]storyActivity, error) {
	var out []storyActivity
	for i := range s.activities {
		a := &s.activities[i]
		st := storyActivity{Title: a.title(), Href: s.href("activities", a.ID)}
		if a.def != nil {
			st.Description = a.def.Description
		}
		for _, note := range n.activity[a.ID] {
			if !note.CaseStudy {
				st.Notes = append(st.Notes, noteItem{Period: note.Period.String(), Text: note.Body})
				continue
			}
			body, err := Markdown(note.Body)
			if err != nil {
				return nil, fmt.Errorf("case study %q: %w", note.Title, err)
			}
			st.CaseStudies = append(st.CaseStudies, caseStudy{Title: note.Title, Period: note.Period.String(), Body: body})
		}
		if st.Description == "" && len(st.Notes) == 0 && len(st.CaseStudies) == 0 {
			continue
		}
		st.Facts = facts(a)
		out = append(out, st)
	}
	return out, nil
}

// facts is an activity's numbers in a line: "51 pupils · evidence level 2
// of 2 · g = 0.45 on reading age (+4 months)".
func facts(a *scoped) string {
	parts := []string{countText(a.Participants) + " pupils", fmt.Sprintf("evidence level %d of %d", a.AchievedLevel, a.RequiredLevel)}
	for _, e := range a.EffectSizes {
		if e.G == nil {
			continue
		}
		g := fmt.Sprintf("g = %s on %s", format.Fixed(*e.G, 2), e.Measure)
		if e.Months != nil {
			g += fmt.Sprintf(" (%s)", months(*e.Months))
		}
		parts = append(parts, g)
		break
	}
	return strings.Join(parts, " · ")
}
