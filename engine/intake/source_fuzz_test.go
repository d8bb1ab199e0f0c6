package intake_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/schoolstogether/impact/engine/intake"
)

// FuzzOpen feeds arbitrary bytes to Open, as a workbook (the name ends
// .xlsx, or the bytes start as a zip does) or as CSV in an encoding it
// sniffs: it must never panic or loop, and rows must count up.
//
//	go test ./engine/intake -run '^$' -fuzz FuzzOpen -fuzztime 10m -parallel 1
func FuzzOpen(f *testing.F) {
	f.Add(workbookBytes(f, [][]any{{"UPN", "Date", "Mark"}, {"A123", 45572, "/"}, {"B456", "07/10/2024", "N"}}), true)
	f.Add([]byte("\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00"), false)          // UTF-16 with its mark
	f.Add([]byte("Forename;Surname;Caf\xe9\nZo\xeb;O'Brien;1\n"), false)                // Windows-1252, semicolons
	f.Add([]byte("activity\tdate\tparticipant\ncareers-fair\t2023-10-12\tA1\n"), false) // tabs
	f.Add([]byte("PK\x03\x04 not really a zip"), false)
	f.Fuzz(func(t *testing.T, src []byte, asWorkbook bool) {
		name := "upload.csv"
		if asWorkbook {
			name = "upload.xlsx"
		}
		rows, enc, err := intake.Open(intake.Source{Name: name}, bytes.NewReader(src))
		if err != nil {
			return
		}
		if enc == "" {
			t.Fatal("Open named no encoding")
		}
		last := 0
		for n := 0; ; n++ {
			_, err := rows.Next()
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			if rows.Row() <= last {
				t.Fatalf("row %d after row %d", rows.Row(), last)
			}
			last = rows.Row()
			if n > 2*len(src)+1 {
				t.Fatal("more rows than the bytes could hold")
			}
		}
	})
}

// workbookBytes is an .xlsx of one sheet holding rows.
func workbookBytes(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
