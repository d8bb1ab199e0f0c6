package metrics

import "github.com/schoolstogether/impact/toc"

// Tie is what two schools have given each other across every project
// (issue 16, README "Health"): A gives to B in each year an activity A
// provides runs with B among its partners. A project that only goes one
// way is balanced when another goes back: the tie is two-way.
type Tie struct {
	A    string `json:"a"` // the earlier of the two in toc.yaml
	B    string `json:"b"`
	AToB []Gift `json:"a_to_b"`
	BToA []Gift `json:"b_to_a"`
	// AGives and BGives count activity-years each way.
	AGives int  `json:"a_gives"`
	BGives int  `json:"b_gives"`
	TwoWay bool `json:"two_way"`
}

// Gift is one activity one school provides for another, with the years it
// ran for them (DESIGN §7.7's years running, to as_of).
type Gift struct {
	Activity string       `json:"activity"`
	Periods  []toc.Period `json:"periods"`
}

// Ledger is every tie of the partnership, in toc.yaml order of schools.
func Ledger(p *toc.Partnership, acts []*toc.Activity, asOf toc.Period) []Tie {
	index := map[string]int{}
	for i, s := range p.Schools {
		index[s.ID] = i
	}
	ties := map[[2]int]*Tie{}
	for _, a := range acts {
		years := a.YearsRunning(asOf)
		if years == 0 {
			continue
		}
		periods := make([]toc.Period, years)
		for i := range periods {
			periods[i] = a.Started + toc.Period(i)
		}
		from, ok := index[a.Provider]
		if !ok {
			continue
		}
		for _, partner := range a.Partners {
			to, ok := index[partner]
			if !ok {
				continue
			}
			key := [2]int{min(from, to), max(from, to)}
			t := ties[key]
			if t == nil {
				t = &Tie{A: p.Schools[key[0]].ID, B: p.Schools[key[1]].ID, AToB: []Gift{}, BToA: []Gift{}}
				ties[key] = t
			}
			g := Gift{Activity: a.ID, Periods: periods}
			if from == key[0] {
				t.AToB, t.AGives = append(t.AToB, g), t.AGives+years
			} else {
				t.BToA, t.BGives = append(t.BToA, g), t.BGives+years
			}
		}
	}
	out := make([]Tie, 0, len(ties))
	for i := range p.Schools {
		for j := i + 1; j < len(p.Schools); j++ {
			if t := ties[[2]int{i, j}]; t != nil {
				t.TwoWay = t.AGives > 0 && t.BGives > 0
				out = append(out, *t)
			}
		}
	}
	return out
}

// GiveAndGet is one school's side of the ledger: what it gives and gets
// in activity-years, and with how many schools the exchange goes both ways.
type GiveAndGet struct {
	Gives int `json:"gives"`
	Gets  int `json:"gets"`
	// TwoWay counts the schools it both gives to and gets from.
	TwoWay int `json:"two_way"`
	// Partners counts the schools it has any tie with.
	Partners int `json:"partners"`
}

// giveAndGet is school's side of the ties.
func giveAndGet(school string, ties []Tie) GiveAndGet {
	var g GiveAndGet
	for _, t := range ties {
		switch school {
		case t.A:
			g.Gives, g.Gets = g.Gives+t.AGives, g.Gets+t.BGives
		case t.B:
			g.Gives, g.Gets = g.Gives+t.BGives, g.Gets+t.AGives
		default:
			continue
		}
		g.Partners++
		if t.TwoWay {
			g.TwoWay++
		}
	}
	return g
}

// TiesOf are the ties of one school, for its own page.
func TiesOf(school string, ties []Tie) []Tie {
	var out []Tie
	for _, t := range ties {
		if t.A == school || t.B == school {
			out = append(out, t)
		}
	}
	return out
}
