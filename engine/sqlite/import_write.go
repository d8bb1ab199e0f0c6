package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/schoolstogether/impact/engine/intake"
)

// write writes one batch a Reader checked: first the pupils it met for the
// first time and its new dates, then its rows.
func (im *importer) write(ctx context.Context, b *intake.Batch) error {
	err := im.writeBatch(ctx, b)
	if ctx.Err() != nil {
		// A cancelled import's transaction is closed under it: say why.
		return ctx.Err()
	}
	return err
}

func (im *importer) writeBatch(ctx context.Context, b *intake.Batch) error {
	if err := im.addPupils(ctx, b.Fresh); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	im.skip.drop(b, im.pupilIDs)
	im.texts.dates = append(im.texts.dates, b.Dates...)
	if err := im.insertParticipation(b.Participation); err != nil {
		return err
	}
	if err := im.insertOutcomes(ctx, b.Outcomes); err != nil {
		return err
	}
	for _, v := range b.KPIValues {
		if err := addKPIValue(ctx, im.tx, v, im.now, im.opts.Who, sql.NullInt64{Int64: im.importID, Valid: true}, sql.NullInt64{}); err != nil {
			return fmt.Errorf("insert kpi values: %w", err)
		}
	}
	return im.insertFacts(b.Facts)
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
	t := im.texts
	for _, r := range rows {
		pre := sql.NullFloat64{Float64: r.Pre, Valid: r.HasPre}
		var date, period any
		if r.Date >= 0 {
			date, period = t.dates[r.Date], int64(r.Period)
		}
		if _, err := add.ExecContext(ctx, im.importID, t.activities[r.Activity], r.Measure, r.Group, im.pupilIDs[r.Pupil], pre, r.Post,
			t.school(r.School), flagValue(r.Flag), date, period); err != nil {
			return fmt.Errorf("insert outcomes: %w", err)
		}
	}
	return nil
}

// factsPerInsert is the facts of one multi-row INSERT: 9 values × 256 + 1
// parameters.
const factsPerInsert = 256

// factsBulk is the multi-row INSERT of pupils' facts.
func factsBulk() bulkStmts {
	return bulkStmts{table: "pupil_facts", columns: []string{"pupil", "period", "school", "year_group", "sex", "sen", "eal", "looked_after", "disadvantaged"}}
}

// insertFacts writes what the rows said of their pupils, through the
// driver as insertParticipation does.
func (im *importer) insertFacts(facts []intake.Fact) error {
	if len(facts) == 0 {
		return nil
	}
	t := im.texts
	err := im.raw(func(dc driver.Conn) error {
		for len(facts) > 0 {
			n := chunk(len(facts), factsPerInsert)
			st, ps, err := im.facts.prepare(dc, n)
			if err != nil {
				return err
			}
			ps.int(im.importID)
			for _, f := range facts[:n] {
				ps.int(im.pupilIDs[f.Pupil])
				if f.Dated {
					ps.int(int64(f.Period))
				} else {
					ps.null()
				}
				ps.text(t.school(f.School))
				ps.int(int64(f.Year))
				ps.int(int64(f.Sex))
				ps.int(int64(f.SEN))
				ps.int(int64(f.EAL))
				ps.int(int64(f.LookedAfter))
				ps.int(int64(f.Disadvantaged))
			}
			if err := exec(st, ps); err != nil {
				return err
			}
			facts = facts[n:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert pupil facts: %w", err)
	}
	return nil
}
