package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sync/atomic"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// file imports one file within the import's transaction. Problems with
// its content are recorded in im.problems; the error is for everything
// else (I/O, the database, a usage mistake).
func (im *importer) file(ctx context.Context, f engine.ImportFile) (*engine.ImportedFile, error) {
	rc, err := f.Open()
	if errors.Is(err, fs.ErrNotExist) {
		im.problem(toc.EINVALID, f.Name, 0, 0, "no such file")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	defer rc.Close()
	// One pass over the file (an upload streams past once): its hash is
	// taken as it is read, and a file imported before is refused at the
	// end, when the transaction has written nothing that will last.
	sum := sha256.New()
	counted := &countingReader{r: io.TeeReader(rc, sum)}
	rows, enc, err := intake.Open(intake.Source{Name: f.Name, Encoding: im.opts.Encoding, Sheet: im.opts.Sheet}, counted)
	if err != nil {
		var e *toc.Error
		switch {
		case errors.As(err, &e) && e.Code == toc.EINVALID:
			im.problem(toc.EINVALID, f.Name, 0, 0, e.Message)
			return nil, nil
		case errors.As(err, &e):
			return nil, err // a usage mistake names the file itself
		}
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	cells, err := intake.FirstRow(rows)
	var syn *intake.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		im.problem(toc.EINVALID, f.Name, 1, 1, "expected a header row naming the columns, got an empty file")
		return nil, nil
	case errors.As(err, &syn):
		im.problem(toc.EINVALID, f.Name, syn.Row, syn.Col, syn.Msg)
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	h, probs := intake.ReadHeader(cells, im.toc.Imports, intake.Fill{Activity: im.opts.Activity != "", Date: im.opts.Date != ""})
	headerRow := rows.Row()
	if im.opts.Activity != "" && h.Index(intake.ColActivity) >= 0 {
		return nil, toc.Errorf(toc.EUSAGE, "%s has an activity column: --activity is for a file without one (a register exported for one activity)", f.Name)
	}
	if len(probs) > 0 {
		for _, p := range probs {
			im.problem(toc.EINVALID, f.Name, headerRow, p.Col, p.Msg)
		}
		return nil, nil
	}
	if h.Kind != intake.KindKPIValues && im.s.keyErr != nil {
		return nil, im.s.keyErr
	}

	importID, err := im.ids(ctx, "imports", 1)
	if err != nil {
		return nil, err
	}
	if _, err := im.tx.Exec(ctx,
		"INSERT INTO imports (partnership, id, file, hash, kind, rows, imported_at, imported_by) VALUES ($1, $2, $3, '', $4, 0, $5, $6)",
		im.s.pid, importID, filepath.Base(f.Name), string(h.Kind), im.now, im.opts.Who); err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	im.importID = importID
	im.skip.file(h.Kind)

	rd, err := im.stream(ctx, f.Name, rows, h, enc == intake.XLSX, counted)
	if err != nil {
		return nil, err
	}
	if len(im.problems) > 0 {
		return nil, nil
	}
	sm := rd.Summary()
	if sm.Rows == 0 {
		im.problem(toc.EINVALID, f.Name, headerRow+1, 1, "expected rows of data after the header, got none")
		return nil, nil
	}
	hash := hex.EncodeToString(sum.Sum(nil))
	if !im.opts.Again {
		before, err := im.importedBefore(ctx, hash, importID)
		if err != nil {
			return nil, err
		}
		if before != "" {
			im.problem(toc.ECONFLICT, f.Name, 0, 0, before)
			return nil, nil
		}
	}
	written := sm.Rows - sm.Skipped - im.skip.rows
	if _, err := im.tx.Exec(ctx, "UPDATE imports SET rows = $3, hash = $4 WHERE partnership = $1 AND id = $2", im.s.pid, importID, written, hash); err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	detail := fmt.Sprintf("%s: %d %s", filepath.Base(f.Name), written, h.Kind.Noun(written))
	if im.opts.Pending {
		review, err := im.s.addReview(ctx, im.tx, "import", im.opts.Who, im.now, detail, written, nil)
		if err != nil {
			return nil, err
		}
		if _, err := im.tx.Exec(ctx, "UPDATE imports SET review_id = $3 WHERE partnership = $1 AND id = $2", im.s.pid, importID, review); err != nil {
			return nil, fmt.Errorf("import %s: %w", f.Name, err)
		}
		detail += " (awaits review)"
	}
	if err := im.s.audit(ctx, im.tx, im.now, im.opts.Who, "import", detail, written, hash); err != nil {
		return nil, err
	}
	done := &engine.ImportedFile{Name: f.Name, Kind: h.Kind, Rows: written, Hash: hash,
		Encoding: enc, Mapped: h.Mapped, Ignored: h.Ignored, Dropped: h.Dropped, Filled: h.Filled,
		Pupils: sm.Pupils, Skipped: sm.Skipped, Forgotten: im.skip.rows, PerActivity: map[string]int64{}}
	for i, n := range sm.PerActivity {
		if n -= im.skip.perActivity[i]; n > 0 {
			done.PerActivity[im.look.ActivityID(i)] = n
		}
	}
	return done, nil
}

// stream reads the rows of a file in one goroutine (intake.Reader) and
// writes them in this one. After a bad file the reader only checks: its
// pupils' numbers go on from files whose pupils were never added.
func (im *importer) stream(ctx context.Context, name string, rows intake.Rows, h *intake.Header, sheet bool, counted *countingReader) (*intake.Reader, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	spec := intake.Spec{Lookup: im.look, Pupils: im.pseud, Today: im.s.today(), Activity: im.activity, Date: im.date, Locked: im.locked, Scope: im.scope}
	rd := intake.NewReader(name, rows, h, sheet, spec, engine.MaxImportProblems-len(im.problems), counted.n.Load)
	if len(im.problems) > 0 {
		rd.Fail()
	}
	im.boxes.dates = im.boxes.dates[:0]
	var rowsRead int64
	ch := rd.Run(ctx)
	for p := range ch {
		rowsRead = p.Rows
		if p.Batch != nil && !rd.Failed() {
			if err := im.write(ctx, p.Batch); err != nil {
				cancel()
				for range ch { // the reader is done with its fields once ch closes
				}
				return nil, fmt.Errorf("import %s: %w", name, err)
			}
		}
		if im.opts.Progress != nil {
			im.opts.Progress(im.rowsDone+p.Rows, im.bytesIn+p.Bytes)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	if !rd.Failed() { // the rest of the file's rows (they name its dates)
		if err := im.flushParticipation(ctx); err != nil {
			return nil, fmt.Errorf("import %s: %w", name, err)
		}
	}
	im.pending = im.pending[:0]
	for _, p := range rd.Problems() {
		im.problem(p.Code, p.File, p.Line, p.Col, p.Message)
	}
	im.rowsDone += rowsRead
	im.bytesIn += counted.n.Load()
	return rd, nil
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
