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
	f.Add([]byte(strings.Replace(base, "activities:\n", healthSeed, 1)))
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

// healthSeed puts a health check, costs and an activity's in-kind support
// and strand before base's activities.
const healthSeed = `health:
  - period: 2024/25
    ratings:
      trust: {rating: 4, evidence: Open books}
      review: {rating: 1}
costs: {staff_hour: 30}
activities:
  - id: a0
    title: A0
    kpis: [k1]
    certainty: low
    participation: high
    provider: rgs
    started: 2020/21
    internal_impact: 1
    external_impact: 1
    eef: phonics
    in_kind: [{what: Hall, period: 2024/25, value: 100}]
    staff_time: [{period: 2024/25, hours: 3}]
`

// FuzzParseStrands feeds arbitrary bytes to the EEF strand table's reader:
// never a panic; a table, or positioned problems inside the file.
//
//	go test ./toc -run '^$' -fuzz FuzzParseStrands -fuzztime 5m -parallel 1
func FuzzParseStrands(f *testing.F) {
	f.Add(toc.BuiltinStrandsYAML)
	f.Add([]byte("source: s\nas_of: 2024\nstrands:\n  - {id: x, title: X, months: 1, evidence: 2, cost: 3}\n"))
	f.Add([]byte("source: s\nstrands: [1]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := toc.ParseStrands("eef.yaml", src)
		if s == nil {
			t.Fatal("nil table")
		}
		if err == nil {
			for _, st := range s.List {
				if st.Months < -12 || st.Months > 12 || st.Evidence < 0 || st.Evidence > 5 || st.Cost < 1 || st.Cost > 5 {
					t.Fatalf("a strand out of range passed: %+v", st)
				}
			}
			return
		}
		list, ok := err.(toc.List)
		if !ok || len(list) == 0 {
			t.Fatalf("error %T %v, want a non-empty toc.List", err, err)
		}
		lines := strings.Count(strings.ReplaceAll(string(src), "\r", "\n"), "\n") + 1
		for _, e := range list {
			if e.File != "eef.yaml" || e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Fatalf("problem badly placed (%d lines): %#v", lines, e)
			}
		}
	})
}
