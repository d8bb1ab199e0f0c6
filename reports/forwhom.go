package reports

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

// forWhomSection is which pupils the partnership reached (DESIGN §11.1):
// its participants by disadvantage, year group, sex, SEN, EAL and care, in
// sentences, two charts and tables, overall and activity by activity.
type forWhomSection struct {
	Sentences  []string
	Chart      template.HTML // shares of each characteristic's groups
	YearChart  template.HTML // participants by year group
	Groups     []forWhomRow  // every characteristic's groups but year group's
	Years      []forWhomRow  // year groups
	Activities []forWhomActivity
	Known      bool // any characteristic beyond disadvantage is known
}

// Empty says that no pupil has been recorded yet.
func (f forWhomSection) Empty() bool { return len(f.Groups) == 0 && len(f.Years) == 0 }

type forWhomRow struct {
	Characteristic, Group, Participants, Share string
	First                                      bool // the first group of its characteristic
	Span                                       int  // its characteristic's groups, on the first
}

type forWhomActivity struct {
	Title, Participants, Disadvantaged, SEN, EAL, Girls, LookedAfter string
}

// characteristicNames are the breakdowns' names for people.
var characteristicNames = map[string]string{
	"disadvantaged": "Pupil Premium", "year_group": "Year group", "sex": "Sex",
	"sen": "SEN", "eal": "EAL", "looked_after": "Looked after",
}

// groupNames are the groups' names for people.
var groupNames = map[string]string{
	"yes": "yes", "no": "no", "unknown": "not known", "female": "girls", "male": "boys", "other": "other",
	"ehcp": "EHC plan", "sen-support": "SEN support", "none": "no SEN", "N1": "nursery 1", "N2": "nursery 2", "R": "reception",
}

// GroupName is a breakdown's group (DESIGN §11.1) for people: "girls",
// "EHC plan", "year 5", "not known".
func GroupName(characteristic, group string) string { return groupName(characteristic, group) }

// CharacteristicName is a breakdown's characteristic for people: "Pupil
// Premium", "Year group", "SEN".
func CharacteristicName(characteristic string) string { return characteristicNames[characteristic] }

func groupName(characteristic, g string) string {
	if n, ok := groupNames[g]; ok {
		return n
	}
	if characteristic == "year_group" {
		return "year " + g
	}
	return g
}

// tally is one breakdown read for the report: its groups by name, the
// participants, and how many of them the breakdown knows.
type tally struct {
	counts     map[string]metrics.Count
	all, known int
	suppressed bool
}

func tallyOf(groups []metrics.GroupCount) tally {
	t := tally{counts: map[string]metrics.Count{}}
	for _, g := range groups {
		t.counts[g.Group] = g.Participants
		if g.Participants.Suppressed {
			t.suppressed = true
		}
		t.all += g.Participants.N
		if g.Group != "unknown" {
			t.known += g.Participants.N
		}
	}
	return t
}

// share is the groups' share of the pupils whose value is known; nil when
// a count is suppressed or nothing is known.
func (t tally) share(groups ...string) *float64 {
	if t.suppressed || t.known == 0 {
		return nil
	}
	n := 0
	for _, g := range groups {
		n += t.counts[g].N
	}
	x := float64(n) / float64(t.known)
	return &x
}

