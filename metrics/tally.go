package metrics

import (
	"slices"

	"github.com/schoolstogether/impact/toc"
)

// Tally counts participants as the rows of a scope stream past (DESIGN
// §7.1): a participant is a distinct pupil of participation rows or of
// intervention-group outcome rows, and is disadvantaged (or known) if any of
// those rows says so (gives the flag). It keeps one bit per pupil per
// group, so a million rows of 10,000 pupils take a few hundred kilobytes.
// Feed it the rows of one scope only, then pass it to Build.
type Tally struct {
	index      pupilIndex // pupil → dense index
	dis, known bitset
	all        group
	periods    map[toc.Period]*group // dated rows only
	acts       map[string]*activityTally
	schoolIdx  map[string]int32
	schoolN    []int // by school index: the distinct pupils of rows naming it
	schoolIDs  []string
	// Which schools each pupil's rows named, to count each school's pupils
	// once: the first, and the others of the few pupils rows give two.
	// (One bitset of all pupils per school was 125 MB for 1,000 schools
	// of a million pupils.)
	pupilSchool []int32                // by pupil: the first school index + 1, 0 for none
	moreSchools map[int32][]int32      // by pupil: any other school indexes
	latest      []toc.Period           // by pupil: the latest period of a dated row, or noPeriod
	profiles    []profile              // by pupil: the characteristics facts give (AddFact)
	census      map[int64]*censusPupil // pupils placed in a school and year group, participants or not

	lastAct   *activityTally
	lastP     toc.Period
	lastPG    *group
	lastSchID string
	lastSch   int32
}

// group is the pupils and schools of some rows.
type group struct {
	pupils  bitset
	schools bitset // of school indexes
}

// activityTally is what the rows say of one activity.
type activityTally struct {
	group
	id       string
	rows     int // participation rows
	dates    map[string]struct{}
	lastDate string
	periods  map[toc.Period]struct{} // of participation rows
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	return &Tally{
		index:       pupilIndex{big: map[int64]int32{}},
		periods:     map[toc.Period]*group{},
		acts:        map[string]*activityTally{},
		schoolIdx:   map[string]int32{},
		moreSchools: map[int32][]int32{},
		lastSch:     -1,
	}
}

func (t *Tally) pupil(id int64, f toc.Flag) int32 {
	i, ok := t.index.of(id)
	if !ok {
		i = int32(t.index.n)
		t.index.set(id, i)
		t.pupilSchool = append(t.pupilSchool, 0)
	}
	switch f {
	case toc.FlagYes:
		t.dis.add(i)
		t.known.add(i)
	case toc.FlagNo:
		t.known.add(i)
	}
	return i
}

func (t *Tally) activity(id string) *activityTally {
	if t.lastAct != nil && t.lastAct.id == id {
		return t.lastAct
	}
	a, ok := t.acts[id]
	if !ok {
		a = &activityTally{id: id, dates: map[string]struct{}{}, periods: map[toc.Period]struct{}{}}
		t.acts[id] = a
	}
	t.lastAct = a
	return a
}

func (t *Tally) period(p toc.Period) *group {
	if t.lastPG != nil && t.lastP == p {
		return t.lastPG
	}
	g, ok := t.periods[p]
	if !ok {
		g = &group{}
		t.periods[p] = g
	}
	t.lastP, t.lastPG = p, g
	return g
}

// school returns the index of a non-empty school id, or -1.
func (t *Tally) school(id string) int32 {
	if id == "" {
		return -1
	}
	if t.lastSch >= 0 && t.lastSchID == id {
		return t.lastSch
	}
	i, ok := t.schoolIdx[id]
	if !ok {
		i = int32(len(t.schoolIDs))
		t.schoolIdx[id] = i
		t.schoolIDs = append(t.schoolIDs, id)
		t.schoolN = append(t.schoolN, 0)
	}
	t.lastSchID, t.lastSch = id, i
	return i
}

// add records a participant's row in the groups it belongs to.
func (t *Tally) add(p int32, sch int32, groups ...*group) {
	for _, g := range groups {
		g.pupils.add(p)
		if sch >= 0 {
			g.schools.add(sch)
		}
	}
	if sch >= 0 {
		t.schoolPupil(p, sch)
	}
}

// schoolPupil counts pupil p towards school sch the first time a row of
// theirs names it.
func (t *Tally) schoolPupil(p, sch int32) {
	switch first := t.pupilSchool[p]; {
	case first == 0:
		t.pupilSchool[p] = sch + 1
	case first == sch+1 || slices.Contains(t.moreSchools[p], sch):
		return
	default:
		t.moreSchools[p] = append(t.moreSchools[p], sch)
	}
	t.schoolN[sch]++
}

// AddParticipation counts one participation row.
func (t *Tally) AddParticipation(r *toc.ParticipationRow) {
	p := t.pupil(r.Pupil, r.Disadvantaged)
	a := t.activity(r.Activity)
	a.rows++
	if r.Date != a.lastDate {
		if _, ok := a.dates[r.Date]; !ok {
			a.dates[r.Date] = struct{}{}
		}
		a.lastDate = r.Date
	}
	a.periods[r.Period] = struct{}{}
	t.seen(p, r.Period)
	t.add(p, t.school(r.School), &t.all, &a.group, t.period(r.Period))
}

// AddOutcome counts one outcome row: intervention rows only, since
// comparison pupils never count as participants (their flags are kept, for
// the subgroups of effect sizes).
func (t *Tally) AddOutcome(r *toc.OutcomeRow) {
	p := t.pupil(r.Pupil, r.Disadvantaged)
	if r.Group != toc.GroupIntervention {
		return
	}
	a := t.activity(r.Activity)
	sch := t.school(r.School)
	if r.Period != nil {
		t.seen(p, *r.Period)
		t.add(p, sch, &t.all, &a.group, t.period(*r.Period))
		return
	}
	t.add(p, sch, &t.all, &a.group)
}

// flag is what the rows and pupils files say of a pupil's disadvantage:
// yes if any says so, no if any gives the flag, else unknown.
func (t *Tally) flag(pupil int64) toc.Flag {
	i, ok := t.index.of(pupil)
	switch {
	case !ok || !t.known.has(i):
		return toc.FlagUnknown
	case t.dis.has(i):
		return toc.FlagYes
	}
	return toc.FlagNo
}

// counts are the participants of a group, with the pupils' flags.
type counts struct {
	participants, disadvantaged, known int
}

func (t *Tally) counts(g *group) counts {
	if g == nil {
		return counts{}
	}
	return counts{g.pupils.count(), g.pupils.countAnd(t.dis), g.pupils.countAnd(t.known)}
}
