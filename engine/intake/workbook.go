package intake

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/schoolstogether/impact/toc"
)

// MaxWorkbook is the largest workbook read: a workbook is opened whole
// (its parts are zipped), so it is bounded apart from CSV, which streams.
// 100,000 rows of a register are about 3 MB.
const MaxWorkbook = 64 << 20

// workbook is the rows of one sheet of an .xlsx, streamed by excelize.
// Cells come raw, as stored: numbers as numbers (never "1.23E+05" or
// rounded by a format), dates as Excel's serial day numbers, which
// ParseSheetDate reads.
type workbook struct {
	f     *excelize.File
	rows  *excelize.Rows
	row   int
	cells [][]byte
}

func openWorkbook(r io.Reader, sheet string) (Rows, error) {
	f, err := excelize.OpenReader(io.LimitReader(r, MaxWorkbook+1), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: 4 * MaxWorkbook, UnzipXMLSizeLimit: MaxWorkbook,
	})
	if err != nil {
		return nil, toc.Errorf(toc.EINVALID, "expected an Excel workbook (.xlsx) of at most %d MiB, that Excel can open: %w", MaxWorkbook>>20, err)
	}
	sheets := f.GetSheetList()
	switch {
	case len(sheets) == 0:
		f.Close()
		return nil, toc.Errorf(toc.EINVALID, "the workbook has no sheet")
	case sheet == "":
		sheet = sheets[0]
	default:
		found := false
		for _, s := range sheets {
			if strings.EqualFold(s, sheet) {
				sheet, found = s, true
			}
		}
		if !found {
			f.Close()
			return nil, toc.Errorf(toc.EINVALID, "--sheet %q: the workbook has no such sheet, only %s", sheet, strings.Join(sheets, ", "))
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	return &workbook{f: f, rows: rows}, nil
}

func (w *workbook) Next() ([][]byte, error) {
	if !w.rows.Next() {
		err := w.rows.Error()
		w.rows.Close()
		w.f.Close()
		if err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	w.row++ // excelize counts every row, empty ones too
	cols, err := w.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	w.cells = w.cells[:0]
	for _, c := range cols {
		w.cells = append(w.cells, []byte(c))
	}
	if len(w.cells) == 0 {
		w.cells = append(w.cells, nil)
	}
	return w.cells, nil
}

func (w *workbook) Row() int { return w.row }

// ParseSheetDate reads a date cell of a workbook: Excel's serial day
// number (45572 is 7 October 2024), or a date written as text.
func ParseSheetDate(b []byte) (y, m, d int, msg string) {
	if v, err := strconv.ParseFloat(string(b), 64); err == nil {
		if v < 1 || v > 2958465 { // 31 December 9999
			return 0, 0, 0, fmt.Sprintf("expected a date, got the number %s", b)
		}
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return 0, 0, 0, fmt.Sprintf("expected a date, got the number %s", b)
		}
		return t.Year(), int(t.Month()), t.Day(), ""
	}
	return ParseDate(b)
}
