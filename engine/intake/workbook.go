package intake

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/schoolstogether/impact/toc"
)

// Limits of a workbook (DESIGN §16): a workbook is opened whole — its
// parts are zipped — so it is bounded apart from CSV, which streams. At
// most MaxWorkbook zipped and MaxWorkbookXML unzipped, all held in memory:
// excelize would write a larger sheet to a temporary file, where pupils'
// identifiers would sit in clear, so one is refused instead. 100,000 rows
// of a register of ten columns are about 50 MiB of XML,
// and import in about 100 MiB (docs/BENCHMARKS.md).
const (
	MaxWorkbook    = 16 << 20
	MaxWorkbookXML = 64 << 20
)

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
	zipped, err := io.ReadAll(io.LimitReader(r, MaxWorkbook+1))
	if err != nil {
		return nil, err
	}
	if len(zipped) > MaxWorkbook {
		return nil, toc.Errorf(toc.EINVALID, "the workbook is larger than %d MiB: save the sheet as CSV (which has no such limit) and import that", MaxWorkbook>>20)
	}
	// The sizes a zip declares are checked as it is read (archive/zip
	// refuses more), so their sum bounds what excelize will hold.
	if z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped))); err == nil {
		var unzipped uint64
		for _, f := range z.File {
			unzipped += f.UncompressedSize64
		}
		if unzipped > MaxWorkbookXML {
			return nil, toc.Errorf(toc.EINVALID, "the workbook holds %d MiB unzipped, more than %d MiB: save the sheet as CSV (which has no such limit) and import that", (unzipped+1<<20-1)>>20, MaxWorkbookXML>>20)
		}
	}
	// The XML limit is the whole limit: no sheet is ever spooled to disk.
	f, err := excelize.OpenReader(bytes.NewReader(zipped), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxWorkbookXML, UnzipXMLSizeLimit: MaxWorkbookXML,
	})
	if err != nil {
		return nil, toc.Errorf(toc.EINVALID, "expected an Excel workbook (.xlsx) that Excel can open: %w", err)
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
