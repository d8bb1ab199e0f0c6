package intake_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/intake"
)

// TestOpen_Workbook: a sheet's cells come raw — a number as stored, a
// date as Excel's day number — row by row, an empty row counted.
func TestOpen_Workbook(t *testing.T) {
	src := workbookBytes(t, [][]any{{"UPN", "Year", "Session Date"}, {"A1", 5, 45607}, {}, {"A2", "Y6", "18/11/2024"}})
	rows, enc, err := intake.Open(intake.Source{Name: "register.xlsx"}, bytes.NewReader(src))
	if err != nil || enc != intake.XLSX {
		t.Fatalf("Open: %v, %q", err, enc)
	}
	var got []string
	for {
		cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = string(c)
		}
		got = append(got, strings.Join(append([]string{string(rune('0' + rows.Row()))}, parts...), "|"))
	}
	want := "1|UPN|Year|Session Date 2|A1|5|45607 3| 4|A2|Y6|18/11/2024"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, " "), want)
	}
	// 45607 days after 30 December 1899 is 11 November 2024.
	if y, m, d, msg := intake.ParseSheetDate([]byte("45607")); msg != "" || y != 2024 || m != 11 || d != 11 {
		t.Errorf("ParseSheetDate(45607) = %d-%d-%d %q", y, m, d, msg)
	}
}

// TestOpen_WorkbookLimits: a workbook over MaxWorkbook zipped or
// MaxWorkbookXML unzipped is refused with what to do — and nothing of it
// is written to a temporary file, as excelize would for a large sheet.
func TestOpen_WorkbookLimits(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	zipOf := func(method uint16, name string, content io.Reader) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, content); err != nil {
			t.Fatal(err)
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"Zipped", zipOf(zip.Store, "xl/worksheets/sheet1.xml", io.LimitReader(rand.Reader, intake.MaxWorkbook+1)),
			"the workbook is larger than 16 MiB: save the sheet as CSV (which has no such limit) and import that"},
		{"Unzipped", zipOf(zip.Deflate, "xl/worksheets/sheet1.xml", strings.NewReader(strings.Repeat("<row/>", (intake.MaxWorkbookXML+6)/6))),
			"the workbook holds 65 MiB unzipped, more than 64 MiB: save the sheet as CSV (which has no such limit) and import that"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := intake.Open(intake.Source{Name: "big.xlsx"}, bytes.NewReader(c.src))
			if err == nil || err.Error() != c.want {
				t.Errorf("Open: %v\nwant %s", err, c.want)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("temporary files: %v", left)
			}
		})
	}
}
