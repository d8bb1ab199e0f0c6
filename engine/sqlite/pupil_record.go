package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// Pupil returns every row held about one pupil, reverted imports' rows
// included, and records in the audit that a subject access request was
// answered — how many rows, never whose.
func (s *Store) Pupil(ctx context.Context, id engine.Identifier, who string) (engine.PupilRecord, error) {
	if s.key == nil {
		return engine.PupilRecord{}, s.keyErr
	}
	var rec engine.PupilRecord
	err := s.Write(ctx, func(tx *sql.Tx) error {
		p := s.key.Pseudonym(id.ID)
		var pupil int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM pupils WHERE pseudonym = ?", p[:]).Scan(&pupil)
		if errors.Is(err, sql.ErrNoRows) {
			msg, err := s.notHeld(ctx, tx, p)
			if err != nil {
				return err
			}
			return &toc.Error{Code: toc.ENOTFOUND, File: id.File, Line: id.Line, Col: id.Col, Message: msg(id.ID)}
		}
		if err != nil {
			return fmt.Errorf("find the pupil: %w", err)
		}
		if rec, err = pupilRows(ctx, tx, pupil); err != nil {
			return err
		}
		return audit(ctx, tx, s.now(), who, "pupil", fmt.Sprintf("subject access: %d rows of one pupil", rec.Rows()), int64(rec.Rows()), "")
	})
	return rec, err
}

// pupilRows reads every row of one pupil and the imports they came from.
func pupilRows(ctx context.Context, tx *sql.Tx, pupil int64) (engine.PupilRecord, error) {
	var rec engine.PupilRecord
	imports := map[int64]bool{}
	err := each(ctx, tx, `SELECT activity, date, period, school, disadvantaged, attended, import_id
		FROM participation WHERE pupil = ? ORDER BY date, activity, id`, pupil, func(rows *sql.Rows) error {
		var r engine.PupilParticipation
		var dis, att sql.NullInt64
		if err := rows.Scan(&r.Activity, &r.Date, &r.Period, &r.School, &dis, &att, &r.Import); err != nil {
			return err
		}
		r.Disadvantaged, r.Attended = flagWord(dis), attendedOf(att)
		imports[r.Import] = true
		rec.Participation = append(rec.Participation, r)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("read the pupil's participation: %w", err)
	}
	err = each(ctx, tx, `SELECT activity, measure, grp, pre, post, school, disadvantaged, coalesce(date, ''), import_id
		FROM outcomes WHERE pupil = ? ORDER BY activity, measure, grp, id`, pupil, func(rows *sql.Rows) error {
		var r engine.PupilOutcome
		var pre sql.NullFloat64
		var dis sql.NullInt64
		if err := rows.Scan(&r.Activity, &r.Measure, &r.Group, &pre, &r.Post, &r.School, &dis, &r.Date, &r.Import); err != nil {
			return err
		}
		if pre.Valid {
			r.Pre = &pre.Float64
		}
		r.Disadvantaged = flagWord(dis)
		imports[r.Import] = true
		rec.Outcomes = append(rec.Outcomes, r)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("read the pupil's outcomes: %w", err)
	}
	err = each(ctx, tx, `SELECT period, school, year_group, sex, sen, eal, looked_after, disadvantaged, import_id
		FROM pupil_facts WHERE pupil = ? ORDER BY id`, pupil, func(rows *sql.Rows) error {
		var r engine.PupilCharacteristics
		var period sql.NullInt64
		var year, sex, sen, eal, lac, dis int
		if err := rows.Scan(&period, &r.School, &year, &sex, &sen, &eal, &lac, &dis, &r.Import); err != nil {
			return err
		}
		if period.Valid {
			p := toc.Period(period.Int64)
			r.Period = &p
		}
		r.YearGroup, r.Sex, r.SEN = toc.YearGroup(year).String(), toc.Sex(sex).String(), toc.SEN(sen).String()
		r.EAL, r.LookedAfter, r.Disadvantaged = toc.Flag(eal).String(), toc.Flag(lac).String(), toc.Flag(dis).String()
		imports[r.Import] = true
		rec.Characteristics = append(rec.Characteristics, r)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("read the pupil's characteristics: %w", err)
	}
	err = each(ctx, tx, "SELECT "+importColumns+" ORDER BY i.id", nil, func(rows *sql.Rows) error {
		r, err := scanImport(rows)
		if err == nil && imports[r.ID] {
			rec.Imports = append(rec.Imports, r)
		}
		return err
	})
	if err != nil {
		return rec, fmt.Errorf("read the pupil's imports: %w", err)
	}
	return rec, nil
}

// each runs a query (with one argument, or none when arg is nil) and
// calls fn for each row.
func each(ctx context.Context, tx *sql.Tx, query string, arg any, fn func(*sql.Rows) error) error {
	var args []any
	if arg != nil {
		args = append(args, arg)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// flagWord writes a stored 1, 0 or NULL as yes, no or unknown.
func flagWord(v sql.NullInt64) string {
	switch {
	case !v.Valid:
		return "unknown"
	case v.Int64 == 1:
		return "yes"
	}
	return "no"
}

// attendedOf writes a register mark as present or absent; "" for none.
func attendedOf(v sql.NullInt64) string {
	switch {
	case !v.Valid:
		return ""
	case v.Int64 == 1:
		return "present"
	}
	return "absent"
}
