package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// addPupils gives each fresh pseudonym its pupils.id, adding the pupils
// the database has not met before, and appends the ids to im.pupilIDs in
// pseudonym-index order.
func (im *importer) addPupils(ctx context.Context, fresh fresh) error {
	if len(fresh) == 0 {
		return nil
	}
	find, err := im.stmts.prepare(ctx, im.tx, "pupils/find", func() string {
		return "SELECT id FROM pupils WHERE pseudonym = ?"
	})
	if err != nil {
		return err
	}
	add, err := im.stmts.prepare(ctx, im.tx, "pupils/add", func() string {
		return "INSERT INTO pupils (pseudonym) VALUES (?)"
	})
	if err != nil {
		return err
	}
	for i := range fresh {
		p := fresh[i][:]
		var id int64
		err := find.QueryRowContext(ctx, p).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			var res sql.Result
			if res, err = add.ExecContext(ctx, p); err == nil {
				id, err = res.LastInsertId()
			}
		}
		if err != nil {
			return fmt.Errorf("add pupils: %w", err)
		}
		im.pupilIDs = append(im.pupilIDs, id)
		im.pupilValues = append(im.pupilValues, id)
	}
	return nil
}
