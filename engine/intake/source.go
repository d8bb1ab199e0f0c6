package intake

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/schoolstogether/impact/toc"
)

// Rows are the rows of a file, CSV or a sheet: each row's cells, valid
// until the next call, and its spreadsheet row number.
type Rows interface {
	Next() ([][]byte, error) // io.EOF after the last row
	Row() int
}

// Encodings of CSV files (DESIGN §11), as the summary names them.
const (
	UTF8        = "utf-8"
	UTF16       = "utf-16"
	Windows1252 = "windows-1252"
	XLSX        = "xlsx" // not an encoding: a workbook
)

// Source is how to open one file.
type Source struct {
	Name string // as the user gave it: its extension tells .xlsx
	// Encoding forces a CSV's encoding (UTF8 or Windows1252); empty finds
	// it: a byte-order mark, else UTF-8 if the start of the file is valid
	// UTF-8, else Windows-1252 (what Excel's plain "CSV" writes on Windows).
	Encoding string
	// Sheet names the sheet of a workbook to read; empty, the first.
	Sheet string
}

// sniff is how much of a CSV is looked at to tell UTF-8 from Windows-1252:
// the file streams past once, so its encoding is judged from its start.
const sniff = 64 << 10

// Open reads a file's rows as they come: a workbook's sheet, or CSV in its
// encoding (named in the result: UTF8, UTF16, Windows1252, or XLSX).
func Open(src Source, r io.Reader) (Rows, string, error) {
	br := bufio.NewReaderSize(r, sniff)
	head, err := br.Peek(sniff)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	if strings.EqualFold(filepath.Ext(src.Name), ".xlsx") || bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		rows, err := openWorkbook(br, src.Sheet)
		return rows, XLSX, err
	}
	if src.Sheet != "" {
		return nil, "", toc.Errorf(toc.EUSAGE, "--sheet %q: %s is not a workbook (.xlsx)", src.Sheet, src.Name)
	}
	enc, err := encodingOf(head, src.Encoding)
	if err != nil {
		return nil, "", err
	}
	var text io.Reader = br
	switch enc {
	case UTF16:
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case Windows1252:
		text = transform.NewReader(br, charmap.Windows1252.NewDecoder())
	}
	return NewCSVReader(text), enc, nil
}

// encodingOf finds a CSV's encoding from its start, or checks the one
// asked for.
func encodingOf(head []byte, want string) (string, error) {
	switch want {
	case "", UTF8, Windows1252:
	case "utf8", "UTF-8":
		want = UTF8
	case "cp1252", "Windows-1252":
		want = Windows1252
	default:
		return "", toc.Errorf(toc.EUSAGE, "--encoding %q: expected utf-8 or windows-1252", want)
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return UTF16, nil
	case want != "":
		return want, nil
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		return UTF8, nil
	}
	// A rune cut off at the end of the sniffed part is not a fault.
	for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.FullRune(head[lastRuneStart(head):]); i++ {
		head = head[:lastRuneStart(head)]
	}
	if utf8.Valid(head) {
		return UTF8, nil
	}
	return Windows1252, nil
}

func lastRuneStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return len(b)
}
