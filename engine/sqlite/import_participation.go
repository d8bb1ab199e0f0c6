package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// participationRow is a checked participation row. Its values are boxed
// as driver values by the reading goroutine, once per distinct value, so
// the writing goroutine (the import's critical path) neither allocates
// nor converts.
type participationRow struct {
	activity, date, school, period, disadvantaged driver.Value
	pupil                                         int32 // pseudonym index
}

type participationDecoder struct {
	im      *importer
	rows    []participationRow
	strs    map[string]driver.Value
	periods map[int32]driver.Value
}

// Boxed flags, by toc.Flag: NULL for unknown, 0 and 1.
var flagValues = [3]driver.Value{toc.FlagUnknown: nil, toc.FlagNo: int64(0), toc.FlagYes: int64(1)}

func (d *participationDecoder) decode(r *row) {
	activity, ok1 := r.id(intake.ColActivity, d.im.activities, true)
	y, m, day, ok2 := r.date(true)
	pupil, ok3 := r.participant(d.im.pseud)
	school, ok4 := r.id(intake.ColSchool, d.im.schools, false)
	flag, ok5 := r.flag()
	if ok1 && ok2 && ok3 && ok4 && ok5 {
		d.rows = append(d.rows, participationRow{
			activity: d.str(activity), date: d.str(d.im.isoDate(y, m, day)), school: d.str(school),
			period: d.period(int32(intake.PeriodOfDate(y, m))), pupil: pupil, disadvantaged: flagValues[flag],
		})
	}
}

func (d *participationDecoder) str(s string) driver.Value {
	v, ok := d.strs[s]
	if !ok {
		if d.strs == nil {
			d.strs = map[string]driver.Value{}
		}
		v = s
		d.strs[s] = v
	}
	return v
}

func (d *participationDecoder) period(p int32) driver.Value {
	v, ok := d.periods[p]
	if !ok {
		if d.periods == nil {
			d.periods = map[int32]driver.Value{}
		}
		v = int64(p)
		d.periods[p] = v
	}
	return v
}

func (d *participationDecoder) take() batch {
	b := &participationBatch{rows: d.rows, fresh: d.im.pseud.TakeFresh()}
	d.rows = make([]participationRow, 0, batchRows)
	return b
}

type participationBatch struct {
	rows  []participationRow
	fresh fresh
}

// participationPerInsert is the rows of one multi-row INSERT: 6 values ×
// 256 rows + the import id = 1,537 parameters, well under SQLite's limit
// of 32,766.
const participationPerInsert = 256

// insert writes the rows through the driver itself, within the import's
// transaction: database/sql's checks and conversions of each argument cost
// a fifth of the whole import (see docs/BENCHMARKS.md). The import id is
// bound once per statement, not once per row.
func (b *participationBatch) insert(ctx context.Context, im *importer) error {
	if err := im.addPupils(ctx, b.fresh); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := im.conn.Raw(func(dc any) error {
		rows := b.rows
		for len(rows) > 0 {
			n := min(len(rows), participationPerInsert)
			st, err := im.bulk.prepare(dc.(driver.Conn), n)
			if err != nil {
				return err
			}
			args := im.bulk.args(1 + 6*n)
			args[0].Value = im.importID
			for i, r := range rows[:n] {
				a := args[1+6*i : 7+6*i]
				a[0].Value = r.activity
				a[1].Value = r.date
				a[2].Value = r.period
				a[3].Value = im.pupilIDs[r.pupil]
				a[4].Value = r.school
				a[5].Value = r.disadvantaged
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

// bulkStmts are the multi-row participation INSERTs prepared on the
// driver's connection, by number of rows, with their argument slice.
type bulkStmts struct {
	stmts map[int]driver.Stmt
	buf   []driver.NamedValue
}

type execStmt interface {
	driver.Stmt
	driver.StmtExecContext
}

func (b *bulkStmts) prepare(c driver.Conn, n int) (execStmt, error) {
	if st, ok := b.stmts[n]; ok {
		return st.(execStmt), nil
	}
	if b.stmts == nil {
		b.stmts = map[int]driver.Stmt{}
	}
	st, err := c.Prepare("INSERT INTO participation (import_id, activity, date, period, pupil, school, disadvantaged) " +
		"SELECT ?1, column1, column2, column3, column4, column5, column6 FROM (VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?),", n), ",") + ")")
	if err != nil {
		return nil, err
	}
	es, ok := st.(execStmt)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("the SQLite driver cannot execute with a context")
	}
	b.stmts[n] = st
	return es, nil
}

// args returns n arguments numbered 1..n, reused from call to call.
func (b *bulkStmts) args(n int) []driver.NamedValue {
	for len(b.buf) < n {
		b.buf = append(b.buf, driver.NamedValue{Ordinal: len(b.buf) + 1})
	}
	return b.buf[:n]
}

func (b *bulkStmts) close(conn *sql.Conn) {
	if len(b.stmts) == 0 {
		return
	}
	conn.Raw(func(any) error {
		for _, st := range b.stmts {
			st.Close()
		}
		return nil
	})
	b.stmts = nil
}

// flagArg is the disadvantaged column's value: NULL when unknown.
func flagArg(f toc.Flag) any { return flagValues[f] }

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
