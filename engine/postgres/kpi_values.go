package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// LogKPI records one KPI value by hand, superseding the value in force of
// the same KPI, period and school, and audits it as who. It returns the
// value it superseded, or nil.
func (s *Store) LogKPI(ctx context.Context, p *toc.Partnership, v toc.KPIRecord, who string) (*toc.KPIRecord, error) {
	if err := engine.CheckKPIValue(p, v, s.today()); err != nil {
		return nil, err
	}
	if who == "" {
		who = engine.OSUser()
	}
	var old *toc.KPIRecord
	err := s.write(ctx, func(tx pgx.Tx) error {
		if err := s.checkUnlocked(ctx, tx, kpiDetail(v.KPI, v.Period, v.School), v.Period); err != nil {
			return err
		}
		var err error
		if old, err = s.kpiInForce(ctx, tx, v.KPI, v.Period, v.School); err != nil {
			return err
		}
		now := s.now()
		detail := kpiDetail(v.KPI, v.Period, v.School) + fmt.Sprintf(" = %v", v.Value)
		var review *int64
		if v.Pending {
			period := int64(v.Period)
			id, err := s.addReview(ctx, tx, "kpi value", who, now, detail, 1, &period)
			if err != nil {
				return err
			}
			review = &id
			detail += " (awaits review)"
		}
		if err := s.addKPIValue(ctx, tx, v, now, who, nil, review); err != nil {
			return err
		}
		return s.audit(ctx, tx, now, who, "log", detail, 1, "")
	})
	if err != nil {
		return nil, err
	}
	return old, nil
}

// WithdrawKPI takes back the value in force of a KPI's period and school:
// it stays in the history, marked withdrawn, and the value it had
// superseded, if any, is in force again (returned as restored).
func (s *Store) WithdrawKPI(ctx context.Context, p *toc.Partnership, kpi string, period toc.Period, school, who string) (withdrawn, restored *toc.KPIRecord, err error) {
	if err := engine.CheckKPIKey(p, kpi, school); err != nil {
		return nil, nil, err
	}
	if who == "" {
		who = engine.OSUser()
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if err := s.checkUnlocked(ctx, tx, "withdraw "+kpiDetail(kpi, period, school), period); err != nil {
			return err
		}
		var err error
		if withdrawn, err = s.kpiInForce(ctx, tx, kpi, period, school); err != nil {
			return err
		}
		if withdrawn == nil {
			return toc.Errorf(toc.EINVALID, "%s: no value in force to withdraw (see impact log --history %s)", kpiDetail(kpi, period, school), kpi)
		}
		now := s.now()
		if _, err := tx.Exec(ctx, "UPDATE kpi_values SET withdrawn_at = $3, withdrawn_by = $4 WHERE partnership = $1 AND id = $2", s.pid, withdrawn.ID, now, who); err != nil {
			return fmt.Errorf("withdraw kpi value: %w", err)
		}
		withdrawn.Status = toc.Withdrawn
		if restored, err = s.kpiInForce(ctx, tx, kpi, period, school); err != nil {
			return err
		}
		return s.audit(ctx, tx, now, who, "withdraw", kpiDetail(kpi, period, school)+fmt.Sprintf(" = %v", withdrawn.Value), 1, "")
	})
	if err != nil {
		return nil, nil, err
	}
	return withdrawn, restored, nil
}

// kpiDetail names a KPI value's key in the audit and in messages.
func kpiDetail(kpi string, period toc.Period, school string) string {
	if school == "" {
		school = "partnership-wide"
	}
	return fmt.Sprintf("%s %s %s", kpi, period, school)
}

// addKPIValue inserts v; as the latest of its key it is in force.
func (s *Store) addKPIValue(ctx context.Context, tx pgx.Tx, v toc.KPIRecord, now, who string, importID, reviewID *int64) error {
	if _, err := tx.Exec(ctx,
		`INSERT INTO kpi_values (partnership, id, kpi, period, school, value, note, logged_at, logged_by, import_id, review_id)
		 VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM kpi_values WHERE partnership = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		s.pid, v.KPI, int64(v.Period), v.School, v.Value, v.Note, now, who, importID, reviewID); err != nil {
		return fmt.Errorf("add kpi value: %w", err)
	}
	return nil
}

// kpiValueColumns reads a KPI value with its file and status; the query
// goes on with a condition on v.
var kpiValueColumns = `v.id, v.kpi, v.period, v.school, v.value, v.note, v.logged_at, v.logged_by, coalesce(i.file, ''),
	CASE WHEN v.withdrawn_at IS NOT NULL THEN 'withdrawn'
	     WHEN i.status IS NOT NULL AND i.status <> 'current' THEN i.status
	     WHEN r.status = 'returned' THEN 'returned'
	     WHEN v.id IN (` + director.kpisInForce(`kpi = v.kpi`) + `) THEN
	       CASE WHEN r.status = 'pending' THEN 'pending' ELSE 'current' END
	     ELSE 'superseded' END
	FROM kpi_values v LEFT JOIN imports i ON i.partnership = v.partnership AND i.id = v.import_id
	LEFT JOIN reviews r ON r.partnership = v.partnership AND r.id = coalesce(v.review_id, i.review_id)
	WHERE v.partnership = $1`

// kpiInForce is the value in force of a KPI's period and school, or nil.
func (s *Store) kpiInForce(ctx context.Context, tx pgx.Tx, kpi string, period toc.Period, school string) (*toc.KPIRecord, error) {
	row := tx.QueryRow(ctx, "SELECT "+kpiValueColumns+` AND v.id = (SELECT max(id) FROM kpi_values
		WHERE partnership = $1 AND `+director.kpi()+` AND kpi = $2 AND period = $3 AND school = $4)`, s.pid, kpi, int64(period), school)
	v, err := scanKPIValue(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("kpi value in force: %w", err)
	}
	return v, nil
}

// KPIHistory returns every value ever recorded for a KPI, superseded,
// withdrawn and reverted ones included, by period, then school, then the
// order they were recorded.
func (f *snapshot) KPIHistory(ctx context.Context, kpi string) ([]toc.KPIRecord, error) {
	rows, err := f.tx.Query(ctx, "SELECT "+kpiValueColumns+" AND v.kpi = $2 ORDER BY v.period, v.school, v.id", f.pid, kpi)
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

func scanKPIValue(row pgx.Row) (*toc.KPIRecord, error) {
	var v toc.KPIRecord
	var period int64
	var status string
	if err := row.Scan(&v.ID, &v.KPI, &period, &v.School, &v.Value, &v.Note, &v.LoggedAt, &v.LoggedBy, &v.File, &status); err != nil {
		return nil, err
	}
	v.Period, v.Status = toc.Period(period), toc.RecordStatus(status)
	return &v, nil
}
