package export

import (
	"slices"
	"strings"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// Sheet is one table of an export: a workbook's sheet, a CSV file.
type Sheet struct {
	Name string
	// Columns are the keys of impact metrics --json that the columns hold
	// (a dot joins the keys of a nested object: baseline.period).
	Columns []string
	Rows    [][]Cell
	// Notes are lines of explanation the workbook prints beneath the table.
	Notes []string
}

// FileName is the sheet's CSV file: its name in lower case, spaces as
// hyphens ("KPI history" → kpi-history.csv).
func (s *Sheet) FileName() string {
	return strings.ReplaceAll(strings.ToLower(s.Name), " ", "-") + ".csv"
}

// add appends a row; it must have a cell for each column.
func (s *Sheet) add(cells ...Cell) {
	if len(cells) != len(s.Columns) {
		panic("export: sheet " + s.Name + ": a row of the wrong width")
	}
	s.Rows = append(s.Rows, cells)
}

// Input is what an export is made from.
type Input struct {
	ToC *toc.Partnership
	// Result is the view exported, a director's or a funder's.
	Result *metrics.Result
	// History is the KPI values to list: for a director every value
	// recorded, superseded ones included; for a funder the values in force
	// of approved data. Values of KPIs outside Result are left out, and a
	// funder's export never holds their notes, authors or files.
	History []toc.KPIRecord
}

// The sheets of a workbook, in order (DESIGN §14).
const (
	SheetSummary    = "Summary"
	SheetKPIs       = "KPIs"
	SheetHistory    = "KPI history"
	SheetActivities = "Activities"
	SheetEffects    = "Effect sizes"
	SheetSchools    = "Schools"
	SheetReach      = "Reach by period"
	SheetBreakdowns = "Breakdowns"
)

// Sheets lays the export out as tables, in the workbook's order.
func Sheets(in Input) []Sheet {
	r := in.Result
	return []Sheet{
		summary(in), kpis(r), history(in), activities(r), effectSizes(r), schools(r), reachByPeriod(r), breakdowns(r),
	}
}

func summary(in Input) Sheet {
	r, minCell := in.Result, in.ToC.Privacy.MinCell
	s := Sheet{Name: SheetSummary, Columns: []string{
		"partnership", "audience", "as_of", "periods", "participants", "disadvantaged", "known", "schools", "activities",
		"participant_share", "population_share", "targeting_ratio", "min_cell", "review.pending", "review.approved", "review.returned",
	}}
	periods := make([]string, len(r.Periods))
	for i, p := range r.Periods {
		periods[i] = p.String()
	}
	d := r.Disadvantage
	s.add(Text(r.Partnership), Text(string(r.Audience)), Text(r.AsOf.String()), Text(strings.Join(periods, ", ")),
		Count(r.Reach.Participants), Count(r.Reach.Disadvantaged), Count(r.Reach.Known), Int(r.Reach.Schools), Int(r.Reach.Activities),
		OptNumber(d.ParticipantShare), OptNumber(d.PopulationShare), OptNumber(d.TargetingRatio), Int(minCell),
		Int(r.Review.Pending), Int(r.Review.Approved), Int(r.Review.Returned))
	s.Notes = summaryNotes(r.Audience, minCell)
	return s
}

// summaryNotes explain the marks and the empty cells to whoever opens the
// workbook.
func summaryNotes(aud toc.Audience, minCell int) []string {
	n := itoa(minCell)
	notes := []string{"Each sheet's first row names its columns with the keys of impact metrics --json; an empty cell is a value that cannot be computed (null there)."}
	if aud == toc.Funder {
		notes = append(notes,
			"Funder's view, of approved data only. <"+n+" marks a count of 1 to "+itoa(minCell-1)+" people, hidden to protect them; c marks a count hidden so that no <"+n+" can be worked out from the others (complementary suppression, as the DfE and ONS practise).",
			"Shares, ratios, costs and effect sizes built on a hidden count are left empty. Notes logged with KPI values are not included.")
	} else {
		notes = append(notes,
			"Director's view: every count is shown, data awaiting review included. A funder's export (impact export --audience funder) shows counts of 1 to "+itoa(minCell-1)+" as <"+n+" and hides as c any count from which one could be worked out.")
	}
	return append(notes, "Text that begins with =, +, -, @, a tab or a carriage return starts with ' so that no spreadsheet runs it as a formula.")
}

func kpis(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetKPIs, Columns: []string{
		"id", "title", "unit", "direction", "baseline.period", "baseline.value", "target.period", "target.value",
		"latest.period", "latest.value", "progress", "expected", "status", "partnership_wide",
	}}
	for _, k := range r.KPIs {
		lp, lv := Null(), Null()
		if k.Latest != nil {
			lp, lv = Text(k.Latest.Period.String()), Number(k.Latest.Value)
		}
		s.add(Text(k.ID), Text(k.Title), Text(k.Unit), Text(k.Direction), Text(k.Baseline.Period.String()), Number(k.Baseline.Value),
			Text(k.Target.Period.String()), Number(k.Target.Value), lp, lv, OptNumber(k.Progress), OptNumber(k.Expected),
			Text(k.Status), Bool(k.PartnershipWide))
	}
	return s
}

