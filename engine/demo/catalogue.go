package demo

import "github.com/schoolstogether/impact/toc"

// The demo partnership is modelled on a real one in the North East of
// England: about 60 projects a year run out of one secondary school,
// reaching more than 10,000 children in more than 100 schools. Every name
// here is invented.

const partnershipName = "Tyne Valley Schools Partnership"

// places name the demo's schools.
var places = []string{
	"Benwell", "Byker", "Cramlington", "Denton", "Elswick", "Fenham", "Gosforth", "Heaton", "Jesmond",
	"Kenton", "Longbenton", "Walker", "Wallsend", "Whickham", "Blaydon", "Ryton", "Prudhoe", "Hexham",
	"Ponteland", "Morpeth", "Blyth", "Ashington", "Tynemouth", "Whitley Bay", "Jarrow", "Hebburn",
	"Felling", "Dunston", "Lemington", "Throckley", "Westerhope", "Kingston Park", "Forest Hall",
	"Killingworth", "Seaton Delaval", "Bedlington", "Stocksfield", "Wylam", "Heddon", "Newburn",
	"Scotswood", "Arthur's Hill", "Shieldfield", "Ouseburn", "Sandyford", "Fawdon", "Chapel House",
	"Lobley Hill", "Low Fell", "Birtley", "Washington", "Chester-le-Street", "Consett", "Stanley",
}

var primaryStyles = []string{"%s Primary School", "St Mary's RC Primary, %s", "%s First School", "%s Church of England Primary", "%s Community Primary", "%s Village Primary"}
var secondaryStyles = []string{"%s Academy", "%s High School", "%s Community High School"}

// kpiSpec is a KPI of the demo with its trajectory.
type kpiSpec struct {
	objective, objectiveTitle string
	outcome, outcomeTitle     string
	id, title, unit           string
	dir                       toc.Direction
	agg                       toc.Aggregate
	base, target              float64
	basePeriod, targetPeriod  toc.Period
	perSchool                 bool    // logged per school rather than partnership-wide
	pace                      float64 // share of the planned progress actually made
}

var kpiSpecs = []kpiSpec{
	{"grow-teachers", "Develop and grow teachers", "more-teachers", "More new maths and physics teachers", "trainees-graduating", "Trainees graduating from the SCITT", "trainees", toc.Increase, toc.Sum, 12, 20, 2021, 2024, false, 0.9},
	{"grow-teachers", "Develop and grow teachers", "more-teachers", "More new maths and physics teachers", "trainees-retained", "Former trainees still teaching after two years", "teachers", toc.Increase, toc.Sum, 9, 16, 2021, 2025, false, 1.1},
	{"grow-teachers", "Develop and grow teachers", "shared-practice", "Teachers share what works across schools", "cpd-hours", "Hours of joint professional development", "hours", toc.Increase, toc.Sum, 1200, 2400, 2021, 2024, false, 1.2},
	{"raise-attainment", "Raise attainment across the partnership", "better-readers", "Primary pupils read at their age", "reading-age-gap", "Gap between reading age and real age", "months", toc.Decrease, toc.Mean, 14, 8, 2021, 2024, true, 0.8},
	{"raise-attainment", "Raise attainment across the partnership", "stronger-maths", "More pupils meet the expected standard in maths", "ks2-maths-expected", "Year 6 pupils at the expected standard in maths", "%", toc.Increase, toc.Mean, 68, 76, 2021, 2024, true, 1.0},
	{"raise-attainment", "Raise attainment across the partnership", "science-capital", "More pupils take the sciences further", "triple-science-entries", "GCSE triple science entries", "entries", toc.Increase, toc.Sum, 180, 260, 2021, 2025, false, 0.7},
	{"widen-horizons", "Widen horizons and aspirations", "careers", "Every pupil meets employers", "careers-encounters", "Encounters with employers", "encounters", toc.Increase, toc.Sum, 2000, 6000, 2021, 2024, false, 1.05},
	{"widen-horizons", "Widen horizons and aspirations", "university", "More disadvantaged pupils apply to university", "he-applications-pp", "University applications from Pupil Premium students", "applications", toc.Increase, toc.Sum, 40, 70, 2021, 2025, false, 0.6},
	{"widen-horizons", "Widen horizons and aspirations", "languages", "Languages and classics for all", "language-gcse-entries", "GCSE entries in languages and Latin", "entries", toc.Increase, toc.Sum, 150, 210, 2021, 2024, false, 0.5},
	{"enrich", "Enrich music, arts and sport", "music", "Pupils learn an instrument", "music-certificates", "Graded music certificates gained", "certificates", toc.Increase, toc.Sum, 60, 120, 2021, 2024, false, 1.0},
	{"enrich", "Enrich music, arts and sport", "sport", "Pupils are active", "sport-participation", "Pupils in weekly competitive sport", "%", toc.Increase, toc.Mean, 52, 65, 2021, 2024, true, 0.9},
	{"enrich", "Enrich music, arts and sport", "arts", "Pupils create and perform", "arts-awards", "Arts Awards gained", "awards", toc.Increase, toc.Sum, 30, 30, 2023, 2023, false, 1.0},
	{"wellbeing", "Support wellbeing and inclusion", "attendance", "Pupils come to school", "persistent-absence", "Persistently absent pupils", "%", toc.Decrease, toc.Mean, 22, 15, 2021, 2024, true, 0.7},
	{"wellbeing", "Support wellbeing and inclusion", "send", "Staff meet every pupil's needs", "staff-trained-send", "Staff trained in SEND and regulation approaches", "staff", toc.Increase, toc.Sum, 40, 160, 2021, 2024, false, 1.3},
}

