package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// LogKPI records one KPI value by hand, superseding the current value of
// the same KPI, period and school, and audits it as who. It returns the
// value it superseded, or nil.
func (s *Store) LogKPI(ctx context.Context, p *toc.Partnership, v toc.KPIRecord, who string) (*toc.KPIRecord, error) {
	if err := engine.CheckKPIValue(p, v); err != nil {
		return nil, err
	}
	if who == "" {
		who = engine.OSUser()
	}
	var old *toc.KPIRecord
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		old, err = currentKPIValue(ctx, tx, v.KPI, v.Period, v.School)
		if err != nil {
			return err
		}
		now := s.now()
		if err := addKPIValue(ctx, tx, v, now, who, sql.NullInt64{}); err != nil {
			return err
		}
		school := v.School
		if school == "" {
			school = "partnership-wide"
		}
		detail := fmt.Sprintf("%s %s %s = %v", v.KPI, v.Period, school, v.Value)
		return audit(ctx, tx, now, who, "log", detail, 1, "")
	})
	if err != nil {
		return nil, err
	}
	return old, nil
}

// addKPIValue supersedes the current value of the same KPI, period and
// school and inserts v as the current one.
func addKPIValue(ctx context.Context, tx *sql.Tx, v toc.KPIRecord, now, who string, importID sql.NullInt64) error {
	if _, err := tx.ExecContext(ctx,
		"UPDATE kpi_values SET current = 0 WHERE kpi = ? AND period = ? AND school = ? AND current = 1",
		v.KPI, int64(v.Period), v.School); err != nil {
		return fmt.Errorf("supersede kpi value: %w", err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO kpi_values (kpi, period, school, value, note, logged_at, logged_by, import_id)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		v.KPI, int64(v.Period), v.School, v.Value, v.Note, now, who, importID); err != nil {
		return fmt.Errorf("add kpi value: %w", err)
	}
	return nil
}

const kpiValueColumns = `v.id, v.kpi, v.period, v.school, v.value, v.note, v.logged_at, v.logged_by,
	COALESCE(i.file, ''), v.current FROM kpi_values v LEFT JOIN imports i ON i.id = v.import_id`

func currentKPIValue(ctx context.Context, tx *sql.Tx, kpi string, period toc.Period, school string) (*toc.KPIRecord, error) {
	row := tx.QueryRowContext(ctx, "SELECT "+kpiValueColumns+
		" WHERE v.kpi = ? AND v.period = ? AND v.school = ? AND v.current = 1", kpi, int64(period), school)
	v, err := scanKPIValue(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("current kpi value: %w", err)
	}
	return v, nil
}

// KPIHistory returns every value ever recorded for a KPI, superseded ones
// included, by period, then school, then the order they were recorded.
func (f *snapshot) KPIHistory(ctx context.Context, kpi string) ([]toc.KPIRecord, error) {
	rows, err := f.tx.QueryContext(ctx, "SELECT "+kpiValueColumns+
		" WHERE v.kpi = ? ORDER BY v.period, v.school, v.id", kpi)
	if err != nil {
		return nil, fmt.Errorf("kpi history: %w", err)
	}
	defer rows.Close()
	var out []toc.KPIRecord
	for rows.Next() {
		v, err := scanKPIValue(rows)
		if err != nil {
			return nil, fmt.Errorf("kpi history: %w", err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kpi history: %w", err)
	}
	return out, nil
}

func scanKPIValue(row interface{ Scan(...any) error }) (*toc.KPIRecord, error) {
	var v toc.KPIRecord
	var period int64
	if err := row.Scan(&v.ID, &v.KPI, &period, &v.School, &v.Value, &v.Note, &v.LoggedAt, &v.LoggedBy, &v.File, &v.Current); err != nil {
		return nil, err
	}
	v.Period = toc.Period(period)
	return &v, nil
}
