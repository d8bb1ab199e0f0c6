package reports

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// healthSection is the partnership health check (issue 16): the success
// factors as rated each year and the stage they put the partnership at,
// the people and money its work rests on, the reciprocity ledger, where
// it is not yet reaching, and its activities beside the EEF toolkit.
type healthSection struct {
	Stage, StageCaption string
	ToNext              []string
	Signals             []summaryLine
	Ratings, People     template.HTML
	RatingsCaption      string
	RatingRows          []ratingRow
	PeopleCaption       string
	Funding             []string
	Ties                []tieRow
	TwoWay, AllTies     int
	MoreTies            int // pairs beyond the table's shownTies
	Unreached           []unreachedRow
	Undertargeted       []string
	Benchmarks          template.HTML
	BenchmarkRows       []benchmarkRow
	Toolkit             string
}

type ratingRow struct{ Period, Factor, Rating, Evidence string }

type tieRow struct {
	A, B, AGives, BGives string
	TwoWay               bool
	years                int
}

// shownFunding is how many activities losing funding the report lists.
const shownFunding = 8

// shownTies is how many pairs of schools the report's ledger lists.
const shownTies = 20

type unreachedRow struct{ Name, Share, Pupils, Planned string }

type benchmarkRow struct {
	Title, Strand, G, Own, Toolkit, Evidence, Cost, PerMonth string
}

// stageWords describe each stage for readers.
var stageWords = map[string]string{
	metrics.StageEmerging:    "Emerging: the schools are finding how to work together.",
	metrics.StageDeveloping:  "Developing: the partnership works, but some of what makes partnerships last is not yet in place.",
	metrics.StageEstablished: "Established: rated strong on the success factors, running for years, giving both ways, not resting on one person.",
}

func health(s *scope) (healthSection, error) {
	h := s.res.Health
	var sec healthSection
	sec.Stage, sec.StageCaption = "not yet rated", "Rate the success factors each year in toc.yaml (health:) to see the partnership's stage."
	if h.Stage != nil {
		sec.Stage, sec.StageCaption = *h.Stage, stageWords[*h.Stage]
	}
	sec.ToNext = h.ToNextStage
	sig := h.Signals
	sec.Signals = []summaryLine{
		{sig.YearsRunning, map[bool]string{true: "year", false: "years"}[sig.YearsRunning == 1] + " running, counting from the oldest activity still going."},
		{h.Risks.OnePerson, fmt.Sprintf("of %s running would stop if one person left.", plural(h.Risks.Running, "activity", "activities"))},
		{len(h.Risks.FundingEnding), "lose their funding this year or next, or have lost it."},
	}
	for _, f := range h.Risks.FundingEnding {
		if s.byID[f.Activity] == nil {
			continue // the report's scope leaves it out
		}
		sec.Funding = append(sec.Funding, fmt.Sprintf("%s: funding %s (%s)", s.activityTitle(f.Activity), f.When, plural(f.Sources, "source", "sources")))
	}
	if n := len(sec.Funding); n > shownFunding {
		sec.Funding = append(sec.Funding[:shownFunding], fmt.Sprintf("and %d more: see health.risks.funding_ending in impact metrics --json", n-shownFunding))
	}
	var err error
	if len(h.Checks) > 0 {
		if sec.Ratings, err = ratingsChart(h.Checks); err != nil {
			return sec, err
		}
		last := h.Checks[len(h.Checks)-1]
		sec.RatingsCaption = fmt.Sprintf("In %s the success factors averaged %s out of 4.", last.Period, format.Number(last.Mean, 1))
		if h.Trend != nil && h.Change != nil {
			sec.RatingsCaption += fmt.Sprintf(" That is %s on the year before (%s).", *h.Trend, signed(*h.Change))
		}
		for _, r := range last.Ratings {
			sec.RatingRows = append(sec.RatingRows, ratingRow{Period: last.Period.String(), Factor: r.Title, Rating: fmt.Sprintf("%d of 4", r.Rating), Evidence: r.Evidence})
		}
	}
	if len(h.Risks.KeyPeople) > 0 {
		if sec.People, err = peopleChart(h.Risks.KeyPeople); err != nil {
			return sec, err
		}
		k := h.Risks.KeyPeople[0]
		who := "One person"
		if !s.funder {
			who = k.Lead
		}
		sec.PeopleCaption = fmt.Sprintf("%s leads %d of the %d running activities (%s), %d of them alone.",
			who, k.Activities, h.Risks.Running,
			format.Percent(&k.ActivityShare), len(k.SoleLeadOf))
		if k.ParticipantShare != nil {
			sec.PeopleCaption += fmt.Sprintf(" Their activities reach %s of the pupils reached.", format.Percent(k.ParticipantShare))
		}
	}
	for _, t := range h.Ties {
		t.AToB, t.BToA = s.inScope(t.AToB), s.inScope(t.BToA)
		if len(t.AToB)+len(t.BToA) == 0 {
			continue
		}
		sec.AllTies++
		if t.TwoWay {
			sec.TwoWay++
		}
		sec.Ties = append(sec.Ties, tieRow{A: s.schoolName(t.A), B: s.schoolName(t.B), AGives: giftsText(s, t.AToB, t.AGives), BGives: giftsText(s, t.BToA, t.BGives),
			TwoWay: t.TwoWay, years: t.AGives + t.BGives})
	}
	// Two-way pairs first, then the largest exchanges: the table shows the
	// partnership's strongest ties; the rest are counted.
	sort.SliceStable(sec.Ties, func(i, j int) bool {
		if sec.Ties[i].TwoWay != sec.Ties[j].TwoWay {
			return sec.Ties[i].TwoWay
		}
		return sec.Ties[i].years > sec.Ties[j].years
	})
	if len(sec.Ties) > shownTies {
		sec.MoreTies, sec.Ties = len(sec.Ties)-shownTies, sec.Ties[:shownTies]
	}
	for _, u := range h.ReachGaps.Schools {
		row := unreachedRow{Name: u.Name, Share: format.Number(u.DisadvantagedPct, 1) + "%", Pupils: format.Dash, Planned: format.Grouped(int64(u.InActivities))}
		if u.Pupils != nil {
			row.Pupils = format.Grouped(int64(*u.Pupils))
		}
		sec.Unreached = append(sec.Unreached, row)
	}
	for _, a := range h.ReachGaps.Activities {
		if s.byID[a.Activity] == nil {
			continue
		}
		r := a.TargetingRatio
		sec.Undertargeted = append(sec.Undertargeted, fmt.Sprintf("%s (%s)", s.activityTitle(a.Activity), format.Times(&r)))
	}
	return sec, benchmarks(s, &sec)
}

