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
// on writers. It holds one connection of the pool while open, and a
// second while EachParticipation reads ahead, when one is free (twin).
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
	return eachChunk(lo, hi, fn)
}

// eachChunk calls fn for each range of chunkRows ids [from, to] from lo
// on, until one passes hi.
func eachChunk(lo, hi int64, fn func(from, to int64) error) error {
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

// errStop carries fn's error out of a chunked read as it is.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// chunkedErr is a chunked read's error: fn's as it is, any other said to
// be of what was read.
func chunkedErr(what string, err error) error {
	var stop errStop
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

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
