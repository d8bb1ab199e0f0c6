package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// flagValue is a flag as SQL: NULL for unknown, 0 and 1.
func flagValue(f toc.Flag) any {
	if v, ok := flagInt(f); ok {
		return v
	}
	return nil
}

// flag adds a flag: NULL for unknown, 0 and 1.
func (ps *params) flag(f toc.Flag) {
	if v, ok := flagInt(f); ok {
		ps.int(v)
		return
	}
	ps.null()
}

// flagInt is a known flag's 0 or 1.
func flagInt(f toc.Flag) (int64, bool) {
	switch f {
	case toc.FlagNo:
		return 0, true
	case toc.FlagYes:
		return 1, true
	}
	return 0, false
}

// attended adds a register mark (intake.Participation.Attended): NULL
// for none, 0 absent, 1 attended.
func (ps *params) attended(a int8) {
	if a < 0 {
		ps.null()
		return
	}
	ps.int(int64(a))
}

// texts are the text values of a file's rows by their index in the
// batches: activities, schools (0 for none) and dates.
type texts struct {
	activities, schools, dates []string
}

func newTexts(p *toc.Partnership) *texts {
	t := &texts{schools: []string{""}}
	for _, a := range p.Activities {
		t.activities = append(t.activities, a.ID)
	}
	for _, s := range p.Schools {
		t.schools = append(t.schools, s.ID)
	}
	return t
}

func (t *texts) school(i int32) string { return t.schools[i+1] }

// participationPerInsert is the rows of one multi-row INSERT: 7 values ×
// 256 rows + the import id = 1,793 parameters, well under SQLite's limit
// of 32,766.
const participationPerInsert = 256

// participationBulk is the multi-row INSERT of participation rows.
func participationBulk() bulkStmts {
	return bulkStmts{table: "participation", columns: []string{"activity", "date", "period", "pupil", "school", "disadvantaged", "attended"}}
}

// insertParticipation writes the rows through the driver itself, within
// the import's transaction, binding each statement's values in one call
// (bind.go): database/sql's checks and conversions of each argument, and
// then the driver's call into C for each value, each cost a fifth of the
// whole import (see docs/BENCHMARKS.md). The import id is bound once per
// statement, not once per row.
func (im *importer) insertParticipation(rows []intake.Participation) error {
	if len(rows) == 0 {
		return nil
	}
	t := im.texts
	err := im.raw(func(dc driver.Conn) error {
		for len(rows) > 0 {
			n := chunk(len(rows), participationPerInsert)
			st, ps, err := im.participation.prepare(dc, n)
			if err != nil {
				return err
			}
			ps.int(im.importID)
			for _, r := range rows[:n] {
				ps.text(t.activities[r.Activity])
				ps.text(t.dates[r.Date])
				ps.int(int64(r.Period))
				ps.int(im.pupilIDs[r.Pupil])
				ps.text(t.school(r.School))
				ps.flag(r.Flag)
				ps.attended(r.Attended)
			}
			if err := exec(st, ps); err != nil {
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
