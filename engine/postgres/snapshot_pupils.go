package postgres

import (
	"context"
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
	rows, err := f.tx.Query(ctx,
		`SELECT activity, count(*) FILTER (WHERE attended = 1), count(*) FILTER (WHERE attended = 0) FROM participation
		  WHERE partnership = $1 AND `+f.count.imports()+` AND attended IS NOT NULL AND activity = ANY($2) GROUP BY activity`, f.pid, activities)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var attended, absent int64
		if err := rows.Scan(&id, &attended, &absent); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		out[id] = toc.Attendance{Attended: int(attended), Absent: int(absent)}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	return out, nil
}

// EachPupilFact calls fn for every fact of a pupil whose import counts, in
// the order imported.
func (f *snapshot) EachPupilFact(ctx context.Context, fn func(*toc.PupilFact) error) error {
	rows, err := f.tx.Query(ctx,
		`SELECT id, pupil, period, school, year_group, sex, sen, eal, looked_after, disadvantaged
		   FROM pupil_facts WHERE partnership = $1 AND `+f.count.imports()+` ORDER BY id`, f.pid)
	if err != nil {
		return fmt.Errorf("read pupils' characteristics: %w", err)
	}
	defer rows.Close()
	var pf toc.PupilFact
	var period *int32
	var year, sex, sen, eal, lac, dis int16
	var p toc.Period
	for rows.Next() {
		if err := rows.Scan(&pf.Order, &pf.Pupil, &period, &pf.School, &year, &sex, &sen, &eal, &lac, &dis); err != nil {
			return fmt.Errorf("read pupils' characteristics: %w", err)
		}
		pf.Period = nil
		if period != nil {
			p = toc.Period(*period)
			pf.Period = &p
		}
		pf.Year, pf.Sex, pf.SEN = toc.YearGroup(year), toc.Sex(sex), toc.SEN(sen)
		pf.EAL, pf.LookedAfter, pf.Disadvantaged = toc.Flag(eal), toc.Flag(lac), toc.Flag(dis)
		if err := fn(&pf); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read pupils' characteristics: %w", err)
	}
	return nil
}
