package intake_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/schoolstogether/impact/engine/intake"
)

// FuzzCSVReader feeds arbitrary bytes to the CSV reader: it must never
// panic or loop, rows must count up, no record may pass MaxRecord, and a
// syntax error must be placed inside the file.
//
//	go test ./engine/intake -run '^$' -fuzz FuzzCSVReader -fuzztime 10m -parallel 1
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"activity,date,participant\ncareers-fair,2023-10-12,A1\n",
		"\xef\xbb\xbfkpi,period,value,note\r\ntrainees,2023/24,1,\"a \"\"quoted\"\" note\"\r\n",
		"a,b\n\"open\n", "a,\"b\"c\n", "\n\n,,,\n", "x,\"multi\nline\ncell\",y\n",
		"O\"Brien,\" spaced \" ,z",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cr := intake.NewCSVReader(bytes.NewReader(src))
		last := 0
		for records := 0; ; records++ {
			cells, err := cr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var syn *intake.SyntaxError
			if errors.As(err, &syn) {
				if syn.Row < 1 || syn.Col < 1 || syn.Row > bytes.Count(src, []byte("\n"))+1 {
					t.Fatalf("syntax error at %d:%d, outside the file", syn.Row, syn.Col)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if cr.Row() <= last {
				t.Fatalf("row %d after row %d", cr.Row(), last)
			}
			last = cr.Row()
			size := 0
			for _, c := range cells {
				size += len(c)
			}
			if size > intake.MaxRecord+len(cells) {
				t.Fatalf("a record of %d bytes, past the limit", size)
			}
			if records > len(src)+1 {
				t.Fatal("more records than bytes")
			}
		}
	})
}
