package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// outcomeRow is a checked outcome row.
type outcomeRow struct {
	activity, measure, group, school, date string // date "" when not given
	period                                 int32
	pupil                                  int32
	pre, post                              float64
	hasPre                                 bool
	disadvantaged                          toc.Flag
}

type outcomesDecoder struct {
	im   *importer
	rows []outcomeRow
}

func (d *outcomesDecoder) decode(r *row) {
	var o outcomeRow
	var ok [9]bool
	o.activity, ok[0] = r.id(intake.ColActivity, d.im.activities, true)
	o.pupil, ok[1] = r.participant(d.im.pseud)
	o.measure, ok[2] = r.text(intake.ColMeasure, true, "the name of the measure (a test, a grade)")
	g, col := r.cell(intake.ColGroup)
	group, msg := intake.ParseGroup(g)
	if ok[3] = msg == ""; !ok[3] {
		r.bad(col, intake.ColGroup, msg)
	}
	o.group = group
	o.post, _, ok[4] = r.number(intake.ColPost, true)
	o.pre, o.hasPre, ok[5] = r.number(intake.ColPre, false)
	o.school, ok[6] = r.id(intake.ColSchool, d.im.schools, false)
	o.disadvantaged, ok[7] = r.flag()
	var y, m, day int
	y, m, day, ok[8] = r.date(false)
	for _, v := range ok {
		if !v {
			return
		}
	}
	if y != 0 {
		o.date = d.im.isoDate(y, m, day)
		o.period = int32(intake.PeriodOfDate(y, m))
	}
	d.rows = append(d.rows, o)
}

func (d *outcomesDecoder) take() batch {
	b := &outcomesBatch{rows: d.rows, fresh: d.im.pseud.TakeFresh()}
	d.rows = nil
	return b
}

type outcomesBatch struct {
	rows  []outcomeRow
	fresh fresh
}

// insert writes each row; as the latest of its activity, measure, group
// and pupil it is the one in force (counting.go).
func (b *outcomesBatch) insert(ctx context.Context, im *importer) error {
	if err := im.addPupils(ctx, b.fresh); err != nil {
		return err
	}
	add, err := im.stmts.prepare(ctx, im.tx, "outcomes/add", func() string {
		return `INSERT INTO outcomes (import_id, activity, measure, grp, pupil, pre, post, school, disadvantaged, date, period)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	})
	if err != nil {
		return err
	}
	for _, r := range b.rows {
		pupil := im.pupilIDs[r.pupil]
		pre := sql.NullFloat64{Float64: r.pre, Valid: r.hasPre}
		date := sql.NullString{String: r.date, Valid: r.date != ""}
		period := sql.NullInt64{Int64: int64(r.period), Valid: r.date != ""}
		if _, err := add.ExecContext(ctx, im.importID, r.activity, r.measure, r.group, pupil, pre, r.post,
			r.school, flagArg(r.disadvantaged), date, period); err != nil {
			return fmt.Errorf("insert outcomes: %w", err)
		}
	}
	return nil
}
