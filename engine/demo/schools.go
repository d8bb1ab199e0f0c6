package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// school is a demo school with its roster.
type school struct {
	id, name, phase string
	pupils          int
	pct             float64 // disadvantaged %, 0 when noFigures
	noFigures       bool    // toc.yaml gives no pupils or percentage
	noFlags         bool    // its exports leave the disadvantage flag empty
	index           int
}

// schools makes the lead school, 11 more secondaries, 86 primaries, 4
// special schools and 2 colleges: 104 in all.
func makeSchools(r *rand.Rand) []school {
	out := []school{{id: "rgs", name: "Royal Grammar School", phase: "secondary", pupils: 1300, pct: 9.5}}
	used := map[string]bool{"rgs": true}
	add := func(phase string, styles []string, n, lo, hi int) {
		for i := 0; i < n; i++ {
			place := places[r.IntN(len(places))]
			style := styles[r.IntN(len(styles))]
			name := fmt.Sprintf(style, place)
			id := slug(place) + "-" + map[string]string{"primary": "pri", "secondary": "sec", "special": "spe", "college": "col"}[phase]
			for k := 2; used[id]; k++ {
				id = fmt.Sprintf("%s-%s-%d", slug(place), phase[:3], k)
				name = fmt.Sprintf("%s (%s %d)", fmt.Sprintf(style, place), "site", k)
			}
			used[id] = true
			s := school{id: id, name: name, phase: phase, pupils: lo + r.IntN(hi-lo+1), pct: float64(int(50+r.Float64()*500)) / 10}
			out = append(out, s)
		}
	}
	add("secondary", secondaryStyles, 11, 700, 1600)
	add("primary", primaryStyles, 86, 120, 460)
	add("special", []string{"%s Special School", "%s Academy for SEND"}, 4, 60, 220)
	add("college", []string{"%s Sixth Form College"}, 2, 1200, 2600)
	for i := range out {
		out[i].index = i
		if i > 0 && i%37 == 0 {
			out[i].noFigures = true
		}
		if i%9 == 4 {
			out[i].noFlags = true
		}
	}
	return out
}

func slug(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer(" ", "-", "'", "").Replace(s)
	return s
}

// pupilID is a pupil's identifier in the school's own system, as exported
// (a UPN-like code); impact replaces it with a pseudonym on import.
func pupilID(s school, n int) string {
	return fmt.Sprintf("%c%03d%09d", 'A'+rune(s.index%20), s.index, n*7919%1000000007)
}

// disadvantaged says whether pupil n of a school is eligible for Pupil
// Premium: a fixed property of the pupil, drawn from the school's share.
func disadvantaged(s school, n int) bool {
	h := uint64(s.index)*0x9E3779B97F4A7C15 ^ uint64(n)*0xBF58476D1CE4E5B9
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	pct := s.pct
	if s.noFigures {
		pct = 25
	}
	return float64(h%10000) < pct*100
}
