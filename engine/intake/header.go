package intake

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// Kind is one of the kinds of file of DESIGN §6 and §11.
type Kind string

// The kinds; their values are what the imports table records.
const (
	KindKPIValues     Kind = "kpi values"
	KindParticipation Kind = "participation"
	KindOutcomes      Kind = "outcomes"
	KindPupils        Kind = "pupils"
)

// Column names.
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
	ColYearGroup     = "year_group"
	ColSex           = "sex"
	ColSEN           = "sen"
	ColEAL           = "eal"
	ColLookedAfter   = "looked_after"
	ColMark          = "mark"
)

// characteristics are the pupils' columns any file of pupils may carry.
var characteristics = []string{ColYearGroup, ColSex, ColSEN, ColEAL, ColLookedAfter}

var kindColumns = map[Kind]struct{ required, optional []string }{
	KindKPIValues:     {[]string{ColKPI, ColPeriod, ColValue}, []string{ColSchool, ColNote}},
	KindParticipation: {[]string{ColActivity, ColDate, ColParticipant}, append([]string{ColSchool, ColDisadvantaged, ColMark}, characteristics...)},
	KindOutcomes:      {[]string{ColActivity, ColParticipant, ColMeasure, ColGroup, ColPost}, append([]string{ColPre, ColSchool, ColDisadvantaged, ColDate}, characteristics...)},
	KindPupils:        {[]string{ColParticipant}, append([]string{ColSchool, ColDisadvantaged, ColPeriod}, characteristics...)},
}

// aliases are the headers school systems write for each column, each list
// in order of preference (DESIGN §11), normalised by toc.NormalHeader.
var aliases = map[string][]string{
	ColParticipant:   {"participant", "upn", "pupil id", "student id", "adno", "admission number", "candidate number"},
	ColDate:          {"date", "session date", "attendance date"},
	ColSchool:        {"school", "school name", "urn", "school urn", "laestab", "dfe number"},
	ColDisadvantaged: {"pupil premium", "pp", "pp eligible", "pupil premium indicator", "fsm", "fsm eligible", "ever 6 fsm", "disadvantaged"},
	ColYearGroup:     {"year group", "year", "nc year", "nc year actual"},
	ColSex:           {"sex", "gender"},
	ColSEN:           {"sen", "sen status", "sen provision", "send"},
	ColEAL:           {"eal", "first language"},
	ColLookedAfter:   {"looked after", "cla", "lac", "in care"},
	ColMark:          {"mark", "attendance mark", "raw mark"},
}

// ignored are columns school systems add that impact does not use.
var ignored = []string{"reg group", "registration group", "form", "tutor group", "class", "house", "admission date", "enrolment status", "ethnicity"}

// personal are the words of a header that names personal data: such a
// column is dropped before anything reads it (DESIGN §11).
var personal = []string{"surname", "forename", "first name", "last name", "middle name", "preferred name", "name", "dob", "birth",
	"address", "postcode", "email", "phone", "mobile", "parent", "carer"}

// Mapping is a header read as a column.
type Mapping struct {
	Header string // as written
	Column string
}

// Header is a file's first row read: its kind, where each column is, and
// what was made of every header.
type Header struct {
	Kind  Kind
	Width int            // cells in the header row
	col   map[string]int // column name to 0-based index
	// FirstLanguage: the eal column is a First Language column, read as
	// English (no) or another language (yes).
	FirstLanguage bool
	Mapped        []Mapping
	Ignored       []string // headers left unread: known MIS columns, imports.ignore, lesser aliases
	Dropped       []string // headers of personal data, dropped unread
	Filled        []string // columns given for the whole file (--activity, --date)
}

// Index returns the 0-based cell index of a column, -1 when absent.
func (h *Header) Index(name string) int {
	if i, ok := h.col[name]; ok {
		return i
	}
	return -1
}

// Has reports whether the file has a column, in a cell or filled.
func (h *Header) Has(name string) bool { return h.Index(name) >= 0 || slices.Contains(h.Filled, name) }