func forWhom(s *scope) (forWhomSection, error) {
	var sec forWhomSection
	b := s.res.Breakdowns
	if s.res.Reach.Participants.N == 0 && !s.res.Reach.Participants.Suppressed {
		return sec, nil
	}
	lists := b.Lists()
	for _, nb := range lists {
		if nb.Characteristic != "disadvantaged" && tallyOf(nb.Groups).known > 0 {
			sec.Known = true
		}
	}
	if !sec.Known { // only Pupil Premium: the reach and targeting sections say it all
		lists = lists[:1]
	}
	for _, nb := range lists {
		t := tallyOf(nb.Groups)
		for i, g := range nb.Groups {
			row := forWhomRow{Characteristic: characteristicNames[nb.Characteristic], Group: groupName(nb.Characteristic, g.Group),
				Participants: countText(g.Participants), First: i == 0, Span: len(nb.Groups)}
			if g.Group != "unknown" {
				row.Share = format.Percent(t.share(g.Group))
			}
			if nb.Characteristic == "year_group" {
				sec.Years = append(sec.Years, row)
			} else {
				sec.Groups = append(sec.Groups, row)
			}
		}
	}
	sec.Sentences = sentences(s)
	for i := range s.activities {
		a := &s.activities[i]
		sec.Activities = append(sec.Activities, forWhomActivity{
			Title: a.title(), Participants: countText(a.Participants),
			Disadvantaged: format.Percent(tallyOf(a.Breakdowns.Disadvantaged).share("yes")),
			SEN:           format.Percent(tallyOf(a.Breakdowns.SEN).share("ehcp", "sen-support")),
			EAL:           format.Percent(tallyOf(a.Breakdowns.EAL).share("yes")),
			Girls:         format.Percent(tallyOf(a.Breakdowns.Sex).share("female")),
			LookedAfter:   lookedAfter(tallyOf(a.Breakdowns.LookedAfter)),
		})
	}
	var err error
	if sec.Chart, err = sharesChart(lists); err != nil {
		return sec, err
	}
	if tallyOf(b.YearGroup).known > 0 {
		sec.YearChart, err = yearChart(b.YearGroup)
	}
	return sec, err
}

// lookedAfter counts the looked-after pupils, "—" when no record says.
func lookedAfter(t tally) string {
	if t.known == 0 && !t.suppressed {
		return format.Dash
	}
	return countText(t.counts["yes"])
}

// sentences say in plain English who was reached.
func sentences(s *scope) []string {
	b := s.res.Breakdowns
	var out []string
	d := s.res.Disadvantage
	if format.Defined(d.ParticipantShare) {
		line := fmt.Sprintf("Pupil Premium pupils made up %s of those reached whose status is known", format.Percent(d.ParticipantShare))
		if format.Defined(d.PopulationShare) {
			line += fmt.Sprintf(", against %s in their schools", format.Percent(d.PopulationShare))
		}
		out = append(out, line+".")
	}
	if t := tallyOf(b.Sex); t.known > 0 && !t.suppressed {
		out = append(out, fmt.Sprintf("%s of the pupils reached were girls and %s boys.", format.Percent(t.share("female")), format.Percent(t.share("male"))))
	}
	if t := tallyOf(b.YearGroup); t.known > 0 && !t.suppressed {
		var most metrics.GroupCount
		var lo, hi string
		for _, g := range b.YearGroup {
			if g.Group == "unknown" {
				continue
			}
			if lo == "" {
				lo = g.Group
			}
			hi = g.Group
			if g.Participants.N > most.Participants.N {
				most = g
			}
		}
		line := fmt.Sprintf("The largest year group was %s (%s).", groupName("year_group", most.Group), format.Percent(t.share(most.Group)))
		if lo != hi {
			line = fmt.Sprintf("Pupils reached were from %s to %s; the largest group was %s (%s).",
				groupName("year_group", lo), groupName("year_group", hi), groupName("year_group", most.Group), format.Percent(t.share(most.Group)))
		}
		out = append(out, line)
	}
	if t := tallyOf(b.SEN); t.known > 0 && !t.suppressed {
		out = append(out, fmt.Sprintf("%s had special educational needs (an EHC plan or SEN support).", format.Percent(t.share("ehcp", "sen-support"))))
	}
	if t := tallyOf(b.EAL); t.known > 0 && !t.suppressed {
		out = append(out, fmt.Sprintf("%s speak English as an additional language.", format.Percent(t.share("yes"))))
	}
	if t := tallyOf(b.LookedAfter); t.known > 0 && !t.suppressed {
		if n := t.counts["yes"]; n.N > 0 {
			out = append(out, plural(n.N, "looked-after child", "looked-after children")+" took part.")
		}
	}
	if len(out) > 0 {
		out = append(out, "Shares are of the pupils whose record gives the characteristic.")
	}
	return out
}

