package toc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error so that the command line and the web app can
// map it to an exit code and an HTTP status in one place each.
type Code string

// Error codes, after benbjohnson/wtf: every error a user can cause is EINVALID
// or one of its refinements; EINTERNAL is everything else.
const (
	EINVALID   Code = "invalid"   // bad file, value, id or reference
	ENOTFOUND  Code = "not_found" // a named thing does not exist
	ECONFLICT  Code = "conflict"  // refused re-import or overwrite
	EFORBIDDEN Code = "forbidden" // the role may not do this
	EUSAGE     Code = "usage"     // unknown command or flag, missing argument
	ENEWER     Code = "newer"     // a database written by a newer impact
	EREADONLY  Code = "read_only" // the partnership folder cannot be written
	EBUSY      Code = "busy"      // another writer held the store too long
	EINTERNAL  Code = "internal"  // I/O and everything unexpected
)

// Error is the one error type of the project: a code, an optional position
// in a file, and a message that says what was expected.
type Error struct {
	Code    Code
	File    string // file name as the user gave it; empty when not about a file
	Line    int    // 1-based line, or the spreadsheet row of a CSV; 0 if unknown
	Col     int    // 1-based column; 0 if unknown
	Message string
	Err     error // the cause, if any
	// More, when not 0, makes this the last line of a capped List: it
	// stands for that many more problems, not shown.
	More int
}

// Error formats the error as FILE:LINE:COL: message.
func (e *Error) Error() string {
	if e.More > 0 {
		if e.File != "" {
			return fmt.Sprintf("%s: … and %d more %s", e.File, e.More, plural(e.More, "problem", "problems"))
		}
		return fmt.Sprintf("… and %d more %s", e.More, plural(e.More, "problem", "problems"))
	}
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Err != nil && e.Message == "" {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a code and a formatted message; a %w verb
// keeps its error as the cause, as fmt.Errorf does.
func Errorf(code Code, format string, args ...any) *Error {
	e := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: e.Error(), Err: errors.Unwrap(e)}
}

// ErrorCode returns the code of the first *Error or List in err's chain,
// EINTERNAL when there is none.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var l List
	if errors.As(err, &l) && len(l) > 0 {
		return l[0].Code
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// List is a collection of positioned problems found in one run, so a user
// sees every mistake at once rather than one per attempt.
type List []*Error

// Error prints one problem per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by file, line and column, keeping the order of
// problems at the same place; the line saying how many more there are
// stays last.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if (a.More > 0) != (b.More > 0) {
			return b.More > 0
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Capped keeps the first n problems of a sorted list and ends it with one
// line counting the others ("… and 39,900 more problems"), so that a
// broken file cannot print a wall of text.
func (l List) Capped(n int) List {
	var shown List
	more := 0
	for _, e := range l {
		switch {
		case e.More > 0:
			more += e.More
		case len(shown) < n:
			shown = append(shown, e)
		default:
			more++
		}
	}
	if more == 0 {
		return shown
	}
	last := &Error{Code: EINVALID, More: more}
	if len(shown) > 0 {
		last.Code, last.File = shown[0].Code, shown[0].File
	}
	return append(shown, last)
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
