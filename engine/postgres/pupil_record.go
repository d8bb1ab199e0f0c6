package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	err := s.write(ctx, func(tx pgx.Tx) error {
		p := s.key.Pseudonym(id.ID)
		var pupil int64
		err := tx.QueryRow(ctx, "SELECT id FROM pupils WHERE partnership = $1 AND pseudonym = $2", s.pid, p[:]).Scan(&pupil)
		if errors.Is(err, pgx.ErrNoRows) {
			msg, err := s.notHeld(ctx, tx, p)
			if err != nil {
				return err
			}
			return &toc.Error{Code: toc.ENOTFOUND, File: id.File, Line: id.Line, Col: id.Col, Message: msg(id.ID)}
		}
		if err != nil {
			return fmt.Errorf("find the pupil: %w", err)
		}
		if rec, err = s.pupilRows(ctx, tx, pupil); err != nil {
			return err
		}
		return s.audit(ctx, tx, s.now(), who, "pupil", fmt.Sprintf("subject access: %d rows of one pupil", rec.Rows()), int64(rec.Rows()), "")
	})
	return rec, err
}

// pupilRows reads every row of one pupil and the imports they came from.
func (s *Store) pupilRows(ctx context.Context, tx pgx.Tx, pupil int64) (engine.PupilRecord, error) {
	var rec engine.PupilRecord
	imports := map[int64]bool{}
	err := each(ctx, tx, `SELECT activity, date, period, school, disadvantaged, attended, import_id
		FROM participation WHERE partnership = $1 AND pupil = $2 ORDER BY date, activity, id`, s.pid, pupil, func(rows pgx.Rows) error {
		var r engine.PupilParticipation
		var dis, att *int16
		var period int32
		if err := rows.Scan(&r.Activity, &r.Date, &period, &r.School, &dis, &att, &r.Import); err != nil {
			return err
		}
		r.Period, r.Disadvantaged, r.Attended = toc.Period(period), flagWord(dis), attendedOf(att)
		imports[r.Import] = true
		rec.Participation = append(rec.Participation, r)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("read the pupil's participation: %w", err)
	}
	err = each(ctx, tx, `SELECT activity, measure, grp, pre, post, school, disadvantaged, coalesce(date, ''), import_id
		FROM outcomes WHERE partnership = $1 AND pupil = $2 ORDER BY activity, measure, grp, id`, s.pid, pupil, func(rows pgx.Rows) error {
		var r engine.PupilOutcome
		var dis *int16
		if err := rows.Scan(&r.Activity, &r.Measure, &r.Group, &r.Pre, &r.Post, &r.School, &dis, &r.Date, &r.Import); err != nil {
			return err
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
		FROM pupil_facts WHERE partnership = $1 AND pupil = $2 ORDER BY id`, s.pid, pupil, func(rows pgx.Rows) error {
		var r engine.PupilCharacteristics
		var period *int32
		var year, sex, sen, eal, lac, dis int16
		if err := rows.Scan(&period, &r.School, &year, &sex, &sen, &eal, &lac, &dis, &r.Import); err != nil {
			return err
		}
		if period != nil {
			p := toc.Period(*period)
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
	all, err := s.queryImports(ctx, tx)
	if err != nil {
		return rec, fmt.Errorf("read the pupil's imports: %w", err)
	}
	for _, r := range all {
		if imports[r.ID] {
			rec.Imports = append(rec.Imports, r)
		}
	}
	return rec, nil
}

// each runs a query of the partnership and one argument and calls fn for
// each row.
func each(ctx context.Context, tx pgx.Tx, query string, pid int32, arg any, fn func(pgx.Rows) error) error {
	rows, err := tx.Query(ctx, query, pid, arg)
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
func flagWord(v *int16) string {
	switch {
	case v == nil:
		return "unknown"
	case *v == 1:
		return "yes"
	}
	return "no"
}

// attendedOf writes a register mark as present or absent; "" for none.
func attendedOf(v *int16) string {
	switch {
	case v == nil:
		return ""
	case *v == 1:
		return "present"
	}
	return "absent"
}
