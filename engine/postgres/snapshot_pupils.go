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
// the order imported, a chunk of rows at a time.
func (f *snapshot) EachPupilFact(ctx context.Context, fn func(*toc.PupilFact) error) error {
	query := `SELECT id, pupil, period, school, year_group, sex, sen, eal, looked_after, disadvantaged
		FROM pupil_facts WHERE partnership = $1 AND id BETWEEN $2 AND $3 AND ` + f.count.imports() + ` ORDER BY id`
	type fact struct {
		pf     toc.PupilFact
		period *int32
	}
	var buf []fact
	err := f.chunks(ctx, "pupil_facts", func(lo, hi int64) error {
		buf = buf[:0]
		rows, err := f.tx.Query(ctx, query, f.pid, lo, hi)
		if err != nil {
			return err
		}
		var year, sex, sen, eal, lac, dis int16
		for rows.Next() {
			var x fact
			if err := rows.Scan(&x.pf.Order, &x.pf.Pupil, &x.period, &x.pf.School, &year, &sex, &sen, &eal, &lac, &dis); err != nil {
				rows.Close()
				return err
			}
			x.pf.Year, x.pf.Sex, x.pf.SEN = toc.YearGroup(year), toc.Sex(sex), toc.SEN(sen)
			x.pf.EAL, x.pf.LookedAfter, x.pf.Disadvantaged = toc.Flag(eal), toc.Flag(lac), toc.Flag(dis)
			buf = append(buf, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var pf toc.PupilFact
		var p toc.Period
		for i := range buf {
			pf = buf[i].pf
			if buf[i].period != nil {
				p = toc.Period(*buf[i].period)
				pf.Period = &p
			}
			if err := fn(&pf); err != nil {
				return errStop{err}
			}
		}
		return nil
	})
	return chunkedErr("pupils' characteristics", err)
}
