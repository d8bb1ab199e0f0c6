package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/schoolstogether/impact/toc"
)

// The arts week is the one activity whose attendance arrives as a register
// exported from SIMS — Windows-1252, as Excel's plain "CSV" saves it on
// Windows, with the pupils' names and dates of birth in it — imported with
// --activity and --date. It reaches the special schools, which otherwise
// only give (their SEND outreach), never receive.
const (
	registerActivity = "inclusive-arts-week"
	registerFile     = "sims-arts-week.csv"
	registerPupils   = 10 // from each special school
)

var registerDay = time.Date(2025, time.March, 12, 0, 0, 0, 0, time.UTC)

// addRegisterActivity adds the arts week to the activities. It draws no
// random numbers, so the rest of the demo is as it was without it.
func (g *gen) addRegisterActivity() {
	g.activities = append(g.activities, activity{
		activitySpec: activitySpec{
			certainty: toc.Low, participation: toc.Medium, internal: 3, external: 4,
			kpis: []string{"arts-awards"}, started: 2024,
		},
		id: registerActivity, title: "Inclusive arts week for special schools",
		provider: g.schools[0], partners: g.byPhase("special"), leads: []string{"k-harris", "n-martin"},
		funding: []toc.Funding{{Source: "Northern Arts Trust", Period: 2024, Amount: 2400}},
	})
}

// register writes the arts week's SIMS register.
func (g *gen) register() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write([]string{"UPN", "Legal Surname", "Legal Forename", "Date of Birth", "NC Year Actual", "Reg Group", "Gender",
		"Pupil Premium Indicator", "SEN Status", "EAL", "School"})
	for _, s := range g.byPhase("special") {
		for k := 0; k < registerPupils; k++ {
			n := int(hash(s, k, 8) % uint64(max(s.pupils, 1)))
			t := traitsOf(s, n, toc.PeriodOf(registerDay))
			year, _ := strconv.Atoi(t.year) // "R" is 0
			born := time.Date(2019-year, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC)
			pp := map[string]string{"yes": "Y", "no": "N"}[flag(s, n)]
			w.Write([]string{pupilID(s, n), t.familyName, t.firstName, born.Format("02/01/2006"), t.year,
				fmt.Sprintf("%s%c", t.year, 'A'+rune(n%3)), t.sex, pp, t.sen, t.eal, s.name})
		}
	}
	w.Flush()
	out, err := charmap.Windows1252.NewEncoder().Bytes(b.Bytes())
	must(err)
	return out
}
