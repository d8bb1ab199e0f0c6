package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// The read side of the store for the metrics of DESIGN §7: rows of the
// activities and KPIs asked for, superseded rows left out. Participation
// rows are streamed, never loaded whole: a partnership can hold millions.

// inList returns "(?,?,...)" for n parameters and the values as arguments.
func inList(values []string) (string, []any) {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(values)), ",") + ")", args
}

// snapshot is one consistent read of the store for the metrics: a read
// transaction, which in WAL mode sees the database as it was at its first
// read, whatever is imported meanwhile, and holds no lock on writers.
type snapshot struct {
	tx    *sql.Tx
	count counting
}

// Snapshot starts a read of the store for the metrics.
func (s *Store) Snapshot(ctx context.Context) (engine.Snapshot, error) {
	tx, err := s.read.BeginTx(ctx, nil) // deferred: a WAL snapshot, no lock on writers
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	return &snapshot{tx: tx, count: director}, nil
}

// ApprovedSnapshot is Snapshot counting approved data only: pending
// review items are left out, as a funder's view leaves them (DESIGN §12).
func (s *Store) ApprovedSnapshot(ctx context.Context) (engine.Snapshot, error) {
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	return &snapshot{tx: tx, count: funder}, nil
}

// Close ends the read.
func (f *snapshot) Close() error { return f.tx.Rollback() }

func flagOf(v sql.NullInt64) toc.Flag {
	switch {
	case !v.Valid:
		return toc.FlagUnknown
	case v.Int64 != 0:
		return toc.FlagYes
	}
	return toc.FlagNo
}

// participationChunk is how many row ids one query of EachParticipation
// covers. Rows come back packed in one string per chunk, built by SQLite,
// which costs a tenth of fetching them one by one through database/sql.
const participationChunk = 16384

