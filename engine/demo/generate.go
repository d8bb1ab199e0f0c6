// Package demo builds the demo partnership of DESIGN §10 from a fixed seed:
// about 60 activities, 104 schools, more than 10,000 pupils and the academic
// years 2021/22 to 2024/25, with every strategy and mutuality quadrant, outcome
// data with comparison groups for the robust activities, and some evidence
// gaps, and pupils' characteristics. It writes toc.yaml and exports as school
// systems write them — CSVs in UTF-8 and in Windows-1252, a workbook — and
// the caller imports them through the ordinary import code.
package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// Seed is the demo's fixed seed: the same seed gives the same bytes.
const Seed = 20241125

// Years are the academic years with data.
var Years = []toc.Period{2021, 2022, 2023, 2024}

// File is one generated file.
type File struct {
	Name string
	Body []byte
	// Activity and Date are the --activity and --date to import it with:
	// set for a register exported from a school system for one session.
	Activity, Date string
}

// Partnership is the generated demo: toc.yaml first, then the files in the
// order they should be imported.
type Partnership struct {
	Files []File
}

// activity is a generated activity.
type activity struct {
	activitySpec
	id, title string
	provider  school
	partners  []school
	leads     []string
	funding   []toc.Funding
}

type gen struct {
	r          *rand.Rand
	schools    []school
	activities []activity
	cohorts    map[cohortKey][]member  // who came to an activity in a year
	latest     map[pupilKey]toc.Period // each pupil's latest year with a row
}

type cohortKey struct {
	activity int
	period   toc.Period
}

// member is one pupil of a school's roster.
type member struct {
	s school
	n int
}

// Generate builds the demo partnership from seed.
func Generate(seed uint64) *Partnership {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed)), cohorts: map[cohortKey][]member{}, latest: map[pupilKey]toc.Period{}}
	g.schools = makeSchools(g.r)
	g.makeActivities()
	g.addHealth()
	part, export := g.participation()
	outcomes, kpis := g.outcomes(), g.kpiValues()
	g.addRegisterActivity()
	return &Partnership{Files: []File{
		{Name: "toc.yaml", Body: g.tocYAML()},
		{Name: "participation.csv", Body: part},
		{Name: "attendance-export.csv", Body: export},
		{Name: "outcomes.csv", Body: outcomes},
		{Name: "kpis.csv", Body: kpis},
		{Name: "pupils.csv", Body: g.pupilsCSV()},
		{Name: censusFile, Body: g.census()},
		{Name: "college-students.xlsx", Body: g.collegeWorkbook()},
		{Name: registerFile, Body: g.register(), Activity: registerActivity, Date: registerDay.Format("2006-01-02")},
	}}
}

func (g *gen) byPhase(phase string) []school {
	var out []school
	for _, s := range g.schools {
		if s.phase == phase || (phase == "secondary" && s.phase == "college") {
			out = append(out, s)
		}
	}
	return out
}

func (g *gen) makeActivities() {
	for _, spec := range activitySpecs {
		providers := []school{g.schools[0]}
		if spec.provider != "lead" {
			providers = g.byPhase(spec.provider)
		}
		for c := 0; c < spec.copies; c++ {
			a := activity{activitySpec: spec, id: spec.id, title: spec.title}
			if spec.provider == "lead" {
				a.provider = g.schools[0]
			} else {
				a.provider = providers[g.r.IntN(len(providers))]
			}
			pool := g.byPhase(spec.partnerPhase)
			g.r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
			for _, s := range pool {
				if len(a.partners) == spec.partners {
					break
				}
				if s.id != a.provider.id {
					a.partners = append(a.partners, s)
				}
			}
			sort.Slice(a.partners, func(i, j int) bool { return a.partners[i].index < a.partners[j].index })
			if spec.copies > 1 {
				a.id = fmt.Sprintf("%s-%d", spec.id, c+1)
				a.title = fmt.Sprintf("%s (%s hub)", spec.title, places[(c*7+len(spec.id))%len(places)])
			}
			switch n := g.r.IntN(10); {
			case n == 0:
			case n < 4:
				a.leads = []string{leadNames[g.r.IntN(len(leadNames))]}
			default:
				i := g.r.IntN(len(leadNames) - 1)
				a.leads = []string{leadNames[i], leadNames[i+1]}
			}
			if g.r.IntN(10) < 7 {
				for k, n := 0, 1+g.r.IntN(3); k < n; k++ {
					a.funding = append(a.funding, toc.Funding{
						Source: fundingSources[g.r.IntN(len(fundingSources))],
						Period: Years[g.r.IntN(len(Years))],
						Amount: float64(500 + 50*g.r.IntN(290)),
					})
				}
			}
			g.activities = append(g.activities, a)
		}
	}
}

