package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runLog(args []string) error {
	f := a.newFlags("log", "log --kpi ID --period YYYY/YY --value N [--school ID] [--note TEXT] | log --kpi ID --period YYYY/YY [--school ID] --withdraw | log --history KPI [--dir DIR]",
		`Logs one value of a KPI of toc.yaml for an academic year, for the whole
partnership or, with --school, for one school. Logging a value again for the
same KPI, year and school corrects it: the new value counts from then on and
the old one stays in the history. No value is logged for a year after the
current one (a typo there would move every figure).

--withdraw takes back the value in force instead: it stays in the history,
marked withdrawn, and the value it had corrected, if any, counts again.
--history lists every value ever logged or imported for a KPI, corrected,
withdrawn and reverted ones included.`,
		`  impact log --kpi trainees-graduating --period 2024/25 --value 19
  impact log --kpi reading-age-gap --period 2024/25 --value 9.5 --school wsh --note "spring test"
  impact log --kpi trainees-graduating --period 2024/25 --withdraw
  impact log --history trainees-graduating`)
	kpi := f.String("kpi", "", "the KPI `ID` from toc.yaml")
	period := f.String("period", "", "the academic year, like 2024/25")
	value := f.String("value", "", "the value, a number such as 12 or 3.5")
	school := f.String("school", "", "the school `ID`, for a per-school value (default: partnership-wide)")
	note := f.String("note", "", "a note kept with the value")
	history := f.String("history", "", "list every value of the KPI `ID` instead of logging one")
	withdraw := f.Bool("withdraw", false, "withdraw the value in force of --kpi, --period and --school instead of logging one")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("expected flags only, got %q (see impact log --help)", strings.Join(rest, " "))
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["history"] {
		for _, n := range []string{"kpi", "period", "value", "school", "note", "withdraw"} {
			if set[n] {
				return usageError("--history takes no --%s (see impact log --help)", n)
			}
		}
		return a.logHistory(f, *history)
	}
	if *withdraw {
		for _, n := range []string{"value", "note"} {
			if set[n] {
				return usageError("--withdraw takes no --%s (see impact log --help)", n)
			}
		}
	}
	required := []string{"kpi", "period", "value"}
	if *withdraw {
		required = required[:2]
	}
	for _, n := range required {
		if !set[n] {
			return usageError("missing --%s (see impact log --help)", n)
		}
	}
	v := toc.KPIRecord{KPI: strings.TrimSpace(*kpi), School: strings.TrimSpace(*school), Note: strings.TrimSpace(*note)}
	if v.Period, err = toc.ParsePeriod(strings.TrimSpace(*period)); err != nil {
		return toc.Errorf(toc.EINVALID, "--period: %w", err)
	}
	if *withdraw {
		return a.logWithdraw(f, v)
	}
	if v.Value, err = intake.ParseValue(*value); err != nil {
		return toc.Errorf(toc.EINVALID, "--value: %w", err)
	}

	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	old, err := p.Store.LogKPI(ctx, p.Plan.ToC, v, engine.OSUser())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "logged %s %s %s = %s\n", v.KPI, v.Period, where(v.School), number(v.Value))
	if old != nil {
		fmt.Fprintf(a.Stdout, "it corrects %s, logged %s by %s, which stays in the history\n", number(old.Value), old.LoggedAt, old.LoggedBy)
	}
	return nil
}

// logWithdraw withdraws the value in force of a KPI's period and school.
func (a *App) logWithdraw(f *flags, v toc.KPIRecord) error {
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	w, restored, err := p.Store.WithdrawKPI(ctx, p.Plan.ToC, v.KPI, v.Period, v.School, engine.OSUser())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "withdrew %s %s %s = %s, logged %s by %s; it stays in the history\n", w.KPI, w.Period, where(w.School), number(w.Value), w.LoggedAt, w.LoggedBy)
	if restored != nil {
		fmt.Fprintf(a.Stdout, "%s, logged %s by %s, counts again\n", number(restored.Value), restored.LoggedAt, restored.LoggedBy)
	} else {
		fmt.Fprintln(a.Stdout, "no value counts for it now")
	}
	return nil
}

// logHistory prints every value of a KPI, superseded ones included.
func (a *App) logHistory(f *flags, kpi string) error {
	kpi = strings.TrimSpace(kpi)
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	values, err := engine.ReadKPIHistory(ctx, p.Store, kpi)
	if err != nil {
		return err
	}
	k := p.Plan.ToC.KPI(kpi)
	switch {
	case k == nil && len(values) == 0:
		return toc.Errorf(toc.EINVALID, "--history: expected a KPI id of %s, got %q", f.tocPath(), kpi)
	case k == nil:
		fmt.Fprintf(a.Stdout, "%s: no longer in %s; its values are kept but not counted\n", kpi, f.tocPath())
	default:
		fmt.Fprintf(a.Stdout, "%s: %s\n", k.ID, k.Title)
	}
	if len(values) == 0 {
		fmt.Fprintln(a.Stdout, "no values logged yet")
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERIOD\tSCHOOL\tVALUE\tSTATUS\tLOGGED\tBY\tFROM\tNOTE")
	for _, v := range values {
		status, from, school := v.Status, v.File, v.School
		if from == "" {
			from = "impact log"
		}
		if school == "" {
			school = "(all)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v.Period, school, number(v.Value), status, v.LoggedAt, v.LoggedBy, from, oneLine(v.Note))
	}
	return tw.Flush()
}

func where(school string) string {
	if school == "" {
		return "(partnership-wide)"
	}
	return "at " + school
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
