package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

// writeMetricsTables prints a result for people: headline figures, then
// reach by period, KPIs, activities, effect sizes and schools.
func writeMetricsTables(w io.Writer, r *metrics.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }

	p("%s: metrics as of %s (%s view)\n\n", r.Partnership, r.AsOf, r.Audience)
	p("Participants\t%s, in %s, from %s\n", r.Reach.Participants, counted(r.Reach.Activities, "activity", "activities"), counted(r.Reach.Schools, "school", "schools"))
	p("Disadvantaged\t%s of %s with a known flag: %s, against %s in the schools reached (targeting ratio %s)\n",
		r.Reach.Disadvantaged, r.Reach.Known, showPercent(r.Disadvantage.ParticipantShare),
		showPercent(r.Disadvantage.PopulationShare), showNumber(r.Disadvantage.TargetingRatio, 2))
	gaps := 0
	for _, act := range r.Activities {
		if act.EvidenceGap {
			gaps++
		}
	}
	p("Evidence gaps\t%d of %s\n", gaps, counted(len(r.Activities), "activity", "activities"))
	behind := 0
	for _, k := range r.KPIs {
		if k.Status == metrics.StatusBehind {
			behind++
		}
	}
	p("KPIs behind\t%d of %d\n", behind, len(r.KPIs))

	p("\nPERIOD\tPARTICIPANTS\tDISADVANTAGED\tKNOWN\tSCHOOLS\n")
	for _, b := range r.Reach.ByPeriod {
		p("%s\t%s\t%s\t%s\t%d\n", b.Period, b.Participants, b.Disadvantaged, b.Known, b.Schools)
	}

	p("\nFOR WHOM\tPARTICIPANTS BY GROUP\n")
	for _, b := range r.Breakdowns.Lists() {
		groups := make([]string, len(b.Groups))
		for i, g := range b.Groups {
			groups[i] = fmt.Sprintf("%s %s", g.Group, g.Participants)
		}
		p("%s\t%s\n", strings.ReplaceAll(b.Characteristic, "_", " "), strings.Join(groups, ", "))
	}

	p("\nKPI\tBASELINE\tTARGET\tLATEST\tPROGRESS\tEXPECTED\tSTATUS\n")
	for _, k := range r.KPIs {
		latest := "–"
		if k.Latest != nil {
			latest = fmt.Sprintf("%s (%s)", showNumber(&k.Latest.Value, 2), k.Latest.Period)
		}
		p("%s\t%s (%s)\t%s (%s)\t%s\t%s\t%s\t%s\n", k.ID, showNumber(&k.Baseline.Value, 2), k.Baseline.Period,
			showNumber(&k.Target.Value, 2), k.Target.Period, latest, showPercent(k.Progress), showPercent(k.Expected), k.Status)
	}

	p("\nACTIVITY\tSTRATEGY\tPARTICIPANTS\tDISADV.\tSESSIONS\tATTENDANCE\tLEVEL\tGAP\tTARGETING\tQUADRANT\tYEARS\tKEY PERSON\tFUNDERS\tCOST/PARTICIPANT\n")
	for _, act := range r.Activities {
		p("%s\t%s (rule %d)\t%s\t%s\t%d\t%s\t%d of %d\t%s\t%s\t%s (%d/%d)\t%d\t%s\t%d\t%s\n",
			act.ID, act.Strategy, act.Rule, act.Participants, act.Disadvantaged, act.Sessions, showPercent(act.AttendanceRate),
			act.AchievedLevel, act.RequiredLevel, showChoice(act.EvidenceGap, "gap", ""), showNumber(act.TargetingRatio, 2),
			act.Quadrant, act.Internal, act.External, act.YearsRunning, showChoice(act.KeyPersonRisk, "at risk", "ok"),
			act.FundingSources, showPounds(act.CostPerParticipant))
	}

	p("\nACTIVITY\tMEASURE\tKIND\tN (INT./COMP.)\tG\t95%% INTERVAL\tMONTHS\n")
	effect := func(id, measure string, e *metrics.EffectSize) {
		kind := "–"
		if e.Kind != nil {
			kind = *e.Kind
		}
		interval, months := "–", "–"
		if e.G != nil {
			interval = fmt.Sprintf("%s to %s", showNumber(e.CILow, 2), showNumber(e.CIHigh, 2))
			months = fmt.Sprintf("%+d", *e.Months)
		} else if e.Reason != nil {
			months = *e.Reason
		}
		p("%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\n", id, measure, kind, e.NIntervention, e.NComparison, showNumber(e.G, 2), interval, months)
	}
	for _, act := range r.Activities {
		for _, e := range act.EffectSizes {
			effect(act.ID, e.Measure, &e)
			for _, sg := range e.Subgroups {
				effect("", "  "+sg.Group, &sg.EffectSize)
			}
		}
	}

	p("\nSCHOOL\tPROVIDES\tRECEIVES\tRECIPROCAL\tPARTICIPANTS\n")
	for _, s := range r.Schools {
		p("%s\t%d\t%d\t%s\t%s\n", s.ID, s.Provides, s.Receives, showChoice(s.Reciprocal, "yes", "no"), s.Participants)
	}
	return tw.Flush()
}

// showNumber writes x with d decimals, or "–" when undefined.
func showNumber(x *float64, d int) string {
	if x == nil {
		return "–"
	}
	s := fmt.Sprintf("%.*f", d, *x)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

func showPercent(x *float64) string {
	if x == nil {
		return "–"
	}
	v := *x * 100
	return showNumber(&v, 1) + "%"
}

// showPounds writes money as the report does: £5,000, £11.37.
func showPounds(x *float64) string {
	if x == nil {
		return "–"
	}
	return format.Pounds(*x)
}

func showChoice(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
