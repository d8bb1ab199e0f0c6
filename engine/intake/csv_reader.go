package intake

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// CSVReader reads CSV as spreadsheets and school systems write it: UTF-8
// with or without a byte-order mark, LF or CRLF, quoted fields that may hold
// commas, quotes ("") and line breaks. It counts rows as a spreadsheet does
// (blank lines included, a record spanning lines being one row), which
// encoding/csv cannot, and it reuses its buffers, so reading a row
// allocates nothing.
type CSVReader struct {
	r      *bufio.Reader
	row    int // spreadsheet row of the last record, 1-based
	line   []byte
	buf    []byte
	ends   []int
	fields [][]byte
	bom    bool // the byte-order mark has been looked for
	delim  byte // ',', ';' or '\t', found in the header row; 0 before it
}

// NewCSVReader reads CSV from r.
// Limits of a file's rows (DESIGN §16): a cell holds at most MaxCell
// bytes, and the reader holds no record longer than MaxRecord (a row,
// with the lines a quoted cell spans) in memory.
const (
	MaxCell   = 4 << 10
	MaxRecord = 1 << 20
)

// errTooLong is a record past MaxRecord.
var errTooLong = errors.New("row too long")

func NewCSVReader(r io.Reader) *CSVReader {
	return &CSVReader{r: bufio.NewReaderSize(r, 256<<10)}
}

// SyntaxError is a record the reader cannot split into cells, at its
// spreadsheet row and 1-based column.
type SyntaxError struct {
	Row, Col int
	Msg      string
}

func (e *SyntaxError) Error() string { return e.Msg }

// Row is the spreadsheet row of the record Next returned last, 1-based.
func (c *CSVReader) Row() int { return c.row }

// readLine returns the next line without its terminator, valid until the
// next call; io.EOF when there is none.
func (c *CSVReader) readLine() ([]byte, error) {
	if !c.bom {
		c.bom = true
		if b, err := c.r.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
			c.r.Discard(3)
		}
	}
	line, err := c.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		c.line = append(c.line[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = c.r.ReadSlice('\n')
			if len(c.line)+len(line) > MaxRecord {
				// Read on to the end of the line, keeping none of it.
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = c.r.ReadSlice('\n')
				}
				if err != nil && !errors.Is(err, io.EOF) {
					return nil, err
				}
				return nil, errTooLong
			}
			c.line = append(c.line, line...)
		}
		line = c.line
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(line) == 0 && err != nil {
		return nil, io.EOF
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, nil
}

// Next returns the cells of the next row, valid until the next call, or
// io.EOF. A blank line is a row of one empty cell.
func (c *CSVReader) Next() ([][]byte, error) {
	line, err := c.readLine()
	if errors.Is(err, errTooLong) {
		c.row++
		return nil, c.tooLong(c.row)
	}
	if err != nil {
		return nil, err
	}
	c.row++
	c.fields = c.fields[:0]
	if c.delim == 0 && len(bytes.TrimSpace(line)) > 0 {
		c.delim = delimiter(line)
	}
	if bytes.IndexByte(line, '"') < 0 {
		// The common case: no quotes, so the cells are slices of the line.
		for {
			i := bytes.IndexByte(line, c.delim)
			if i < 0 {
				c.fields = append(c.fields, line)
				return c.fields, nil
			}
			c.fields = append(c.fields, line[:i])
			line = line[i+1:]
		}
	}
	return c.quoted(line)
}

// blank reports a space around a quoted cell: a tab too, unless tabs
// separate the cells.
func (c *CSVReader) blank(b byte) bool { return b == ' ' || b == '\t' && c.delim != '\t' }

// quoted splits a line holding quotes, reading further lines while a
// quoted field is open.
func (c *CSVReader) quoted(line []byte) ([][]byte, error) {
	c.buf, c.ends = c.buf[:0], c.ends[:0]
	startRow := c.row
	for {
		// At the start of a field.
		lead := 0
		for lead < len(line) && c.blank(line[lead]) {
			lead++
		}
		if lead < len(line) && line[lead] == '"' {
			line = line[lead+1:]
			for {
				i := bytes.IndexByte(line, '"')
				if i < 0 {
					// The field goes on past the end of the line.
					c.buf = append(c.buf, line...)
					c.buf = append(c.buf, '\n')
					next, err := c.readLine()
					if errors.Is(err, errTooLong) || len(c.buf) > MaxRecord {
						return nil, c.tooLong(startRow)
					}
					if err != nil {
						if errors.Is(err, io.EOF) {
							return nil, &SyntaxError{startRow, len(c.ends) + 1, "a quoted cell is never closed: expected a closing quote (\")"}
						}
						return nil, err
					}
					line = next
					continue
				}
				c.buf = append(c.buf, line[:i]...)
				line = line[i+1:]
				if len(line) > 0 && line[0] == '"' {
					c.buf = append(c.buf, '"')
					line = line[1:]
					continue
				}
				break
			}
			// After the closing quote: spaces, then a comma or the end.
			j := 0
			for j < len(line) && c.blank(line[j]) {
				j++
			}
			line = line[j:]
			c.ends = append(c.ends, len(c.buf))
			if len(line) == 0 {
				break
			}
			if line[0] != c.delim {
				return nil, &SyntaxError{startRow, len(c.ends), fmt.Sprintf("expected %s after the closing quote of a quoted cell", delimName(c.delim))}
			}
			line = line[1:]
			continue
		}
		// An unquoted field: up to the next comma. A quote inside it is
		// taken literally (O"Brien), as spreadsheets do.
		i := bytes.IndexByte(line, c.delim)
		if i < 0 {
			c.buf = append(c.buf, line...)
			c.ends = append(c.ends, len(c.buf))
			break
		}
		c.buf = append(c.buf, line[:i]...)
		c.ends = append(c.ends, len(c.buf))
		line = line[i+1:]
	}
	// Rows spanning lines count as one row of the spreadsheet.
	start := 0
	for _, end := range c.ends {
		c.fields = append(c.fields, c.buf[start:end])
		start = end
	}
	return c.fields, nil
}

// tooLong is the error of a record past MaxRecord: the rest of the file
// cannot be split reliably after it.
func (c *CSVReader) tooLong(row int) error {
	return &SyntaxError{row, 1, fmt.Sprintf("the row is longer than %d KiB: expected cells of at most %d KiB (is this a CSV file?)", MaxRecord>>10, MaxCell>>10)}
}

// Delimiter is the character the cells of a file are split at, found in
// its header row: a comma, a semicolon (what Excel writes where the comma
// is a decimal point) or a tab.
func (c *CSVReader) Delimiter() byte { return c.delim }

// delimiter picks the most frequent of , ; and tab outside quotes in a
// header row; a comma when none is there.
func delimiter(line []byte) byte {
	counts := map[byte]int{}
	quoted := false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case !quoted && (b == ',' || b == ';' || b == '\t'):
			counts[b]++
		}
	}
	best := byte(',')
	for _, d := range []byte{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

func delimName(d byte) string {
	switch d {
	case ';':
		return "a semicolon"
	case '\t':
		return "a tab"
	}
	return "a comma"
}
