package engine_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// FuzzReadIdentifiers feeds arbitrary files to impact forget --file's
// reader: it must never panic; every identifier it returns is trimmed, not
// empty, and placed on a line of the file; every refusal is invalid input
// placed in the file.
//
//	go test ./engine -run '^$' -fuzz FuzzReadIdentifiers -fuzztime 10m -parallel 1
func FuzzReadIdentifiers(f *testing.F) {
	for _, s := range []string{
		"UPN,Legal Surname\nA123,Smith\n\nB456,Jones\n",
		"A123\nB456\r\n  c789  \n",
		"Surname,Forename\nSmith,Ann\n",
		"participant\n\n\n",
		"Adno;UPN\n1;A1\n2;\n",
		"\xff\xfeU\x00P\x00N\x00\n\x00A\x001\x00\n\x00",
		"\"open\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ids, err := engine.ReadIdentifiers("list.csv", bytes.NewReader(src), toc.Imports{})
		if err != nil {
			var e *toc.Error
			if !errors.As(err, &e) || e.Code != toc.EINVALID || !strings.HasPrefix(err.Error(), "list.csv") {
				t.Fatalf("refusal %q (%T): want invalid input placed in list.csv", err, err)
			}
			return
		}
		if len(ids) == 0 {
			t.Fatal("no identifiers and no error")
		}
		for _, id := range ids {
			if id.ID == "" || strings.TrimSpace(id.ID) != id.ID || id.File != "list.csv" || id.Line < 1 || id.Col < 1 {
				t.Fatalf("identifier %+v: want a trimmed identifier placed in the file", id)
			}
		}
	})
}
