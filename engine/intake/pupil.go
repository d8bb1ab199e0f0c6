package intake

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// Values of pupils' characteristics as school systems export them (DESIGN
// §11). Each parser takes a trimmed cell; an empty one is unknown.

// ParseFlag reads a yes-or-no cell — Pupil Premium, FSM, EAL, looked after:
// true/false, yes/no, y/n, 1/0, ✓/✗ or Eligible/Not eligible, in any case;
// empty is unknown.
func ParseFlag(b []byte) (toc.Flag, string) {
	switch strings.ToLower(string(b)) {
	case "":
		return toc.FlagUnknown, ""
	case "true", "yes", "y", "1", "✓", "✔", "eligible":
		return toc.FlagYes, ""
	case "false", "no", "n", "0", "✗", "✘", "not eligible", "ineligible":
		return toc.FlagNo, ""
	}
	return toc.FlagUnknown, fmt.Sprintf("expected yes or no (true/false, y/n, 1/0, ✓/✗, Eligible/Not eligible) or an empty cell, got %q", b)
}

// ParseYearGroup reads N1, N2, R (Reception) or 1 to 13, bare or written
// Y7, Yr 7, Year 7.
func ParseYearGroup(b []byte) (toc.YearGroup, string) {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	for _, p := range []string{"year", "yr", "y"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && (rest[0] == ' ' || rest[0] >= '0' && rest[0] <= '9') {
			s = strings.TrimSpace(rest)
			break
		}
	}
	switch s {
	case "":
		return toc.YearUnknown, ""
	case "n1", "nursery 1":
		return toc.YearN1, ""
	case "n2", "nursery 2", "nursery":
		return toc.YearN2, ""
	case "r", "rec", "reception":
		return toc.YearR, ""
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 13 {
		return toc.YearOf(n), ""
	}
	return toc.YearUnknown, fmt.Sprintf("expected a year group N1, N2, R or 1 to 13 (Y7, Year 7), got %q", b)
}

// ParseSex reads F, Female, Girl; M, Male, Boy; X, Other.
func ParseSex(b []byte) (toc.Sex, string) {
	switch strings.ToLower(string(b)) {
	case "":
		return toc.SexUnknown, ""
	case "f", "female", "girl":
		return toc.SexFemale, ""
	case "m", "male", "boy":
		return toc.SexMale, ""
	case "x", "other":
		return toc.SexOther, ""
	}
	return toc.SexUnknown, fmt.Sprintf("expected F/Female/Girl, M/Male/Boy or X/Other, got %q", b)
}

// ParseSEN reads the census codes E (EHC plan), K (SEN support) and N (no
// special educational need), or their words.
func ParseSEN(b []byte) (toc.SEN, string) {
	switch strings.ToLower(strings.Join(strings.Fields(string(b)), " ")) {
	case "":
		return toc.SENUnknown, ""
	case "e", "ehc plan", "ehcp", "ehc", "education, health and care plan", "education health and care plan", "statement":
		return toc.SENEHCP, ""
	case "k", "sen support", "sen-support", "support", "school support":
		return toc.SENSupport, ""
	case "n", "none", "no sen", "no special educational need", "no":
		return toc.SENNone, ""
	}
	return toc.SENUnknown, fmt.Sprintf("expected a SEN code E (EHC plan), K (SEN support) or N (none), got %q", b)
}

// ParseFirstLanguage reads a First Language column as English as an
// additional language: English is no, any other language yes, and "Not
// known", "Information not obtained" or empty unknown.
func ParseFirstLanguage(b []byte) toc.Flag {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	switch {
	case s == "" || s == "not known" || s == "unknown" || s == "information not obtained" || s == "refused" || s == "not obtained":
		return toc.FlagUnknown
	case s == "eng" || s == "english" || strings.HasPrefix(s, "english ") || strings.HasPrefix(s, "english("):
		return toc.FlagNo
	}
	return toc.FlagYes
}

// Attendance is what a register mark says of a session.
type Attendance int8

// Attendances.
const (
	NoSession Attendance = iota // X, Y, Z, # or empty: not a possible session; skipped
	Attended                    // /, \, L, or an approved educational activity
	Absent                      // every other code: counts only towards attendance_rate
)

// ParseMark reads a DfE register code: / and \ (present am, pm), L (late)
// and the approved educational activities B, D, J, K, P, V, W attend; X,
// Y, Z, # and an empty mark are not possible sessions; any other code is
// an absence.
func ParseMark(b []byte) (Attendance, string) {
	if len(b) == 0 {
		return NoSession, ""
	}
	if len(b) != 1 {
		return NoSession, fmt.Sprintf("expected a register mark of one character (/, \\, L, N, …), got %q", b)
	}
	switch c := b[0]; {
	case c == '/' || c == '\\' || c == 'L' || c == 'l' || strings.IndexByte("BDJKPVWbdjkpvw", c) >= 0:
		return Attended, ""
	case c == 'X' || c == 'Y' || c == 'Z' || c == 'x' || c == 'y' || c == 'z' || c == '#':
		return NoSession, ""
	case c > ' ' && c < 0x7f:
		return Absent, ""
	}
	return NoSession, fmt.Sprintf("expected a register mark such as /, \\, L or N, got %q", b)
}
