package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime/debug"
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
//
// Into a store without pupils, nothing needs looking up (the pseudonyms of
// one import are distinct), so the pseudonyms' index is dropped and built
// once at the end (finishPupils): a census of a million pupils is one sort,
// not a million inserts at random places.
func (im *importer) addPupils(ctx context.Context, fresh fresh) error {
	if len(fresh) == 0 {
		return nil
	}
	if err := im.skip.load(ctx, im.tx, im.s.key); err != nil {
		return err
	}
	if !im.pupilsLoaded {
		var maxID, n int64
		if err := im.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM pupils").Scan(&maxID, &n); err != nil {
			return fmt.Errorf("add pupils: %w", err)
		}
		im.nextPupil, im.pupilsBefore, im.pupilsLoaded = maxID+1, n, true
		if n == 0 {
			if _, err := im.tx.ExecContext(ctx, "DROP INDEX pupils_pseudonym"); err != nil {
				return fmt.Errorf("add pupils: %w", err)
			}
			im.indexDropped = true
		}
	}
	var add []newPupil
	for len(fresh) > 0 {
		chunk := fresh[:min(len(fresh), pupilsPerStatement)]
		fresh = fresh[len(chunk):]
		known, err := im.knownPupils(ctx, chunk)
		if err != nil {
			return err
		}
		for i := range chunk {
			id, ok := known[chunk[i]]
			if !ok && im.skip.forgotten(chunk[i]) {
				im.pupilIDs = append(im.pupilIDs, 0) // no pupil: their rows are skipped
				continue
			}
			if !ok {
				id = im.nextPupil
				im.nextPupil++
				add = append(add, newPupil{id, &chunk[i]})
			}
			im.pupilIDs = append(im.pupilIDs, id)
		}
	}
	return im.insertPupils(add)
}

// knownPupils finds which of some pseudonyms the store had before.
func (im *importer) knownPupils(ctx context.Context, chunk fresh) (map[[pseudonym.Size]byte]int64, error) {
	known := map[[pseudonym.Size]byte]int64{}
	if im.pupilsBefore == 0 {
		return known, nil
	}
	args := make([]any, len(chunk))
	for i := range chunk {
		args[i] = chunk[i][:]
	}
	rows, err := im.tx.QueryContext(ctx, "SELECT pseudonym, id FROM pupils WHERE pseudonym IN ("+placeholders(len(chunk))+")", args...)
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
		known[[pseudonym.Size]byte(p)] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("add pupils: %w", err)
	}
	return known, nil
}

// insertPupils writes new pupils through the driver, as
// insertParticipation does.
func (im *importer) insertPupils(add []newPupil) error {
	if len(add) == 0 {
		return nil
	}
	err := im.raw(func(dc driver.Conn) error {
		for len(add) > 0 {
			n := chunk(len(add), pupilsPerStatement)
			st, ps, err := im.pupils.prepare(dc, n)
			if err != nil {
				return err
			}
			for i := range add[:n] {
				ps.int(add[i].id)
				ps.blob(add[i].pseudonym[:])
			}
			if err := exec(st, ps); err != nil {
				return err
			}
			add = add[n:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add pupils: %w", err)
	}
	return nil
}

// newPupil is a pupils row to add.
type newPupil struct {
	id        int64
	pseudonym *[pseudonym.Size]byte
}

// finishPupils builds the pseudonyms' index again if addPupils dropped it,
// sorting on two threads (the reading goroutine is done by then).
func (im *importer) finishPupils(ctx context.Context) error {
	if !im.indexDropped {
		return nil
	}
	// The participants' numbers are done with: their memory goes back
	// before SQLite's sorter takes its own.
	im.pseud, im.pupilIDs = nil, nil
	debug.FreeOSMemory()
	// SQLite's sorter makes runs the size of the page cache: a small one
	// gives enough runs to sort on both threads (a million pupils: 0.9 s
	// against 1.3 s with the writer's whole cache, in one run).
	for _, q := range []string{"PRAGMA threads = 2", "PRAGMA cache_size = -4096", "CREATE UNIQUE INDEX pupils_pseudonym ON pupils (pseudonym)",
		fmt.Sprintf("PRAGMA cache_size = %d", -writerCacheKiB), "PRAGMA threads = 0"} {
		if _, err := im.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index the pupils: %w", err)
		}
	}
	im.indexDropped = false
	return nil
}

// pupilsBulk is the multi-row INSERT of pupils.
func pupilsBulk() bulkStmts {
	return bulkStmts{table: "pupils", columns: []string{"id", "pseudonym"}, noImport: true}
}

// placeholders returns "?, ?, …" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// fresh is the pseudonyms a batch numbers for the first time: the writer
// turns them into pupils rows before it writes the batch's rows.
type fresh = [][pseudonym.Size]byte
