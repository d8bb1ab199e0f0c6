package toc_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schoolstogether/impact/toc"
)

// FuzzParse feeds arbitrary bytes to the YAML loader: it must never panic,
// and must return either a model or a sorted list of positioned problems,
// one line each, inside the file.
//
//	go test ./toc -run '^$' -fuzz FuzzParse -fuzztime 5m -parallel 1
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/toc/*/toc.yaml")
	more, _ := filepath.Glob("../testdata/partnerships/*/toc.yaml")
	seeds = append(seeds, append(more, "../cmd/impact/skeleton/toc.yaml")...)
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(base))
	f.Add([]byte(strings.ReplaceAll(base, "\n", "\r\n")))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := toc.Parse("toc.yaml", src)
		if p == nil {
			t.Fatal("nil partnership")
		}
		if err == nil {
			checkValid(t, p)
			return
		}
		list, ok := err.(toc.List)
		if !ok || len(list) == 0 {
			t.Fatalf("error %T %v, want a non-empty toc.List", err, err)
		}
		// YAML breaks lines at \r\n, \n and a lone \r; a position is on
		// a line of the file, at most one column past its end.
		norm := strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n")
		lines := strings.Split(strings.TrimPrefix(norm, "\ufeff"), "\n")
		for i, e := range list {
			if e.Code != toc.EINVALID || e.File != "toc.yaml" || e.Line < 1 || e.Col < 1 || e.Line > len(lines) {
				t.Fatalf("problem %d badly placed (file has %d lines): %#v", i, len(lines), e)
			}
			if n := utf8.RuneCountInString(lines[e.Line-1]); e.Col > n+1 {
				t.Errorf("problem %d at column %d of a line of %d characters: %#v", i, e.Col, n, e)
			}
			if e.Message == "" || strings.ContainsAny(e.Message, "\n\r") {
				t.Errorf("problem %d is not one line: %q", i, e.Message)
			}
			if i > 0 && (list[i-1].Line > e.Line || list[i-1].Line == e.Line && list[i-1].Col > e.Col) {
				t.Errorf("problems not sorted: %v before %v", list[i-1], e)
			}
		}
	})
}

// checkValid asserts what validation promises of a file it accepts.
func checkValid(t *testing.T, p *toc.Partnership) {
	t.Helper()
	if p.Name == "" || len(p.Schools) == 0 || len(p.Objectives) == 0 {
		t.Fatalf("accepted without name, schools or objectives: %+v", p)
	}
	served := map[string]bool{}
	for _, a := range p.Activities {
		if p.School(a.Provider) == nil || len(a.KPIs) == 0 || a.Certainty.Rank() == 0 || a.Participation.Rank() == 0 {
			t.Errorf("accepted activity %+v", a)
		}
		if a.Ended != nil && *a.Ended < a.Started {
			t.Errorf("accepted %s ended before it started", a.ID)
		}
		for _, k := range a.KPIs {
			served[k] = true
			if p.KPI(k) == nil {
				t.Errorf("accepted unknown KPI %q", k)
			}
		}
		for _, s := range a.Partners {
			if s == a.Provider || p.School(s) == nil {
				t.Errorf("accepted partner %q of %s", s, a.ID)
			}
		}
	}
	for _, k := range p.KPIs() {
		if !served[k.ID] || k.Target.Period < k.Baseline.Period {
			t.Errorf("accepted KPI %+v", k)
		}
	}
	if p.Privacy.MinCell < toc.MinMinCell {
		t.Errorf("accepted min_cell %d", p.Privacy.MinCell)
	}
}
