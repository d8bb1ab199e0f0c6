package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/schoolstogether/impact/toc"
)

// Attendance returns what the register marks of each activity say, for
// the activities that have marks (DESIGN §11).
func (f *snapshot) Attendance(ctx context.Context, activities []string) (map[string]toc.Attendance, error) {
	out := map[string]toc.Attendance{}
	if len(activities) == 0 {
		return out, nil
	}
	in, args := inList(activities)
	rows, err := f.tx.QueryContext(ctx,
		`SELECT activity, SUM(attended = 1), SUM(attended = 0) FROM participation
		  WHERE `+f.count.imports()+` AND attended IS NOT NULL AND activity IN `+in+` GROUP BY activity`, args...)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a toc.Attendance
		if err := rows.Scan(&id, &a.Attended, &a.Absent); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		out[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	return out, nil
}

// EachPupilFact calls fn for every fact of a pupil whose import counts, in
// the order imported.
func (f *snapshot) EachPupilFact(ctx context.Context, fn func(*toc.PupilFact) error) error {
	rows, err := f.tx.QueryContext(ctx,
		`SELECT id, pupil, period, school, year_group, sex, sen, eal, looked_after, disadvantaged
		   FROM pupil_facts WHERE `+f.count.imports()+` ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read pupils' characteristics: %w", err)
	}
	defer rows.Close()
	var pf toc.PupilFact
	var period sql.NullInt64
	var p toc.Period
	for rows.Next() {
		if err := rows.Scan(&pf.Order, &pf.Pupil, &period, &pf.School, &pf.Year, &pf.Sex, &pf.SEN, &pf.EAL, &pf.LookedAfter, &pf.Disadvantaged); err != nil {
			return fmt.Errorf("read pupils' characteristics: %w", err)
		}
		pf.Period = nil
		if period.Valid {
			p = toc.Period(period.Int64)
			pf.Period = &p
		}
		if err := fn(&pf); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read pupils' characteristics: %w", err)
	}
	return nil
}
