package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/schoolstogether/impact/toc"
)

// traits are what a school's records say of one pupil in a year, as its
// system writes them (DESIGN §11): a year group, a sex, a census SEN code,
// EAL and care.
type traits struct {
	year                  string // "R", "1" … "13"
	sex                   string // "F", "M", or "" when not recorded
	sen                   string // "E", "K", "N", or "" when not recorded
	eal, lookedAfter      string // "Y", "N", or "" when not recorded
	firstName, familyName string // for the registers that carry them
}

// hash mixes a school, a pupil and a salt into 64 well-spread bits.
func hash(s school, n int, salt uint64) uint64 {
	h := uint64(s.index)*0x9E3779B97F4A7C15 ^ uint64(n)*0xBF58476D1CE4E5B9 ^ salt*0xD6E8FEB86659FD93
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	return h
}

// yearSpans are the year groups each phase teaches: first and how many.
var yearSpans = map[string][2]int{"primary": {0, 7}, "secondary": {7, 5}, "special": {1, 11}, "college": {12, 2}}

// traitsOf is pupil n of a school in period p: fixed but for the year
// group, which moves up one a year and cycles within the school's phase.
func traitsOf(s school, n int, p toc.Period) traits {
	span := yearSpans[s.phase]
	if s.id == "rgs" {
		span = [2]int{7, 7} // the lead school has a sixth form
	}
	var t traits
	y := span[0] + int((hash(s, n, 1)+uint64(p))%uint64(span[1]))
	t.year = "R"
	if y > 0 {
		t.year = fmt.Sprint(y)
	}
	switch h := hash(s, n, 2) % 200; {
	case h == 0:
	case h%2 == 0:
		t.sex = "F"
	default:
		t.sex = "M"
	}
	ehcp, support := uint64(4), uint64(13) // percent, as in England's census
	if s.phase == "special" {
		ehcp, support = 92, 8
	}
	switch h := hash(s, n, 3) % 100; {
	case h < ehcp:
		t.sen = "E"
	case h < ehcp+support:
		t.sen = "K"
	case h < 97:
		t.sen = "N"
	}
	eal := 8 + uint64(s.index*7%30) // 8–37% by school
	switch h := hash(s, n, 4) % 100; {
	case h >= 96:
	case h < eal:
		t.eal = "Y"
	default:
		t.eal = "N"
	}
	t.lookedAfter = "N"
	if hash(s, n, 5)%100 == 0 {
		t.lookedAfter = "Y"
	}
	t.firstName = firstNames[hash(s, n, 6)%uint64(len(firstNames))]
	t.familyName = familyNames[hash(s, n, 7)%uint64(len(familyNames))]
	return t
}

// firstNames and familyNames fill the personal columns of a register, which
// the importer must drop; some need Windows-1252 beyond ASCII.
var firstNames = []string{"Zoë", "Siân", "Renée", "Chloé", "José", "Ciarán", "Aoife", "Noël", "Amélie", "Oliver", "Amira", "Jack", "Priya", "Mohammed", "Lily", "Kacper"}
var familyNames = []string{"Nguyen", "O'Brien", "Smith", "Patel", "Brontë", "Kowalski", "Hussain", "Robson", "Charlton", "Müller", "Núñez", "Armstrong"}

// pupilKey is a pupil of a school.
type pupilKey struct {
	school, n int
}

// saw records that pupil m took part, or was measured, in period p.
func (g *gen) saw(m member, p toc.Period) {
	k := pupilKey{m.s.index, m.n}
	if q, ok := g.latest[k]; !ok || p > q {
		g.latest[k] = p
	}
}

// pupilRecord is one pupil of a pupils file: its identifier and what its
// record says.
type pupilRecord struct {
	id string
	traits
}

// pupilRecords are the pupils who took part, or were measured, at the
// schools that keep, with what their record says in the latest year they
// did (the period an undated pupils row is taken to be in).
func (g *gen) pupilRecords(keep func(school) bool) []pupilRecord {
	keys := make([]pupilKey, 0, len(g.latest))
	for k := range g.latest {
		if keep(g.schools[k.school]) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].school != keys[j].school {
			return keys[i].school < keys[j].school
		}
		return keys[i].n < keys[j].n
	})
	out := make([]pupilRecord, len(keys))
	for i, k := range keys {
		s := g.schools[k.school]
		out[i] = pupilRecord{pupilID(s, k.n), traitsOf(s, k.n, g.latest[k])}
	}
	return out
}

func isCollege(s school) bool { return s.phase == "college" }

// pupilsCSV is the schools' pupils file, as a SIMS census report saves it.
func (g *gen) pupilsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"UPN", "NC Year", "Gender", "SEN Status", "EAL", "In Care"})
	for _, p := range g.pupilRecords(func(s school) bool { return !isCollege(s) }) {
		year := p.year
		if year != "R" {
			year = "Year " + year // as SIMS reports it
		}
		w.Write([]string{p.id, year, p.sex, p.sen, p.eal, p.lookedAfter})
	}
	w.Flush()
	return b.Bytes()
}

// collegeWorkbook is the sixth-form colleges' students, as their system
// exports them to Excel: the year group a number, booleans spelt out.
func (g *gen) collegeWorkbook() []byte {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "Students"
	must(x.SetSheetName("Sheet1", sheet))
	sw, err := x.NewStreamWriter(sheet)
	must(err)
	must(sw.SetRow("A1", []any{"Student ID", "Year Group", "Sex", "SEN", "EAL", "Looked After"}))
	words := map[string]any{"Y": "Yes", "N": "No", "": ""}
	for i, p := range g.pupilRecords(isCollege) {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		must(err)
		year, _ := strconv.Atoi(p.year) // colleges teach years 12 and 13
		must(sw.SetRow(cell, []any{p.id, year, p.sex, p.sen, words[p.eal], words[p.lookedAfter]}))
	}
	must(sw.Flush())
	var b bytes.Buffer
	_, err = x.WriteTo(&b)
	must(err)
	return b.Bytes()
}

// must stops the generator on a mistake of its own: its inputs are fixed.
func must(err error) {
	if err != nil {
		panic(fmt.Sprintf("demo: %v", err))
	}
}
