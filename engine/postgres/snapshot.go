package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// snapshot is one consistent read of the partnership for the metrics: a
// read-only REPEATABLE READ transaction, which sees the database as it was
// at its first statement, whatever is written meanwhile, and holds no lock
// on writers. It holds one connection of the pool while open.
type snapshot struct {
	tx       pgx.Tx
	pid      int32
	count    counting
	pool     *pgxpool.Pool // for a second connection on the same snapshot (twin)
	exported string        // the snapshot's id once shared
}

// Snapshot starts a read of the store for the metrics.
func (s *Store) Snapshot(ctx context.Context) (engine.Snapshot, error) {
	return s.snapshot(ctx, director)
}

// ApprovedSnapshot is Snapshot counting approved data only: pending
// review items are left out, as a funder's view leaves them (DESIGN §12).
func (s *Store) ApprovedSnapshot(ctx context.Context) (engine.Snapshot, error) {
	return s.snapshot(ctx, funder)
}

func (s *Store) snapshot(ctx context.Context, c counting) (engine.Snapshot, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	// The transaction's snapshot is taken by its first statement: now,
	// not at the first read a caller makes. That statement also sets,
	// for this transaction only, what its large reads need (issue 15):
	// each chunk of participation planned for its own parameters, so that
	// PostgreSQL tests a row's activity against a hash of the activities
	// asked for (a generic plan tests the 200 activities of a large
	// partnership one by one, and took three times as long), and memory
	// enough to sort a chunk without writing it to disk.
	if _, err := tx.Exec(ctx, snapshotSettings); err != nil {
		tx.Rollback(context.Background())
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	return &snapshot{tx: tx, pid: s.pid, count: c, pool: s.pool}, nil
}

// snapshotSettings is the first statement of a snapshot.
const snapshotSettings = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('work_mem', '32MB', true)"

// Close ends the read.
func (f *snapshot) Close() error { return f.tx.Rollback(context.Background()) }

func flagOf(v *int16) toc.Flag {
	switch {
	case v == nil:
		return toc.FlagUnknown
	case *v != 0:
		return toc.FlagYes
	}
	return toc.FlagNo
}

// chunkRows is how many row ids one query of a streamed read covers: its
// rows are read whole before fn sees them, so that fn may read the
// snapshot too, and memory stays small however many rows there are.
const chunkRows = 65536

// chunks calls fn for each range of ids [lo, hi] of chunkRows of the
// partnership's rows of a table (one of this package's own names).
func (f *snapshot) chunks(ctx context.Context, table string, fn func(lo, hi int64) error) error {
	lo, hi, err := f.idRange(ctx, table)
	if err != nil {
		return err
	}
	for from := lo; from <= hi; from += chunkRows {
		if err := fn(from, from+chunkRows-1); err != nil {
			return err
		}
	}
	return nil
}

// idRange is the least and greatest id of the partnership's rows of a
// table; lo > hi when it has none.
func (f *snapshot) idRange(ctx context.Context, table string) (lo, hi int64, err error) {
	var l, h *int64
	if err := f.tx.QueryRow(ctx, "SELECT min(id), max(id) FROM "+table+" WHERE partnership = $1", f.pid).Scan(&l, &h); err != nil {
		return 0, 0, err
	}
	if l == nil {
		return 1, 0, nil
	}
	return *l, *h, nil
}

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
	var stop errStop
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	return nil
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
	for from := lo; from <= hi; from += chunkRows {
		var err error
		if buf, err = rd.read(ctx, tx, from, buf[:0]); err != nil {
			return err
		}
		if err := deliver(buf, fn); err != nil {
			return err
		}
	}
	return nil
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
		for from := lo; from <= hi; from += chunkRows {
			var buf []participationRow
			select {
			case buf = <-free:
			case <-ctx.Done():
				readErr = ctx.Err()
				return
			}
			buf, err := rd.read(ctx, twin, from, buf[:0])
			if err != nil {
				readErr = err
				return
			}
			select {
			case full <- buf:
			case <-ctx.Done():
				readErr = ctx.Err()
				return
			}
		}
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

// read appends the rows of the chunk of ids from from to buf.
func (rd *chunkReader) read(ctx context.Context, tx pgx.Tx, from int64, buf []participationRow) ([]participationRow, error) {
	rows, err := tx.Query(ctx, rd.query, rd.pid, rd.activities, from, from+chunkRows-1)
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

// errStop carries fn's error out of a chunked read as it is.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// Outcomes returns the current outcome rows of the activities, ordered by
// activity, measure, group and row.
func (f *snapshot) Outcomes(ctx context.Context, activities []string) ([]toc.OutcomeRow, error) {
	if len(activities) == 0 {
		return nil, nil
	}
	rows, err := f.tx.Query(ctx,
		`SELECT activity, measure, grp, pupil, pre, post, school, disadvantaged, period
		   FROM outcomes WHERE partnership = $1 AND id IN (`+f.count.outcomesInForce()+`)
		  ORDER BY activity, measure, grp, id`, f.pid, activities)
	if err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	defer rows.Close()
	var out []toc.OutcomeRow
	for rows.Next() {
		var r toc.OutcomeRow
		var dis *int16
		var period *int32
		if err := rows.Scan(&r.Activity, &r.Measure, &r.Group, &r.Pupil, &r.Pre, &r.Post, &r.School, &dis, &period); err != nil {
			return nil, fmt.Errorf("read outcomes: %w", err)
		}
		if period != nil {
			p := toc.Period(*period)
			r.Period = &p
		}
		r.Disadvantaged = flagOf(dis)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	return out, nil
}

// KPIValues returns the current values of the KPIs, ordered by KPI, period
// and the order they were logged in.
func (f *snapshot) KPIValues(ctx context.Context, kpis []string) ([]toc.KPIValue, error) {
	if len(kpis) == 0 {
		return nil, nil
	}
	rows, err := f.tx.Query(ctx,
		`SELECT id, kpi, period, school, value FROM kpi_values
		  WHERE partnership = $1 AND id IN (`+f.count.kpisInForce(`kpi = ANY($2)`)+`) ORDER BY kpi, period, id`, f.pid, kpis)
	if err != nil {
		return nil, fmt.Errorf("read kpi values: %w", err)
	}
	defer rows.Close()
	var out []toc.KPIValue
	for rows.Next() {
		var v toc.KPIValue
		var period int32
		if err := rows.Scan(&v.ID, &v.KPI, &period, &v.School, &v.Value); err != nil {
			return nil, fmt.Errorf("read kpi values: %w", err)
		}
		v.Period = toc.Period(period)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read kpi values: %w", err)
	}
	return out, nil
}

// LatestPeriod is the latest period of any participation row, dated
// outcome row or KPI value of the given activities and KPIs; ok is false
// when there is none.
func (f *snapshot) LatestPeriod(ctx context.Context, activities, kpis []string) (p toc.Period, ok bool, err error) {
	var latest *int32
	consider := func(query string, ids []string) error {
		if len(ids) == 0 {
			return nil
		}
		var v *int32
		if err := f.tx.QueryRow(ctx, query, f.pid, ids).Scan(&v); err != nil {
			return fmt.Errorf("latest period: %w", err)
		}
		if v != nil && (latest == nil || *v > *latest) {
			latest = v
		}
		return nil
	}
	if err := consider(`SELECT max(period) FROM participation WHERE partnership = $1 AND `+f.count.participation()+` AND activity = ANY($2)`, activities); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT max(period) FROM outcomes WHERE partnership = $1 AND id IN (`+f.count.outcomesInForce()+`)`, activities); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT max(period) FROM kpi_values WHERE partnership = $1 AND id IN (`+f.count.kpisInForce(`kpi = ANY($2)`)+`)`, kpis); err != nil {
		return 0, false, err
	}
	if latest == nil {
		return 0, false, nil
	}
	return toc.Period(*latest), true, nil
}

// RowsIn counts the participation and dated outcome rows of each activity
// in a period.
func (f *snapshot) RowsIn(ctx context.Context, period toc.Period) (map[string]int64, error) {
	rows, err := f.tx.Query(ctx, `SELECT activity, count(*) FROM (
			SELECT activity FROM participation WHERE partnership = $1 AND period = $2 AND `+f.count.participation()+`
			UNION ALL SELECT activity FROM outcomes WHERE partnership = $1 AND period = $2 AND `+f.count.imports()+`
		) a GROUP BY activity`, f.pid, int(period))
	if err != nil {
		return nil, fmt.Errorf("rows in %s: %w", period, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var a string
		var n int64
		if err := rows.Scan(&a, &n); err != nil {
			return nil, fmt.Errorf("rows in %s: %w", period, err)
		}
		out[a] = n
	}
	return out, rows.Err()
}
