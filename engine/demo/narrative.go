package demo

import "github.com/schoolstogether/impact/toc"

// The demo's narrative (DESIGN §14): descriptions in toc.yaml, notes
// logged with KPI values, and the notes and a case study a director would
// write with impact note. Every name is invented.

const partnershipDescription = "About sixty projects run out of one secondary school with the primaries, " +
	"special schools and college around it: they share teachers, train new ones, and open doors for pupils " +
	"who would not otherwise go through them."

var objectiveDescriptions = map[string]string{
	"grow-teachers":    "The North East trains too few maths and physics teachers; we grow our own and keep them.",
	"raise-attainment": "Reading and maths first: the gaps that open in primary school are the hardest to close later.",
	"widen-horizons":   "Meeting employers and universities early, so that no pupil rules a future out before they know it.",
}

var kpiDescriptions = map[string]string{
	"trainees-graduating": "From the SCITT's own records at the end of each summer term.",
	"reading-age-gap":     "Months between reading age, from the schools' termly tests, and real age; the mean over the schools that test.",
	"careers-encounters":  "Each meeting of a pupil with an employer counts once, as the Gatsby benchmarks count them.",
}

// activityDescriptions describe the first of each kind of project.
var activityDescriptions = map[string]string{
	"scitt":             "A school-centred initial teacher training course for maths and physics graduates, placed in our schools.",
	"reading-buddies-1": "Sixth-formers read with Year 3 and 4 pupils twice a week for a term.",
	"coding-club-1":     "Our computing teachers run after-school coding clubs in partner primaries.",
	"careers-fair":      "One day each spring when employers from across the valley meet every Year 9 and 10 pupil.",
	"zones-training-1":  "A primary school's staff train ours in the Zones of Regulation.",
}

// valueNotes are notes logged with partnership-wide KPI values in kpis.csv.
var valueNotes = map[string]string{
	"trainees-graduating 2023/24": "two trainees deferred to the spring",
	"careers-encounters 2024/25":  "includes the college's spring fair",
}

// CaseStudyFile is the demo's case study, written beside toc.yaml.
const CaseStudyFile = "case-study-reading-buddies.md"

const caseStudy = `# Reading together

Kai joined the reading buddies in Year 4, reading two years behind his age.
His buddy, a Year 12 student who wants to teach, chose football books first.

- By Christmas Kai read aloud in class for the first time.
- By Easter his reading age had caught up eight months.

> "He asks when Josh is coming," his teacher wrote.

Josh has since applied to our SCITT.
`

// Notes are what the demo's director wrote with impact note: some shared
// with funders, some not, and one case study (read from CaseStudyFile).
var Notes = []toc.Note{
	{KPI: "trainees-graduating", Period: 2024, Body: "Recruitment for 2025/26 is ahead of last year: fourteen offers accepted by June."},
	{KPI: "reading-age-gap", Period: 2024, Shared: true, Body: "The gap narrowed fastest in the three schools that added a second weekly session."},
	{Activity: "coding-club-1", Period: 2024, Shared: true, Body: "The primaries repaid the clubs by training our Year 7 team in the Zones of Regulation."},
	{Activity: "careers-fair", Period: 2023, Body: "Two employers cancelled on the day; their slots went to the college."},
	{Activity: "reading-buddies-1", Period: 2024, Shared: true, CaseStudy: true, Title: "Kai and Josh", Body: caseStudy},
}
