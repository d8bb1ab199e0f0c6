package intake

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Kind is one of the three CSV kinds of DESIGN §6.
type Kind string

// The CSV kinds; their values are what the imports table records.
const (
	KindKPIValues     Kind = "kpi values"
	KindParticipation Kind = "participation"
	KindOutcomes      Kind = "outcomes"
)

// Column names of the three kinds.
const (
	ColActivity      = "activity"
	ColDate          = "date"
	ColParticipant   = "participant"
	ColSchool        = "school"
	ColDisadvantaged = "disadvantaged"
	ColMeasure       = "measure"
	ColGroup         = "group"
	ColPre           = "pre"
	ColPost          = "post"
	ColKPI           = "kpi"
	ColPeriod        = "period"
	ColValue         = "value"
	ColNote          = "note"
)

var kindColumns = map[Kind]struct{ required, optional []string }{
	KindKPIValues:     {[]string{ColKPI, ColPeriod, ColValue}, []string{ColSchool, ColNote}},
	KindParticipation: {[]string{ColActivity, ColDate, ColParticipant}, []string{ColSchool, ColDisadvantaged}},
	KindOutcomes:      {[]string{ColActivity, ColParticipant, ColMeasure, ColGroup, ColPost}, []string{ColPre, ColSchool, ColDisadvantaged, ColDate}},
}

// Header is a file's first row read: its kind and where each column is.
type Header struct {
	Kind  Kind
	Width int            // cells in the header row
	col   map[string]int // column name to 0-based index
}

// Index returns the 0-based cell index of a column, -1 when absent.
func (h *Header) Index(name string) int {
	if i, ok := h.col[name]; ok {
		return i
	}
	return -1
}

// Name is the name of the column at a 0-based index, or "column N".
func (h *Header) Name(i int) string {
	for name, j := range h.col {
		if j == i {
			return name
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

// Problem is a bad header cell: its 1-based column and message.
type Problem struct {
	Col int
	Msg string
}

// ReadHeader names the columns (trimmed, any case), picks the kind and
// reports unknown, repeated and missing columns.
func ReadHeader(cells [][]byte) (*Header, []Problem) {
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.ToLower(strings.TrimSpace(string(c)))
	}
	// Trailing empty header cells are what a spreadsheet leaves after a
	// deleted column; they are ignored as long as the rows leave them empty.
	for len(names) > 0 && names[len(names)-1] == "" {
		names = names[:len(names)-1]
	}
	h := &Header{Kind: KindParticipation, Width: len(names), col: map[string]int{}}
	switch {
	case slices.Contains(names, ColMeasure):
		h.Kind = KindOutcomes
	case slices.Contains(names, ColKPI):
		h.Kind = KindKPIValues
	}
	spec := kindColumns[h.Kind]
	var probs []Problem
	for i, n := range names {
		switch {
		case n == "":
			probs = append(probs, Problem{i + 1, fmt.Sprintf("expected a column name, got an empty cell (%s columns: %s)", h.Kind, columnList(h.Kind))})
		case !slices.Contains(spec.required, n) && !slices.Contains(spec.optional, n):
			probs = append(probs, Problem{i + 1, fmt.Sprintf("unknown column %q: %s columns are %s", n, h.Kind, columnList(h.Kind))})
		case h.Index(n) >= 0:
			probs = append(probs, Problem{i + 1, fmt.Sprintf("column %q repeated: it is already column %d", n, h.Index(n)+1)})
		default:
			h.col[n] = i
		}
	}
	for _, n := range spec.required {
		if h.Index(n) < 0 {
			// Placed where the column would be added: after the last one.
			probs = append(probs, Problem{len(names) + 1, fmt.Sprintf("missing column %q: %s columns are %s", n, h.Kind, columnList(h.Kind))})
		}
	}
	return h, probs
}

// columnList describes a kind's columns for messages.
func columnList(k Kind) string {
	spec := kindColumns[k]
	return strings.Join(spec.required, ", ") + " (optional: " + strings.Join(spec.optional, ", ") + ")"
}

// Noun names n rows of a kind in messages: "participation rows",
// "1 outcome row" takes the singular.
func (k Kind) Noun(n int64) string {
	noun := "participation row"
	switch k {
	case KindKPIValues:
		noun = "KPI value"
	case KindOutcomes:
		noun = "outcome row"
	}
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// FirstRow returns the header: the first row that is not blank.
func FirstRow(cr *CSVReader) ([][]byte, error) {
	for {
		cells, err := cr.Next()
		if err != nil || !Blank(cells) {
			return cells, err
		}
	}
}

// Blank is a row with no text in any cell: an empty line, or a line of
// commas that a spreadsheet leaves below the data.
func Blank(cells [][]byte) bool {
	for _, c := range cells {
		if len(bytes.TrimSpace(c)) > 0 {
			return false
		}
	}
	return true
}
