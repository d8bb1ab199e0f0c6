package engine

import (
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
	colActivity      = "activity"
	colDate          = "date"
	colParticipant   = "participant"
	colSchool        = "school"
	colDisadvantaged = "disadvantaged"
	colMeasure       = "measure"
	colGroup         = "group"
	colPre           = "pre"
	colPost          = "post"
	colKPI           = "kpi"
	colPeriod        = "period"
	colValue         = "value"
	colNote          = "note"
)

var kindColumns = map[Kind]struct{ required, optional []string }{
	KindKPIValues:     {[]string{colKPI, colPeriod, colValue}, []string{colSchool, colNote}},
	KindParticipation: {[]string{colActivity, colDate, colParticipant}, []string{colSchool, colDisadvantaged}},
	KindOutcomes:      {[]string{colActivity, colParticipant, colMeasure, colGroup, colPost}, []string{colPre, colSchool, colDisadvantaged, colDate}},
}

// header is a file's first row read: its kind and where each column is.
type header struct {
	kind  Kind
	width int            // cells in the header row
	col   map[string]int // column name to 0-based index
}

// index returns the 0-based cell index of a column, -1 when absent.
func (h *header) index(name string) int {
	if i, ok := h.col[name]; ok {
		return i
	}
	return -1
}

// headerProblem is a bad header cell: its 1-based column and message.
type headerProblem struct {
	col int
	msg string
}

// readHeader names the columns (trimmed, any case), picks the kind and
// reports unknown, repeated and missing columns.
func readHeader(cells [][]byte) (*header, []headerProblem) {
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.ToLower(strings.TrimSpace(string(c)))
	}
	// Trailing empty header cells are what a spreadsheet leaves after a
	// deleted column; they are ignored as long as the rows leave them empty.
	for len(names) > 0 && names[len(names)-1] == "" {
		names = names[:len(names)-1]
	}
	h := &header{kind: KindParticipation, width: len(names), col: map[string]int{}}
	switch {
	case slices.Contains(names, colMeasure):
		h.kind = KindOutcomes
	case slices.Contains(names, colKPI):
		h.kind = KindKPIValues
	}
	spec := kindColumns[h.kind]
	var probs []headerProblem
	for i, n := range names {
		switch {
		case n == "":
			probs = append(probs, headerProblem{i + 1, fmt.Sprintf("expected a column name, got an empty cell (%s columns: %s)", h.kind, columnList(h.kind))})
		case !slices.Contains(spec.required, n) && !slices.Contains(spec.optional, n):
			probs = append(probs, headerProblem{i + 1, fmt.Sprintf("unknown column %q: %s columns are %s", n, h.kind, columnList(h.kind))})
		case h.index(n) >= 0:
			probs = append(probs, headerProblem{i + 1, fmt.Sprintf("column %q repeated: it is already column %d", n, h.index(n)+1)})
		default:
			h.col[n] = i
		}
	}
	for _, n := range spec.required {
		if h.index(n) < 0 {
			// Placed where the column would be added: after the last one.
			probs = append(probs, headerProblem{len(names) + 1, fmt.Sprintf("missing column %q: %s columns are %s", n, h.kind, columnList(h.kind))})
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
