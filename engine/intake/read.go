package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"

	"github.com/schoolstogether/impact/toc"
)

// BatchRows is how many rows a Reader hands a store at a time.
const BatchRows = 4096

// Progress is what a Reader sends: a batch to write (nil once the file has
// a problem: nothing will be written) and how far it has read.
type Progress struct {
	Batch       *Batch
	Rows, Bytes int64
}

// Reader checks the rows of one file in a goroutine of its own and sends
// them in batches, so that checking and hashing run beside the store's
// writing on a second core. Once a row is bad it sends no more rows (the
// import will write nothing) but goes on checking, to report every problem
// up to its budget.
type Reader struct {
	name   string
	rows   Rows
	h      *Header
	cols   columns // h's, looked up once
	spec   Spec
	sheet  bool // a workbook: date cells are Excel's day numbers
	budget int
	bytes  func() int64

	failed atomic.Bool // a problem was found; read by the store too
	probs  []*bad
	err    error

	dates map[[3]int]int32
	facts []factsSeen // by pupil number: the facts recorded, to skip repeats
	batch Batch
	sum   Summary
	seen  []bool // by pupil number: met in this file
}

// Summary is what a Reader found in a whole file.
type Summary struct {
	Rows        int64           // data rows read
	PerActivity map[int32]int64 // rows written per activity index
	Pupils      int             // distinct participants of the file
	Skipped     int64           // rows whose register mark is no possible session
}

// NewReader reads the rows after a file's header. budget is how many
// problems it may report; bytes tells how much of the file has been read.
func NewReader(name string, rows Rows, h *Header, sheet bool, spec Spec, budget int, bytes func() int64) *Reader {
	return &Reader{name: name, rows: rows, h: h, cols: newColumns(h), spec: spec, sheet: sheet, budget: budget, bytes: bytes,
		dates: map[[3]int]int32{}, sum: Summary{PerActivity: map[int32]int64{}}}
}

// Start fails the reader from the first row (an earlier file of the same
// import had a problem): its rows are only checked.
func (rd *Reader) Fail() { rd.failed.Store(true) }

// Failed reports whether a row was bad.
func (rd *Reader) Failed() bool { return rd.failed.Load() }

// Run reads the file in a goroutine and sends its batches; the channel is
// closed when the file is read, or when ctx is done.
func (rd *Reader) Run(ctx context.Context) <-chan Progress {
	ch := make(chan Progress, 4)
	go rd.run(ctx, ch)
	return ch
}

// Problems are the file's bad rows, placed at FILE:ROW:COLUMN, once the
// channel of Run is closed.
func (rd *Reader) Problems() []*toc.Error {
	out := make([]*toc.Error, len(rd.probs))
	for i, p := range rd.probs {
		out[i] = &toc.Error{Code: toc.EINVALID, File: rd.name, Line: p.Row, Col: p.Col, Message: p.Msg}
	}
	return out
}

// Err is the error that stopped the reading (I/O), once the channel of
// Run is closed.
func (rd *Reader) Err() error { return rd.err }

// Summary is what the file held, once the channel of Run is closed.
func (rd *Reader) Summary() Summary {
	s := rd.sum
	for _, seen := range rd.seen {
		if seen {
			s.Pupils++
		}
	}
	return s
}

func (rd *Reader) run(ctx context.Context, ch chan<- Progress) {
	defer close(ch)
	r := &row{rd: rd}
	pending := 0
	for len(rd.probs) < rd.budget {
		cells, err := rd.rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var syn *SyntaxError
		if errors.As(err, &syn) {
			// The rest of the file cannot be split reliably.
			rd.failed.Store(true)
			rd.probs = append(rd.probs, &bad{syn.Row, syn.Col, syn.Msg})
			break
		}
		if err != nil {
			rd.err = err
			return
		}
		if Blank(cells) {
			continue
		}
		for i := range cells {
			cells[i] = bytes.TrimSpace(cells[i])
		}
		r.num, r.cells = rd.rows.Row(), cells
		first := len(rd.probs)
		if rd.shape(r) {
			rd.decode(r)
		}
		slices.SortStableFunc(rd.probs[first:], func(a, b *bad) int { return a.Col - b.Col })
		rd.sum.Rows++
		if pending++; pending == BatchRows {
			pending = 0
			if !rd.send(ctx, ch) {
				return
			}
		}
	}
	rd.send(ctx, ch)
}

// shape checks a row's cells before their values: none too long, none
// past the header's columns.
func (rd *Reader) shape(r *row) bool {
	ok := true
	for i, c := range r.cells {
		if len(c) > MaxCell {
			r.bad(i+1, rd.h.Name(i), fmt.Sprintf("a cell of %d bytes: expected at most %d KiB", len(c), MaxCell>>10))
			ok = false
		}
	}
	for i := rd.h.Width; i < len(r.cells) && ok; i++ {
		if len(r.cells[i]) > 0 {
			r.bad(i+1, fmt.Sprintf("column %d", i+1), fmt.Sprintf("expected nothing beyond the header's %d columns, got %q", rd.h.Width, r.cells[i]))
			ok = false
		}
	}
	return ok
}

// decode checks one row of the file's kind.
func (rd *Reader) decode(r *row) {
	switch rd.h.Kind {
	case KindKPIValues:
		rd.kpiValue(r)
	case KindOutcomes:
		rd.outcome(r)
	case KindPupils:
		rd.pupil(r)
	default:
		rd.participation(r)
	}
}

// send hands the rows checked since the last call to the store, or only
// the progress once a problem was found.
func (rd *Reader) send(ctx context.Context, ch chan<- Progress) bool {
	p := Progress{Rows: rd.sum.Rows, Bytes: rd.bytes()}
	b := rd.batch
	if rd.spec.Pupils != nil {
		b.Fresh = rd.spec.Pupils.TakeFresh()
	}
	rd.batch = Batch{}
	if !rd.failed.Load() {
		p.Batch = &b
	}
	select {
	case ch <- p:
		return true
	case <-ctx.Done():
		return false
	}
}

// date returns the number of a date, giving a new one the next number.
func (rd *Reader) date(y, m, d int) int32 {
	k := [3]int{y, m, d}
	i, ok := rd.dates[k]
	if !ok {
		i = int32(len(rd.dates))
		rd.dates[k] = i
		rd.batch.Dates = append(rd.batch.Dates, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	}
	return i
}

// fact records what a row says of a pupil, unless it says nothing or the
// same as the pupil's last fact of this import.
func (rd *Reader) fact(f Fact, always bool) {
	if !f.known() && !always {
		return
	}
	for int(f.Pupil) >= len(rd.facts) {
		rd.facts = append(rd.facts, factsSeen{})
	}
	if rd.facts[f.Pupil].repeat(&f) && !always {
		return
	}
	rd.batch.Facts = append(rd.batch.Facts, f)
}

// met counts a pupil as one of the file's participants.
func (rd *Reader) met(pupil int32) {
	for int(pupil) >= len(rd.seen) {
		rd.seen = append(rd.seen, false)
	}
	rd.seen[pupil] = true
}

func (f *Fact) known() bool {
	return f.Year != toc.YearUnknown || f.Sex != toc.SexUnknown || f.SEN != toc.SENUnknown ||
		f.EAL != toc.FlagUnknown || f.LookedAfter != toc.FlagUnknown || f.Disadvantaged != toc.FlagUnknown
}
