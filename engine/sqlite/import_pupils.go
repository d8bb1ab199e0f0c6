package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/engine/pseudonym"
)

// pupilsPerStatement is how many pseudonyms one lookup or insert names.
const pupilsPerStatement = 256

// addPupils gives each fresh pseudonym its pupils.id, adding the pupils
// the database has not met before, and appends the ids to im.pupilIDs in
// pseudonym-index order. It works in chunks: one SELECT … IN (…) finds the
// pupils already known, one multi-row INSERT adds the others with ids the
// import hands out itself (it holds the only write lock).
func (im *importer) addPupils(ctx context.Context, fresh fresh) error {
	if len(fresh) == 0 {
		return nil
	}
	if !im.pupilsLoaded {
		// Ids continue from the largest; a store without pupils needs no
		// lookups at all, since the pseudonyms of one import are distinct.
		var maxID, n int64
		if err := im.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM pupils").Scan(&maxID, &n); err != nil {
			return fmt.Errorf("add pupils: %w", err)
		}
		im.nextPupil, im.pupilsBefore, im.pupilsLoaded = maxID+1, n, true
	}
	for len(fresh) > 0 {
		chunk := fresh[:min(len(fresh), pupilsPerStatement)]
		fresh = fresh[len(chunk):]
		known := map[[32]byte]int64{}
		if im.pupilsBefore > 0 {
			args := make([]any, len(chunk))
			for i := range chunk {
				args[i] = chunk[i][:]
			}
			rows, err := im.tx.QueryContext(ctx, "SELECT pseudonym, id FROM pupils WHERE pseudonym IN ("+placeholders(len(chunk))+")", args...)
			if err != nil {
				return fmt.Errorf("add pupils: %w", err)
			}
			for rows.Next() {
				var p []byte
				var id int64
				if err := rows.Scan(&p, &id); err != nil {
					rows.Close()
					return fmt.Errorf("add pupils: %w", err)
				}
				known[[32]byte(p)] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("add pupils: %w", err)
			}
		}
		var args []any
		for i := range chunk {
			id, ok := known[chunk[i]]
			if !ok {
				id = im.nextPupil
				im.nextPupil++
				args = append(args, id, chunk[i][:])
			}
			im.pupilIDs = append(im.pupilIDs, id)
		}
		if len(args) == 0 {
			continue
		}
		q := "INSERT INTO pupils (id, pseudonym) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?),", len(args)/2), ",")
		if _, err := im.tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("add pupils: %w", err)
		}
	}
	return nil
}

// placeholders returns "?, ?, …" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// fresh is the pseudonyms a batch numbers for the first time: the writer
// turns them into pupils rows before it writes the batch's rows.
type fresh = [][pseudonym.Size]byte
