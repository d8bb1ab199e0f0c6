package reports

import (
	"fmt"
	"net/url"
	"sort"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// view is everything the page template shows, worked out beforehand so the
// template only lays it out.
type view struct {
	Partnership string
	Description string // the partnership's, from toc.yaml
	Funder      bool
	Audience    toc.Audience
	Made        string
	MadeISO     string
	AsOf        string
	Revision    string
	Scope       string // "" for the whole partnership
	MinCell     int
	// Pending is what the stamp says of data awaiting review (DESIGN
	// §12): included and flagged for a director, left out for a funder;
	// "" when nothing awaits review.
	Pending string

	// LibraryURL, when set, is where the page loads echarts from (the web
	// app's own copy) instead of carrying it inline.
	LibraryURL string

	Headline []figure
	Tree     []treeObjective

	KPIs           kpiSection
	Reach          reachSection
	Targeting      targetingSection
	ForWhom        forWhomSection
	Mutuality      mutualitySection
	Flows          flowsSection
	Evidence       evidenceSection
	Effects        effectsSection
	Sustainability sustainSection
	Health         healthSection
	Stories        []storyActivity

	// The masthead's words, and the brief reports' own parts.
	Kicker, Heading string
	Ledes           []string // the masthead's paragraphs
	Summary         summaryView
	School          schoolView
}

// pendingNote says how much data awaiting review a report holds or leaves
// out.
func pendingNote(n int, aud toc.Audience) string {
	if n == 0 {
		return ""
	}
	items := fmt.Sprintf("%d item%s", n, map[bool]string{true: "", false: "s"}[n == 1])
	if aud == toc.Funder {
		return items + " awaiting review left out"
	}
	return items + " awaiting review included: not yet approved for funders"
}

// figure is one headline number.
type figure struct {
	Label, Value, Note string
	Tone               string // "", "good", "warn", "bad"
}

// scope pairs each in-scope activity's numbers with its ToC entry.
type scope struct {
	toc        *toc.Partnership
	res        *metrics.Result
	funder     bool
	links      bool // KPIs and activities link to the app's pages
	narrative  narrative
	activities []scoped
	byID       map[string]*scoped
}

type scoped struct {
	*metrics.ActivityResult
	def *toc.Activity // nil when toc.yaml lacks it
}

// title is the activity's name for people.
func (a *scoped) title() string {
	if a.def != nil && a.def.Title != "" {
		return a.def.Title
	}
	if a.Title != "" {
		return a.Title
	}
	return a.ID
}

func newScope(in Input, funder bool) *scope {
	s := &scope{toc: in.ToC, res: in.Result, funder: funder, links: in.Links, byID: map[string]*scoped{}, narrative: newNarrative(in, funder)}
	s.activities = make([]scoped, len(in.Result.Activities))
	for i := range in.Result.Activities {
		a := &in.Result.Activities[i]
		s.activities[i] = scoped{ActivityResult: a, def: in.ToC.Activity(a.ID)}
		s.byID[a.ID] = &s.activities[i]
	}
	return s
}

// href is the app's page of a KPI or an activity ("kpis", "activities"),
// or "" in a report that stands alone.
func (s *scope) href(kind, id string) string {
	if !s.links {
		return ""
	}
	return "/" + kind + "/" + url.PathEscape(id)
}

// schoolName is a school's name, or its id when toc.yaml lacks it.
func (s *scope) schoolName(id string) string {
	if sc := s.toc.School(id); sc != nil && sc.Name != "" {
		return sc.Name
	}
	for _, r := range s.res.Schools {
		if r.ID == id && r.Name != "" {
			return r.Name
		}
	}
	return id
}

// kpiTitle is a KPI's name, from toc.yaml or else the Result.
func (s *scope) kpiTitle(k *metrics.KPIResult) string {
	if d := s.toc.KPI(k.ID); d != nil && d.Title != "" {
		return d.Title
	}
	if k.Title != "" {
		return k.Title
	}
	return k.ID
}

func newView(in Input) (*view, error) {
	if err := checkInput(in); err != nil {
		return nil, err
	}
	aud, err := audience(in)
	if err != nil {
		return nil, err
	}
	s := newScope(in, aud == toc.Funder)
	v := &view{
		Partnership: in.ToC.Name,
		Description: in.ToC.Description,
		Funder:      s.funder,
		Audience:    aud,
		Revision:    in.Stamp.Revision,
		MinCell:     in.ToC.Privacy.MinCell,
		LibraryURL:  in.LibraryURL,
		Pending:     pendingNote(in.Result.Review.Pending, aud),
	}
	if v.Partnership == "" {
		v.Partnership = in.Result.Partnership
	}
	if v.Revision == "" {
		v.Revision = "not recorded"
	}
	if !in.Stamp.Made.IsZero() {
		v.Made = in.Stamp.Made.Format("2 January 2006, 15:04 MST")
		v.MadeISO = in.Stamp.Made.Format("2006-01-02T15:04:05Z07:00")
	}
	if in.Result.AsOf != 0 {
		v.AsOf = in.Result.AsOf.String()
	}
	if n, all := len(s.activities), len(in.ToC.Activities); n < all {
		v.Scope = fmt.Sprintf("%d of the partnership's %d activities", n, all)
	}
	v.Kicker, v.Heading = "Impact report", v.Partnership
	v.Ledes = []string{"What our partnership's activities achieved against its theory of change, through Schools Together's four pillars of partnership: mutuality, sustainability, impact evaluation and tackling disadvantage."}
	if v.Description != "" {
		v.Ledes = append(v.Ledes, v.Description)
	}
	v.Headline = headline(s)
	v.Tree = tree(s)
	builders := []func() error{
		func() (err error) { v.KPIs, err = kpis(s); return },
		func() (err error) { v.Reach, err = reach(s); return },
		func() (err error) { v.Targeting, err = targeting(s); return },
		func() (err error) { v.ForWhom, err = forWhom(s); return },
		func() (err error) { v.Mutuality, err = mutuality(s); return },
		func() (err error) { v.Flows, err = flows(s); return },
		func() (err error) { v.Evidence, err = evidence(s); return },
		func() (err error) { v.Effects, err = effects(s); return },
		func() (err error) { v.Sustainability, err = sustainability(s); return },
		func() (err error) { v.Health, err = health(s); return },
		func() (err error) { v.Stories, err = stories(s, s.narrative); return },
	}
	for _, b := range builders {
		if err := b(); err != nil {
			return nil, err
		}
	}
	switch {
	case in.School != "":
		if v.School, err = schoolReport(s, in.School); err != nil {
			return nil, err
		}
		v.Kicker, v.Heading = "Our school in "+v.Partnership, v.School.Name
		v.Ledes = []string{"What our school gives to the partnership and what it gets from it, for our governors."}
	case in.Summary:
		v.Kicker, v.Ledes = "Impact summary", v.Ledes[1:]
		v.Summary = summary(v)
	}
	return v, nil
}

// headline picks the figures a funder reads first.
func headline(s *scope) []figure {
	r := s.res
	var figs []figure
	figs = append(figs, figure{
		Label: "Pupils reached", Value: countText(r.Reach.Participants),
		Note: fmt.Sprintf("in %s, through %s", plural(r.Reach.Schools, "school", "schools"), plural(r.Reach.Activities, "activity", "activities")),
	})
	d := r.Disadvantage
	dis := figure{Label: "Disadvantaged pupils", Value: format.Percent(d.ParticipantShare)}
	switch {
	case format.Defined(d.ParticipantShare) && format.Defined(d.PopulationShare):
		dis.Note = fmt.Sprintf("of pupils whose status is known, against %s in their schools", format.Percent(d.PopulationShare))
		if format.Defined(d.TargetingRatio) {
			if *d.TargetingRatio >= 1 {
				dis.Tone = "good"
			} else {
				dis.Tone = "warn"
			}
		}
	case format.Defined(d.ParticipantShare):
		dis.Note = "of pupils whose status is known"
	case r.Reach.Disadvantaged.Suppressed || r.Reach.Known.Suppressed:
		dis.Note = "left out so that no small count can be worked out from it"
	default:
		dis.Note = "not known for enough pupils to say"
	}
	figs = append(figs, dis)

	var good, behind, noData int
	for _, k := range r.KPIs {
		switch k.Status {
		case "met", "on-track":
			good++
		case "behind":
			behind++
		default:
			noData++
		}
	}
	kf := figure{Label: "KPIs met or on track", Value: fmt.Sprintf("%d of %d", good, len(r.KPIs))}
	kf.Note = fmt.Sprintf("%d behind, %d without data yet", behind, noData)
	if len(r.KPIs) > 0 && good == len(r.KPIs) {
		kf.Tone = "good"
	} else if behind > 0 {
		kf.Tone = "warn"
	}
	figs = append(figs, kf)

	var gaps, winWin int
	for _, a := range s.activities {
		if a.EvidenceGap {
			gaps++
		}
		if a.Quadrant == "win-win" {
			winWin++
		}
	}
	ef := figure{Label: "Evidence gaps", Value: format.Grouped(int64(gaps)), Tone: "good",
		Note: "every activity has the evidence its strategy needs"}
	if gaps > 0 {
		ef.Tone = "bad"
		ef.Note = fmt.Sprintf("of %s fall short of the evidence their strategy needs", plural(len(s.activities), "activity", "activities"))
	}
	figs = append(figs, ef)
	figs = append(figs, figure{Label: "Win-win activities", Value: format.Grouped(int64(winWin)),
		Note: "of high benefit both to the school that runs them and to its partners"})

	total, sources := funding(s)
	figs = append(figs, figure{Label: "Funding", Value: format.Pounds(total),
		Note: fmt.Sprintf("from %s", plural(len(sources), "source", "sources"))})
	return figs
}

// funding adds up the in-scope activities' funding and names its sources.
func funding(s *scope) (float64, []string) {
	var total float64
	seen := map[string]bool{}
	var sources []string
	for _, a := range s.activities {
		if a.def == nil {
			total += a.FundingTotal
			continue
		}
		for _, f := range a.def.Funding {
			total += f.Amount
			if !seen[f.Source] {
				seen[f.Source] = true
				sources = append(sources, f.Source)
			}
		}
	}
	sort.Strings(sources)
	return total, sources
}
