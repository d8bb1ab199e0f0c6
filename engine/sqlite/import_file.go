package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// batchRows is how many rows the reader hands the writer at a time.
const batchRows = 4096

// batch is rows of one kind, checked and ready to write.
type batch interface {
	insert(ctx context.Context, im *importer) error
}

// decoder checks the cells of one kind's rows and gathers the good ones.
type decoder interface {
	// decode checks one row; it reports each bad cell with bad.
	decode(r *row)
	// take returns the rows gathered since the last call.
	take() batch
}

// row is one data row being decoded.
type row struct {
	num   int // spreadsheet row
	cells [][]byte
	h     *intake.Header
	bad   func(col int, name, msg string)
	today time.Time // no date may lie after it
}

// cell returns a column's trimmed cell (nil when the row stops short or
// the column is absent) and its 1-based column.
func (r *row) cell(name string) ([]byte, int) {
	i := r.h.Index(name)
	if i < 0 {
		return nil, 0
	}
	if i >= len(r.cells) {
		return nil, i + 1
	}
	return r.cells[i], i + 1
}

// parsed is what the reading goroutine sends the writer.
type parsed struct {
	b           batch // nil once the file has a problem: nothing will be written
	rows, bytes int64 // read so far in this file
}

// file imports one file within the import's transaction. Problems with
// its content are recorded in im.problems; the error is for everything
// else (I/O, the database).
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
	cr := intake.NewCSVReader(counted)

	cells, err := intake.FirstRow(cr)
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
	h, probs := intake.ReadHeader(cells)
	if len(probs) > 0 {
		for _, p := range probs {
			im.problem(toc.EINVALID, f.Name, cr.Row(), p.Col, p.Msg)
		}
		return nil, nil
	}
	headerRow := cr.Row()
	if h.Kind != intake.KindKPIValues && im.s.keyErr != nil {
		return nil, im.s.keyErr
	}

	res, err := im.tx.ExecContext(ctx,
		"INSERT INTO imports (file, hash, kind, rows, imported_at, imported_by) VALUES (?, '', ?, 0, ?, ?)",
		filepath.Base(f.Name), string(h.Kind), im.now, im.opts.Who)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	importID, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	im.importID = importID

	rows, err := im.stream(ctx, f.Name, cr, h, counted)
	if err != nil {
		return nil, err
	}
	if len(im.problems) > 0 {
		return nil, nil
	}
	if rows == 0 {
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
	if _, err := im.tx.ExecContext(ctx, "UPDATE imports SET rows = ?, hash = ? WHERE id = ?", rows, hash, importID); err != nil {
		return nil, fmt.Errorf("import %s: %w", f.Name, err)
	}
	detail := fmt.Sprintf("%s: %d %s", filepath.Base(f.Name), rows, h.Kind.Noun(rows))
	if err := audit(ctx, im.tx, im.now, im.opts.Who, "import", detail, rows, hash); err != nil {
		return nil, err
	}
	return &engine.ImportedFile{Name: f.Name, Kind: h.Kind, Rows: rows, Hash: hash}, nil
}

