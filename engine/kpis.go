package engine

import (
	"context"
	"math"

	"github.com/schoolstogether/impact/toc"
)

// KPIs logs KPI values by hand; Snapshot.KPIHistory reads them back.
type KPIs interface {
	// LogKPI records one value, superseding the current value of the same
	// KPI, period and school, audited as who. It returns the value it
	// superseded, or nil. A KPI or school toc.yaml lacks, or a value that
	// is not finite, is an EINVALID error naming the flag.
	LogKPI(ctx context.Context, p *toc.Partnership, v toc.KPIRecord, who string) (*toc.KPIRecord, error)
}

// CheckKPIValue checks a value to log against the theory of change, as
// every store does before it writes.
func CheckKPIValue(p *toc.Partnership, v toc.KPIRecord) error {
	if p.KPI(v.KPI) == nil {
		return toc.Errorf(toc.EINVALID, "--kpi: expected a KPI id of %s, got %q", TocName(p), v.KPI)
	}
	if v.School != "" && p.School(v.School) == nil {
		return toc.Errorf(toc.EINVALID, "--school: expected a school id of %s, got %q", TocName(p), v.School)
	}
	if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
		return toc.Errorf(toc.EINVALID, "--value: expected a finite number, got %v", v.Value)
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
