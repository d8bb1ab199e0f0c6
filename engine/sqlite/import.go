package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Import reads CSVs of the three kinds of DESIGN §6 against the theory of
// change p and writes them in one transaction: every file or none. Bad rows
// come back as a toc.List of *toc.Error placed at FILE:ROW:COLUMN (at most
// engine.MaxImportProblems); a file imported before is refused with toc.ECONFLICT
// unless opts.Again. Either way nothing is written.
func (s *Store) Import(ctx context.Context, p *toc.Partnership, files []engine.ImportFile, opts engine.ImportOptions) (engine.ImportResult, error) {
	if opts.Who == "" {
		opts.Who = engine.OSUser()
	}
	activity, date, err := engine.CheckFill(p, opts, s.today())
	if err != nil {
		return engine.ImportResult{}, err
	}
	var res engine.ImportResult
	err = s.importConn(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		im := &importer{
			s: s, conn: conn, tx: tx, opts: opts, now: s.now(), toc: p,
			look: intake.NewLookup(p), texts: newTexts(p), activity: activity, date: date,
			participation: participationBulk(), facts: factsBulk(), pupils: pupilsBulk(),
			scope: opts.IntakeScope(p),
		}
		locks, err := readLocks(ctx, tx)
		if err != nil {
			return err
		}
		for p, l := range locks {
			if im.locked == nil {
				im.locked = map[toc.Period]string{}
			}
			im.locked[p] = l.Refusal()
		}
		if s.key != nil { // else only KPI values can be imported: see keyErr
			im.pseud = s.key.NewIndex()
		}
		defer im.close()
		for i := 0; len(im.problems) < engine.MaxImportProblems; i++ {
			f, err := fileAt(files, i, opts.Next)
			if err != nil {
				return err
			}
			if f == nil {
				break
			}
			done, err := im.file(ctx, *f)
			if err != nil {
				return err
			}
			if done != nil {
				res.Files = append(res.Files, *done)
			}
		}
		if len(im.problems) > 0 {
			return im.problems
		}
		if opts.DryRun {
			return errDryRun // nothing is kept
		}
		res.ForgottenPupils, res.Pending = im.skip.pupils, opts.Pending
		return im.finishPupils(ctx)
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return engine.ImportResult{}, err
	}
	return res, nil
}

// fileAt is the i-th file of an import: of files, then of next; nil after
// the last.
func fileAt(files []engine.ImportFile, i int, next func() (*engine.ImportFile, error)) (*engine.ImportFile, error) {
	if i < len(files) {
		return &files[i], nil
	}
	if next == nil {
		return nil, nil
	}
	return next()
}

// importer is one Import: its transaction, the ToC's ids, and what the
// files so far have found.
type importer struct {
	s    *Store
	conn *sql.Conn // for bulk inserts through the driver, within tx
	tx   *sql.Tx
	opts engine.ImportOptions
	now  string

	toc                     *toc.Partnership
	look                    *intake.Lookup
	texts                   *texts
	activity                int32                 // --activity's index, or -1
	locked                  map[toc.Period]string // the refusal of each locked period
	scope                   *intake.Scope         // what the writer may write; nil for anything
	date                    [3]int                // --date, or zero
	pseud                   *pseudonym.Index
	pupilIDs                []int64 // pupils.id of each pseudonym index
	pupilsLoaded            bool    // nextPupil and pupilsBefore are set
	nextPupil, pupilsBefore int64   // the id the next new pupil gets; pupils before the import
	stmts                   statements
	participation, facts    bulkStmts // multi-row INSERTs (import_bulk.go)
	pupils                  bulkStmts
	indexDropped            bool // pupils_pseudonym, to build at the end
	importID                int64
	skip                    skipForgotten

	problems          toc.List
	rowsDone, bytesIn int64 // over the files finished so far
}

func (im *importer) close() {
	im.stmts.close()
	im.participation.close(im.conn)
	im.facts.close(im.conn)
	im.pupils.close(im.conn)
}

// problem records a bad row; col is 1-based, 0 for the whole file.
func (im *importer) problem(code toc.Code, file string, row, col int, msg string) {
	if len(im.problems) < engine.MaxImportProblems {
		im.problems = append(im.problems, &toc.Error{Code: code, File: file, Line: row, Col: col, Message: msg})
	}
}

// importedBefore describes the earlier import of the same content, or "".
// (other than this import's own, id self).
func (im *importer) importedBefore(ctx context.Context, hash string, self int64) (string, error) {
	var file, at, by string
	err := im.tx.QueryRowContext(ctx,
		"SELECT file, imported_at, imported_by FROM imports WHERE hash = ? AND id <> ? ORDER BY id LIMIT 1", hash, self).Scan(&file, &at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up earlier imports: %w", err)
	}
	return fmt.Sprintf("the same content was imported before (as %s, %s by %s): run with --again to import it again", file, at, by), nil
}

// errDryRun rolls a dry run's transaction back: it wrote nothing.
var errDryRun = errors.New("dry run")
