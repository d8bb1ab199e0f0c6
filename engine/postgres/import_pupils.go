package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine/pseudonym"
)

// pupilsPerLookup is how many pseudonyms one lookup names.
const pupilsPerLookup = 4096

// fresh is the pseudonyms a batch numbers for the first time: the writer
// turns them into pupils rows before it writes the batch's rows.
type fresh = [][pseudonym.Size]byte

// addPupils gives each fresh pseudonym its pupils.id, adding the pupils
// the partnership has not met before (through COPY, with ids the import
// hands out itself: it holds the partnership's write lock), and appends
// the ids to im.pupilIDs in pseudonym-index order. Into a partnership
// without pupils nothing needs looking up: the pseudonyms of one import
// are distinct.
func (im *importer) addPupils(ctx context.Context, fresh fresh) error {
	if len(fresh) == 0 {
		return nil
	}
	if err := im.skip.load(ctx, im.tx, im.s.pid, im.s.key); err != nil {
		return err
	}
	if !im.pupilsLoaded {
		if err := im.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pupils WHERE partnership = $1)", im.s.pid).Scan(&im.pupilsBefore); err != nil {
			return fmt.Errorf("add pupils: %w", err)
		}
		im.pupilsLoaded = true
	}
	var add [][]byte
	var addAt []int // the places in pupilIDs of the new pupils
	for len(fresh) > 0 {
		chunk := fresh[:min(len(fresh), pupilsPerLookup)]
		fresh = fresh[len(chunk):]
		known, err := im.knownPupils(ctx, chunk)
		if err != nil {
			return err
		}
		for i := range chunk {
			id, ok := known[chunk[i]]
			switch {
			case ok:
			case im.skip.forgotten(chunk[i]):
				id = 0 // no pupil: their rows are skipped
			default:
				add = append(add, chunk[i][:])
				addAt = append(addAt, len(im.pupilIDs))
			}
			im.pupilIDs = append(im.pupilIDs, id)
		}
	}
	if len(add) == 0 {
		return nil
	}
	first, err := im.ids(ctx, "pupils", len(add))
	if err != nil {
		return err
	}
	for i, at := range addAt {
		im.pupilIDs[at] = first + int64(i)
	}
	vals := make([]any, 3)
	_, err = im.tx.CopyFrom(ctx, pgx.Identifier{"pupils"}, []string{"partnership", "id", "pseudonym"}, pgx.CopyFromSlice(len(add), func(i int) ([]any, error) {
		vals[0], vals[1], vals[2] = im.s.pid, first+int64(i), add[i]
		return vals, nil
	}))
	if err != nil {
		return fmt.Errorf("add pupils: %w", err)
	}
	return nil
}

// knownPupils finds which of some pseudonyms the partnership had before.
func (im *importer) knownPupils(ctx context.Context, chunk fresh) (map[[pseudonym.Size]byte]int64, error) {
	known := map[[pseudonym.Size]byte]int64{}
	if !im.pupilsBefore {
		return known, nil
	}
	args := make([][]byte, len(chunk))
	for i := range chunk {
		args[i] = chunk[i][:]
	}
	rows, err := im.tx.Query(ctx, "SELECT pseudonym, id FROM pupils WHERE partnership = $1 AND pseudonym = ANY($2)", im.s.pid, args)
	if err != nil {
		return nil, fmt.Errorf("add pupils: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p []byte
		var id int64
		if err := rows.Scan(&p, &id); err != nil {
			return nil, fmt.Errorf("add pupils: %w", err)
		}
		if len(p) == pseudonym.Size {
			known[[pseudonym.Size]byte(p)] = id
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("add pupils: %w", err)
	}
	return known, nil
}
