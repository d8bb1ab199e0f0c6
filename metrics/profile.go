package metrics

import "github.com/schoolstogether/impact/toc"

// What a pupil is, for the breakdowns of DESIGN §11.1: each characteristic
// takes the value of the pupil's latest period in scope that gives one — a
// fact's period is its row's (an undated one is in the pupil's latest
// period), within a period the latest imported wins — and a year group
// given for an earlier period is aged to the pupil's latest.

// The characteristics a fact may give, as indexes of profile.picks.
const (
	charYear = iota
	charSex
	charSEN
	charEAL
	charLookedAfter
	characteristics
)

// profile is a pupil's characteristics as the facts so far give them.
type profile struct {
	picks [characteristics]pick
}

// pick is the value chosen for one characteristic, and where it came from.
type pick struct {
	value  int8 // 0 unknown: the toc type's zero
	period toc.Period
	order  int64
}

// better reports whether a fact of period and order beats the pick.
func (p *pick) better(period toc.Period, order int64) bool {
	return p.value == 0 || period > p.period || period == p.period && order > p.order
}

// seen records that pupil i has a dated row in scope in period p.
func (t *Tally) seen(i int32, p toc.Period) {
	for int(i) >= len(t.latest) {
		t.latest = append(t.latest, noPeriod)
	}
	if t.latest[i] == noPeriod || p > t.latest[i] {
		t.latest[i] = p
	}
}

// noPeriod marks a pupil with no dated row in scope.
const noPeriod = toc.Period(-1 << 31)

// AddFact takes what a row or a pupils file says of a pupil. Call it after
// every row of the scope has been added (the facts are placed by the
// pupils' latest periods), in the order the facts were imported; facts of
// pupils the rows never met count only towards comparison pools.
func (t *Tally) AddFact(f *toc.PupilFact) {
	t.addCensus(f)
	i, ok := t.index.of(f.Pupil)
	if !ok {
		return
	}
	switch f.Disadvantaged { // DESIGN §7.1: any row, or pupils row, says so
	case toc.FlagYes:
		t.dis.add(i)
		t.known.add(i)
	case toc.FlagNo:
		t.known.add(i)
	}
	latest := noPeriod
	if int(i) < len(t.latest) {
		latest = t.latest[i]
	}
	period := latest // an undated fact is in the pupil's latest period
	if f.Period != nil {
		period = *f.Period
		if latest != noPeriod && period > latest {
			return // after the scope: not a period of the pupil's in scope
		}
	}
	for int(i) >= len(t.profiles) {
		t.profiles = append(t.profiles, profile{})
	}
	pr := &t.profiles[i]
	give := func(c int, v int8) {
		if v != 0 && pr.picks[c].better(period, f.Order) {
			pr.picks[c] = pick{value: v, period: period, order: f.Order}
		}
	}
	give(charYear, int8(f.Year))
	give(charSex, int8(f.Sex))
	give(charSEN, int8(f.SEN))
	give(charEAL, int8(f.EAL))
	give(charLookedAfter, int8(f.LookedAfter))
}

// characteristic is pupil i's value of characteristic c: the toc type's
// number, 0 for unknown; a year group aged to the pupil's latest period.
func (t *Tally) characteristic(i int32, c int) int8 {
	if int(i) >= len(t.profiles) {
		return 0
	}
	p := t.profiles[i].picks[c]
	if c == charYear && p.value != 0 && int(i) < len(t.latest) && t.latest[i] != noPeriod {
		return int8(toc.YearGroup(p.value).Aged(int(t.latest[i] - p.period)))
	}
	return p.value
}
