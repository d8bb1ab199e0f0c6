package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/toc"
)

// participationRow is a participation row as a chunk holds it.
type participationRow struct {
	activity, date, school string
	period                 int32
	pupil                  int64
	dis                    *int16
}

// EachParticipation calls fn for every participation row of the
// activities, in the order imported, a chunk of rows at a time. The row
// is reused: fn must copy what it keeps (its strings may be kept: they
// are shared copies). While fn works through one chunk the next is read
// on a second connection sharing the snapshot (twin), when one is free.
func (f *snapshot) EachParticipation(ctx context.Context, activities []string, fn func(*toc.ParticipationRow) error) error {
	if len(activities) == 0 {
		return nil
	}
	rd := &chunkReader{query: `SELECT activity, date, period, pupil, school, disadvantaged FROM participation
		WHERE partnership = $1 AND id BETWEEN $3 AND $4 AND ` + f.count.participation() + ` AND activity = ANY($2) ORDER BY id`,
		pid: f.pid, activities: activities, intern: map[string]string{}}
	lo, hi, err := f.idRange(ctx, "participation")
	if err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	twin, done, err := f.twin(ctx)
	if err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	if twin != nil {
		defer done()
		err = rd.beside(ctx, twin, lo, hi, fn)
	} else {
		err = rd.alone(ctx, f.tx, lo, hi, fn)
	}
	return chunkedErr("participation", err)
}

// chunkReader reads the participation rows of some activities chunk by
// chunk.
type chunkReader struct {
	query      string
	pid        int32
	activities []string
	intern     map[string]string
}

// alone reads each chunk and hands its rows to fn, in turn, through tx.
func (rd *chunkReader) alone(ctx context.Context, tx pgx.Tx, lo, hi int64, fn func(*toc.ParticipationRow) error) error {
	var buf []participationRow
	return eachChunk(lo, hi, func(from, to int64) error {
		var err error
		if buf, err = rd.read(ctx, tx, from, to, buf[:0]); err != nil {
			return err
		}
		return deliver(buf, fn)
	})
}

// beside reads the chunks through twin in a goroutine of their own, a
// chunk ahead of fn, which runs in this one (and may read the snapshot).
func (rd *chunkReader) beside(ctx context.Context, twin pgx.Tx, lo, hi int64, fn func(*toc.ParticipationRow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan []participationRow, 1)
	free := make(chan []participationRow, 3) // one read, one waiting, one being read
	for range 3 {
		free <- nil
	}
	var readErr error
	go func() {
		defer close(full)
		readErr = eachChunk(lo, hi, func(from, to int64) error {
			var buf []participationRow
			select {
			case buf = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
			buf, err := rd.read(ctx, twin, from, to, buf[:0])
			if err != nil {
				return err
			}
			select {
			case full <- buf:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for buf := range full {
		if err := deliver(buf, fn); err != nil {
			cancel()
			for range full { // the reader is done with twin once full closes
			}
			return err
		}
		free <- buf
	}
	return readErr
}

// read appends to buf the rows whose ids lie in [from, to].
func (rd *chunkReader) read(ctx context.Context, tx pgx.Tx, from, to int64, buf []participationRow) ([]participationRow, error) {
	rows, err := tx.Query(ctx, rd.query, rd.pid, rd.activities, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var activity, date, school []byte
	for rows.Next() {
		var p participationRow
		if err := rows.Scan(&activity, &date, &p.period, &p.pupil, &school, &p.dis); err != nil {
			return nil, err
		}
		p.activity, p.date, p.school = rd.str(activity), rd.str(date), rd.str(school)
		buf = append(buf, p)
	}
	return buf, rows.Err()
}

// str is b as a string shared by every row that holds the same text.
func (rd *chunkReader) str(b []byte) string {
	if v, ok := rd.intern[string(b)]; ok {
		return v
	}
	v := string(b)
	rd.intern[v] = v
	return v
}

// deliver hands a chunk's rows to fn, one reused row at a time.
func deliver(buf []participationRow, fn func(*toc.ParticipationRow) error) error {
	var r toc.ParticipationRow
	for i := range buf {
		p := &buf[i]
		r = toc.ParticipationRow{Activity: p.activity, Date: p.date, Period: toc.Period(p.period), Pupil: p.pupil, School: p.school, Disadvantaged: flagOf(p.dis)}
		if err := fn(&r); err != nil {
			return errStop{err}
		}
	}
	return nil
}