// history lists the KPI values in the order of the KPIs, then as given.
func history(in Input) Sheet {
	r := in.Result
	director := r.Audience != toc.Funder
	s := Sheet{Name: SheetHistory, Columns: []string{"kpi", "period", "school", "value", "partnership_wide"}}
	if director {
		s.Columns = append(s.Columns, "status", "note", "logged_at", "logged_by", "file")
	}
	for _, k := range r.KPIs {
		for _, v := range in.History {
			if v.KPI != k.ID {
				continue
			}
			row := []Cell{Text(v.KPI), Text(v.Period.String()), optText(v.School), Number(v.Value), Bool(k.PartnershipWide)}
			if director {
				row = append(row, Text(string(v.Status)), optText(v.Note), optText(v.LoggedAt), optText(v.LoggedBy), optText(v.File))
			}
			s.add(row...)
		}
	}
	return s
}

func activities(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetActivities, Columns: []string{
		"id", "title", "strategy", "strategy_title", "rule", "participants", "disadvantaged", "known", "sessions", "attendance_rate",
		"achieved_level", "required_level", "evidence_gap", "internal", "external", "quadrant", "years_running", "key_person_risk",
		"funding_sources", "funding_total", "active_periods", "cost_per_participant", "participant_share", "population_share", "targeting_ratio",
	}}
	for _, a := range r.Activities {
		s.add(Text(a.ID), Text(a.Title), Text(a.Strategy), Text(a.StrategyTitle), Int(a.Rule),
			Count(a.Participants), Count(a.Disadvantaged), Count(a.Known), Int(a.Sessions), OptNumber(a.AttendanceRate),
			Int(a.AchievedLevel), Int(a.RequiredLevel), Bool(a.EvidenceGap), Int(a.Internal), Int(a.External), Text(a.Quadrant),
			Int(a.YearsRunning), Bool(a.KeyPersonRisk), Int(a.FundingSources), Number(a.FundingTotal), Int(a.ActivePeriods),
			OptNumber(a.CostPerParticipant), OptNumber(a.ParticipantShare), OptNumber(a.PopulationShare), OptNumber(a.TargetingRatio))
	}
	return s
}

// effectSizes lists each activity's effect sizes, each followed by its
// subgroups; group is "all" for the effect size over every pupil.
func effectSizes(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetEffects, Columns: []string{
		"activity", "measure", "group", "kind", "n_intervention", "n_comparison", "g", "se", "ci_low", "ci_high", "months", "reason",
	}}
	row := func(activity, measure, group string, e *metrics.EffectSize) {
		s.add(Text(activity), Text(measure), Text(group), OptText(e.Kind), Count(e.NIntervention), Count(e.NComparison),
			OptNumber(e.G), OptNumber(e.SE), OptNumber(e.CILow), OptNumber(e.CIHigh), OptInt(e.Months), OptText(e.Reason))
	}
	for _, a := range r.Activities {
		for i := range a.EffectSizes {
			e := &a.EffectSizes[i]
			row(a.ID, e.Measure, "all", e)
			for j := range e.Subgroups {
				row(a.ID, e.Measure, e.Subgroups[j].Group, &e.Subgroups[j].EffectSize)
			}
		}
	}
	return s
}

func schools(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetSchools, Columns: []string{"id", "name", "provides", "receives", "reciprocal", "participants"}}
	for _, sc := range r.Schools {
		s.add(Text(sc.ID), Text(sc.Name), Int(sc.Provides), Int(sc.Receives), Bool(sc.Reciprocal), Count(sc.Participants))
	}
	return s
}

func reachByPeriod(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetReach, Columns: []string{"period", "participants", "disadvantaged", "known", "schools"}}
	for _, b := range r.Reach.ByPeriod {
		s.add(Text(b.Period.String()), Count(b.Participants), Count(b.Disadvantaged), Count(b.Known), Int(b.Schools))
	}
	return s
}

// breakdowns lists the whole scope's groups (activity empty), then each
// activity's.
func breakdowns(r *metrics.Result) Sheet {
	s := Sheet{Name: SheetBreakdowns, Columns: []string{"activity", "characteristic", "group", "participants"}}
	add := func(activity Cell, b *metrics.Breakdowns) {
		for _, l := range b.Lists() {
			for _, g := range l.Groups {
				s.add(activity, Text(l.Characteristic), Text(g.Group), Count(g.Participants))
			}
		}
	}
	add(Null(), &r.Breakdowns)
	for i := range r.Activities {
		add(Text(r.Activities[i].ID), &r.Activities[i].Breakdowns)
	}
	return s
}

// optText is text, or nothing when it is empty.
func optText(s string) Cell {
	if s == "" {
		return Null()
	}
	return Text(s)
}

// CountColumns are the columns that hold counts of people, which a
// funder's view hides when small.
var CountColumns = []string{"participants", "disadvantaged", "known", "n_intervention", "n_comparison"}

// IsCountColumn says whether a column holds counts of people.
func IsCountColumn(key string) bool { return slices.Contains(CountColumns, key) }

func itoa(n int) string { return Int(n).String() }