// activitySpec is a kind of project; some run from several providers.
type activitySpec struct {
	id, title        string
	kpis             []string
	certainty        toc.Level
	participation    toc.Level
	internal         int
	external         int
	provider         string // "lead", "secondary", "primary" or "special"
	copies           int    // how many providers run it
	partnerPhase     string // phase of the partner schools
	partners         int    // how many partners
	sessions         int    // sessions a year
	perSession       int    // participants a session
	cohort           bool   // the same pupils come every session
	targets          bool   // targets disadvantaged pupils
	measure          string // outcome measure, "" for none
	outcome          string // "comparison", "pre-post", "few" (too few for evidence), "" none
	mean, sd, effect float64
	started          toc.Period
	ended            toc.Period // 0 when still running
}

var activitySpecs = []activitySpec{
	// Robust: high certainty, low participation — grades, certificates, a comparison group.
	{"scitt", "Maths and physics SCITT", []string{"trainees-graduating", "trainees-retained"}, toc.High, toc.Low, 4, 4, "lead", 1, "secondary", 8, 10, 14, true, false, "observation-grade", "comparison", 3.0, 0.5, 0.45, 2015, 0},
	{"music-teachers", "Shared peripatetic music teachers", []string{"music-certificates"}, toc.High, toc.Low, 2, 5, "lead", 2, "primary", 6, 30, 12, true, true, "music-grade-mark", "comparison", 110, 12, 0.35, 2018, 0},
	{"gcse-maths-tutoring", "Small-group GCSE maths tutoring", []string{"triple-science-entries"}, toc.High, toc.Low, 3, 4, "lead", 1, "secondary", 5, 30, 8, true, true, "gcse-maths-grade", "comparison", 4.6, 1.5, 0.3, 2020, 0},
	{"latin-gcse", "Latin GCSE twilight course", []string{"language-gcse-entries"}, toc.High, toc.Low, 2, 4, "lead", 1, "secondary", 6, 25, 12, true, false, "latin-gcse-grade", "few", 6.0, 1.4, 0.2, 2021, 0},
	{"swimming", "Top-up swimming lessons", []string{"sport-participation"}, toc.High, toc.Low, 1, 4, "secondary", 2, "primary", 8, 10, 15, true, true, "", "", 0, 0, 0, 2022, 0},
	// Count: low certainty, high participation — count heads.
	{"careers-fair", "Partnership careers fair", []string{"careers-encounters"}, toc.Low, toc.High, 2, 4, "lead", 1, "secondary", 14, 1, 900, false, false, "", "", 0, 0, 0, 2017, 0},
	{"stem-day", "STEM day at the university", []string{"triple-science-entries"}, toc.Low, toc.High, 1, 4, "lead", 1, "primary", 30, 2, 240, false, false, "", "", 0, 0, 0, 2019, 0},
	{"theatre-trip", "Year 8 theatre trip", []string{"arts-awards"}, toc.Low, toc.High, 2, 3, "secondary", 2, "secondary", 4, 1, 180, false, true, "", "", 0, 0, 0, 2021, 0},
	{"sports-festival", "Primary sports festival", []string{"sport-participation"}, toc.Low, toc.High, 3, 4, "lead", 1, "primary", 40, 2, 400, false, false, "", "", 0, 0, 0, 2016, 0},
	{"university-day", "University taster day", []string{"he-applications-pp"}, toc.Low, toc.High, 1, 3, "lead", 1, "secondary", 12, 1, 300, false, true, "", "", 0, 0, 0, 2021, 0},
	{"choir-festival", "Massed primary choir festival", []string{"music-certificates"}, toc.Low, toc.High, 3, 3, "lead", 1, "primary", 35, 1, 500, false, false, "", "", 0, 0, 0, 2022, 0},
	// Sample: high certainty, wider participation — outcomes for a sample.
	{"phonics-catch-up", "Phonics catch-up for Year 2", []string{"reading-age-gap"}, toc.High, toc.Medium, 1, 5, "primary", 2, "primary", 5, 20, 16, true, true, "phonics-score", "pre-post", 24, 6, 0.6, 2021, 0},
	{"ks2-maths-boost", "Year 6 maths boosters", []string{"ks2-maths-expected"}, toc.High, toc.High, 3, 4, "lead", 2, "primary", 10, 12, 40, true, true, "ks2-maths-scaled", "pre-post", 100, 6, 0.4, 2020, 0},
	{"attendance-mentors", "Attendance mentors", []string{"persistent-absence"}, toc.High, toc.Medium, 2, 4, "secondary", 2, "secondary", 4, 20, 14, true, true, "attendance-pct", "few", 86, 6, 0.3, 2022, 0},
	// Review: low certainty, low or medium participation — case studies, pilot or reconsider.
	{"heads-breakfast", "Headteachers' breakfast network", []string{"cpd-hours"}, toc.Low, toc.Medium, 3, 3, "lead", 1, "primary", 30, 3, 25, false, false, "", "", 0, 0, 0, 2019, 0},
	{"governor-forum", "Governors' forum", []string{"cpd-hours"}, toc.Low, toc.Low, 2, 2, "lead", 1, "secondary", 10, 3, 15, false, false, "", "", 0, 0, 0, 2022, 0},
	{"chess-club", "Inter-school chess club", []string{"sport-participation"}, toc.Low, toc.Low, 1, 1, "primary", 2, "primary", 4, 12, 12, true, false, "", "", 0, 0, 0, 2023, 0},
	{"parents-workshop", "Parents' maths workshops", []string{"ks2-maths-expected"}, toc.Low, toc.Medium, 0, 2, "primary", 1, "primary", 3, 4, 20, false, true, "", "", 0, 0, 0, 2020, 2022},
	// Pre-post: medium certainty — before-and-after measures.
	{"reading-buddies", "Sixth-form reading buddies", []string{"reading-age-gap"}, toc.Medium, toc.Medium, 4, 4, "lead", 4, "primary", 6, 28, 18, true, true, "reading-age-months", "pre-post", 90, 11, 0.5, 2016, 0},
	{"coding-club", "Primary coding club", []string{"triple-science-entries"}, toc.Medium, toc.Medium, 1, 5, "lead", 4, "primary", 5, 24, 16, true, false, "coding-badge-score", "pre-post", 40, 12, 0.45, 2018, 0},
	{"oracy", "Oracy and debating league", []string{"he-applications-pp"}, toc.Medium, toc.Medium, 3, 3, "secondary", 2, "secondary", 5, 10, 16, true, true, "oracy-rubric", "pre-post", 12, 3, 0.3, 2021, 0},
	{"zones-training", "Zones of Regulation training for secondary staff", []string{"staff-trained-send"}, toc.Medium, toc.Low, 4, 1, "primary", 2, "secondary", 3, 4, 18, false, false, "", "", 0, 0, 0, 2022, 0},
	{"send-outreach", "Special school SEND outreach", []string{"staff-trained-send", "persistent-absence"}, toc.Medium, toc.Medium, 2, 5, "special", 2, "primary", 8, 6, 15, false, true, "boxall-profile", "few", 60, 12, 0.3, 2020, 0},
	{"maths-masterclass", "Year 9 maths masterclasses", []string{"ks2-maths-expected", "triple-science-entries"}, toc.Medium, toc.High, 3, 3, "lead", 3, "secondary", 8, 8, 60, false, false, "", "", 0, 0, 0, 2017, 0},
	{"subject-networks", "Subject leader networks", []string{"cpd-hours"}, toc.Medium, toc.Medium, 4, 4, "secondary", 3, "secondary", 6, 6, 20, false, false, "", "", 0, 0, 0, 2019, 0},
	{"language-tasters", "Primary language tasters", []string{"language-gcse-entries"}, toc.Medium, toc.High, 2, 3, "lead", 1, "primary", 20, 6, 80, false, false, "", "", 0, 0, 0, 2021, 0},
	{"science-ambassadors", "Sixth-form science ambassadors", []string{"triple-science-entries"}, toc.Medium, toc.Medium, 4, 2, "lead", 2, "primary", 6, 10, 24, true, false, "science-quiz", "pre-post", 14, 4, 0.25, 2020, 0},
	{"art-exchange", "Art exchange and exhibition", []string{"arts-awards"}, toc.Medium, toc.Low, 2, 2, "secondary", 2, "primary", 4, 6, 12, true, false, "", "", 0, 0, 0, 2022, 0},
	{"holiday-club", "Holiday activity and food club", []string{"persistent-absence", "sport-participation"}, toc.Medium, toc.High, 1, 2, "lead", 2, "primary", 25, 12, 70, false, true, "wellbeing-scale", "pre-post", 30, 6, -0.1, 2021, 0},
	{"transition-summer-school", "Year 6 to 7 transition summer school", []string{"persistent-absence"}, toc.Medium, toc.Medium, 4, 4, "lead", 2, "primary", 12, 5, 40, true, true, "belonging-scale", "pre-post", 50, 10, 0.35, 2019, 0},
	{"young-enterprise", "Young Enterprise company programme", []string{"careers-encounters"}, toc.Medium, toc.Low, 3, 2, "secondary", 2, "secondary", 4, 15, 12, true, false, "", "", 0, 0, 0, 2021, 0},
	{"research-group", "Teacher research group", []string{"cpd-hours"}, toc.Medium, toc.Low, 4, 3, "lead", 1, "secondary", 8, 6, 10, false, false, "", "", 0, 0, 0, 2020, 0},
	// More heads to count, and a review.
	{"work-experience", "Work experience brokerage", []string{"careers-encounters"}, toc.Low, toc.High, 1, 4, "lead", 1, "secondary", 10, 1, 350, false, true, "", "", 0, 0, 0, 2020, 0},
	{"duke-of-edinburgh", "Duke of Edinburgh expeditions", []string{"sport-participation"}, toc.Low, toc.Medium, 3, 2, "lead", 1, "secondary", 4, 3, 40, true, false, "", "", 0, 0, 0, 2018, 0},
	{"instrument-loan", "Instrument loan scheme", []string{"music-certificates"}, toc.High, toc.Medium, 1, 4, "lead", 1, "primary", 15, 1, 120, false, true, "", "", 0, 0, 0, 2022, 0},
}

// fundingSources are the demo's funders.
var fundingSources = []string{
	"Tyne Valley Community Foundation", "North East Maths Hub", "Quayside Engineering Ltd", "DfE regional improvement grant",
	"Rotary Club of Tynemouth", "Parents' association", "University outreach fund", "Northern Arts Trust",
}

var leadNames = []string{
	"j-smith", "a-patel", "m-jones", "s-khan", "r-brown", "l-wilson", "e-taylor", "d-roberts", "h-ahmed", "c-walker",
	"f-thompson", "g-white", "k-harris", "n-martin", "p-clarke", "t-lewis",
}
