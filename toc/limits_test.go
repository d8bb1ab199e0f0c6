package toc_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// hostile are toc.yaml files shaped to exhaust a YAML parser, each with
// the one problem it must get instead (DESIGN §16). Each is small or
// quick to make; today's main took minutes and gigabytes over the first
// three.
var hostile = []struct {
	name, src, want string
}{
	{"FlowNesting", "partnership: x\nschools: " + strings.Repeat("[", 30000) + strings.Repeat("]", 30000) + "\n",
		"toc.yaml:2:109: nested more than 100 levels deep: a theory of change needs a handful"},
	{"BlockNesting", "partnership: x\nschools:\n" + nestedKeys(150),
		"toc.yaml:102:101: nested more than 100 levels deep: a theory of change needs a handful"},
	{"DashNesting", "partnership: x\nschools:\n  " + strings.Repeat("- ", 20000) + "x\n",
		"toc.yaml:3:201: nested more than 100 levels deep: a theory of change needs a handful"},
	{"UnknownFields", "partnership: x\nschools:\n  - id: a\n    name: A\n" + repeat(200000, "    f%d: 1\n"),
		"toc.yaml:253:5: more than 250 keys in one mapping: a theory of change needs far fewer"},
	{"LongList", "partnership: x\nschools:\n" + repeat(5001, "  - a%d\n"),
		"toc.yaml:5003:3: more than 5000 entries in one list: a theory of change needs far fewer"},
	{"WideFlow", "partnership: x\nschools: [" + strings.TrimSuffix(repeat(1002, "a%d,"), ",") + "]\n",
		"toc.yaml:2:4906: more than 1000 values in one [ ] or { } list: write long lists one entry a line"},
	{"FlowHiddenInAQuote", "partnership: x\nschools: a \"\n" + strings.Repeat("[", 200) + "\n",
		"toc.yaml:3:100: nested more than 100 levels deep: a theory of change needs a handful"},
	{"ManyValues", "partnership: x\n" + repeat(40, "l%d:\n"+repeat(900, "  - x%d\n")),
		"toc.yaml:10007:5: more than 20000 values in the file: a theory of change needs far fewer"},
}

func nestedKeys(depth int) string {
	var b strings.Builder
	for d := range depth {
		fmt.Fprintf(&b, "%s k%d:\n", strings.Repeat(" ", d), d)
	}
	return b.String()
}

// repeat writes format n times, with %d the count so far.
func repeat(n int, format string) string {
	var b strings.Builder
	for i := range n {
		if strings.Contains(format, "%d") {
			fmt.Fprintf(&b, format, i)
		} else {
			b.WriteString(format)
		}
	}
	return b.String()
}

func TestParse_Limits(t *testing.T) {
	for _, c := range hostile {
		t.Run(c.name, func(t *testing.T) {
			_, err := toc.Parse("toc.yaml", []byte(c.src))
			var list toc.List
			if !errors.As(err, &list) || len(list) != 1 || list[0].Error() != c.want {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
	t.Run("FileSize", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "toc.yaml")
		big := []byte("partnership: x\n# " + strings.Repeat("x", toc.MaxFileSize) + "\n")
		if err := os.WriteFile(path, big, 0o644); err != nil {
			t.Fatal(err)
		}
		want := path + ":1:1: the file is 4.0 MiB: expected at most 4 MiB (a theory of change is a few hundred kilobytes at most)"
		p, err := toc.Load(path)
		if err == nil || err.Error() != want || p == nil {
			t.Errorf("Load = %v\nwant %s", err, want)
		}
		if _, err := toc.Parse("toc.yaml", big); err == nil || !strings.Contains(err.Error(), "expected at most 4 MiB") {
			t.Errorf("Parse = %v, want the size refused", err)
		}
	})
	t.Run("ProblemsCapped", func(t *testing.T) {
		// Two missing fields at line 1 and 3 × 240 unknown fields from
		// line 5: the first 100 (the 100th at line 5 + 97) and one line for
		// the other 622.
		src := "partnership: x\nschools:\n" + repeat(3, "  - id: a%d\n    name: A\n"+repeat(240, "    f%d: 1\n"))
		_, err := toc.Parse("toc.yaml", []byte(src))
		var list toc.List
		if !errors.As(err, &list) {
			t.Fatal(err)
		}
		if len(list) != 101 || list[99].Line != 102 || list[100].Error() != "toc.yaml: … and 622 more problems" {
			t.Errorf("%d problems, the 100th at line %d, the last %q; want 101, 102, %q", len(list), list[99].Line, list[100].Error(), "toc.yaml: … and 622 more problems")
		}
	})
	t.Run("LegitimateShapesPass", func(t *testing.T) {
		// Comments, block scalars, quotes holding brackets and colons, and
		// flow lists a few entries long are what people write.
		src := base + "# [[[[ {{{ a comment\n"
		if _, err := toc.Parse("toc.yaml", []byte(src)); err != nil {
			t.Errorf("a valid file with a bracketed comment: %v", err)
		}
	})
}

// BenchmarkParse_Hostile times the hostile files and the largest shapes
// the limits let through — what `impact check` costs on any input —
// against a real theory of change (Reference: tyne-valley, 270 lines).
func BenchmarkParse_Hostile(b *testing.B) {
	ref, err := os.ReadFile("../testdata/partnerships/tyne-valley/toc.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cases := append([]struct{ name, src, want string }{{"Reference", string(ref), ""}}, hostile...)
	cases = append(cases,
		struct{ name, src, want string }{"MostKeys", "partnership: x\nschools:\n" + repeat(79, "  - id: a%d\n    name: A\n"+repeat(248, "    f%d: 1\n")), ""},
		struct{ name, src, want string }{"MostFlows", "partnership: x\nschools:\n" + repeat(19, "  - {id: a%d, name: A, x: ["+strings.Repeat("1,", 989)+"1]}\n"), ""},
	)
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.src)))
			for b.Loop() {
				toc.Parse("toc.yaml", []byte(c.src))
			}
		})
	}
}