// inScope keeps the gifts of the report's activities.
func (s *scope) inScope(gifts []metrics.Gift) []metrics.Gift {
	var out []metrics.Gift
	for _, g := range gifts {
		if s.byID[g.Activity] != nil {
			out = append(out, g)
		}
	}
	return out
}

// signed writes a change of mean rating: "+0.4", "−0.3".
func signed(x float64) string {
	if x >= 0 {
		return "+" + format.Number(x, 1)
	}
	return format.Minus + format.Number(-x, 1)
}

func giftsText(s *scope, gifts []metrics.Gift, years int) string {
	if len(gifts) == 0 {
		return format.Dash
	}
	names := make([]string, len(gifts))
	for i, g := range gifts {
		names[i] = s.activityTitle(g.Activity)
	}
	return fmt.Sprintf("%s (%s)", strings.Join(names, ", "), plural(years, "year", "years"))
}

// activityTitle is an activity's name for people, by id.
func (s *scope) activityTitle(id string) string {
	if a := s.byID[id]; a != nil {
		return a.title()
	}
	if a := s.toc.Activity(id); a != nil {
		return a.Title
	}
	return id
}

// ratingsChart draws each success factor's rating in the last four years.
func ratingsChart(checks []metrics.HealthCheck) (template.HTML, error) {
	if len(checks) > 4 {
		checks = checks[len(checks)-4:]
	}
	names := make([]string, len(toc.Factors))
	for i, f := range toc.Factors {
		names[i] = f.Short
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("health", chartWidth, 80+len(names)*18*max(2, len(checks)))))
	var styles []any
	shades := []string{colNeutral, "#7d98b3", "#4f7ea6", colPrimary}[4-len(checks):]
	for i, hc := range checks {
		bars := make([]opts.BarData, len(toc.Factors))
		for j, f := range toc.Factors {
			bars[j] = opts.BarData{Value: missing}
			for _, r := range hc.Ratings {
				if r.Factor == f.ID {
					bars[j] = opts.BarData{Value: r.Rating}
				}
			}
		}
		c.AddSeries(hc.Period.String(), bars)
		styles = append(styles, map[string]any{"color": shades[i], "barMaxWidth": 14})
	}
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 150, "right": 24, "top": 36, "bottom": 44},
		"xAxis":   []any{merged(axisStyle("rating: 1 not yet in place, 2 beginning, 3 in place, 4 strong"), map[string]any{"type": "value", "min": 0, "max": 4, "interval": 1})},
		"yAxis": []any{map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"width": 140, "overflow": "truncate", "color": colInk, "fontSize": 11},
			"axisTick":  map[string]any{"show": false}}},
		"series": styles,
	})
	return renderChart("health", chartOf(c, &c.BaseConfiguration, extra))
}

// peopleChart draws how many running activities the ten busiest leads
// carry, alone and with others.
func peopleChart(people []metrics.KeyPerson) (template.HTML, error) {
	people = people[:min(10, len(people))]
	names := make([]string, len(people))
	alone, shared := make([]opts.BarData, len(people)), make([]opts.BarData, len(people))
	for i, k := range people {
		names[i] = shortLabel(k.Lead, 28)
		alone[i] = opts.BarData{Value: len(k.SoleLeadOf)}
		shared[i] = opts.BarData{Value: k.Activities - len(k.SoleLeadOf)}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("people", chartWidth, clampHeight(80+28*len(names), 180))))
	c.AddSeries("Leads alone: stops if they leave", alone, charts.WithBarChartOpts(opts.BarChart{Stack: "all"})).
		AddSeries("Leads with others", shared, charts.WithBarChartOpts(opts.BarChart{Stack: "all"}))
	extra := baseOptions(map[string]any{
		"legend":  legend(),
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 170, "right": 24, "top": 36, "bottom": 44},
		"xAxis":   []any{merged(axisStyle("running activities led"), map[string]any{"type": "value", "minInterval": 1})},
		"yAxis": []any{map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"width": 160, "overflow": "truncate", "color": colInk}, "axisTick": map[string]any{"show": false}}},
		"series": []any{map[string]any{"color": colWarn, "barMaxWidth": 18}, map[string]any{"color": colPrimary, "barMaxWidth": 18}},
	})
	return renderChart("people", chartOf(c, &c.BaseConfiguration, extra))
}
