package metrics

import "github.com/schoolstogether/impact/toc"

// ComparisonPool counts the pupils inside the partnership who could form
// an activity's comparison group (issue 16, README "Health"): pupils the
// pupils files know who do not take part in it, matched one for one to
// its participants on school, year group (as at as_of), sex and Pupil
// Premium. Counts only, for a director: a funder's view has none.
type ComparisonPool struct {
	// Participants counts those whose school, year group, sex and Pupil
	// Premium are all known: only they can be matched.
	Participants int `json:"participants"`
	// Matched counts the participants a distinct non-participant of the
	// same cell can be found for: Σ over cells of min(participants,
	// non-participants).
	Matched int `json:"matched"`
	// Available counts the non-participants in the participants' cells.
	Available int `json:"available"`
	// Enough is Matched ≥ 10, the comparison group level 3 asks for.
	Enough bool `json:"enough"`
}

// matchCell is a school, year group, sex and Pupil Premium flag.
type matchCell struct {
	school string
	year   toc.YearGroup
	sex    toc.Sex
	pp     toc.Flag
}

// censusPupil is what the latest fact naming a school and year group says
// of a pupil.
type censusPupil struct {
	matchCell
	period toc.Period
	order  int64
}

// addCensus keeps a fact that places a pupil in a school and year group,
// for matching comparison pupils.
func (t *Tally) addCensus(f *toc.PupilFact) {
	if f.School == "" || f.Year == toc.YearUnknown || f.Period == nil {
		return
	}
	if t.census == nil {
		t.census = map[int64]*censusPupil{}
	}
	c := t.census[f.Pupil]
	if c != nil && (*f.Period < c.period || *f.Period == c.period && f.Order < c.order) {
		return
	}
	if c == nil {
		c = &censusPupil{}
		t.census[f.Pupil] = c
	}
	prev := c.matchCell
	c.matchCell = matchCell{school: f.School, year: f.Year, sex: f.Sex, pp: f.Disadvantaged}
	if c.sex == toc.SexUnknown {
		c.sex = prev.sex
	}
	if c.pp == toc.FlagUnknown {
		c.pp = prev.pp
	}
	c.period, c.order = *f.Period, f.Order
}

// comparisonPool matches an activity's participants with pupils the
// census knows who do not take part; nil when the census places none of
// its participants. Participants
// are placed by the census too: it covers their year groups.
func (t *Tally) comparisonPool(activity string, asOf toc.Period) *ComparisonPool {
	at := t.acts[activity]
	if len(t.census) == 0 || at == nil {
		return nil
	}
	pool := &ComparisonPool{}
	want, supply := map[matchCell]int{}, map[matchCell]int{}
	for pupil, c := range t.census {
		if c.sex == toc.SexUnknown || c.pp == toc.FlagUnknown {
			continue
		}
		k := c.matchCell
		k.year = k.year.Aged(int(asOf - c.period))
		if i, ok := t.index.of(pupil); ok && at.pupils.has(i) {
			want[k]++
			pool.Participants++
		} else {
			supply[k]++
		}
	}
	for k, n := range want {
		pool.Matched += min(n, supply[k])
		pool.Available += supply[k]
	}
	if pool.Participants == 0 {
		return nil // the census does not cover its participants' year groups
	}
	pool.Enough = pool.Matched >= MinEvidenceGroup
	return pool
}
