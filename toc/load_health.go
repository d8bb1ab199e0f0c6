package toc

import (
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// health reads health: a list of {period, ratings: {factor: {rating,
// evidence}}}, one entry per academic year.
func (d *decoder) health(p *Partnership, n ast.Node) {
	items, _ := d.seq(n, "health", false)
	factorIDs := make([]string, len(Factors))
	for i, f := range Factors {
		factorIDs[i] = f.ID
	}
	years := seen{}
	for _, item := range items {
		f, ok := d.mapping(item, "health check", "!period", "!ratings")
		if !ok {
			continue
		}
		h := HealthCheck{Pos: f.start}
		if v, ok := f.get("period"); ok {
			if per, ok := d.period(v, "health period"); ok {
				h.Period = per
				d.unique(years, per.String(), v, "health check of the year")
			}
		}
		if v, ok := f.get("ratings"); ok {
			rf, ok := d.mapping(v, "health ratings", factorIDs...)
			if !ok {
				continue
			}
			for _, id := range factorIDs {
				if rv, ok := rf.get(id); ok {
					if r, ok := d.rating(rv, id); ok {
						h.Ratings = append(h.Ratings, r)
					}
				}
			}
			if len(rf.m) == 0 {
				d.errorf(rf.start, "health ratings: expected at least one of %s", strings.Join(factorIDs, ", "))
			}
		}
		p.Health = append(p.Health, h)
	}
	slices.SortStableFunc(p.Health, func(a, b HealthCheck) int { return int(a.Period) - int(b.Period) })
}

// rating reads one factor's {rating, evidence}.
func (d *decoder) rating(n ast.Node, factor string) (Rating, bool) {
	f, ok := d.mapping(n, "rating of "+factor, "!rating", "evidence")
	if !ok {
		return Rating{}, false
	}
	r := Rating{Factor: factor}
	good := false
	if v, ok := f.get("rating"); ok {
		r.Rating, good = d.integer(v, factor+" rating", MinRating, MaxRating)
	}
	if v, ok := f.get("evidence"); ok {
		if s, ok := d.text(v, factor+" evidence"); ok {
			if len([]rune(s)) > MaxDescription {
				d.errorf(posOf(v), "%s evidence: expected at most %d characters, got %d", factor, MaxDescription, len([]rune(s)))
			}
			r.Evidence = s
		}
	}
	return r, good
}

// costs reads costs: {staff_hour}.
func (d *decoder) costs(p *Partnership, n ast.Node) {
	f, ok := d.mapping(n, "costs", "staff_hour")
	if !ok {
		return
	}
	if v, ok := f.get("staff_hour"); ok {
		if x, ok := d.pounds(v, "costs.staff_hour"); ok {
			p.Costs.StaffHour = x
		}
	}
}

// pounds reads an amount of money of 0 or more.
func (d *decoder) pounds(n ast.Node, what string) (float64, bool) {
	x, ok := d.number(n, what)
	if ok && (x < 0 || x > math.MaxInt64/100) {
		d.errorf(posOf(n), "%s: expected pounds of 0 or more, got %v", what, x)
		return 0, false
	}
	return x, ok
}

// inKind reads an activity's in_kind: [{what, period, value}].
func (d *decoder) inKind(n ast.Node) []InKind {
	items, _ := d.seq(n, "in_kind", false)
	var out []InKind
	for _, item := range items {
		f, ok := d.mapping(item, "in_kind entry", "!what", "!period", "!value")
		if !ok {
			continue
		}
		var k InKind
		good := true
		if v, ok := f.get("what"); ok {
			k.What, ok = d.text(v, "in_kind what")
			good = good && ok
		}
		if v, ok := f.get("period"); ok {
			k.Period, ok = d.period(v, "in_kind period")
			good = good && ok
		}
		if v, ok := f.get("value"); ok {
			k.Value, ok = d.pounds(v, "in_kind value")
			good = good && ok
		}
		if good {
			out = append(out, k)
		}
	}
	return out
}

// staffHours reads an activity's staff_time: [{period, hours}].
func (d *decoder) staffHours(n ast.Node) []StaffTime {
	items, _ := d.seq(n, "staff_time", false)
	var out []StaffTime
	for _, item := range items {
		f, ok := d.mapping(item, "staff_time entry", "!period", "!hours")
		if !ok {
			continue
		}
		var s StaffTime
		good := true
		if v, ok := f.get("period"); ok {
			s.Period, ok = d.period(v, "staff_time period")
			good = good && ok
		}
		if v, ok := f.get("hours"); ok {
			s.Hours, ok = d.number(v, "staff_time hours")
			if ok && (s.Hours < 0 || s.Hours > 1e7) {
				d.errorf(posOf(v), "staff_time hours: expected hours of 0 or more, got %v", s.Hours)
				ok = false
			}
			good = good && ok
		}
		if good {
			out = append(out, s)
		}
	}
	return out
}
