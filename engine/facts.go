package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// The read side of the store for the metrics of DESIGN §7: rows of the
// activities and KPIs asked for, superseded rows left out. Participation
// rows are streamed, never loaded whole: a partnership can hold millions.

// Flag is a row's disadvantage flag: unknown (empty in the CSV), no or yes.
type Flag int8

// Flags.
const (
	FlagUnknown Flag = iota
	FlagNo
	FlagYes
)

func flagOf(v sql.NullInt64) Flag {
	switch {
	case !v.Valid:
		return FlagUnknown
	case v.Int64 != 0:
		return FlagYes
	}
	return FlagNo
}

// ParticipationRow is one attendance of a pupil at an activity.
type ParticipationRow struct {
	Activity      string
	Date          string // YYYY-MM-DD
	Period        toc.Period
	Pupil         int64 // stands for the pupil's pseudonym
	School        string
	Disadvantaged Flag
}

// OutcomeRow is the current outcome score of a pupil on a measure.
type OutcomeRow struct {
	Activity      string
	Measure       string
	Group         string // intervention or comparison
	Pupil         int64
	Pre           *float64
	Post          float64
	School        string
	Disadvantaged Flag
	Period        *toc.Period // nil when the row has no date
}

// KPIValue is a current (not superseded) logged value of a KPI.
type KPIValue struct {
	ID     int64 // later values have larger ids
	KPI    string
	Period toc.Period
	School string // empty for a partnership-wide value
	Value  float64
}

// inList returns "(?,?,...)" for n parameters and the values as arguments.
func inList(values []string) (string, []any) {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(values)), ",") + ")", args
}

// EachParticipation calls fn for every participation row of the activities,
// in storage order, holding one row in memory at a time.
func (s *Store) EachParticipation(ctx context.Context, activities []string, fn func(*ParticipationRow) error) error {
	if len(activities) == 0 {
		return nil
	}
	in, args := inList(activities)
	rows, err := s.read.QueryContext(ctx,
		`SELECT activity, date, period, pupil, school, disadvantaged FROM participation WHERE activity IN `+in, args...)
	if err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	defer rows.Close()
	var r ParticipationRow
	var dis sql.NullInt64
	var period int64
	for rows.Next() {
		if err := rows.Scan(&r.Activity, &r.Date, &period, &r.Pupil, &r.School, &dis); err != nil {
			return fmt.Errorf("read participation: %w", err)
		}
		r.Period = toc.Period(period)
		r.Disadvantaged = flagOf(dis)
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read participation: %w", err)
	}
	return nil
}

// Outcomes returns the current outcome rows of the activities, ordered by
// activity, measure, group and row.
func (s *Store) Outcomes(ctx context.Context, activities []string) ([]OutcomeRow, error) {
	if len(activities) == 0 {
		return nil, nil
	}
	in, args := inList(activities)
	rows, err := s.read.QueryContext(ctx,
		`SELECT activity, measure, grp, pupil, pre, post, school, disadvantaged, period
		   FROM outcomes WHERE current = 1 AND activity IN `+in+`
		  ORDER BY activity, measure, grp, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	defer rows.Close()
	var out []OutcomeRow
	for rows.Next() {
		var r OutcomeRow
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
func (s *Store) KPIValues(ctx context.Context, kpis []string) ([]KPIValue, error) {
	if len(kpis) == 0 {
		return nil, nil
	}
	in, args := inList(kpis)
	rows, err := s.read.QueryContext(ctx,
		`SELECT id, kpi, period, school, value FROM kpi_values
		  WHERE current = 1 AND kpi IN `+in+` ORDER BY kpi, period, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read kpi values: %w", err)
	}
	defer rows.Close()
	var out []KPIValue
	for rows.Next() {
		var v KPIValue
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
func (s *Store) LatestPeriod(ctx context.Context, activities, kpis []string) (p toc.Period, ok bool, err error) {
	var latest sql.NullInt64
	consider := func(query string, ids []string, extra string) error {
		if len(ids) == 0 {
			return nil
		}
		in, args := inList(ids)
		var v sql.NullInt64
		if err := s.read.QueryRowContext(ctx, query+in+extra, args...).Scan(&v); err != nil {
			return fmt.Errorf("latest period: %w", err)
		}
		if v.Valid && (!latest.Valid || v.Int64 > latest.Int64) {
			latest = v
		}
		return nil
	}
	if err := consider(`SELECT MAX(period) FROM participation WHERE activity IN `, activities, ""); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT MAX(period) FROM outcomes WHERE activity IN `, activities, " AND current = 1"); err != nil {
		return 0, false, err
	}
	if err := consider(`SELECT MAX(period) FROM kpi_values WHERE kpi IN `, kpis, " AND current = 1"); err != nil {
		return 0, false, err
	}
	return toc.Period(latest.Int64), latest.Valid, nil
}
