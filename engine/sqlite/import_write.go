package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/schoolstogether/impact/engine/intake"
)

// write writes one batch a Reader checked: first the pupils it met for the
// first time and its new dates, then its rows.
func (im *importer) write(ctx context.Context, b *intake.Batch) error {
	if err := im.addPupils(ctx, b.Fresh); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, d := range b.Dates {
		im.boxes.dates = append(im.boxes.dates, d)
	}
	if err := im.insertParticipation(b.Participation); err != nil {
		return err
	}
	if err := im.insertOutcomes(ctx, b.Outcomes); err != nil {
		return err
	}
	for _, v := range b.KPIValues {
		if err := addKPIValue(ctx, im.tx, v, im.now, im.opts.Who, sql.NullInt64{Int64: im.importID, Valid: true}); err != nil {
			return fmt.Errorf("insert kpi values: %w", err)
		}
	}
	return im.insertFacts(ctx, b.Facts)
}

// insertOutcomes writes outcome rows; each, as the latest of its activity,
// measure, group and pupil, is the one in force (counting.go).
func (im *importer) insertOutcomes(ctx context.Context, rows []intake.Outcome) error {
	if len(rows) == 0 {
		return nil
	}
	add, err := im.stmts.prepare(ctx, im.tx, "outcomes/add", func() string {
		return `INSERT INTO outcomes (import_id, activity, measure, grp, pupil, pre, post, school, disadvantaged, date, period)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	})
	if err != nil {
		return err
	}
	bx := im.boxes
	for _, r := range rows {
		pre := sql.NullFloat64{Float64: r.Pre, Valid: r.HasPre}
		var date, period any
		if r.Date >= 0 {
			date, period = bx.dates[r.Date], bx.period(r.Period)
		}
		if _, err := add.ExecContext(ctx, im.importID, bx.activities[r.Activity], r.Measure, r.Group, im.pupilIDs[r.Pupil], pre, r.Post,
			bx.school(r.School), flagValues[r.Flag], date, period); err != nil {
			return fmt.Errorf("insert outcomes: %w", err)
		}
	}
	return nil
}

// insertFacts writes what the rows said of their pupils.
func (im *importer) insertFacts(ctx context.Context, facts []intake.Fact) error {
	if len(facts) == 0 {
		return nil
	}
	add, err := im.stmts.prepare(ctx, im.tx, "facts/add", func() string {
		return `INSERT INTO pupil_facts (import_id, pupil, period, school, year_group, sex, sen, eal, looked_after, disadvantaged)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	})
	if err != nil {
		return err
	}
	for _, f := range facts {
		var period any
		if f.Dated {
			period = im.boxes.period(f.Period)
		}
		if _, err := add.ExecContext(ctx, im.importID, im.pupilIDs[f.Pupil], period, im.boxes.school(f.School),
			int64(f.Year), int64(f.Sex), int64(f.SEN), int64(f.EAL), int64(f.LookedAfter), int64(f.Disadvantaged)); err != nil {
			return fmt.Errorf("insert pupil facts: %w", err)
		}
	}
	return nil
}
