package toc

import "strings"

// ImportColumns are the columns of the files impact imports (DESIGN §6,
// §11): what a header names, directly or through an alias.
var ImportColumns = []string{
	"activity", "date", "participant", "school", "disadvantaged", "measure", "group", "pre", "post",
	"kpi", "period", "value", "note", "year_group", "sex", "sen", "eal", "looked_after", "mark",
}

// Imports is how a partnership's own files name their columns, beyond the
// names school systems use (imports: in toc.yaml).
type Imports struct {
	// Columns maps a header, normalised by NormalHeader, to one of
	// ImportColumns.
	Columns map[string]string
	// Ignore lists headers, normalised, of columns to leave unread.
	Ignore []string
}

// NormalHeader is a header as it is matched (DESIGN §11): trimmed, in
// lower case, with spaces, underscores and hyphens alike ("NC Year
// Actual", "nc_year_actual" and "nc-year-actual" are one).
func NormalHeader(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '\t' })
	return strings.Join(f, " ")
}
