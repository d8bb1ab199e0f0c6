package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// Flags as stored, by toc.Flag: NULL for unknown, 0 and 1.
var flagValues = [3]any{toc.FlagUnknown: nil, toc.FlagNo: int16(0), toc.FlagYes: int16(1)}

// Register marks as stored, by intake.Participation.Attended + 1: NULL,
// 0, 1.
var attendedValues = [3]any{nil, int16(0), int16(1)}

// boxes are the ids of a file's rows as the reader numbers them:
// activities, schools ("" first, for none) and the dates met so far.
type boxes struct {
	activities, schools []string
	dates               []string
}

func newBoxes(p *toc.Partnership) *boxes {
	b := &boxes{}
	for _, a := range p.Activities {
		b.activities = append(b.activities, a.ID)
	}
	b.schools = append(b.schools, "")
	for _, s := range p.Schools {
		b.schools = append(b.schools, s.ID)
	}
	return b
}

func (b *boxes) school(i int32) string { return b.schools[i+1] }

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
	im.skip.drop(b, im.pupilIDs)
	im.boxes.dates = append(im.boxes.dates, b.Dates...)
	im.pending = append(im.pending, b.Participation...)
	if len(im.pending) >= participationPerCopy {
		if err := im.flushParticipation(ctx); err != nil {
			return err
		}
	}
	if err := im.copyOutcomes(ctx, b.Outcomes); err != nil {
		return err
	}
	for _, v := range b.KPIValues {
		id := im.importID
		if err := im.s.addKPIValue(ctx, im.tx, v, im.now, im.opts.Who, &id, nil); err != nil {
			return fmt.Errorf("insert kpi values: %w", err)
		}
	}
	return im.copyFacts(ctx, b.Facts)
}

// copyRows copies n rows into a table of the partnership, each numbered on
// from its last, row(i) giving the columns after partnership, id and
// import_id.
func (im *importer) copyRows(ctx context.Context, table string, columns []string, n int, row func(i int, vals []any)) error {
	if n == 0 {
		return nil
	}
	first, err := im.ids(ctx, table, n)
	if err != nil {
		return err
	}
	cols := append([]string{"partnership", "id", "import_id"}, columns...)
	vals := make([]any, len(cols))
	copied, err := im.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
		vals[0], vals[1], vals[2] = im.s.pid, first+int64(i), im.importID
		row(i, vals[3:])
		return vals, nil
	}))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	if copied != int64(n) {
		return fmt.Errorf("copy %s: %d rows of %d", table, copied, n)
	}
	return nil
}

var participationColumns = []string{"activity", "date", "period", "pupil", "school", "disadvantaged", "attended"}

// participationPerCopy is how many participation rows one COPY carries.
// Within a COPY, pgx encodes rows while the server inserts those sent
// before; between two, each waits for the other. A COPY of each batch of
// 4,096 rows left both idle half the time.
const participationPerCopy = 65536

// flushParticipation copies the participation rows held back so far.
func (im *importer) flushParticipation(ctx context.Context) error {
	err := im.copyParticipation(ctx, im.pending)
	im.pending = im.pending[:0]
	return err
}

// copyParticipation writes participation rows through COPY.
func (im *importer) copyParticipation(ctx context.Context, rows []intake.Participation) error {
	bx := im.boxes
	return im.copyRows(ctx, "participation", participationColumns, len(rows), func(i int, v []any) {
		r := &rows[i]
		v[0], v[1], v[2], v[3] = bx.activities[r.Activity], bx.dates[r.Date], int32(r.Period), im.pupilIDs[r.Pupil]
		v[4], v[5], v[6] = bx.school(r.School), flagValues[r.Flag], attendedValues[r.Attended+1]
	})
}

var outcomeColumns = []string{"activity", "measure", "grp", "pupil", "pre", "post", "school", "disadvantaged", "date", "period"}

// copyOutcomes writes outcome rows through COPY; each, as the latest of
// its activity, measure, group and pupil, is the one in force.
func (im *importer) copyOutcomes(ctx context.Context, rows []intake.Outcome) error {
	bx := im.boxes
	return im.copyRows(ctx, "outcomes", outcomeColumns, len(rows), func(i int, v []any) {
		r := &rows[i]
		v[0], v[1], v[2], v[3] = bx.activities[r.Activity], r.Measure, r.Group, im.pupilIDs[r.Pupil]
		v[4], v[5], v[6], v[7] = nil, r.Post, bx.school(r.School), flagValues[r.Flag]
		if r.HasPre {
			v[4] = r.Pre
		}
		v[8], v[9] = nil, nil
		if r.Date >= 0 {
			v[8], v[9] = bx.dates[r.Date], int32(r.Period)
		}
	})
}

var factColumns = []string{"pupil", "period", "school", "year_group", "sex", "sen", "eal", "looked_after", "disadvantaged"}

// copyFacts writes what the rows said of their pupils through COPY.
func (im *importer) copyFacts(ctx context.Context, facts []intake.Fact) error {
	bx := im.boxes
	return im.copyRows(ctx, "pupil_facts", factColumns, len(facts), func(i int, v []any) {
		f := &facts[i]
		v[0], v[1], v[2] = im.pupilIDs[f.Pupil], nil, bx.school(f.School)
		if f.Dated {
			v[1] = int32(f.Period)
		}
		v[3], v[4], v[5] = int16(f.Year), int16(f.Sex), int16(f.SEN)
		v[6], v[7], v[8] = int16(f.EAL), int16(f.LookedAfter), int16(f.Disadvantaged)
	})
}
