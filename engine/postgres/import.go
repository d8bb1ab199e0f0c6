package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/toc"
)

// Import reads files of the kinds of DESIGN §6 against the theory of
// change p and writes them in one transaction: every file or none. Bad
// rows come back as a toc.List placed at FILE:ROW:COLUMN (at most
// engine.MaxImportProblems); a file imported before is refused with
// toc.ECONFLICT unless opts.Again. Either way nothing is written. Rows go
// in through COPY, a batch at a time, as the reader checks them.
func (s *Store) Import(ctx context.Context, p *toc.Partnership, files []engine.ImportFile, opts engine.ImportOptions) (engine.ImportResult, error) {
	if opts.Who == "" {
		opts.Who = engine.OSUser()
	}
	activity, date, err := engine.CheckFill(p, opts, s.today())
	if err != nil {
		return engine.ImportResult{}, err
	}
	var res engine.ImportResult
	err = s.write(ctx, func(tx pgx.Tx) error {
		res = engine.ImportResult{}
		im := &importer{
			s: s, tx: tx, opts: opts, now: s.now(), toc: p,
			look: intake.NewLookup(p), boxes: newBoxes(p), activity: activity, date: date,
			scope: opts.IntakeScope(p), next: map[string]int64{},
		}
		locks, err := s.queryLocks(ctx, tx)
		if err != nil {
			return err
		}
		for _, l := range locks {
			if im.locked == nil {
				im.locked = map[toc.Period]string{}
			}
			im.locked[l.Period] = l.Refusal()
		}
		if s.key != nil { // else only KPI values can be imported: see keyErr
			im.pseud = s.key.NewIndex()
		}
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
		return nil
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return engine.ImportResult{}, err
	}
	s.analyze(ctx, res)
	return res, nil
}

// analyzeRows is the size of an import after which the planner is told
// of the new rows at once, not when autovacuum next passes (a minute or
// more): until then it plans for the tables as they were. Every metric of
// a million rows just imported took 6.9 s before, 5.3 s after (one run
// each, issue 15).
const analyzeRows = 100_000

// analyze refreshes the planner's statistics of the tables a large import
// wrote, after its commit (ANALYZE holds a lock that would make other
// partnerships' large imports wait for this one's transaction). It only
// speeds later reads, so a failure is not the import's.
func (s *Store) analyze(ctx context.Context, res engine.ImportResult) {
	if res.Rows() < analyzeRows {
		return
	}
	s.pool.Exec(ctx, "ANALYZE participation, pupils, outcomes, pupil_facts")
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
	tx   pgx.Tx
	opts engine.ImportOptions
	now  string

	toc          *toc.Partnership
	look         *intake.Lookup
	boxes        *boxes
	pending      []intake.Participation // rows held back for one larger COPY (flushParticipation)
	activity     int32                  // --activity's index, or -1
	locked       map[toc.Period]string  // the refusal of each locked period
	scope        *intake.Scope          // what the writer may write; nil for anything
	date         [3]int                 // --date, or zero
	pseud        *pseudonym.Index
	pupilIDs     []int64 // pupils.id of each pseudonym index; 0 for a forgotten pupil
	pupilsLoaded bool    // pupilsBefore is known
	pupilsBefore bool    // the partnership held pupils before the import
	next         map[string]int64
	importID     int64
	skip         skipForgotten

	problems          toc.List
	rowsDone, bytesIn int64 // over the files finished so far
}

// problem records a bad row; col is 1-based, 0 for the whole file.
func (im *importer) problem(code toc.Code, file string, row, col int, msg string) {
	if len(im.problems) < engine.MaxImportProblems {
		im.problems = append(im.problems, &toc.Error{Code: code, File: file, Line: row, Col: col, Message: msg})
	}
}

// ids hands out n ids of a table's rows, numbered on from the
// partnership's last (the import holds its write lock), and returns the
// first.
func (im *importer) ids(ctx context.Context, table string, n int) (int64, error) {
	first, ok := im.next[table]
	if !ok {
		var err error
		if first, err = im.s.nextID(ctx, im.tx, table); err != nil {
			return 0, err
		}
	}
	im.next[table] = first + int64(n)
	return first, nil
}

// importedBefore describes the earlier import of the same content, or ""
// (other than this import's own, id self).
func (im *importer) importedBefore(ctx context.Context, hash string, self int64) (string, error) {
	var file, at, by string
	err := im.tx.QueryRow(ctx,
		"SELECT file, imported_at, imported_by FROM imports WHERE partnership = $1 AND hash = $2 AND id <> $3 ORDER BY id LIMIT 1",
		im.s.pid, hash, self).Scan(&file, &at, &by)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up earlier imports: %w", err)
	}
	return fmt.Sprintf("the same content was imported before (as %s, %s by %s): run with --again to import it again", file, at, by), nil
}

// errDryRun rolls a dry run's transaction back: it wrote nothing.
var errDryRun = errors.New("dry run")
