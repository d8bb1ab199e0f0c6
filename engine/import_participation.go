package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// participationRow is a checked participation row.
type participationRow struct {
	activity, date, school string
	period                 int32
	pupil                  int32 // pseudonym index
	disadvantaged          int8  // 1, 0, -1 unknown
}

type participationDecoder struct {
	im   *importer
	rows []participationRow
}

func (d *participationDecoder) decode(r *row) {
	activity, ok1 := r.id(colActivity, d.im.activities, true)
	y, m, day, ok2 := r.date(true)
	pupil, ok3 := r.participant(d.im.pseud)
	school, ok4 := r.id(colSchool, d.im.schools, false)
	flag, ok5 := r.flag()
	if ok1 && ok2 && ok3 && ok4 && ok5 {
		d.rows = append(d.rows, participationRow{
			activity: activity, date: d.im.isoDate(y, m, day), school: school,
			period: int32(periodOfDate(y, m)), pupil: pupil, disadvantaged: flag,
		})
	}
}

func (d *participationDecoder) take() batch {
	b := &participationBatch{rows: d.rows, fresh: d.im.pseud.takeFresh()}
	d.rows = make([]participationRow, 0, batchRows)
	return b
}

type participationBatch struct {
	rows  []participationRow
	fresh fresh
}

// participationPerInsert is the rows of one multi-row INSERT: 7 columns ×
// 128 rows = 896 parameters, well under SQLite's limit of 32,766.
const participationPerInsert = 128

func (b *participationBatch) insert(ctx context.Context, im *importer) error {
	if err := im.addPupils(ctx, b.fresh); err != nil {
		return err
	}
	rows := b.rows
	args := make([]any, 0, 7*participationPerInsert)
	for len(rows) > 0 {
		n := min(len(rows), participationPerInsert)
		stmt, err := im.stmts.prepare(ctx, im.tx, fmt.Sprintf("participation/%d", n), func() string {
			return "INSERT INTO participation (import_id, activity, date, period, pupil, school, disadvantaged) VALUES " +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?),", n), ",")
		})
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, im.importID, r.activity, r.date, int64(r.period), im.pupilIDs[r.pupil], r.school, flagArg(r.disadvantaged))
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert participation: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// flagArg is the disadvantaged column's value: NULL when unknown.
func flagArg(f int8) any {
	if f < 0 {
		return nil
	}
	return int64(f)
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
