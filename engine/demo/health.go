package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// The demo's partnership health (issue 16): four years of ratings that
// climb as the partnership beds in, one person (the director of
// partnerships, j-smith) behind many of the lead school's activities,
// support in kind and staff time, and EEF toolkit strands.

// keyPerson is the director of partnerships, who leads the lead school's
// activities that name nobody else and shares half of the rest.
const keyPerson = "j-smith"

// staffHour is the demo's value of an hour of staff time, in pounds.
const staffHour = 32

// healthRatings are the success factors' ratings, 2021/22 to 2024/25, in
// toc.Factors order, with the evidence of the latest years.
var healthRatings = []struct {
	period   toc.Period
	ratings  [7]int
	evidence map[string]string
}{
	{2021, [7]int{2, 2, 2, 1, 2, 1, 2}, map[string]string{
		"review": "No review yet: each project reports to its own school.",
	}},
	{2022, [7]int{2, 3, 2, 2, 2, 2, 3}, map[string]string{
		"common-purpose": "Heads agreed three shared priorities at the autumn conference.",
		"review":         "A termly partnership board started in the spring.",
	}},
	{2023, [7]int{3, 3, 3, 2, 3, 3, 3}, map[string]string{
		"shared-identity": "Tyne Valley badge on every project's letters and website.",
		"trust":           "Primaries shared their Zones of Regulation training with the secondaries.",
	}},
	{2024, [7]int{3, 4, 3, 3, 3, 3, 3}, map[string]string{
		"shared-identity": "Pupils and parents name the partnership, not only their school, in surveys.",
		"common-purpose":  "The theory of change was rewritten with every head at the table.",
		"leadership":      "Two deputy heads now co-lead projects with the director of partnerships.",
		"management":      "A partnership manager and a shared budget line since September.",
		"trust":           "Schools open their data to each other for the evaluation.",
		"review":          "impact reports go to the board each term; governors see the school summaries.",
		"commitment":      "Every school renewed its partnership agreement for three years.",
	}},
}

// eefStrands name the toolkit strand of the demo's activities that are
// instances of one.
var eefStrands = map[string]string{
	"reading-buddies": "peer-tutoring", "phonics-catch-up": "phonics", "ks2-maths-boost": "small-group-tuition",
	"gcse-maths-tutoring": "small-group-tuition", "coding-club": "digital-technology", "oracy": "oral-language",
	"transition-summer-school": "summer-schools", "attendance-mentors": "mentoring", "music-teachers": "arts-participation",
	"holiday-club": "extending-school-time", "science-ambassadors": "peer-tutoring", "parents-workshop": "parental-engagement",
	"send-outreach": "social-emotional-learning",
}

// inKind is support in kind a kind of activity gets each year it runs.
var inKind = map[string][]struct {
	what  string
	value float64
}{
	"holiday-club":     {{"Catering from the school kitchen", 1800}},
	"swimming":         {{"Minibus transport", 640}},
	"sports-festival":  {{"Minibus transport", 420}, {"Playing fields", 300}},
	"careers-fair":     {{"Sports hall and catering", 950}},
	"stem-day":         {{"Coach hire paid by the university", 1200}},
	"subject-networks": {{"Cover for teachers at meetings", 1100}},
	"zones-training":   {{"Back-cover while staff train", 700}},
}

// staffHours are the hours of staff time a kind of activity takes a year.
var staffHours = map[string]float64{
	"reading-buddies": 60, "coding-club": 45, "zones-training": 30, "transition-summer-school": 80, "heads-breakfast": 24,
}