// active says whether an activity ran in a year.
func (a *activity) active(p toc.Period) bool {
	return a.started <= p && (a.ended == 0 || p <= a.ended)
}

// date is the k-th of n term-time weekdays spread over an academic year.
func (g *gen) date(p toc.Period, k, n int) time.Time {
	start := time.Date(int(p), time.September, 8, 0, 0, 0, 0, time.UTC)
	d := start.AddDate(0, 0, k*280/max(n, 1)+g.r.IntN(4))
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// pupil picks a pupil of a partner school, favouring disadvantaged pupils
// for activities that target them.
func (g *gen) pupil(a *activity) (school, int) {
	for {
		s := a.partners[g.r.IntN(len(a.partners))]
		n := g.r.IntN(max(s.pupils, 1))
		if !a.targets || disadvantaged(s, n) || g.r.IntN(10) < 4 {
			return s, n
		}
	}
}

func flag(s school, n int) string {
	if s.noFlags {
		return ""
	}
	if disadvantaged(s, n) {
		return "yes"
	}
	return "no"
}

// participation writes attendance: activities of the lead school in ISO
// dates; other providers' exports as a UK school system writes them
// (DD/MM/YYYY, CRLF, a byte-order mark).
func (g *gen) participation() (iso, uk []byte) {
	var a1, a2 bytes.Buffer
	a2.WriteString("\ufeff")
	w1, w2 := csv.NewWriter(&a1), csv.NewWriter(&a2)
	w2.UseCRLF = true
	w1.Write([]string{"activity", "date", "participant", "school", "disadvantaged"})
	w2.Write([]string{"Activity", "Date", "Participant", "School", "Disadvantaged"})
	for i := range g.activities {
		a := &g.activities[i]
		w, layout := w1, "2006-01-02"
		if a.provider.id != "rgs" {
			w, layout = w2, "02/01/2006"
		}
		for _, p := range Years {
			if !a.active(p) {
				continue
			}
			var cohort []member
			if a.cohort {
				for k := 0; k < a.perSession; k++ {
					s, n := g.pupil(a)
					cohort = append(cohort, member{s, n})
				}
				g.cohorts[cohortKey{i, p}] = cohort
			}
			for k := 0; k < a.sessions; k++ {
				day := g.date(p, k, a.sessions).Format(layout)
				for j := 0; j < a.perSession; j++ {
					var m member
					if a.cohort {
						if g.r.IntN(100) >= 85 {
							continue // absent this week
						}
						m = cohort[j]
					} else {
						s, n := g.pupil(a)
						m = member{s, n}
					}
					w.Write([]string{a.id, day, pupilID(m.s, m.n), m.s.id, flag(m.s, m.n)})
					g.saw(m, p)
				}
			}
		}
	}
	w1.Flush()
	w2.Flush()
	return a1.Bytes(), a2.Bytes()
}

func fmtNum(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// Imports are the files after toc.yaml as the imports to run, in order:
// consecutive files with the same Activity and Date go in one.
func (p *Partnership) Imports() [][]File {
	var out [][]File
	for i, f := range p.Files[1:] {
		if i > 0 {
			last := out[len(out)-1]
			if last[0].Activity == f.Activity && last[0].Date == f.Date {
				out[len(out)-1] = append(last, f)
				continue
			}
		}
		out = append(out, []File{f})
	}
	return out
}