// EachParticipation calls fn for every participation row of the activities.
// The row is reused: fn must copy what it keeps (its strings may be kept:
// they are shared copies, not views of a buffer). Rows are read in chunks
// of row ids, so memory stays small however many there are.
func (f *snapshot) EachParticipation(ctx context.Context, activities []string, fn func(*toc.ParticipationRow) error) error {
	if len(activities) == 0 {
		return nil
	}
	var lo, hi sql.NullInt64
	if err := f.tx.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM participation`).Scan(&lo, &hi); err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	if !lo.Valid {
		return nil
	}
	in, args := inList(activities)
	// Fields are ids ([a-z0-9-]), ISO dates and integers: "," and ";" cannot
	// occur in them.
	stmt, err := f.tx.PrepareContext(ctx, `SELECT group_concat(activity || ',' || date || ',' || pupil || ',' ||
		school || ',' || IFNULL(disadvantaged, ''), ';') FROM participation WHERE id BETWEEN ? AND ? AND `+f.count.participation()+` AND activity IN `+in)
	if err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	defer stmt.Close()
	p := participationParser{intern: map[string]string{}}
	for from := lo.Int64; from <= hi.Int64; from += participationChunk {
		var packed sql.NullString
		if err := stmt.QueryRowContext(ctx, append([]any{from, from + participationChunk - 1}, args...)...).Scan(&packed); err != nil {
			return fmt.Errorf("read participation: %w", err)
		}
		if err := p.each(packed.String, fn); err != nil {
			return err
		}
	}
	return nil
}

// participationParser unpacks the rows of a chunk.
type participationParser struct {
	row    toc.ParticipationRow
	intern map[string]string // activity, school and date strings, one copy each
}

// str returns the one copy of s; rows in a row mostly repeat the last.
func (p *participationParser) str(s, last string) string {
	if s == last {
		return last
	}
	if v, ok := p.intern[s]; ok {
		return v
	}
	v := strings.Clone(s)
	p.intern[v] = v
	return v
}

func (p *participationParser) each(packed string, fn func(*toc.ParticipationRow) error) error {
	for packed != "" {
		var rec string
		rec, packed, _ = strings.Cut(packed, ";")
		var f [5]string
		for i := 0; i < 4; i++ {
			f[i], rec, _ = strings.Cut(rec, ",")
		}
		f[4] = rec
		r := &p.row
		r.Activity, r.Date, r.School = p.str(f[0], r.Activity), p.str(f[1], r.Date), p.str(f[3], r.School)
		if len(f[1]) != 10 {
			return fmt.Errorf("read participation: date %q: expected YYYY-MM-DD", f[1])
		}
		// The academic year of the date: September starts it.
		year, month := atoi(f[1][:4]), atoi(f[1][5:7])
		if month < 9 {
			year--
		}
		r.Period = toc.Period(year)
		r.Pupil = int64(atoi(f[2]))
		switch f[4] {
		case "":
			r.Disadvantaged = toc.FlagUnknown
		case "0":
			r.Disadvantaged = toc.FlagNo
		default:
			r.Disadvantaged = toc.FlagYes
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// atoi reads the decimal digits of s, which SQLite wrote.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Outcomes returns the current outcome rows of the activities, ordered by
// activity, measure, group and row.
func (f *snapshot) Outcomes(ctx context.Context, activities []string) ([]toc.OutcomeRow, error) {
	if len(activities) == 0 {
		return nil, nil
	}
	in, args := inList(activities)
	rows, err := f.tx.QueryContext(ctx,
		`SELECT activity, measure, grp, pupil, pre, post, school, disadvantaged, period
		   FROM outcomes WHERE id IN (`+f.count.outcomesInForce()+in+outcomesKey+`)
		  ORDER BY activity, measure, grp, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	defer rows.Close()
	var out []toc.OutcomeRow
	for rows.Next() {
		var r toc.OutcomeRow
		var pre sql.NullFloat64
		var dis, period sql.NullInt64
		if err := rows.Scan(&r.Activity, &r.Measure, &r.Group, &r.Pupil, &pre, &r.Post, &r.School, &dis, &period); err != nil {
			return nil, fmt.Errorf("read outcomes: %w", err)
		}
		if pre.Valid {
			v := pre.Float64
			r.Pre = &v
		}
		if period.Valid {
			p := toc.Period(period.Int64)
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
	in, args := inList(kpis)
	rows, err := f.tx.QueryContext(ctx,
		`SELECT id, kpi, period, school, value FROM kpi_values
		  WHERE id IN (`+f.count.kpisInForce()+in+kpisKey+`) ORDER BY kpi, period, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read kpi values: %w", err)
	}
	defer rows.Close()
	var out []toc.KPIValue
	for rows.Next() {
		var v toc.KPIValue
		var period int64
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
	var latest sql.NullInt64
	consider := func(query string, ids []string, extra string) error {
		if len(ids) == 0 {
			return nil
		}
		in, args := inList(ids)
		var v sql.NullInt64
		if err := f.tx.QueryRowContext(ctx, query+in+extra, args...).Scan(&v); err != nil {
			return fmt.Errorf("latest period: %w", err)
		}
		if v.Valid && (!latest.Valid || v.Int64 > latest.Int64) {
			latest = v
		}
		return nil
	}
	if err := consider(`SELECT MAX(period) FROM participation WHERE `+f.count.participation()+` AND activity IN `, activities, ""); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT MAX(period) FROM outcomes WHERE id IN (`+f.count.outcomesInForce(), activities, outcomesKey+")"); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT MAX(period) FROM kpi_values WHERE id IN (`+f.count.kpisInForce(), kpis, kpisKey+")"); err != nil {
		return 0, false, err
	}
	return toc.Period(latest.Int64), latest.Valid, nil
}

// RowsIn counts the participation and dated outcome rows of each activity
// in a period.
func (f *snapshot) RowsIn(ctx context.Context, period toc.Period) (map[string]int64, error) {
	rows, err := f.tx.QueryContext(ctx, `SELECT activity, count(*) FROM (
			SELECT activity FROM participation WHERE period = ?1 AND `+f.count.participation()+`
			UNION ALL SELECT activity FROM outcomes WHERE period = ?1 AND `+f.count.imports()+`
		) GROUP BY activity`, int(period))
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