// Name is the header of the column at a 0-based index, as written, or
// "column N".
func (h *Header) Name(i int) string {
	for _, m := range h.Mapped {
		if j, ok := h.col[m.Column]; ok && j == i {
			return m.Column
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

// Problem is a bad header cell: its 1-based column and message.
type Problem struct {
	Col int
	Msg string
}

// Fill names the columns a command gives for a whole file: --activity and
// --date for a register exported from the MIS.
type Fill struct {
	Activity, Date bool
}

// ReadHeader reads the header row (DESIGN §11): each header is matched,
// normalised, against the partnership's own columns (imports.columns),
// then the aliases of school systems; what is left is personal (dropped
// unread), ignored, or an error. The kind follows from the columns:
// measure is outcomes, kpi is KPI values, activity (or --activity) is
// participation, else participant is a pupils file.
func ReadHeader(cells [][]byte, own toc.Imports, fill Fill) (*Header, []Problem) {
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.TrimSpace(string(c))
	}
	// Trailing empty header cells are what a spreadsheet leaves after a
	// deleted column; they are ignored as long as the rows leave them empty.
	for len(names) > 0 && names[len(names)-1] == "" {
		names = names[:len(names)-1]
	}
	h := &Header{Width: len(names), col: map[string]int{}}
	var probs []Problem
	rank := map[string]int{} // column → preference of the alias that won
	for i, name := range names {
		norm := toc.NormalHeader(name)
		col, pref := matchColumn(norm, own)
		switch {
		case norm == "":
			probs = append(probs, Problem{i + 1, "expected a column name, got an empty cell"})
		case col != "":
			if j, taken := h.col[col]; taken {
				switch {
				case pref == rank[col]:
					probs = append(probs, Problem{i + 1, fmt.Sprintf("column %q repeated: it is already column %d", norm, j+1)})
				case pref < rank[col]: // this alias comes first in the list: it wins
					h.Ignored = append(h.Ignored, names[j])
					h.col[col], rank[col] = i, pref
					h.replace(col, name)
				default:
					h.Ignored = append(h.Ignored, name)
				}
				continue
			}
			h.col[col], rank[col] = i, pref
			h.Mapped = append(h.Mapped, Mapping{Header: name, Column: col})
			if col == ColEAL && norm == "first language" {
				h.FirstLanguage = true
			}
		case isPersonal(norm):
			h.Dropped = append(h.Dropped, name)
		case slices.Contains(ignored, norm) || slices.Contains(own.Ignore, norm):
			h.Ignored = append(h.Ignored, name)
		default:
			probs = append(probs, Problem{i + 1, fmt.Sprintf("unknown column %q", name)})
		}
	}
	if fill.Activity {
		h.Filled = append(h.Filled, ColActivity)
	}
	if fill.Date {
		h.Filled = append(h.Filled, ColDate)
	}
	h.Kind = h.kind()
	spec := kindColumns[h.Kind]
	for i, p := range probs {
		switch {
		case strings.HasPrefix(p.Msg, "unknown column"):
			probs[i].Msg += fmt.Sprintf(": %s columns are %s", h.Kind, columnList(h.Kind))
		case strings.HasPrefix(p.Msg, "expected a column name"):
			probs[i].Msg += fmt.Sprintf(" (%s columns: %s)", h.Kind, columnList(h.Kind))
		}
	}
	for _, m := range h.Mapped {
		if !slices.Contains(spec.required, m.Column) && !slices.Contains(spec.optional, m.Column) {
			probs = append(probs, Problem{h.col[m.Column] + 1, fmt.Sprintf("column %q (read as %s) does not belong in a %s file: %s columns are %s",
				m.Header, m.Column, h.Kind, h.Kind, columnList(h.Kind))})
		}
	}
	for _, n := range spec.required {
		if !h.Has(n) {
			// Placed where the column would be added: after the last one.
			probs = append(probs, Problem{len(names) + 1, fmt.Sprintf("missing column %q: %s columns are %s", n, h.Kind, columnList(h.Kind))})
		}
	}
	slices.SortStableFunc(probs, func(a, b Problem) int { return a.Col - b.Col })
	return h, probs
}

// kind is the kind of file its columns make.
func (h *Header) kind() Kind {
	switch {
	case h.Has(ColMeasure):
		return KindOutcomes
	case h.Has(ColKPI):
		return KindKPIValues
	case h.Has(ColActivity):
		return KindParticipation
	case h.Has(ColParticipant):
		return KindPupils
	}
	return KindParticipation
}

// replace records that a column is now read from another header.
func (h *Header) replace(col, header string) {
	for i := range h.Mapped {
		if h.Mapped[i].Column == col {
			h.Mapped[i].Header = header
		}
	}
}

// matchColumn finds the column a normalised header names and the rank of
// its alias in that column's list (the partnership's own come first).
func matchColumn(norm string, own toc.Imports) (string, int) {
	if col, ok := own.Columns[norm]; ok {
		return col, -1
	}
	if slices.Contains(toc.ImportColumns, strings.ReplaceAll(norm, " ", "_")) {
		col := strings.ReplaceAll(norm, " ", "_")
		if list, ok := aliases[col]; ok {
			return col, slices.Index(list, norm)
		}
		return col, 0
	}
	for col, list := range aliases {
		if i := slices.Index(list, norm); i >= 0 {
			return col, i
		}
	}
	return "", 0
}

// isPersonal reports a header that names personal data.
func isPersonal(norm string) bool {
	for _, w := range personal {
		if strings.Contains(norm, w) {
			return true
		}
	}
	return false
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
	case KindPupils:
		noun = "pupil row"
	}
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// FirstRow returns the header: the first row that is not blank.
func FirstRow(rows Rows) ([][]byte, error) {
	for {
		cells, err := rows.Next()
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

// ParticipantColumn finds the participant column of a header row as
// ReadHeader would, by the partnership's own columns and then the aliases
// of school systems: its 0-based cell, or -1 when no header names it.
func ParticipantColumn(cells [][]byte, own toc.Imports) int {
	best, bestRank := -1, 0
	for i, c := range cells {
		col, rank := matchColumn(toc.NormalHeader(strings.TrimSpace(string(c))), own)
		if col == ColParticipant && (best < 0 || rank < bestRank) {
			best, bestRank = i, rank
		}
	}
	return best
}
