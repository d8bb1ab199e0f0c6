package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

type kpiValuesDecoder struct {
	im   *importer
	rows []toc.KPIRecord
}

func (d *kpiValuesDecoder) decode(r *row) {
	var v toc.KPIRecord
	var ok [5]bool
	v.KPI, ok[0] = r.id(intake.ColKPI, d.im.kpis, true)
	b, col := r.cell(intake.ColPeriod)
	if len(b) == 0 {
		r.bad(col, intake.ColPeriod, "expected an academic year like 2023/24, got an empty cell")
	} else if p, err := toc.ParsePeriod(string(b)); err != nil {
		r.bad(col, intake.ColPeriod, err.Error())
	} else if err := engine.CheckPeriod(p, r.today); err != nil {
		r.bad(col, intake.ColPeriod, err.Error())
	} else {
		v.Period, ok[1] = p, true
	}
	v.Value, _, ok[2] = r.number(intake.ColValue, true)
	v.School, ok[3] = r.id(intake.ColSchool, d.im.schools, false)
	v.Note, ok[4] = r.text(intake.ColNote, false, "")
	for _, o := range ok {
		if !o {
			return
		}
	}
	d.rows = append(d.rows, v)
}

func (d *kpiValuesDecoder) take() batch {
	b := &kpiValuesBatch{rows: d.rows}
	d.rows = nil
	return b
}

type kpiValuesBatch struct{ rows []toc.KPIRecord }

func (b *kpiValuesBatch) insert(ctx context.Context, im *importer) error {
	for _, v := range b.rows {
		if err := addKPIValue(ctx, im.tx, v, im.now, im.opts.Who, sql.NullInt64{Int64: im.importID, Valid: true}); err != nil {
			return fmt.Errorf("insert kpi values: %w", err)
		}
	}
	return nil
}

// newDecoder returns the decoder of a kind.
func (im *importer) newDecoder(k intake.Kind) decoder {
	switch k {
	case intake.KindKPIValues:
		return &kpiValuesDecoder{im: im}
	case intake.KindOutcomes:
		return &outcomesDecoder{im: im}
	}
	return &participationDecoder{im: im, rows: make([]participationRow, 0, batchRows)}
}
