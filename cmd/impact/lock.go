package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runLock(args []string) error {
	f := a.newFlags("lock", "lock [PERIOD] [--dir DIR]",
		`Locks an academic year once its figures have gone out to a funder or the
governors: every write dated in it is refused, with the reason — KPI values
logged or imported, participation, outcome and pupils rows, withdrawals and
reverts — from the command line and the web app alike. Without PERIOD, lists
the locked years. impact unlock PERIOD opens one again; both are audited.

Erasing pupils (impact forget) is not refused: the law comes first.`,
		`  impact lock 2023/24
  impact lock
  impact unlock 2023/24`)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError("expected one academic year to lock, like 2023/24 (see impact lock --help)")
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	if len(rest) == 0 {
		locks, err := p.Store.ListLocks(ctx)
		if err != nil {
			return err
		}
		if len(locks) == 0 {
			fmt.Fprintln(a.Stdout, "no academic year is locked: impact lock 2023/24 locks one")
			return nil
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "YEAR\tLOCKED BY\tWHEN")
		for _, l := range locks {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Period, l.Who, l.At)
		}
		return tw.Flush()
	}
	period, err := parsePeriodArg(rest[0])
	if err != nil {
		return err
	}
	if _, err := p.Store.Lock(ctx, period, engine.OSUser()); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "locked %s: writes dated in it are refused until impact unlock %s\n", period, period)
	return nil
}

func (a *App) runUnlock(args []string) error {
	f := a.newFlags("unlock", "unlock PERIOD [--dir DIR]",
		`Opens a locked academic year to writes again (see impact lock). Audited.`,
		`  impact unlock 2023/24`)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("expected the academic year to unlock, like 2023/24 (see impact unlock --help)")
	}
	period, err := parsePeriodArg(rest[0])
	if err != nil {
		return err
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Store.Unlock(ctx, period, engine.OSUser()); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "unlocked %s: writes dated in it are taken again\n", period)
	return nil
}

// parsePeriodArg reads an academic year given on the command line.
func parsePeriodArg(s string) (toc.Period, error) {
	p, err := toc.ParsePeriod(s)
	if err != nil {
		return 0, toc.Errorf(toc.EINVALID, "%v", err)
	}
	return p, nil
}
