package export_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, export.Sheets(sample(t, toc.Funder))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,KPIs,KPI history,Activities,Effect sizes,Schools,Reach by period,Breakdowns" {
		t.Errorf("sheets %s", got)
	}
	cells := []struct {
		sheet, cell string
		typ         excelize.CellType
		raw         string
	}{
		{"Activities", "A1", excelize.CellTypeSharedString, "id"},
		{"Activities", "B2", excelize.CellTypeSharedString, "'" + hostile},
		{"Activities", "F2", excelize.CellTypeUnset, "20"}, // a number: excelize reports no type
		{"Activities", "G2", excelize.CellTypeSharedString, "<6"},
		{"Activities", "M2", excelize.CellTypeBool, "0"},
		{"Activities", "T2", excelize.CellTypeUnset, "5000"},
		{"Activities", "V2", excelize.CellTypeUnset, ""}, // cost_per_participant: nothing
		{"Effect sizes", "G2", excelize.CellTypeUnset, "-0.31"},
		{"Effect sizes", "K2", excelize.CellTypeUnset, "-4"},
		{"KPIs", "K2", excelize.CellTypeUnset, "0.625"},
	}
	for _, c := range cells {
		typ, err := f.GetCellType(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if typ != c.typ || raw != c.raw {
			t.Errorf("%s!%s: type %v, %q; want type %v, %q", c.sheet, c.cell, typ, raw, c.typ, c.raw)
		}
	}
	// Numbers are stored as numbers: the cell's XML has no t="s" or
	// t="str" and its value is the number.
	for _, c := range []string{"F2", "T2"} {
		if f, err := f.GetCellFormula("Activities", c); err != nil || f != "" {
			t.Errorf("Activities!%s has a formula %q (%v)", c, f, err)
		}
	}
	for _, name := range f.GetSheetList() {
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", name, panes)
		}
		w, err := f.GetColWidth(name, "A")
		if err != nil || w < 8 || w > 60 {
			t.Errorf("%s: column A %v wide (%v), want 8 to 60", name, w, err)
		}
	}
	if w, _ := f.GetColWidth("Activities", "B"); w != float64(len("'"+hostile)+2) {
		t.Errorf("the title's column is %v wide, want its %d characters and 2", w, len("'"+hostile))
	}
	// The notes sit beneath the Summary's table, a blank row between.
	if v, _ := f.GetCellValue("Summary", "A3"); v != "" {
		t.Errorf("Summary!A3 = %q, want a blank row", v)
	}
	var notes []string
	for r := 4; ; r++ {
		v, _ := f.GetCellValue("Summary", "A"+itoa(r))
		if v == "" {
			break
		}
		notes = append(notes, v)
	}
	if all := strings.Join(notes, " "); !strings.Contains(all, "<6 marks a count") || !strings.Contains(all, "c marks a count hidden") {
		t.Errorf("the Summary's notes do not explain <6 and c:\n%s", all)
	}
}

func itoa(n int) string { return export.Int(n).String() }
