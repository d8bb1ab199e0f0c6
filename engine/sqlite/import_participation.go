package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// Boxed flags, by toc.Flag: NULL for unknown, 0 and 1.
var flagValues = [3]driver.Value{toc.FlagUnknown: nil, toc.FlagNo: int64(0), toc.FlagYes: int64(1)}

// Boxed register marks, by intake.Participation.Attended + 1: NULL, 0, 1.
var attendedValues = [3]driver.Value{nil, int64(0), int64(1)}

// boxes are the values of a file's rows boxed for the driver once each —
// activities, schools, periods and dates — so that the writer, the
// import's critical path, neither allocates nor converts per row.
type boxes struct {
	activities, schools []driver.Value
	dates               []driver.Value
	periods             map[toc.Period]driver.Value
}

func newBoxes(p *toc.Partnership) *boxes {
	b := &boxes{periods: map[toc.Period]driver.Value{}}
	for _, a := range p.Activities {
		b.activities = append(b.activities, a.ID)
	}
	b.schools = append(b.schools, "")
	for _, s := range p.Schools {
		b.schools = append(b.schools, s.ID)
	}
	return b
}

func (b *boxes) school(i int32) driver.Value { return b.schools[i+1] }

func (b *boxes) period(p toc.Period) driver.Value {
	v, ok := b.periods[p]
	if !ok {
		v = int64(p)
		b.periods[p] = v
	}
	return v
}

// participationPerInsert is the rows of one multi-row INSERT: 7 values ×
// 256 rows + the import id = 1,793 parameters, well under SQLite's limit
// of 32,766.
const participationPerInsert = 256

// participationBulk is the multi-row INSERT of participation rows.
func participationBulk() bulkStmts {
	return bulkStmts{table: "participation", columns: []string{"activity", "date", "period", "pupil", "school", "disadvantaged", "attended"}}
}

// insert writes the rows through the driver itself, within the import's
// transaction: database/sql's checks and conversions of each argument cost
// a fifth of the whole import (see docs/BENCHMARKS.md). The import id is
// bound once per statement, not once per row.
func (im *importer) insertParticipation(rows []intake.Participation) error {
	if len(rows) == 0 {
		return nil
	}
	bx := im.boxes
	err := im.raw(func(dc driver.Conn) error {
		for len(rows) > 0 {
			n := chunk(len(rows), participationPerInsert)
			st, err := im.participation.prepare(dc, n)
			if err != nil {
				return err
			}
			args := im.participation.args(1 + 7*n)
			args[0].Value = im.importID
			for i, r := range rows[:n] {
				a := args[1+7*i : 8+7*i]
				a[0].Value = bx.activities[r.Activity]
				a[1].Value = bx.dates[r.Date]
				a[2].Value = bx.period(r.Period)
				a[3].Value = im.pupilIDs[r.Pupil]
				a[4].Value = bx.school(r.School)
				a[5].Value = flagValues[r.Flag]
				a[6].Value = attendedValues[r.Attended+1]
			}
			// A context without Done: mattn runs the statement in this
			// goroutine instead of starting one per statement to watch it.
			if _, err := st.ExecContext(context.Background(), args); err != nil {
				return err
			}
			rows = rows[n:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert participation: %w", err)
	}
	return nil
}

// statements are the import's prepared statements, each prepared once.
type statements map[string]*sql.Stmt

func (s *statements) prepare(ctx context.Context, tx *sql.Tx, key string, query func() string) (*sql.Stmt, error) {
	if st, ok := (*s)[key]; ok {
		return st, nil
	}
	if *s == nil {
		*s = statements{}
	}
	st, err := tx.PrepareContext(ctx, query())
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	(*s)[key] = st
	return st, nil
}

func (s statements) close() {
	for _, st := range s {
		st.Close()
	}
}
