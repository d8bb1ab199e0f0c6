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

// factsPerInsert is the facts of one multi-row INSERT: 9 values × 256 + 1
// parameters.
const factsPerInsert = 256

// factsBulk is the multi-row INSERT of pupils' facts.
func factsBulk() bulkStmts {
	return bulkStmts{table: "pupil_facts", columns: []string{"pupil", "period", "school", "year_group", "sex", "sen", "eal", "looked_after", "disadvantaged"}}
}

// small are the boxed values of small numbers (a characteristic's), so
// that boxing them allocates nothing.
var small = func() (out [32]driver.Value) {
	for i := range out {
		out[i] = int64(i)
	}
	return out
}()

// insertFacts writes what the rows said of their pupils, through the
// driver as insertParticipation does.
func (im *importer) insertFacts(facts []intake.Fact) error {
	if len(facts) == 0 {
		return nil
	}
	bx := im.boxes
	err := im.raw(func(dc driver.Conn) error {
		for len(facts) > 0 {
			n := chunk(len(facts), factsPerInsert)
			st, err := im.facts.prepare(dc, n)
			if err != nil {
				return err
			}
			args := im.facts.args(1 + 9*n)
			args[0].Value = im.importID
			for i, f := range facts[:n] {
				a := args[1+9*i : 10+9*i]
				a[0].Value = im.pupilIDs[f.Pupil]
				a[1].Value = nil
				if f.Dated {
					a[1].Value = bx.period(f.Period)
				}
				a[2].Value = bx.school(f.School)
				a[3].Value = small[f.Year]
				a[4].Value = small[f.Sex]
				a[5].Value = small[f.SEN]
				a[6].Value = small[f.EAL]
				a[7].Value = small[f.LookedAfter]
				a[8].Value = small[f.Disadvantaged]
			}
			if _, err := st.ExecContext(context.Background(), args); err != nil {
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
