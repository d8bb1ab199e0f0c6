package export

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Column widths of the workbook, in characters.
const (
	minWidth = 8
	maxWidth = 60
)

// WriteXLSX writes the sheets as one Excel workbook: numbers as numbers,
// true and false as booleans, nothing as an empty cell; the header row bold
// and frozen, each column as wide as what it holds (within bounds), and
// the sheet's notes beneath its table.
func WriteXLSX(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	italic, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true}})
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	first := f.GetSheetName(0)
	for i := range sheets {
		s := &sheets[i]
		if i == 0 {
			err = f.SetSheetName(first, s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err == nil {
			err = writeSheet(f, s, bold, italic)
		}
		if err != nil {
			return fmt.Errorf("workbook sheet %s: %w", s.Name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// writeSheet fills one sheet.
func writeSheet(f *excelize.File, s *Sheet, bold, italic int) error {
	widths := make([]int, len(s.Columns))
	for c, key := range s.Columns {
		widths[c] = utf8.RuneCountInString(key)
		if err := setCell(f, s.Name, c, 0, Text(key)); err != nil {
			return err
		}
	}
	for r, row := range s.Rows {
		for c, cell := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell.String()))
			if err := setCell(f, s.Name, c, r+1, cell); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowStyle(s.Name, 1, 1, bold); err != nil {
		return err
	}
	for i, note := range s.Notes {
		row := len(s.Rows) + 3 + i // a blank row between table and notes
		if err := setCell(f, s.Name, 0, row-1, Text(note)); err != nil {
			return err
		}
		if err := f.SetRowStyle(s.Name, row, row, italic); err != nil {
			return err
		}
	}
	for c, w := range widths {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(s.Name, col, col, float64(min(max(w+2, minWidth), maxWidth))); err != nil {
			return err
		}
	}
	return f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// setCell writes one cell at a 0-based column and row.
func setCell(f *excelize.File, sheet string, col, row int, c Cell) error {
	name, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return err
	}
	switch c.kind {
	case kindText:
		return f.SetCellStr(sheet, name, c.text)
	case kindNumber:
		// Every digit that tells the number apart: excelize's own -1 keeps
		// only 15 significant ones, and the numbers would not read back as
		// impact metrics --json gives them.
		s, decimals := c.String(), 0
		if i := strings.IndexByte(s, '.'); i >= 0 {
			decimals = len(s) - i - 1
		}
		return f.SetCellFloat(sheet, name, c.num, decimals, 64)
	case kindBool:
		return f.SetCellBool(sheet, name, c.b)
	}
	return nil
}