// addHealth gives the activities their key person, support in kind,
// staff time and toolkit strands, and ties the Zones of Regulation
// training to the coding clubs it repays: its provider is a primary the
// first coding club serves, and the lead school is among its partners.
func (g *gen) addHealth() {
	lead := g.schools[0]
	var coding *activity
	for i := range g.activities {
		if g.activities[i].activitySpec.id == "coding-club" && coding == nil {
			coding = &g.activities[i]
		}
	}
	for i := range g.activities {
		a := &g.activities[i]
		if a.provider.id == lead.id && !slices.Contains(a.leads, keyPerson) {
			switch {
			case len(a.leads) == 0:
				a.leads = []string{keyPerson}
			case i%2 == 0:
				a.leads = append([]string{keyPerson}, a.leads...)
			}
		}
		if a.activitySpec.id == "zones-training" && coding != nil && len(coding.partners) > 0 {
			a.provider = coding.partners[i%len(coding.partners)]
			if !slices.ContainsFunc(a.partners, func(s school) bool { return s.id == lead.id }) {
				a.partners = append([]school{lead}, a.partners[:len(a.partners)-1]...)
			}
			a.partners = slices.DeleteFunc(a.partners, func(s school) bool { return s.id == a.provider.id })
		}
	}
}

// healthYAML writes the demo's costs and health check.
func healthYAML(b *bytes.Buffer) {
	fmt.Fprintf(b, "\n# What an hour of staff time is worth, for activities' staff_time.\ncosts:\n  staff_hour: %d\n", staffHour)
	b.WriteString("\n# The partnership board rates the success factors each summer (1 not yet in place ... 4 strong).\nhealth:\n")
	for _, h := range healthRatings {
		fmt.Fprintf(b, "  - period: %s\n    ratings:\n", h.period)
		for i, f := range toc.Factors {
			fmt.Fprintf(b, "      %s: {rating: %d", f.ID, h.ratings[i])
			if e := h.evidence[f.ID]; e != "" {
				fmt.Fprintf(b, ", evidence: %s", q(e))
			}
			b.WriteString("}\n")
		}
	}
}

// activityHealthYAML writes an activity's strand, support in kind and
// staff time, for each year it runs in the demo's years.
func (a *activity) healthYAML(b *bytes.Buffer) {
	if s := eefStrands[a.activitySpec.id]; s != "" {
		fmt.Fprintf(b, "    eef: %s\n", s)
	}
	var kind, staff []string
	for _, p := range Years {
		if !a.active(p) {
			continue
		}
		for _, k := range inKind[a.activitySpec.id] {
			kind = append(kind, fmt.Sprintf("      - {what: %s, period: %s, value: %s}\n", q(k.what), p, fmtNum(k.value)))
		}
		if h := staffHours[a.activitySpec.id]; h > 0 {
			staff = append(staff, fmt.Sprintf("      - {period: %s, hours: %s}\n", p, fmtNum(h)))
		}
	}
	if len(kind) > 0 {
		b.WriteString("    in_kind:\n" + strings.Join(kind, ""))
	}
	if len(staff) > 0 {
		b.WriteString("    staff_time:\n" + strings.Join(staff, ""))
	}
}

// censusFile is the demo's census of whole year groups.
const censusFile = "census-2024.csv"

// census is every Year 5 and Year 6 pupil in 2024/25 of the schools the
// swimming lessons serve, taking part or not, as a pupils file with a
// school, a period and Pupil Premium: from it impact can match
// comparison pupils for the lessons (issue 16).
func (g *gen) census() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"UPN", "School", "NC Year", "Gender", "Pupil Premium", "Period"})
	seen := map[string]bool{}
	for _, a := range g.activities {
		if a.activitySpec.id != "swimming" {
			continue
		}
		for _, s := range a.partners {
			if seen[s.id] {
				continue
			}
			seen[s.id] = true
			for n := range max(s.pupils, 1) {
				t := traitsOf(s, n, 2024)
				if t.year != "5" && t.year != "6" {
					continue
				}
				pp := map[bool]string{true: "Y", false: "N"}[disadvantaged(s, n)]
				w.Write([]string{pupilID(s, n), s.id, "Year " + t.year, t.sex, pp, "2024/25"})
			}
		}
	}
	w.Flush()
	return b.Bytes()
}