// stream reads the rows of a file in one goroutine and writes them in
// this one, so that checking and hashing run beside SQLite on a second
// core. It returns the number of rows read.
func (im *importer) stream(ctx context.Context, name string, cr *intake.CSVReader, h *intake.Header, counted *countingReader) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rd := &rowReader{
		cr: cr, h: h, today: im.s.today(), dec: im.newDecoder(h.Kind), counted: counted,
		budget: engine.MaxImportProblems - len(im.problems), ch: make(chan parsed, 4),
	}
	// After a bad file nothing will be written: this one is only checked,
	// to report its problems too. (Its pupils' numbers go on from the
	// files before, whose pupils were never added.)
	rd.failed.Store(len(im.problems) > 0)
	go rd.run(ctx)

	var rows int64
	for p := range rd.ch {
		rows = p.rows
		if p.b != nil && !rd.failed.Load() {
			if err := p.b.insert(ctx, im); err != nil {
				cancel()
				for range rd.ch {
				}
				return 0, fmt.Errorf("import %s: %w", name, err)
			}
		}
		if im.opts.Progress != nil {
			im.opts.Progress(im.rowsDone+p.rows, im.bytesIn+p.bytes)
		}
	}
	// The channel is closed: the reader is done with its fields.
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("import %s: %w", name, err)
	}
	if rd.err != nil {
		return 0, fmt.Errorf("import %s: %w", name, rd.err)
	}
	for _, p := range rd.probs {
		im.problem(toc.EINVALID, name, p.row, p.col, p.msg)
	}
	im.rowsDone += rows
	im.bytesIn += counted.n.Load()
	return rows, nil
}

// rowReader is the reading side of stream: it splits, trims and checks
// rows and sends them in batches. Once a row is bad it sends no more rows
// (nothing will be written) but goes on checking, to report every problem
// up to its budget.
type rowReader struct {
	cr      *intake.CSVReader
	h       *intake.Header
	today   time.Time
	dec     decoder
	counted *countingReader
	budget  int
	ch      chan parsed

	failed atomic.Bool // a problem was found; read by the writer too
	probs  []*errorAt  // for the writer once ch is closed
	err    error       // an I/O error, likewise
	rows   int64
}

func (rd *rowReader) run(ctx context.Context) {
	defer close(rd.ch)
	r := &row{h: rd.h, today: rd.today}
	r.bad = func(col int, name, msg string) {
		rd.failed.Store(true)
		if len(rd.probs) < rd.budget {
			rd.probs = append(rd.probs, &errorAt{r.num, col, name + ": " + msg})
		}
	}
	pending := 0
	for len(rd.probs) < rd.budget {
		cells, err := rd.cr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var syn *intake.SyntaxError
		if errors.As(err, &syn) {
			// The rest of the file cannot be split reliably.
			rd.failed.Store(true)
			rd.probs = append(rd.probs, &errorAt{syn.Row, syn.Col, syn.Msg})
			break
		}
		if err != nil {
			rd.err = err
			return
		}
		if intake.Blank(cells) {
			continue
		}
		for i := range cells {
			cells[i] = bytes.TrimSpace(cells[i])
		}
		r.num, r.cells = rd.cr.Row(), cells
		first := len(rd.probs)
		long := false
		for i, c := range cells {
			if len(c) > intake.MaxCell {
				r.bad(i+1, rd.h.Name(i), fmt.Sprintf("a cell of %d bytes: expected at most %d KiB", len(c), intake.MaxCell>>10))
				long = true
			}
		}
		for i := rd.h.Width; i < len(cells) && !long; i++ {
			if len(cells[i]) > 0 {
				r.bad(i+1, fmt.Sprintf("column %d", i+1), fmt.Sprintf("expected nothing beyond the header's %d columns, got %q", rd.h.Width, cells[i]))
				break
			}
		}
		if !long {
			rd.dec.decode(r)
		}
		slices.SortStableFunc(rd.probs[first:], func(a, b *errorAt) int { return a.col - b.col })
		rd.rows++
		if pending++; pending == batchRows {
			pending = 0
			if !rd.send(ctx) {
				return
			}
		}
	}
	rd.send(ctx)
}

// send hands the rows decoded since the last call to the writer, or only
// the progress once a problem was found.
func (rd *rowReader) send(ctx context.Context) bool {
	p := parsed{rows: rd.rows, bytes: rd.counted.n.Load()}
	if b := rd.dec.take(); !rd.failed.Load() {
		p.b = b
	}
	select {
	case rd.ch <- p:
		return true
	case <-ctx.Done():
		return false
	}
}

// errorAt is a problem found by the reading goroutine.
type errorAt struct {
	row, col int
	msg      string
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
