package intake_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/intake"
)

// TestCSVReader_Delimiters: the delimiter is found from the header row,
// and quoted cells work with each — an empty cell and a tab beside a quote
// included.
func TestCSVReader_Delimiters(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // each row's cells joined by |
	}{
		{"Commas", "a,b,c\n1,\"2,5\",3\n", []string{"a|b|c", "1|2,5|3"}},
		{"Semicolons", "a;b;c\n1;\"2;5\";3,5\n", []string{"a|b|c", "1|2;5|3,5"}},
		{"Tabs", "a\tb\tc\n1\t\"1,020\"\t3\n", []string{"a|b|c", "1|1,020|3"}},
		{"TabsQuotedFirstAndEmpty", "a\tb\tc\n\"x\"\t\t\"z\"\n", []string{"a|b|c", "x||z"}},
		{"SpacesAroundQuotes", "a,b\n \"x\" , \"y\"\n", []string{"a|b", "x|y"}},
		{"CRLF", "a;b\r\n1;2\r\n", []string{"a|b", "1|2"}},
		{"MostFrequentWins", "a;b;c,d\n1;2;3,4\n", []string{"a|b|c,d", "1|2|3,4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := intake.NewCSVReader(strings.NewReader(c.src))
			var got []string
			for {
				cells, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				parts := make([]string, len(cells))
				for i, cell := range cells {
					parts[i] = string(cell)
				}
				got = append(got, strings.Join(parts, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("rows %q, want %q", got, c.want)
			}
		})
	}
}