// groupColours colour a group the same in every row: the first groups of a
// characteristic in the partnership's colours, "not known" grey.
var groupColours = []string{colDisadvantaged, colPrimary, colGood, colWarn}

// sharesChart stacks, for each characteristic but year group, its groups'
// shares of the participants, "not known" included.
func sharesChart(all []metrics.NamedBreakdown) (template.HTML, error) {
	lists := []metrics.NamedBreakdown{}
	for _, nb := range all {
		if nb.Characteristic != "year_group" {
			lists = append(lists, nb)
		}
	}
	var rows []string
	for _, nb := range lists {
		rows = append(rows, characteristicNames[nb.Characteristic])
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("forwhom", chartWidth, 70+34*len(rows))))
	c.SetXAxis(rows).XYReversal()
	var styles []any
	for r, nb := range lists {
		t := tallyOf(nb.Groups)
		for i, g := range nb.Groups {
			data := make([]opts.BarData, len(lists))
			for j := range data {
				data[j] = opts.BarData{Value: missing}
			}
			name := groupName(nb.Characteristic, g.Group)
			if !t.suppressed && t.all > 0 {
				v := 100 * float64(g.Participants.N) / float64(t.all)
				show := v >= 9
				data[r] = opts.BarData{Value: round(&v, 1), Name: name,
					Label: &opts.Label{Show: &show, Formatter: fmt.Sprintf("%s %s%%", name, format.Number(v, 0))}}
			}
			colour := colNeutral
			if g.Group != "unknown" {
				colour = groupColours[i%len(groupColours)]
			}
			c.AddSeries(characteristicNames[nb.Characteristic]+": "+name, data)
			styles = append(styles, map[string]any{"stack": "all", "color": colour, "barMaxWidth": 22,
				"label": map[string]any{"position": "inside", "color": "#fff", "fontSize": 11}})
		}
	}
	extra := baseOptions(map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"grid":    map[string]any{"left": 110, "right": 16, "top": 16, "bottom": 46},
		"xAxis":   []any{merged(axisStyle("% of pupils reached"), map[string]any{"type": "value", "min": 0, "max": 100})},
		"yAxis": []any{map[string]any{"type": "category", "inverse": true, "axisTick": map[string]any{"show": false},
			"axisLabel": map[string]any{"color": colInk}, "axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"series": styles,
	})
	return renderChart("forwhom", chartOf(c, &c.BaseConfiguration, extra))
}

// yearChart counts the participants of each year group, "not known" last.
func yearChart(groups []metrics.GroupCount) (template.HTML, error) {
	var names []string
	var bars []opts.BarData
	for _, g := range groups {
		name := groupName("year_group", g.Group)
		if g.Group != "unknown" {
			name = strings.TrimPrefix(name, "year ")
		}
		names = append(names, name)
		bar := barValue(g.Participants)
		if g.Group == "unknown" {
			bar.ItemStyle = &opts.ItemStyle{Color: colNeutral}
		}
		bars = append(bars, bar)
	}
	c := charts.NewBar()
	c.SetGlobalOptions(charts.WithInitializationOpts(initialization("years", chartWidth, 260)))
	c.SetXAxis(names).AddSeries("Pupils", bars)
	extra := baseOptions(map[string]any{
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 56, "right": 16, "top": 30, "bottom": 44},
		"xAxis": []any{map[string]any{"name": "year group", "nameLocation": "middle", "nameGap": 28, "nameTextStyle": map[string]any{"color": colMuted},
			"axisLabel": map[string]any{"color": colInk, "interval": 0}, "axisTick": map[string]any{"show": false},
			"axisLine": map[string]any{"lineStyle": map[string]any{"color": colMuted}}}},
		"yAxis":  []any{merged(axisStyle("pupils"), map[string]any{"nameLocation": "end", "nameGap": 10, "minInterval": 1})},
		"series": []any{map[string]any{"color": colPrimary, "barMaxWidth": 36, "label": map[string]any{"show": true, "position": "top", "color": colInk}}},
	})
	return renderChart("years", chartOf(c, &c.BaseConfiguration, extra))
}
