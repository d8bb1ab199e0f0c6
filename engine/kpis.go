package engine

import (
	"context"
	"math"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// KPIs logs KPI values by hand; Snapshot.KPIHistory reads them back.
type KPIs interface {
	// LogKPI records one value, superseding the current value of the same
	// KPI, period and school, audited as who. It returns the value it
	// superseded, or nil. A KPI or school toc.yaml lacks, or a value that
	// is not finite, is an EINVALID error naming the flag.
	LogKPI(ctx context.Context, p *toc.Partnership, v toc.KPIRecord, who string) (*toc.KPIRecord, error)
	// WithdrawKPI takes back the value in force of a KPI's period and
	// school, audited as who: it stays in the history, withdrawn, and the
	// value it had superseded, if any, counts again (restored). No value
	// in force is an EINVALID error.
	WithdrawKPI(ctx context.Context, p *toc.Partnership, kpi string, period toc.Period, school, who string) (withdrawn, restored *toc.KPIRecord, err error)
}

// CheckKPIValue checks a value to log against the theory of change and
// today's date (DESIGN §11: nothing is logged for a year still to come), as
// every store does before it writes.
func CheckKPIValue(p *toc.Partnership, v toc.KPIRecord, today time.Time) error {
	if err := CheckKPIKey(p, v.KPI, v.School); err != nil {
		return err
	}
	if err := toc.CheckPeriod(v.Period, today); err != nil {
		return toc.Errorf(toc.EINVALID, "--period: %w", err)
	}
	if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
		return toc.Errorf(toc.EINVALID, "--value: expected a finite number, got %v", v.Value)
	}
	return nil
}

// CheckKPIKey checks a KPI and an optional school against the theory of
// change.
func CheckKPIKey(p *toc.Partnership, kpi, school string) error {
	if p.KPI(kpi) == nil {
		return toc.Errorf(toc.EINVALID, "--kpi: expected a KPI id of %s, got %q", TocName(p), kpi)
	}
	if school != "" && p.School(school) == nil {
		return toc.Errorf(toc.EINVALID, "--school: expected a school id of %s, got %q", TocName(p), school)
	}
	return nil
}

// TocName names the file a partnership was read from, for messages.
func TocName(p *toc.Partnership) string {
	if p.File != "" {
		return p.File
	}
	return "toc.yaml"
}

// ReadKPIHistory reads a KPI's history in a snapshot of its own: for a
// command that reads nothing else.
func ReadKPIHistory(ctx context.Context, ev Evidence, kpi string) ([]toc.KPIRecord, error) {
	snap, err := ev.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	return snap.KPIHistory(ctx, kpi)
}
